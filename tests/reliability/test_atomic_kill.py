"""Killing a process that writes a file never leaves a broken file behind.

For every kind of file hdlite writes (images, object files, dictionaries, tuples, text
files, classifier files, window dumps), an ``hdlite run`` process rewrites one big file in
an endless loop; the test kills it with SIGKILL at a random moment, then checks that the
file at the path is complete (it loads and holds the expected data). Half of the kills
come at a random moment, half right after a write has begun (its temporary file
``.hdlite-*.tmp`` appeared). Such temporary files may remain after SIGKILL (nothing can
remove them then); they show that a kill hit a write, and at least one kill per writer
must hit one.

A control runs the same harness on a plain ``open(path, 'wb')`` writer and must catch a
broken file, so the harness can tell atomic from non-atomic writing.

``HDLITE_KILL_ROUNDS`` sets the number of kills per writer (default 4).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PIL import Image as PILImage

ROUNDS = int(os.environ.get("HDLITE_KILL_ROUNDS", "4"))
TUPLE_LENGTH = 300_000


@dataclass(frozen=True)
class Writer:
    """An endless writing program, the file it rewrites, and how to check that file."""

    id: str
    target: str
    program: str
    check: Callable[[Path, Path], None]


def _source_pixels(d: Path) -> np.ndarray:
    return np.asarray(PILImage.open(d / "source.png"))


def check_png(path: Path, d: Path) -> None:
    with PILImage.open(path) as image:
        image.load()
        assert np.array_equal(np.asarray(image), _source_pixels(d))


def check_window(path: Path, d: Path) -> None:
    with PILImage.open(path) as image:
        image.load()
        assert image.size == (800, 800)
        assert np.array_equal(np.asarray(image.convert("RGB"))[:800, :800], _source_pixels(d))


def _call(name: str, *inputs):
    from hdlite.plugin.calls import CallContext, call_operator
    from hdlite.plugin.host import make_plugin_manager
    from hdlite.runtime.session import Session
    from hdlite.values.iconic import ObjectTuple

    op = make_plugin_manager().registry.get(name)
    values = [v if isinstance(v, tuple | ObjectTuple) else (v,) for v in inputs]
    return call_operator(CallContext(Session(), op, None), values)


def check_object(path: Path, d: Path) -> None:
    (objects,) = _call("read_object", str(path))
    assert np.array_equal(objects[0].data.transpose(1, 2, 0), _source_pixels(d))


def check_dict(path: Path, d: Path) -> None:
    ((handle,),) = _call("read_dict", str(path), (), ())
    assert len(handle.obj["t"]) == TUPLE_LENGTH
    assert np.array_equal(handle.obj["image"][0].data.transpose(1, 2, 0), _source_pixels(d))


def check_json(path: Path, d: Path) -> None:
    assert len(json.loads(path.read_text(encoding="utf-8"))["t"]) == TUPLE_LENGTH


def check_tuple(path: Path, d: Path) -> None:
    (values,) = _call("read_tuple", str(path))
    assert len(values) == TUPLE_LENGTH and values[-1] == "abcdefgh"


def check_text(path: Path, d: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 20_000 and set(lines) == {"x" * 100}


def check_model(path: Path, d: Path) -> None:
    ((handle,),) = _call("read_dl_classifier", str(path))
    assert handle.obj.classes == ("a", "b")


IMAGE = "read_image (Image, '{d}/source.png')\n"
TUPLE = f"T := gen_tuple_const({TUPLE_LENGTH}, 'abcdefgh')\n"
DICT = "create_dict (D)\nset_dict_tuple (D, 't', T)\n"


def _loop(setup: str, write: str) -> str:
    """``setup``, one write, the ready marker, then the write again and again."""
    return (
        f"{setup}{write}write_tuple (1, '{{d}}/ready.tup')\n"
        f"while (1)\n    {write.strip()}\nendwhile\n"
    )


WRITERS = [
    Writer(
        "write_image-png",
        "out.png",
        _loop(IMAGE, "write_image (Image, 'png', 0, '{t}')\n"),
        check_png,
    ),
    Writer("write_object", "out.hobj", _loop(IMAGE, "write_object (Image, '{t}')\n"), check_object),
    Writer(
        "write_dict-hdict",
        "out.hdict",
        _loop(
            IMAGE + TUPLE + DICT + "set_dict_object (Image, D, 'image')\n",
            "write_dict (D, '{t}', [], [])\n",
        ),
        check_dict,
    ),
    Writer(
        "write_dict-json",
        "out.json",
        _loop(TUPLE + DICT, "write_dict (D, '{t}', [], [])\n"),
        check_json,
    ),
    Writer("write_tuple", "out.tup", _loop(TUPLE, "write_tuple (T, '{t}')\n"), check_tuple),
    Writer(
        "open_file-text",
        "out.txt",
        _loop(
            "Line := gen_tuple_const(100, 'x')\nL := sum(Line)\n",
            "open_file ('{t}', 'output', F)\nfor I := 1 to 20000 by 1\n"
            "        fwrite_string (F, L)\n        fnew_line (F)\n    endfor\n"
            "    close_file (F)\n",
        ),
        check_text,
    ),
    Writer(
        "write_dl_classifier",
        "out.hdl",
        _loop(
            "read_dl_classifier ('pretrained_dl_classifier_compact.hdl', H)\n"
            "set_dl_classifier_param (H, 'classes', ['a', 'b'])\n",
            "write_dl_classifier (H, '{t}')\n",
        ),
        check_model,
    ),
    Writer(
        "dump_window-png",
        "out.png",
        _loop(
            IMAGE + "dev_open_window (0, 0, 800, 800, 'black', W)\ndev_display (Image)\n",
            "dump_window (W, 'png', '{t}')\n",
        ),
        check_window,
    ),
]


@dataclass
class Outcome:
    """What the kills of one writer found."""

    rounds: int = 0
    hit_writes: int = 0
    broken: list[str] | None = None


def _wait_for_a_write(d: Path, proc: subprocess.Popen) -> None:
    """Return as soon as a temporary file of a write shows up in ``d`` (or after 10 s)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and proc.poll() is None:
        with os.scandir(d) as entries:
            if any(entry.name.startswith(".hdlite-") for entry in entries):
                return
        time.sleep(0.0005)


