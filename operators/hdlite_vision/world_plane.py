"""Rectifying images onto a world plane: gen_image_to_world_plane_map, map_image and
image_to_world_plane.

Geometry (the reference pages of image_to_world_plane and gen_image_to_world_plane_map):
pixel (r, c) of the rectified image shows the point ``(x, y) = (c Scale, r Scale)`` of the
plane z = 0 of the world frame WorldPose (its pose in camera coordinates), so the origin of
the world frame lies in the upper left pixel and x runs along the columns. Scale is metres per
pixel, or a unit name ('m', 'cm', 'mm', 'microns', 'um': one pixel is one unit).

Maps (hdlite's layouts; map_image accepts them, [unverified] HALCON's exact map layouts):

* 'nearest_neighbor': a one-channel int4 image holding ``row * WidthIn + column`` of the
  source pixel (HALCON's linearised coordinate); pixels whose source lies outside the input
  image are left out of the map's domain.
* 'bilinear' and 'coord_map_sub_pix': a two-channel real image of the sub-pixel source row
  and column; map_image interpolates bilinearly (HALCON stores 'bilinear' maps as five
  channels of indices and weights; hdlite's two-channel form gives the same gray values).

map_image keeps the output domain to the pixels whose source lies inside the input image.

Sizes: Width, Height, WidthIn ... are 1 .. 2^31 - 1 (HALCON's wrong-value error naming the
parameter); a rectified image or map too large for the machine's memory is 6001; a
'nearest_neighbor' map needs ``WidthIn * HeightIn`` below 2^31 (its int4 index), else the
wrong-value error for WidthIn.
"""

from __future__ import annotations

import numpy as np
from hdlite_image._common import check_fits, extent

from hdlite.plugin import (
    CallContext,
    ControlIn,
    IconicIn,
    IconicOut,
    Image,
    ObjectTuple,
    Region,
    operator,
)

from ._camera_model import project
from ._geometry3d import pose_to_matrix
from .camera import camera
from .poses import check_pose

_UNITS = {"m": 1.0, "cm": 0.01, "mm": 0.001, "microns": 1e-6, "um": 1e-6}
_MAP_TYPES = ("bilinear", "nearest_neighbor", "coord_map_sub_pix")


def _scale(ctx: CallContext, value: object) -> float:
    s = _UNITS.get(value) if isinstance(value, str) else float(value)  # type: ignore[arg-type]
    if s is None or not s > 0:
        raise ctx.param_error("value", "Scale", f"{value!r} (a unit or a positive number)")
    return s


def _source_coords(
    ctx: CallContext, cam_param: tuple, pose: tuple, width: int, height: int, scale: float
) -> tuple[np.ndarray, np.ndarray]:
    """Source (row, column) of every pixel of the rectified image."""
    cam = camera(ctx, cam_param)
    m = pose_to_matrix(check_pose(ctx, pose, "WorldPose"))
    r, c = np.mgrid[0:height, 0:width]
    world = np.vstack([c.reshape(-1) * scale, r.reshape(-1) * scale, np.zeros(r.size)])
    p = m[:3, :3] @ world + m[:3, 3:4]
    if not cam.telecentric and np.any(p[2] <= 0):
        raise ctx.param_error("value", "WorldPose", "part of the plane lies behind the camera")
    rows, cols = project(cam, p)
    return rows.reshape(height, width), cols.reshape(height, width)


#: bytes per pixel of the rectified image while it is computed (the grid, the world and
#: camera points, the source coordinates: about twelve float64 arrays)
_WORK_BYTES = 96


def _size(ctx: CallContext, name: str, value: tuple) -> int:
    """An image width or height: 1 .. 2^31 - 1 (HALCON's wrong-value error otherwise)."""
    return extent(ctx, value[0], name)


@operator(
    "gen_image_to_world_plane_map",
    IconicOut("Map"),
    ControlIn("CameraParam", types=("string", "number"), count=(8, 13)),
    ControlIn("WorldPose", types="number", count=7),
    ControlIn("WidthIn", types="integer", count=1, default=640),
    ControlIn("HeightIn", types="integer", count=1, default=480),
    ControlIn("WidthMapped", types="integer", count=1, default=640),
    ControlIn("HeightMapped", types="integer", count=1, default=480),
    ControlIn("Scale", types=("string", "number"), count=1, default="m"),
    ControlIn("MapType", types="string", count=1, default="bilinear", values=_MAP_TYPES),
)
def gen_image_to_world_plane_map(
    ctx: CallContext,
    cam_param: tuple,
    pose: tuple,
    w_in: tuple,
    h_in: tuple,
    w_out: tuple,
    h_out: tuple,
    scale: tuple,
    map_type: tuple,
) -> tuple:
    """A map for map_image that rectifies images of the camera onto the world plane."""
    win, hin = _size(ctx, "WidthIn", w_in), _size(ctx, "HeightIn", h_in)
    wout, hout = _size(ctx, "WidthMapped", w_out), _size(ctx, "HeightMapped", h_out)
    check_fits(ctx, hout, wout, item=_WORK_BYTES, what="map")
    if map_type[0] == "nearest_neighbor" and win * hin > 2**31 - 1:
        raise ctx.param_error("value", "WidthIn", "WidthIn * HeightIn exceeds the int4 map range")
    rows, cols = _source_coords(ctx, cam_param, pose, wout, hout, _scale(ctx, scale[0]))
    if map_type[0] == "nearest_neighbor":
        ri, ci = np.rint(rows), np.rint(cols)
        inside = (ri >= 0) & (ri < hin) & (ci >= 0) & (ci < win)
        index = np.where(inside, ri * win + ci, 0).astype(np.int32)
        img = Image(index, "int4", Region.from_mask(inside, 0, 0))
    else:
        inside = (rows > -0.5) & (rows < hin - 0.5) & (cols > -0.5) & (cols < win - 0.5)
        data = np.stack([rows, cols]).astype(np.float32)
        img = Image(data, "real", Region.from_mask(inside, 0, 0))
    return (ObjectTuple([img]),)


