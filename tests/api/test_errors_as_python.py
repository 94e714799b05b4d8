"""Errors and results as a Python user sees them: located str(), checked outputs, docstrings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import hdlite
from hdlite.embed.direct import Operators
from hdlite.errors import HalconError, ParseError, PluginError, ReadError
from hdlite.plugin import ControlIn, ControlOut, IconicOut, hookimpl, operator
from hdlite.plugin.host import make_plugin_manager

# ----------------------------------------------------------------------------- str() of errors


def test_str_of_a_halcon_error_is_the_located_line_the_cli_prints(tmp_path: Path) -> None:
    program = tmp_path / "prog.hdtxt"
    program.write_text("T := [1, 2, 3]\nX := T[5]\n")
    with pytest.raises(HalconError) as info:
        hdlite.run(str(program))
    text = str(info.value)
    assert re.fullmatch(rf"{re.escape(str(program))}:2:\d+: error 1302 in tuple_select: .*", text)
    assert text == info.value.render().split("\n")[0]


def test_str_of_parse_and_read_errors_is_located(tmp_path: Path) -> None:
    program = tmp_path / "bad.hdtxt"
    program.write_text("A := 1\nB := (2\n")
    with pytest.raises(ParseError) as info:
        hdlite.run(str(program))
    assert str(info.value).startswith(f"{program}:2:") and ": error: " in str(info.value)
    assert str(info.value) == info.value.render().split("\n")[0]
    xml = tmp_path / "bad.hdev"
    xml.write_text("<hdevelop><procedure name='main'><body><l>A := 1</body></hdevelop>")
    with pytest.raises(ReadError) as read:
        hdlite.run(str(xml))
    assert str(read.value).startswith(f"{xml}:")


def test_str_of_an_unlocated_error_still_has_code_and_operator() -> None:
    with pytest.raises(HalconError) as info:
        hdlite.ops.tuple_select([1, 2], 7)
    assert str(info.value).startswith("error 1302 in tuple_select: ")


# ----------------------------------------------------------------------------- output checks


@operator("three_values", ControlOut("Value", types="integer", count=1))
def three_values(ctx: object) -> tuple:
    """Declares one value, returns three."""
    return ((1, 2, 3),)


@operator("string_for_int", ControlOut("Value", types="integer", count=1))
def string_for_int(ctx: object) -> tuple:
    """Declares an integer, returns a string."""
    return (("seven",),)


@operator("two_outputs", ControlOut("A"), ControlOut("B"))
def two_outputs(ctx: object) -> tuple:
    """Declares two outputs, returns one."""
    return ((1,),)


@operator("no_objects", IconicOut("Region"))
def no_objects(ctx: object) -> tuple:
    """Declares an iconic output, returns a tuple."""
    return ((1,),)


@operator("one_value", ControlIn("V"), ControlOut("W", types="number", count=1))
def one_value(ctx: object, v: tuple) -> tuple:
    """Declares and returns exactly one value."""
    return ((len(v),),)


class Broken:
    @hookimpl
    def hdlite_register_operators(self, registry):  # type: ignore[no-untyped-def]
        for op in (three_values, string_for_int, two_outputs, no_objects, one_value):
            registry.add(op)


@pytest.fixture(scope="module")
def broken_ops() -> Operators:
    return Operators(make_plugin_manager(autoload=False, plugins=[Broken()]))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("three_values", "output Value has 3 values; the signature declares"),
        ("string_for_int", "output Value holds the string 'seven'"),
        ("two_outputs", "expected a tuple of 2 output(s)"),
        ("no_objects", "output Region is not an ObjectTuple"),
    ],
)
def test_a_wrong_output_is_a_plugin_error(broken_ops: Operators, name: str, message: str) -> None:
    with pytest.raises(PluginError) as info:
        broken_ops.call(name)
    assert info.value.plugin == "Broken" and info.value.operator == name
    assert message in str(info.value)


def test_a_single_declared_output_is_a_scalar(broken_ops: Operators) -> None:
    assert broken_ops.one_value([1, 2, 3]) == 3
    assert hdlite.ops.tuple_length([1, 2, 3]) == 3 and isinstance(hdlite.ops.tuple_length([]), int)


# ----------------------------------------------------------------------------- docstrings


def test_the_package_docstring_names_only_what_exists() -> None:
    doc = hdlite.__doc__ or ""
    names = re.findall(r":(?:func|class|data|mod):`([A-Za-z_.]+)`", doc)
    assert names
    for name in names:
        if not name.startswith("hdlite."):
            assert hasattr(hdlite, name), name
    assert "run_file" not in doc and "Interpreter" not in doc


def test_the_stack_is_innermost_first_as_documented(tmp_path: Path) -> None:
    program = tmp_path / "stack.hdtxt"
    program.write_text(
        "proc inner ()\n    X := [1][4]\nendproc\nproc outer ()\n    inner ()\nendproc\nouter ()\n"
    )
    with pytest.raises(HalconError) as info:
        hdlite.run(str(program))
    assert [entry.procedure for entry in info.value.stack] == ["outer", "main"]
    assert "innermost first" in (HalconError.__doc__ or "")


def test_procedure_execute_returns_the_call() -> None:
    doc = hdlite.Procedure.execute.__doc__ or ""
    assert "returns the finished call" in doc
