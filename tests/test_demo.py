"""The README's main command: the demo judges the sample's events as contracted."""

import pytest

from harness.cli import main


def test_the_demo_alerts_on_anomalies_and_stays_quiet_otherwise(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["demo"])

    out = capsys.readouterr().out
    assert code == 0, out
    assert "85 messages sent, stored and read back" in out
    assert "08:50 - 09:05  unknown" in out
    assert "ok    ALERT  an unlock at 03:00 on a Tuesday" in out
    assert "ok    quiet  an unlock at 08:57, the usual window" in out
    assert "WRONG" not in out
