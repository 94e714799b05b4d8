"""Writing onto a full disk, into a FIFO and through a symbolic link.

The full disk is an 11 MB tmpfs in a private mount namespace (root and ``unshare`` needed;
skipped otherwise). The program first writes a small file of every kind, then tries to
overwrite each with one too big for the disk, inside ``try ... catch``, and finally reads
the small files back. Every big write must fail with HALCON's code, leave the small file
as it was, and leave no temporary file on the disk.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import numpy as np
import pytest
from PIL import Image as PILImage
from reliability_helpers import mount_tmpfs_prefix, run_subprocess

ATTEMPT = """\
try
    {write}
    Codes := [Codes, 2]
catch (Exception)
    Codes := [Codes, Exception[0]]
endtry
"""
SMALL = """\
Dir := '{d}/small'
gen_image_const (Small, 'byte', 8, 8)
read_image (Big, '{d}/noise.png')
T := [1, 2, 3]
Long := gen_tuple_const(300000, 'abcdefgh')
Kilobyte := sum(gen_tuple_const(1000, 'x'))
create_dict (D)
set_dict_tuple (D, 't', T)
create_dict (BigD)
set_dict_tuple (BigD, 't', Long)
read_dl_classifier ('pretrained_dl_classifier_compact.hdl', Classifier)
set_dl_classifier_param (Classifier, 'classes', ['a', 'b'])
write_dl_classifier (Classifier, Dir + '/keep.hdl')
write_image (Small, 'png', 0, Dir + '/keep.png')
write_object (Small, Dir + '/keep.hobj')
write_dict (D, Dir + '/keep.hdict', [], [])
write_dict (D, Dir + '/keep.json', [], [])
write_tuple (T, Dir + '/keep.tup')
open_file (Dir + '/keep.txt', 'output', File)
fwrite_string (File, 'small')
close_file (File)
dev_open_window (0, 0, 1000, 1000, 'black', Window)
dev_display (Big)
Codes := []
"""
BIG_WRITES = [
    "write_dl_classifier (Classifier, Dir + '/keep.hdl')",
    "write_image (Big, 'png', 0, Dir + '/keep.png')",
    "write_object (Big, Dir + '/keep.hobj')",
    "write_dict (BigD, Dir + '/keep.hdict', [], [])",
    "write_dict (BigD, Dir + '/keep.json', [], [])",
    "write_tuple (Long, Dir + '/keep.tup')",
    "open_file (Dir + '/keep.txt', 'output', File)\n    for I := 1 to 5000 by 1\n"
    "        fwrite_string (File, Kilobyte)\n    endfor\n    close_file (File)",
    "dump_window (Window, 'png', Dir + '/keep.png')",
]
READ_BACK = """\
read_dl_classifier (Dir + '/keep.hdl', Again)
get_dl_classifier_param (Again, 'classes', Classes)
read_image (Image, Dir + '/keep.png')
test_equal_obj (Image, Small, SamePng)
read_object (Object, Dir + '/keep.hobj')
test_equal_obj (Object, Small, SameObject)
read_dict (Dir + '/keep.hdict', [], [], D2)
get_dict_tuple (D2, 't', FromHdict)
read_dict (Dir + '/keep.json', 'convert_json_arrays_to', 'tuple_if_possible', D3)
get_dict_tuple (D3, 't', FromJson)
read_tuple (Dir + '/keep.tup', FromTuple)
open_file (Dir + '/keep.txt', 'input', In)
fread_line (In, Text, IsEOF)
close_file (In)
"""


def test_a_full_disk_keeps_every_previous_file(tmp_path: Path):
    small = tmp_path / "small"
    small.mkdir()
    wrap = mount_tmpfs_prefix(small, "11m")  # the compact model file alone is 9 MB
    if wrap is None:
        pytest.skip("no tmpfs can be mounted here (needs root and unshare)")
    pixels = np.random.default_rng(3).integers(0, 255, (1000, 1000, 3), dtype=np.uint8)
    PILImage.fromarray(pixels).save(tmp_path / "noise.png")
    attempts = "".join(ATTEMPT.format(write=write) for write in BIG_WRITES)
    program = tmp_path / "full.hdtxt"
    text = (SMALL + attempts + READ_BACK).replace("{d}", str(tmp_path))
    program.write_text(text, encoding="utf-8")
    dump = tmp_path / "vars.json"
    result = run_subprocess(["run", str(program), "--dump-vars", str(dump)], wrap=wrap)
    assert result.rc == 0, result.err
    values = json.loads(dump.read_text())
    print(f"\nerror codes of the writes onto a full disk: {values['Codes']}")
    assert values["Codes"] == [7781, 5212, 5212, 5212, 5212, 5212, 5212, 5212]
    assert values["Classes"] == ["a", "b"]
    assert values["SamePng"] == 1 and values["SameObject"] == 1
    assert values["FromHdict"] == values["FromJson"] == values["FromTuple"] == [1, 2, 3]
    assert values["Text"] == "small"
    listing = result.out.split("--- listing\n", 1)[1].split()
    assert sorted(listing) == sorted(
        f"keep.{ext}" for ext in ("hdl", "png", "hobj", "hdict", "json", "tup", "txt")
    )


# -- paths that are not plain files ----------------------------------------------------------


def _run(tmp_path: Path, cli, target: Path) -> None:
    program = tmp_path / "prog.hdtxt"
    program.write_text(f"write_tuple ([1, 2, 3], '{target}')\n", encoding="utf-8")
    result = cli("run", str(program))
    assert result.rc == 0, result.err


def test_writing_into_a_fifo_writes_into_it(tmp_path: Path, cli):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        _run(tmp_path, cli, fifo)
        data = b""
        try:
            data = os.read(reader, 65536)
        except BlockingIOError:
            pass
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.lstat().st_mode), "the FIFO was replaced"
    assert data.startswith(b"HDLITE-TUPLE 1\n3\n")


def test_writing_through_a_symbolic_link_writes_its_target(tmp_path: Path, cli):
    (tmp_path / "models").mkdir()
    real = tmp_path / "models" / "values.tup"
    real.write_text("HDLITE-TUPLE 1\n0\n")
    link = tmp_path / "current.tup"
    link.symlink_to(real)
    _run(tmp_path, cli, link)
    assert link.is_symlink(), "the link was replaced by a file"
    assert real.read_text().startswith("HDLITE-TUPLE 1\n3\n")
