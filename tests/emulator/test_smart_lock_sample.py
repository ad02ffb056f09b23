"""The smart-lock sample page's traffic, replayed over HTTP and from a real browser.

The sample is a static page served from another origin. It posts each state of a lock
with the lock's device token, one request per message. Its Generate button fires a
month of weekday messages at once, with fractional timestamps, today's among them
lying up to about 19 hours ahead of now.
"""

import functools
import html
import json
import os
import random
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
import requests

from tests.conftest import HTTP_TIMEOUT, Api

SEED = 20180401
# A browser keeps about six connections per host open at once.
WORKERS = 7
SAMPLE_ORIGIN = "http://localhost:8000"
MINUTE_MS = 60_000
MID = re.compile(r"[0-9a-f]{32}")

# When the sample's lock changes state on a weekday: a local clock time, the random
# spread after it in minutes, and the new state.
TIMETABLE = (
    (clock_time(8, 50), 15, "unlocked"),
    (clock_time(9, 10), 5, "locked"),
    (clock_time(17, 50), 15, "unlocked"),
    (clock_time(19, 10), 5, "locked"),
)

PAGES = Path(__file__).parent / "pages"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
# Virtual time stands still while requests are in flight, so this budget only bounds
# the page's idle time; the deadline bounds the browser as a whole.
VIRTUAL_TIME_BUDGET_MS = 30_000
BROWSER_DEADLINE_S = 90


@dataclass(frozen=True)
class Event:
    """One state of the lock at a moment the sample chose, in epoch milliseconds."""

    ts: float
    state: str

    def body(self, did: str) -> dict[str, Any]:
        """The sample's JSON body, with its keys in the sample's order."""
        return {
            "data": {"state": self.state},
            "sdid": did,
            "ts": self.ts,
            "type": "message",
        }


def now_ms() -> int:
    return int(time.time() * 1000)


def zone_just_past_midnight() -> ZoneInfo:
    """A time zone where today has only just begun, as late in the day as UTC allows.

    Run there, the Generate button puts today's last event about 19 hours ahead.
    """
    utc_hour = datetime.now(UTC).hour
    hours_ahead = -utc_hour if utc_hour <= 12 else 24 - utc_hour
    # The Etc/GMT names count the other way round: Etc/GMT-9 is 9 hours ahead of UTC.
    return ZoneInfo(f"Etc/GMT{-hours_ahead:+d}")


def month_before(day: date) -> date:
    """The same day of the previous month, spilling over as JavaScript's Date does."""
    first_of_previous = (day.replace(day=1) - timedelta(days=1)).replace(day=1)
    return first_of_previous + timedelta(days=day.day - 1)


def training_events(now: datetime, rng: random.Random) -> list[Event]:
    """What the Generate button posts when clicked at the local time `now`.

    Every weekday from a month back up to today, each event of the timetable, offset
    by a random, unrounded number of milliseconds.
    """
    events: list[Event] = []
    day = month_before(now.date())
    while day <= now.date():
        if day.weekday() < 5:
            for at, spread, state in TIMETABLE:
                moment = datetime.combine(day, at, tzinfo=now.tzinfo)
                offset = rng.random() * spread * MINUTE_MS
                events.append(Event(moment.timestamp() * 1000 + offset, state))
        day += timedelta(days=1)
    return events


def post_at_once(
    api_url: str, token: str, bodies: list[Any]
) -> list[requests.Response]:
    """Post every body at once over a few connections, as a browser does."""
    local = threading.local()
    sessions: list[Api] = []

    def post(body: Any) -> requests.Response:
        if not hasattr(local, "session"):
            local.session = Api(api_url, token)
            sessions.append(local.session)
        return local.session.post(
            "/messages", json=body, headers={"Origin": SAMPLE_ORIGIN}
        )

    try:
        with ThreadPoolExecutor(WORKERS) as pool:
            return list(pool.map(post, bodies))
    finally:
        for session in sessions:
            session.close()


def stored_messages(api: Api, did: str) -> list[dict[str, Any]]:
    """Every message of a device, oldest first, read page by page."""
    messages: list[dict[str, Any]] = []
    params: dict[str, Any] = {"sdid": did, "startDate": 0, "count": 100}
    while True:
        answer = api.get("/messages", params=params)
        answer.raise_for_status()
        page = answer.json()
        messages.extend(page["data"])
        if page.get("next") is None:
            return messages
        params["offset"] = page["next"]


def header_words(answer: requests.Response, name: str) -> set[str]:
    return {word.strip().lower() for word in answer.headers.get(name, "").split(",")}


def test_the_generate_burst_is_acknowledged_and_stored_whole_in_ts_order(
    emulator, api, lock
):
    """All of it, in ts order, and the lock's state is the latest event's."""
    rng = random.Random(SEED)
    events = training_events(datetime.now(zone_just_past_midnight()), rng)
    # A browser's parallel connections deliver the burst out of order; so does this.
    arrival = rng.sample(events, len(events))

    answers = post_at_once(
        emulator.api_url, lock.token, [event.body(lock.id) for event in arrival]
    )
    stored = stored_messages(api, lock.id)
    snapshot = api.get(
        "/messages/snapshots", params={"sdids": lock.id, "includeTimestamp": "true"}
    )

    assert 80 <= len(events) <= 96
    assert [answer.status_code for answer in answers] == [200] * len(events)
    sent = {
        answer.json()["data"]["mid"]: event
        for answer, event in zip(answers, arrival, strict=True)
    }
    assert len(sent) == len(events)
    assert all(MID.fullmatch(mid) for mid in sent)
    assert [message["ts"] for message in stored] == sorted(
        int(event.ts) for event in events
    )
    assert {m["mid"]: (m["ts"], m["data"]) for m in stored} == {
        mid: (int(event.ts), {"state": event.state}) for mid, event in sent.items()
    }
    latest = max(events, key=lambda event: event.ts)
    assert snapshot.json()["data"][0]["data"]["state"] == {
        "value": latest.state,
        "ts": int(latest.ts),
    }


