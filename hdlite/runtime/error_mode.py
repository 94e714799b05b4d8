"""HDevelop's error mode: whether operator errors raise, and the variable that records them.

``dev_set_check ('~give_error')`` turns raising off: a failing operator call is skipped and
the run goes on. ``dev_error_var (ErrorVar, 1)`` makes every following operator call of the
same procedure activation store its result code in ``ErrorVar`` (2, H_MSG_TRUE, on success;
the HALCON error number otherwise). The state is per run (:attr:`Session.error_mode`); the
operators that change it are the core intrinsics (``intrinsics.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hdlite.plugin.calls import VariableRef

#: H_MSG_TRUE, the code of a successful operator call
SUCCESS = 2


@dataclass
class ErrorMode:
    """The run's error mode.

    Attributes:
        give_error: operator errors raise (``dev_set_check ('give_error')``, the default).
        error_var: the variable ``dev_error_var`` writes result codes to, or None.
    """

    give_error: bool = True
    error_var: VariableRef | None = None

    def record(self, owner: object, code: int) -> None:
        """Store ``code`` in the error variable if it belongs to the activation ``owner``."""
        ref = self.error_var
        if ref is not None and ref.owner is owner:
            ref.set((code,))
