"""The options load runs add to Locust's command line, each with its variable.

The converters check a value as it is parsed, so that a bad one is one line of
usage error from Locust's own parser (exit code 2), whether it came from the command
line or from the environment variable.
"""

import argparse
import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from harness.load.anchor import MAX_SPEED
from harness.load.checks import Thresholds
from harness.load.errors import LoadOptionError

FLEET_FILE_ENV = "HARNESS_FLEET_FILE"
USER_TOKEN_ENV = "HARNESS_USER_TOKEN"
ENV_PREFIX = "HARNESS_LOAD_"
MAX_PROBES = 10


@dataclass(frozen=True)
class Defaults:
    """A locustfile's own defaults for the options it shares with the others."""

    speed: float = 3600.0
    max_p99_ms: float = 2000.0
    max_error_ratio: float = 0.01


@dataclass(frozen=True)
class RushHour:
    """The rush-hour wave's shape: background, then the wave, then the hold."""

    background_share: float = 0.25
    background_s: float = 20.0
    wave_s: float = 10.0
    hold_s: float = 30.0


@dataclass(frozen=True)
class Probing:
    """How alert probes run: how many, how often, and how long an alert may take."""

    probes: int = 2
    every_s: float = 2.0
    deadline_s: float = 5.0
    user_token: str | None = None


def speed(text: str) -> float:
    """A speed factor: a positive number up to the emulator's limit."""
    value = _number(text, "a speed factor")
    if not 0 < value <= MAX_SPEED:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a speed factor; give a number above 0 and at most "
            f"{MAX_SPEED}, such as 3600 for an hour a second"
        )
    return value


def ratio(text: str) -> float:
    """A share from 0 to 1."""
    value = _number(text, "a ratio")
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a ratio; give a number from 0 to 1, such as 0.01"
        )
    return value


def milliseconds(text: str) -> float:
    """A positive duration in milliseconds."""
    return _positive(text, "milliseconds", "500")


def seconds(text: str) -> float:
    """A positive duration in seconds."""
    return _positive(text, "seconds", "10")