def _remap(data: np.ndarray, rows: np.ndarray, cols: np.ndarray, nearest: bool) -> np.ndarray:
    """Sample every channel of ``data`` at (rows, cols), bilinearly or at the nearest pixel."""
    from scipy import ndimage

    out = np.empty((data.shape[0], *rows.shape), dtype=np.float64)
    for ch in range(data.shape[0]):
        out[ch] = ndimage.map_coordinates(
            data[ch].astype(np.float64), [rows, cols], order=0 if nearest else 1, mode="nearest"
        )
    return out


def _cast(values: np.ndarray, pixel_type: str, dtype: np.dtype) -> np.ndarray:
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        return np.clip(np.rint(values), info.min, info.max).astype(dtype)
    return values.astype(dtype)


def _single(ctx: CallContext, objs: ObjectTuple, name: str) -> Image:
    if len(objs) != 1 or not isinstance(objs[0], Image):
        raise ctx.error(1501 if name == "Image" else 1502, f"{name}: expects one image")
    return objs[0]


@operator("map_image", IconicIn("Image"), IconicIn("Map"), IconicOut("ImageMapped"))
def map_image(ctx: CallContext, image: ObjectTuple, map_obj: ObjectTuple) -> tuple:
    """Apply a map made by gen_image_to_world_plane_map: every output pixel takes the gray
    value of its source pixel (nearest neighbour) or source point (bilinear)."""
    if not image:
        return (ObjectTuple([]),)
    mp = _single(ctx, map_obj, "Map")
    out = []
    for img in image:
        if not isinstance(img, Image):
            raise ctx.error(9054, "Image: expects images")
        h, w = img.data.shape[1:]
        if mp.pixel_type == "int4" and mp.channels == 1:
            idx = mp.data[0].astype(np.int64)
            rows, cols = (idx // w).astype(np.float64), (idx % w).astype(np.float64)
            nearest = True
        elif mp.pixel_type == "real" and mp.channels == 2:
            rows, cols = mp.data[0].astype(np.float64), mp.data[1].astype(np.float64)
            nearest = False
        else:
            raise ctx.error(1502, "Map: not a map (int4 with 1 channel or real with 2)")
        inside = (rows > -0.5) & (rows < h - 0.5) & (cols > -0.5) & (cols < w - 0.5)
        if mp.domain is not None:
            inside &= mp.domain.to_mask(*rows.shape)
        values = _remap(img.data, rows, cols, nearest) * inside
        data = _cast(values, img.pixel_type, img.data.dtype)
        out.append(Image(data, img.pixel_type, Region.from_mask(inside, 0, 0)))
    return (ObjectTuple(out),)


@operator(
    "image_to_world_plane",
    IconicIn("Image"),
    IconicOut("ImageWorld"),
    ControlIn("CameraParam", types=("string", "number"), count=(8, 13)),
    ControlIn("WorldPose", types="number", count=7),
    ControlIn("Width", types="integer", count=1, default=640),
    ControlIn("Height", types="integer", count=1, default=480),
    ControlIn("Scale", types=("string", "number"), count=1, default="m"),
    ControlIn(
        "Interpolation",
        types="string",
        count=1,
        default="bilinear",
        values=("bilinear", "nearest_neighbor"),
    ),
)
def image_to_world_plane(
    ctx: CallContext,
    image: ObjectTuple,
    cam_param: tuple,
    pose: tuple,
    width: tuple,
    height: tuple,
    scale: tuple,
    interpolation: tuple,
) -> tuple:
    """Rectify images onto the plane z = 0 of the world frame WorldPose."""
    w, h = _size(ctx, "Width", width), _size(ctx, "Height", height)
    check_fits(ctx, h, w, item=_WORK_BYTES, what="rectified image")
    rows, cols = _source_coords(ctx, cam_param, pose, w, h, _scale(ctx, scale[0]))
    out = []
    for img in image:
        if not isinstance(img, Image):
            raise ctx.error(9054, "Image: expects images")
        ih, iw = img.data.shape[1:]
        inside = (rows > -0.5) & (rows < ih - 0.5) & (cols > -0.5) & (cols < iw - 0.5)
        nearest = interpolation[0] == "nearest_neighbor"
        values = _remap(img.data, rows, cols, nearest) * inside
        data = _cast(values, img.pixel_type, img.data.dtype)
        out.append(Image(data, img.pixel_type, Region.from_mask(inside, 0, 0)))
    return (ObjectTuple(out),)
