"""The `harness` command."""

import argparse
import sys
from collections.abc import Sequence

from harness import __version__

COMMANDS = {
    "emulator": "serve the local emulator of the ARTIK cloud API v1.1",
    "demo": "start an emulator, send a lock's week to it, and show what it stored",
}


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
    if not args or args[0].startswith("-"):
        parser.parse_args(args or ["--help"])
        return 2

    command, rest = args[0], args[1:]
    if command not in COMMANDS:
        parser.error(f"unknown command {command!r}; choose from {', '.join(COMMANDS)}")

    if command == "emulator":
        from harness.emulator.cli import main as emulator_main

        return emulator_main(rest, prog="harness emulator")

    from harness.demo import main as demo_main

    return demo_main(rest)
