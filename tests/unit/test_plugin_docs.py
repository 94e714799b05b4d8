"""docs/plugins.md documents the whole plugin API and its example works; the template plugin
installs and passes its own tests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import hdlite.plugin
from hdlite.testing.fixtures import HdliteRunner

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "plugins.md"
TEMPLATE = ROOT / "examples" / "plugin-template"

PROCEDURE = """<?xml version="1.0" encoding="UTF-8"?>
<hdevelop file_version="1.2" halcon_version="24.11.1.0">
<procedure name="scale_twice">
<interface>
<ic><par name="X" base_type="ctrl" dimension="0"/></ic>
<oc><par name="Y" base_type="ctrl" dimension="0"/></oc>
</interface>
<body>
<l>scale_values (X, 2, Once)</l>
<l>scale_values (Once, 2, Y)</l>
</body>
</procedure>
</hdevelop>
"""


def blocks(language: str) -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    fences = re.findall(r"^```(\w*)\n(.*?)^```", text, flags=re.S | re.M)
    return [body for lang, body in fences if lang == language]


def test_every_exported_name_is_documented() -> None:
    prose = re.sub(r"```.*?```", "", GUIDE.read_text(encoding="utf-8"), flags=re.S)
    spans = " ".join(re.findall(r"`([^`\n]+)`", prose))  # named in the text, not only used
    missing = [n for n in hdlite.plugin.__all__ if not re.search(rf"\b{n}\b", spans)]
    assert not missing, f"docs/plugins.md does not document {missing}"


@pytest.fixture
def my_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The guide's example package, written out with one procedure in its folder."""
    package = tmp_path / "my_plugin"
    (package / "procedures").mkdir(parents=True)
    (package / "__init__.py").write_text(blocks("python")[0], encoding="utf-8")
    (package / "procedures" / "scale_twice.hdvp").write_text(PROCEDURE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "my_plugin", raising=False)
    return tmp_path


def test_the_guides_example_plugin_works(my_plugin: Path) -> None:
    import my_plugin as module  # type: ignore[import-not-found]

    runner = HdliteRunner(my_plugin).use(module, builtin=["core", "image"])
    (program,) = [b for b in blocks("") if "scale_values (X, 3, Scaled)" in b]
    result = runner.run(program + "scale_twice ([1, 2], Y)\n")
    result.assert_ok()
    assert result["Scaled"] == (3, 7.5)
    assert result["Area"] == (16,)
    assert result["Steps"] == (2,)
    assert result["Y"] == (4, 8)
    refused = runner.run("scale_values ([1], 0, S)\n")
    assert refused.error is not None and "error 1302 in scale_values" in str(refused.error)
    no_start = runner.run("step ()\n")
    assert no_start.error is not None and "2454" in str(no_start.error)
    wrong = runner.run("gen_image_const (I, 'real', 2, 2)\nbright_pixels (I, R, 0, A)\n")
    assert wrong.error is not None and "9007" in str(wrong.error)


def test_the_guides_test_example_passes(my_plugin: Path) -> None:
    test_file = my_plugin / "test_my_plugin.py"
    test_file.write_text(blocks("python")[1], encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(my_plugin)}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)],
        cwd=my_plugin,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout


@pytest.fixture(scope="module")
def installed_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            *("-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation"),
            *("--target", str(target), str(TEMPLATE)),
        ],
        check=True,
        capture_output=True,
    )
    return target


def test_the_template_installs_and_passes_its_tests(
    installed_template: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "PYTHONPATH": str(installed_template)}
    run = subprocess.run(
        [
            sys.executable,
            *("-m", "pytest", "-q", "-p", "no:cacheprovider"),
            *("-c", str(TEMPLATE / "pyproject.toml"), "--rootdir", str(TEMPLATE)),
            str(TEMPLATE / "tests"),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "4 passed" in run.stdout
    listing = subprocess.run(
        [sys.executable, "-m", "hdlite", "plugins"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert "template 0.1.0: 1 operators" in listing.stdout
    for part in ("pyproject.toml", ".github/workflows/ci.yml", "README.md"):
        assert (TEMPLATE / part).is_file()
