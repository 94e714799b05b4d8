"""``break``, ``continue`` and ``return`` as exceptions private to the runtime.

They never escape a procedure call: a stray one is HALCON error 21012.
"""

from __future__ import annotations


class BreakLoop(Exception):
    """``break``: leaves the innermost loop or switch."""


class ContinueLoop(Exception):
    """``continue``: goes on with the next iteration of the innermost loop."""


class ReturnFromProcedure(Exception):
    """``return``: leaves the current procedure."""
