"""The state behind a ``'framegrabber'`` handle of HALCON's virtual ``'File'`` interface.

A :class:`FileGrabber` knows the image files it serves, its read position and the
open_framegrabber parameters. How ``CameraType`` is read (HALCON's File-interface page and
the Solution Guide on image acquisition, as quoted in the vision spec §3.14):

* a **directory**: every image file directly in it (no sub-directories), sorted by name
  (ordinal, case-sensitive), files whose extension is not an image extension skipped
  [unverified order];
* a **sequence file** (``.seq``): one image file name per line, blank lines skipped, a
  relative name resolved against the ``.seq`` file's directory first, then like read_image
  [unverified resolution order];
* otherwise **one image file**, found like read_image (search path, extensions); every grab
  reads it again;
* ``'default'``: the image ``'fabrik'`` found like read_image [unverified: HALCON's File
  interface ships with that default].

After the last image the next grab starts again at the first [unverified, consistent with
MVTec's examples that grab a fixed count from a directory].
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from hdlite.plugin import CallContext, Image

#: extensions (lower case) of the files a directory contributes, in HALCON's list order
IMAGE_EXTENSIONS = (
    ".tiff",
    ".tif",
    ".jpg",
    ".jpeg",
    ".jp2",
    ".png",
    ".pbm",
    ".pnm",
    ".pgm",
    ".ppm",
    ".gif",
    ".bmp",
    ".pcx",
    ".ras",
    ".ima",
    ".xwd",
    ".hobj",
)

#: the open_framegrabber parameters after Name, by get_framegrabber_param name
STANDARD_PARAMS = (
    "horizontal_resolution",
    "vertical_resolution",
    "image_width",
    "image_height",
    "start_row",
    "start_column",
    "field",
    "bits_per_channel",
    "color_space",
    "generic",
    "external_trigger",
    "camera_type",
    "device",
    "port",
    "line_in",
)

#: default values of those parameters for the File interface [unverified values]
DEFAULTS: tuple = (
    1,
    1,
    0,
    0,
    0,
    0,
    "default",
    -1,
    "default",
    -1,
    "false",
    "default",
    "default",
    -1,
    -1,
)

REVISION = "1.0"


@dataclass
class FileGrabber:
    """An open File-interface device: its files, read position and parameters."""

    files: list[str]
    params: dict[str, object]
    position: int = 0
    #: a grab started by grab_image_start / grab_image_async that was not yet returned
    pending: int | None = None
    extra: dict[str, object] = field(default_factory=dict)
    grabs: int = 0

    def next_index(self) -> int:
        """The index of the file the next grab reads; advances the shared position."""
        index = self.position % len(self.files)
        self.position = index + 1
        return index

    def close(self) -> None:
        """Forget the files (called when the handle is cleared)."""
        self.files = []
        self.pending = None


def list_directory(path: str) -> list[str]:
    """The image files directly in ``path``, sorted by name."""
    names = sorted(os.listdir(path))
    return [
        os.path.join(path, n)
        for n in names
        if os.path.splitext(n)[1].lower() in IMAGE_EXTENSIONS
        and os.path.isfile(os.path.join(path, n))
    ]


def read_sequence(ctx: CallContext, path: str) -> list[str]:
    """The image files a sequence file lists, resolved as far as they exist."""
    from hdlite_image.image_io import find_image_file

    base = os.path.dirname(path)
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = [line.strip() for line in handle]
    except OSError as exc:
        raise ctx.error(5215, f"{path}: {exc.strerror}") from None
    out = []
    for line in lines:
        if not line:
            continue
        local = line if os.path.isabs(line) else os.path.join(base, line)
        found = find_image_file(ctx.session, local) or find_image_file(ctx.session, line)
        # a missing entry fails at the grab that reaches it, with read_image's error
        out.append(found or line)
    return out


def resolve_camera_type(ctx: CallContext, camera_type: str) -> list[str]:
    """The image files that ``CameraType`` names, in grab order.

    Raises:
        HalconError: 5200 when it names nothing that exists.
    """
    from hdlite_image.image_io import find_image_file

    name = "fabrik" if camera_type == "default" else camera_type
    if name and os.path.isdir(name):
        return list_directory(name)
    if name.lower().endswith(".seq") and os.path.isfile(name):
        return read_sequence(ctx, name)
    found = find_image_file(ctx.session, name) if name else None
    if found is None:
        raise ctx.error(5200, f"CameraType: {camera_type!r} is no image file, directory or .seq")
    if found.lower().endswith(".seq"):
        return read_sequence(ctx, found)
    return [found]


def load(ctx: CallContext, grabber: FileGrabber, index: int) -> Image:
    """Read file ``index`` of the device, with the crop and colour the device asks for."""
    from hdlite_image.image_io import decode_image_file, find_image_file

    name = grabber.files[index]
    path = name if os.path.isfile(name) else find_image_file(ctx.session, name)
    if path is None:
        raise ctx.error(5200, f"{name!r} (entry {index + 1} of the image sequence)")
    image = decode_image_file(ctx, path)[0]
    return _adapt(ctx, grabber, image)


def _adapt(ctx: CallContext, grabber: FileGrabber, image: Image) -> Image:
    """Apply ColorSpace, the image part (ImageWidth/Height, StartRow/Column) and subsampling."""
    import numpy as np

    p = grabber.params
    data = image.data
    space = p["color_space"]
    if space == "gray" and data.shape[0] >= 3:
        from hdlite_image.channels import weighted_gray

        data = weighted_gray(data[0], data[1], data[2], image.pixel_type)[None]
    elif space == "rgb" and data.shape[0] in (1, 2):
        data = np.repeat(data[:1], 3, axis=0)
    elif space == "rgb" and data.shape[0] == 4:
        data = data[:3]
    h, w = data.shape[1], data.shape[2]
    row0, col0 = int(p["start_row"]), int(p["start_column"])  # type: ignore[call-overload]
    width = int(p["image_width"]) or w - col0  # type: ignore[call-overload]
    height = int(p["image_height"]) or h - row0  # type: ignore[call-overload]
    if row0 < 0 or col0 < 0 or width <= 0 or height <= 0 or row0 + height > h or col0 + width > w:
        raise ctx.error(5308, f"image part {row0},{col0} {width}x{height} of a {w}x{h} image")
    data = data[:, row0 : row0 + height, col0 : col0 + width]
    sub_r, sub_c = int(p["vertical_resolution"]), int(p["horizontal_resolution"])  # type: ignore[call-overload]
    if sub_r > 1 or sub_c > 1:
        data = data[:, :: max(sub_r, 1), :: max(sub_c, 1)]
    if data is image.data:
        return image
    return Image(np.ascontiguousarray(data), image.pixel_type)
