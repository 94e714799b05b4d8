"""The ``hdlite`` command: run, check, operators, plugins. Errors are rendered here, once.

Exit codes: 0 success, 2 usage (bad options, missing file, broken plugin), 65 a program that
does not parse or resolve, 70 a runtime error, 124 --timeout, 130 Ctrl-C, 143 SIGTERM
(docs/reliability.md).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import Any

from hdlite import __version__
from hdlite.answers import Answers
from hdlite.cli_checks import check_run_options
from hdlite.errors import (
    HdliteError,
    ParseError,
    Problem,
    ReadError,
    ResolveError,
    RunStopped,
    UsageError,
)
from hdlite.plugin.host import PluginHost, make_plugin_manager
from hdlite.runtime.interpreter import Interpreter
from hdlite.runtime.session import Session, distributed_rank
from hdlite.syntax.program import load_procedure_file, load_program
from hdlite.values.control import to_json

EXIT_OK, EXIT_USAGE, EXIT_DATA, EXIT_SOFTWARE = 0, 2, 65, 70


#: torchrun's options that ``hdlite run`` passes on: (name, metavar, help)
_LAUNCH_OPTIONS = (
    ("nproc-per-node", "N", "processes on this machine (one per GPU for training on GPUs)"),
    ("nnodes", "N", "number of machines (or MIN:MAX)"),
    ("node-rank", "R", "this machine's rank, 0 to nnodes-1 (static rendezvous)"),
    ("master-addr", "HOST", "address of the machine with node rank 0"),
    ("master-port", "PORT", "free port on the machine with node rank 0"),
    ("rdzv-backend", "NAME", "rendezvous backend, for example c10d"),
    ("rdzv-endpoint", "HOST:PORT", "rendezvous address (with --rdzv-backend c10d)"),
    ("rdzv-id", "ID", "job id shared by the machines of one run"),
    ("local-ranks-filter", "RANKS", "show the output of these local ranks only, e.g. 0"),
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hdlite", description="Run HDevelop programs without HALCON."
    )
    parser.add_argument("--version", action="version", version=f"hdlite {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show Python tracebacks of internal errors"
    )
    parser.add_argument(
        "-p",
        dest="plugin_options",
        action="append",
        default=[],
        metavar="no:NAME|MODULE",
        help="-p no:NAME does not load the plugin NAME; -p MODULE loads a plugin by module or "
        "entry-point name, also with HDLITE_DISABLE_PLUGIN_AUTOLOAD=1 (repeatable)",
    )
    parser.add_argument(
        "--plugins-dir",
        action="append",
        default=[],
        metavar="DIR",
        help="load every NAME.py in DIR as the plugin NAME (one-off plugins; repeatable)",
    )
    parser.add_argument(
        "--strict-plugins",
        action="store_true",
        help="an installed plugin that fails to import is an error (HDLITE_STRICT_PLUGINS=1)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run a program")
    run.add_argument("program")
    run.add_argument("--procedure-path", action="append", default=[], metavar="DIR")
    run.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="give a main variable a value (an HDevelop constant expression)",
    )
    run.add_argument(
        "--dump-vars", metavar="FILE.json", help="write main's control variables as JSON at the end"
    )
    run.add_argument(
        "--display-dir", metavar="DIR", help="save every window as PNG at stop () and at the end"
    )
    run.add_argument(
        "--answers",
        metavar="FILE.json",
        help="scripted answers for interactive operators (draw_*, get_mbutton, "
        "dev_open_file_dialog): operator name -> list of answers, taken in order",
    )
    run.add_argument(
        "--timeout", type=float, metavar="SECONDS", help="stop the program after SECONDS"
    )
    launch = run.add_argument_group(
        "distributed runs",
        "run the program in several processes through torchrun (needs PyTorch); see "
        "docs/distributed.md",
    )
    for option, metavar, text in _LAUNCH_OPTIONS:
        launch.add_argument(f"--{option}", metavar=metavar, help=text)
    run.set_defaults(run_parser=run)

    check = sub.add_parser("check", help="parse and resolve programs without running them")
    check.add_argument("programs", nargs="+")
    check.add_argument("--procedure-path", action="append", default=[], metavar="DIR")
    check.add_argument(
        "--syntax-only", action="store_true", help="parse only; do not resolve names"
    )

    ops = sub.add_parser("operators", help="list operators with their signatures")
    ops.add_argument("pattern", nargs="?", default="*")
    ops.add_argument("--count", action="store_true", help="print only the number of operators")
    ops.add_argument("--verbose", "-v", action="store_true", help="show every parameter")
    ops.add_argument("--json", action="store_true", help="print the operators as JSON")

    plugins = sub.add_parser("plugins", help="list the loaded plugins")
    plugins.add_argument("--json", action="store_true", help="print the plugins as JSON")
    return parser


def _host(args: argparse.Namespace) -> PluginHost:
    """The plugin host of the command line; skipped plugins are reported here, once."""
    blocked = tuple(opt[3:] for opt in args.plugin_options if opt.startswith("no:"))
    modules = tuple(opt for opt in args.plugin_options if not opt.startswith("no:"))
    host = make_plugin_manager(
        blocked=blocked,
        modules=modules,
        plugin_dirs=tuple(args.plugins_dir),
        strict=True if args.strict_plugins else None,
        warn=False,
    )
    for skipped in host.skipped:
        print(f"hdlite: warning: {skipped.message}", file=sys.stderr)
    return host


def _parse_sets(items: list[str]) -> dict[str, Any]:
    from hdlite.syntax import ast, blocks, parser
    from hdlite.values.control import Vector

    values: dict[str, Any] = {}
    for item in items:
        name, sep, text = item.partition("=")
        if not sep or not name.isidentifier():
            raise UsageError(f"--set expects NAME=VALUE, got {item!r}")
        try:
            lines = parser.parse_lines(f"{name} := {text}\n", "--set")
            stmt = blocks.build(lines, "--set", None)[0]  # type: ignore[arg-type]
        except (ParseError, IndexError):
            raise UsageError(
                f"--set {item}: VALUE must be an HDevelop constant such as 5, 0.01, 'text' or [1,2]"
            ) from None
        value = _constant(stmt.value) if isinstance(stmt, ast.Assign) else None
        if value is None or isinstance(value, Vector):
            raise UsageError(f"--set {item}: VALUE must be a constant (no variables or calls)")
        values[name] = value
    return values


def _constant(expr: Any) -> Any:
    from hdlite.syntax import ast
    from hdlite.values import arith

    if isinstance(expr, ast.Const):
        return expr.value
    if isinstance(expr, ast.TupleLit):
        parts = [_constant(i) for i in expr.items]
        return None if any(p is None for p in parts) else tuple(v for p in parts for v in p)
    if isinstance(expr, ast.Unary) and expr.op == "-":
        inner = _constant(expr.operand)
        return arith.neg(inner) if inner is not None else None
    return None


EXIT_TIMEOUT, EXIT_INTERRUPTED, EXIT_TERMINATED = 124, 130, 143


def _install_stops(session: Session, timeout: float | None) -> Callable[[], None]:
    """--timeout and SIGTERM stop the run at once; the first Ctrl-C stops it at the next
    operator call or loop iteration (a training step is never cut in half), a second Ctrl-C
    at once. Each sets the session's stop request before raising, so an operator that
    catches the exception, or an in-line function, cannot turn the stop into another error.

    Exit codes follow the shell's conventions (HALCON has none for this): 124 as timeout(1),
    130 = 128 + SIGINT, 143 = 128 + SIGTERM. Returns a function that restores the previous
    signal handlers and cancels the timer.
    """

    def stop_now(reason: str, code: int) -> None:
        session.request_stop(reason, code)
        raise RunStopped(reason, code)

    def on_alarm(signum: int, frame: Any) -> None:
        stop_now(f"stopped after {timeout:g} s (--timeout)", EXIT_TIMEOUT)

    def on_terminate(signum: int, frame: Any) -> None:
        stop_now("terminated (SIGTERM)", EXIT_TERMINATED)

    def on_interrupt(signum: int, frame: Any) -> None:
        if session.stop_reason is not None:
            stop_now("interrupted", EXIT_INTERRUPTED)
        print(
            "hdlite: stopping before the next operator call or loop iteration "
            "(Ctrl-C again to stop at once)",
            file=sys.stderr,
        )
        session.request_stop("interrupted", EXIT_INTERRUPTED)

    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    handlers = {signal.SIGINT: on_interrupt, signal.SIGTERM: on_terminate}
    if timeout is not None:
        handlers[signal.SIGALRM] = on_alarm
    previous = {signum: signal.signal(signum, handler) for signum, handler in handlers.items()}
    if timeout is not None:
        signal.setitimer(signal.ITIMER_REAL, timeout)

    def restore() -> None:
        if timeout is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
        for signum, handler in previous.items():
            signal.signal(signum, handler)

    return restore


def _launch_options(args: argparse.Namespace) -> list[str]:
    return [
        f"--{option}={value}"
        for option, _metavar, _text in _LAUNCH_OPTIONS
        if (value := getattr(args, option.replace("-", "_"))) is not None
    ]


def _launch(args: argparse.Namespace, launch: list[str]) -> int:
    """Run ``hdlite run`` in several processes through the plugin that launches them."""
    child = ["--debug"] if args.debug else []
    for option in args.plugin_options:
        child += ["-p", option]
    for directory in args.plugins_dir:
        child += ["--plugins-dir", directory]
    if args.strict_plugins:
        child.append("--strict-plugins")
    child += ["run", *_run_options(args)]
    code = _host(args).pm.hook.hdlite_launch(launch=launch, child=child)
    if code is None:
        option = launch[0].split("=")[0]
        raise UsageError(
            f"{option}: no installed plugin runs programs in several processes "
            "(the deep-learning plugin does: pip install 'hdlite[dl]')"
        )
    return int(code)


def _run_options(args: argparse.Namespace) -> list[str]:
    """The ``run`` subcommand's options of ``args``, without the launcher's, as arguments."""
    launch = {option.replace("-", "_") for option, _metavar, _text in _LAUNCH_OPTIONS}
    out: list[str] = []
    for action in args.run_parser._actions:  # argparse offers no public list
        if action.dest in launch or action.dest == "help":
            continue
        value = getattr(args, action.dest, None)
        if not action.option_strings:
            out.append(str(value))
        elif value is None or value is False or value == []:
            continue
        elif action.nargs == 0:
            out.append(action.option_strings[0])
        else:
            for item in value if isinstance(value, list) else [value]:
                out.append(f"{action.option_strings[0]}={item}")
    return out


def _cmd_run(args: argparse.Namespace) -> int:
    check_run_options(args)
    launch = _launch_options(args)
    if launch:
        return _launch(args, launch)
    inputs = _parse_sets(args.set)
    host = _host(args)
    session = Session()
    try:
        session.rank, session.world_size = distributed_rank()
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    session.display_dir = args.display_dir
    if args.answers:
        session.answers = Answers.load(args.answers)
        session.answers.check_names(host.registry.names())
    interpreter = Interpreter(host, procedure_path=args.procedure_path, session=session)
    restore = _install_stops(session, args.timeout)
    try:
        result = interpreter.run_file(args.program, inputs)
    finally:
        restore()
    for name, count in session.answers.unused().items() if session.writes_files else ():
        print(
            f"hdlite: warning: {session.answers.source}: {count} answer(s) for {name} not used",
            file=sys.stderr,
        )
    if args.dump_vars and session.writes_files:
        from hdlite.atomic import atomic_open

        data = {k: to_json(v) for k, v in result.variables.items() if isinstance(v, tuple)}
        try:
            with atomic_open(args.dump_vars, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=2, sort_keys=True)  # ASCII: any string reads back
                handle.write("\n")
        except OSError as exc:  # the folder was checked before the run; the disk may be full
            print(f"hdlite: --dump-vars {args.dump_vars}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_SOFTWARE
    return result.status


def _cmd_check(args: argparse.Namespace) -> int:
    host = None if args.syntax_only else _host(args)
    problems: list[Problem] = []
    failed = missing = False
    for path in args.programs:
        try:
            if path.lower().endswith((".hdvp", ".hdpl")):
                program = load_procedure_file(path)
            else:
                program = load_program(path)
        except ParseError as exc:
            failed = True
            for err in getattr(exc, "errors", [exc]):
                print(err.render(), file=sys.stderr)
            continue
        except ReadError as exc:
            failed = True
            missing = missing or exc.span is None  # no such file: a usage error, as for run
            print(exc.render(), file=sys.stderr)
            continue
        if host is None:
            continue
        resolution = Interpreter(host, procedure_path=args.procedure_path).resolve(program)
        problems.extend(resolution.problems)
    for problem in problems:
        print(problem.render(), file=sys.stderr)
    errors = [p for p in problems if p.severity == "error"]
    if failed or errors:
        count = len(errors)
        print(
            f"hdlite check: {count} error(s)" if count else "hdlite check: failed", file=sys.stderr
        )
        return EXIT_USAGE if missing else EXIT_DATA
    print(f"hdlite check: {len(args.programs)} file(s) OK")
    return EXIT_OK


def _cmd_operators(args: argparse.Namespace) -> int:
    ops = _host(args).registry.match(args.pattern)
    if args.json:
        from hdlite.plugin.listing import operators_json

        print(json.dumps(operators_json(ops), indent=2))
        return EXIT_OK if ops else 1
    if args.count:
        print(len(ops))
        return EXIT_OK
    for op in ops:
        print(f"{op.signature}    [{op.plugin}]")
        if args.verbose:
            for param in op.params:
                print(f"    {param.kind} {param.direction}: {param.describe()}")
    return EXIT_OK if ops else 1


def _cmd_plugins(args: argparse.Namespace) -> int:
    if args.json:
        from hdlite.plugin.listing import plugins_json

        print(json.dumps(plugins_json(_host(args)), indent=2))
        return EXIT_OK
    for info in _host(args).plugins():
        version = f" {info.version}" if info.version else ""
        print(f"{info.name}{version}: {info.operators} operators; hooks: {', '.join(info.hooks)}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))
    commands = {
        "run": _cmd_run,
        "check": _cmd_check,
        "operators": _cmd_operators,
        "plugins": _cmd_plugins,
    }
    try:
        return commands[args.command](args)
    except UsageError as exc:
        print(f"hdlite: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (ResolveError, ParseError) as exc:
        print(exc.render(), file=sys.stderr)
        return EXIT_DATA
    except ReadError as exc:
        print(exc.render(), file=sys.stderr)
        return EXIT_USAGE if exc.span is None else EXIT_DATA
    except HdliteError as exc:
        if args.debug and exc.__cause__ is not None:
            traceback.print_exception(exc.__cause__)
        print(exc.render(), file=sys.stderr)
        return getattr(exc, "exit_code", EXIT_SOFTWARE)
    except RecursionError:
        print("hdlite: the program is nested too deeply (expressions or blocks)", file=sys.stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        print("hdlite: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in hdlite itself: say so, keep the traceback for --debug
        if args.debug:
            traceback.print_exc()
        print(
            f"hdlite: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
            file=sys.stderr,
        )
        return EXIT_SOFTWARE
