"""Where the benchmark's processes run, and the CPU they get and use there.

The server and the load generator each get a CPU of their own, so that neither
measures the other. On a virtual machine the host may also take CPU time away from
both ("steal"); the meter reports it next to every result, since a run with much of
it measures the host's neighbours as much as the server.
"""

import logging
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from errors import BenchError

logger = logging.getLogger(__name__)

TASKSET_TIMEOUT_S = 10.0
STAT_FIELDS = ("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal")


@dataclass(frozen=True)
class Placement:
    """The CPU the server is pinned to and the one the load generator is pinned to."""

    server_cpu: int
    wrk_cpu: int


def choose_placement(pin: bool) -> Placement | None:
    """Two separate CPUs if pinning is wanted and possible, else None."""
    if not pin:
        return None
    cpus = sorted(os.sched_getaffinity(0))
    if shutil.which("taskset") is None or len(cpus) < 2:
        logger.warning(
            "not pinning: taskset is missing or fewer than 2 CPUs are free; the "
            "server and wrk will share CPUs and measure each other"
        )
        return None
    return Placement(server_cpu=cpus[0], wrk_cpu=cpus[1])


def pin_command(cpu: int | None) -> list[str]:
    """The `taskset` prefix that keeps a new process on one CPU, if pinning."""
    return [] if cpu is None else ["taskset", "-c", str(cpu)]


def pin_process(pid: int, cpu: int | None) -> None:
    """Move every thread of a running process onto one CPU, if pinning."""
    if cpu is None:
        return
    subprocess.run(
        ["taskset", "-a", "-p", "-c", str(cpu), str(pid)],
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=TASKSET_TIMEOUT_S,
    )


@dataclass(frozen=True)
class CpuUsage:
    """What one process used over a span, and what the host took from its CPU."""

    wall_s: float
    process_s: float
    steal_share: float


class CpuMeter:
    """Measures a process's CPU time, and steal on the CPU it runs on, over a span."""

    def __init__(self, pid: int, cpu: int | None) -> None:
        self._pid = pid
        self._cpu_row = "cpu" if cpu is None else f"cpu{cpu}"
        self._start = self._sample()

    def _sample(self) -> tuple[float, float, dict[str, int]]:
        return time.monotonic(), process_cpu_s(self._pid), cpu_ticks(self._cpu_row)

    def stop(self) -> CpuUsage:
        """The usage since the meter was made."""
        wall0, process0, ticks0 = self._start
        wall1, process1, ticks1 = self._sample()
        spent = {name: ticks1[name] - ticks0[name] for name in STAT_FIELDS}
        total = sum(spent.values()) or 1
        return CpuUsage(
            wall_s=wall1 - wall0,
            process_s=process1 - process0,
            steal_share=spent["steal"] / total,
        )


def process_cpu_s(pid: int) -> float:
    """User and system CPU seconds of a process, all its threads together."""
    with open(f"/proc/{pid}/stat") as stat:
        # The command name in parentheses may hold spaces; fields follow its end.
        fields = stat.read().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def cpu_ticks(row: str) -> dict[str, int]:
    """The time counters of one line of /proc/stat (`cpu` for all CPUs)."""
    with open("/proc/stat") as stat:
        for line in stat:
            name, *values = line.split()
            if name == row:
                return dict(zip(STAT_FIELDS, map(int, values), strict=False))
    raise BenchError(f"/proc/stat has no line {row!r}; this benchmark needs Linux")


def filesystem_type(path: Path) -> str:
    """The type of the file system holding `path`, as /proc/mounts names it."""
    resolved = str(path.resolve())
    best, kind = "", "unknown"
    with open("/proc/mounts") as mounts:
        for line in mounts:
            _, mount_point, fs_type, *_ = line.split()
            inside = resolved == mount_point or resolved.startswith(
                mount_point.rstrip("/") + "/"
            )
            if inside and len(mount_point) >= len(best):
                best, kind = mount_point, fs_type
    return kind