def kill_rounds(
    command: list[str], d: Path, target: Path, check, rounds: int, atomic: bool = True
) -> Outcome:
    """Start ``command`` ``rounds`` times, SIGKILL it, then check ``target``.

    The command must write ``target`` once, then create ``d/ready.tup``, then rewrite
    ``target`` forever. Odd rounds kill at a random moment, even rounds as soon as a
    temporary file shows that a write is under way (``atomic``: the writer makes them).
    """
    outcome = Outcome(broken=[])
    rng = random.Random(int.from_bytes(os.urandom(4), "little"))
    env = dict(os.environ, OMP_NUM_THREADS="1")
    for number in range(rounds):
        ready = d / "ready.tup"
        ready.unlink(missing_ok=True)
        proc = subprocess.Popen(command, cwd=str(d), env=env, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while not ready.exists():
            if proc.poll() is not None:
                raise AssertionError(f"the writer ended: {proc.stderr.read().decode()}")
            assert time.monotonic() < deadline, "the writer never got ready"
            time.sleep(0.01)
        if number % 2 or not atomic:  # a random moment
            time.sleep(rng.uniform(0.0, 0.5))
        else:  # the worst moment: while a write is under way
            _wait_for_a_write(d, proc)
            time.sleep(rng.uniform(0.0, 0.003))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stderr.close()
        leftovers = [p for p in d.iterdir() if p.name.startswith(".hdlite-")]
        outcome.hit_writes += bool(leftovers)
        for path in leftovers:
            path.unlink()
        try:
            check(target, d)
        except Exception as exc:  # any failure to load is what this test looks for
            outcome.broken.append(f"round {number}: {type(exc).__name__}: {exc}"[:300])
        outcome.rounds += 1
    return outcome


@pytest.fixture
def source_dir(tmp_path: Path) -> Path:
    """A directory with the big image the writers write (800 x 800 RGB noise)."""
    rng = np.random.default_rng(1)
    pixels = rng.integers(0, 255, (800, 800, 3), dtype=np.uint8)
    PILImage.fromarray(pixels).save(tmp_path / "source.png")
    return tmp_path


@pytest.mark.parametrize("writer", WRITERS, ids=[w.id for w in WRITERS])
def test_killed_writer_leaves_the_previous_file_intact(writer: Writer, source_dir: Path):
    d = source_dir
    target = d / writer.target
    program = d / "writer.hdtxt"
    text = writer.program.replace("{t}", str(target)).replace("{d}", str(d))
    program.write_text(text, encoding="utf-8")
    command = [sys.executable, "-m", "hdlite", "run", str(program)]
    outcome = kill_rounds(command, d, target, writer.check, ROUNDS)
    print(f"\n{writer.id}: {outcome.rounds} kills, {outcome.hit_writes} during a write")
    assert outcome.broken == []
    assert outcome.hit_writes >= 1, "no kill hit a write: the test proved nothing"


NON_ATOMIC = """\
import sys
from pathlib import Path
data = Path(sys.argv[1]).read_bytes()
target = Path(sys.argv[2])
target.write_bytes(data)
Path("ready.tup").write_text("1")
while True:
    with open(target, "wb") as handle:
        for start in range(0, len(data), 65536):
            handle.write(data[start : start + 65536])
"""


def test_the_harness_catches_a_non_atomic_writer(source_dir: Path):
    """Control: the same kills on a plain ``open(path, 'wb')`` writer find broken files."""
    d = source_dir
    script = d / "plain_writer.py"
    script.write_text(NON_ATOMIC, encoding="utf-8")
    target = d / "plain.png"
    command = [sys.executable, str(script), str(d / "source.png"), str(target)]
    outcome = kill_rounds(command, d, target, check_png, max(ROUNDS, 6), atomic=False)
    print(f"\nplain writer: {len(outcome.broken)} of {outcome.rounds} kills left a broken file")
    assert outcome.broken, "the harness did not notice a non-atomic writer"
