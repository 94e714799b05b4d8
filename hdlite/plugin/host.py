"""Building a plugin manager: entry points, extra plugins, blocking, and the registry.

Where plugins come from, in this order: the core's intrinsics (always); every entry point of
the ``hdlite`` group, unless autoloading is off (``autoload=False`` or the environment variable
``HDLITE_DISABLE_PLUGIN_AUTOLOAD`` set to anything but ``''``/``0``); plugin modules named
explicitly (``-p MODULE``: an entry-point name or an importable module); the ``.py`` files of
plugin directories (``--plugins-dir DIR``); plugin objects given in Python.

What happens when a plugin is broken:

* an installed (entry-point) plugin that fails to import (a missing dependency, a syntax
  error, an exception at import time) is skipped and reported once, by
  name, with ``-p no:NAME`` in the message (:attr:`PluginHost.skipped`); with ``strict=True``
  (``--strict-plugins`` or ``HDLITE_STRICT_PLUGINS=1``) it is a :class:`PluginLoadError`;
* a plugin named explicitly (``-p MODULE``, ``--plugins-dir``) that fails to import, a hook
  implementation that raises, a non-operator given to ``registry.add``, an operator whose
  signature is out of HALCON's order, an unknown hook and a duplicate operator name are a
  :class:`PluginLoadError` naming the plugin (exit code 2 on the command line).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import warnings
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from hdlite.errors import HdliteError
from hdlite.plugin import hookspecs
from hdlite.plugin import registry as _registry
from hdlite.plugin.registry import DuplicateOperatorError, OperatorRegistry
from hdlite.runtime import intrinsics

ENTRY_POINT_GROUP = "hdlite"
AUTOLOAD_ENV = "HDLITE_DISABLE_PLUGIN_AUTOLOAD"
STRICT_ENV = "HDLITE_STRICT_PLUGINS"


class PluginLoadError(HdliteError):
    """A plugin could not be loaded or broke the hook contract (exit code 2)."""

    exit_code = 2

    def render(self) -> str:
        return f"hdlite: {self}"


class PluginLoadWarning(UserWarning):
    """An installed plugin failed to import and was skipped."""


@dataclass(frozen=True)
class PluginInfo:
    """What ``hdlite plugins`` shows about one plugin."""

    name: str
    version: str
    hooks: tuple[str, ...]
    operators: int
    module: str = ""


@dataclass(frozen=True)
class SkippedPlugin:
    """An installed plugin that failed to import: its name and why."""

    name: str
    error: str
    version: str = ""

    @property
    def message(self) -> str:
        """The one-line report: the plugin, the error, and how to silence it."""
        return (
            f"plugin {self.name!r} cannot be loaded and was skipped: {self.error} "
            f"(hide it with -p no:{self.name}; {STRICT_ENV}=1 makes this an error)"
        )


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


def _declaration_error(exc: BaseException) -> bool:
    """Whether ``exc`` was raised while declaring an operator (a bad signature): a contract
    break, not a missing dependency."""
    tb = exc.__traceback__
    innermost = None
    while tb is not None:
        innermost = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    return isinstance(exc, ValueError) and innermost == _registry.__file__


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


class PluginHost:
    """A pluggy manager with its operator registry and procedure directories.

    Build one with :func:`make_plugin_manager`; the interpreter receives it.

    Attributes:
        pm: the pluggy plugin manager.
        registry: every registered operator.
        skipped: installed plugins that failed to import and were left out.
    """

    def __init__(
        self,
        pm: pluggy.PluginManager,
        skipped: list[SkippedPlugin] | None = None,
        versions: dict[str, str] | None = None,
    ) -> None:
        self.pm = pm
        self.skipped = list(skipped or [])
        self.versions = dict(versions or {})
        self.registry = OperatorRegistry()
        for impl in pm.hook.hdlite_register_operators.get_hookimpls():
            self.registry.current_plugin = impl.plugin_name
            try:
                impl.function(registry=self.registry)
            except DuplicateOperatorError as exc:
                raise PluginLoadError(str(exc)) from None
            except Exception as exc:  # the plugin broke the contract: name it, exit 2
                raise PluginLoadError(
                    f"plugin {impl.plugin_name!r}: hdlite_register_operators failed: "
                    f"{_describe(exc)} (run with -p no:{impl.plugin_name} to leave it out)"
                ) from exc
        self.registry.current_plugin = ""

    def procedure_dirs(self) -> list[Path]:
        """Procedure directories contributed by plugins, in plugin order."""
        dirs: list[Path] = []
        for impl in reversed(self.pm.hook.hdlite_procedure_dirs.get_hookimpls()):
            try:
                result: Any = impl.function()
                dirs.extend(Path(str(d)) for d in result or [])
            except Exception as exc:
                raise PluginLoadError(
                    f"plugin {impl.plugin_name!r}: hdlite_procedure_dirs failed: "
                    f"{_describe(exc)} (run with -p no:{impl.plugin_name} to leave it out)"
                ) from exc
        return dirs

    def plugins(self) -> list[PluginInfo]:
        """Name, version, hooks and operator count of every registered plugin."""
        infos = []
        versions = dict(self.versions)
        for plugin, dist in self.pm.list_plugin_distinfo():
            versions.setdefault(self.pm.get_name(plugin) or "?", dist.version)
        counts: dict[str, int] = {}
        for name in self.registry.names():
            op = self.registry.get(name)
            assert op is not None
            counts[op.plugin] = counts.get(op.plugin, 0) + 1
        for plugin in self.pm.get_plugins():
            name = self.pm.get_name(plugin) or "?"
            hooks = tuple(sorted(h.name for h in self.pm.get_hookcallers(plugin) or []))
            module = getattr(plugin, "__name__", None) or type(plugin).__module__
            infos.append(
                PluginInfo(name, versions.get(name, ""), hooks, counts.get(name, 0), module)
            )
        return sorted(infos, key=lambda i: i.name)


def _entry_points() -> list[tuple[metadata.EntryPoint, str]]:
    """The ``hdlite`` entry points with their distributions' versions (first one wins)."""
    seen: set[str] = set()
    out = []
    for dist in metadata.distributions():
        for ep in dist.entry_points:
            if ep.group != ENTRY_POINT_GROUP or ep.name in seen:
                continue
            seen.add(ep.name)
            out.append((ep, dist.version))
    return out


