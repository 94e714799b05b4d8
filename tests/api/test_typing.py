"""Types for people who build on hdlite: the docs' examples pass ``mypy --strict`` from outside
the repository, and ``hdlite.ops`` has a generated stub for the built-in operators."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: the pages whose ``python`` examples a user copies
DOCS = ("README.md", "docs/python-api.md", "docs/plugins.md")

pytest.importorskip("mypy")


def python_blocks(page: str) -> list[str]:
    """The fenced ``python`` examples of a documentation page."""
    text = (ROOT / page).read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def mypy(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # an editable install reaches hdlite through an import hook that mypy cannot follow, so
    # the repository is named as a search path (a wheel install needs nothing)
    env = {**os.environ, "MYPYPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--hide-error-context", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_ops_stub", ROOT / "scripts/gen_ops_stub.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """mypy --strict over every docs example and a few probes, in one run from outside."""
    folder = tmp_path_factory.mktemp("typing")
    files: list[str] = []
    for page in DOCS:
        for index, block in enumerate(python_blocks(page)):
            name = f"{Path(page).stem.replace('-', '_')}_{index}.py"
            saved = re.search(r"save as (\w+)/__init__\.py", block)
            if saved:  # a package that later examples import
                (folder / saved.group(1)).mkdir()
                name = f"{saved.group(1)}/__init__.py"
            (folder / name).write_text(block, encoding="utf-8")
            files.append(name)
    probes = {
        "probe_misspelled.py": "import hdlite\n\nhdlite.ops.tuple_lenght([1, 2])\n",
        "probe_result.py": "import hdlite\n\nname: str = hdlite.ops.tuple_length([1, 2])\n",
        "probe_ok.py": (
            "from hdlite import ops\nfrom hdlite.plugin import ControlTuple\n\n"
            "n: int = ops.tuple_length([1, 2])\nw, h = ops.get_image_size_s([])\n"
            "t: ControlTuple = (1, 2.5, 'x')\n"
        ),
    }
    for name, text in probes.items():
        (folder / name).write_text(text, encoding="utf-8")
    result = mypy("--strict", *files, *probes, cwd=folder)
    errors: dict[str, list[str]] = {}
    for line in result.stdout.splitlines():
        errors.setdefault(line.split(":")[0], []).append(line)
    return {"files": files, **errors}  # type: ignore[dict-item]


def test_mypy_finds_hdlite_and_its_py_typed(checked: dict[str, list[str]]) -> None:
    assert not any("import-not-found" in line for lines in checked.values() for line in lines)


@pytest.mark.parametrize("page", DOCS)
def test_docs_examples_pass_mypy_strict(checked: dict[str, list[str]], page: str) -> None:
    stem = Path(page).stem.replace("-", "_")
    names = [
        name
        for name in checked["files"]
        if name.startswith(stem + "_") or (stem == "plugins" and "/" in name)
    ]
    assert names, f"{page} has no python example"
    problems = [line for name in names for line in checked.get(name, [])]
    assert not problems, "\n".join(problems)


def test_ops_stub_catches_misspelled_operators_and_wrong_result_types(
    checked: dict[str, list[str]],
) -> None:
    assert any("tuple_lenght" in line for line in checked.get("probe_misspelled.py", []))
    assert any("incompatible types" in line.lower() for line in checked.get("probe_result.py", []))
    assert not checked.get("probe_ok.py"), checked.get("probe_ok.py")


def test_ops_stub_is_up_to_date() -> None:
    gen = generator()
    try:
        text = gen.render()
    except Exception as exc:  # a built-in plugin is not installed here (e.g. the vision extra)
        pytest.skip(f"cannot list every built-in operator: {exc}")
    assert text == gen.STUB.read_text(encoding="utf-8"), (
        "hdlite/embed/builtin_ops.pyi is out of date: run python scripts/gen_ops_stub.py"
    )


def test_control_tuple_is_a_tuple_of_elements() -> None:
    from hdlite.values import control

    assert control.ControlTuple == "tuple[Element, ...]"
    assert control.Element == "int | float | str | Handle"


#: operator modules that mypy must accept (the rest of operators/ is being cleaned up)
CLEAN_OPERATOR_MODULES = (
    "operators/hdlite_image/transforms.py",
    "operators/hdlite_image/resample.py",
    "operators/hdlite_display/mouse.py",
)


def test_operator_modules_type_check() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", *CLEAN_OPERATOR_MODULES],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    own = [
        line
        for line in result.stdout.splitlines()
        if line.split(":")[0] in CLEAN_OPERATOR_MODULES and ": error:" in line
    ]
    assert not own, "\n".join(own)
