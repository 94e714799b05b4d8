"""The HDevEngine-style facade (hdlite.engine), hdlite.run, and the Python API page's example."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import hdlite
from hdlite.embed.engine import (
    Engine,
    EngineError,
    Procedure,
    ProcedureCall,
    Program,
    ProgramCall,
)
from hdlite.errors import HalconError, ReadError, ResolveError
from hdlite.values.iconic import Image, ObjectTuple

ROOT = Path(__file__).resolve().parents[2]

PROGRAM_XML = """<?xml version="1.0" encoding="UTF-8"?>
<hdevelop file_version="1.2" halcon_version="24.11.1.0">
<procedure name="main">
<interface/>
<body>
<l>Width := 32</l>
<l>gen_image_const (Image, 'byte', Width, 24)</l>
<l>Values := [3, 1, 2]</l>
<l>sum_and_count (Values, Sum, Count)</l>
<l>Names := {'a', 'b'}</l>
</body>
</procedure>
<procedure name="sum_and_count">
<interface>
<ic><par name="Values" base_type="ctrl" dimension="0"/></ic>
<oc>
<par name="Sum" base_type="ctrl" dimension="0"/>
<par name="Count" base_type="ctrl" dimension="0"/>
</oc>
</interface>
<body>
<l>Sum := sum(Values)</l>
<l>Count := |Values|</l>
</body>
</procedure>
</hdevelop>
"""

EXTERNAL_HDVP = """<?xml version="1.0" encoding="UTF-8"?>
<hdevelop file_version="1.2" halcon_version="24.11.1.0">
<procedure name="bright_area">
<interface>
<io><par name="Image" base_type="iconic" dimension="0"/></io>
<oo><par name="Region" base_type="iconic" dimension="0"/></oo>
<ic><par name="MinGray" base_type="ctrl" dimension="0"/></ic>
<oc><par name="Area" base_type="ctrl" dimension="0"/></oc>
</interface>
<body>
<l>threshold (Image, Region, MinGray, 255)</l>
<l>area_center (Region, Area, Row, Column)</l>
</body>
</procedure>
</hdevelop>
"""

PLAIN = """proc inner (tuple X, out tuple Y)
    Y := X[10]
endproc

proc outer (tuple X, out tuple Y)
    inner (X, Y)
endproc

proc lengths (tuple vector(1) V, out tuple vector(1) L, out tuple Unset)
    for I := 0 to V.length() - 1 by 1
        L.at(I) := |V.at(I)|
    endfor
endproc

