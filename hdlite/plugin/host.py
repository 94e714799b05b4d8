"""Building a plugin manager: entry points, extra plugins, blocking, and the registry."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import pluggy

from hdlite.errors import HdliteError
from hdlite.plugin import hookspecs
from hdlite.plugin.registry import DuplicateOperatorError, OperatorRegistry
from hdlite.runtime import intrinsics

ENTRY_POINT_GROUP = "hdlite"


class PluginLoadError(HdliteError):
    """A plugin could not be loaded or broke the hook contract."""

    exit_code = 2


@dataclass(frozen=True)
class PluginInfo:
    """What ``hdlite plugins`` shows about one plugin."""

    name: str
    version: str
    hooks: tuple[str, ...]
    operators: int


class PluginHost:
    """A pluggy manager with its operator registry and procedure directories.

    Build one with :func:`make_plugin_manager`; the interpreter receives it.
    """

    def __init__(self, pm: pluggy.PluginManager) -> None:
        self.pm = pm
        self.registry = OperatorRegistry()
        for impl in pm.hook.hdlite_register_operators.get_hookimpls():
            self.registry.current_plugin = impl.plugin_name
            try:
                impl.function(registry=self.registry)
            except DuplicateOperatorError as exc:
                raise PluginLoadError(str(exc)) from None
        self.registry.current_plugin = ""

    def procedure_dirs(self) -> list[Path]:
        """Procedure directories contributed by plugins, in plugin order."""
        dirs: list[Path] = []
        for result in self.pm.hook.hdlite_procedure_dirs():
            dirs.extend(Path(str(d)) for d in result)
        return dirs

    def plugins(self) -> list[PluginInfo]:
        """Name, version, hooks and operator count of every registered plugin."""
        infos = []
        versions = {
            self.pm.get_name(plugin): dist.version
            for plugin, dist in self.pm.list_plugin_distinfo()
        }
        counts: dict[str, int] = {}
        for name in self.registry.names():
            op = self.registry.get(name)
            assert op is not None
            counts[op.plugin] = counts.get(op.plugin, 0) + 1
        for plugin in self.pm.get_plugins():
            name = self.pm.get_name(plugin) or "?"
            hooks = tuple(sorted(h.name for h in self.pm.get_hookcallers(plugin) or []))
            infos.append(PluginInfo(name, versions.get(name, ""), hooks, counts.get(name, 0)))
        return sorted(infos, key=lambda i: i.name)


def make_plugin_manager(
    *,
    autoload: bool = True,
    plugins: tuple[Any, ...] | list[Any] = (),
    blocked: tuple[str, ...] = (),
) -> PluginHost:
    """Build a fresh plugin host.

    Args:
        autoload: load every plugin of the ``hdlite`` entry-point group.
        plugins: extra plugin objects (modules or instances) to register, in order.
        blocked: entry-point names not to load (``-p no:NAME``).

    Returns:
        A :class:`PluginHost` with its registry filled.

    Raises:
        PluginLoadError: a plugin implements an unknown hook or registers a duplicate name.
    """
    pm = pluggy.PluginManager("hdlite")
    pm.add_hookspecs(hookspecs)
    pm.register(intrinsics, name=intrinsics.PLUGIN_NAME)  # the core's own; never blocked
    for name in blocked:
        pm.set_blocked(name)
    if autoload:
        try:
            pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
        except Exception as exc:  # a broken third-party package must not look like our bug
            raise PluginLoadError(f"cannot load an hdlite plugin: {exc}") from exc
    for plugin in plugins:
        name = getattr(plugin, "__name__", None) or type(plugin).__name__
        if pm.is_registered(plugin) or pm.has_plugin(name):
            continue
        pm.register(plugin, name=name)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginLoadError(str(exc)) from None
    return PluginHost(pm)


def entry_point_names() -> list[str]:
    """Names of the installed ``hdlite`` entry points."""
    return sorted(ep.name for ep in metadata.entry_points(group=ENTRY_POINT_GROUP))
