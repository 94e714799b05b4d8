"""The state one program run shares with its operators: system parameters, randomness, output."""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TextIO

from hdlite.answers import Answers
from hdlite.runtime.error_mode import ErrorMode

if TYPE_CHECKING:
    from hdlite.plugin.registry import OperatorRegistry


class Session:
    """Per-run state that operators reach through ``ctx.session``.

    Attributes:
        system: values of ``set_system`` parameters, by name.
        state: per-plugin storage; a plugin keeps its own entry (``state['dl']``).
        display_dir: where window contents are saved as PNG (``--display-dir``), or None.
        error_mode: HDevelop's error mode (``dev_set_check``, ``dev_error_var``).
        out: where text output (``dev_inspect_ctrl``, ``fwrite_string`` to standard out) goes.
        rank: this process's rank in a distributed run (0 when alone).
        world_size: number of processes in a distributed run.
        answers: scripted answers for interactive operators (``--answers``), which take
            them with ``answers.take(NAME)``; see :mod:`hdlite.answers`.
        operators: the registry of the operators the run can call (for HALCON's operator
            information operators such as ``get_operator_name``); None outside a run.
    """

    def __init__(self, out: TextIO | None = None, seed: int | None = None) -> None:
        self.system: dict[str, tuple] = {}
        self.state: dict[str, Any] = {}
        self.out = out or sys.stdout
        self.rank = 0
        self.world_size = 1
        self.random = random.Random(seed)
        self.stop_reason: tuple[str, int] | None = None
        self.display_dir: str | None = None
        self.error_mode = ErrorMode()
        self.answers = Answers()
        self.operators: OperatorRegistry | None = None
        self._seed_listeners: list[Callable[[int], None]] = []
        self._stop_listeners: list[Callable[[str], None]] = []

    def seed(self, value: int) -> None:
        """Re-seed every random source of the run (``set_system ('seed_rand', N)``)."""
        self.random.seed(value)
        self.system["seed_rand"] = (value,)
        for listener in self._seed_listeners:
            listener(value)

    def on_seed(self, listener: Callable[[int], None]) -> None:
        """Call ``listener(seed)`` whenever the run is re-seeded (and now, if it was)."""
        self._seed_listeners.append(listener)
        if "seed_rand" in self.system:
            listener(self.system["seed_rand"][0])

    def request_stop(self, reason: str, exit_code: int) -> None:
        """Ask the run to stop before its next operator or procedure call."""
        self.stop_reason = (reason, exit_code)

    def on_stop(self, listener: Callable[[str], None]) -> None:
        """Call ``listener(reason)`` at every ``stop ()`` (reason 'stop') and at the end ('end')."""
        self._stop_listeners.append(listener)

    def notify_stop(self, reason: str) -> None:
        """Tell listeners the program reached ``stop ()`` or its end (used by the display)."""
        for listener in self._stop_listeners:
            listener(reason)

    @property
    def writes_files(self) -> bool:
        """Whether this process writes files and windows (only rank 0 in a distributed run)."""
        return self.rank == 0


def distributed_rank(environ: Mapping[str, str] | None = None) -> tuple[int, int]:
    """This process's ``(rank, world_size)`` from torchrun's RANK and WORLD_SIZE variables.

    ``(0, 1)`` when they are not set (a run in one process).

    Raises:
        ValueError: the variables are set but are not a valid rank and world size.
    """
    env = os.environ if environ is None else environ
    if "WORLD_SIZE" not in env:
        return 0, 1
    try:
        rank, world_size = int(env.get("RANK", "0")), int(env["WORLD_SIZE"])
    except ValueError:
        raise ValueError(
            f"RANK={env.get('RANK')!r} WORLD_SIZE={env['WORLD_SIZE']!r}: not integers"
        ) from None
    if world_size < 1 or not 0 <= rank < world_size:
        raise ValueError(f"RANK={rank} WORLD_SIZE={world_size}: no such process")
    return rank, world_size
