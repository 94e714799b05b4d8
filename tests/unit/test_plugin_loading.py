"""Broken plugins are named, not hdlite bugs; choosing plugins; plugins and operators as JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hdlite.cli import main
from hdlite.plugin.host import PluginLoadError, PluginLoadWarning, make_plugin_manager

GOOD = """
from hdlite.plugin import ControlIn, ControlOut, hookimpl, operator


@operator("{name}", ControlIn("V", types="number"), ControlOut("W", types="number"))
def op(ctx, v):
    '''Add one.'''
    return (tuple(x + 1 for x in v),)


@hookimpl
def hdlite_register_operators(registry):
    registry.add(op)
"""


def plugin_dir(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "plugins"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.py").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# ----------------------------------------------------------------------------- contract breaks


BREAKS = {
    "raising": """
        from hdlite.plugin import hookimpl

        @hookimpl
        def hdlite_register_operators(registry):
            raise RuntimeError("boom")
        """,
    "not_an_op": """
        from hdlite.plugin import hookimpl

        @hookimpl
        def hdlite_register_operators(registry):
            registry.add(len)
        """,
    "disordered": """
        from hdlite.plugin import ControlIn, IconicIn, hookimpl, operator

        @operator("disordered_op", ControlIn("A"), IconicIn("Image"))
        def op(ctx, image, a):
            '''Out of order.'''

        @hookimpl
        def hdlite_register_operators(registry):
            registry.add(op)
        """,
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_a_plugin_that_breaks_the_contract_is_exit_2_naming_it(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = plugin_dir(tmp_path, **{name: BREAKS[name]})
    code, _out, err = cli(capsys, "--plugins-dir", str(folder), "operators", "--count")
    assert code == 2, err
    assert f"plugin {name!r}" in err and "internal error" not in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_raising_hook_names_the_plugin_and_the_way_out() -> None:
    class Raising:
        from hdlite.plugin import hookimpl

        @hookimpl
        def hdlite_register_operators(self, registry):  # type: ignore[no-untyped-def]
            raise KeyError("x")

    with pytest.raises(PluginLoadError, match=r"plugin 'Raising'.*KeyError.*-p no:Raising"):
        make_plugin_manager(autoload=False, plugins=[Raising()])


# ----------------------------------------------------------------------------- broken imports


@pytest.fixture
def broken_install(tmp_path: Path) -> dict[str, str]:
    """A site folder with an installed plugin 'broken' whose import fails, and a good one."""
    site = tmp_path / "site"
    site.mkdir()
    for dist, entry, module, text in (
        ("broken_plugin", "broken", "broken_mod", "import no_such_dependency_xyz\n"),
        ("fine_plugin", "fine", "fine_mod", GOOD.format(name="fine_add_one")),
    ):
        info = site / f"{dist}-0.3.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.3\n")
        (info / "entry_points.txt").write_text(f"[hdlite]\n{entry} = {module}\n")
        (site / f"{module}.py").write_text(text)
    env = {k: v for k, v in os.environ.items() if not k.startswith("HDLITE_")}
    return {**env, "PYTHONPATH": str(site)}


def hdlite(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hdlite", *args], env=env, capture_output=True, text=True
    )


def test_a_plugin_that_fails_to_import_is_skipped_and_named_once(
    broken_install: dict[str, str], tmp_path: Path
) -> None:
    listing = hdlite(broken_install, "plugins")
    assert listing.returncode == 0, listing.stderr
    assert "fine 0.3: 1 operators" in listing.stdout and "core" in listing.stdout
    assert listing.stderr.count("broken") >= 1 and len(listing.stderr.strip().splitlines()) == 1
    assert "plugin 'broken' cannot be loaded and was skipped" in listing.stderr
    assert "No module named 'no_such_dependency_xyz'" in listing.stderr
    assert "-p no:broken" in listing.stderr
    program = tmp_path / "p.hdtxt"
    program.write_text("fine_add_one (1, W)\nL := |[1, 2]|\n")
    assert hdlite(broken_install, "run", str(program)).returncode == 0
    quiet = hdlite(broken_install, "-p", "no:broken", "plugins")
    assert quiet.returncode == 0 and quiet.stderr == ""
    as_json = json.loads(hdlite(broken_install, "plugins", "--json").stdout)
    broken = [p for p in as_json if p["name"] == "broken"]
    assert broken == [
        {
            "name": "broken",
            "version": "0.3",
            "skipped": True,
            "error": "ModuleNotFoundError: No module named 'no_such_dependency_xyz'",
        }
    ]


def test_strict_plugins_makes_a_failed_import_fatal(broken_install: dict[str, str]) -> None:
    flag = hdlite(broken_install, "--strict-plugins", "plugins")
    assert flag.returncode == 2 and "plugin 'broken' cannot be loaded" in flag.stderr
    env = hdlite({**broken_install, "HDLITE_STRICT_PLUGINS": "1"}, "plugins")
    assert env.returncode == 2 and "-p no:broken" in env.stderr


def test_the_python_api_warns_about_a_skipped_plugin(broken_install: dict[str, str]) -> None:
    code = (
        "import warnings\nfrom hdlite import ops\nwarnings.simplefilter('error')\n"
        "try:\n    ops.tuple_length([1])\nexcept Exception as e:\n    print(type(e).__name__, e)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=broken_install, capture_output=True, text=True
    )
    assert "PluginLoadWarning plugin 'broken' cannot be loaded" in result.stdout, result.stderr
    assert PluginLoadWarning.__name__ == "PluginLoadWarning"


# ----------------------------------------------------------------------------- choosing plugins


def test_autoload_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HDLITE_DISABLE_PLUGIN_AUTOLOAD", "1")
    assert make_plugin_manager().registry.get("tuple_length") is None
    host = make_plugin_manager(modules=["core"])  # -p NAME: an entry point by name
    assert host.registry.get("tuple_length") is not None
    assert host.registry.get("read_image") is None
    monkeypatch.setenv("HDLITE_DISABLE_PLUGIN_AUTOLOAD", "0")
    assert make_plugin_manager().registry.get("read_image") is not None


def test_p_module_loads_a_plugin_by_module_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "my_adder.py").write_text(GOOD.format(name="my_add_one"))
    monkeypatch.syspath_prepend(str(tmp_path))
    code, out, _err = cli(capsys, "-p", "my_adder", "operators", "my_*")
    assert code == 0 and "my_add_one( : : V : W)    [my_adder]" in out
    code, _out, err = cli(capsys, "-p", "no_such_plugin_module", "plugins")
    assert code == 2 and "plugin 'no_such_plugin_module' (-p no_such_plugin_module)" in err


def test_plugins_dir_loads_one_off_plugins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = plugin_dir(tmp_path, local_add=GOOD.format(name="local_add_one"))
    program = tmp_path / "p.hdtxt"
    program.write_text("local_add_one ([1, 2], W)\n")
    dump = tmp_path / "vars.json"
    code, _out, err = cli(
        capsys, "--plugins-dir", str(folder), "run", str(program), "--dump-vars", str(dump)
    )
    assert code == 0, err
    assert json.loads(dump.read_text())["W"] == [2, 3]
    code, _out, err = cli(capsys, "--plugins-dir", str(tmp_path / "nope"), "plugins")
    assert code == 2 and "not a directory" in err


def test_operators_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = cli(capsys, "operators", "tuple_length", "--json")
    assert code == 0
    (op,) = json.loads(out)
    assert op["name"] == "tuple_length" and op["plugin"] == "core"
    assert op["signature"] == "tuple_length( : : Tuple : Length)"
    assert [(p["name"], p["direction"], p["count"]) for p in op["params"]] == [
        ("Tuple", "in", None),
        ("Length", "out", 1),
    ]
    code, out, _err = cli(capsys, "plugins", "--json")
    core = next(p for p in json.loads(out) if p["name"] == "core")
    assert core["module"] == "hdlite_core" and core["operators"] > 100


# ----------------------------------------------------------------------------- plugin errors


def test_a_plugin_error_is_not_caught_by_try_catch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = plugin_dir(
        tmp_path,
        buggy="""
        from hdlite.plugin import ControlOut, hookimpl, operator

        @operator("buggy_op", ControlOut("X"))
        def op(ctx):
            '''Fails with a Python error.'''
            return (1 / 0,)

        @hookimpl
        def hdlite_register_operators(registry):
            registry.add(op)
        """,
    )
    program = tmp_path / "p.hdtxt"
    program.write_text("try\n    buggy_op (X)\ncatch (E)\n    Caught := 1\nendtry\n")
    code, _out, err = cli(capsys, "--plugins-dir", str(folder), "run", str(program))
    assert code == 70
    assert "p.hdtxt:2:5: plugin error: plugin 'buggy', operator buggy_op: ZeroDivisionError" in err
    assert "a bug in the plugin 'buggy'" in err and "-p no:buggy" in err
    assert "internal error" not in err
