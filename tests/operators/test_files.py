"""Files: open_file streams (text and binary, atomic output) and tuple files."""

from __future__ import annotations

import math
import os
import stat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hdlite.values.control import Handle
from tests.conftest import Caller


def open_(call: Caller, path, mode="output") -> Handle:
    return call("open_file", str(path), mode)[0][0]


# -- tuple files ------------------------------------------------------------------------

TRICKY = (
    0,
    -1,
    2**63 - 1,
    -(2**63),
    0.1,
    1 / 3,
    -0.0,
    5e-324,
    1.7976931348623157e308,
    1e16,
    math.inf,
    -math.inf,
    "",
    " lead and trail ",
    "line\nbreak\r\nand\rcr",
    "tab\tquote\"apos'back\\slash",
    "i 5",
    "ünïcödé €😀 \u2028\u2029\x85",
    "nul\x00byte",
    "3",
)


def same(a: tuple, b: tuple) -> bool:
    return [(type(x), repr(x)) for x in a] == [(type(x), repr(x)) for x in b]


def test_tuple_round_trip(call, tmp_path):
    path = str(tmp_path / "t.tup")
    call("write_tuple", TRICKY, path)
    (back,) = call("read_tuple", path)
    assert same(back, TRICKY)
    call("write_tuple", (math.nan,), path)
    assert math.isnan(call("read_tuple", path)[0][0])
    call("write_tuple", (), path)
    assert call("read_tuple", path) == ((),)
    assert [p.name for p in tmp_path.iterdir()] == ["t.tup"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(min_value=-(2**63), max_value=2**63 - 1),
            st.floats(allow_nan=False),
            st.text(),
        ),
        max_size=8,
    )
)
def test_tuple_round_trip_property(host, tmp_path_factory, values):
    call = Caller(host)
    path = str(tmp_path_factory.mktemp("tup") / "p.tup")
    call("write_tuple", tuple(values), path)
    assert same(call("read_tuple", path)[0], tuple(values))


def test_read_tuple_errors(call, tmp_path):
    assert call.code("read_tuple", str(tmp_path / "missing.tup")) == 5200
    bad = tmp_path / "bad.tup"
    for text, code in [
        ("hello\n", 5757),
        ("HDLITE-TUPLE 2\n0\n", 5756),
        ("HDLITE-TUPLE 1\n2\ni 1\n", 5757),
        ("HDLITE-TUPLE 1\n1\ni 1\ni 2\n", 5757),
        ("HDLITE-TUPLE 1\n1\nx 1\n", 5757),
        ("HDLITE-TUPLE 1\n1\ni 1.5\n", 5757),
        ("HDLITE-TUPLE 1\n1\ns 5\n", 5757),
        ('HDLITE-TUPLE 1\n1\ns "open\n', 5757),
    ]:
        bad.write_text(text)
        assert call.code("read_tuple", str(bad)) == code, text
    bad.write_bytes(b'HDLITE-TUPLE 1\n1\ns "\xff\xfe"\n')
    assert call.code("read_tuple", str(bad)) == 5757


def test_write_tuple_errors(call, tmp_path):
    assert call.code("write_tuple", (1, Handle("dict", {})), str(tmp_path / "h.tup")) == 2455
    assert call.code("write_tuple", 1, str(tmp_path / "missing" / "t.tup")) == 5215
    assert not (tmp_path / "h.tup").exists()


def test_tuple_in_a_program(run_script, tmp_path):
    path = str(tmp_path / "p.tup")
    result = run_script(f"write_tuple ([1, 2.5, 'x y'], '{path}')\nread_tuple ('{path}', T)\n")
    assert result.error is None, result.error
    assert result["T"] == (1, 2.5, "x y")


# -- text files -------------------------------------------------------------------------


