"""Files that run code, files written next to nothing, files that must survive a full disk.

* Every file hdlite reads (classifier files, serialized items, dictionaries, object files,
  tuple files, ImageNet weights) is tried with a real pickle payload whose unpickling
  creates a marker file. hdlite must refuse it with HALCON's error and a plain message,
  and the marker must never appear. Each test then unpickles the payload unsafely itself
  and checks that the marker appears: the payload is live, so the test can fail.
* XML programs cannot pull in other files through external entities.
* Normal use leaves no temporary file behind, and new files get the usual permissions.
* On a full disk every write fails with HALCON's error, the previous file stays intact and
  no temporary file is left (a tiny tmpfs in a private mount namespace; root only).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import stat
import struct
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import Image as PILImage
from reliability_helpers import Payload, run_subprocess


def _npz(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def _manifest(document: dict) -> np.ndarray:
    return np.frombuffer(json.dumps(document).encode(), dtype=np.uint8)


def _objects(marker: Path) -> np.ndarray:
    return np.array([Payload(marker)], dtype=object)


def _classifier_with_pickled_header(marker: Path) -> bytes:
    """hdlite's classifier layout with a valid checksum, but a pickle where JSON belongs."""
    header = pickle.dumps({"classes": Payload(marker)})
    body = b"HDLTDLC\x00" + struct.pack("<IQ", 1, len(header)) + header
    return body + hashlib.sha256(body).digest()


def _item(kind: bytes, data: bytes) -> bytes:
    return (
        b"HDLTSER\x00" + struct.pack("<I", len(kind)) + kind + struct.pack("<Q", len(data)) + data
    )


def _torch_zip(marker: Path) -> bytes:
    import torch

    buffer = io.BytesIO()
    torch.save({"weights": Payload(marker)}, buffer)
    return buffer.getvalue()


def _unpickle(data: bytes) -> None:
    pickle.loads(data)


def _unpickle_npz(member: str) -> Callable[[bytes], None]:
    def load(data: bytes) -> None:
        np.load(io.BytesIO(data), allow_pickle=True)[member]

    return load


def _unpickle_npy(data: bytes) -> None:
    np.load(io.BytesIO(data), allow_pickle=True)


def _unpickle_torch(data: bytes) -> None:
    import torch

    torch.load(io.BytesIO(data), weights_only=False)


def _unpickle_after(offset: int) -> Callable[[bytes], None]:
    def load(data: bytes) -> None:
        pickle.loads(data[offset:])

    return load


def _load_unsafely(load: Callable[[bytes], None], data: bytes) -> None:
    """What a careless reader would do; whatever it then makes of the result is irrelevant."""
    try:
        load(data)
    except Exception:
        pass


READ_ITEM = (
    "open_file ('{f}', 'input_binary', File)\nfread_serialized_item (File, Item)\n"
    "deserialize_dl_classifier (Item, Classifier)\n"
)
HOBJ = {"format": "hdlite-hobj", "version": 1}
IMAGE_RECORD = {"kind": "image", "pixel_type": "byte", "data": "pixels"}
DICT = {"format": "hdlite-dict", "version": 1, "root": 0}

