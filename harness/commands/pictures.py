"""Pictures of a week: weekdays as rows, the time of day across, a bar per state.

A `WeekPicture` is drawn as SVG (our own few lines of XML), as PNG (see
`raster`), or as a strip of letters for a terminal.
"""

import argparse
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

MINUTES = 24 * 60
UNKNOWN = "unknown"
IMAGE_SUFFIXES = (".svg", ".png")

# Colours people can tell apart, the sample lock's states first.
KNOWN_COLOURS = {
    "locked": "#3b6ea8",
    "unlocked": "#e8a33d",
    "true": "#4c9a5b",
    "false": "#b85450",
}
MORE_COLOURS = ("#8e6bb0", "#3fa7a3", "#c2627e", "#7d8f2e", "#5b5b5b")
UNKNOWN_COLOUR = "#d9d9d9"
# A bar held in only a few draws still shows, faintly.
FAINTEST = 0.15

# The layout, in pixels: a day is 36 pixels an hour wide.
LEFT = 110
TOP = 72
HOUR = 36
ROW = 30
BAR = 20
RIGHT = 24
LEGEND = 56
WIDTH = LEFT + 24 * HOUR + RIGHT


@dataclass(frozen=True)
class Bar:
    """Part of a day in one state (None: unknown), held with a strength 0 to 1."""

    start_minute: int
    end_minute: int
    state: str | None
    strength: float = 1.0
    note: str = ""


@dataclass(frozen=True)
class WeekRow:
    """One weekday's bars, covering the day from 00:00 to 24:00."""

    label: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class WeekPicture:
    """What a week picture shows: a title, seven rows, and what paler bars mean."""

    title: str
    subtitle: str
    rows: tuple[WeekRow, ...]
    states: tuple[str, ...]
    paler: str = ""

    @property
    def height(self) -> int:
        """The picture's height in pixels."""
        return TOP + len(self.rows) * ROW + LEGEND