def load_module(name: str) -> ModuleType | Any:
    """A plugin named on the command line: an entry-point name, or an importable module.

    Raises:
        PluginLoadError: nothing of that name can be imported.
    """
    for ep, _version in _entry_points():
        if ep.name == name:
            try:
                return ep.load()
            except Exception as exc:
                raise PluginLoadError(
                    f"plugin {name!r} (-p {name}) cannot be loaded: {_describe(exc)}"
                ) from exc
    try:
        return importlib.import_module(name)
    except Exception as exc:
        raise PluginLoadError(
            f"plugin {name!r} (-p {name}) cannot be loaded: {_describe(exc)}"
        ) from exc


def load_directory(directory: str | Path) -> list[tuple[str, ModuleType]]:
    """The one-off plugins of a directory: each ``NAME.py`` (not ``_*``) as plugin ``NAME``.

    Raises:
        PluginLoadError: the directory does not exist, or a file fails to import.
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise PluginLoadError(f"--plugins-dir {directory}: not a directory")
    loaded = []
    for path in sorted(folder.glob("*.py")):
        if path.name.startswith("_"):
            continue
        module_name = f"hdlite_local_plugins.{path.stem}"
        spec = importlib.util.spec_from_file_location(module_name, path)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        try:
            spec.loader.exec_module(module)
        except Exception as exc:
            sys.modules.pop(module_name, None)
            raise PluginLoadError(
                f"plugin {path.stem!r} ({path}) cannot be loaded: {_describe(exc)}"
            ) from exc
        loaded.append((path.stem, module))
    return loaded


def make_plugin_manager(
    *,
    autoload: bool | None = None,
    plugins: tuple[Any, ...] | list[Any] = (),
    blocked: tuple[str, ...] | list[str] = (),
    modules: tuple[str, ...] | list[str] = (),
    plugin_dirs: tuple[str | Path, ...] | list[str | Path] = (),
    strict: bool | None = None,
    warn: bool = True,
) -> PluginHost:
    """Build a fresh plugin host.

    Args:
        autoload: load every plugin of the ``hdlite`` entry-point group; by default yes,
            unless ``HDLITE_DISABLE_PLUGIN_AUTOLOAD`` is set.
        plugins: extra plugin objects (modules or instances) to register, in order.
        blocked: plugin names not to load (``-p no:NAME``).
        modules: plugins to load by name (``-p MODULE``): entry-point names or modules.
        plugin_dirs: directories whose ``.py`` files are plugins (``--plugins-dir``).
        strict: an installed plugin that fails to import is an error instead of being
            skipped; by default only when ``HDLITE_STRICT_PLUGINS`` is set.
        warn: issue a :class:`PluginLoadWarning` for each skipped plugin (the command line
            prints them itself).

    Returns:
        A :class:`PluginHost` with its registry filled.

    Raises:
        PluginLoadError: see the module documentation.
    """
    if autoload is None:
        autoload = not _flag(AUTOLOAD_ENV)
    if strict is None:
        strict = _flag(STRICT_ENV)
    pm = pluggy.PluginManager("hdlite")
    pm.add_hookspecs(hookspecs)
    pm.register(intrinsics, name=intrinsics.PLUGIN_NAME)  # the core's own; never blocked
    for name in blocked:
        pm.set_blocked(name)
    skipped: list[SkippedPlugin] = []
    versions: dict[str, str] = {}
    requested = list(modules)
    if autoload:
        for ep, version in _entry_points():
            if pm.is_blocked(ep.name) or pm.has_plugin(ep.name):
                continue
            try:
                plugin = ep.load()
            except Exception as exc:  # a broken third-party package must not stop the rest
                skip = SkippedPlugin(ep.name, _describe(exc), version)
                if strict or _declaration_error(exc):
                    raise PluginLoadError(
                        f"plugin {ep.name!r} cannot be loaded: {skip.error} "
                        f"(run with -p no:{ep.name} to leave it out)"
                    ) from exc
                skipped.append(skip)
                continue
            _register(pm, plugin, ep.name)
            versions[ep.name] = version
    known = {ep.name: version for ep, version in _entry_points()} if requested else {}
    for name in requested:
        if pm.is_blocked(name) or pm.has_plugin(name):
            continue
        _register(pm, load_module(name), name)
        if name in known:
            versions[name] = known[name]
    for directory in plugin_dirs:
        for name, module in load_directory(directory):
            if not pm.is_blocked(name):
                _register(pm, module, name)
    for plugin in plugins:
        name = getattr(plugin, "__name__", None) or type(plugin).__name__
        if pm.is_registered(plugin) or pm.has_plugin(name):
            continue
        _register(pm, plugin, name)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginLoadError(str(exc)) from None
    if warn:
        for skip in skipped:
            warnings.warn(skip.message, PluginLoadWarning, stacklevel=2)
    return PluginHost(pm, skipped, versions)


def _register(pm: pluggy.PluginManager, plugin: Any, name: str) -> None:
    if pm.is_registered(plugin):
        return
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        raise PluginLoadError(
            f"plugin {name!r}: {exc} (run with -p no:{name} to leave it out)"
        ) from None
    except ValueError as exc:  # a second plugin under the same name
        raise PluginLoadError(f"plugin {name!r}: {exc}") from None


def entry_point_names() -> list[str]:
    """Names of the installed ``hdlite`` entry points."""
    return sorted(ep.name for ep, _version in _entry_points())
