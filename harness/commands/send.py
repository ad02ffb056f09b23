"""`harness send`: the sample lock's Lock and Unlock buttons, at any moment."""

import argparse
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from harness.client import DeviceClient
from harness.commands.connect import Server, device_token, device_zone, server_from
from harness.commands.edge import UsageError, run
from harness.commands.moments import glue_moments, moment
from harness.commands.options import (
    DEVICE_ENV,
    add_device_options,
    add_server_options,
    add_timezone_option,
    env_option,
)

AT_ENV = "HARNESS_SEND_AT"
FIELD_ENV = "HARNESS_FIELD"
STATES = ("locked", "unlocked")
DEFAULT_FIELD = "state"


def build_parser(prog: str = "harness send") -> argparse.ArgumentParser:
    """`send locked|unlocked --device DID [--at WHEN]`."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Send one message from a lock, as the smart-lock sample's Lock "
        'and Unlock buttons do: {"state": "locked"} or {"state": "unlocked"}, '
        "now or at the moment --at gives.",
    )
    parser.add_argument(
        "state", choices=STATES, metavar="locked|unlocked", help="what the lock reports"
    )
    add_device_options(parser)
    env_option(
        parser,
        "--at",
        AT_ENV,
        convert=moment,
        default=moment("now"),
        shown="now",
        help="when: an ISO date and time, now, -2h or +30m from now, or a weekday "
        "and time such as 'tuesday 03:00' (the latest one up to now)",
        metavar="WHEN",
    )
    add_timezone_option(
        parser, "the time zone --at is read in; default the device's own, else UTC"
    )
    env_option(
        parser,
        "--field",
        FIELD_ENV,
        default=DEFAULT_FIELD,
        help="the field the state is sent in",
    )
    add_server_options(parser)
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "harness send") -> int:
    """Run `harness send`; its exit code."""
    return run(lambda: build_parser(prog), _run, glue_moments(argv, ["--at"]))


def _run(args: argparse.Namespace) -> int:
    if not args.device:
        raise UsageError(f"which lock? give --device (or set {DEVICE_ENV})")

    server = server_from(args)
    token = device_token(server, args.device, args.device_token)
    place = _zone(args, server, token)
    at = args.at.at(place)
    ts = int(at.timestamp() * 1000)

    with DeviceClient(server.api_url, args.device, token) as device:
        mid = device.send({args.field: args.state}, ts)

    print(
        f"sent {args.field}={args.state} from {args.device} at "
        f"{at.isoformat(timespec='seconds')} ({place.key}, ts {ts}): mid {mid}"
    )
    return 0


def _zone(args: argparse.Namespace, server: Server, token: str) -> ZoneInfo:
    if args.timezone is not None:
        return args.timezone

    found = device_zone(server, args.device, token)
    return ZoneInfo(found) if found else ZoneInfo("UTC")
