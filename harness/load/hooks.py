"""The run's side of a load test: options, the lock pool, the clock, the checks.

A locustfile calls `install()` once. The process that owns the run (the master of
a distributed run, or the only process) then reads the fleet file, sets the shared
clock, makes the alert probes, hands each user a lock through Locust's messages
between nodes, and when the run ends checks it and sets the exit code. Workers only
ask for locks and report their time-to-alert figures with their stats.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import gevent
from locust import events
from locust.env import Environment
from locust.runners import MasterRunner, Runner, WorkerRunner

from harness.client import ClientError, EmulatorAdmin
from harness.errors import HarnessError
from harness.load import options as opts
from harness.load import summary
from harness.load.alert_picture import alerts_svg
from harness.load.alerts import AlertTally
from harness.load.anchor import Anchor
from harness.load.checks import exit_code, run_checks
from harness.load.desk import FREE, GRANT, WANT, LockDesk, answer, free
from harness.load.errors import LoadError, LoadOptionError
from harness.load.pool import LockPool, api_root, base_of, read_fleet
from harness.load.probes import make_probes, remove_probes
from harness.load.run import LOCKS, PROBES, LoadRun
from harness.load.stored import emulator_stored

logger = logging.getLogger(__name__)

ALERTS_KEY = "harness_alerts"
USAGE = 2

# This process's time-to-alert figures: kept here by its probe users, drained
# into each stats report on a worker.
ALERTS = AlertTally()

StartAt = Callable[["LoadRun", Any], int | None]


@dataclass
class _Installed:
    defaults: opts.Defaults
    rush_hour: opts.RushHour | None
    probing: opts.Probing | None
    start_at: StartAt | None
    run: LoadRun | None = None
    desk: LockDesk | None = None


_installed: _Installed | None = None


def install(
    defaults: opts.Defaults | None = None,
    rush_hour: opts.RushHour | None = None,
    probing: opts.Probing | None = None,
    start_at: StartAt | None = None,
) -> None:
    """Add the harness's options and listeners to Locust; once per process."""
    global _installed
    if _installed is not None:
        return
    _installed = _Installed(defaults or opts.Defaults(), rush_hour, probing, start_at)

    events.init_command_line_parser.add_listener(_add_options)
    events.init.add_listener(_on_init)
    events.test_start.add_listener(_on_test_start)
    events.quitting.add_listener(_on_quitting)
    events.reset_stats.add_listener(_on_reset_stats)
    events.spawning_complete.add_listener(_on_spawning_complete)
    events.report_to_master.add_listener(_on_report_to_master)
    events.worker_report.add_listener(_on_worker_report)


def current_run() -> LoadRun | None:
    """The run this process owns, if it owns one (not on a worker)."""
    return _installed.run if _installed is not None else None


def desk() -> LockDesk:
    """Where this process's users ask for locks."""
    if _installed is None or _installed.desk is None:
        raise LoadError("harness.load.hooks.install() was not called by the locustfile")
    return _installed.desk


def probing() -> opts.Probing:
    """The probes' settings of this run, as the options give them."""
    assert _installed is not None and _installed.desk is not None
    return opts.probing_of(_installed.desk.environment.parsed_options)


def _add_options(parser: Any, **kwargs: Any) -> None:
    assert _installed is not None
    opts.add_common(parser, _installed.defaults)
    if _installed.rush_hour is not None:
        opts.add_rush_hour(parser, _installed.rush_hour)
    if _installed.probing is not None:
        opts.add_probing(parser, _installed.probing)


def _on_init(environment: Environment, runner: Runner | None, **kwargs: Any) -> None:
    assert _installed is not None
    _installed.desk = LockDesk(environment, current_run)
    if runner is not None and not isinstance(runner, MasterRunner):
        runner.register_message(GRANT, _installed.desk.on_grant)
    if isinstance(runner, WorkerRunner):
        return

    try:
        _installed.run = _open_run(environment)
    except HarnessError as error:
        _refuse(error)
    if runner is not None:
        runner.register_message(WANT, _on_want)
        runner.register_message(FREE, _on_free)


def _open_run(environment: Environment) -> LoadRun:
    options = environment.parsed_options
    assert options is not None
    opts.check_settings(options)
    fleet = read_fleet(options.fleet_file)
    if not environment.host:
        environment.host = base_of(fleet.api_url)
    base_url = environment.host.rstrip("/")
    # Also on the classes: the web UI's form may send an empty host.
    for user_class in environment.user_classes:
        user_class.host = user_class.host or base_url

    admin = None if options.cloud else _emulator_admin(base_url)
    if admin is None and options.speed != 1 and options.start is None:
        raise LoadOptionError(
            f"--speed {options.speed:g} needs the emulator's clock, and {base_url} "
            "has no emulator routes: against a cloud run at --speed 1, or give a "
            "--start far enough in the past that the run's clock never passes now"
        )
    logger.info(
        "fleet %s: %d locks on %s (%s)",
        fleet.fleet,
        len(fleet.locks),
        base_url,
        "the emulator" if admin else "a cloud: public API only",
    )
    return LoadRun(fleet, base_url, admin, options)


def _emulator_admin(base_url: str) -> EmulatorAdmin | None:
    admin = EmulatorAdmin(base_url)
    try:
        health = admin.health()
    except ClientError:
        admin.close()
        return None
    if health.get("status") != "ok":
        admin.close()
        return None
    return admin