def test_todays_last_event_is_accepted_19_hours_ahead_of_a_page_run_at_midnight(
    api, lock, lock_api
):
    last_clock, spread, state = TIMETABLE[-1]
    ahead_ms = (last_clock.hour * 60 + last_clock.minute + spread) * MINUTE_MS
    event = Event(now_ms() + ahead_ms - 0.25, state)

    answer = lock_api.post("/messages", json=event.body(lock.id))
    stored = stored_messages(api, lock.id)

    assert answer.status_code == 200, answer.text
    assert [(m["mid"], m["ts"]) for m in stored] == [
        (answer.json()["data"]["mid"], int(event.ts))
    ]


def test_the_lock_and_unlock_buttons_each_post_one_message_at_now(api, lock, lock_api):
    locked = lock_api.post("/messages", json=Event(now_ms(), "locked").body(lock.id))
    unlocked = lock_api.post(
        "/messages", json=Event(now_ms(), "unlocked").body(lock.id)
    )
    last = lock_api.get("/messages/last", params={"sdids": lock.id, "count": 5})
    snapshot = api.get("/messages/snapshots", params={"sdids": lock.id})

    assert (locked.status_code, unlocked.status_code) == (200, 200)
    assert [(m["mid"], m["data"]["state"]) for m in last.json()["data"]] == [
        (unlocked.json()["data"]["mid"], "unlocked"),
        (locked.json()["data"]["mid"], "locked"),
    ]
    assert snapshot.json()["data"][0]["data"]["state"]["value"] == "unlocked"


def test_the_preflight_of_the_samples_post_allows_its_origin_method_and_headers(
    emulator,
):
    answer = requests.options(
        emulator.api_url + "/messages",
        headers={
            "Origin": SAMPLE_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
        timeout=HTTP_TIMEOUT,
    )

    assert 200 <= answer.status_code < 300, answer.text
    assert answer.headers["Access-Control-Allow-Origin"] in ("*", SAMPLE_ORIGIN)
    assert "post" in header_words(answer, "Access-Control-Allow-Methods")
    allowed_headers = header_words(answer, "Access-Control-Allow-Headers")
    assert allowed_headers == {"*"} or {"authorization", "content-type"} <= (
        allowed_headers
    )


@pytest.mark.parametrize(
    ("state", "status"),
    [("locked", 200), ("ajar", 400)],
    ids=["accepted", "refused"],
)
def test_the_samples_post_answers_its_origin_whether_accepted_or_refused(
    lock, lock_api, state, status
):
    answer = lock_api.post(
        "/messages",
        json=Event(now_ms(), state).body(lock.id),
        headers={"Origin": SAMPLE_ORIGIN},
    )

    assert answer.status_code == status
    assert answer.headers["Access-Control-Allow-Origin"] in ("*", SAMPLE_ORIGIN)


class QuietPageHandler(SimpleHTTPRequestHandler):
    """Serves the test pages without logging each request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def page_origin() -> Iterator[str]:
    """The test pages, served on an origin of their own by a real HTTP server."""
    handler = functools.partial(QuietPageHandler, directory=str(PAGES))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def dump_dom(url: str, profile: Path, zone: ZoneInfo) -> str:
    """The DOM of a page once it has settled, as headless Chromium renders it."""
    command = [
        str(CHROMIUM),
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        f"--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}",
        "--dump-dom",
        url,
    ]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=BROWSER_DEADLINE_S,
        env={**os.environ, "TZ": zone.key},
    )
    assert done.returncode == 0, (
        f"chromium exited with code {done.returncode}:\n{done.stderr[-2000:]}"
    )
    return done.stdout


def page_report(dom: str) -> dict[str, Any]:
    """The JSON report the test page writes once every request is answered."""
    found = re.search(r'<pre id="report" data-done="true">(.*?)</pre>', dom, re.S)
    assert found, f"the page did not finish its requests; its DOM ends:\n{dom[-2000:]}"
    report: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return report


@pytest.mark.browser
@pytest.mark.timeout(2 * BROWSER_DEADLINE_S)
@pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"headless Chromium is not installed at {CHROMIUM} (Debian: chromium)",
)
def test_the_lock_page_in_chromium_posts_across_origins_and_every_message_arrives(
    emulator, api, lock, page_origin, tmp_path
):
    zone = zone_just_past_midnight()
    query = urlencode(
        {
            "api": emulator.api_url,
            "did": lock.id,
            "token": lock.token,
            "run": "generate,lock,unlock",
            "seed": SEED,
        }
    )
    expected = training_events(datetime.now(zone), random.Random(SEED))

    report = page_report(
        dump_dom(f"{page_origin}/lock.html?{query}", tmp_path / "profile", zone)
    )
    stored = stored_messages(api, lock.id)

    sent = report["sent"]
    offset = datetime.now(zone).utcoffset()
    assert offset is not None
    assert report["timezoneOffset"] == -offset // timedelta(minutes=1)
    assert [entry["status"] for entry in sent] == [200] * len(sent), sent
    assert [entry["button"] for entry in sent].count("generate") == len(expected)
    assert [entry["button"] for entry in sent[-2:]] == ["lock", "unlock"]
    assert {m["mid"]: (m["ts"], m["data"]) for m in stored} == {
        entry["mid"]: (int(entry["ts"]), {"state": entry["state"]}) for entry in sent
    }
