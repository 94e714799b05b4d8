"""Contract tests over the whole registry: every operator well-formed, documented, tested."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from hdlite.plugin.hookspecs import hdlite_procedure_dirs, hdlite_register_operators
from hdlite.plugin.host import make_plugin_manager
from hdlite.plugin.registry import TYPE_NAMES

TESTS = Path(__file__).parents[1]
ROOT = TESTS.parent
HOST = make_plugin_manager()
OPERATORS = HOST.registry.match("*")


def _test_corpus() -> str:
    parts = [p.read_text(encoding="utf-8", errors="replace") for p in TESTS.rglob("*.py")]
    parts += [p.read_text(encoding="utf-8", errors="replace") for p in TESTS.rglob("*.hdtxt")]
    return "\n".join(parts)


CORPUS = _test_corpus()


@pytest.mark.parametrize("op", OPERATORS, ids=[op.name for op in OPERATORS])
def test_operator_is_well_formed_documented_and_tested(op):
    assert re.fullmatch(r"[a-z][a-z0-9_]*", op.name)
    assert op.doc.strip(), f"{op.name} has no docstring"
    assert op.plugin, f"{op.name} was not registered through a plugin"
    names = [p.name for p in op.params]
    assert len(names) == len(set(names)), f"{op.name}: duplicate parameter names"
    for param in op.params:
        assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", param.name), (op.name, param.name)
        assert param.types <= TYPE_NAMES
        if param.kind == "iconic":
            assert not param.types
    assert re.search(rf"\b{re.escape(op.name)}\b", CORPUS), f"no test mentions {op.name}"


def test_every_hook_is_documented_and_tested():
    readme = (ROOT / "README.md").read_text()
    for hook in (hdlite_register_operators, hdlite_procedure_dirs):
        assert hook.__doc__
        assert hook.__name__ in readme or hook.__name__ in (ROOT / "CONTRIBUTING.md").read_text()
        assert hook.__name__ in CORPUS.replace("def " + hook.__name__, "")


def test_core_never_imports_torch():
    code = (
        "import sys, hdlite, hdlite.runtime.interpreter, hdlite.cli\n"
        "from hdlite.plugin.host import make_plugin_manager\n"
        "host = make_plugin_manager()\n"
        "from hdlite.runtime.interpreter import Interpreter\n"
        "from hdlite.syntax.program import load_program\n"
        "import tempfile, os\n"
        "d = tempfile.mkdtemp(); p = os.path.join(d, 'a.hdtxt')\n"
        "open(p, 'w').write('X := sum([1, 2])\\n')\n"
        "Interpreter(host).run(load_program(p))\n"
        "assert 'torch' not in sys.modules, 'torch was imported'\n"
        "assert 'torchvision' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_operator_count_is_reported(capsys):
    from hdlite.cli import main

    assert main(["operators", "--count"]) == 0
    assert int(capsys.readouterr().out) == len(OPERATORS)
