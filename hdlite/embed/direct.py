"""Operators called directly from Python, generated from their registered signatures.

::

    from hdlite import ops
    ops.tuple_length([1, 2, 3])                 # 3
    image = ops.read_image("board.png")         # numpy array, H x W or H x W x C
    width, height = ops.get_image_size_s(image) # the _s variant returns scalars

Conventions (the shape of MVTec's Python bindings, with numpy for images):

* **Inputs are arguments**, in HALCON's order (iconic inputs, then control inputs), by
  position or by keyword: the snake_case name (``gen_param_name``) or HALCON's
  (``GenParamName``). Every input is required, as in HDevelop.
* Control inputs: a Python scalar or a list/tuple of ``int``, ``float``, ``str``,
  :class:`~hdlite.values.control.Handle` (bools become 0/1, numpy scalars their Python value).
* Iconic inputs: a numpy array (H x W is one channel, H x W x C is C channels), a list of
  arrays (several images), an :class:`~hdlite.values.iconic.Image`/``Region`` or an
  :class:`~hdlite.values.iconic.ObjectTuple` as a previous call returned it.
* **Outputs are returned**: nothing gives ``None``, one output its value, several a tuple
  in signature order (iconic outputs first).
* Control outputs: a scalar when the signature declares exactly one value (``tuple_length``'s
  ``Length``), otherwise a list, even when it happens to hold one value, so that the type
  never depends on the data. The ``NAME_s`` variant of an operator returns every control
  output as a scalar and raises ``ValueError`` when one does not hold exactly one value.
* Iconic outputs: a numpy array when the output is exactly one image with a full domain;
  otherwise (regions, several objects, an image with a reduced domain, which an array would
  lose) the :class:`~hdlite.values.iconic.ObjectTuple`, which later calls accept as it is.
  :func:`to_numpy` converts object tuples of images. ``Operators(numpy=False)`` always
  returns object tuples.
* Errors raise :class:`~hdlite.errors.HalconError` with HALCON's code and the operator name
  (``exc.code``, ``exc.operator``); an operator that breaks its own contract raises
  :class:`~hdlite.errors.PluginError`.

All calls of one :class:`Operators` share one :class:`~hdlite.runtime.session.Session`
(``set_system ('seed_rand', N)`` affects later calls), as a HALCON process does.
"""

from __future__ import annotations

import inspect
import keyword
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hdlite import error_codes
from hdlite.errors import HalconError
from hdlite.plugin.calls import CallContext, call_operator
from hdlite.plugin.registry import Operator, Param
from hdlite.runtime.session import Session
from hdlite.values.control import Vector, from_python
from hdlite.values.iconic import PIXEL_TYPES, IconicObject, Image, ObjectTuple

if TYPE_CHECKING:
    import numpy as np

    from hdlite.plugin.host import PluginHost

_DTYPE_TO_PIXEL = {dtype: pixel for pixel, dtype in PIXEL_TYPES.items()}


def python_name(name: str) -> str:
    """The snake_case keyword for a HALCON parameter name.

    A lowercase letter followed by an uppercase letter or a digit starts a new word:
    ``DLClassifierHandle`` -> ``dlclassifier_handle``, ``GenParamName`` -> ``gen_param_name``,
    ``HomMat2D`` -> ``hom_mat_2d``, ``Row1`` -> ``row_1`` (the names MVTec's Python bindings
    use, as far as their reference shows them; unverified for every operator).
    """
    snake = re.sub(r"(?<=[a-z])(?=[A-Z0-9])", "_", name).lower()
    return snake + "_" if keyword.iskeyword(snake) else snake


# ----------------------------------------------------------------------------- conversions


