"""3-D object model files: PLY (ASCII, binary little and big endian), OFF, OBJ and hdlite's
own 'om3' format, as bytes in and out.

* PLY: the ``vertex`` element's x, y, z (and nx, ny, nz as point normals; any other
  numeric vertex property becomes the extended point attribute ``'&name'``), the ``face``
  element's ``vertex_indices``/``vertex_index`` list (polygons are split into triangle
  fans). Written as ``ply``: ASCII, ``ply_binary``: binary little endian.
* OFF: ``OFF``, counts, vertices, faces (``n i0 i1 ...``); ``#`` comments.
* OBJ: ``v``, ``vn`` (as point normals when there is one per vertex) and ``f`` (1-based,
  negative indices count from the end, ``i/t/n`` forms).
* om3: never pickle. hdlite's array model layout (:mod:`._model_files`: a magic line,
  one JSON header line with the parameters, the array table and a CRC-32, then raw
  little-endian arrays) with kind ``object_model_3d``. HALCON's binary .om3 layout is not
  public; hdlite reads only its own (a foreign .om3 is 5238).

Any malformed content raises ``ValueError``; the operators turn it into 5238.
"""

from __future__ import annotations

import json
import re
import zlib
from typing import Any

import numpy as np

from ._model_files import MAGIC, _parse
from ._om3d import ObjectModel3D

_PLY_TYPES = {
    "char": "i1", "int8": "i1", "uchar": "u1", "uint8": "u1", "short": "i2", "int16": "i2",
    "ushort": "u2", "uint16": "u2", "int": "i4", "int32": "i4", "uint": "u4", "uint32": "u4",
    "float": "f4", "float32": "f4", "double": "f8", "float64": "f8",
}  # fmt: skip
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def _fan(faces: list[list[int]], n: int) -> np.ndarray:
    tris = [(f[0], f[i], f[i + 1]) for f in faces for i in range(1, len(f) - 1)]
    out = np.asarray(tris, dtype=np.int64).reshape(-1, 3)
    if out.size and (out.min() < 0 or out.max() >= n):
        raise ValueError("face index out of range")
    return out


def read_ply(raw: bytes) -> ObjectModel3D:
    """A model from PLY bytes."""
    end = raw.find(b"end_header")
    if not raw.startswith(b"ply") or end < 0:
        raise ValueError("not a PLY file")
    nl = raw.find(b"\n", end)
    body = raw[nl + 1 :] if nl >= 0 else b""
    header = raw[:end].decode("ascii").splitlines()
    fmt = ""
    elements: list[tuple[str, int, list[tuple[str, Any]]]] = []  # (name, count, properties)
    for line in header[1:]:
        words = line.split()
        if not words or words[0] in ("comment", "obj_info"):
            continue
        if words[0] == "format":
            fmt = words[1]
        elif words[0] == "element":
            elements.append((words[1], int(words[2]), []))
        elif words[0] == "property" and elements:
            if words[1] == "list":
                elements[-1][2].append(
                    (words[4], ("list", _PLY_TYPES[words[2]], _PLY_TYPES[words[3]]))
                )
            else:
                elements[-1][2].append((words[2], _PLY_TYPES[words[1]]))
    if fmt not in ("ascii", "binary_little_endian", "binary_big_endian"):
        raise ValueError(f"PLY format {fmt!r}")
    order = "<" if fmt == "binary_little_endian" else ">"
    data: dict[str, dict[str, Any]] = {}
    tokens = iter(body.split()) if fmt == "ascii" else None
    pos = 0
    for name, count, props in elements:
        if count < 0:
            raise ValueError("negative element count")
        cols: dict[str, Any] = {p: [] for p, _ in props}
        lists = any(isinstance(t, tuple) for _, t in props)
        if tokens is None and not lists:
            dt = np.dtype([(p, order + t) for p, t in props])
            arr = np.frombuffer(body, dtype=dt, count=count, offset=pos)
            pos += dt.itemsize * count
            data[name] = {p: arr[p].astype(np.float64) for p, _ in props}
            continue
        for _ in range(count):
            for p, t in props:
                if isinstance(t, tuple):
                    k = int(_next(tokens, body, pos, order + t[1]))
                    if tokens is None:
                        pos += np.dtype(t[1]).itemsize
                    vals = []
                    for _ in range(k):
                        vals.append(int(_next(tokens, body, pos, order + t[2])))
                        if tokens is None:
                            pos += np.dtype(t[2]).itemsize
                    cols[p].append(vals)
                else:
                    cols[p].append(float(_next(tokens, body, pos, order + t)))
                    if tokens is None:
                        pos += np.dtype(t).itemsize
        data[name] = cols
    vert = data.get("vertex", {})
    if not all(k in vert for k in "xyz"):
        raise ValueError("PLY vertices without x, y, z")
    model = ObjectModel3D(
        points=np.stack([np.asarray(vert[k], dtype=np.float64) for k in "xyz"], 1)
    )
    n = model.num_points
    if all(k in vert for k in ("nx", "ny", "nz")):
        model.normals = np.stack(
            [np.asarray(vert[k], dtype=np.float64) for k in ("nx", "ny", "nz")], 1
        )
    for key, col in vert.items():
        if key not in ("x", "y", "z", "nx", "ny", "nz") and not (
            isinstance(col, list) and col and isinstance(col[0], list)
        ):
            model.point_attribs["&" + key] = np.asarray(col, dtype=np.float64)
    face = data.get("face", {})
    faces = face.get("vertex_indices", face.get("vertex_index"))
    if faces is not None:
        model.triangles = _fan([list(f) for f in faces], n)
    return model


