"""The edge of every command: typed errors become one line and an exit code."""

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence

from harness.errors import HarnessError
from harness.routines import ScenarioFileError

logger = logging.getLogger(__name__)

FAILED = 1
USAGE = 2
INTERRUPTED = 130

DEBUG_ENV = "HARNESS_DEBUG"


class CommandError(HarnessError):
    """A command could not do its work; the message says why and what to do."""


class UsageError(CommandError):
    """The options make no sense together; answered with the usage and exit 2."""


Handler = Callable[[argparse.Namespace], int]


def run(
    build: Callable[[], argparse.ArgumentParser],
    handler: Handler,
    argv: Sequence[str] | None,
) -> int:
    """Build the parser, parse `argv` and run `handler`: 0 on success, 1 on
    failure, 2 on misuse (a bad option, or a bad value in its variable)."""
    _configure_logging()
    try:
        parser = build()
        args = parser.parse_args(argv)
    except SystemExit as stop:
        # argparse has printed the usage and the problem (or the help) already.
        return stop.code if isinstance(stop.code, int) else USAGE

    try:
        return handler(args)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as other tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return FAILED
    except UsageError as error:
        parser.print_usage(sys.stderr)
        report(parser.prog, error)
        return USAGE
    except (HarnessError, OSError) as error:
        report(parser.prog, error)
        return FAILED
    except KeyboardInterrupt:
        report(parser.prog, "interrupted")
        return INTERRUPTED
    except Exception as error:
        # A bug: still one line for the user; the traceback when asked for.
        if os.environ.get(DEBUG_ENV):
            raise
        report(
            parser.prog,
            f"internal error, {type(error).__name__}: {error} "
            f"(set {DEBUG_ENV}=1 for the traceback)",
        )
        return FAILED


def report(prog: str, problem: object) -> None:
    """Write one line to stderr: the command, then the problem on one line."""
    print(f"{prog}: {one_line(problem)}", file=sys.stderr)


def one_line(problem: object) -> str:
    """A problem as one line; a file's as FILE:LINE: problem, as editors link it."""
    if isinstance(problem, ScenarioFileError):
        where = (
            problem.file if problem.line is None else f"{problem.file}:{problem.line}"
        )
        text = f"{where}: {problem.problem}"
    else:
        text = str(problem)
    return " ".join(text.split())


def _configure_logging() -> None:
    # Entry points configure logging; HARNESS_DEBUG shows each request's line.
    if os.environ.get(DEBUG_ENV) and not logging.getLogger().handlers:
        logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)
