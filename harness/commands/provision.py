"""`harness provision`: a device and a token for each lock of a fleet."""

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from harness.client import NotFound, UserClient
from harness.commands.concurrency import PerThread, each_concurrently
from harness.commands.connect import server_from
from harness.commands.device_types import (
    SAMPLE_LOCK,
    built_in_manifests,
    ensure_device_types,
)
from harness.commands.edge import UsageError, run
from harness.commands.options import (
    FLEET_ENV,
    FLEET_FILE_ENV,
    add_concurrency_option,
    add_seed_option,
    add_server_options,
    env_option,
)
from harness.commands.progress import Progress
from harness.commands.provisioned import (
    ProvisionedFleet,
    ProvisionedLock,
    write_fleet_file,
)
from harness.routines import FleetLock, find_fleet


def build_parser(prog: str = "harness provision") -> argparse.ArgumentParser:
    """`provision --fleet FILE [--seed S] --out provisioned.json`."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Create a fleet's locks on a server: the built-in device types "
        "if missing (on the emulator), a device of the Sample Virtual Lock type for "
        "each lock (named as the lock, with its time zone as a property; one of "
        "that name already there is kept), and its device token. Writes a JSON "
        "fleet file for 'harness history --fleet-file' and load tests.",
    )
    env_option(
        parser,
        "--fleet",
        FLEET_ENV,
        help="a fleet's name, such as city-block, or its YAML file",
        metavar="NAME|FILE",
    )
    add_seed_option(parser, "0")
    env_option(
        parser,
        "--out",
        FLEET_FILE_ENV,
        convert=Path,
        help="the JSON fleet file to write",
        metavar="FILE",
    )
    add_concurrency_option(parser)
    add_server_options(parser)
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "harness provision") -> int:
    """Run `harness provision`; its exit code."""
    return run(lambda: build_parser(prog), _run, argv)


def _run(args: argparse.Namespace) -> int:
    if not args.fleet or args.out is None:
        raise UsageError(
            f"give --fleet (or set {FLEET_ENV}) and --out (or set {FLEET_FILE_ENV})"
        )

    fleet = find_fleet(args.fleet)
    locks = fleet.locks(args.seed)
    server = server_from(args)
    with server.user() as user:
        dtids = ensure_device_types(user, built_in_manifests())
        dtid = dtids[SAMPLE_LOCK]
        existing = _existing_devices(user, dtid)

    clients = PerThread(server.user)
    try:
        with Progress(len(locks), "locks provisioned") as progress:
            provisioned = each_concurrently(
                locks,
                lambda lock: _provision(clients.get(), dtid, existing, lock),
                args.concurrency,
                progress,
            )
    finally:
        clients.close()

    result = ProvisionedFleet(
        api_url=server.api_url,
        fleet=fleet.name,
        seed=str(args.seed),
        device_type=dtid,
        locks=tuple(provisioned),
    )
    write_fleet_file(result, args.out)
    kept = sum(1 for lock in locks if lock.name in existing)
    print(
        f"fleet {fleet.name}: {len(locks)} locks on {server.api_url} "
        f"({len(locks) - kept} devices created, {kept} kept); wrote {args.out}"
    )
    return 0


def _existing_devices(user: UserClient, dtid: str) -> dict[str, dict[str, Any]]:
    """The user's devices of the lock type, by name (the first of each name)."""
    found: dict[str, dict[str, Any]] = {}
    for device in user.devices.iter_all():
        if device.get("dtid") == dtid:
            found.setdefault(str(device["name"]), device)
    return found


def _provision(
    user: UserClient,
    dtid: str,
    existing: dict[str, dict[str, Any]],
    lock: FleetLock,
) -> ProvisionedLock:
    properties = {"timezone": lock.zone}
    device = existing.get(lock.name)
    if device is None:
        device = user.devices.create(dtid, lock.name, properties=properties)
    elif (device.get("properties") or {}).get("timezone") != lock.zone:
        merged = {**(device.get("properties") or {}), **properties}
        device = user.devices.update(device["id"], {"properties": merged})

    did = str(device["id"])
    try:
        token = user.tokens.get(did)
    except NotFound:
        token = user.tokens.replace(did)

    return ProvisionedLock(
        name=lock.name,
        routine=lock.routine.name,
        timezone=lock.zone,
        seed=lock.seed,
        did=did,
        token=str(token["accessToken"]),
        label=lock.label,
    )
