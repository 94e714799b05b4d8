"""The plugin contract: every hook an hdlite plugin can implement.

Built-in operator sets are plugins too; they are found through the same ``hdlite``
entry-point group as third-party packages and register through these hooks only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from hdlite.plugin.registry import OperatorRegistry

hookspec = pluggy.HookspecMarker("hdlite")
hookimpl = pluggy.HookimplMarker("hdlite")


@hookspec
def hdlite_register_operators(registry: OperatorRegistry) -> None:
    """Add this plugin's operators with ``registry.add(op)`` or ``registry.add_all(module)``.

    Names are global: adding a name that another plugin already added is an error that
    names both plugins. Implementations should only declare operators here; heavy imports
    (torch) belong inside the operator functions.

    :param registry: the registry of the plugin manager being built.
    """


@hookspec(firstresult=True)
def hdlite_launch(launch: list[str], child: list[str]) -> int | None:
    """Run ``hdlite`` with the arguments ``child`` in several processes; return the exit code.

    Called for ``hdlite run`` with distributed options (``--nproc-per-node`` and the other
    launcher options of ``hdlite run --help``); the first plugin that returns a code wins.
    Raise :class:`hdlite.plugin.UsageError` for options it cannot use.

    :param launch: the launcher options as given, e.g. ``['--nproc-per-node=2']``.
    :param child: the arguments of each child process (``['run', 'prog.hdev', ...]``).
    """


@hookspec
def hdlite_procedure_dirs() -> list[Path]:
    """Return directories of procedure files (``.hdvp``/``.hdpl``) that this plugin ships.

    They are searched after the program's own directory and the user's procedure path.
    """
    raise NotImplementedError
