"""Progress on stderr: a redrawn bar on a terminal, a few lines in a log."""

import io

from harness.commands.progress import Progress


def test_a_log_gets_a_line_per_quarter_and_none_twice() -> None:
    log = io.StringIO()

    with Progress(8, "messages sent", log, tty=False) as progress:
        for _ in range(8):
            progress.advance()

    counts = [line.split()[0] for line in log.getvalue().splitlines()]
    assert counts == ["2/8", "4/8", "6/8", "8/8"]


def test_a_terminal_gets_one_bar_redrawn_in_place() -> None:
    terminal = io.StringIO()

    with Progress(3, "locks provisioned", terminal, tty=True) as progress:
        for _ in range(3):
            progress.advance()

    text = terminal.getvalue()
    assert text.startswith("\r[")
    assert text.endswith("] 3/3 locks provisioned, " + text.split(", ")[-1])
    assert text.count("\n") == 1
    assert "[" + "#" * 30 + "]" in text
