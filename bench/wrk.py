"""Load from wrk: JSON POSTs over keep-alive connections, and wrk's figures.

With one post, wrk builds the request once from the settings in its Lua script; a
Lua request() function would cost wrk more CPU per request than the do-nothing
server spends answering it. With several (one per device, each with its own token),
the script builds each request once in init() and its request() hands them out in
turn: a table lookup per request, against a server that does real work for each.
The script's done() hook prints the figures on one marked line.
"""

import logging
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from errors import BenchError

logger = logging.getLogger(__name__)

INSTALL_HINT = (
    "wrk is not installed; install it with `apt-get update && apt-get install -y wrk` "
    "(Debian, Ubuntu) or your system's package manager, and run again"
)
SOCKET_TIMEOUT = "10s"
RESULT_MARK = "BENCH_RESULT "
ONE_POST = """\
wrk.method = "POST"
wrk.body = [[{body}]]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {token}"
"""
POSTS_IN_TURN = """\
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local posts = {{
{posts}
}}
local requests = {{}}
local turn = 0

init = function(args)
  for i, post in ipairs(posts) do
    local headers = {{}}
    for name, value in pairs(wrk.headers) do
      headers[name] = value
    end
    headers["Authorization"] = "Bearer " .. post[2]
    requests[i] = wrk.format(nil, nil, headers, post[1])
  end
end

request = function()
  turn = turn % #requests + 1
  return requests[turn]
end
"""
POST_ENTRY = '  {{[[{body}]], "{token}"}},'
DONE_HOOK = """\
done = function(summary, latency, requests)
  io.write(string.format(
    "{mark}%.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f\\n",
    summary.requests, summary.duration, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.status,
    summary.errors.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max))
end
"""


@dataclass(frozen=True)
class Post:
    """One request wrk sends: a JSON body and the bearer token it is sent with."""

    body: str
    token: str


@dataclass(frozen=True)
class LoadResult:
    """What wrk reported for one run; latencies in microseconds."""

    requests: int
    duration_us: int
    connect_errors: int
    read_errors: int
    write_errors: int
    status_errors: int
    timeouts: int
    p50_us: int
    p90_us: int
    p99_us: int
    max_us: int

    @property
    def ok(self) -> int:
        """Answers with a 2xx status; wrk counts 4xx and 5xx as status errors."""
        return self.requests - self.status_errors

    @property
    def rate(self) -> float:
        """2xx answers per second."""
        return self.ok / (self.duration_us / 1e6)

    @property
    def socket_errors(self) -> int:
        """Connect, read and write errors and timeouts."""
        return (
            self.connect_errors + self.read_errors + self.write_errors + self.timeouts
        )


@dataclass(frozen=True)
class Wrk:
    """How to run wrk: its CPU prefix, threads and connections."""

    prefix: tuple[str, ...]
    threads: int
    connections: int

    def run(self, url: str, script: Path, seconds: int) -> LoadResult:
        """Load `url` for `seconds` with `script`; what its done() hook reported."""
        command = [
            *self.prefix,
            "wrk",
            f"-t{self.threads}",
            f"-c{self.connections}",
            f"-d{seconds}s",
            "--timeout",
            SOCKET_TIMEOUT,
            "-s",
            str(script),
            url,
        ]
        logger.debug("running %s", " ".join(command))
        finished = subprocess.run(
            command, capture_output=True, text=True, timeout=seconds + 60
        )
        if finished.returncode != 0:
            raise BenchError(
                f"wrk exited with {finished.returncode}: {finished.stderr.strip()}"
            )
        return parse_result(finished.stdout)


def require_wrk() -> None:
    """Refuse to start without wrk, saying how to install it."""
    if shutil.which("wrk") is None:
        raise BenchError(INSTALL_HINT)


def write_script(workdir: Path, posts: Sequence[Post]) -> Path:
    """The Lua script that sends `posts` in turn, one per request, in `workdir`."""
    if not posts:
        raise BenchError("wrk needs at least one post to send")
    for post in posts:
        if "]]" in post.body or any(c in post.token for c in '"\\\n'):
            raise BenchError(
                f"cannot write {post!r} into the Lua script: a body may not hold "
                "']]', nor a token a quote, a backslash or a line break"
            )

    if len(posts) == 1:
        request = ONE_POST.format(body=posts[0].body, token=posts[0].token)
    else:
        entries = [POST_ENTRY.format(body=p.body, token=p.token) for p in posts]
        request = POSTS_IN_TURN.format(posts="\n".join(entries))
    script = workdir / "post.lua"
    script.write_text(request + "\n" + DONE_HOOK.format(mark=RESULT_MARK))
    return script


def parse_result(output: str) -> LoadResult:
    """The figures on the marked line of wrk's output."""
    for line in output.splitlines():
        if line.startswith(RESULT_MARK):
            numbers = [int(float(n)) for n in line[len(RESULT_MARK) :].split()]
            return LoadResult(*numbers)
    raise BenchError(f"wrk printed no result line; its output:\n{output}")
