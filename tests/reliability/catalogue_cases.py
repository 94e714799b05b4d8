"""The catalogue of bad files and environments: what each must give (run by test_catalogue.py).

Each :class:`Case` names the file and line the error must point to, HALCON's code, a regex
for the message and the exit code: 2 (usage; a program file that cannot be read), 65 (does
not parse or resolve), 70 (runtime error). ``{d}`` in a program or argument stands for the
case's data directory, which the builders of ``reliability_helpers`` fill.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Case:
    """One bad input and the error it must give.

    Attributes:
        id: the test id.
        program: program text; ``{d}`` stands for the data directory.
        exit: the exit code.
        code: HALCON's error code (None for errors found before running).
        line: the line the error points to (None: no position, e.g. a missing file).
        message: a regex the first line of standard error must match.
        name: the program's file name in the data directory.
        needs: data builders (``images``, ``files``, ``procs``, ``models``).
        args: extra ``hdlite run`` arguments (``{d}`` is replaced).
        where: the file the error points to, relative to the data directory, if not the
            program.
        mode: ``in`` (in this process), ``both`` (also a real process) or ``sub`` (only a
            real process).
        unprivileged: run without root's power to read and write any file (the process
            drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH when the tests run as root).
        tmpfs: a subdirectory that gets a tiny tmpfs (a full disk).
        memory_limit: an address-space limit in bytes for the process.
        max_lines: the most lines standard error may have (0: any number).
        xfail: why this case fails today (a strict xfail).
        setup: extra preparation of the data directory.
    """

    id: str
    program: str
    exit: int
    code: int | None
    line: int | None
    message: str
    name: str = "prog.hdtxt"
    needs: tuple[str, ...] = ()
    args: tuple[str, ...] = ()
    where: str = ""
    mode: str = "in"
    unprivileged: bool = False
    tmpfs: str = ""
    memory_limit: int = 0
    max_lines: int = 0
    xfail: str = ""
    setup: Callable[[Path], object] | None = field(default=None, compare=False)


def xml(body: list[str], procedures: str = "") -> str:
    """An .hdev file whose main has ``body`` as its lines; body line k is file line 5+k."""
    lines = "".join(f"<l>{line}</l>\n" for line in body)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<hdevelop file_version="1.2" halcon_version="24.11.1.0">\n'
        '<procedure name="main">\n<interface/>\n<body>\n'
        f"{lines}</body>\n"
        '<docu id="main"><parameters/></docu>\n</procedure>\n'
        f"{procedures}</hdevelop>\n"
    )


def proc_xml(name: str, interface: str = "", body: tuple[str, ...] = ()) -> str:
    """A local procedure (its first line follows main's ``</procedure>``, line 9 + len(body))."""
    lines = "".join(f"<l>{line}</l>\n" for line in body)
    return (
        f'<procedure name="{name}">\n<interface>\n{interface}\n</interface>\n'
        f"<body>\n{lines}</body>\n</procedure>\n"
    )


PAR_A = '<ic><par name="A" base_type="ctrl" dimension="0"/></ic>'
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE hdevelop [\n<!ENTITY l0 "lol">\n'
    + "".join(f'<!ENTITY l{k} "{f"&l{k - 1};" * 10}">\n' for k in range(1, 10))
    + ']>\n<hdevelop>\n<procedure name="main">\n<interface/>\n<body>\n'
    "<l>X := '&l9;'</l>\n</body>\n</procedure>\n</hdevelop>\n"
)
#: classifier set-up of the network cases: 5 lines
DL = """\
read_dl_classifier ('pretrained_dl_classifier_compact.hdl', Classifier)
set_dl_classifier_param (Classifier, 'classes', ['a', 'b'])
set_dl_classifier_param (Classifier, 'image_dimensions', [32, 32, 3])
set_dl_classifier_param (Classifier, 'runtime', 'cpu')
set_dl_classifier_param (Classifier, 'batch_size', 1)
"""


def dl(image: str, rest: str) -> str:
    """Set-up, one image file preprocessed as HALCON's procedure does, ``rest`` at line 9."""
    return (
        DL
        + f"read_image (Image, '{{d}}/{image}')\n"
        + "convert_image_type (Image, Real, 'real')\n"
        + "scale_image (Real, Preprocessed, 1, -127)\n"
        + rest
    )


APPLY = "apply_dl_classifier (Preprocessed, Classifier, Result)\n"
BIG_IMAGE = "gen_image_const (Image, 'byte', 600, 600)\n"
PROCS = ("--procedure-path", "{d}/procs")


def full_device(d: Path) -> None:
    """A character device like /dev/full (writes fail with ENOSPC) at ``d/full``."""
    os.mknod(d / "full", stat.S_IFCHR | 0o666, os.makedev(1, 7))


def read_only_dir(d: Path) -> None:
    """A directory ``d/readonly`` that cannot be written into."""
    (d / "readonly").mkdir()
    (d / "readonly").chmod(0o555)


def make_dir_in_place_of_program(d: Path) -> None:
    """Replace the program file by a directory of the same name."""
    (d / "folder.hdtxt").unlink()
    (d / "folder.hdtxt").mkdir()


C = Case
# fmt: off
CASES = [
    # -- malformed .hdev XML ---------------------------------------------------------------
    C("xml-runtime-error-line", xml(["X := 1", "Y := X[3]"]), 70, 1302, 7,
      r"in tuple_select: .*index 3 out of range", name="p.hdev", mode="both"),
    C("xml-mismatched-tag", '<?xml version="1.0"?>\n<hdevelop>\n<procedure name="main">\n'
      "<body>\n<l>X := 1</body>\n", 65, None, 5, "malformed XML: mismatched tag", name="p.hdev",
      mode="both"),
    C("xml-wrong-root", '<?xml version="1.0"?>\n<program>\n</program>\n', 65, None, 2,
      "not an HDevelop file: root element is <program>, expected <hdevelop>", name="p.hdev"),
    C("xml-empty-file", "", 65, None, 1,
      r"is not an HDevelop XML file \(it does not start with '<'\)", name="p.hdev"),
    C("xml-declaration-only", '<?xml version="1.0" encoding="UTF-8"?>\n', 65, None, 2,
      "malformed XML: no element found", name="p.hdev"),
    C("xml-procedure-without-name", '<?xml version="1.0"?>\n<hdevelop>\n<procedure>\n'
      "<body><l>X := 1</l></body>\n</procedure>\n</hdevelop>\n", 65, None, 3,
      "<procedure> without a name attribute", name="p.hdev"),
    C("xml-no-main", '<?xml version="1.0"?>\n<hdevelop>\n<procedure name="other">\n'
      "<interface/>\n<body><l>X := 1</l></body>\n</procedure>\n</hdevelop>\n", 65, None, 1,
      r"has no procedure 'main' \(procedures: other\)", name="p.hdev"),
    C("xml-syntax-error-in-line", xml(["X := 1 +"]), 65, None, 6,
      r"missing expression \(unexpected end of line\)", name="p.hdev"),
    C("xml-undefined-entity", xml(["X := &unknown;"]), 65, None, 6,
      "malformed XML: undefined entity", name="p.hdev"),
    C("xml-entity-expansion-bomb", LAUGHS, 65, None, 18,
      "malformed XML: limit on input amplification factor .* breached", name="p.hdev",
      mode="both"),
    C("xml-bad-parameter-dimension",
      xml(["p (1)"], proc_xml("p", PAR_A.replace('"0"', '"x"'))), 65, None, 12,
      "parameter A: dimension must be an integer", name="p.hdev"),
    C("xml-parameter-without-name",
      xml(["p (1)"], proc_xml("p", PAR_A.replace('name="A" ', ""))), 65, None, 12,
      "interface <par> without a name attribute", name="p.hdev"),
    C("xml-procedure-defined-twice", xml(["p (1)"], proc_xml("p") + proc_xml("p")), 65, None,
      17, "procedure p is defined twice", name="p.hdev"),
    C("xml-if-without-endif", xml(["if (1)", "X := 1"]), 65, None, 6,
      "'if' has no matching 'endif'", name="p.hdev"),
    C("xml-local-procedure-argument-count", xml(["p (1, 2)"], proc_xml("p", PAR_A)), 65,
      None, 6, r"p takes 1 arguments \(A\), got 2", name="p.hdev"),
    # -- plain-text programs that cannot be read or do not parse ---------------------------
    C("program-endproc-without-proc", "X := 1\nendproc\n", 65, None, 2,
      "'endproc' without 'proc'"),
    C("program-procedure-defined-twice",
      "proc p (tuple A)\nendproc\nproc p (tuple A)\nendproc\np (1)\n", 65, None, 3,
      "procedure p is defined twice"),
    C("program-missing", "", 2, None, None, "file not found", name="missing.hdtxt",
      mode="both", setup=lambda d: (d / "missing.hdtxt").unlink()),
    C("program-is-a-directory", "", 2, None, None, "is a directory, not a program file",
      name="folder.hdtxt", setup=make_dir_in_place_of_program),
    C("program-binary", "X := 1\x00\x01\n", 2, None, None, "is a binary file, not a program"),
    C("program-not-utf8", "", 2, None, None, r"is not UTF-8 text \(byte 5\)",
      setup=lambda d: (d / "prog.hdtxt").write_bytes(b"X := \xff\xfe\n")),
    C("program-unreadable", "X := 1\n", 2, None, None, "cannot read .*: Permission denied",
      mode="sub", unprivileged=True, setup=lambda d: (d / "prog.hdtxt").chmod(0)),
    # -- procedures on the procedure path --------------------------------------------------
    C("procedure-file-syntax-error", "X := 1\nbroken (X)\n", 65, None, 8,
      r"missing expression \(unexpected end of line\)", needs=("procs",), args=PROCS,
      where="procs/broken.hdvp", mode="both"),
    C("procedure-file-runtime-error", "X := 1\nfailing (X)\n", 70, 1302, 8,
      "in tuple_div: .*division by zero", needs=("procs",), args=PROCS,
      where="procs/failing.hdvp"),
    C("procedure-not-on-path", "X := 1\nfailing (X)\n", 65, None, 2,
      "unknown operator or procedure 'failing'", needs=("procs",)),
    C("procedure-argument-count", "X := 1\nfailing (X, X)\n", 65, None, 2,
      r"failing takes 1 arguments \(A\), got 2", needs=("procs",), args=PROCS),
    C("procedure-file-malformed-xml", "X := 1\nmalformed (X)\n", 65, None, 8,
      "malformed XML: mismatched tag", needs=("procs",), args=PROCS,
      where="procs/malformed.hdvp"),
    # -- image files -----------------------------------------------------------------------
    C("image-missing", "read_image (Image, '{d}/nothing.png')\n", 70, 5200, 1,
      "File not found: '.*nothing.png'", needs=("images",), mode="both"),
    C("image-unreadable", "read_image (Image, '{d}/locked.png')\n", 70, 5198, 1,
      "insufficient rights", needs=("images",), mode="sub", unprivileged=True),
    C("image-truncated", "read_image (Image, '{d}/truncated.png')\n", 70, 5502, 1,
      "Premature end of the image file: .*truncated", needs=("images",), mode="both"),
    C("image-garbled-header", "read_image (Image, '{d}/garbled.png')\n", 70, 5506, 1,
      "not an image file of a known format", needs=("images",)),
    C("image-damaged-data", "read_image (Image, '{d}/damaged.png')\n", 70, 5203, 1,
      "broken data stream", needs=("images",)),
    C("image-text-file", "read_image (Image, '{d}/notimage.png')\n", 70, 5506, 1,
      "not an image file of a known format", needs=("images",)),
    C("image-empty-file", "read_image (Image, '{d}/empty.png')\n", 70, 5506, 1,
      "not an image file of a known format", needs=("images",)),
    C("image-decompression-bomb", "read_image (Image, '{d}/bomb.png')\n", 70, 6001, 1,
      "exceeds limit", needs=("images",)),
    C("image-empty-data-set",
      "list_files ('{d}/emptydir', 'files', Files)\nread_image (Images, Files)\n", 70, 1401, 2,
      "FileName got 0 values", needs=("images",)),
    # -- images from files that do not fit the network -------------------------------------
    C("network-image-width", dl("w24h32.png", APPLY), 70, 2106, 9,
      "24 pixels wide; the network needs 32", needs=("images",), mode="both"),
    C("network-image-height", dl("w32h24.png", APPLY), 70, 2107, 9,
      "24 pixels high; the network needs 32", needs=("images",)),
    C("network-image-channels", dl("gray32.png", APPLY), 70, 3122, 9,
      "1 channels; the network needs 3", needs=("images",)),
    C("network-image-type", DL + "read_image (Image, '{d}/rgb32.png')\n"
      "apply_dl_classifier (Image, Classifier, Result)\n", 70, 9001, 7, "image 1 is byte",
      needs=("images",)),
    C("network-unknown-class-label",
      dl("rgb32.png", "train_dl_classifier_batch (Preprocessed, Classifier, 'cat', Train)\n"),
      70, 7714, 9, "label 'cat' is not one of the classes", needs=("images",), mode="both"),
    C("network-label-index",
      dl("rgb32.png", "train_dl_classifier_batch (Preprocessed, Classifier, 2, Train)\n"),
      70, 7793, 9, r"label index 2 is outside 0\.\.1", needs=("images",)),
    C("network-gpu-without-cuda", DL + "set_dl_classifier_param (Classifier, 'runtime', 'gpu')\n",
      70, 7709, 6, "needs CUDA"),
    # -- classifier (.hdl) files -----------------------------------------------------------
    C("hdl-truncated", "read_dl_classifier ('{d}/truncated.hdl', C)\n", 70, 7780, 1,
      "checksum mismatch", needs=("models",), mode="both"),
    C("hdl-one-bit-flipped", "read_dl_classifier ('{d}/flipped.hdl', C)\n", 70, 7780, 1,
      "checksum mismatch", needs=("models",)),
    C("hdl-newer-version", "read_dl_classifier ('{d}/newer.hdl', C)\n", 70, 7782, 1,
      "format version 99; supported: 1", needs=("models",)),
    C("hdl-foreign-file", "read_dl_classifier ('{d}/foreign.hdl', C)\n", 70, 5238, 1,
      "is not an hdlite deep-learning classifier file", needs=("models",)),
    C("hdl-empty-file", "read_dl_classifier ('{d}/empty.hdl', C)\n", 70, 5238, 1,
      "is not an hdlite deep-learning classifier file", needs=("models",)),
    C("hdl-pickle", "read_dl_classifier ('{d}/pickle.hdl', C)\n", 70, 5238, 1,
      "is not an hdlite deep-learning classifier file", needs=("models",), mode="both"),
    C("hdl-missing", "read_dl_classifier ('{d}/nothing.hdl', C)\n", 70, 5200, 1,
      "File not found", needs=("models",)),
    C("hdl-directory", "read_dl_classifier ('{d}/model_dir.hdl', C)\n", 70, 5215, 1,
      "Is a directory", needs=("models",)),
    C("hdl-unwritable-directory", "read_dl_classifier ('{d}/good.hdl', C)\n"
      "write_dl_classifier (C, '{d}/readonly/m.hdl')\n", 70, 7781, 2, "Permission denied",
      needs=("models",), mode="sub", unprivileged=True, setup=read_only_dir),
    C("hdl-disk-full", "read_dl_classifier ('{d}/good.hdl', C)\n"
      "write_dl_classifier (C, '{d}/small/m.hdl')\n", 70, 7781, 2, "No space left on device",
      needs=("models",), mode="sub", tmpfs="small"),
    # -- tuple, dictionary and object files ------------------------------------------------
    C("tuple-file-short", "read_tuple ('{d}/junk.tup', T)\n", 70, 5757, 1,
      "wrong number of elements", needs=("files",)),
    C("tuple-file-integer-overflow", "read_tuple ('{d}/bigint.tup', T)\n", 70, 5757, 1,
      "out of range", needs=("files",)),
    C("tuple-file-newer-version", "read_tuple ('{d}/newer.tup', T)\n", 70, 5756, 1,
      "tuple file version 7", needs=("files",)),
    C("tuple-file-foreign", "read_tuple ('{d}/image.png', T)\n", 70, 5757, 1,
      "codec can't decode", needs=("files",)),
    C("dict-file-not-a-zip", "read_dict ('{d}/junk.hdict', [], [], D)\n", 70, 5238, 1,
      "File is not a zip file", needs=("files",)),
    C("dict-file-bad-json", "read_dict ('{d}/bad.json', [], [], D)\n", 70, 5238, 1,
      "Expecting ',' delimiter", needs=("files",)),
    C("dict-file-without-manifest", "read_dict ('{d}/nomanifest.hdict', [], [], D)\n", 70,
      5238, 1, "manifest", needs=("files",)),
    C("object-file-numpy-array", "read_object (O, '{d}/array.hobj')\n", 70, 5238, 1,
      "not an hdlite object file", needs=("files",)),
    C("object-file-not-a-zip", "read_object (O, '{d}/junk.hobj')\n", 70, 5238, 1,
      "not an hdlite object file", needs=("files",)),
    C("object-file-foreign", "read_object (O, '{d}/image.png')\n", 70, 5238, 1,
      "not an hdlite object file", needs=("files",)),
    # -- output that cannot be written -----------------------------------------------------
    C("output-directory-missing", BIG_IMAGE + "write_image (Image, 'png', 0, '{d}/no/x.png')\n",
      70, 5215, 2, "No such file or directory", mode="both"),
    C("output-parent-is-a-file", "create_dict (D)\nwrite_tuple (1, '{d}/afile')\n"
      "write_dict (D, '{d}/afile/x.hdict', [], [])\n", 70, 5215, 3, "Not a directory"),
    C("output-target-is-a-directory", "write_tuple ([1], '{d}')\n", 70, 5215, 1,
      "Is a directory"),
    C("output-directory-read-only", BIG_IMAGE + "write_object (Image, '{d}/readonly/x')\n", 70,
      5198, 2, "insufficient rights: .*readonly/x.hobj", mode="sub", unprivileged=True,
      setup=read_only_dir),
    C("output-open-file-missing-directory", "open_file ('{d}/no/x.txt', 'output', File)\n", 70,
      5215, 1, "no/x.txt"),
    C("output-window-dump-missing-directory", "dev_open_window (0, 0, 64, 64, 'black', W)\n"
      "dump_window (W, 'png', '{d}/no/w')\n", 70, 5215, 2, "No such file or directory"),
    C("output-disk-full-image",
      BIG_IMAGE + "write_image (Image, 'png 0', 0, '{d}/small/x.png')\n", 70, 5212, 2,
      "No space left on device", mode="sub", tmpfs="small"),
    C("output-disk-full-tuple", "write_tuple ([1,2,3], '{d}/small/keep.tup')\n"
      "T := gen_tuple_const(100000, 'abcdefgh')\nwrite_tuple (T, '{d}/small/keep.tup')\n", 70,
      5212, 3, "No space left on device", mode="sub", tmpfs="small"),
    C("output-full-device", "write_tuple ([1,2,3], '{d}/full')\n", 70, 5212, 1,
      "No space left on device", setup=full_device),
    C("dump-vars-directory-missing", "X := 1\n", 2, None, None, "^hdlite: .*no/vars\\.json",
      args=("--dump-vars", "{d}/no/vars.json")),
    C("display-dir-is-a-file", "dev_open_window (0, 0, 64, 64, 'black', W)\nstop ()\n", 70,
      5212, 2, "saving windows to", args=("--display-dir", "{d}/prog.hdtxt"),
      xfail="an error raised at stop () has no position and the failure is reported twice "
      "(hdlite/interpreter.py _Stop)"),
    # -- limits ----------------------------------------------------------------------------
    C("deep-recursion", "proc r (tuple N)\n    r (N + 1)\nendproc\nr (0)\n", 70, 21011, 2,
      "more than 1000 nested procedure calls", mode="both", max_lines=12),
    C("memory-range-expression", "X := [1:10000000000]\n", 70, 6001, 1, "Not enough memory",
      mode="sub", memory_limit=3 << 30),
    C("memory-operator", "tuple_gen_const (10000000000, 0, T)\n", 70, 6001, 1,
      "Not enough memory", mode="sub", memory_limit=3 << 30),
    C("break-outside-loop", "X := 1\nbreak\n", 65, None, 2, "outside a loop"),
    C("parse-error-shows-lark-tokens", "X := 2 ** 3\n", 65, None, 1,
      r"^(?!.*Token\().*unexpected '\*"),
    C("mutual-recursion-stack", "proc ping (tuple N)\n    pong (N)\nendproc\n"
      "proc pong (tuple N)\n    ping (N)\nendproc\nping (0)\n", 70, 21011, 2,
      "more than 1000 nested procedure calls", max_lines=20),
]
# fmt: on
assert len({case.id for case in CASES}) == len(CASES)