def image_from_numpy(array: np.ndarray) -> Image:
    """An image from an H x W (one channel) or H x W x C array; the pixels are copied.

    ``float64`` becomes HALCON's ``real`` (32-bit), ``complex128`` its ``complex`` (two
    32-bit parts), ``bool`` becomes ``byte`` (0/1).

    Raises:
        HalconError: 2461 for another number of dimensions, 9007 for an unsupported dtype.
    """
    import numpy as np

    if array.ndim not in (2, 3):
        raise HalconError(
            2461, f"an image array must be H x W or H x W x C, got shape {array.shape}"
        )
    narrow = {"float64": "float32", "complex128": "complex64", "bool": "uint8"}
    dtype = narrow.get(array.dtype.name, array.dtype.name)
    pixel = _DTYPE_TO_PIXEL.get(dtype)
    if pixel is None:
        raise HalconError(9007, f"no HALCON pixel type for numpy dtype {array.dtype.name}")
    data = array.astype(dtype) if array.ndim == 2 else np.moveaxis(array, -1, 0).astype(dtype)
    return Image(np.ascontiguousarray(data), pixel)


def image_to_numpy(image: Image) -> np.ndarray:
    """The pixels of an image as a new H x W (one channel) or H x W x C array."""
    import numpy as np

    if image.channels == 1:
        return image.data[0].copy()
    return np.ascontiguousarray(np.moveaxis(image.data, 0, -1))


def to_numpy(objects: ObjectTuple | Image) -> np.ndarray | list[np.ndarray]:
    """Pixels of an image, or a list of arrays for an object tuple of several images.

    Raises:
        TypeError: an object is not an image (regions have no pixels).
    """
    if isinstance(objects, Image):
        return image_to_numpy(objects)
    if any(not isinstance(obj, Image) for obj in objects):
        raise TypeError("to_numpy needs images; the object tuple holds other objects")
    arrays = [image_to_numpy(obj) for obj in objects]  # type: ignore[arg-type]
    return arrays[0] if len(arrays) == 1 else arrays


def to_objects(value: Any, name: str = "Objects") -> ObjectTuple:
    """Convert an iconic argument (array, list of arrays, object, object tuple) to objects.

    Raises:
        HalconError: 2461 when the value is not iconic, 9007 for an unsupported array dtype.
    """
    if isinstance(value, ObjectTuple):
        return value
    if isinstance(value, IconicObject):
        return ObjectTuple([value])
    if hasattr(value, "__array_interface__") and hasattr(value, "ndim"):
        return ObjectTuple([image_from_numpy(value)])
    if isinstance(value, list | tuple):  # [] is the empty object tuple
        return ObjectTuple(obj for item in value for obj in to_objects(item, name))
    raise HalconError(
        2461, f"{name} expects an image array or iconic objects, got {type(value).__name__}"
    )


def _control_input(value: Any, param: Param, position: int, op: Operator) -> Any:
    try:
        if "vector" in param.types:
            if isinstance(value, Vector):
                return value
            return Vector([from_python(v) for v in value])
        return from_python(value)
    except TypeError as exc:
        raise HalconError(
            error_codes.wrong_type(position), f"{param.name}: {exc}", operator=op.name
        ) from None


