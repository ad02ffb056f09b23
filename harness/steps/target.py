"""Where the features run: the embedded emulator, or a server that speaks the API."""

import logging
import os
from dataclasses import dataclass
from enum import StrEnum

from harness.client import ClientError, EmulatorAdmin, UserClient
from harness.emulator.launcher import EmulatorProcess
from harness.steps.errors import TargetError

logger = logging.getLogger(__name__)

DEFAULT_TRAINING_DEADLINE_S = 300.0


class TargetKind(StrEnum):
    """The two kinds of target a feature run can have."""

    EMULATOR = "emulator"
    CLOUD = "cloud"


@dataclass(frozen=True)
class TargetConfig:
    """What the command line and the environment say about the target."""

    kind: TargetKind = TargetKind.EMULATOR
    api_url: str | None = None
    user_token: str | None = None
    training_deadline_s: float = DEFAULT_TRAINING_DEADLINE_S
    seed: str = "1"

    def __post_init__(self) -> None:
        if self.kind is TargetKind.CLOUD and not (self.api_url and self.user_token):
            raise TargetError(
                "--target cloud needs the server's API root and a user token: give "
                "--api-url (or HARNESS_API_URL), such as http://127.0.0.1:9000/v1.1, "
                "and --user-token (or HARNESS_USER_TOKEN)"
            )
        if self.training_deadline_s <= 0:
            raise TargetError(
                f"--training-deadline {self.training_deadline_s!r}: give a positive "
                "number of seconds, such as 300"
            )


@dataclass(frozen=True)
class Target:
    """A running server to test: its API, a user token, and the clock if it is ours."""

    kind: TargetKind
    api_url: str
    user_token: str
    # The emulator-only routes: present only when the harness started the emulator.
    emulator_url: str | None
    training_deadline_s: float
    seed: str

    @property
    def owns_clock(self) -> bool:
        """Whether steps may set the server's clock (only on the embedded emulator)."""
        return self.emulator_url is not None

    def admin(self) -> EmulatorAdmin:
        """A client of the emulator-only routes; only on the embedded emulator."""
        if self.emulator_url is None:
            raise TargetError(
                "this step needs the emulator's own routes, which a cloud target "
                "does not have: tag the scenario @clock or @mail so that cloud runs "
                "skip it"
            )
        return EmulatorAdmin(self.emulator_url.removesuffix("/emulator"))


class EmbeddedEmulator:
    """The emulator the plugin starts once per test session, on a free port."""

    def __init__(self, config: TargetConfig) -> None:
        self._config = config
        self._process = EmulatorProcess(extra_args=_emulator_args())

    def start(self) -> Target:
        """Start the emulator (a temporary database) and describe it as a target."""
        info = self._process.start()
        logger.info("embedded emulator at %s", info.api_url)
        return Target(
            kind=TargetKind.EMULATOR,
            api_url=info.api_url,
            user_token=info.user_token,
            emulator_url=info.emulator_url,
            training_deadline_s=self._config.training_deadline_s,
            seed=self._config.seed,
        )

    def close(self) -> None:
        """Stop the emulator; its temporary database goes with it."""
        self._process.close()


def cloud_target(config: TargetConfig) -> Target:
    """The configured server as a target, once its token has been checked."""
    assert config.api_url is not None and config.user_token is not None
    api_url = config.api_url.rstrip("/")
    try:
        with UserClient(api_url, config.user_token) as user:
            user.user_id()
    except ClientError as error:
        raise TargetError(
            f"the cloud target {api_url} did not accept the user token: {error}"
        ) from None

    return Target(
        kind=TargetKind.CLOUD,
        api_url=api_url,
        user_token=config.user_token,
        emulator_url=None,
        training_deadline_s=config.training_deadline_s,
        seed=config.seed,
    )


def _emulator_args() -> tuple[str, ...]:
    # Extra emulator options for the embedded emulator, such as a training delay.
    return tuple(os.environ.get("HARNESS_EMBEDDED_EMULATOR_ARGS", "").split())
