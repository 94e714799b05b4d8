"""Image acquisition through HALCON's virtual ``'File'`` interface.

hdlite has no camera drivers. ``open_framegrabber ('File', ...)`` serves the images of one
file, a directory or a ``.seq`` sequence file (see :mod:`._file_grabber` for how CameraType
is read); every other interface name is error 5305 "Unknown image acquisition device", so
programs that probe interfaces in ``try ... catch`` go on.

grab_image and grab_image_async share one read position. grab_image_async returns the image
of the grab started before (by grab_image_start or the previous grab_image_async) and starts
the next one; without a started grab it grabs now. A closed handle is error 5310 "IA: handle
not valid" (HALCON's error header, H_ERR_FGWH), an unknown parameter 5321, a bad parameter
value 5326, an empty directory or sequence 5306 "IA: failed grabbing of an image" at the
grab (vision spec §3.14; the header numbers are from public copies of HALCON's HErrorDef.h).
"""

from __future__ import annotations

from hdlite.plugin import (
    CallContext,
    ControlIn,
    ControlOut,
    Handle,
    IconicOut,
    ObjectTuple,
    operator,
)

from ._file_grabber import DEFAULTS, REVISION, STANDARD_PARAMS, FileGrabber, load
from ._file_grabber import resolve_camera_type as _resolve

_KIND = "framegrabber"
_STATE = "acquisition"
_INTERFACES = ("File",)
#: File-interface parameters beyond the standard ones: name -> allowed values (() = any)
_EXTRA: dict[str, tuple] = {
    "grab_timeout": (),
    "start_async_after_grab_async": ("enable", "disable"),
    "do_abort_grab": (),
    "image_available": (),
    "revision": (),
    "name": (),
}
_READ_ONLY = ("image_available", "revision", "name")
_WRITE_ONLY = ("do_abort_grab",)
_SETTABLE = (
    "grab_timeout",
    "start_async_after_grab_async",
    "do_abort_grab",
    "external_trigger",
    "color_space",
    "image_width",
    "image_height",
    "start_row",
    "start_column",
    "horizontal_resolution",
    "vertical_resolution",
)


def _open_handles(ctx: CallContext) -> list[Handle]:
    return ctx.session.state.setdefault(_STATE, [])


def _grabber(ctx: CallContext, value: tuple, name: str = "AcqHandle") -> FileGrabber:
    """The open device behind a handle; 5310 when it is closed or not a device."""
    if len(value) != 1:
        raise ctx.param_error("count", name, f"expects one handle, got {len(value)} values")
    handle = value[0]
    if not isinstance(handle, Handle):
        raise ctx.param_error("type", name, f"expects a handle, got {handle!r}")
    if handle.kind != _KIND:
        raise ctx.error(2404, f"{name}: expects a framegrabber handle, got a {handle.kind} handle")
    if handle.cleared or not isinstance(handle.obj, FileGrabber):
        raise ctx.error(5310, f"{name}: the image acquisition device was closed")
    return handle.obj


def _check_interface(ctx: CallContext, name: object) -> None:
    if name not in _INTERFACES:
        raise ctx.error(5305, f"Name: {name!r}; hdlite offers only the virtual 'File' interface")


