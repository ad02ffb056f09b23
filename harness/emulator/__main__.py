"""`python -m harness.emulator`: start the emulator."""

from harness.emulator.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
