"""The `harness` command."""

import argparse
import sys
from collections.abc import Sequence

from harness import __version__

COMMANDS = {
    "emulator": "serve the local emulator of the ARTIK cloud API v1.1",
    "demo": "start an emulator, send a lock's week to it, and show what it stored",
    "features": "run Gherkin features against the embedded emulator or a cloud",
    "routine": "check routine and fleet files, or show a routine's week",
    "history": "backfill days of a routine into a lock, or into a provisioned fleet",
    "send": "send locked or unlocked from a lock, now or at a given moment",
    "timetable": "show a model's learned timetable, or a routine's predicted one",
    "provision": "create a device and a token for each lock of a fleet",
}
USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run one `harness` command; its exit code is the command's."""
    args = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        prog="harness",
        description="Acceptance and load tests of IoT rules around a smart lock.",
        epilog="Commands: "
        + "; ".join(f"{name}: {text}" for name, text in COMMANDS.items())
        + ". Run 'harness COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"harness {__version__}")
    parser.add_argument("command", choices=sorted(COMMANDS), metavar="COMMAND")
    if not args:
        parser.print_help()
        return USAGE

    if args[0].startswith("-"):
        try:
            parser.parse_args(args)
        except SystemExit as stop:
            return stop.code if isinstance(stop.code, int) else USAGE
        return USAGE

    command, rest = args[0], args[1:]
    if command not in COMMANDS:
        parser.print_usage(sys.stderr)
        print(
            f"harness: unknown command {command!r}; choose from {', '.join(COMMANDS)}",
            file=sys.stderr,
        )
        return USAGE

    return _run(command, rest)


def _run(command: str, rest: list[str]) -> int:
    # Each command's module loads only when it runs: `harness send` need not
    # import the emulator or the timetable model's training.
    prog = f"harness {command}"
    if command == "emulator":
        from harness.emulator.cli import main as emulator_main

        return emulator_main(rest, prog=prog)

    if command == "demo":
        from harness.demo import main as demo_main

        return demo_main(rest)

    if command == "features":
        from harness.commands.features import main as features_main

        return features_main(rest, prog)

    if command == "routine":
        from harness.commands.routine import main as routine_main

        return routine_main(rest, prog)

    if command == "history":
        from harness.commands.history import main as history_main

        return history_main(rest, prog)

    if command == "send":
        from harness.commands.send import main as send_main

        return send_main(rest, prog)

    if command == "timetable":
        from harness.commands.timetable import main as timetable_main

        return timetable_main(rest, prog)

    from harness.commands.provision import main as provision_main

    return provision_main(rest, prog)
