"""A YAML file read as nodes, so that every value keeps the line it was written on."""

# Values are read from the composed node tree rather than from `yaml.safe_load`'s
# Python objects, for two reasons: errors can name the line of the bad value, and a
# time of day is read as the text that was written. YAML 1.1 reads an unquoted
# `17:50` as the number 1070 (base 60), while `09:05` stays text; reading the text
# lets people write times with or without quotes.

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import yaml

from harness.routines.errors import (
    MissingKeyError,
    ScenarioFileError,
    ScenarioNotFoundError,
    UnknownKeyError,
    WrongTypeError,
    YamlSyntaxError,
)

T = TypeVar("T")

NULL_TAG = "tag:yaml.org,2002:null"


@dataclass(frozen=True)
class Item:
    """One value of a routine or fleet file, with the file and line it came from."""

    node: yaml.Node
    file: str

    @property
    def line(self) -> int | None:
        """The 1-based line the value starts on, or None for data built in code."""
        mark = self.node.start_mark
        return None if mark is None else mark.line + 1

    @property
    def is_empty(self) -> bool:
        """Whether nothing is written here (`key:` alone, `null` or `~`)."""
        return isinstance(self.node, yaml.ScalarNode) and self.node.tag == NULL_TAG

    @property
    def is_mapping(self) -> bool:
        """Whether key: value lines are written here."""
        return isinstance(self.node, yaml.MappingNode)

    @property
    def is_list(self) -> bool:
        """Whether a list is written here."""
        return isinstance(self.node, yaml.SequenceNode)

    @property
    def keys(self) -> set[str]:
        """The keys of a mapping as written, in lower case; none for other values."""
        if not isinstance(self.node, yaml.MappingNode):
            return set()

        return {str(key.value).lower() for key, _ in self.node.value}

    @property
    def kind(self) -> str:
        """What is written here, as an error message names it."""
        if self.is_empty:
            return "empty"

        if isinstance(self.node, yaml.MappingNode):
            return "a mapping (key: value lines)"

        if isinstance(self.node, yaml.SequenceNode):
            return "a list"

        return f"{self.node.value!r}"

    def fail(self, error: type[ScenarioFileError], problem: str) -> NoReturn:
        """Raise an error of the given kind at this value's line."""
        raise error(self.file, self.line, problem)

    def text(self, what: str, example: str) -> str:
        """The text written here, exactly as written (no YAML type conversion)."""
        if not isinstance(self.node, yaml.ScalarNode) or self.is_empty:
            self.fail(
                WrongTypeError,
                f"{what} is {self.kind}: write a single value such as {example}",
            )

        return str(self.node.value).strip()

    def parse(
        self,
        what: str,
        example: str,
        parser: Callable[[str], T],
        error: type[ScenarioFileError],
    ) -> T:
        """The text written here, turned into a value by `parser` (a ValueError
        from the parser becomes an error of the given kind at this line)."""
        written = self.text(what, example)
        try:
            return parser(written)
        except ValueError as problem:
            message = str(problem)

        # Raised outside the handler, so that the message stands alone.
        self.fail(error, f"{what}: {message}")

    def items(self, what: str, example: str) -> list["Item"]:
        """The values of a list; a single value counts as a list of one."""
        if isinstance(self.node, yaml.SequenceNode):
            return [Item(node, self.file) for node in self.node.value]

        if isinstance(self.node, yaml.MappingNode) or self.is_empty:
            self.fail(
                WrongTypeError, f"{what} is {self.kind}: write a list such as {example}"
            )

        return [self]

    def pairs(self, what: str, example: str) -> list[tuple["Item", "Item"]]:
        """The (key, value) pairs of a mapping whose keys are free text."""
        if not isinstance(self.node, yaml.MappingNode):
            self.fail(
                WrongTypeError,
                f"{what} is {self.kind}: write key: value lines such as {example}",
            )

        pairs: list[tuple[Item, Item]] = []
        seen: dict[str, Item] = {}
        for key_node, value_node in self.node.value:
            key = Item(key_node, self.file)
            name = key.text(f"a key of {what}", example).lower()
            if name in seen:
                key.fail(
                    UnknownKeyError,
                    f"{name!r} appears twice in {what} (first on line "
                    f"{seen[name].line}): keep one",
                )
            seen[name] = key
            pairs.append((key, Item(value_node, self.file)))

        return pairs

    def section(self, what: str, allowed: tuple[str, ...], example: str) -> "Section":
        """The keys and values of a mapping, refusing keys not in `allowed`."""
        entries: dict[str, tuple[Item, Item]] = {}
        for key, value in self.pairs(what, example):
            name = key.text(what, example).lower()
            if name not in allowed:
                key.fail(UnknownKeyError, unknown_key(name, what, allowed))
            entries[name] = (key, value)

        return Section(self, what, entries)


