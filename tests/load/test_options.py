"""Option values: each bad one named with what is allowed."""

import argparse

import pytest

from harness.load import options


@pytest.mark.parametrize(
    ("convert", "text", "allowed"),
    [
        (options.ratio, "2", "from 0 to 1"),
        (options.ratio, "a lot", "not a number"),
        (options.speed, "0", "above 0"),
        (options.speed, "2000000", "at most 1000000"),
        (options.milliseconds, "-5", "positive number of milliseconds"),
        (options.seconds, "nan", "not a number"),
        (options.probes, "11", "1 to 10"),
        (options.count, "-1", "0 or more"),
        (options.start_ms, "tomorrow", "epoch milliseconds"),
        (options.start_ms, "2026-12-01T17:40", "with its offset"),
        (options.fleet_file, "no/such/fleet.json", "harness provision"),
    ],
    ids=[
        "ratio-above-one",
        "ratio-not-a-number",
        "speed-zero",
        "speed-too-fast",
        "negative-p99",
        "nan-seconds",
        "too-many-probes",
        "negative-count",
        "start-words",
        "start-without-offset",
        "missing-fleet-file",
    ],
)
def test_a_bad_value_is_named_with_what_is_allowed(
    convert: object, text: str, allowed: str
) -> None:
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        convert(text)  # type: ignore[operator]

    assert repr(text) in str(refused.value)
    assert allowed in str(refused.value)


def test_a_start_with_an_offset_is_epoch_milliseconds() -> None:
    assert options.start_ms("2026-12-01T00:00+01:00") == 1_796_079_600_000
    assert options.start_ms("1796079600000") == 1_796_079_600_000
