"""Reading programs: HDevelop XML with line numbers, plain text, every program in the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdlite.errors import ParseError, ReadError
from hdlite.syntax import ast
from hdlite.syntax.program import load_program, read_raw

ROOT = Path(__file__).parents[2]

HDEV = """<?xml version="1.0" encoding="UTF-8"?>
<hdevelop file_version="1.1" halcon_version="12.0">
<procedure name="main">
<interface/>
<body>
<c>* comment line</c>
<l>* deactivated (code line</l>
<l>#^^ export line</l>
<l>if (Area &gt; 1000 and Name != '&lt;x&gt;')</l>
<l>    gen_measure (Row, Column, \\
                 'bilinear', Handle)   // trailing comment</l>
<l>endif</l>
<l as_id="matching" as_name="Matching 01">X := 1</l>
</body>
<docu id="main"><parameters/></docu>
</procedure>
<procedure name="helper">
<interface>
<io><par name="Image" base_type="iconic" dimension="0"/></io>
<oo><par name="Region" base_type="iconic" dimension="0"/></oo>
<ic><par name="Values" base_type="ctrl" dimension="1"/></ic>
<oc><par name="Area" base_type="ctrl" dimension="0"/></oc>
</interface>
<body>
<l>return ()</l>
</body>
<docu id="helper"><short lang="en_US">Does things.</short><parameters/></docu>
</procedure>
</hdevelop>
"""


def test_xml_lines_keep_file_positions(tmp_path: Path):
    path = tmp_path / "a.hdev"
    path.write_text(HDEV)
    program = load_program(str(path))
    if_stmt, assign = program.main.body
    assert isinstance(if_stmt, ast.If) and if_stmt.span.line == 9
    cond = if_stmt.branches[0][0]
    assert isinstance(cond, ast.Binary) and cond.op == "and"
    assert cond.right.right.value == ("<x>",)
    call = if_stmt.branches[0][1][0]
    assert isinstance(call, ast.Call) and call.span.line == 10 and len(call.args) == 4
    assert call.args[2].span.line == 11
    assert isinstance(assign, ast.Assign) and assign.span.line == 13
    helper = program.procedures["helper"]
    assert [(p.name, p.kind, p.direction, p.dimension) for p in helper.params] == [
        ("Image", "iconic", "in", 0),
        ("Region", "iconic", "out", 0),
        ("Values", "control", "in", 1),
        ("Area", "control", "out", 0),
    ]
    assert helper.short == "Does things."


def test_syntax_errors_in_xml_point_at_the_element_line(tmp_path: Path):
    path = tmp_path / "b.hdev"
    path.write_text(HDEV.replace(">X := 1</l>", ">X := (1</l>"))
    with pytest.raises(ParseError) as info:
        load_program(str(path))
    assert info.value.span.line == 13 and info.value.span.file == str(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<hdevelop><procedure><body></body></procedure></hdevelop>", "without a name"),
        ("<html></html>", "root element is <html>"),
        (
            "<hdevelop><procedure name='x'><body></body></procedure></hdevelop>",
            "no procedure 'main'",
        ),
        ("<hdevelop><procedure name='main'><body><l>X := 1</l></body>", "malformed XML"),
        ("", "malformed XML: no element found"),
    ],
)
def test_bad_files(tmp_path: Path, text: str, message: str):
    path = tmp_path / "c.hdev"
    path.write_text(text or "<?xml version='1.0'?>\n")
    with pytest.raises(ReadError, match=message):
        load_program(str(path))


def test_plain_text_procedures(tmp_path: Path):
    path = tmp_path / "p.hdtxt"
    path.write_text(
        "X := 1\nproc f (object A, out object B, tuple C, out tuple D)\n  D := C\nendproc\n"
        "f (I, O, 1, R)\n"
    )
    program = load_program(str(path))
    assert [type(s).__name__ for s in program.main.body] == ["Assign", "Call"]
    assert program.main.body[1].span.line == 5
    assert [p.name for p in program.procedures["f"].params] == ["A", "B", "C", "D"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("proc f (tuple A, object B)\nendproc\n", "HALCON's order"),
        ("proc f (tuple A)\n", "has no 'endproc'"),
        ("endproc\n", "'endproc' without 'proc'"),
        ("proc f (banana A)\nendproc\n", "bad parameter"),
    ],
)
def test_bad_plain_text_procedures(tmp_path: Path, text: str, message: str):
    path = tmp_path / "p.hdtxt"
    path.write_text(text)
    with pytest.raises(ReadError, match=message):
        load_program(str(path))


def test_binary_file_is_refused(tmp_path: Path):
    path = tmp_path / "img.hdev"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff")
    with pytest.raises(ReadError):
        load_program(str(path))


REPO_FILES = sorted(
    p
    for pattern in ("**/*.hdev", "**/*.hdvp", "**/*.hdpl")
    for p in ROOT.glob(pattern)
    if ".venv" not in p.parts
)


@pytest.mark.parametrize("path", REPO_FILES, ids=[str(p.relative_to(ROOT)) for p in REPO_FILES])
def test_every_program_in_the_repository_parses(path: Path):
    from hdlite.syntax.program import compile_raw

    for raw in read_raw(str(path)):
        compile_raw(raw, str(path))


ONE_LINE = """<?xml version="1.0" encoding="UTF-8"?>
<hdevelop file_version="1.2" halcon_version="24.11.1.0">
<procedure name="main">
<interface/>
<body>
<l>A := 1</l><l>B := A + 1</l><l>C := B * 2</l>
<l>D := C</l>
</body>
</procedure>
</hdevelop>
"""


def test_several_code_elements_on_one_xml_line_keep_their_order(tmp_path: Path):
    path = tmp_path / "one.hdev"
    path.write_text(ONE_LINE)
    body = load_program(str(path)).main.body
    assert [s.target.name for s in body] == ["A", "B", "C", "D"]
    assert [s.span.line for s in body] == [6, 6, 6, 7]


def test_protected_procedure_body_is_refused(tmp_path: Path):
    path = tmp_path / "p.hdvp"
    path.write_text(
        '<?xml version="1.0"?>\n<hdevelop><procedure name="p"><interface/>'
        "<body><xb>AAECAwQ=</xb></body></procedure></hdevelop>\n"
    )
    from hdlite.syntax.program import compile_raw

    (raw,) = read_raw(str(path))
    with pytest.raises(ReadError, match="protected"):
        compile_raw(raw, str(path))


def test_hdev_that_is_not_xml_is_refused(tmp_path: Path):
    path = tmp_path / "pseudo.hdev"
    path.write_text("procedure inspect (Image)\nConfidence = 0.85\n")
    with pytest.raises(ReadError, match="not an HDevelop XML file"):
        load_program(str(path))


def test_procedures_are_found_case_insensitively(tmp_path: Path):
    (tmp_path / "Region_Helper.hdvp").write_text(
        '<?xml version="1.0"?>\n<hdevelop><procedure name="region_helper"><interface>'
        '<oc><par name="R" base_type="ctrl" dimension="0"/></oc></interface>'
        "<body><l>R := 7</l></body></procedure></hdevelop>\n"
    )
    program = tmp_path / "main.hdtxt"
    program.write_text("region_helper (X)\n")
    from hdlite.runtime.interpreter import Interpreter

    assert Interpreter().run_file(str(program)).variables["X"] == (7,)


def test_deeply_nested_expressions(tmp_path: Path):
    from hdlite.runtime.interpreter import Interpreter

    path = tmp_path / "deep.hdtxt"
    path.write_text(
        "W := " + "abs(" * 1500 + "-1" + ")" * 1500 + "\nS := " + "+".join(["1"] * 3000) + "\n"
    )
    import sys

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(20000)
    try:
        result = Interpreter().run_file(str(path)).variables
    finally:
        sys.setrecursionlimit(limit)
    assert result["W"] == (1,) and result["S"] == (3000,)
