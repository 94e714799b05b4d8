"""Checks of ``hdlite run``'s options before anything runs: a long run must not fail at its end.

Bad values are usage errors (exit 2, one line): ``--timeout`` not in (0, 10^9] seconds
(``nan``, ``inf``, ``1e300``, ``-1``), launcher counts that are not positive integers,
``--dump-vars`` naming a folder or a file in a folder that cannot be written,
``--display-dir`` that is not, or cannot become, a writable folder. Writability is tried
with a probe file: ``os.access`` says yes to root even on read-only mounts.
"""

from __future__ import annotations

import argparse
import os
import tempfile

from hdlite.errors import UsageError

#: the longest --timeout (about 31 years); more is a usage error, not an overflow
MAX_TIMEOUT = 1e9


def check_run_options(args: argparse.Namespace) -> None:
    """Find bad ``run`` options before anything runs (a long run must not fail at its end).

    Raises:
        UsageError: --timeout is not a positive finite number of seconds, a launcher count is
            not a positive integer, --dump-vars or --display-dir cannot be written.
    """
    if args.timeout is not None and not 0 < args.timeout <= MAX_TIMEOUT:
        raise UsageError(
            f"--timeout {args.timeout:g}: must be more than 0 and at most {MAX_TIMEOUT:g} seconds"
        )
    if args.nproc_per_node is not None and args.nproc_per_node not in ("cpu", "gpu", "auto"):
        _positive_count("--nproc-per-node", args.nproc_per_node)
    if args.nnodes is not None:
        for part in args.nnodes.split(":"):
            _positive_count("--nnodes", part, args.nnodes)
    if args.dump_vars:
        target = os.path.abspath(args.dump_vars)
        folder = os.path.dirname(target)
        if not os.path.isdir(folder):
            raise UsageError(f"--dump-vars {args.dump_vars}: the folder {folder} does not exist")
        if os.path.isdir(target):
            raise UsageError(f"--dump-vars {args.dump_vars}: is a folder, not a file")
        _writable_folder("--dump-vars", args.dump_vars, folder)
    if args.display_dir:
        folder = os.path.abspath(args.display_dir)
        existing = folder
        while not os.path.exists(existing):  # the display creates the missing folders
            existing = os.path.dirname(existing)
        if not os.path.isdir(existing):
            raise UsageError(f"--display-dir {args.display_dir}: {existing} is not a folder")
        _writable_folder("--display-dir", args.display_dir, existing)


def _positive_count(option: str, text: str, whole: str | None = None) -> None:
    try:
        ok = int(text) >= 1
    except ValueError:
        ok = False
    if not ok:
        raise UsageError(f"{option} {whole or text}: must be a positive integer")


def _writable_folder(option: str, value: str, folder: str) -> None:
    """Create and remove a file in ``folder`` (access() says yes to root on read-only mounts)."""
    try:
        with tempfile.TemporaryFile(dir=folder, prefix=".hdlite-probe-"):
            pass
    except OSError as exc:
        raise UsageError(
            f"{option} {value}: cannot write into {folder}: {exc.strerror or exc}"
        ) from None