def _next(tokens: Any, body: bytes, pos: int, dtype: str) -> float:
    if tokens is not None:
        return float(next(tokens))
    size = np.dtype(dtype).itemsize
    if pos + size > len(body):
        raise ValueError("PLY data cut short")
    return float(np.frombuffer(body, dtype=dtype, count=1, offset=pos)[0])


def write_ply(model: ObjectModel3D, binary: bool) -> bytes:
    """PLY bytes (ASCII or binary little endian) of the points, normals, point attributes
    and triangles."""
    cols = [("x", model.points[:, 0]), ("y", model.points[:, 1]), ("z", model.points[:, 2])]
    if model.normals is not None:
        cols += [(k, model.normals[:, i]) for i, k in enumerate(("nx", "ny", "nz"))]
    cols += [(k[1:], v) for k, v in model.point_attribs.items() if _NAME.match(k[1:])]
    tri = model.triangles if model.triangles is not None else np.zeros((0, 3), np.int64)
    head = ["ply", f"format {'binary_little_endian' if binary else 'ascii'} 1.0"]
    head += ["comment written by hdlite", f"element vertex {model.num_points}"]
    head += [f"property double {k}" for k, _ in cols]
    if model.triangles is not None:
        head += [f"element face {len(tri)}", "property list uchar int vertex_indices"]
    out = ("\n".join(head) + "\nend_header\n").encode("ascii")
    table = np.stack([v for _, v in cols], axis=1) if cols else np.zeros((0, 0))
    if binary:
        body = table.astype("<f8").tobytes()
        rec = np.zeros(len(tri), dtype=[("n", "u1"), ("i", "<i4", (3,))])
        rec["n"], rec["i"] = 3, tri
        return out + body + rec.tobytes()
    lines = [" ".join(repr(float(v)) for v in row) for row in table]
    lines += [f"3 {a} {b} {c}" for a, b, c in tri]
    return out + ("\n".join(lines) + "\n").encode("ascii")


def read_off(raw: bytes) -> ObjectModel3D:
    """A model from OFF bytes."""
    words = []
    for line in raw.decode("ascii").splitlines():
        words += line.split("#", 1)[0].split()
    if not words or words[0] != "OFF":
        raise ValueError("not an OFF file")
    nv, nf = int(words[1]), int(words[2])
    if nv < 0 or nf < 0:
        raise ValueError("negative counts")
    pos = 4
    pts = np.asarray(words[pos : pos + 3 * nv], dtype=np.float64)
    if pts.size != 3 * nv:
        raise ValueError("OFF vertices cut short")
    pos += 3 * nv
    faces = []
    for _ in range(nf):
        k = int(words[pos])
        faces.append([int(w) for w in words[pos + 1 : pos + 1 + k]])
        if len(faces[-1]) != k:
            raise ValueError("OFF faces cut short")
        pos += 1 + k
    model = ObjectModel3D(points=pts.reshape(nv, 3))
    if nf:
        model.triangles = _fan(faces, nv)
    return model


def write_off(model: ObjectModel3D) -> bytes:
    """OFF bytes of the points and triangles."""
    tri = model.triangles if model.triangles is not None else np.zeros((0, 3), np.int64)
    lines = ["OFF", f"{model.num_points} {len(tri)} 0"]
    lines += [" ".join(repr(float(v)) for v in p) for p in model.points]
    lines += [f"3 {a} {b} {c}" for a, b, c in tri]
    return ("\n".join(lines) + "\n").encode("ascii")


def read_obj(raw: bytes) -> ObjectModel3D:
    """A model from Wavefront OBJ bytes."""
    verts, norms, faces = [], [], []
    for line in raw.decode("utf-8").splitlines():
        w = line.split()
        if not w:
            continue
        if w[0] == "v":
            verts.append([float(v) for v in w[1:4]])
        elif w[0] == "vn":
            norms.append([float(v) for v in w[1:4]])
        elif w[0] == "f":
            idx = [int(t.split("/")[0]) for t in w[1:]]
            faces.append([i - 1 if i > 0 else len(verts) + i for i in idx])
    if any(len(v) != 3 for v in verts + norms):
        raise ValueError("OBJ coordinates need 3 values")
    model = ObjectModel3D(points=np.asarray(verts, dtype=np.float64).reshape(-1, 3))
    if norms and len(norms) == len(verts):
        model.normals = np.asarray(norms, dtype=np.float64)
    if faces:
        model.triangles = _fan(faces, len(verts))
    return model


