"""Options the commands share; each reads an environment variable when not given."""

import argparse
import os
from collections.abc import Callable
from typing import Any

from harness.commands.moments import zone
from harness.model import Level, SensitivityError, resolve_sensitivity

API_URL_ENV = "HARNESS_API_URL"
USER_TOKEN_ENV = "HARNESS_USER_TOKEN"
DEVICE_ENV = "HARNESS_DEVICE"
DEVICE_TOKEN_ENV = "HARNESS_DEVICE_TOKEN"
TIMEZONE_ENV = "HARNESS_TIMEZONE"
SEED_ENV = "HARNESS_SEED"
SENSITIVITY_ENV = "HARNESS_SENSITIVITY"
CONCURRENCY_ENV = "HARNESS_CONCURRENCY"
FLEET_ENV = "HARNESS_FLEET"
FLEET_FILE_ENV = "HARNESS_FLEET_FILE"
ROUTINE_ENV = "HARNESS_ROUTINE"

DEFAULT_CONCURRENCY = 8
MAX_CONCURRENCY = 64
DEFAULT_SENSITIVITY = "high"


def env_option(
    parser: argparse.ArgumentParser,
    flag: str,
    env: str,
    *,
    convert: Callable[[str], Any] = str,
    default: Any = None,
    help: str,
    group: Any = None,
    shown: str | None = None,
    **kwargs: Any,
) -> None:
    """Add `flag` (to `group`, if given), whose default is `env`'s value if set,
    else `default` (shown in the help as `shown`, if given). A bad value in the
    variable is a usage error that names the variable."""
    raw = os.environ.get(env)
    if raw is not None and raw != "":
        try:
            default = convert(raw)
        except (ValueError, argparse.ArgumentTypeError) as problem:
            parser.error(f"{env}={raw!r}: {problem}")
    if shown is None and default is not None:
        shown = str(default)
    note = f"; default {shown}" if shown else ""
    (group or parser).add_argument(
        flag,
        type=convert,
        default=default,
        help=f"{help} (env {env}{note})",
        **kwargs,
    )


def add_server_options(parser: argparse.ArgumentParser) -> None:
    """--api-url and --user-token: which server, and as which user."""
    env_option(
        parser,
        "--api-url",
        API_URL_ENV,
        help="the server's API root, such as http://127.0.0.1:9000/v1.1",
    )
    env_option(
        parser,
        "--user-token",
        USER_TOKEN_ENV,
        help="a user token of that server (the emulator prints its own)",
    )


def add_device_options(parser: argparse.ArgumentParser) -> None:
    """--device and --device-token: the lock to act as."""
    env_option(
        parser,
        "--device",
        DEVICE_ENV,
        help="the device ID (did) of the lock",
        metavar="DID",
    )
    env_option(
        parser,
        "--device-token",
        DEVICE_TOKEN_ENV,
        help="the lock's device token; fetched with --user-token if left out",
        metavar="TOKEN",
    )


def add_timezone_option(parser: argparse.ArgumentParser, help: str) -> None:
    """--timezone: an IANA name that wall-clock times are read in."""
    env_option(
        parser, "--timezone", TIMEZONE_ENV, convert=zone, help=help, metavar="ZONE"
    )


def add_seed_option(parser: argparse.ArgumentParser, default: str | None) -> None:
    """--seed: the same seed draws the same events, in any process."""
    env_option(
        parser,
        "--seed",
        SEED_ENV,
        convert=seed,
        default=default,
        help="the random seed: a whole number or a word",
    )


def add_sensitivity_option(parser: argparse.ArgumentParser) -> None:
    """--sensitivity: 0 to 100, or High, Medium or Low."""
    env_option(
        parser,
        "--sensitivity",
        SENSITIVITY_ENV,
        convert=sensitivity,
        default=resolve_sensitivity(DEFAULT_SENSITIVITY),
        help="how sure the model must be: 0 to 100, or High (10), Medium (50), "
        "Low (90)",
    )


def add_concurrency_option(parser: argparse.ArgumentParser) -> None:
    """--concurrency: how many requests are in flight at once."""
    env_option(
        parser,
        "--concurrency",
        CONCURRENCY_ENV,
        convert=concurrency,
        default=DEFAULT_CONCURRENCY,
        help="requests in flight at once",
        metavar="N",
    )


def seed(text: str) -> int | str:
    """A seed as given: a whole number stays a number, anything else a word."""
    written = text.strip()
    if not written:
        raise argparse.ArgumentTypeError("a seed cannot be empty")

    try:
        return int(written)
    except ValueError:
        return written


def sensitivity(text: str) -> int:
    """A sensitivity from 0 to 100, given as a number or a confidence name."""
    level: Level = int(text) if text.strip().isdigit() else text
    try:
        return resolve_sensitivity(level)
    except SensitivityError as problem:
        raise argparse.ArgumentTypeError(str(problem)) from None


def concurrency(text: str) -> int:
    """A number of requests in flight, from 1 to MAX_CONCURRENCY."""
    number = whole(text)
    if not 1 <= number <= MAX_CONCURRENCY:
        raise argparse.ArgumentTypeError(
            f"{number} is out of range: use 1 to {MAX_CONCURRENCY}"
        )

    return number


def whole(text: str) -> int:
    """A whole number, or a message that says so."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def positive(text: str) -> int:
    """A whole number of at least 1."""
    number = whole(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number} is not at least 1")

    return number
