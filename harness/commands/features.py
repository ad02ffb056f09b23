"""`harness features`: run Gherkin features with the step library, as a report.

Every other argument goes to pytest, so `--target cloud`, `--cucumberjson FILE`
and `-k` work as they do there. Without a path it runs the `features` folder.
"""

import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from harness.commands.edge import USAGE

DEFAULT_FOLDER = Path("features")
HELP = """\
usage: harness features [PATH ...] [pytest options]

Run the Gherkin features under PATH (default: ./features) against the embedded
emulator, and print each feature and scenario with its outcome, then the failures
in full. With -v the report is pytest-bdd's Gherkin report; with -vv it lists every
step as well.

Options of the harness's pytest plugin:
  --target emulator|cloud   where to run (env HARNESS_TARGET; default emulator)
  --api-url URL             the cloud's API root (env HARNESS_API_URL)
  --user-token TOKEN        a user token of the cloud (env HARNESS_USER_TOKEN)
  --training-deadline S     seconds to wait for a model to train (default 300)
  --history-seed SEED       the seed of histories (env HARNESS_SEED; default 1)
  --cucumberjson FILE       also write a Cucumber JSON report

Any other pytest option works too, such as -k "confidence" or -x. Scenarios
tagged @clock or @mail need the embedded emulator; a cloud run skips them.
"""


def main(argv: Sequence[str], prog: str = "harness features") -> int:
    """Run pytest on the features with the Gherkin report; pytest's exit code."""
    args = list(argv)
    if "-h" in args or "--help" in args:
        print(HELP.replace("harness features", prog, 1))
        return 0

    if not any(_names_a_path(arg) for arg in args):
        if not DEFAULT_FOLDER.is_dir():
            print(
                f"{prog}: there is no {DEFAULT_FOLDER}/ folder here; run it from the "
                "folder that holds your features, or name their path",
                file=sys.stderr,
            )
            return USAGE
        args.append(str(DEFAULT_FOLDER))

    if any(arg.startswith("-v") for arg in args):
        # Asked for detail: pytest-bdd's Gherkin report, with the steps at -vv.
        return int(pytest.main(["--gherkin-terminal-reporter", *args]))
    report = ["-p", "harness.steps.report_plugin", "-o", "console_output_style=classic"]
    if not any(arg.startswith("--tb") for arg in args):
        report.append("--tb=short")
    return int(pytest.main([*report, *args]))


def _names_a_path(arg: str) -> bool:
    if arg.startswith("-"):
        return False
    return Path(arg.split("::")[0]).exists()
