"""Step phrases as the catalogue writes them: `a lock "{name}" in "{zone}"`.

A quoted `"{name}"` takes any text without a double quote, `{count:d}` a whole
number, `{seconds:g}` a number, and a bare `{moment}` the rest of the step.
"""

import re
from collections.abc import Callable
from typing import Any

from pytest_bdd.parsers import StepParser

_FIELD = re.compile(r'"\{(\w+)\}"|\{(\w+)(?::([dg]))?\}')
_PATTERNS = {"d": r"-?\d+", "g": r"-?\d+(?:\.\d+)?", "": r".+?"}
_CONVERT: dict[str, Callable[[str], Any]] = {"d": int, "g": float, "": str}


class Phrase(StepParser):
    """A step's text with fields to fill in; the text itself names the step."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._converters: dict[str, Callable[[str], Any]] = {}
        self.regex = re.compile(self._compile(text))

    def _compile(self, text: str) -> str:
        pattern, at = [], 0
        for match in _FIELD.finditer(text):
            pattern.append(re.escape(text[at : match.start()]))
            quoted, bare, kind = match.groups()
            if quoted:
                pattern.append(f'"(?P<{quoted}>[^"]+)"')
                self._converters[quoted] = str
            else:
                pattern.append(f"(?P<{bare}>{_PATTERNS[kind or '']})")
                self._converters[bare] = _CONVERT[kind or ""]
            at = match.end()
        pattern.append(re.escape(text[at:]))
        return "".join(pattern)

    def parse_arguments(self, name: str) -> dict[str, Any] | None:
        """The step's fields, converted, or None if the text does not match."""
        match = self.regex.fullmatch(name)
        if match is None:
            return None
        return {
            field: self._converters[field](value)
            for field, value in match.groupdict().items()
        }

    def is_matching(self, name: str) -> bool:
        """Whether a step's text is this phrase."""
        return self.regex.fullmatch(name) is not None