def _refuse(error: HarnessError) -> None:
    # The edge between Locust and the harness: one line and the usage exit code,
    # as Locust's own parser answers a bad option.
    logger.error("%s", error)
    raise SystemExit(USAGE)


def _on_test_start(environment: Environment, **kwargs: Any) -> None:
    assert _installed is not None
    run = _installed.run
    if run is None:
        return

    try:
        _start_run(run, environment)
    except HarnessError as error:
        logger.error("the run cannot start: %s", error)
        run.aborted = True
        environment.process_exit_code = USAGE
        if environment.runner is None:
            raise SystemExit(USAGE) from None
        gevent.spawn_later(0.1, environment.runner.quit)


def _start_run(run: LoadRun, environment: Environment) -> None:
    assert _installed is not None
    options = run.options
    start = options.start
    if start is None and _installed.start_at is not None:
        start = _installed.start_at(run, options)
    run.anchor = _set_clock(run, start, options.speed)
    run.alerts = AlertTally()

    if _installed.probing is not None:
        run.probe_token = _probe_token(run)
        run.probes = make_probes(
            api_root(run.base_url),
            run.probe_token,
            options.probes,
            run.anchor.now(),
        )
    run.pools = {
        LOCKS: LockPool(LOCKS, [asdict(lock) for lock in run.fleet.locks]),
        PROBES: LockPool(
            PROBES,
            [probe.to_dict() | {"user_token": run.probe_token} for probe in run.probes],
        ),
    }
    run.stored_before = emulator_stored(run.admin) if run.admin else None
    run.start_ms = run.anchor.now()
    logger.info(
        "the run's clock starts at %s, %g times real time",
        time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(run.start_ms / 1000)),
        run.anchor.speed,
    )


def _set_clock(run: LoadRun, start: int | None, speed: float) -> Anchor:
    if run.admin is None:
        now = int(time.time() * 1000) if start is None else start
        return Anchor(time.time(), now, speed)

    run.admin.unfreeze()
    run.admin.set_speed(speed)
    if start is not None:
        run.admin.set_clock(start)
    before = time.time()
    clock = run.admin.clock()
    after = time.time()
    return Anchor((before + after) / 2, int(clock["now"]), float(clock["speed"]))


def _probe_token(run: LoadRun) -> str:
    if run.admin is not None:
        user = run.admin.create_user(f"load probes {int(time.time())}")
        return str(user["accessToken"])
    token = run.options.user_token
    if not token:
        raise LoadOptionError(
            f"--user-token (or {opts.USER_TOKEN_ENV}) is missing: against a cloud "
            "the probes' devices and rules need a user token"
        )
    return str(token)


def _on_want(environment: Environment, msg: Any, **kwargs: Any) -> None:
    runner = environment.runner
    assert runner is not None
    reply = answer(current_run(), msg.data["key"], msg.data["kind"], msg.node_id)
    runner.send_message(GRANT, reply, client_id=msg.node_id)


def _on_free(environment: Environment, msg: Any, **kwargs: Any) -> None:
    free(current_run(), msg.data["kind"], msg.data["index"])


def _on_reset_stats(**kwargs: Any) -> None:
    # Locust's statistics start again: so do the stored count and the alerts.
    assert _installed is not None
    run = _installed.run
    if run is None or run.anchor is None:
        return
    run.stored_before = emulator_stored(run.admin) if run.admin else None
    run.start_ms = run.anchor.now()
    run.alerts = AlertTally()
    ALERTS.take()


def _on_spawning_complete(user_count: int, **kwargs: Any) -> None:
    assert _installed is not None
    if _installed.desk is not None and _installed.desk.environment.reset_stats:
        _on_reset_stats()


def _on_report_to_master(client_id: str, data: dict[str, Any]) -> None:
    taken = ALERTS.take()
    data[ALERTS_KEY] = taken.to_dict()


def _on_worker_report(client_id: str, data: dict[str, Any]) -> None:
    assert _installed is not None
    run = _installed.run
    if run is not None and ALERTS_KEY in data:
        run.alerts.add(AlertTally.from_dict(data[ALERTS_KEY]))


def _on_quitting(environment: Environment, **kwargs: Any) -> None:
    assert _installed is not None
    run = _installed.run
    if run is None or run.anchor is None or run.aborted:
        return

    _report(run, environment)


def _report(run: LoadRun, environment: Environment) -> None:
    assert _installed is not None
    local = ALERTS if _installed.probing is not None else None
    try:
        figures = summary.figures_of(run, environment.stats, local)
    finally:
        if run.probes and run.probe_token:
            remove_probes(api_root(run.base_url), run.probe_token, run.probes)

    checks = run_checks(figures, opts.thresholds_of(run.options))
    if figures.alerts is not None:
        logger.info("%s", figures.alerts.summary())
    for check in checks:
        (logger.info if check.held else logger.error)("%s", check.line())
    environment.process_exit_code = exit_code(checks)

    if run.options.summary_json:
        summary.write_summary(
            Path(run.options.summary_json), summary.summary_of(run, figures, checks)
        )
    prefix = getattr(run.options, "csv_prefix", None)
    if prefix and figures.alerts is not None:
        summary.write_alerts_csv(Path(f"{prefix}_alerts.csv"), figures.alerts)
        picture = Path(f"{prefix}_alerts.svg")
        picture.write_text(alerts_svg(figures.alerts), encoding="utf-8")