def colours(states: tuple[str, ...]) -> dict[str, str]:
    """A colour per state: the known states' own, then the others in turn."""
    spare = iter(MORE_COLOURS * (len(states) // len(MORE_COLOURS) + 1))
    return {state: KNOWN_COLOURS.get(state.lower()) or next(spare) for state in states}


def clock(minute: int) -> str:
    """Minutes since midnight as `HH:MM`."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def bar_text(row: WeekRow, bar: Bar) -> str:
    """What a bar says when pointed at: its day, times, state and note."""
    text = f"{row.label} {clock(bar.start_minute)}-{clock(bar.end_minute)} "
    text += bar.state if bar.state is not None else UNKNOWN
    return f"{text}, {bar.note}" if bar.note else text


def svg(picture: WeekPicture) -> str:
    """The picture as an SVG document."""
    palette = colours(picture.states)
    plot_bottom = TOP + len(picture.rows) * ROW
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
        f'height="{picture.height}" viewBox="0 0 {WIDTH} {picture.height}" '
        'font-family="Helvetica, Arial, sans-serif" shape-rendering="crispEdges">',
        f"<title>{escape(picture.title)}</title>",
        f'<rect width="{WIDTH}" height="{picture.height}" fill="#ffffff"/>',
        _text(12, 26, picture.title, 'font-size="16" font-weight="bold"'),
        _text(12, 46, picture.subtitle, 'font-size="12" fill="#555555"'),
    ]

    for hour in range(0, 25, 3):
        x = LEFT + hour * HOUR
        parts.append(
            f'<line x1="{x}" y1="{TOP - 4}" x2="{x}" y2="{plot_bottom}" '
            'stroke="#cccccc" stroke-width="1"/>'
        )
        parts.append(
            _text(x, TOP - 8, f"{hour:02d}:00", 'font-size="11" text-anchor="middle"')
        )

    for number, row in enumerate(picture.rows):
        parts.append(_svg_row(row, TOP + number * ROW, palette))

    parts.append(_svg_legend(picture, plot_bottom + 28, palette))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _svg_row(row: WeekRow, y: int, palette: dict[str, str]) -> str:
    middle = y + ROW // 2
    lines = [
        f'<g class="weekday" id={quoteattr(row.label.lower())}>',
        _text(LEFT - 10, middle + 4, row.label, 'font-size="12" text-anchor="end"'),
    ]
    for bar in row.bars:
        x = LEFT + bar.start_minute * HOUR / 60
        width = (bar.end_minute - bar.start_minute) * HOUR / 60
        if bar.state is None:
            fill, opacity = UNKNOWN_COLOUR, 1.0
        else:
            fill, opacity = palette[bar.state], max(bar.strength, FAINTEST)
        lines.append(
            f'<rect x="{x:.1f}" y="{middle - BAR // 2}" width="{width:.1f}" '
            f'height="{BAR}" fill="{fill}" fill-opacity="{opacity:.2f}">'
            f"<title>{escape(bar_text(row, bar))}</title></rect>"
        )
    lines.append("</g>")
    return "\n".join(lines)


def _svg_legend(picture: WeekPicture, y: int, palette: dict[str, str]) -> str:
    lines = ['<g class="legend">']
    x = LEFT
    for state, fill in legend(picture, palette):
        lines.append(
            f'<rect x="{x}" y="{y - 11}" width="14" height="14" fill="{fill}"/>'
        )
        lines.append(_text(x + 20, y, state, 'font-size="12"'))
        x += 40 + 8 * len(state)
    if picture.paler:
        lines.append(_text(x + 10, y, picture.paler, 'font-size="12" fill="#555555"'))
    lines.append("</g>")
    return "\n".join(lines)


def legend(picture: WeekPicture, palette: dict[str, str]) -> list[tuple[str, str]]:
    """The legend's states and colours; unknown only where a bar is unknown."""
    entries = list(palette.items())
    if any(bar.state is None for row in picture.rows for bar in row.bars):
        entries.append((UNKNOWN, UNKNOWN_COLOUR))
    return entries


def _text(x: float, y: float, text: str, style: str) -> str:
    return f'<text x="{x}" y="{y}" {style}>{escape(text)}</text>'


def strip(picture: WeekPicture, columns: int = 72) -> list[str]:
    """The picture as text: per column of the day, the letter of the state held
    longest in it (capital when held strongly, small when weakly), `.` for
    unknown."""
    letters = _letters(picture.states)
    width = max(len(row.label) for row in picture.rows)
    step = MINUTES // columns
    every = max(360 // step, 1)
    ruler = "".join(
        f"{(column * step) // 60:<{every}d}" for column in range(0, columns, every)
    )
    lines = [" " * (width + 2) + ruler.rstrip()]
    for row in picture.rows:
        cells = [
            _letter(row, column * step, column * step + step, letters)
            for column in range(columns)
        ]
        lines.append(f"{row.label:<{width}}  " + "".join(cells))

    key = [f"{letters[state]} {state}" for state in picture.states]
    if any(bar.state is None for row in picture.rows for bar in row.bars):
        key.append(f". {UNKNOWN}")
    lines.append(" " * (width + 2) + "  ".join(key))
    return lines


def _letters(states: tuple[str, ...]) -> dict[str, str]:
    chosen: dict[str, str] = {}
    for state in states:
        spare = [c for c in state.upper() + "ABCDEFGHJKMNPQRSTVWXYZ" if c.isalpha()]
        chosen[state] = next(c for c in spare if c not in chosen.values())
    return chosen


def _letter(row: WeekRow, start: int, end: int, letters: dict[str, str]) -> str:
    minutes: dict[str | None, float] = {}
    strength: dict[str | None, float] = {}
    for bar in row.bars:
        overlap = min(end, bar.end_minute) - max(start, bar.start_minute)
        if overlap > 0:
            minutes[bar.state] = minutes.get(bar.state, 0) + overlap
            strength[bar.state] = strength.get(bar.state, 0) + overlap * bar.strength
    if not minutes:
        return " "

    state = max(minutes, key=lambda key: minutes[key])
    held = strength[state] / minutes[state]
    if state is None or held < 0.25:
        return "."
    letter = letters[state]
    return letter if held >= 0.75 else letter.lower()


def image_path(text: str) -> Path:
    """A path to write a picture to, ending in .svg or .png (an argparse type)."""
    path = Path(text)
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise argparse.ArgumentTypeError(
            f"{text!r}: name the picture's file with .svg or .png at the end"
        )
    return path


def write_image(picture: WeekPicture, path: Path) -> None:
    """Write the picture as SVG or PNG, as the file's suffix says."""
    if path.suffix.lower() == ".png":
        from harness.commands.raster import png

        path.write_bytes(png(picture))
        return

    path.write_text(svg(picture), encoding="utf-8")
