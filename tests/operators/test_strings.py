"""The string operators of hdlite_core (strings.py), called through the registry."""

from __future__ import annotations

import pytest
from hdlite_core.strings import parse_number, pcre_to_python

from hdlite.errors import HalconError
from hdlite.values.control import Handle

RESULTS = [
    # conversion
    (
        "tuple_number",
        (("20", "020", "0x20", "1e3", "-5", "1.5", ".5"),),
        (20, 16, 32, 1000.0, -5, 1.5, 0.5),
    ),
    ("tuple_number", (("abc", "", "12abc", 7, 2.5),), ("abc", "", "12abc", 7, 2.5)),
    ("tuple_number", ((),), ()),
    ("tuple_is_number", (("20", "x", "1e-3", 1, 2.5, ""),), (1, 0, 1, 1, 1, 0)),
    ("tuple_string", ((23,), ("10.2f",)), ("     23.00",)),
    ("tuple_string", ((1, 2), ("03d",)), ("001", "002")),
    ("tuple_environment", (("HDLITE_TEST_SURELY_UNSET_VARIABLE",),), ("",)),
    ("tuple_ord", (("A", "a", "é"),), (65, 97, 233)),
    ("tuple_ord", ((),), ()),
    ("tuple_chr", ((72, 105, 233),), ("H", "i", "é")),
    ("tuple_ords", (("Hi", 0),), (72, 105, 0)),
    ("tuple_ords", (("",),), ()),
    ("tuple_chrt", ((72, 105, 0, 65),), ("Hi", 0, "A")),
    ("tuple_chrt", ((0, 65, 66),), (0, "AB")),
    # length and cutting
    ("tuple_strlen", (("abc", ""),), (3, 0)),
    ("tuple_substr", (("abcdef",), (1,), (3,)), ("bcd",)),
    ("tuple_substr", (("abcdef", "xyz"), (0,), (1,)), ("ab", "xy")),
    ("tuple_substr", (("abcdef",), (0, 2), (1, 4)), ("ab", "cde")),
    ("tuple_str_first_n", (("abcdef",), (2,)), ("abc",)),
    ("tuple_str_first_n", (("abc", "defg"), (0, 1)), ("a", "de")),
    ("tuple_str_first_n", (("abc",), (10,)), ("abc",)),
    ("tuple_str_last_n", (("abcdef",), (2,)), ("cdef",)),
    ("tuple_str_last_n", (("abc",), (3,)), ("",)),
    ("tuple_str_bit_select", (("abc", "xyz"), (1,)), ("b", "y")),
    ("tuple_str_bit_select", ((5, 4), (0,)), (1, 0)),
    # search
    ("tuple_strchr", (("hello",), ("lo",)), (2,)),
    ("tuple_strchr", (("hello",), ("l", "z", "")), (2, -1, -1)),
    ("tuple_strchr", (("abc", "cab"), ("c",)), (2, 0)),
    ("tuple_strrchr", (("hello",), ("l",)), (3,)),
    ("tuple_strstr", (("hello", "yellow"), ("llo",)), (2, 2)),
    ("tuple_strstr", (("abc",), ("x",)), (-1,)),
    ("tuple_strstr", ((), ("a",)), ()),
    ("tuple_strrstr", (("abab",), ("ab",)), (2,)),
    # split, join, replace
    ("tuple_split", (("a,b,,c",), (",",)), ("a", "b", "c")),
    (
        "tuple_split",
        (("alpha:1", "beta:2", "gamma:3"), ("a:",)),
        ("lph", "1", "bet", "2", "g", "mm", "3"),
    ),
    ("tuple_split", (("a b;c",), (" ", ";")), ("a", "b;c", "a b", "c")),
    ("tuple_split", (("a-b", "c_d"), ("-", "_")), ("a", "b", "c", "d")),
    ("tuple_split", (("",), (",",)), ("",)),
    ("tuple_join", (("a", "b", "c"), (", ",)), ("a, b, c",)),
    ("tuple_join", ((1, "b", 2.5), ("-",)), ("1-b-2.5",)),
    ("tuple_join", (("a", "b", "c"), ("-", "+")), ("a-b+c",)),
    ("tuple_join", ((), (",",)), ("",)),
    ("tuple_str_replace", (("a-b-c", "x"), ("-",), ("+",)), ("a+b+c", "x")),
    ("tuple_str_replace", (("abc",), ("",), ("+",)), ("abc",)),
    # regular expressions
    ("tuple_regexp_match", (("abba",), ("ab*",)), ("abb",)),
    ("tuple_regexp_match", (("abc", "xyz"), ("b",)), ("b", "")),
    ("tuple_regexp_match", (("Hello world",), (r"(\w+) (\w+)",)), ("Hello", "world")),
    ("tuple_regexp_match", (("a1", "b2", "c"), (r"[a-z](\d)",)), ("1", "2", "")),
    ("tuple_regexp_match", (("xyz",), ("(a)(b)",)), ()),
    ("tuple_regexp_match", (("ABC",), ("abc", "ignore_case")), ("ABC",)),
    ("tuple_regexp_match", (("img.TIF",), (r"\.(tif|png)$", "ignore_case")), ("TIF",)),
    ("tuple_regexp_match", (("a\nb",), ("^b", "multiline")), ("b",)),
    ("tuple_regexp_match", (("a\nb",), ("a.b", "dot_matches_all")), ("a\nb",)),
    ("tuple_regexp_match", (("key=val",), (r"(?<k>\w+)=(?<v>\w+)",)), ("key", "val")),
    ("tuple_regexp_match", ((), ("a",)), ()),
    ("tuple_regexp_replace", (("a1b2",), (r"\d",), ("#",)), ("a#b2",)),
    ("tuple_regexp_replace", (("a1b2",), (r"\d", "replace_all"), ("<$0>",)), ("a<1>b<2>",)),
    ("tuple_regexp_replace", (("john smith",), (r"(\w+) (\w+)",), ("$2, \\1",)), ("smith, john",)),
    ("tuple_regexp_replace", (("ab",), ("(a)",), ("${1}$1",)), ("aab",)),
    ("tuple_regexp_replace", (("cost",), ("cost",), ("$$5 \\\\",)), ("$5 \\",)),
    (
        "tuple_regexp_replace",
        (("x.png", "y.PNG"), (r"\.png$", "ignore_case"), (".jpg",)),
        ("x.jpg", "y.jpg"),
    ),
    (
        "tuple_regexp_select",
        (("a.png", "b.jpg", "c.PNG"), (r"\.png$", "ignore_case")),
        ("a.png", "c.PNG"),
    ),
    ("tuple_regexp_select", (("a.png", "b.jpg"), (r"\.png$", "invert_match")), ("b.jpg",)),
    ("tuple_regexp_test", (("a.png", "b.jpg", "c.png"), (r"png\z",)), (2,)),
    ("tuple_regexp_test", (("a.png", "b.jpg"), ("png", "invert_match")), (1,)),
    ("tuple_regexp_test", (("a\n",), (r"a\Z",)), (1,)),
    ("tuple_regexp_test", (("a\n",), (r"a\z",)), (0,)),
]