@operator(
    "open_framegrabber",
    ControlIn("Name", types="string", count=1, default="File"),
    ControlIn("HorizontalResolution", types="integer", count=1, default=1),
    ControlIn("VerticalResolution", types="integer", count=1, default=1),
    ControlIn("ImageWidth", types="integer", count=1, default=0),
    ControlIn("ImageHeight", types="integer", count=1, default=0),
    ControlIn("StartRow", types="integer", count=1, default=0),
    ControlIn("StartColumn", types="integer", count=1, default=0),
    ControlIn("Field", types="string", count=1, default="default"),
    ControlIn("BitsPerChannel", types="integer", count=1, default=-1),
    ControlIn("ColorSpace", types="string", count=1, default="default"),
    ControlIn("Generic", count=(1, None), default=-1),
    ControlIn("ExternalTrigger", types="string", count=1, default="default"),
    ControlIn("CameraType", types="string", count=1, default="default"),
    ControlIn("Device", types="string", count=1, default="default"),
    ControlIn("Port", types="integer", count=1, default=-1),
    ControlIn("LineIn", types="integer", count=1, default=-1),
    ControlOut("AcqHandle", types="handle", count=1),
)
def open_framegrabber(ctx: CallContext, name: tuple, *values: tuple) -> tuple:
    """Open an image acquisition device; hdlite offers HALCON's virtual 'File' interface.

    CameraType names one image file, a directory of images or a ``.seq`` file listing
    image files. ImageWidth/ImageHeight 0 mean the full image, otherwise the part that
    starts at StartRow/StartColumn; Horizontal/VerticalResolution 1, 2 or 4 subsample
    (0 counts as 1); ColorSpace 'gray' or 'rgb' converts, 'default' keeps what the file holds.
    BitsPerChannel must be -1 or 8 (the depth of the file is kept); Field, Generic, Device,
    Port and LineIn are kept for get_framegrabber_param only.
    """
    _check_interface(ctx, name[0])
    params: dict[str, object] = {}
    for key, value in zip(STANDARD_PARAMS, values, strict=True):
        params[key] = value[0] if len(value) == 1 else value
    for key in ("horizontal_resolution", "vertical_resolution"):
        if params[key] not in (0, 1, 2, 4):
            raise ctx.error(5307, f"{key}: {params[key]!r} (the File interface takes 1, 2 or 4)")
        params[key] = max(int(params[key]), 1)  # type: ignore[call-overload]
    if params["color_space"] not in ("default", "gray", "rgb"):
        raise ctx.error(5315, f"ColorSpace: {params['color_space']!r}")
    if params["bits_per_channel"] not in (-1, 8):
        raise ctx.error(5301, f"BitsPerChannel: {params['bits_per_channel']!r}")
    if params["external_trigger"] not in ("default", "false", "true"):
        raise ctx.param_error("value", "ExternalTrigger", "expects 'false' or 'true'")
    for key in ("image_width", "image_height", "start_row", "start_column"):
        if int(params[key]) < 0:  # type: ignore[call-overload]
            raise ctx.error(5308, f"{key}: {params[key]!r}")
    files = _resolve(ctx, str(params["camera_type"]))
    grabber = FileGrabber(files, params)
    grabber.extra.update(
        {"grab_timeout": 5000, "start_async_after_grab_async": "enable", "name": "File"}
    )
    handle = ctx.new_handle(_KIND, grabber)
    _open_handles(ctx).append(handle)
    return ((handle,),)


def _grab(ctx: CallContext, grabber: FileGrabber) -> ObjectTuple:
    if not grabber.files:
        raise ctx.error(5306, "the directory or sequence file holds no image")
    index = grabber.next_index()
    grabber.grabs += 1
    return ObjectTuple([load(ctx, grabber, index)])


@operator(
    "grab_image",
    IconicOut("Image"),
    ControlIn("AcqHandle", count=1),
)
def grab_image(ctx: CallContext, acq: tuple) -> tuple:
    """Grab the next image synchronously (a single file is read again at every grab).

    A grab started with grab_image_start is dropped, as HALCON cancels a pending
    asynchronous grab when grab_image is called [unverified for the File interface].
    """
    grabber = _grabber(ctx, acq)
    grabber.pending = None
    return (_grab(ctx, grabber),)


@operator(
    "grab_image_start",
    ControlIn("AcqHandle", count=1),
    ControlIn("MaxDelay", types="number", count=1, default=-1),
)
def grab_image_start(ctx: CallContext, acq: tuple, max_delay: tuple) -> tuple:
    """Start an asynchronous grab; grab_image_async returns its image (MaxDelay is obsolete)."""
    grabber = _grabber(ctx, acq)
    if not grabber.files:
        raise ctx.error(5306, "the directory or sequence file holds no image")
    if grabber.pending is None:
        grabber.pending = grabber.next_index()
    return ()


