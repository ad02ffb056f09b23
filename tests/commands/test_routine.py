"""`harness routine check` and `harness routine show`."""

import struct
import xml.etree.ElementTree as ElementTree
import zlib
from pathlib import Path
from textwrap import dedent

import pytest

from harness.routines import fleet_names, routine_names
from tests.commands.conftest import Harness

SVG = "{http://www.w3.org/2000/svg}"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
GOOD = """\
    name: gym
    timezone: Europe/Berlin
    initial: locked
    week:
      tue, thu:
        - set: unlocked
          between: [07:00, 07:30]
        - probability: 60%
          events:
            - set: locked
              at: 10:00
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(dedent(text), encoding="utf-8")
    return path


def test_every_shipped_routine_and_fleet_checks_out(harness: Harness) -> None:
    names = routine_names() + fleet_names()

    outcome = harness("routine", "check", *names)

    assert outcome.code == 0, outcome.err
    assert len(outcome.out.splitlines()) == len(names)
    assert "ok  city-block: fleet city-block: 40 locks" in outcome.out


def test_a_broken_routine_is_one_line_with_file_and_line(
    harness: Harness, tmp_path: Path
) -> None:
    broken = write(tmp_path, "gym.yaml", GOOD.replace("between:", "betwen:"))

    outcome = harness("routine", "check", str(broken))

    assert outcome.code == 1
    assert outcome.out == ""
    assert outcome.err_lines == [
        f"{broken}:7: unknown key 'betwen' in an event (did you mean 'between'?); "
        "the keys are set, at, between, probability, events"
    ]


def test_every_file_is_checked_even_after_a_broken_one(
    harness: Harness, tmp_path: Path
) -> None:
    broken = write(tmp_path, "gym.yaml", GOOD.replace("07:30", "25:00"))
    good = write(tmp_path, "fine.yaml", GOOD)

    outcome = harness("routine", "check", str(broken), str(good), "no-such-routine")

    assert outcome.code == 1
    assert outcome.out.startswith(f"ok  {good}: routine gym in Europe/Berlin")
    first, missing, summary = outcome.err_lines
    assert first.startswith(f"{broken}:7: ")
    assert "'25:00' is not a time of day" in first
    assert missing.startswith("no-such-routine: no routine 'no-such-routine'")
    assert summary == "2 of 3 files have problems"


def test_a_fleet_whose_shares_do_not_add_up_is_refused_with_its_line(
    harness: Harness, tmp_path: Path
) -> None:
    fleet = write(
        tmp_path,
        "block.yaml",
        """\
        name: block
        locks: 10
        routines:
          office-hours: 60%
          school-run: 30%
        """,
    )

    outcome = harness("routine", "check", str(fleet))

    assert outcome.code == 1
    assert outcome.err_lines[0].startswith(f"{fleet}:4: the percentages of routines")


def test_show_prints_the_week_and_the_usual_states(harness: Harness) -> None:
    outcome = harness("routine", "show", "office-hours")

    assert outcome.code == 0
    lines = outcome.out.splitlines()
    assert lines[1] == "time zone Europe/Berlin, field state, initially locked"
    assert "Mon-Fri  08:50-09:05  unlocked" in lines
    assert "Sat-Sun  no events" in lines
    saturday = next(line for line in lines if line.startswith("Saturday  "))
    assert set(saturday.split()[1]) == {"L"}
    assert all(len(line) <= 88 for line in lines[3:])


def test_show_marks_blocks_and_chances(harness: Harness, tmp_path: Path) -> None:
    outcome = harness("routine", "show", str(write(tmp_path, "gym.yaml", GOOD)))

    assert outcome.code == 0
    assert "Tuesday    07:00-07:30  unlocked" in outcome.out
    assert "           together:              60%" in outcome.out
    assert "             10:00      locked" in outcome.out


def test_show_draws_the_week_as_svg_with_a_row_per_weekday(
    harness: Harness, tmp_path: Path
) -> None:
    image = tmp_path / "week.svg"

    outcome = harness("routine", "show", "school-run", "--image", str(image))

    assert outcome.code == 0
    assert f"picture: {image}" in outcome.out
    root = ElementTree.parse(image).getroot()
    assert root.tag == f"{SVG}svg"
    rows = [g for g in root.iter(f"{SVG}g") if g.get("class") == "weekday"]
    labels = [row.find(f"{SVG}text").text for row in rows]  # type: ignore[union-attr]
    assert labels == [*WEEKDAYS, "Sunday"]
    fills = {rect.get("fill") for row in rows for rect in row.iter(f"{SVG}rect")}
    assert {"#3b6ea8", "#e8a33d"} <= fills


@pytest.mark.parametrize(
    ("args", "words"),
    [
        pytest.param(["show"], "required: NAME|FILE", id="no-routine"),
        pytest.param(["show", "office-hours", "--image", "w.gif"], ".svg", id="gif"),
        pytest.param(["tidy"], "invalid choice: 'tidy'", id="unknown-action"),
        pytest.param([], "required: ACTION", id="no-action"),
    ],
)
def test_misuse_is_a_usage_error(harness: Harness, args: list[str], words: str) -> None:
    outcome = harness("routine", *args)

    assert outcome.code == 2
    assert words in outcome.err_lines[-1]


def test_a_routine_that_is_not_there_fails_with_one_line(harness: Harness) -> None:
    outcome = harness("routine", "show", "office-hour")

    assert outcome.code == 1
    assert outcome.err_lines == [outcome.err.strip()]
    assert "did you mean 'office-hours'" in outcome.err


def test_show_draws_the_week_as_png_too(harness: Harness, tmp_path: Path) -> None:
    image = tmp_path / "week.png"

    outcome = harness("routine", "show", "office-hours", "--image", str(image))

    assert outcome.code == 0, outcome.err
    width, height, pixels = read_png(image.read_bytes())
    assert (width, height) == (2 * 998, 2 * (72 + 7 * 30 + 56))

    def pixel(x: int, y: int) -> tuple[int, ...]:
        start = (y * width + x) * 3
        return tuple(pixels[start : start + 3])

    # Saturday at 03:00 is locked; Monday at 18:30 unlocked; the margin white.
    saturday, monday = 2 * (72 + 5 * 30 + 15), 2 * (72 + 15)
    assert pixel(2 * (110 + 3 * 36), saturday) == (0x3B, 0x6E, 0xA8)
    assert pixel(2 * (110 + 18 * 36 + 18), monday) == (0xE8, 0xA3, 0x3D)
    assert pixel(4, saturday) == (255, 255, 255)


def read_png(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and RGB pixels of an 8-bit RGB PNG without filters."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks: dict[bytes, bytes] = {}
    offset = 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        chunks[kind] = chunks.get(kind, b"") + data[offset + 8 : offset + 8 + length]
        offset += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour) == (8, 2)
    raw = zlib.decompress(chunks[b"IDAT"])
    stride = 1 + 3 * width
    pixels = b"".join(
        raw[row * stride + 1 : (row + 1) * stride] for row in range(height)
    )
    return width, height, pixels