@dataclass(frozen=True)
class Section:
    """A mapping of a file, by key, with where each key and value was written."""

    item: Item
    what: str
    entries: Mapping[str, tuple[Item, Item]]

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def get(self, key: str) -> Item | None:
        """The value of a key, or None if the key is not there."""
        entry = self.entries.get(key)
        return None if entry is None else entry[1]

    def key(self, key: str) -> Item:
        """The key itself, to point at its line."""
        return self.entries[key][0]

    def need(self, key: str, example: str) -> Item:
        """The value of a key that must be there."""
        entry = self.entries.get(key)
        if entry is None:
            self.item.fail(
                MissingKeyError, f"{self.what} has no {key!r}: add {example}"
            )

        return entry[1]


def unknown_key(name: str, what: str, allowed: tuple[str, ...]) -> str:
    """The message for a key that is not allowed, with the key it may stand for."""
    return (
        f"unknown key {name!r} in {what}{did_you_mean(name, allowed)}; "
        f"the keys are {', '.join(allowed)}"
    )


def did_you_mean(name: str, choices: tuple[str, ...] | list[str]) -> str:
    """` (did you mean 'x'?)` for the closest choice, or nothing.

    Of equally close choices the one listed first wins, so that 'munday' means
    monday rather than sunday.
    """
    matcher = difflib.SequenceMatcher(b=name.lower())
    best, best_ratio = "", 0.6
    for choice in choices:
        matcher.set_seq1(choice)
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = choice, ratio

    return f" (did you mean {best!r}?)" if best else ""


def read_file(path: Path, kind: str) -> Item:
    """The top node of a YAML file, or an error that says why it cannot be read."""
    file = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioNotFoundError(kind, file, "the file system") from None
    except OSError as problem:
        reason = problem.strerror or type(problem).__name__
        raise ScenarioFileError(file, None, f"cannot be read: {reason}") from None

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as problem:
        raise YamlSyntaxError(
            file, None, f"is not UTF-8 text (byte {problem.start}); save it as UTF-8"
        ) from None

    return read_text(text, file, kind)


def read_text(text: str, file: str, kind: str) -> Item:
    """The top node of YAML text; `file` names it in errors."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as problem:
        mark = problem.problem_mark or problem.context_mark
        line = None if mark is None else mark.line + 1
        what = problem.problem or problem.context or "unreadable"
        raise YamlSyntaxError(
            file, line, f"is not valid YAML: {what}; check the indentation and quotes"
        ) from None
    except yaml.YAMLError as problem:
        raise YamlSyntaxError(file, None, f"is not valid YAML: {problem}") from None

    if node is None:
        raise MissingKeyError(file, None, f"is empty: a {kind} file starts with name:")

    return Item(node, file)


def read_data(data: Any, source: str) -> Item:
    """Plain data (dicts, lists, text) as if it had been read from a file."""
    representer = yaml.representer.SafeRepresenter(sort_keys=False)
    try:
        node = representer.represent_data(data)
    except yaml.YAMLError:
        raise WrongTypeError(
            source, None, "holds a value that is not text, a number, a list or a dict"
        ) from None

    return Item(node, source)