@pytest.mark.parametrize(("name", "inputs", "expected"), RESULTS, ids=[r[0] for r in RESULTS])
def test_result(call, name, inputs, expected):
    (result,) = call(name, *inputs)
    assert result == expected
    assert [type(x) for x in result] == [type(x) for x in expected]


def test_environment_reads_the_process_environment(call, monkeypatch):
    monkeypatch.setenv("HDLITE_TEST_VARIABLE", "some value")
    assert call("tuple_environment", ("HDLITE_TEST_VARIABLE", "PATH"))[0][0] == "some value"


ERRORS = [
    # (operator, inputs, HALCON error code)
    ("tuple_string", (("a",), ("d",)), 1201),
    ("tuple_string", ((1,), ("q",)), 1302),
    ("tuple_string", ((1,), (5,)), 1202),
    ("tuple_environment", ((1,),), 1201),
    ("tuple_ord", (("AB",),), 1301),
    ("tuple_ord", ((65,),), 1201),
    ("tuple_chr", ((-1,),), 1301),
    ("tuple_chr", ((55296,),), 1301),  # a lone surrogate is no UTF-8 character
    ("tuple_chr", (("A",),), 1201),
    ("tuple_ords", ((1.5,),), 1201),
    ("tuple_chrt", ((-5,),), 1301),
    ("tuple_strlen", ((1,),), 1201),
    ("tuple_substr", (("abcdef",), (3,), (1,)), 1302),
    ("tuple_substr", (("abc", "de"), (0, 1, 2), (1,)), 1401),
    ("tuple_substr", (("abc",), (0.5,), (1,)), 1202),
    ("tuple_str_first_n", (("abc", "de", "f"), (0, 1)), 1402),
    ("tuple_str_first_n", (("abc",), ("1",)), 1202),
    ("tuple_str_last_n", ((5,), (1,)), 1201),
    ("tuple_str_bit_select", (("abc",), (5,)), 1302),
    ("tuple_str_bit_select", ((5,), (-1,)), 1302),
    ("tuple_str_bit_select", ((2.5,), (0,)), 1201),
    ("tuple_strchr", (("a", "b", "c"), ("a", "b")), 1402),
    ("tuple_strstr", ((1,), ("a",)), 1201),
    ("tuple_split", ((1,), (",",)), 1201),
    ("tuple_join", (("a", "b", "c"), ("-", "+", "*")), 1402),
    ("tuple_join", ((Handle("dict", {}),), (",",)), 1201),
    ("tuple_str_replace", (("abc",), ("a", "b"), ("c",)), 1402),
    ("tuple_regexp_match", (("ABC",), ("abc", "bogus")), 1302),
    ("tuple_regexp_match", (("abc",), ("(",)), 1302),
    ("tuple_regexp_match", (("abc",), ()), 1402),
    ("tuple_regexp_match", ((5,), ("a",)), 1201),
    ("tuple_regexp_replace", (("abc",), ("a", "invert_match"), ("b",)), 1302),
    ("tuple_regexp_replace", (("abc",), ("a",), ("b", "c")), 1403),
    ("tuple_regexp_select", (("abc",), ("a", "replace_all")), 1302),
    ("tuple_regexp_test", (("abc",), ("[",)), 1302),
]