A := 1
"""


@pytest.fixture
def engine(host, tmp_path: Path) -> Engine:
    procedures = tmp_path / "procedures"
    procedures.mkdir()
    (procedures / "bright_area.hdvp").write_text(EXTERNAL_HDVP, encoding="utf-8")
    return Engine(procedure_path=[procedures], host=host)


@pytest.fixture
def xml_program(tmp_path: Path, engine: Engine) -> Program:
    path = tmp_path / "prog.hdev"
    path.write_text(PROGRAM_XML, encoding="utf-8")
    return Program(path, engine=engine)


@pytest.fixture
def plain_program(tmp_path: Path, engine: Engine) -> Program:
    path = tmp_path / "plain.hdtxt"
    path.write_text(PLAIN, encoding="utf-8")
    return Program(path, engine=engine)


def bright_image() -> np.ndarray:
    pixels = np.zeros((20, 30), dtype=np.uint8)
    pixels[2:6, 3:8] = 250  # 4 x 5 = 20 pixels
    return pixels


def test_program_call_reads_control_and_iconic_variables(xml_program: Program) -> None:
    call = ProgramCall(xml_program).execute()
    assert call.get_control_var_by_name("Sum") == [6]
    assert call.get_control_var_by_name("Count") == [3]
    assert call.get_control_var_by_name("Names") == [["a"], ["b"]]
    image = call.get_iconic_var_by_name("Image")
    assert isinstance(image, ObjectTuple) and isinstance(image[0], Image)
    assert (image[0].width, image[0].height) == (32, 24)
    assert call.status == 0
    assert xml_program.get_local_procedure_names() == ["sum_and_count"]


def test_program_call_presets_a_variable(xml_program: Program) -> None:
    call = ProgramCall(xml_program)
    call.set_control_var_by_name("Width", 7)
    call.execute()
    assert call.get_iconic_var_by_name("Image")[0].width == 7
    assert call.get_variables()["Width"] == [7]


def test_program_call_misuse_is_an_engine_error(xml_program: Program) -> None:
    call = ProgramCall(xml_program)
    with pytest.raises(EngineError, match="execute"):
        call.get_control_var_by_name("Sum")
    call.execute()
    with pytest.raises(EngineError, match="no variable 'Nope'"):
        call.get_control_var_by_name("Nope")
    with pytest.raises(EngineError, match="iconic"):
        call.get_control_var_by_name("Image")
    with pytest.raises(EngineError, match="control"):
        call.get_iconic_var_by_name("Sum")


def test_local_procedure_call(xml_program: Program) -> None:
    proc = Procedure(xml_program, "sum_and_count")
    assert proc.get_input_control_param_names() == ["Values"]
    assert proc.get_output_control_param_names() == ["Sum", "Count"]
    call = ProcedureCall(proc)
    call.set_input_control_param_by_name("Values", [10, 20.5])
    call.execute()
    assert call.get_output_control_param_by_name("Sum") == [30.5]
    assert call.get_output_control_param_by_name("Count") == [2]
    assert Procedure.load_local(xml_program, "sum_and_count").execute(Values=4).get_outputs() == {
        "Sum": [4],
        "Count": [1],
    }


def test_external_procedure_with_numpy_image(engine: Engine) -> None:
    assert "bright_area" in engine.get_procedure_names()
    proc = Procedure("bright_area", engine=engine)
    assert proc.get_input_iconic_param_names() == ["Image"]
    assert proc.get_output_iconic_param_names() == ["Region"]
    call = ProcedureCall(proc)
    call.set_input_iconic_param_by_name("Image", bright_image())
    call.set_input_control_param_by_name("MinGray", 128)
    call.execute()
    assert call.get_output_control_param_by_name("Area") == [20]
    region = call.get_output_iconic_param_by_name("Region")
    assert region[0].area() == 20
    other = Procedure.load_external("bright_area", engine).execute(
        Image=bright_image(), MinGray=255
    )
    assert other.get_output_control_param_by_name("Area") == [0]


def test_vector_parameters_and_unset_outputs(plain_program: Program) -> None:
    call = ProcedureCall(Procedure(plain_program, "lengths"))
    call.set_input_control_param_by_name("V", [[1, 2], [], ["x"]])
    call.execute()
    assert call.get_output_control_param_by_name("L") == [[2], [0], [1]]
    with pytest.raises(HalconError) as info:
        call.get_output_control_param_by_name("Unset")
    assert info.value.code == 21013


def test_procedure_call_errors(plain_program: Program, engine: Engine) -> None:
    call = ProcedureCall(Procedure(plain_program, "outer"))
    with pytest.raises(EngineError, match="no input parameter 'Nope'"):
        call.set_input_control_param_by_name("Nope", 1)
    with pytest.raises(EngineError, match="execute"):
        call.get_output_control_param_by_name("Y")
    with pytest.raises(HalconError) as missing:
        call.execute()
    assert missing.value.code == 21010 and "X was not set" in missing.value.message
    with pytest.raises(EngineError, match="no procedure 'nowhere'"):
        Procedure("nowhere", engine=engine)
    with pytest.raises(EngineError, match="is iconic"):
        ProcedureCall(Procedure("bright_area", engine=engine)).set_input_control_param_by_name(
            "Image", 1
        )


def test_runtime_error_carries_code_file_line_and_stack(plain_program: Program) -> None:
    call = ProcedureCall(Procedure(plain_program, "outer"))
    call.set_input_control_param_by_name("X", [1, 2])
    with pytest.raises(HalconError) as info:
        call.execute()
    error = info.value
    assert error.code == 1302
    assert error.span is not None and error.span.line == 2
    assert Path(error.span.file).name == "plain.hdtxt"
    assert error.procedure == "inner"
    assert [(entry.procedure, entry.span.line) for entry in error.stack] == [("outer", 6)]
    assert "called from outer (" in error.render()


def test_interpreter_call_procedure_unknown_name(host) -> None:
    from hdlite.runtime.interpreter import Interpreter

    with pytest.raises(ReadError, match="no procedure 'nowhere'"):
        Interpreter(host).call_procedure(None, "nowhere", {})


def test_resolve_errors_reach_the_caller(tmp_path: Path, engine: Engine) -> None:
    path = tmp_path / "broken.hdtxt"
    path.write_text("proc p (out tuple Y)\n    no_such_operator (Y)\nendproc\nA := 1\n")
    program = Program(path, engine=engine)
    with pytest.raises(ResolveError, match="no_such_operator"):
        program.check()
    with pytest.raises(ResolveError):
        Procedure(program, "p").execute()


def test_run_shortcut(tmp_path: Path) -> None:
    path = tmp_path / "area.hdtxt"
    path.write_text(
        "MinGray := 255\nthreshold (Image, Region, MinGray, 255)\n"
        "area_center (Region, Area, Row, Column)\nNames := ['a', 'b']\n"
    )
    result = hdlite.run(path, Image=bright_image(), MinGray=100)
    assert result["Area"] == [20]
    assert result["MinGray"] == [100]
    assert result["Names"] == ["a", "b"]
    assert isinstance(result["Region"], ObjectTuple)
    with pytest.raises(HalconError) as info:
        hdlite.run(path)  # Image has no value
    assert info.value.code == 21010


def test_python_api_page_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    text = (ROOT / "docs" / "python-api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks, "docs/python-api.md has no python example"
    exec(compile(blocks[0], "docs/python-api.md", "exec"), {"__name__": "__doc_example__"})
    assert "error 5200 in read_image" in capsys.readouterr().out