def python_value(value: Any) -> Any:
    """A control tuple as a list, a vector as nested lists; other values unchanged."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Vector):
        return [python_value(item) for item in value.items]
    return value


def _full_domain(image: Image) -> bool:
    domain = image.domain
    if domain is None:
        return True
    return (
        domain.row == 0
        and domain.column == 0
        and domain.mask.shape == (image.height, image.width)
        and bool(domain.mask.all())
    )


def _output(value: Any, param: Param, numpy: bool, scalar: bool, op: str) -> Any:
    if param.kind == "iconic":
        objects = value.objects
        if numpy and len(objects) == 1 and isinstance(objects[0], Image):
            if _full_domain(objects[0]):
                return image_to_numpy(objects[0])
        return value
    if isinstance(value, Vector):
        return python_value(value)
    if scalar:
        if len(value) != 1:
            raise ValueError(f"{op}: output {param.name} holds {len(value)} values, not one")
        return value[0]
    if param.count == 1 and len(value) == 1:
        return value[0]
    return list(value)


# ----------------------------------------------------------------------------- functions


def make_function(op: Operator, owner: Operators, scalar: bool = False) -> Callable[..., Any]:
    """A Python function calling ``op``; ``scalar`` makes every control output a scalar."""
    names = _unique([python_name(p.name) for p in op.inputs])
    aliases = {p.name: n for p, n in zip(op.inputs, names, strict=True) if p.name != n}
    signature = inspect.Signature(
        [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD) for n in names]
    )
    positions = []
    count = 0
    for param in op.inputs:
        count += param.kind == "control"
        positions.append(count)

    def call(*args: Any, **kwargs: Any) -> Any:
        for halcon_name, snake in aliases.items():
            if halcon_name in kwargs:
                kwargs[snake] = kwargs.pop(halcon_name)
        bound = signature.bind(*args, **kwargs)
        values = []
        for param, position, arg in zip(op.inputs, positions, bound.args, strict=True):
            if param.kind == "iconic":
                values.append(to_objects(arg, param.name))
            else:
                values.append(_control_input(arg, param, position, op))
        outputs = owner.invoke(op, values)
        converted = [
            _output(v, p, owner.numpy, scalar, op.name)
            for v, p in zip(outputs, op.outputs, strict=True)
        ]
        if not converted:
            return None
        return converted[0] if len(converted) == 1 else tuple(converted)

    call.__name__ = call.__qualname__ = op.name + ("_s" if scalar else "")
    call.__signature__ = signature  # type: ignore[attr-defined]
    call.__doc__ = f"{op.signature}\n\n{op.doc}".rstrip()
    return call


def _unique(names: list[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        candidate, n = name, 2
        while candidate in out:
            candidate, n = f"{name}_{n}", n + 1
        out.append(candidate)
    return out


class Operators:
    """Every registered operator as a Python function (attribute access).

    Args:
        host: the plugin host whose operators are offered; by default every installed
            plugin, loaded on first use.
        session: the session all calls share; a fresh one by default.
        numpy: return single full-domain images as numpy arrays (see the module docs).
    """

    def __init__(
        self,
        host: PluginHost | None = None,
        *,
        session: Session | None = None,
        numpy: bool = True,
    ) -> None:
        self._host = host
        self.session = session or Session()
        self.numpy = numpy
        self._functions: dict[str, Callable[..., Any]] = {}

    @property
    def host(self) -> PluginHost:
        """The plugin host (built on first use)."""
        if self._host is None:
            from hdlite.plugin.host import make_plugin_manager

            self._host = make_plugin_manager()
        self.session.operators = self._host.registry
        return self._host

    def names(self) -> list[str]:
        """The names of all operators that can be called."""
        return self.host.registry.names()

    def function(self, name: str) -> Callable[..., Any]:
        """The Python function for operator ``name`` (or ``NAME_s``, its scalar variant).

        Raises:
            AttributeError: no such operator.
        """
        func = self._functions.get(name)
        if func is not None:
            return func
        registry = self.host.registry
        op, scalar = registry.get(name), False
        if op is None and name.endswith("_s"):
            op, scalar = registry.get(name[:-2]), True
        if op is None:
            raise AttributeError(f"no operator named {name!r}")
        func = self._functions[name] = make_function(op, self, scalar)
        return func

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("__"):
            raise AttributeError(name)
        return self.function(name)

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self.names()))

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Call operator ``name`` with Python arguments (same as ``ops.NAME(...)``)."""
        return self.function(name)(*args, **kwargs)

    def invoke(self, op: Operator, values: list[Any]) -> tuple:
        """Call ``op`` with hdlite values; returns its outputs as hdlite values.

        Raises:
            HalconError: the inputs break the signature, or the operator failed.
            PluginError: the operator raised a Python exception or returned bad outputs.
        """
        return call_operator(CallContext(self.session, op, None), values)


__all__ = [
    "Operators",
    "image_from_numpy",
    "image_to_numpy",
    "ops",
    "python_name",
    "python_value",
    "to_numpy",
    "to_objects",
]

if TYPE_CHECKING:  # the built-in operators' types (generated by scripts/gen_ops_stub.py)
    from hdlite.embed.builtin_ops import BuiltinOperators

    ops: BuiltinOperators
else:
    #: the operators of every installed plugin, sharing one session (built on first use)
    ops = Operators()
