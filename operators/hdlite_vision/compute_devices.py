"""HALCON compute devices (OpenCL): hdlite has none, and behaves as HALCON does on a machine
without one.

HALCON's reference [doc: query_available_compute_devices, open_compute_device,
activate_compute_device, deactivate_all_compute_devices; mvtec.com/doc/halcon/1811 and
docs.mvtec.com/hdevelopevo 25.11]: a DeviceIdentifier "must be obtained by
query_available_compute_devices", and a DeviceHandle only by open_compute_device. hdlite
runs no operator on an OpenCL device (deep learning uses its own devices, see
query_available_dl_devices), so:

* query_available_compute_devices returns an empty tuple, as on a machine without OpenCL
  devices; deactivate_all_compute_devices and release_all_compute_devices succeed (there
  is nothing to deactivate or release; the former "returns 2 (H_MSG_TRUE)").
* open_compute_device and get_compute_device_info refuse every DeviceIdentifier with
  HALCON's 4106 H_ERR_INVALID_DEVICE "Invalid compute device" [code: HALCON's error table,
  /work/shared/spec/error-codes.md §7], since no identifier is valid.
* The operators taking a DeviceHandle can never receive a compute-device handle: a value
  that is no handle is a wrong type (1201), a handle of another kind HALCON's 2404 (wrong
  handle type), a cleared one 2454.
"""

from __future__ import annotations

from hdlite.plugin import CallContext, ControlIn, ControlOut, Handle, operator

#: the handle kind a compute device would have
KIND = "compute_device"


def _invalid_identifier(ctx: CallContext, identifier: tuple) -> Exception:
    return ctx.error(
        4106, f"DeviceIdentifier {identifier[0]!r}: hdlite has no HALCON compute devices"
    )


def _no_device(ctx: CallContext, value: tuple, name: str = "DeviceHandle") -> Exception:
    """The error for a DeviceHandle argument: none can refer to a compute device here."""
    handle = value[0]
    if not isinstance(handle, Handle):
        return ctx.param_error("type", name, f"expects a compute device handle, got {handle!r}")
    if handle.cleared:
        return ctx.error(2454, f"{name}: the handle was cleared")
    if handle.kind != KIND:
        return ctx.error(2404, f"{name}: expects a compute_device handle, got a {handle.kind}")
    return ctx.error(4106, f"{name}: hdlite has no HALCON compute devices")


@operator("query_available_compute_devices", ControlOut("DeviceIdentifier", types="integer"))
def query_available_compute_devices(ctx: CallContext) -> tuple:
    """The identifiers of the available OpenCL compute devices: none in hdlite."""
    return ((),)


@operator(
    "get_compute_device_info",
    ControlIn("DeviceIdentifier", types="integer", count=1, default=0),
    ControlIn("InfoName", types="string", count=1, default="name"),
    ControlOut("Info"),
)
def get_compute_device_info(ctx: CallContext, identifier: tuple, info: tuple) -> tuple:
    """Information on a compute device; every identifier is invalid here (4106)."""
    raise _invalid_identifier(ctx, identifier)


@operator(
    "open_compute_device",
    ControlIn("DeviceIdentifier", types="integer", count=1, default=0),
    ControlOut("DeviceHandle", count=1),
)
def open_compute_device(ctx: CallContext, identifier: tuple) -> tuple:
    """Open a compute device; every identifier is invalid here (4106)."""
    raise _invalid_identifier(ctx, identifier)


@operator(
    "init_compute_device",
    ControlIn("DeviceHandle", count=1),
    ControlIn("Operators", types="string", default="all"),
)
def init_compute_device(ctx: CallContext, handle: tuple, operators: tuple) -> tuple:
    """Prepare operators on a compute device; no handle can name one here."""
    raise _no_device(ctx, handle)


@operator("activate_compute_device", ControlIn("DeviceHandle", count=1))
def activate_compute_device(ctx: CallContext, handle: tuple) -> tuple:
    """Run later operators on a compute device; no handle can name one here."""
    raise _no_device(ctx, handle)


@operator("deactivate_compute_device", ControlIn("DeviceHandle", count=1))
def deactivate_compute_device(ctx: CallContext, handle: tuple) -> tuple:
    """Stop using a compute device; no handle can name one here."""
    raise _no_device(ctx, handle)


@operator("deactivate_all_compute_devices")
def deactivate_all_compute_devices(ctx: CallContext) -> tuple:
    """Deactivate every compute device of the thread: none is ever active in hdlite."""
    return ()


@operator(
    "set_compute_device_param",
    ControlIn("DeviceHandle", count=1),
    ControlIn("GenParamName", types="string", count=1, default="buffer_cache_capacity"),
    ControlIn("GenParamValue", count=1),
)
def set_compute_device_param(ctx: CallContext, handle: tuple, name: tuple, value: tuple) -> tuple:
    """Set a parameter of a compute device; no handle can name one here."""
    raise _no_device(ctx, handle)


@operator(
    "get_compute_device_param",
    ControlIn("DeviceHandle", count=1),
    ControlIn("GenParamName", types="string", count=1, default="buffer_cache_capacity"),
    ControlOut("GenParamValue"),
)
def get_compute_device_param(ctx: CallContext, handle: tuple, name: tuple) -> tuple:
    """Query a parameter of a compute device; no handle can name one here."""
    raise _no_device(ctx, handle)


@operator("release_compute_device", ControlIn("DeviceHandle", count=1))
def release_compute_device(ctx: CallContext, handle: tuple) -> tuple:
    """Close a compute device; no handle can name one here."""
    raise _no_device(ctx, handle)


@operator("release_all_compute_devices")
def release_all_compute_devices(ctx: CallContext) -> tuple:
    """Close every compute device: none is ever open in hdlite."""
    return ()
