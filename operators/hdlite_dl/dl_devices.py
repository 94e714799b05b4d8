"""query_available_dl_devices and get_dl_device_param: the devices a model can run on.

hdlite offers the CPU (always, id 0) and one 'gpu' device per CUDA device torch sees (id =
CUDA index). A device handle is selected for a model with ``set_dl_model_param (Model,
'device', Device)``, which sets the model's 'runtime' and 'gpu' consistently.

From HALCON's reference (docs.mvtec.com/hdevelopevo/24.11-preview, query_available_dl_devices
and get_dl_device_param): filters are name/value pairs that must all match; a name given
several times matches any of its values, and the devices come in the order of those values
(MVTec's examples ask for ``['runtime', 'runtime'], ['gpu', 'cpu']`` and take the first
handle: a GPU if there is one). ``[]``/``[]`` lists every device. Parameters: 'type',
'name', 'id', 'runtime', 'ai_accelerator_interface' ('none' for HALCON's own runtimes),
'conversion_supported', 'precisions'. The CPU's 'name' is hdlite's choice.
"""

from __future__ import annotations

from dataclasses import dataclass

from hdlite.plugin import CallContext, ControlIn, ControlOut, operator

DEVICE_KIND = "dl_device"


@dataclass(frozen=True)
class DLDevice:
    """One compute device: its type ('cpu'/'gpu'), id, name and runtime."""

    type: str
    id: int
    name: str

    @property
    def runtime(self) -> str:
        """The model 'runtime' that runs on this device."""
        return self.type

    def param(self, name: str) -> tuple | None:
        """The value of a device parameter, None for an unknown name."""
        values: dict[str, tuple] = {
            "type": (self.type,),
            "id": (self.id,),
            "name": (self.name,),
            "runtime": (self.runtime,),
            "ai_accelerator_interface": ("none",),
            "conversion_supported": ("false",),
            "precisions": ("float32",),
            "settable_device_params": (),
        }
        return values.get(name)


def available() -> list[DLDevice]:
    """The CPU and every CUDA device."""
    import torch

    devices = [DLDevice("cpu", 0, "CPU")]
    if torch.cuda.is_available():
        for index in range(torch.cuda.device_count()):
            devices.append(DLDevice("gpu", index, torch.cuda.get_device_name(index)))
    return devices


def device_of(runtime: str, gpu: int) -> DLDevice:
    """The device a model with these 'runtime' and 'gpu' settings uses."""
    for device in available():
        if device.type == runtime and (runtime == "cpu" or device.id == gpu):
            return device
    return DLDevice(runtime, gpu, f"{runtime} {gpu}")


FILTERS = ("type", "id", "name", "runtime", "ai_accelerator_interface")


@operator(
    "query_available_dl_devices",
    ControlIn("GenParamName", types="string", count=None, default=()),
    ControlIn("GenParamValue", types=("string", "integer"), count=None, default=()),
    ControlOut("DLDeviceHandles", types="handle", count=None, sem=DEVICE_KIND),
)
def query_available_dl_devices(ctx: CallContext, names: tuple, values: tuple) -> tuple:
    """Handles of the deep-learning devices matching all filters (repeated names: any value)."""
    if len(names) != len(values):
        raise ctx.param_error("count", "GenParamValue", f"{len(names)} names, {len(values)} values")
    wanted: dict[str, list] = {}
    for name, value in zip(names, values, strict=True):
        if name not in FILTERS:
            raise ctx.param_error("value", "GenParamName", f"unknown filter {name!r}")
        wanted.setdefault(name, []).append(value)

    def rank(device: DLDevice) -> tuple[int, ...] | None:
        key = []
        for name, options in wanted.items():
            value = device.param(name)
            assert value is not None
            if value[0] not in options:
                return None
            key.append(options.index(value[0]))
        return tuple(key)

    ranked = [(rank(d), i, d) for i, d in enumerate(available())]
    found = sorted((key, i, d) for key, i, d in ranked if key is not None)
    return (tuple(ctx.new_handle(DEVICE_KIND, d) for _key, _i, d in found),)


@operator(
    "get_dl_device_param",
    ControlIn("DLDeviceHandle", types="handle", count=1, sem=DEVICE_KIND),
    ControlIn("GenParamName", types="string", count=1, default="type"),
    ControlOut("GenParamValue", count=None),
)
def get_dl_device_param(ctx: CallContext, handle: tuple, names: tuple) -> tuple:
    """One parameter of a deep-learning device ('type', 'name', 'id', 'runtime', ...)."""
    value = handle[0].obj.param(names[0])
    if value is None:
        raise ctx.param_error("value", "GenParamName", f"unknown parameter {names[0]!r}")
    return (value,)
