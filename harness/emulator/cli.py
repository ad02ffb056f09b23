"""The emulator's command line; every option also reads an environment variable."""

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from harness.emulator.config import (
    DAY_MS,
    DEFAULT_DB,
    DEFAULT_PORT,
    HOUR_MS,
    MEMORY_DB,
    EmulatorConfig,
    RateLimits,
)
from harness.emulator.errors import ApiError, ConfigError

ENV_PREFIX = "HARNESS_EMULATOR_"


def _env(name: str, default: str | None) -> str | None:
    return os.environ.get(ENV_PREFIX + name, default)


def _env_flag(name: str) -> bool:
    return (_env(name, "") or "").lower() in ("1", "true", "yes", "on")


def _number_option(
    parser: argparse.ArgumentParser, option: str, env: str, default: float, help: str
) -> None:
    """A number option whose default comes from its environment variable."""
    parser.add_argument(
        f"--{option}",
        type=float,
        default=float(_env(env, str(default)) or default),
        help=help,
    )


def build_parser(prog: str = "harness emulator") -> argparse.ArgumentParser:
    """The emulator's options, each defaulting to its HARNESS_EMULATOR_* variable."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description=(
            "Serve a local emulator of the ARTIK cloud services API v1.1: the public "
            "API under /v1.1, emulator-only routes under /emulator. Each option also "
            f"reads the environment variable {ENV_PREFIX}<OPTION> (for example "
            f"{ENV_PREFIX}PORT)."
        ),
    )
    parser.add_argument("--host", default=_env("HOST", "127.0.0.1"))
    parser.add_argument(
        "--port",
        type=int,
        default=int(_env("PORT", str(DEFAULT_PORT)) or DEFAULT_PORT),
        help=f"TCP port; 0 picks a free one (default {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--db",
        default=_env("DB", DEFAULT_DB),
        help=f"SQLite file, or {MEMORY_DB} to keep nothing (default {DEFAULT_DB})",
    )
    parser.add_argument(
        "--user-token",
        default=_env("USER_TOKEN", None),
        help="the start-up user's token (default: kept in the database, or new)",
    )
    parser.add_argument(
        "--no-admin",
        action="store_true",
        default=_env_flag("NO_ADMIN"),
        help="switch the /emulator routes off, as on the real cloud",
    )
    _number_option(
        parser,
        "max-past-days",
        "MAX_PAST_DAYS",
        365,
        "how far back a message's ts may lie (default 365)",
    )
    _number_option(
        parser,
        "max-future-hours",
        "MAX_FUTURE_HOURS",
        24,
        "how far ahead a message's ts may lie (default 24)",
    )
    for scope in ("device", "user"):
        for span in ("minute", "day"):
            name = f"{scope}_per_{span}"
            parser.add_argument(
                f"--rate-limit-{scope}-per-{span}",
                dest=name,
                type=int,
                default=int(_env(f"RATE_LIMIT_{name.upper()}", "0") or 0),
                help=f"messages a {scope} may post per {span}; 0 is no limit",
            )
    parser.add_argument(
        "--fsync",
        action="store_true",
        default=_env_flag("FSYNC"),
        help="sync every commit to disk, so that acknowledged messages survive a "
        "power loss too, not only a crash of the emulator (slower)",
    )
    _number_option(
        parser,
        "ws-ping-seconds",
        "WS_PING_SECONDS",
        30,
        "how often WebSocket clients get a ping (default 30)",
    )
    _number_option(
        parser,
        "ws-register-seconds",
        "WS_REGISTER_SECONDS",
        30,
        "how long a device channel may stay unregistered (default 30)",
    )
    _number_option(
        parser,
        "training-delay-seconds",
        "TRAINING_DELAY_SECONDS",
        0,
        "real seconds a model takes to train, as on the cloud (default 0)",
    )
    _number_option(
        parser,
        "rule-http-timeout-seconds",
        "RULE_HTTP_TIMEOUT_SECONDS",
        5,
        "how long a rule's sendHttpRequest waits for an answer (default 5)",
    )
    parser.add_argument(
        "--access-log",
        action="store_true",
        default=_env_flag("ACCESS_LOG"),
        help="log one line per request",
    )
    parser.add_argument(
        "--ready-file",
        default=_env("READY_FILE", None),
        help="write the URLs and the user token as JSON to this file once serving",
    )
    return parser


def config_from(args: argparse.Namespace) -> EmulatorConfig:
    """The emulator's settings from parsed options."""
    if not 0 <= args.port <= 65535:
        raise ConfigError(f"--port {args.port} is not a TCP port; use 0 to 65535")
    if args.rule_http_timeout_seconds <= 0:
        raise ConfigError("--rule-http-timeout-seconds must be positive")
    if args.ws_ping_seconds <= 0 or args.ws_register_seconds <= 0:
        raise ConfigError(
            "--ws-ping-seconds and --ws-register-seconds must be positive"
        )
    if args.max_past_days <= 0 or args.max_future_hours < 0:
        raise ConfigError("--max-past-days must be positive, --max-future-hours >= 0")
    return EmulatorConfig(
        host=args.host,
        port=args.port,
        db=args.db,
        user_token=args.user_token or None,
        admin=not args.no_admin,
        max_past_ms=int(args.max_past_days * DAY_MS),
        max_future_ms=int(args.max_future_hours * HOUR_MS),
        rate_limits=RateLimits(
            device_per_minute=args.device_per_minute,
            device_per_day=args.device_per_day,
            user_per_minute=args.user_per_minute,
            user_per_day=args.user_per_day,
        ),
        fsync=args.fsync,
        access_log=args.access_log,
        ws_ping_ms=int(args.ws_ping_seconds * 1000),
        ws_register_ms=int(args.ws_register_seconds * 1000),
        training_delay_ms=int(args.training_delay_seconds * 1000),
        rule_http_timeout_ms=int(args.rule_http_timeout_seconds * 1000),
    )


def main(argv: Sequence[str] | None = None, prog: str = "harness emulator") -> int:
    """Parse options, serve, and turn start-up errors into one line and exit code 2."""
    args = build_parser(prog).parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.access_log else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )

    from harness.emulator.server import serve

    try:
        serve(config_from(args), ready_file=args.ready_file)
    except (ConfigError, ApiError) as error:
        print(f"{prog}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    return 0
