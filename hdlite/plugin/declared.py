"""Operator declarations kept between runs, so that start-up imports no operator module.

:meth:`OperatorRegistry.add_modules <hdlite.plugin.registry.OperatorRegistry.add_modules>`
registers the operators of a plugin's modules. The first time (and after any change) it
imports them and writes what it found (each operator's name, docstring and signature) to a
JSON file per plugin package; later runs read that file instead and import a module only
when one of its operators is first called.

A file is used only while it matches its package exactly: it records the name, size and
modification time of every ``.py`` file of the package's folder (a signature built from a
constant in a private module is covered too) and of the core's registry, so an edited,
added or removed file makes the next run import the package again and rewrite the file.

Where: ``$HDLITE_CACHE_DIR``, else ``$XDG_CACHE_HOME/hdlite``, else ``~/.cache/hdlite``;
``HDLITE_CACHE_DIR=off`` turns the files off (every run imports every module). One file per
package folder (``NAME-CRC.json``, the checksum of the folder's path), written atomically;
a file that cannot be written or read is ignored.
"""

from __future__ import annotations

import json
import os
import sys
import zlib
from pathlib import Path
from typing import Any

CACHE_ENV = "HDLITE_CACHE_DIR"
#: bump when the record layout changes
FORMAT = 1

Records = dict[str, "list[Any] | None"]


def cache_dir() -> Path | None:
    """The folder of the declaration files, or None when they are turned off."""
    chosen = os.environ.get(CACHE_ENV, "").strip()
    if chosen.lower() in ("off", "0", "none"):
        return None
    if chosen:
        return Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".cache") / "hdlite"


def package_folder(package: str) -> str | None:
    """The source folder of an imported package, or None (a namespace or zip package)."""
    module = sys.modules.get(package)
    paths = list(getattr(module, "__path__", []) or [])
    return str(paths[0]) if len(paths) == 1 and os.path.isdir(paths[0]) else None


def fingerprint(folder: str, registry_file: str) -> str:
    """Name, size and modification time of every ``.py`` file of ``folder`` and the registry."""
    entries = []
    with os.scandir(folder) as found:
        for entry in found:
            if entry.name.endswith(".py") and entry.is_file():
                st = entry.stat()
                entries.append(f"{entry.name}:{st.st_size}:{st.st_mtime_ns}")
    st = os.stat(registry_file)
    entries.sort()
    entries.append(f"registry:{st.st_size}:{st.st_mtime_ns}:{FORMAT}:{sys.version_info[:2]}")
    return "|".join(entries)


def _path(package: str, folder: str) -> Path | None:
    base = cache_dir()
    if base is None:
        return None
    return base / f"{package}-{zlib.crc32(folder.encode()):08x}.json"


def load(package: str, folder: str, key: str) -> Records | None:
    """The module records of ``package`` if the file matches ``key``, else None."""
    path = _path(package, folder)
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key or data.get("folder") != folder:
        return None
    modules = data.get("modules")
    return modules if isinstance(modules, dict) else None


def store(package: str, folder: str, key: str, modules: Records) -> None:
    """Write the module records of ``package`` (best effort: errors are ignored)."""
    path = _path(package, folder)
    if path is None:
        return
    data = {"key": key, "folder": folder, "modules": modules}
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(data, handle, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
