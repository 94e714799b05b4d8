"""``hdlite run --nproc-per-node N ...``: the program in several processes, through torchrun.

The command line hands the launcher options (``--nproc-per-node=2``, ``--nnodes=...``) and
the arguments of each child process to the ``hdlite_launch`` hook; this plugin answers it
with torch's elastic launcher. torch is imported only when a launch is asked for.
"""

from __future__ import annotations

import importlib.util
import os
import sys

from hdlite.plugin import UsageError, hookimpl


@hookimpl
def hdlite_launch(launch: list[str], child: list[str]) -> int | None:
    """Run ``hdlite *child`` in several processes through torchrun; its first failure's code.

    Each process gets the same options, less the launcher's, and finds its rank in the
    RANK and WORLD_SIZE variables torchrun sets.
    """
    if "TORCHELASTIC_RUN_ID" in os.environ:
        option = launch[0].split("=")[0]
        raise UsageError(f"{option}: this process was already started by torchrun")
    if importlib.util.find_spec("torch") is None:
        raise UsageError(f"{launch[0].split('=')[0]} needs PyTorch (pip install 'hdlite[dl]')")
    from torch.distributed import run as torchrun
    from torch.distributed.elastic.multiprocessing.errors import ChildFailedError

    single = {"nproc-per-node", "local-ranks-filter"}
    if all(item[2:].split("=")[0] in single for item in launch):
        launch = ["--standalone", *launch]  # one machine: a free port, no address needed
    try:
        torchrun.run(torchrun.parse_args([*launch, "-m", "hdlite", *child]))
    except ChildFailedError as exc:
        rank, failure = exc.get_first_failure()
        code = failure.exitcode if failure.exitcode > 0 else 128 - failure.exitcode
        print(f"hdlite: the process with rank {rank} failed (exit code {code})", file=sys.stderr)
        return code
    except (ValueError, RuntimeError) as exc:  # bad launcher options, failed rendezvous
        raise UsageError(f"torchrun: {exc}") from None
    return 0