def count(text: str) -> int:
    """A whole number of 0 or more."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a count; give a whole number of 0 or more"
        )
    return value


def probes(text: str) -> int:
    """How many probe locks: 1 to 10, as a user may own at most 10 models."""
    value = count(text)
    if not 1 <= value <= MAX_PROBES:
        raise argparse.ArgumentTypeError(
            f"{text!r} probes: give 1 to {MAX_PROBES}; each probe's rule owns a "
            f"model and a user may have at most {MAX_PROBES}"
        )
    return value


def fleet_file(text: str) -> str:
    """The path of an existing fleet file, kept as text to travel to workers."""
    if not Path(text).is_file():
        raise argparse.ArgumentTypeError(
            f"{text!r}: no such fleet file; write one with 'harness provision "
            "--fleet city-block --out FILE'"
        )
    return text


def start_ms(text: str) -> int:
    """A moment: UTC epoch milliseconds, or ISO 8601 with its offset."""
    if text.isdigit():
        return int(text)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a moment; give epoch milliseconds or an ISO date and "
            "time with its offset, such as 2026-12-01T17:40+01:00"
        )
    return int(moment.timestamp() * 1000)


def add_common(parser: Any, defaults: Defaults) -> None:
    """The options of every locustfile: fleet, clock, thresholds, summary."""
    # Not yet in the web UI's form: the form converts a value by the type of its
    # default, past the converters here, so a bad value would reach the run;
    # showing them needs the checks repeated when a run starts.
    group = parser.add_argument_group("harness", "the lock fleet and its checks")
    _add(
        group,
        "--fleet-file",
        FLEET_FILE_ENV,
        fleet_file,
        None,
        "the JSON file 'harness provision' wrote: the locks to simulate",
    )
    _add(
        group,
        "--speed",
        "SPEED",
        speed,
        defaults.speed,
        "how many times faster than real time the run's clock, and the "
        "emulator's, move: 3600 plays an hour a second",
    )
    _add(
        group,
        "--start",
        "START",
        start_ms,
        None,
        "where the run's clock starts: epoch ms or ISO 8601 with offset "
        "(default: the emulator's clock as it is, or now against a cloud)",
    )
    _add(
        group,
        "--max-error-ratio",
        "MAX_ERROR_RATIO",
        ratio,
        defaults.max_error_ratio,
        "fail the run when more than this share of requests failed",
    )
    _add(
        group,
        "--max-p99-ms",
        "MAX_P99_MS",
        milliseconds,
        defaults.max_p99_ms,
        "fail the run when the 99th percentile of response times is above this",
    )
    _add(
        group,
        "--summary-json",
        "SUMMARY_JSON",
        str,
        None,
        "write the end-of-run checks, time to alert and lock hand-out as JSON",
    )
    group.add_argument(
        "--cloud",
        action="store_true",
        env_var=ENV_PREFIX + "CLOUD",
        default=False,
        help="use the public API only, even if the server has the emulator's "
        "routes (env HARNESS_LOAD_CLOUD)",
    )


def add_rush_hour(parser: Any, shape: RushHour) -> None:
    """The options of the rush-hour wave."""
    group = parser.add_argument_group("rush hour", "the wave of unlocking locks")
    _add(
        group,
        "--background-share",
        "BACKGROUND_SHARE",
        ratio,
        shape.background_share,
        "the share of the fleet running its routine before the wave",
    )
    _add(
        group,
        "--background-seconds",
        "BACKGROUND_SECONDS",
        seconds,
        shape.background_s,
        "real seconds of background traffic before the wave",
    )
    _add(
        group,
        "--wave-seconds",
        "WAVE_SECONDS",
        seconds,
        shape.wave_s,
        "real seconds in which the rest of the fleet unlocks",
    )
    _add(
        group,
        "--hold-seconds",
        "HOLD_SECONDS",
        seconds,
        shape.hold_s,
        "real seconds the whole fleet runs after the wave, before the run stops",
    )


def add_probing(parser: Any, probing: Probing) -> None:
    """The options of alert probes."""
    group = parser.add_argument_group("alerts", "probe locks and time to alert")
    _add(
        group,
        "--probes",
        "PROBES",
        probes,
        probing.probes,
        "probe locks, each with an anomaly rule alerting an alarm of its own",
    )
    _add(
        group,
        "--probe-every",
        "PROBE_EVERY",
        seconds,
        probing.every_s,
        "real seconds between one probe lock's probes",
    )
    _add(
        group,
        "--alert-deadline",
        "ALERT_DEADLINE",
        seconds,
        probing.deadline_s,
        "real seconds an alert may take before it counts as missed",
    )
    _add(
        group,
        "--max-missed-alerts",
        "MAX_MISSED_ALERTS",
        count,
        0,
        "fail the run when more anomalies than this went without an alert",
    )
    _add(
        group,
        "--max-unexpected-alerts",
        "MAX_UNEXPECTED_ALERTS",
        count,
        0,
        "fail the run when more routine probes than this raised an alert",
    )
    group.add_argument(
        "--user-token",
        env_var=USER_TOKEN_ENV,
        default=None,
        help="against a cloud: the user token that owns the probes' devices and "
        f"rules (env {USER_TOKEN_ENV}); the emulator makes a user of its own",
    )


def thresholds_of(options: Any) -> Thresholds:
    """The run's limits from parsed options."""
    return Thresholds(
        max_error_ratio=options.max_error_ratio,
        max_p99_ms=options.max_p99_ms,
        max_missed_alerts=getattr(options, "max_missed_alerts", 0),
        max_unexpected_alerts=getattr(options, "max_unexpected_alerts", 0),
    )


def rush_hour_of(options: Any) -> RushHour:
    """The wave's shape from parsed options."""
    return RushHour(
        background_share=options.background_share,
        background_s=options.background_seconds,
        wave_s=options.wave_seconds,
        hold_s=options.hold_seconds,
    )


def probing_of(options: Any) -> Probing:
    """The probes' settings from parsed options."""
    return Probing(
        probes=options.probes,
        every_s=options.probe_every,
        deadline_s=options.alert_deadline,
        user_token=options.user_token,
    )


def check_settings(options: Any) -> None:
    """Refuse settings that parse alone but not together; or a missing fleet."""
    if not getattr(options, "fleet_file", None):
        raise LoadOptionError(
            f"--fleet-file (or {FLEET_FILE_ENV}) is missing: give the JSON file "
            "'harness provision' wrote"
        )


def _add(
    group: Any, flag: str, env: str, convert: Any, default: Any, help_text: str
) -> None:
    env_var = env if env.startswith("HARNESS_") else ENV_PREFIX + env
    shown = _shown(default)
    group.add_argument(
        flag,
        type=convert,
        default=default,
        env_var=env_var,
        help=f"{help_text} (env {env_var}{shown})",
    )


def _shown(default: Any) -> str:
    if default is None:
        return ""
    if isinstance(default, float):
        return f", default {default:g}"
    return f", default {default}"


def _number(text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number; give {what}")
    return value


def _positive(text: str, unit: str, example: str) -> float:
    value = _number(text, unit)
    if value <= 0:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a duration; give a positive number of {unit}, such "
            f"as {example}"
        )
    return value
