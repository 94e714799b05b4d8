"""The calibration data model behind a CalibDataID, and helpers the calibration operators share.

Standard plate names: HALCON ships description files of its 7 x 7 plates in its ``calib``
folder, and programs name them without a path ('caltab_30mm.descr' ...). When such a name is
not found as a file, hdlite uses the plate gen_caltab describes with the matching mark
distance: 'caltab_10mm' 1.25 mm, 'caltab_30mm' 3.75 mm, 'caltab_100mm' 12.5 mm,
'caltab_200mm' 25 mm, 'caltab' 12.5 mm (the frame is 8 mark distances wide: the plate's name;
gen_caltab's list of suggested file names and mark distances) [unverified: that the shipped
files carry exactly these numbers].
"""

from __future__ import annotations

import os
from collections.abc import Set
from dataclasses import dataclass, field

import numpy as np

from hdlite.plugin import CallContext, IconicObject, Image

from ._calibration_solver import Result
from ._caltab_descr import FORMAT_ERROR, OPEN_ERROR, Plate, classic_plate, parse_descr
from ._camera_model import Camera
from ._geometry3d import matrix_to_pose

KIND = "calib_data"
STANDARD_PLATES = {
    "caltab_10mm": 0.00125,
    "caltab_30mm": 0.00375,
    "caltab_100mm": 0.0125,
    "caltab_200mm": 0.025,
    "caltab": 0.0125,
}
#: the parameters a new model keeps fixed for every camera (Sy, HALCON's default); shared by
#: all cameras of a model (set_calib_data replaces a camera's set, never changes it)
DEFAULT_EXCLUDED: frozenset[str] = frozenset({"sy"})


@dataclass
class CalibObject:
    """A calibration object: its marks (3 x n), their radii and the plate, if it is one."""

    points: np.ndarray
    radii: np.ndarray | None = None
    plate: Plate | None = None


@dataclass
class Observed:
    """What one camera saw of one calibration object pose."""

    rows: np.ndarray
    cols: np.ndarray
    index: np.ndarray
    pose: np.ndarray  # start pose, 4x4 object -> camera
    ellipses: np.ndarray | None = None  # n x 5 (row, column, phi, radius1, radius2)
    homography: np.ndarray | None = None  # plate (x, y) -> image (column, row)


@dataclass
class CalibData:
    """A calibration data model (create_calib_data)."""

    setup: str
    cameras: list[Camera | None]
    objects: list[CalibObject | None]
    observations: dict[tuple[int, int, int], Observed] = field(default_factory=dict)
    excluded: list[Set[str]] = field(default_factory=list)
    result: Result | None = None


def load_plate(ctx: CallContext, name: str) -> Plate:
    """The plate of a description file (or of a standard plate name, see above)."""
    path = name if os.path.isfile(name) else name + ".descr"
    if not os.path.isfile(path):
        stem = os.path.basename(name)
        stem = stem[: -len(".descr")] if stem.endswith(".descr") else stem
        if stem in STANDARD_PLATES:
            return classic_plate(7, 7, STANDARD_PLATES[stem], 0.5)
        raise ctx.error(OPEN_ERROR, f"cannot open calibration plate description {name!r}")
    try:
        with open(path, encoding="utf-8", errors="replace") as stream:
            text = stream.read()
    except OSError:
        raise ctx.error(OPEN_ERROR, f"cannot read {name!r}") from None
    plate = parse_descr(text)
    if isinstance(plate, str):
        raise ctx.error(FORMAT_ERROR, f"{name}: {plate}")
    return plate


def gray(ctx: CallContext, image: IconicObject) -> np.ndarray:
    """The first channel of an image as float64 (9054 for a region, 9001 for complex
    images)."""
    if not isinstance(image, Image):
        raise ctx.error(9054, f"Image: expected an image, got a {image.kind}")
    if image.pixel_type in ("complex", "vector_field"):
        raise ctx.error(9001, f"{image.pixel_type} images are not supported")
    return np.asarray(image.data[0], dtype=np.float64)


def pose_tuple(m: np.ndarray) -> tuple:
    """A HALCON pose (type 0: 'Rp+T', 'gba', 'point') of a 4x4 matrix."""
    return matrix_to_pose(m, 0)


def model_of(handle: tuple) -> CalibData:
    """The calibration data model behind a handle."""
    m = handle[0].obj
    assert isinstance(m, CalibData)
    return m


def index_of(ctx: CallContext, value: object, count: int, name: str) -> int:
    """A valid index (0 .. count - 1); HALCON's wrong-value error otherwise."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or not 0 <= value < count:
        raise ctx.param_error("value", name, f"{value!r} is not an index below {count}")
    return value
