"""``hdlite.run``: the one-line way to run a program from Python (see ``engine.py``)."""

from __future__ import annotations

import os
from typing import Any


def run(path: str | os.PathLike[str], /, **inputs: Any) -> dict[str, Any]:
    """Run a program with the shared engine; return main's variables by name.

    Keyword arguments preset main variables (the program's first assignment to each is
    skipped, as with ``hdlite run --set``): numpy arrays become images, object tuples stay
    iconic, anything else becomes a control tuple.

    Returns:
        Variable name -> value: control values as lists, vectors as nested lists, iconic
        values as :class:`~hdlite.values.iconic.ObjectTuple`.

    Raises:
        ReadError, ParseError, ResolveError: the program cannot be loaded or checked.
        HalconError: an uncaught runtime error (``code``, ``span``, ``stack``, ``render()``).
    """
    from hdlite.embed.engine import Engine  # the interpreter loads only when a program runs

    return Engine.shared().run(path, **inputs)