#: (id, file name, payload builder, program, HALCON code, line, unsafe loader)
PAYLOADS = [
    (
        "hdl-pickle",
        "model.hdl",
        lambda m: pickle.dumps({"weights": Payload(m)}),
        "read_dl_classifier ('{f}', C)\n",
        5238,
        1,
        _unpickle,
    ),
    (
        "hdl-torch-checkpoint",
        "model.hdl",
        _torch_zip,
        "read_dl_classifier ('{f}', C)\n",
        5238,
        1,
        _unpickle_torch,
    ),
    (
        "hdl-pickled-header",
        "model.hdl",
        _classifier_with_pickled_header,
        "read_dl_classifier ('{f}', C)\n",
        7780,
        1,
        _unpickle_after(20),
    ),
    (
        "serialized-item-pickle",
        "item.bin",
        lambda m: _item(b"dl_classifier", pickle.dumps(Payload(m))),
        READ_ITEM,
        7703,
        3,
        _unpickle_after(8 + 4 + 13 + 8),
    ),
    (
        "serialized-item-classifier-pickle",
        "item.bin",
        lambda m: _item(b"dl_classifier", _classifier_with_pickled_header(m)),
        READ_ITEM,
        7780,
        3,
        _unpickle_after(8 + 4 + 13 + 8 + 20),
    ),
    (
        "serialized-item-file-is-a-pickle",
        "item.bin",
        lambda m: pickle.dumps(Payload(m)),
        READ_ITEM,
        9580,
        2,
        _unpickle,
    ),
    (
        "hdict-pickle",
        "dict.hdict",
        lambda m: pickle.dumps({"k": Payload(m)}),
        "read_dict ('{f}', [], [], D)\n",
        5238,
        1,
        _unpickle,
    ),
    (
        "hdict-pickled-manifest",
        "dict.hdict",
        lambda m: _npz(manifest=_objects(m)),
        "read_dict ('{f}', [], [], D)\n",
        5238,
        1,
        _unpickle_npz("manifest"),
    ),
    (
        "hdict-pickled-image",
        "dict.hdict",
        lambda m: _npz(
            manifest=_manifest(
                dict(DICT, dicts=[{"entries": [{"key": "k", "objects": [IMAGE_RECORD]}]}])
            ),
            pixels=_objects(m),
        ),
        "read_dict ('{f}', [], [], D)\n",
        5238,
        1,
        _unpickle_npz("pixels"),
    ),
    (
        "hobj-pickle",
        "object.hobj",
        lambda m: pickle.dumps(Payload(m)),
        "read_object (O, '{f}')\n",
        5238,
        1,
        _unpickle,
    ),
    (
        "hobj-pickled-image",
        "object.hobj",
        lambda m: _npz(manifest=_manifest(dict(HOBJ, objects=[IMAGE_RECORD])), pixels=_objects(m)),
        "read_object (O, '{f}')\n",
        5238,
        1,
        _unpickle_npz("pixels"),
    ),
    (
        "hobj-npy-objects",
        "object.hobj",
        lambda m: (lambda b: (np.save(b, _objects(m), allow_pickle=True), b.getvalue())[1])(
            io.BytesIO()
        ),
        "read_object (O, '{f}')\n",
        5238,
        1,
        _unpickle_npy,
    ),
    (
        "image-hobj-pickle",
        "image.hobj",
        lambda m: pickle.dumps(Payload(m)),
        "read_image (I, '{f}')\n",
        5238,
        1,
        _unpickle,
    ),
    (
        "tuple-pickle",
        "values.tup",
        lambda m: pickle.dumps([1, Payload(m)]),
        "read_tuple ('{f}', T)\n",
        5757,
        1,
        _unpickle,
    ),
]


@pytest.mark.parametrize(
    ("name", "make", "program", "code", "line", "unsafe_load"),
    [pytest.param(*p[1:], id=p[0]) for p in PAYLOADS],
)
def test_pickle_payload_is_refused_and_never_runs(
    tmp_path, cli, name, make, program, code, line, unsafe_load
):
    marker = tmp_path / "PWNED"
    data = make(marker)
    path = tmp_path / name
    path.write_bytes(data)
    source = tmp_path / "prog.hdtxt"
    source.write_text(program.replace("{f}", str(path)), encoding="utf-8")
    result = cli("run", str(source))
    assert result.rc == 70, result.err
    assert result.first.startswith(f"{source}:{line}:"), result.err
    assert f"error {code} " in result.first, result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert "allow_pickle" not in result.err and "pickle.load" not in result.err, result.err
    assert not marker.exists(), "hdlite ran the payload"
    _load_unsafely(unsafe_load, data)
    assert marker.exists(), "the payload is not live: this test proves nothing"


def test_pickled_imagenet_weights_are_refused(tmp_path, cli, monkeypatch):
    """A checkpoint under the expected name that holds pickled code: 7780, nothing runs."""
    marker = tmp_path / "PWNED"
    weights = tmp_path / "weights"
    weights.mkdir()
    data = _torch_zip(marker)
    (weights / "mobilenet_v2-b0353104.pth").write_bytes(data)
    monkeypatch.setenv("HDLITE_DL_WEIGHTS", str(weights))
    source = tmp_path / "prog.hdtxt"
    source.write_text("read_dl_classifier ('pretrained_dl_classifier_compact.hdl', C)\n")
    result = cli("run", str(source))
    assert result.rc == 70 and result.first.startswith(f"{source}:1:1: error 7780 "), result.err
    assert "mobilenet_v2-b0353104.pth" in result.first
    assert not marker.exists()
    _load_unsafely(_unpickle_torch, data)
    assert marker.exists()


