"""The pytest plugin: target options, the session's target, and each scenario's world.

Registered by entry point, so any project with the harness installed can run
features with the step library; the steps live in the modules listed below.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.steps.collect import FeatureFile, collect_feature
from harness.steps.errors import TargetError
from harness.steps.target import (
    DEFAULT_TRAINING_DEADLINE_S,
    EmbeddedEmulator,
    Target,
    TargetConfig,
    TargetKind,
    cloud_target,
)
from harness.steps.world import World, close_world, open_world

pytest_plugins = [
    "harness.steps.locks",
    "harness.steps.history",
    "harness.steps.rules",
    "harness.steps.events",
    "harness.steps.alerts",
    "harness.steps.timetables",
    "harness.steps.ingest",
]

# Tags of scenarios that need what only the embedded emulator offers, and why a
# cloud run skips them.
EMULATOR_ONLY_TAGS = {
    "clock": "needs the emulator's clock, which a cloud target does not let us set",
    "mail": "reads the emulator's mail outbox, which a cloud target does not have",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--target`, `--api-url`, `--user-token`, each also read from the environment."""
    group = parser.getgroup("harness", "where the harness runs the features")
    group.addoption(
        "--target",
        choices=[kind.value for kind in TargetKind],
        default=os.environ.get("HARNESS_TARGET", TargetKind.EMULATOR.value),
        help="emulator: start the embedded emulator (the default); cloud: use the "
        "server at --api-url through its public API only (env HARNESS_TARGET)",
    )
    group.addoption(
        "--api-url",
        default=os.environ.get("HARNESS_API_URL"),
        help="the cloud's API root, such as http://127.0.0.1:9000/v1.1 "
        "(env HARNESS_API_URL)",
    )
    group.addoption(
        "--user-token",
        default=os.environ.get("HARNESS_USER_TOKEN"),
        help="a user token of the cloud (env HARNESS_USER_TOKEN)",
    )
    group.addoption(
        "--training-deadline",
        type=float,
        default=float(
            os.environ.get("HARNESS_TRAINING_DEADLINE", DEFAULT_TRAINING_DEADLINE_S)
        ),
        help="seconds to wait for a model to train (env HARNESS_TRAINING_DEADLINE; "
        f"default {DEFAULT_TRAINING_DEADLINE_S:.0f})",
    )
    group.addoption(
        "--history-seed",
        default=os.environ.get("HARNESS_SEED", "1"),
        help="the seed of histories a step does not seed itself (env HARNESS_SEED; "
        "default 1)",
    )
    parser.addini(
        "harness_collect_features",
        type="bool",
        default=True,
        help="collect .feature files as tests with the harness's steps (default "
        "true); switch it off to bind scenarios with pytest-bdd's scenarios()",
    )


TARGET_CONFIG = pytest.StashKey[TargetConfig]()


def pytest_configure(config: pytest.Config) -> None:
    """Check the target options at once, and register the step library's tags."""
    options = config.option
    try:
        config.stash[TARGET_CONFIG] = TargetConfig(
            kind=TargetKind(options.target),
            api_url=options.api_url,
            user_token=options.user_token,
            training_deadline_s=options.training_deadline,
            seed=options.history_seed,
        )
    except TargetError as error:
        raise pytest.UsageError(str(error)) from None

    for tag, reason in EMULATOR_ONLY_TAGS.items():
        config.addinivalue_line("markers", f"{tag}: {reason}; skipped on a cloud")


def pytest_collect_file(
    file_path: Path, parent: pytest.Collector
) -> FeatureFile | None:
    """Each `.feature` file is a test module of its own."""
    return collect_feature(file_path, parent)


def pytest_report_header(config: pytest.Config) -> str:
    """One header line naming the target."""
    if config.getoption("target") == TargetKind.CLOUD.value:
        return f"harness target: cloud at {config.getoption('api_url')}"
    return "harness target: the embedded emulator"


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """On a cloud, skip scenarios tagged as needing the emulator, with the reason."""
    if config.getoption("target") != TargetKind.CLOUD.value:
        return

    for item in items:
        for tag, reason in EMULATOR_ONLY_TAGS.items():
            if item.get_closest_marker(tag) is not None:
                item.add_marker(pytest.mark.skip(reason=f"@{tag}: {reason}"))


@pytest.fixture(scope="session")
def harness_target(request: pytest.FixtureRequest) -> Iterator[Target]:
    """The server the features run against, started once if it is the emulator."""
    config = request.config.stash[TARGET_CONFIG]
    if config.kind is TargetKind.CLOUD:
        yield cloud_target(config)
        return

    emulator = EmbeddedEmulator(config)
    try:
        yield emulator.start()
    finally:
        emulator.close()


@pytest.fixture
def world(harness_target: Target) -> Iterator[World]:
    """The scenario's world, closed (and on a cloud, cleaned up) after it."""
    opened = open_world(harness_target)
    try:
        yield opened
        opened.fail_on_unchecked_refusal()
    finally:
        close_world(opened)
