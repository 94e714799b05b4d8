"""Interpreter benchmarks: everyday loop bodies against CPython, operator calls, parsing, start-up.

Run: ``python benchmarks/bench_interpreter.py`` (``--iterations N``, ``--repeat N``,
``--lines N``, ``--only NAME``, ``--skip-startup``). Everything is measured in this one
process run, so the ratios compare hdlite and CPython under the same machine load:

* loop bodies: each body runs inside ``for I := 1 to N by 1`` (or its own ``while`` loop) and
  the same work written in plain Python runs in the same process; a run with ``N = 0`` is
  subtracted, so load, resolve and compile do not count. Prints µs per iteration, the ratio
  to CPython per body and their geometric mean (the fused ``S := S + I`` is the best case);
* appends: 100,000 appends with each idiom (``T := [T, x]`` and ``T[|T|] := x``);
* an operator call with three control arguments: interpreter overhead per call, beyond the
  operator function's own work (the same function called directly from Python);
* parsing: lines per second on a generated program (positions kept);
* start-up: ``hdlite run`` of a one-line program, as a whole process, against
  ``python -c pass``.

In-process figures are CPU time (``time.process_time``), steadier than wall time when other
processes share the machine; start-up is wall time. Each figure is the median of
``--repeat`` runs; compare figures taken in one run only.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hdlite.plugin.host import make_plugin_manager
from hdlite.runtime.interpreter import Interpreter
from hdlite.syntax.parser import parse_lines
from hdlite.syntax.program import load_program

# ---------------------------------------------------------------------------- loop bodies


@dataclass
class Case:
    """One loop body: hdlite source (``{loop}`` is replaced by the loop) and its Python twin."""

    name: str
    program: str
    python: Callable[[int], Any]
    scale: int = 1  # the body runs iterations // scale times (for heavy bodies)


FOR = "for I := 1 to N by 1"

PROC = """proc add_one (tuple A, out tuple B)
    B := A + 1
endproc

