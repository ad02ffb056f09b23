"""What every benchmark's `main` shares: its log format and the errors it reports."""

import logging
import subprocess

from errors import BenchError

from harness.errors import HarnessError

# A benchmark that meets one of these could not run: it says why and exits 2.
RUN_ERRORS = (BenchError, HarnessError, subprocess.SubprocessError, OSError)


def configure_logging(verbose: bool) -> None:
    """Timestamped progress lines; every request's line too when `verbose`."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(message)s",
        datefmt="%H:%M:%S",
    )
