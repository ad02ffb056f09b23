"""How many messages the server stored during a run: its counters, or the API.

Against the emulator its counters say it directly. Against a cloud each lock's
messages in the run's span of time are counted page by page through the public
API, with the lock's own device token.
"""

import logging
import time
from collections.abc import Iterable

from harness.client import EmulatorAdmin
from harness.client.config import ClientConfig
from harness.client.messages import Messages
from harness.client.transport import Transport
from harness.commands.provisioned import ProvisionedLock

logger = logging.getLogger(__name__)

SETTLE_PAUSE_S = 0.2
SETTLE_DEADLINE_S = 5.0
CONFIG = ClientConfig(timeout=(3.05, 30.0))


def emulator_stored(admin: EmulatorAdmin) -> int:
    """The emulator's count of stored messages."""
    return int(admin.counters()["stored"])


def settled_stored(admin: EmulatorAdmin) -> int:
    """The stored count once it stops moving: the last commits of a run land."""
    deadline = time.monotonic() + SETTLE_DEADLINE_S
    last = emulator_stored(admin)
    while time.monotonic() < deadline:
        time.sleep(SETTLE_PAUSE_S)
        now = emulator_stored(admin)
        if now == last:
            return now
        last = now
    return last


def counted_through_api(
    api_url: str, locks: Iterable[ProvisionedLock], start_ms: int, end_ms: int
) -> int:
    """Messages of the locks with `ts` in [start_ms, end_ms], read page by page."""
    total = 0
    # Not yet: the locks are counted one after another, which takes a while for
    # thousands of locks, because the API has no count of a window's messages.
    for lock in locks:
        transport = Transport(api_url, lock.token, CONFIG)
        try:
            messages = Messages(transport).iter_all(lock.did, start_ms, end_ms)
            total += sum(1 for _ in messages)
        finally:
            transport.close()
    return total
