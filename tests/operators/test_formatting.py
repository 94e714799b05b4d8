"""HALCON's format strings: hdlite.values.formatting.format_tuple, tuple_string and ``$``."""

from __future__ import annotations

import pytest

from hdlite.errors import HalconError
from hdlite.values.control import Handle
from hdlite.values.formatting import format_tuple

DOCUMENTED = [
    # the examples of HALCON's tuple_string page and the HDevelop manual
    (23, "10.2f", "     23.00"),
    (23, "-10.2f", "23.00     "),
    (4, ".7f", "4.0000000"),
    (1234.56789, "+10.3f", " +1234.568"),
    (255, "x", "ff"),
    (255, "X", "FF"),
    (1, ".2d", "01"),
]

MORE = [
    # flags
    (255, "#x", "0xff"),
    (255, "#X", "0XFF"),
    (8, "o", "10"),
    (8, "#o", "010"),
    (0, "#x", "0"),
    (-5, "05d", "-0005"),
    (5, "+d", "+5"),
    (5, " d", " 5"),
    (42, "8.4d", "    0042"),
    (42, "08.4d", "    0042"),  # a precision turns the 0 flag off, as in C
    (42, "-6d", "42    "),
    (-1, "x", "ffffffffffffffff"),  # 64-bit two's complement
    (1.0, "#.0f", "1."),
    (3.14159, "08.3f", "0003.142"),
    (-3.14159, "+.1f", "-3.1"),
    # conversions between integer and real
    (12, "e", "1.200000e+01"),
    (12, ".2E", "1.20E+01"),
    (0.0001, "g", "0.0001"),
    (1e10, "G", "1E+10"),
    (3.9, "d", "3"),
    (-3.9, "d", "-3"),
    (255.7, "x", "ff"),
    # strings
    ("abcdef", "10.3s", "       abc"),
    ("ab", "-5s", "ab   "),
    ("ab", "s", "ab"),
    (2.5, "s", "2.5"),
    (7, "3s", "  7"),
    # no conversion letter: the value's own type decides
    (5, ".", "5"),
    (5, "3", "  5"),
    (3.14159, ".2", "3.14"),
    ("abc", ".2", "ab"),
    (2.5, "", "2.500000"),
]


@pytest.mark.parametrize(("value", "fmt", "expected"), DOCUMENTED + MORE)
def test_format_one_value(value, fmt, expected):
    assert format_tuple((value,), (fmt,)) == (expected,)


def test_element_wise_over_values_and_formats():
    assert format_tuple((1, 2), ("03d",)) == ("001", "002")
    assert format_tuple((255,), ("d", "x", "o")) == ("255", "ff", "377")
    assert format_tuple((1, 2.5, "a"), ("d", ".1f", "3s")) == ("1", "2.5", "  a")
    assert format_tuple((), ("d",)) == ()


@pytest.mark.parametrize(
    ("values", "fmt", "code"),
    [
        ((1,), ("10.2q",), 1302),
        ((1,), ("%d",), 1302),
        ((1,), ("d ",), 1302),
        ((1,), ("5.2.1f",), 1302),
        ((1,), (5,), 1202),
        ((1,), (), 1402),
        ((1, 2, 3), ("d", "x"), 1402),
        (("abc",), ("d",), 1201),
        (("abc",), (".2f",), 1201),
        ((float("nan"),), ("d",), 1201),
        ((Handle("dict", {}),), ("s",), 1201),
    ],
)
def test_errors_name_tuple_string(values, fmt, code):
    with pytest.raises(HalconError) as info:
        format_tuple(values, fmt)
    assert info.value.code == code
    assert info.value.operator == "tuple_string"


def test_dollar_operator_in_a_program(run_script):
    program = (
        "I := 1\n"
        "File := 'color/citrus_fruits_' + I$'.2d' + '.png'\n"
        "Area := 1234.5\n"
        "Text := 'Area: ' + Area$'.1f'\n"
        "Padded := [1, 2]$'03d'\n"
        "tuple_string (255, '#x', Hex)\n"
        "try\n"
        "    Bad := 1$'10.2q'\n"
        "catch (Exception)\n"
        "    Code := Exception[0]\n"
        "endtry\n"
    )
    result = run_script(program)
    assert result.error is None, result.error and result.error.render()
    assert result["File"] == ("color/citrus_fruits_01.png",)
    assert result["Text"] == ("Area: 1234.5",)
    assert result["Padded"] == ("001", "002")
    assert result["Hex"] == ("0xff",)
    assert result["Code"] == (1302,)