def write_obj(model: ObjectModel3D) -> bytes:
    """OBJ bytes of the points, normals and triangles."""
    lines = ["# written by hdlite"]
    lines += ["v " + " ".join(repr(float(v)) for v in p) for p in model.points]
    if model.normals is not None:
        lines += ["vn " + " ".join(repr(float(v)) for v in p) for p in model.normals]
    if model.triangles is not None:
        lines += [f"f {a + 1} {b + 1} {c + 1}" for a, b, c in model.triangles]
    return ("\n".join(lines) + "\n").encode("ascii")


def encode_om3(model: ObjectModel3D) -> bytes:
    """The om3 bytes of a model (format: module docstring)."""
    arrays: dict[str, np.ndarray] = {"points": model.points.astype("<f8")}
    if model.normals is not None:
        arrays["normals"] = model.normals.astype("<f8")
    if model.triangles is not None:
        arrays["triangles"] = model.triangles.astype("<i8")
    if model.mapping is not None:
        arrays["mapping"] = model.mapping.astype("<i8")
    for k, v in model.point_attribs.items():
        arrays["p" + k] = v.astype("<f8")
    for k, v in model.object_attribs.items():
        arrays["o" + k] = v.astype("<f8")
    prim = model.primitive
    params = {
        "mapping_size": list(model.mapping_size),
        "primitive": None
        if prim is None
        else {
            "type": prim["type"],
            "pose": list(prim["pose"]),
            "size": list(prim["size"]),
            "extension": [list(e) if isinstance(e, tuple) else e for e in prim["extension"]],
        },
    }
    return encode_arrays("object_model_3d", params, arrays)


def encode_arrays(kind: str, params: dict[str, Any], arrays: dict[str, np.ndarray]) -> bytes:
    """Bytes in hdlite's array model layout (:mod:`._model_files`) for ``kind``."""
    table, chunks, offset = [], [], 0
    for name, a in arrays.items():
        a = np.ascontiguousarray(a)
        data = a.tobytes()
        table.append({"name": name, "dtype": a.dtype.str, "shape": list(a.shape), "offset": offset})
        chunks.append(data)
        offset += len(data)
    payload = b"".join(chunks)
    header = {
        "kind": kind,
        "version": 1,
        "params": params,
        "arrays": table,
        "size": len(payload),
        "crc32": zlib.crc32(payload),
    }
    return MAGIC + json.dumps(header).encode("utf-8") + b"\n" + payload


def decode_om3(raw: bytes) -> ObjectModel3D:
    """A model from om3 bytes; HalconError 5238/2403 or ValueError on damage."""
    params, arrays = _parse(raw, "object_model_3d")
    pts = np.array(arrays.get("points", np.zeros((0, 3))), dtype=np.float64).reshape(-1, 3)
    model = ObjectModel3D(points=pts)
    n = len(pts)
    if "normals" in arrays:
        model.normals = np.array(arrays["normals"], dtype=np.float64).reshape(n, 3)
    if "triangles" in arrays:
        tri = np.array(arrays["triangles"], dtype=np.int64).reshape(-1, 3)
        if tri.size and (tri.min() < 0 or tri.max() >= n):
            raise ValueError("triangle index out of range")
        model.triangles = tri
    if "mapping" in arrays:
        model.mapping = np.array(arrays["mapping"], dtype=np.int64).reshape(n, 2)
    size = params.get("mapping_size", [0, 0])
    model.mapping_size = (int(size[0]), int(size[1]))
    for name, a in arrays.items():
        if name[:2] in ("p&", "o&"):
            vals = np.array(a, dtype=np.float64).reshape(-1)
            if name[0] == "p":
                if len(vals) != n:
                    raise ValueError("point attribute length")
                model.point_attribs[name[1:]] = vals
            else:
                model.object_attribs[name[1:]] = vals
    prim = params.get("primitive")
    if prim is not None:
        ext = prim["extension"]
        model.primitive = {
            "type": str(prim["type"]),
            "pose": (*tuple(float(v) for v in prim["pose"][:6]), int(prim["pose"][6])),
            "size": tuple(float(v) for v in prim["size"]),
            "extension": tuple(
                tuple(map(float, e)) if isinstance(e, list) else float(e) for e in ext
            ),
        }
        if model.primitive["type"] not in ("sphere", "cylinder", "plane", "box"):
            raise ValueError("unknown primitive")
    return model
