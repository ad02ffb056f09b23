"""Time to alert as a picture: how many alerts arrived within each span of time."""

import itertools
from html import escape

from harness.load.alerts import AlertTally

# Bucket edges in ms, roughly doubling: alerts take milliseconds on the emulator and
# may take seconds on a busy cloud.
EDGES_MS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000)
WIDTH = 640
BAR_AREA = 200
LEFT = 40
TOP = 62
FONT = "font-family:sans-serif;font-size:11px"


def buckets(times_ms: list[float]) -> list[tuple[str, int]]:
    """Alerts counted per span: "<1 ms", "1-2 ms" ... ">=10000 ms"."""
    labels = [f"<{EDGES_MS[0]}"]
    labels += [f"{low}-{high}" for low, high in itertools.pairwise(EDGES_MS)]
    labels.append(f">={EDGES_MS[-1]}")
    counts = [0] * len(labels)
    for time_ms in times_ms:
        index = sum(1 for edge in EDGES_MS if time_ms >= edge)
        counts[index] += 1
    return list(zip(labels, counts, strict=True))


def alerts_svg(tally: AlertTally) -> str:
    """An SVG bar chart of the times to alert, with the percentiles and the misses."""
    spans = buckets(tally.times_ms)
    tallest = max((count for _, count in spans), default=0) or 1
    step = (WIDTH - LEFT - 10) / len(spans)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
        f'height="{TOP + BAR_AREA + 60}" viewBox="0 0 {WIDTH} {TOP + BAR_AREA + 60}">',
        f'<rect width="{WIDTH}" height="{TOP + BAR_AREA + 60}" fill="white"/>',
        _text(LEFT, 18, _title(tally), "font-family:sans-serif;font-size:13px"),
        _text(LEFT, 36, _counts(tally), FONT),
    ]
    for number, (label, count) in enumerate(spans):
        height = BAR_AREA * count / tallest
        x = LEFT + number * step
        y = TOP + BAR_AREA - height
        parts.append(
            f'<rect class="bar" x="{x + 2:.1f}" y="{y:.1f}" width="{step - 4:.1f}" '
            f'height="{height:.1f}" fill="#3a7bd5"><title>{escape(label)} ms: {count}'
            "</title></rect>"
        )
        if count:
            parts.append(_text(x + step / 2, y - 4, str(count), FONT, "middle"))
        mark = _short(label)
        parts.append(_text(x + step / 2, TOP + BAR_AREA + 16, mark, FONT, "middle"))
    axis = "time to alert, ms: each bar from its mark up to the next"
    parts.append(_text(WIDTH / 2, TOP + BAR_AREA + 40, axis, FONT, "middle"))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _short(label: str) -> str:
    # "1-2" is marked "1", "1000-2000" "1s": the spans' lower edges, compactly.
    low = label.split("-")[0]
    if low.startswith(">="):
        return f"{int(low[2:]) // 1000}s+"
    if low.isdigit() and int(low) >= 1000:
        return f"{int(low) // 1000}s"
    return low


def _title(tally: AlertTally) -> str:
    if not tally.times_ms:
        return "Time to alert: no alert arrived"
    p50, p95, p99 = (tally.percentile(share) for share in (0.5, 0.95, 0.99))
    return (
        f"Time to alert: p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms, "
        f"max {max(tally.times_ms):.0f} ms"
    )


def _counts(tally: AlertTally) -> str:
    return (
        f"{tally.alerted} of {tally.anomalies} anomalies alerted, {tally.missed} "
        f"missed; alerts on routine probes: {tally.unexpected}; probes skipped "
        f"where the model could not tell: {tally.skipped}"
    )


def _text(x: float, y: float, text: str, style: str, anchor: str = "start") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" style="{style}" '
        f'text-anchor="{anchor}">{escape(text)}</text>'
    )