@operator(
    "grab_image_async",
    IconicOut("Image"),
    ControlIn("AcqHandle", count=1),
    ControlIn("MaxDelay", types="number", count=1, default=-1),
)
def grab_image_async(ctx: CallContext, acq: tuple, max_delay: tuple) -> tuple:
    """Return the image of the started grab (or grab now) and start the next grab.

    MaxDelay (ms, -1: off) never rejects a File image: files are read when the grab
    completes, so no image is ever older than the call. With
    ``'start_async_after_grab_async'`` = ``'disable'`` no next grab is started.
    """
    grabber = _grabber(ctx, acq)
    if not grabber.files:
        raise ctx.error(5306, "the directory or sequence file holds no image")
    index = grabber.pending if grabber.pending is not None else grabber.next_index()
    grabber.pending = None
    grabber.grabs += 1
    image = load(ctx, grabber, index)
    if grabber.extra.get("start_async_after_grab_async") == "enable":
        grabber.pending = grabber.next_index()
    return (ObjectTuple([image]),)


@operator("close_framegrabber", ControlIn("AcqHandle", count=1))
def close_framegrabber(ctx: CallContext, acq: tuple) -> tuple:
    """Close the device; any later use of the handle is error 5310."""
    _grabber(ctx, acq)
    handle = acq[0]
    handle.clear()
    handles = _open_handles(ctx)
    if handle in handles:
        handles.remove(handle)
    return ()


@operator("close_all_framegrabbers")
def close_all_framegrabbers(ctx: CallContext) -> tuple:
    """Close every image acquisition device the program opened."""
    for handle in _open_handles(ctx):
        handle.clear()
    _open_handles(ctx).clear()
    return ()


def _get(ctx: CallContext, grabber: FileGrabber, param: str) -> tuple:
    if param in STANDARD_PARAMS:
        value = grabber.params[param]
        return value if isinstance(value, tuple) else (value,)
    if param == "image_available":
        return (1 if grabber.pending is not None else 0,)
    if param == "revision":
        return (REVISION,)
    if param in _WRITE_ONLY:
        raise ctx.error(5321, f"Param: {param!r} can only be set")
    if param in _EXTRA:
        return (grabber.extra[param],)
    raise ctx.error(5321, f"Param: {param!r}")


@operator(
    "get_framegrabber_param",
    ControlIn("AcqHandle", count=1),
    ControlIn("Param", types="string", count=(1, None), default="revision"),
    ControlOut("Value"),
)
def get_framegrabber_param(ctx: CallContext, acq: tuple, param: tuple) -> tuple:
    """Values of device parameters: the open_framegrabber values by lower-case name
    ('camera_type', 'image_width', ...) and the File interface's own ('revision',
    'grab_timeout', 'start_async_after_grab_async', 'image_available', 'name')."""
    grabber = _grabber(ctx, acq)
    out: list = []
    for p in param:
        out.extend(_get(ctx, grabber, p))
    return (tuple(out),)


@operator(
    "set_framegrabber_param",
    ControlIn("AcqHandle", count=1),
    ControlIn("Param", types="string", count=(1, None)),
    ControlIn("Value", count=(1, None)),
)
def set_framegrabber_param(ctx: CallContext, acq: tuple, param: tuple, value: tuple) -> tuple:
    """Set device parameters: the image part, subsampling, colour space, trigger flag,
    'grab_timeout', 'start_async_after_grab_async' and 'do_abort_grab' (drops a started
    grab). Unknown or read-only parameters are error 5321, bad values 5326."""
    grabber = _grabber(ctx, acq)
    pairs = list(zip(param, value, strict=False)) if len(param) == len(value) else None
    if pairs is None:
        if len(param) != 1:
            raise ctx.param_error("count", "Value", f"{len(value)} values for {len(param)} names")
        pairs = [(param[0], value)]
    for name, v in pairs:
        _set(ctx, grabber, name, v)
    return ()


