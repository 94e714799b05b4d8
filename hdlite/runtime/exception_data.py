"""The exception tuple a ``catch`` receives, and reading it back (``dev_get_exception_data``).

HALCON guarantees only ``Exception[0]`` (the error code); everything else is read through
``dev_get_exception_data``. hdlite's layout for errors raised by operators or expressions::

    [code, error_message, add_error_code, add_error_message, program_line,
     operator, call_stack_depth, procedure, file, user_data...]

A tuple thrown by the program (``throw ([30001, 'text', X])``) is caught unchanged; its
'user_data' is everything after the code. Re-throwing a caught tuple raises the same error,
and ``throw ([Exception, More])`` appends user data.
"""

from __future__ import annotations

from hdlite import error_codes
from hdlite.errors import HalconError
from hdlite.values.control import element_type

SYSTEM_LENGTH = 9
#: the code of a thrown tuple whose first element is not an integer (HALCON's user range)
USER_CODE = 30000
_SYSTEM_TYPES = (
    "integer",
    "string",
    "integer",
    "string",
    "integer",
    "string",
    "integer",
    "string",
    "string",
)


def exception_tuple(error: HalconError, depth: int) -> tuple:
    """The tuple a ``catch (Exception)`` stores for ``error``."""
    if error.thrown is not None:
        return error.thrown
    span = error.span
    return (
        error.code,
        error_codes.text(error.code),
        error.add_code,
        error.detail,
        span.line if span else 0,
        error.operator,
        error.depth or depth,
        error.procedure,
        span.file if span else "",
        *error.user_data,
    )


def is_system(value: tuple) -> bool:
    """Whether a tuple has hdlite's layout for caught system errors."""
    if len(value) < SYSTEM_LENGTH:
        return False
    return all(element_type(v) == t for v, t in zip(value, _SYSTEM_TYPES, strict=False))


def error_from_tuple(value: tuple) -> HalconError:
    """The error that ``throw (Value)`` raises.

    Any tuple can be thrown: HALCON recommends a code >= 30000 first, but MVTec's own
    procedures throw plain strings (``throw ('message')``). ``catch`` receives the thrown
    tuple unchanged; an uncaught one reports its elements as the message, with the code when
    the first element is an integer (otherwise 30000, the start of the user range).

    Raises:
        HalconError: 1401 for an empty tuple.
    """
    if not value:
        raise HalconError(1401, "throw needs at least one value", operator="throw")
    if type(value[0]) is not int:
        error = HalconError(USER_CODE, "", user_data=value, add_code=21001)
    elif is_system(value):
        error = HalconError(
            value[0],
            value[3],
            operator=value[5],
            add_code=value[2],
            user_data=value[SYSTEM_LENGTH:],
        )
        error.procedure = value[7]
    else:
        error = HalconError(value[0], "", user_data=value[1:], add_code=21001)
    error.thrown = value
    error.args = (error.message,)  # the text depends on the thrown tuple
    return error


SLOTS = (
    "error_code",
    "error_message",
    "add_error_code",
    "add_error_message",
    "program_line",
    "operator",
    "call_stack_depth",
    "procedure",
    "user_data",
)


def slot(value: tuple, name: str) -> tuple:
    """One slot of an exception tuple; unavailable slots give ``''``.

    Raises:
        HalconError: 1302 for an unknown slot name.
    """
    if name not in SLOTS:
        raise HalconError(1302, f"unknown slot {name!r}; use one of {', '.join(SLOTS)}")
    if not value:
        return ("",)
    if is_system(value):
        positions = {n: i for i, n in enumerate(SLOTS[:-1])}
        if name == "user_data":
            return value[SYSTEM_LENGTH:]
        return (value[positions[name]],)
    if name == "error_code":
        return (value[0],)
    if name == "user_data":
        return value[1:]
    if name == "error_message":
        return (
            (value[1],)
            if len(value) > 1 and isinstance(value[1], str)
            else (error_codes.text(value[0]),)
        )
    return ("",)