@pytest.mark.parametrize(("name", "inputs", "code"), ERRORS, ids=[e[0] for e in ERRORS])
def test_error_code(call, name, inputs, code):
    with pytest.raises(HalconError) as info:
        call(name, *inputs)
    assert info.value.code == code, info.value.message


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("20", 20),
        ("020", 16),
        ("0x1F", 31),
        ("-0x10", -16),
        ("08", 8.0),
        (" 7 ", 7),
        ("1.", 1.0),
        ("-2.5e-1", -0.25),
        ("99999999999999999999", 1e20),
        ("1e", None),
        ("abc", None),
        ("", None),
        ("+", None),
    ],
)
def test_parse_number(text, value):
    result = parse_number(text)
    assert result == value and type(result) is type(value)


def test_pcre_spellings_are_translated():
    assert pcre_to_python(r"(?<year>\d+)-(?<=a)(?<!b)") == r"(?P<year>\d+)-(?<=a)(?<!b)"
    assert pcre_to_python(r"a\z") == r"a\Z"
    assert pcre_to_python(r"a\\z") == r"a\\z"


PROGRAM = r"""
Name := 'image_07.png'
Length := strlen(Name)
Dot := strrchr(Name, '.')
Base := str_firstn(Name, Dot - 1)
Ext := str_lastn(Name, Dot + 1)
Parts := split('a;b;;c', ';')
Joined := join(['x', 'y'], '+')
Number := regexp_replace(Name, '^image_(\\d+)\\..*$', '$1')
Digits := number(Number)
IsPng := regexp_test(Name, ['\\.PNG$', 'ignore_case'])
Char := Name{1}
Sub := Name{0:4}
tuple_strstr (Name, '07', Pos)
"""


def test_inline_functions_and_statements_in_a_program(run_script):
    result = run_script(PROGRAM)
    assert result.error is None, result.error and result.error.render()
    expected = {
        "Length": (12,),
        "Dot": (8,),
        "Base": ("image_07",),
        "Ext": ("png",),
        "Parts": ("a", "b", "c"),
        "Joined": ("x+y",),
        "Number": ("07",),
        "Digits": (7,),
        "IsPng": (1,),
        "Char": ("m",),
        "Sub": ("image",),
        "Pos": (6,),
    }
    for name, value in expected.items():
        assert result[name] == value, name
