"""Procedure activations: a flat variable dictionary per call, and the call depth.

HDevelop has no nested lexical scopes: a procedure's variables live from its first
assignment to its return, and globals live in one dictionary shared by every procedure
that declares them.
"""

from __future__ import annotations

from typing import Any


class Frame:
    """One procedure activation."""

    __slots__ = ("depth", "procedure", "vars")

    def __init__(self, procedure: str, depth: int, variables: dict[str, Any] | None = None) -> None:
        self.procedure = procedure
        self.depth = depth
        self.vars: dict[str, Any] = variables if variables is not None else {}
