"""Damaged files for every format hdlite reads: valid files written by hdlite, then broken.

For each :class:`Format`, a valid file is written with hdlite's own writer; the mutations
(:func:`mutations`) are truncations, single bit flips at seeded positions, and, where the
container has checksums (ZIP members carry CRC-32s, model files a SHA-256), the same
damage done inside the container with the checksums made valid again, so that the damage
reaches the parser behind them. Crafted cases add what random damage rarely finds: array
headers that claim 10^12 elements, deeply nested JSON and manifests.

Reading a damaged file must succeed with well-formed objects or raise a located
HalconError with one of the format's damaged-file codes: never an internal error, never
6001 ("not enough memory") for a small file that claims a huge size.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import struct
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sweep_cases import SweepEnv, gray_image, rectangle

from hdlite.values.iconic import ObjectTuple

#: codes every reader may give for a damaged file besides its own: 5238 wrong file format,
#: 5250 error reading file; 2403 a newer version (a flipped version number)
FILE_CODES = frozenset({5238, 5250, 2403})


@dataclass(frozen=True)
class Format:
    """A file format: how to write a valid file and read one back, and its error codes."""

    name: str
    suffix: str
    container: str  # 'zip', 'hdl', 'serialized' or 'text'
    write: Callable[[SweepEnv, Path], None]
    read: Callable[[SweepEnv, Path], tuple]
    codes: frozenset[int]


def _write_tuple(env: SweepEnv, path: Path) -> None:
    env.call("write_tuple", (1, -(2**63), 2.5, float("nan"), "tr\u00e4ger\n"), (str(path),))


def _write_dict(env: SweepEnv, path: Path) -> None:
    handle = env.dict_handle()
    (inner,) = env.call("create_dict")[0]
    env.call("set_dict_tuple", (inner,), (7,), (1.5, "x"))
    env.call("set_dict_tuple", (handle,), ("inner",), (inner,))
    env.call("write_dict", (handle,), (str(path),), (), ())


def _write_json(env: SweepEnv, path: Path) -> None:
    text = '{"a": [1, 2.5, "x"], "b": {"c": [true, null]}, "d": "\u00e4"}'
    (handle,) = env.call("json_to_dict", (text,), (), ())[0]
    env.call("write_dict", (handle,), (str(path),), (), ())


def _write_object(env: SweepEnv, path: Path) -> None:
    image = gray_image(6, 5, channels=3)
    image.domain = rectangle()
    env.call(
        "write_object", ObjectTuple([image, rectangle(), gray_image(4, 3, "real")]), (str(path),)
    )


def _write_variation_model(env: SweepEnv, path: Path) -> None:
    from sweep_models import variation_model

    env.call("write_variation_model", (variation_model(env),), (str(path),))


def _write_class_svm(env: SweepEnv, path: Path) -> None:
    from sweep_models import class_svm

    env.call("write_class_svm", (class_svm(env),), (str(path),))


def _write_ocr_svm(env: SweepEnv, path: Path) -> None:
    from sweep_models import ocr_svm

    env.call("write_ocr_class_svm", (ocr_svm(env),), (str(path),))


def _read(operator: str, *extra: tuple) -> Callable[[SweepEnv, Path], tuple]:
    return lambda env, path: env.call(operator, (str(path),), *extra)


def _classifier(kind: str, suffix: str) -> Format:
    """Files of write_<kind> (the sweep's handle of that kind), read by read_<kind>."""

    def write(env: SweepEnv, path: Path) -> None:
        from sweep_models import HANDLE_MAKERS

        env.call(f"write_{kind}", (HANDLE_MAKERS[kind](env),), (str(path),))

    return Format(kind, suffix, "text", write, _read(f"read_{kind}"), frozenset())


FORMATS: list[Format] = [
    Format("tuple", ".tup", "text", _write_tuple, _read("read_tuple"), frozenset({5757, 5756})),
    Format("hdict", ".hdict", "zip", _write_dict, _read("read_dict", (), ()), frozenset()),
    Format("json", ".json", "text", _write_json, _read("read_dict", (), ()), frozenset()),
    Format("hobj", ".hobj", "zip", _write_object, _read("read_object"), frozenset()),
    Format(
        "variation_model",
        ".vam",
        "text",
        _write_variation_model,
        _read("read_variation_model"),
        frozenset(),
    ),
    Format("class_svm", ".gsc", "text", _write_class_svm, _read("read_class_svm"), frozenset()),
    _classifier("class_gmm", ".ggc"),
    _classifier("class_knn", ".gnc"),
    _classifier("measure", ".msr"),
    Format(
        "ocr_svm",
        ".osc",
        "text",
        _write_ocr_svm,
        _read("read_ocr_class_svm"),
        frozenset({8330, 8331}),
    ),
]


# -- deep-learning formats (the plugin is slow to import, so they are built on demand) -----


def dl_formats(model_bytes: bytes) -> list[Format]:
    """The classifier file and the serialized item made from it."""

    def write_model(env: SweepEnv, path: Path) -> None:
        path.write_bytes(model_bytes)

    def write_item(env: SweepEnv, path: Path) -> None:
        (model,) = env.call("read_dl_classifier", (str(env.folder / "model.hdl"),))[0]
        (item,) = env.call("serialize_dl_classifier", (model,))[0]
        (file,) = env.call("open_file", (str(path),), ("output_binary",))[0]
        env.call("fwrite_serialized_item", (file,), (item,))
        env.call("close_file", (file,))

    def read_item(env: SweepEnv, path: Path) -> tuple:
        (file,) = env.call("open_file", (str(path),), ("input_binary",))[0]
        (item,) = env.call("fread_serialized_item", (file,))[0]
        return env.call("deserialize_dl_classifier", (item,))

    codes = frozenset({7780, 7782, 7781, 5238})
    return [
        Format("model", ".hdl", "hdl", write_model, _read("read_dl_classifier"), codes),
        Format("item", ".ser", "serialized", write_item, read_item, codes | {9580, 9581}),
    ]


# -- mutations -----------------------------------------------------------------------------


def _flip(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    k = rng.randrange(len(out))
    out[k] ^= 1 << rng.randrange(8)
    return bytes(out)


def _zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _npy(array_bytes: bytes, shape: tuple[int, ...] | None = None, payload: bytes | None = None):
    """An npy member with its header's shape (and/or its data) replaced."""
    stream = io.BytesIO(array_bytes)
    version = np.lib.format.read_magic(stream)
    read_header = (
        np.lib.format.read_array_header_1_0
        if version == (1, 0)
        else np.lib.format.read_array_header_2_0
    )
    old_shape, fortran, dtype = read_header(stream)
    data = stream.read() if payload is None else payload
    out = io.BytesIO()
    header = {
        "descr": np.lib.format.dtype_to_descr(dtype),
        "fortran_order": fortran,
        "shape": old_shape if shape is None else shape,
    }
    np.lib.format.write_array_header_1_0(out, header)
    return out.getvalue() + data


def _manifest_npy(text: bytes) -> bytes:
    out = io.BytesIO()
    np.save(out, np.frombuffer(text, dtype=np.uint8))
    return out.getvalue()


def _hdl_resign(data: bytes) -> bytes:
    body = data[:-32]
    return body + hashlib.sha256(body).digest()


def mutations(fmt: Format, good: bytes, seed: int, count: int) -> Iterator[tuple[str, bytes]]:
    """Damaged versions of ``good``: ``count`` random ones of each kind plus crafted ones."""
    rng = random.Random(f"{fmt.name}/{seed}")
    n = len(good)
    for cut in sorted({0, 1, 4, 8, 12, 20, n // 4, n // 2, n - 33, n - 1}):
        if 0 <= cut < n:
            yield f"truncate@{cut}", good[:cut]
    for _ in range(count):
        yield f"truncate@{(cut := rng.randrange(n))}", good[:cut]
    for k in range(count):
        yield f"flip#{k}", _flip(good, rng)
    yield "appended", good + b"\x00garbage"
    if fmt.container == "hdl":
        header_end = 20 + struct.unpack_from("<Q", good, 12)[0]
        for k in range(count):
            body = bytearray(good[:-32])
            where = rng.randrange(8, header_end) if k % 2 == 0 else rng.randrange(len(body))
            body[where] ^= 1 << rng.randrange(8)
            yield f"signed-flip#{k}@{where}", _hdl_resign(bytes(body) + good[-32:])
        yield from _hdl_crafted(good)
    if fmt.container == "zip":
        yield from _zip_mutations(good, rng, count)
    if fmt.container == "text" and fmt.suffix == ".json":
        yield "deep-array", b"[" * 200_000 + b"]" * 200_000
        yield "deep-object", b'{"a":' * 100_000 + b"1" + b"}" * 100_000
        yield "huge-number", b'{"a": 1' + b"0" * 5000 + b"}"
        yield "lone-surrogate", b'{"a": "\\ud800"}'
    if fmt.container == "text" and fmt.suffix == ".tup":
        yield "huge-count", b"HDLITE-TUPLE 1\n99999999999999999999\n"
        yield "big-int", b"HDLITE-TUPLE 1\n1\ni 123456789012345678901234567\n"
        yield "deep-string", b"HDLITE-TUPLE 1\n1\ns " + b"[" * 100_000 + b"\n"


def _zip_mutations(good: bytes, rng: random.Random, count: int) -> Iterator[tuple[str, bytes]]:
    members = _zip_members(good)
    names = sorted(members)
    for k in range(count):
        name = names[k % len(names)]
        changed = dict(members)
        changed[name] = _flip(members[name], rng)
        yield f"member-flip#{k}:{name}", _zip(changed)
        changed = dict(members)
        changed[name] = members[name][: rng.randrange(len(members[name]))]
        yield f"member-truncate#{k}:{name}", _zip(changed)
    manifest = np.load(io.BytesIO(members["manifest.npy"]), allow_pickle=False).tobytes()
    for k in range(count):
        text = bytearray(manifest)
        text[rng.randrange(len(text))] = rng.choice(b'{}[]":,0123456789-e.ntfalsr\\x ')
        yield f"manifest-edit#{k}", _zip(dict(members, **{"manifest.npy": _manifest_npy(text)}))
    for label, text in (
        ("deep", b"[" * 200_000 + b"]" * 200_000),
        ("deep-object", b'{"a":' * 100_000 + b"1" + b"}" * 100_000),
        ("not-object", b"[1, 2]"),
        ("huge-root", manifest.replace(b'"root": 0', b'"root": 99999999999999999999')),
    ):
        yield f"manifest-{label}", _zip(dict(members, **{"manifest.npy": _manifest_npy(text)}))
    for name in names:
        if name == "manifest.npy":
            continue
        for shape in ((10**6, 10**6), (1, 10**6, 10**6), (-1, 5), (2**62, 2**62)):
            try:
                forged = _npy(members[name], shape=shape)
            except ValueError:
                continue
            yield f"claims{shape}:{name}", _zip(dict(members, **{name: forged}))
        yield f"pickled:{name}", _zip(dict(members, **{name: _pickled_npy()}))


def _pickled_npy() -> bytes:
    out = io.BytesIO()
    np.save(out, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    return out.getvalue()


def _hdl_crafted(good: bytes) -> Iterator[tuple[str, bytes]]:
    header_len = struct.unpack_from("<Q", good, 12)[0]
    header = json.loads(good[20 : 20 + header_len])
    blob = good[20 + header_len : -32]

    def build(new_header: dict | bytes, data: bytes = blob) -> bytes:
        text = new_header if isinstance(new_header, bytes) else json.dumps(new_header).encode()
        body = good[:12] + struct.pack("<Q", len(text)) + text + data
        return body + hashlib.sha256(body).digest()

    first = dict(header["tensors"][0])
    yield "huge-tensor", build(dict(header, tensors=[dict(first, shape=[10**6, 10**6])]))
    yield "deep-header", build(b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    yield "no-classes", build({k: v for k, v in header.items() if k != "classes"})
    params = dict(header.get("params", {}))
    for name, value in (
        ("batch_size", 0),
        ("momentum", 5),
        ("learning_rate", -1),
        ("batch_size", "many"),
    ):
        yield f"param-{name}={value}", build(dict(header, params=dict(params, **{name: value})))
    yield "duplicate-classes", build(dict(header, classes=["a", "a"]))
    yield "header-length-huge", good[:12] + struct.pack("<Q", 2**63) + good[20:]


def write_good(env: SweepEnv, fmt: Format) -> Path:
    """Write a valid file of ``fmt`` and check that it reads back."""
    path = env.folder / f"good_{fmt.name}{fmt.suffix}"
    fmt.write(env, path)
    fmt.read(env, path)
    return path
