"""Interpreter benchmarks: parse throughput and a counting loop against plain Python.

Run: ``python benchmarks/bench_interpreter.py`` (``--lines N --iterations N`` to change sizes).
Prints lines parsed per second on a generated program (positions kept), and statements per
second of ``Sum := Sum + I`` in a for loop, as a ratio against the same loop in Python.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time

from hdlite.plugin.host import make_plugin_manager
from hdlite.runtime.interpreter import Interpreter
from hdlite.syntax.parser import parse_lines
from hdlite.syntax.program import load_program

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


def bench_parse(lines: int) -> float:
    text = generate_program(lines)
    count = text.count("\n")
    parse_lines(text, "warmup.hdev")
    start = time.perf_counter()
    parse_lines(text, "bench.hdev")
    elapsed = time.perf_counter() - start
    rate = count / elapsed
    print(f"parse: {count} lines in {elapsed:.3f} s = {rate:,.0f} lines/s (target >= 10,000)")
    return rate


def python_loop(n: int) -> int:
    total = 0
    for i in range(1, n + 1):
        total = total + i
    return total


def bench_loop(iterations: int) -> float:
    program_text = f"Sum := 0\nfor I := 1 to {iterations} by 1\n    Sum := Sum + I\nendfor\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "loop.hdev.txt")
        with open(path, "w") as handle:
            handle.write(program_text)
        program = load_program(path)
        interpreter = Interpreter(make_plugin_manager(autoload=False))
        interpreter.run(program)  # warm up
        start = time.perf_counter()
        result = interpreter.run(program)
        hd = time.perf_counter() - start
    assert result.variables["Sum"] == (iterations * (iterations + 1) // 2,)
    start = time.perf_counter()
    python_loop(iterations)
    py = time.perf_counter() - start
    ratio = hd / py
    print(
        f"loop: {iterations} iterations: hdlite {hd:.3f} s, plain Python {py:.3f} s, "
        f"hdlite/Python = {ratio:.1f}x slower (target <= 10x)"
    )
    return ratio


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--iterations", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    bench_parse(args.lines)
    bench_loop(args.iterations)
    return 0


if __name__ == "__main__":
    sys.exit(main())
