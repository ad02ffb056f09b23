"""Fixtures of the routine tests: routine files written into a temporary folder."""

from collections.abc import Callable
from pathlib import Path
from textwrap import dedent

import pytest

WriteFile = Callable[[str, str], Path]


@pytest.fixture
def write_file(tmp_path: Path) -> WriteFile:
    """Write dedented YAML text to a file of the given name in a temporary folder."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write
