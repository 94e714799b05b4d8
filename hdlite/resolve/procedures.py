"""Finding procedures: local ones, the procedure path, the program's folder, plugin folders.

Resolution order for a call ``name (...)`` that is not an operator:

1. procedures defined in the program file itself (local procedures);
2. directories named by ``import`` lines of the calling procedure;
3. directories given with ``--procedure-path`` / ``HDLITE_PROCEDURE_PATH``, in order;
4. the directory of the program being run;
5. directories returned by ``hdlite_procedure_dirs`` hooks (the built-in ``procedures/``).

A ``.hdvp`` file holds one procedure named like the file (a file whose procedure has
another name is an error when called by the file's name); a ``.hdpl`` library is read for
its procedure names. Directories of steps 2, 3 and 5 are searched recursively, the program's
own directory is not. Names are indexed once; a body is parsed on first use and cached, so the
same name always gives the same procedure within a run. A name found in two places is
recorded so that ``hdlite check`` can warn about the shadowing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from hdlite.errors import ReadError
from hdlite.syntax.ast import ParamDecl, ProcedureDef
from hdlite.syntax.hdev_xml import RawProcedure
from hdlite.syntax.program import compile_raw, read_raw

PROCEDURE_SUFFIXES = (".hdvp", ".hdpl")


@dataclass
class LibraryEntry:
    """Where a procedure lives, its interface, and its parsed body once needed."""

    name: str
    path: str
    raw: RawProcedure | None = None
    parsed: ProcedureDef | None = None
    shadowed: list[str] = field(default_factory=list)

    @property
    def params(self) -> tuple[ParamDecl, ...]:
        """The interface, read from the file without parsing the body."""
        return tuple(self._raw().params)

    def _raw(self) -> RawProcedure:
        if self.raw is None:
            raws = read_raw(self.path)
            for raw in raws:
                if raw.name == self.name:
                    self.raw = raw
                    break
            else:
                defined = ", ".join(raw.name for raw in raws) or "no procedure"
                raise ReadError(
                    f"{self.path} does not define procedure {self.name} (it defines {defined}); "
                    "a .hdvp file's procedure must have the file's name"
                )
        return self.raw

    def procedure(self) -> ProcedureDef:
        """The parsed procedure (parsed once)."""
        if self.parsed is None:
            self.parsed = compile_raw(self._raw(), self.path)
        return self.parsed


def _scan(directory: Path, recursive: bool) -> list[Path]:
    if not directory.is_dir():
        return []
    pattern = "**/*" if recursive else "*"
    return sorted(
        p for p in directory.glob(pattern) if p.suffix in PROCEDURE_SUFFIXES and p.is_file()
    )


class ProcedureLibrary:
    """An index of external procedures over an ordered list of directories."""

    def __init__(self, directories: list[tuple[Path, bool]]) -> None:
        self.directories = directories
        self._index: dict[str, LibraryEntry] | None = None
        self._folded: dict[str, LibraryEntry] | None = None
        self._extra: dict[Path, dict[str, LibraryEntry]] = {}

    @classmethod
    def for_program(
        cls, program_dir: str | None, procedure_path: list[str], plugin_dirs: list[Path]
    ) -> ProcedureLibrary:
        """The search path for a program, in the documented order."""
        dirs: list[tuple[Path, bool]] = [(Path(p), True) for p in procedure_path]
        env = os.environ.get("HDLITE_PROCEDURE_PATH", "")
        dirs += [(Path(p), True) for p in env.split(os.pathsep) if p]
        if program_dir:
            dirs.append((Path(program_dir), False))
        dirs += [(Path(p), True) for p in plugin_dirs]
        return cls(dirs)

    def _build(self, directories: list[tuple[Path, bool]]) -> dict[str, LibraryEntry]:
        index: dict[str, LibraryEntry] = {}
        seen: dict[str, str] = {}  # real path -> the path it was first found under
        for directory, recursive in directories:
            for path in _scan(directory, recursive):
                real = os.path.realpath(path)
                known = seen.setdefault(real, str(path))
                for name in self._names(path):
                    entry = index.get(name)
                    if entry is None:
                        index[name] = LibraryEntry(name, known)
                    elif os.path.realpath(entry.path) != real:  # the same file twice is fine
                        entry.shadowed.append(str(path))
        return index

    @staticmethod
    def _names(path: Path) -> list[str]:
        if path.suffix == ".hdvp":
            return [path.stem]
        try:
            return [raw.name for raw in read_raw(str(path))]
        except ReadError:
            return []  # a broken library must not hide the others; check reports it on use

    @property
    def index(self) -> dict[str, LibraryEntry]:
        """Name -> entry over the whole search path (built on first use)."""
        if self._index is None:
            self._index = self._build(self.directories)
        return self._index

    def find(self, name: str, imports: tuple[Path, ...] = ()) -> LibraryEntry | None:
        """The procedure ``name``: imported directories first, then the search path."""
        for directory in reversed(imports):
            extra = self._extra.get(directory)
            if extra is None:
                extra = self._extra[directory] = self._build([(directory, False)])
            if name in extra:
                return extra[name]
        entry = self.index.get(name)
        if entry is None:
            entry = self._case_insensitive(name)
        return entry

    def _case_insensitive(self, name: str) -> LibraryEntry | None:
        """HDevelop on Windows finds ``Region_get_corner.hdvp`` for ``region_get_corner``."""
        if self._folded is None:
            self._folded = {}
            for key, indexed in self.index.items():
                self._folded.setdefault(key.lower(), indexed)
        match = self._folded.get(name.lower())
        if match is None:
            return None
        found = LibraryEntry(name, match.path)
        try:
            _ = found.params  # the file must define the procedure under the called name
        except ReadError:
            return None
        return found

    def names(self) -> list[str]:
        """Every procedure name on the search path."""
        return sorted(self.index)
