"""Operators declared from the per-package files of hdlite.plugin.declared: the same registry
as importing every module, no operator module imported before its first call, and a file
that no longer matches its package is never used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from hdlite.plugin import Operator
from hdlite.plugin.host import make_plugin_manager
from hdlite.plugin.registry import OperatorRegistry

HEAVY = ("numpy", "PIL", "cv2", "scipy", "skimage", "torch", "torchvision")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("HDLITE_CACHE_DIR", str(folder))
    return folder


def _env(cache: Path) -> dict[str, str]:
    return {**os.environ, "HDLITE_CACHE_DIR": str(cache)}


def _signatures(registry: OperatorRegistry) -> dict[str, tuple]:
    return {op.name: (op.params, op.doc, op.plugin) for op in registry.match("*")}


def test_declared_registry_equals_the_imported_one(cache: Path) -> None:
    imported = make_plugin_manager().registry  # no file yet: imports and writes the files
    assert sorted(p.name.split("-")[0] for p in cache.glob("*.json")) == [
        "hdlite_core",
        "hdlite_display",
        "hdlite_dl",
        "hdlite_image",
        "hdlite_vision",
    ]
    declared = make_plugin_manager().registry
    assert _signatures(declared) == _signatures(imported)
    op = declared.get("tuple_select_range")
    assert op is not None and op.func is not imported.get("tuple_select_range").func
    assert op.func.__module__ == "hdlite_core.tuples"
    # the first call imports the module and puts the real function in place
    from hdlite.plugin import CallContext, Session

    assert op.func(CallContext(Session(), op, None), (5, 6, 7, 8), (1,), (2,)) == ((6, 7),)
    assert op.func is imported.get("tuple_select_range").func


def test_start_up_imports_no_operator_module_and_no_heavy_library(
    cache: Path, tmp_path: Path
) -> None:
    program = tmp_path / "one.hdtxt"
    program.write_text("X := 1\ntuple_length ([1, 2, 3], N)\n")
    code = textwrap.dedent(
        f"""
        import sys
        from hdlite.cli import main
        assert main(["run", {str(program)!r}]) == 0
        assert main(["check", {str(program)!r}]) == 0
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY!r})
        assert not loaded, loaded
        ops = sorted(m for m in sys.modules if m.startswith("hdlite_") and "." in m)
        print(ops)
        """
    )
    for _ in range(2):  # the first run writes the files, the second reads them
        done = subprocess.run(
            [sys.executable, "-c", code], env=_env(cache), capture_output=True, text=True
        )
    assert done.returncode == 0, done.stderr
    loaded = eval(done.stdout.strip().splitlines()[-1])
    # the module of the one operator called; besides it only the plugins' module lists and
    # the deep-learning plugin's launcher hook
    rest = [m for m in loaded if m not in ("hdlite_dl.launcher",) and not m.endswith(".modules")]
    assert rest == ["hdlite_core.tuples"]


def test_operator_listing_needs_no_operator_module(cache: Path) -> None:
    code = (
        "import sys\nfrom hdlite.cli import main\n"
        "assert main(['operators', 'read_image', '-v']) == 0\n"
        "assert not [m for m in sys.modules if m.startswith('hdlite_image.')"
        " and m != 'hdlite_image.modules'], 'imported'\n"
    )
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", code], env=_env(cache), capture_output=True, text=True
        )
    assert done.returncode == 0, done.stderr
    assert "read_image( : Image : FileName : )" in done.stdout


PLUGIN = '''
from hdlite.plugin import ControlIn, ControlOut, operator


@operator("lazy_twice", ControlIn("X", "integer", 1), ControlOut("Y", "integer", 1))
def lazy_twice(ctx, x):
    """Twice X."""
    return ((2 * x[0],),)
'''


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "src" / "lazy_declared_pkg"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    (folder / "ops.py").write_text(PLUGIN)
    monkeypatch.syspath_prepend(str(folder.parent))
    import lazy_declared_pkg  # noqa: F401

    yield folder
    for name in [m for m in sys.modules if m.startswith("lazy_declared_pkg")]:
        del sys.modules[name]


def _registry() -> OperatorRegistry:
    registry = OperatorRegistry()
    registry.current_plugin = "lazy"
    registry.add_modules("lazy_declared_pkg", ["ops"])
    return registry


def test_a_module_is_imported_at_its_first_call_only(cache: Path, package: Path) -> None:
    _registry()  # writes the file
    del sys.modules["lazy_declared_pkg.ops"]
    registry = _registry()
    assert "lazy_declared_pkg.ops" not in sys.modules
    op = registry.get("lazy_twice")
    assert op is not None and op.plugin == "lazy" and op.doc == "Twice X."
    assert op.func(None, (21,)) == ((42,),)
    assert "lazy_declared_pkg.ops" in sys.modules


def test_an_edited_module_is_imported_again(cache: Path, package: Path) -> None:
    assert _registry().names() == ["lazy_twice"]
    time.sleep(0.01)
    (package / "ops.py").write_text(
        PLUGIN + PLUGIN.replace("lazy_twice", "lazy_double").replace("import", "import  ")
    )
    del sys.modules["lazy_declared_pkg.ops"]
    assert _registry().names() == ["lazy_double", "lazy_twice"]
    # a new private module changes the package too
    (package / "_helpers.py").write_text("VALUE = 1\n")
    del sys.modules["lazy_declared_pkg.ops"]
    _registry()
    assert "lazy_declared_pkg.ops" in sys.modules


def test_a_damaged_file_is_ignored(cache: Path, package: Path) -> None:
    _registry()
    (path,) = cache.glob("lazy_declared_pkg-*.json")
    data = json.loads(path.read_text())
    data["modules"]["ops"] = [["lazy_twice", "doc", [["X", "control"]]]]
    path.write_text(json.dumps(data))
    del sys.modules["lazy_declared_pkg.ops"]
    op = _registry().get("lazy_twice")
    assert op is not None and len(op.params) == 2 and op.doc == "Twice X."
    path.write_text("{not json")
    assert _registry().names() == ["lazy_twice"]


def test_a_declaration_that_would_not_come_back_equal_is_never_kept(
    cache: Path, package: Path
) -> None:
    (package / "ops.py").write_text(
        PLUGIN.replace('"integer", 1)', '"integer", 1, default={1})', 1)
    )
    _registry()
    (path,) = cache.glob("lazy_declared_pkg-*.json")
    assert json.loads(path.read_text())["modules"] == {"ops": None}
    del sys.modules["lazy_declared_pkg.ops"]
    op = _registry().get("lazy_twice")
    assert "lazy_declared_pkg.ops" in sys.modules  # imported at registration, as add_all does
    assert isinstance(op, Operator) and op.params[0].default == {1}


def test_a_list_default_is_the_tuple_it_stands_for(cache: Path, package: Path) -> None:
    (package / "ops.py").write_text(
        PLUGIN.replace('"integer", 1)', '"integer", 1, default=[1])', 1)
    )
    _registry()
    (path,) = cache.glob("lazy_declared_pkg-*.json")
    assert json.loads(path.read_text())["modules"]["ops"] is not None
    op = _registry().get("lazy_twice")
    assert op is not None and op.params[0].default == (1,)


def test_no_files_when_turned_off(monkeypatch: pytest.MonkeyPatch, package: Path) -> None:
    monkeypatch.setenv("HDLITE_CACHE_DIR", "off")
    _registry()
    del sys.modules["lazy_declared_pkg.ops"]
    _registry()
    assert "lazy_declared_pkg.ops" in sys.modules


def test_object_files_with_contours_read_before_any_contour_operator(
    cache: Path, tmp_path: Path
) -> None:
    target = tmp_path / "contour.hobj"
    write = tmp_path / "write.hdtxt"
    write.write_text(
        f"gen_contour_polygon_xld (C, [0, 5, 5], [0, 0, 5])\nwrite_object (C, '{target}')\n"
    )
    read = tmp_path / "read.hdtxt"
    read.write_text(f"read_object (C, '{target}')\nget_obj_class (C, Class)\n")
    dump = tmp_path / "vars.json"
    for args in (["run", str(write)], ["run", str(read), "--dump-vars", str(dump)]):
        done = subprocess.run(
            [sys.executable, "-m", "hdlite", *args], env=_env(cache), capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    assert json.loads(dump.read_text())["Class"] == "xld_cont"
