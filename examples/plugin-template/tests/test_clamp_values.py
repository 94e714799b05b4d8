"""Tests of the template plugin, with hdlite's ``hdlite_runner`` fixture (only this plugin)."""

from __future__ import annotations

from hdlite.testing.fixtures import HdliteRunner

import hdlite_plugin_template


def test_clamp_values_from_python(hdlite_runner: HdliteRunner) -> None:
    runner = hdlite_runner.use(hdlite_plugin_template)
    assert runner.call("clamp_values", [-5, 3, 2.5, 300], 0, 255) == [0, 3, 2.5, 255]
    assert runner.call("clamp_values", [], 0, 1) == []


def test_clamp_values_in_a_program(hdlite_runner: HdliteRunner) -> None:
    runner = hdlite_runner.use(hdlite_plugin_template)
    result = runner.run("clamp_values ([1, 20], 5, 10, C)\n* expect: C == [5, 10]\n")
    result.assert_ok()


def test_low_above_high_is_a_halcon_error(hdlite_runner: HdliteRunner) -> None:
    runner = hdlite_runner.use(hdlite_plugin_template)
    result = runner.run("try\n    clamp_values (1, 9, 2, C)\ncatch (E)\n    Code := E[0]\nendtry\n")
    result.assert_ok()
    assert result["Code"] == (1303,)


def test_the_plugin_is_installed_as_an_entry_point() -> None:
    from hdlite.plugin.host import make_plugin_manager

    op = make_plugin_manager().registry.get("clamp_values")
    assert op is not None and op.plugin == "template"