def test_output_appears_atomically_on_close(call, tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("old\n")
    handle = open_(call, path)
    call("fwrite_string", handle, ("a", 1, 2.5))
    call("fnew_line", handle)
    call("fwrite_string", handle, "second")
    assert path.read_text() == "old\n"  # readers still see the previous content
    call("close_file", handle)
    assert path.read_text() == "a12.5\nsecond"
    assert handle.cleared
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_new_files_get_ordinary_permissions(call, tmp_path):
    umask = os.umask(0)
    os.umask(umask)
    handle = open_(call, tmp_path / "perm.txt")
    call("close_file", handle)
    assert stat.S_IMODE((tmp_path / "perm.txt").stat().st_mode) == 0o666 & ~umask


def test_append(call, tmp_path):
    path = tmp_path / "log.txt"
    path.write_text("first\n")
    handle = open_(call, path, "append")
    call("fwrite_string", handle, "second")
    call("close_file", handle)
    assert path.read_text() == "first\nsecond"
    handle = open_(call, tmp_path / "new.txt", "append")
    call("fwrite_string", handle, "x")
    call("close_file", handle)
    assert (tmp_path / "new.txt").read_text() == "x"


def test_files_are_closed_at_the_end_of_the_program(call, tmp_path):
    path = tmp_path / "unclosed.txt"
    handle = open_(call, path)
    call("fwrite_string", handle, "kept")
    call.session.notify_stop("end")
    assert path.read_text() == "kept"


def test_fread_line(call, tmp_path):
    path = tmp_path / "in.txt"
    path.write_bytes("one\ntwo ü\r\nlast".encode())
    handle = open_(call, path, "input")
    lines = [call("fread_line", handle) for _ in range(4)]
    assert lines == [
        (("one\n",), (0,)),
        (("two ü\r\n",), (0,)),
        (("last",), (0,)),
        (("",), (1,)),
    ]


def test_fread_char_and_fread_string(call, tmp_path):
    path = tmp_path / "in.txt"
    path.write_text("ab\n  word\tnext\n\n")
    handle = open_(call, path, "input")
    chars = [call("fread_char", handle)[0][0] for _ in range(3)]
    assert chars == ["a", "b", "\n"]
    words = [call("fread_string", handle) for _ in range(3)]
    assert words == [(("word",), (0,)), (("next",), (0,)), (("",), (1,))]
    assert call("fread_char", handle) == (("eof",),)


def test_standard_output(call):
    handle = open_(call, "standard")
    call("fwrite_string", handle, "hello")
    call("fnew_line", handle)
    call("close_file", handle)
    assert call.session.out.getvalue() == "hello\n"
    assert not call.session.out.closed


def test_binary_files(call, tmp_path):
    path = tmp_path / "b.bin"
    handle = open_(call, path, "output_binary")
    assert call("fwrite_bytes", handle, (0, 255, 10, 13)) == ((4,),)
    call("close_file", handle)
    assert path.read_bytes() == bytes([0, 255, 10, 13])
    handle = open_(call, path, "input_binary")
    assert call("fread_bytes", handle, 3) == ((0, 255, 10), (0,))
    assert call("fread_bytes", handle, 3) == ((13,), (1,))


def test_encodings(call, tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("é\n".encode("latin-1"))
    handle = call("open_file", str(path), ("input", "ignore_encoding"))[0][0]
    assert call("fread_line", handle) == (("é\n",), (0,))


def test_file_errors(call, tmp_path):
    assert call.code("open_file", str(tmp_path / "missing.txt"), "input") == 5200
    assert call.code("open_file", str(tmp_path / "no" / "x.txt"), "output") == 5215
    assert call.code("open_file", str(tmp_path / "x.txt"), "readwrite") == 1302
    assert call.code("open_file", str(tmp_path / "x.txt"), ("output", "input")) == 1302
    enc = ("output_binary", "utf8_encoding")
    assert call.code("open_file", str(tmp_path / "x.bin"), enc) == 1302
    (tmp_path / "in.txt").write_text("x")
    reader = open_(call, tmp_path / "in.txt", "input")
    assert call.code("fwrite_string", reader, "no") == 5216
    writer = open_(call, tmp_path / "out.txt")
    assert call.code("fread_line", writer) == 5216
    binary = open_(call, tmp_path / "out.bin", "output_binary")
    assert call.code("fwrite_string", binary, "text") == 5280
    assert call.code("fwrite_bytes", writer, 1) == 5281
    assert call.code("fwrite_bytes", binary, 256) == 1302
    call("close_file", writer)
    assert call.code("fwrite_string", writer, "closed") == 2454
    other = Handle("dict", {})
    assert call.code("close_file", other) == 2404


def test_other_ranks_write_nothing(call, tmp_path):
    call.session.rank = 1
    handle = open_(call, tmp_path / "rank1.txt")
    call("fwrite_string", handle, "x")
    call("close_file", handle)
    call("write_tuple", 1, str(tmp_path / "rank1.tup"))
    assert list(tmp_path.iterdir()) == []


def test_text_file_in_a_program(run_script, tmp_path):
    path = str(tmp_path / "lines.txt")
    result = run_script(
        f"open_file ('{path}', 'output', F)\n"
        "for I := 1 to 3 by 1\n"
        "    fwrite_string (F, 'line ' + I)\n"
        "    fnew_line (F)\n"
        "endfor\n"
        "close_file (F)\n"
        f"open_file ('{path}', 'input', F)\n"
        "Lines := []\n"
        "repeat\n"
        "    fread_line (F, Line, IsEOF)\n"
        "    if (not IsEOF)\n"
        "        Lines := [Lines, Line]\n"
        "    endif\n"
        "until (IsEOF)\n"
        "close_file (F)\n"
    )
    assert result.error is None, result.error
    assert result["Lines"] == ("line 1\n", "line 2\n", "line 3\n")