"""


def py_add(n: int) -> Any:
    s = 0
    for i in range(1, n + 1):
        s = s + i
    return s


def py_if_else(n: int) -> Any:
    a = b = 0
    for i in range(1, n + 1):
        if i % 3 == 0:
            a = a + 1
        else:
            b = b + 1
    return a, b


def py_index(n: int) -> Any:
    t = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]
    x = 0.0
    for i in range(1, n + 1):
        x = t[i % 10] * 2.5 + t[(i + 1) % 10]
    return x


def py_append(n: int) -> Any:
    items: list[int] = []
    for i in range(1, n + 1):
        items.append(i)
    return items


def py_concat(n: int) -> Any:
    results: list[int] = []
    for i in range(1, n + 1):
        results += [i]
    return results


def py_str(n: int) -> Any:
    s = ""
    for i in range(1, n + 1):
        s = "v" + str(i)
    return s


def py_length(n: int) -> Any:
    t = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]
    k = 0
    for _i in range(1, n + 1):
        k = len(t)
    return k


def py_max(n: int) -> Any:
    m = 0
    for i in range(1, n + 1):
        m = max([i, 5, 2])
    return m


def py_while(n: int) -> Any:
    i = 0
    while i < n:
        i = i + 1
    return i


def _add_one(a: int) -> int:
    return a + 1


def py_proc(n: int) -> Any:
    b = 0
    for i in range(1, n + 1):
        b = _add_one(i)
    return b


def py_build(n: int) -> Any:
    s = ""
    for i in range(1, n + 1):
        s = "item " + format(i, "05d") + ": " + str(i * 2) + " mm"
    return s


def py_vector(n: int) -> Any:
    a = [float(k) for k in range(1000)]
    b = list(range(1000))
    c: list[float] = []
    for _i in range(1, n + 1):
        c = [x * 2.5 + y for x, y in zip(a, b, strict=True)]
    return c


def py_dict(n: int) -> Any:
    d = {"total": 0}
    for i in range(1, n + 1):
        d["total"] = d["total"] + i
    return d


CASES = [
    Case("S := S + I (fused, best case)", f"S := 0\n{FOR}\n    S := S + I\nendfor\n", py_add),
    Case(
        "if/else on I % 3",
        f"A := 0\nB := 0\n{FOR}\n    if (I % 3 == 0)\n        A := A + 1\n    else\n"
        "        B := B + 1\n    endif\nendfor\n",
        py_if_else,
    ),
    Case(
        "X := T[I % 10] * 2.5 + T[(I + 1) % 10]",
        f"T := [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]\n{FOR}\n"
        "    X := T[I % 10] * 2.5 + T[(I + 1) % 10]\nendfor\n",
        py_index,
    ),
    Case("L[|L|] := I (append)", f"L := []\n{FOR}\n    L[|L|] := I\nendfor\n", py_append),
    Case(
        "Results := [Results, I] (append)",
        f"Results := []\n{FOR}\n    Results := [Results, I]\nendfor\n",
        py_concat,
    ),
    Case("Sx := 'v' + I", f"{FOR}\n    Sx := 'v' + I\nendfor\n", py_str),
    Case(
        "tuple_length (T, Len)",
        f"T := [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]\n{FOR}\n    tuple_length (T, Len)\nendfor\n",
        py_length,
    ),
    Case("M := max([I, 5, 2])", f"{FOR}\n    M := max([I, 5, 2])\nendfor\n", py_max),
    Case(
        "while (I < N) counting",
        "I := 0\nwhile (I < N)\n    I := I + 1\nendwhile\n",
        py_while,
    ),
    Case(
        "procedure call add_one (I, B)",
        f"{PROC}B := 0\n{FOR}\n    add_one (I, B)\nendfor\n",
        py_proc,
    ),
    Case(
        "string building",
        f"{FOR}\n    S := 'item ' + I$'05d' + ': ' + (I * 2) + ' mm'\nendfor\n",
        py_build,
    ),
    Case(
        "C := A * 2.5 + B on 1,000 elements",
        f"A := real([0:999])\nB := [0:999]\n{FOR}\n    C := A * 2.5 + B\nendfor\n",
        py_vector,
        scale=200,
    ),
    Case(
        "D.total := D.total + I",
        f"D := dict{{total: 0}}\n{FOR}\n    D.total := D.total + I\nendfor\n",
        py_dict,
    ),
]


def _load(text: str, tmp: str, name: str) -> Any:
    path = os.path.join(tmp, f"{name}.hdtxt")
    with open(path, "w") as handle:
        handle.write(text)
    return load_program(path)


def _time(fn: Callable[[], Any]) -> float:
    """CPU seconds of ``fn()`` (steadier than wall time on a shared, loaded machine)."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def bench_case(
    case: Case, interpreter: Interpreter, iterations: int, repeat: int, tmp: str
) -> tuple[float, float]:
    """Median µs per iteration of ``case`` in hdlite and in CPython."""
    n = max(1, iterations // case.scale)
    program = _load(case.program, tmp, "case")
    interpreter.run(program, {"N": (min(n, 1000),)})  # warm up
    hd, py = [], []
    for _ in range(repeat):
        empty = _time(lambda: interpreter.run(program, {"N": (0,)}))
        full = _time(lambda: interpreter.run(program, {"N": (n,)}))
        hd.append(max(full - empty, 1e-9) / n * 1e6)
        py.append(_time(lambda: case.python(n)) / n * 1e6)
    return statistics.median(hd), statistics.median(py)


def bench_bodies(iterations: int, repeat: int, only: str | None) -> None:
    interpreter = Interpreter(make_plugin_manager())
    ratios = []
    print(f"loop bodies ({iterations:,} iterations, median of {repeat}):")
    print(f"  {'body':42} {'hdlite µs':>10} {'Python µs':>10} {'ratio':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for case in CASES:
            if only and only not in case.name:
                continue
            hd, py = bench_case(case, interpreter, iterations, repeat, tmp)
            ratio = hd / py
            ratios.append(ratio)
            print(f"  {case.name:42} {hd:10.3f} {py:10.3f} {ratio:7.1f}x")
    if ratios:
        geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        print(
            f"  geometric mean {geo:.1f}x, worst {max(ratios):.1f}x "
            "(targets: <= 8x, no body above 25x)"
        )


# ---------------------------------------------------------------------------- appends


def bench_appends(count: int, repeat: int) -> None:
    interpreter = Interpreter(make_plugin_manager())
    forms = {
        "T := [T, I]": "T := [T, I]",
        "T[|T|] := I": "T[|T|] := I",
        "tuple_concat (T, I, T)": "tuple_concat (T, I, T)",
    }
    with tempfile.TemporaryDirectory() as tmp:
        for label, body in forms.items():
            program = _load(f"T := []\n{FOR}\n    {body}\nendfor\n", tmp, "append")
            times = []
            for _ in range(repeat):
                start = time.process_time()
                result = interpreter.run(program, {"N": (count,)})
                times.append(time.process_time() - start)
            assert result.variables["T"] == tuple(range(1, count + 1))
            print(
                f"appends: {count:,} x {label:24} {statistics.median(times):.3f} s (target < 1 s)"
            )


# ---------------------------------------------------------------------------- operator call


def _direct_calls(func: Callable[..., Any], args: tuple, iterations: int) -> None:
    for _i in range(iterations):
        func(None, *args)


def bench_operator_call(iterations: int, repeat: int) -> None:
    """Interpreter overhead of ``tuple_select_range (T, 1, 3, S)``: 3 control inputs."""
    host = make_plugin_manager()
    interpreter = Interpreter(host)
    op = host.registry.get("tuple_select_range")
    assert op is not None
    text_call = f"T := [1, 2, 3, 4, 5]\n{FOR}\n    tuple_select_range (T, 1, 3, S)\nendfor\n"
    text_empty = f"T := [1, 2, 3, 4, 5]\n{FOR}\nendfor\n"
    args = ((1, 2, 3, 4, 5), (1,), (3,))
    with tempfile.TemporaryDirectory() as tmp:
        call = _load(text_call, tmp, "call")
        empty = _load(text_empty, tmp, "empty")
        interpreter.run(call, {"N": (1000,)})
        overheads = []
        for _ in range(repeat):
            t_call = _time(lambda: interpreter.run(call, {"N": (iterations,)}))
            t_empty = _time(lambda: interpreter.run(empty, {"N": (iterations,)}))
            t_direct = _time(lambda: _direct_calls(op.func, args, iterations))
            overheads.append((t_call - t_empty - t_direct) / iterations * 1e6)
    print(
        f"operator call tuple_select_range (T, 1, 3, S): {statistics.median(overheads):.2f} µs "
        "interpreter overhead per call (target <= 1.5 µs)"
    )


# ---------------------------------------------------------------------------- parsing

LINE_TEMPLATES = (
    "Area{n} := Width * Height + {n}",
    "read_image (Image{n}, 'images/part_' + {n}$'03d' + '.png')",
    "if (Area{n} > 1000 and |Rows| == {n})",
    "    Rows[|Rows|] := Row{n} * 2.5 - 1",
    "endif",
    "Text := 'Value: ' + Value{n}$'.2f' + ' units'",
    "for I := 0 to |Files| - 1 by 1",
    "    tuple_select (Files, I, File{n})",
    "endfor",
    "D.key{n} := [1, 2, 3, Width / 2]",
)


def generate_program(lines: int, seed: int = 1) -> str:
    """A syntactically valid program of ``lines`` lines built from typical statements."""
    rng = random.Random(seed)
    out: list[str] = []
    n = 0
    while len(out) < lines:
        block = rng.randrange(3)
        n += 1
        if block == 0:
            out += [t.format(n=n) for t in LINE_TEMPLATES[2:5]]
        elif block == 1:
            out += [t.format(n=n) for t in LINE_TEMPLATES[6:9]]
        else:
            out.append(
                rng.choice(
                    (LINE_TEMPLATES[0], LINE_TEMPLATES[1], LINE_TEMPLATES[5], LINE_TEMPLATES[9])
                ).format(n=n)
            )
    return "\n".join(out) + "\n"


def bench_parse(lines: int, repeat: int) -> float:
    text = generate_program(lines)
    count = text.count("\n")
    parse_lines(text, "warmup.hdev")
    times = [_time(lambda: parse_lines(text, "bench.hdev")) for _ in range(repeat)]
    elapsed = statistics.median(times)
    rate = count / elapsed
    print(f"parse: {count} lines in {elapsed:.3f} s = {rate:,.0f} lines/s (target >= 20,000)")
    return rate


# ---------------------------------------------------------------------------- start-up


def bench_startup(repeat: int) -> None:
    hdlite = [sys.executable, "-m", "hdlite", "run"]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "one.hdtxt")
        with open(path, "w") as handle:
            handle.write("X := 1\n")

        def whole(cmd: list[str]) -> float:
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
                times.append(time.perf_counter() - start)
            return statistics.median(times)

        whole([*hdlite, path])  # warm the file cache
        hd = whole([*hdlite, path])
        py = whole([sys.executable, "-c", "pass"])
    print(
        f"start-up: hdlite run of a one-line program {hd:.3f} s, python -c pass {py:.3f} s "
        "(target <= 0.25 s)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--iterations", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--appends", type=int, default=100_000)
    parser.add_argument("--only", help="run only the loop bodies whose name contains this")
    parser.add_argument("--skip-startup", action="store_true")
    args = parser.parse_args(argv)
    bench_bodies(args.iterations, args.repeat, args.only)
    if args.only:
        return 0
    bench_appends(args.appends, min(args.repeat, 3))
    bench_operator_call(args.iterations, args.repeat)
    bench_parse(args.lines, args.repeat)
    if not args.skip_startup:
        bench_startup(args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
