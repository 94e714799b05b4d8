"""The plugin host: entry points, duplicates, blocking, a third-party package, the CLI lists."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hdlite import hookimpl
from hdlite.plugin.host import PluginLoadError, make_plugin_manager
from hdlite.plugin.registry import ControlIn, ControlOut, operator

PLUGIN_PKG = Path(__file__).parents[1] / "plugin_pkg"


@operator("tuple_length", ControlIn("Tuple"), ControlOut("Length"))
def clashing_tuple_length(ctx, t):
    """A second tuple_length, to provoke a duplicate."""
    return ((0,),)


class Clashing:
    @hookimpl
    def hdlite_register_operators(self, registry):
        registry.add(clashing_tuple_length)


class UnknownHook:
    @hookimpl
    def hdlite_no_such_hook(self):
        """Not a hook hdlite defines."""


def test_builtin_plugins_come_from_entry_points(host):
    names = {info.name for info in host.plugins()}
    assert {"core", "image", "display", "dl"} <= names
    assert host.registry.get("tuple_length").plugin == "core"


def test_duplicate_operator_names_both_plugins():
    with pytest.raises(PluginLoadError) as info:
        make_plugin_manager(plugins=[Clashing()])
    message = str(info.value)
    assert "tuple_length" in message and "'core'" in message and "Clashing" in message


def test_unknown_hook_is_refused():
    with pytest.raises(PluginLoadError, match="hdlite_no_such_hook"):
        make_plugin_manager(autoload=False, plugins=[UnknownHook()])


def test_blocked_plugin_is_not_loaded():
    host = make_plugin_manager(blocked=("image",))
    assert host.registry.get("read_image") is None
    assert host.registry.get("tuple_length") is not None


def test_registration_happens_only_through_the_hook():
    """Without entry points only the core's intrinsics are there, registered by the hook."""
    host = make_plugin_manager(autoload=False)
    assert host.registry.names() == ["dev_error_var", "dev_get_exception_data", "dev_set_check"]
    assert {host.registry.get(n).plugin for n in host.registry.names()} == {"hdlite"}


def test_intrinsics_cannot_be_blocked_and_error_mode_works_without_the_core_plugin():
    from hdlite.runtime.interpreter import Interpreter
    from hdlite.syntax.program import load_program

    host = make_plugin_manager(blocked=("core",))
    assert host.registry.get("tuple_length") is None
    text = "dev_error_var (Err, 1)\ndev_set_check ('~give_error')\nread_image (I, 'missing.png')\n"
    result = Interpreter(host).run(load_program("prog.hdtxt", text))
    (code,) = result.variables["Err"]
    assert code != 2 and 5000 <= code < 6000  # a file error was recorded, not raised


@pytest.fixture(scope="module")
def installed_plugin(tmp_path_factory) -> Path:
    """The example plugin package installed (non-editable) into a separate directory."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(PLUGIN_PKG),
        ],
        check=True,
        capture_output=True,
    )
    return target


def test_third_party_plugin_operator_runs_from_a_script(installed_plugin, tmp_path):
    program = tmp_path / "double.hdtxt"
    program.write_text("example_double ([1, 2.5], D)\n")
    dump = tmp_path / "vars.json"
    env = {**os.environ, "PYTHONPATH": str(installed_plugin)}
    run = subprocess.run(
        [sys.executable, "-m", "hdlite", "run", str(program), "--dump-vars", str(dump)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert '"D": [\n    2,\n    5.0\n  ]' in dump.read_text()
    listing = subprocess.run(
        [sys.executable, "-m", "hdlite", "operators", "example_*"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert "example_double( : : Value : Doubled)" in listing.stdout
    assert "[example]" in listing.stdout
    plugins = subprocess.run(
        [sys.executable, "-m", "hdlite", "plugins"], env=env, capture_output=True, text=True
    )
    assert "example 0.1.0: 1 operators" in plugins.stdout
