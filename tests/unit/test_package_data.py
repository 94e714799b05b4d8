"""Every data file of a package (OCR fonts, grammars, procedures, stubs) is named by the
package data of pyproject.toml, so that a wheel install carries it, not only the editable
install of a checkout (the wheel itself: ``pip wheel . -w DIR --no-deps``, listed with
``unzip -l``)."""

from __future__ import annotations

import fnmatch
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib is new in Python 3.11")
def test_package_data_names_every_data_file() -> None:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    setuptools = config["setuptools"]
    folders = setuptools["package-dir"]
    patterns = setuptools["package-data"]
    missing = []
    for package in setuptools["packages"]:
        top, *rest = package.split(".")
        folder = ROOT / folders.get(top, top) / Path(*rest)
        for path in folder.rglob("*"):
            if not path.is_file() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
                continue
            inner = path.relative_to(folder)
            if len(inner.parts) > 1 and (folder / inner.parts[0] / "__init__.py").exists():
                continue  # belongs to a subpackage, checked on its own
            name = inner.as_posix()
            if not any(fnmatch.fnmatch(name, pattern) for pattern in patterns.get(package, ())):
                missing.append(f"{package}: {name}")
    assert not missing, "data files a wheel would leave out:\n" + "\n".join(missing)
    assert "ocr/*.omc" in patterns["hdlite_vision"]
