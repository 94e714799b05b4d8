"""Runtime values: control tuples, handles, vectors, iconic objects, tuple arithmetic.

The control value model (``Handle``, ``Vector``, element rules) lives in :mod:`.control`;
iconic objects in :mod:`.iconic`; HALCON's tuple arithmetic in :mod:`.arith`; format strings
in :mod:`.formatting`; dictionaries in :mod:`.dicts`.
"""

from __future__ import annotations

from hdlite.values.control import Handle, Vector, element_to_str, element_type, wrap_int

__all__ = ["Handle", "Vector", "element_to_str", "element_type", "wrap_int"]