def _set(ctx: CallContext, grabber: FileGrabber, name: str, value: object) -> None:
    if name not in _SETTABLE:
        raise ctx.error(5321, f"Param: {name!r} cannot be set")
    if isinstance(value, tuple):
        if len(value) != 1:
            raise ctx.error(5326, f"{name}: expects one value")
        value = value[0]
    if name == "do_abort_grab":
        grabber.pending = None
        return
    if name == "grab_timeout":
        if type(value) not in (int, float) or value < -1:  # type: ignore[operator]
            raise ctx.error(5326, f"{name}: {value!r}")
        grabber.extra[name] = value
        return
    if name == "start_async_after_grab_async":
        if value not in ("enable", "disable"):
            raise ctx.error(5326, f"{name}: {value!r} (expects 'enable' or 'disable')")
        grabber.extra[name] = value
        return
    allowed = {
        "external_trigger": ("false", "true"),
        "color_space": ("default", "gray", "rgb"),
        "horizontal_resolution": (1, 2, 4),
        "vertical_resolution": (1, 2, 4),
    }.get(name)
    if allowed is not None and value not in allowed:
        raise ctx.error(5326, f"{name}: {value!r}")
    if allowed is None and (type(value) is not int or value < 0):
        raise ctx.error(5326, f"{name}: {value!r} (expects an integer >= 0)")
    grabber.params[name] = value


_PARAM_INFO = {
    "bits_per_channel": ("Bits per channel: -1 (as the file) or 8.", (-1, 8)),
    "camera_type": (
        "CameraType: an image file, a directory of images or a .seq file of image names.",
        ("default",),
    ),
    "color_space": ("Color space of the grabbed images.", ("default", "gray", "rgb")),
    "device": ("Device: unused by the File interface.", ("default",)),
    "external_trigger": ("External trigger: not used by files.", ("false", "true")),
    "field": ("Field: unused by the File interface.", ("default",)),
    "generic": ("Generic: unused by the File interface.", (-1,)),
    "port": ("Port: unused by the File interface.", (-1,)),
    "line_in": ("LineIn: unused by the File interface.", (-1,)),
    "horizontal_resolution": ("Horizontal subsampling.", (1, 2, 4)),
    "vertical_resolution": ("Vertical subsampling.", (1, 2, 4)),
    "start_row": ("First row of the image part.", (0,)),
    "start_column": ("First column of the image part.", (0,)),
    "image_width": ("Width of the image part (0: full width).", (0,)),
    "image_height": ("Height of the image part (0: full height).", (0,)),
}


@operator(
    "info_framegrabber",
    ControlIn("Name", types="string", count=1, default="File"),
    ControlIn("Query", types="string", count=1, default="info_boards"),
    ControlOut("Information"),
    ControlOut("ValueList"),
)
def info_framegrabber(ctx: CallContext, name: tuple, query: tuple) -> tuple:
    """Information about an interface: 'defaults', 'general', 'info_boards', 'parameters',
    'parameters_readonly', 'parameters_writeonly', 'revision' or one open_framegrabber
    parameter by lower-case name ('camera_type', 'color_space', ...)."""
    _check_interface(ctx, name[0])
    q = query[0]
    if q == "defaults":
        return (("Default values of open_framegrabber after Name.",), DEFAULTS)
    if q == "general":
        text = "hdlite's virtual File interface: images from a file, a directory or a .seq file."
        return ((text,), ())
    if q == "info_boards":
        return (("The File interface has no boards.",), ())
    if q == "revision":
        return ((REVISION,), (REVISION,))
    if q == "parameters":
        names = tuple(sorted(set(STANDARD_PARAMS) | set(_EXTRA) - set(_WRITE_ONLY)))
        return (("Parameters of get_framegrabber_param.",), names)
    if q == "parameters_readonly":
        fixed = sorted(set(STANDARD_PARAMS) - set(_SETTABLE)) + list(_READ_ONLY)
        return (("Read-only parameters.",), tuple(fixed))
    if q == "parameters_writeonly":
        return (("Write-only parameters.",), _WRITE_ONLY)
    if q in _PARAM_INFO:
        text, values = _PARAM_INFO[q]
        return ((text,), values)
    raise ctx.param_error("value", "Query", f"unknown query {q!r}")