def test_xml_external_entities_are_not_expanded(tmp_path, cli):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    program = tmp_path / "prog.hdev"
    program.write_text(
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE hdevelop [\n<!ENTITY leak SYSTEM "file://{secret}">\n]>\n'
        '<hdevelop>\n<procedure name="main">\n<interface/>\n<body>\n'
        "<l>X := '&leak;'</l>\n</body>\n</procedure>\n</hdevelop>\n"
    )
    dump = tmp_path / "vars.json"
    result = cli("run", str(program), "--dump-vars", str(dump))
    assert result.rc in (0, 65), result.err
    assert "TOP-SECRET" not in result.err + result.out
    if result.rc == 0:
        assert "TOP-SECRET" not in dump.read_text()


# -- normal use: no temporary files, usual permissions ---------------------------------------

EVERY_WRITER = """\
read_image (Image, '{d}/in/noise.png')
write_image (Image, 'png', 0, '{o}/a')
write_image (Image, 'tiff', 0, '{o}/b')
write_image (Image, 'jpeg 90', 0, '{o}/c')
write_image (Image, 'bmp', 0, '{o}/d')
write_image (Image, 'hobj', 0, '{o}/e')
write_object (Image, '{o}/f')
create_dict (D)
set_dict_tuple (D, 'values', [1, 2.5, 'three'])
write_dict (D, '{o}/g.hdict', [], [])
write_dict (D, '{o}/h.json', [], [])
write_tuple ([1, 2.5, 'three'], '{o}/i.tup')
open_file ('{o}/j.txt', 'output', File)
fwrite_string (File, 'text')
close_file (File)
open_file ('{o}/k.bin', 'output_binary', Binary)
fwrite_bytes (Binary, [1, 2, 3], Written)
close_file (Binary)
open_file ('{o}/l.txt', 'output', Unclosed)
fwrite_string (Unclosed, 'closed at the end')
dev_open_window (0, 0, 64, 64, 'black', Window)
dev_display (Image)
dump_window (Window, 'png', '{o}/m')
read_dl_classifier ('pretrained_dl_classifier_compact.hdl', Classifier)
set_dl_classifier_param (Classifier, 'classes', ['a', 'b'])
write_dl_classifier (Classifier, '{o}/n.hdl')
stop ()
"""
EXPECTED = {
    "a.png", "b.tif", "c.jpg", "d.bmp", "e.hobj", "f.hobj", "g.hdict", "h.json", "i.tup",
    "j.txt", "k.bin", "l.txt", "m.png", "n.hdl", "old.tup", "vars.json", "windows",
}  # fmt: skip


def test_normal_use_leaves_no_temporary_files(tmp_path):
    (tmp_path / "in").mkdir()
    pixels = np.random.default_rng(2).integers(0, 255, (64, 64, 3), dtype=np.uint8)
    PILImage.fromarray(pixels).save(tmp_path / "in" / "noise.png")
    out = tmp_path / "out"
    out.mkdir()
    old = out / "old.tup"
    old.write_text("HDLITE-TUPLE 1\n0\n")
    old.chmod(0o640)
    program = tmp_path / "every_writer.hdtxt"
    text = EVERY_WRITER.replace("{o}", str(out)).replace("{d}", str(tmp_path))
    program.write_text(text + f"write_tuple ([1], '{old}')\n", encoding="utf-8")
    result = run_subprocess(
        ["run", str(program), "--dump-vars", str(out / "vars.json"),
         "--display-dir", str(out / "windows")],
        cwd=str(tmp_path),
    )  # fmt: skip
    assert result.rc == 0, result.err
    assert {p.name for p in out.iterdir()} == EXPECTED
    assert sorted(p.name for p in (out / "windows").iterdir()) == [
        "window_1_0001.png",
        "window_1_0002.png",
    ]
    assert (out / "l.txt").read_text() == "closed at the end"
    umask = os.umask(0)
    os.umask(umask)
    for path in out.iterdir():
        if path.is_file() and path != old:
            assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path
    assert stat.S_IMODE(old.stat().st_mode) == 0o640  # rewriting keeps the file's mode
    assert not [p for p in tmp_path.rglob(".hdlite-*")]
