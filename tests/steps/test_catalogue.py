"""The step catalogue in docs/steps.md and the step library agree, step for step."""

import importlib
import re
from pathlib import Path

import pytest
from pytest_bdd.steps import step_function_context_registry

from harness.steps import plugin
from harness.steps.phrases import Phrase

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "docs" / "steps.md"
DOCUMENTED_STEP = re.compile(r"^- `(Given|When|Then) (.+)`$", re.MULTILINE)
FEATURE_STEP = re.compile(r"^\s*(Given|When|Then|And|But) (.+?)\s*$")


def documented() -> set[tuple[str, str]]:
    text = CATALOGUE.read_text(encoding="utf-8")
    return {(kind.lower(), step) for kind, step in DOCUMENTED_STEP.findall(text)}


def registered() -> dict[tuple[str, str], Phrase]:
    for name in plugin.pytest_plugins:
        importlib.import_module(name)
    found = {}
    for context in list(step_function_context_registry.values()):
        if context.step_func.__module__.startswith("harness.steps."):
            assert isinstance(context.parser, Phrase), context.step_func
            found[(str(context.type), context.parser.name)] = context.parser
    return found


def feature_steps() -> list[tuple[str, str, str]]:
    """Each step line of the shipped features: (file:line, kind, text)."""
    steps = []
    for path in sorted((ROOT / "features").glob("*.feature")):
        kind = "given"
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            match = FEATURE_STEP.match(line)
            if match is None:
                continue
            if match[1] not in ("And", "But"):
                kind = match[1].lower()
            steps.append((f"{path.name}:{number}", kind, match[2]))
    return steps


def test_every_step_of_the_library_is_in_the_catalogue() -> None:
    missing = set(registered()) - documented()

    assert not missing, f"steps with no entry in docs/steps.md: {sorted(missing)}"


def test_every_step_in_the_catalogue_is_in_the_library() -> None:
    stale = documented() - set(registered())

    assert not stale, f"docs/steps.md lists steps the library lacks: {sorted(stale)}"


def test_the_library_has_steps_for_each_part_of_a_scenario() -> None:
    kinds = {kind for kind, _ in registered()}

    assert kinds == {"given", "when", "then"}
    assert len(registered()) >= 25


@pytest.mark.parametrize(
    "where, kind, text",
    [step for step in feature_steps() if "<" not in step[2]],
    ids=lambda value: value if ".feature:" in str(value) else "",
)
def test_each_step_of_the_features_matches_exactly_one_phrase(
    where: str, kind: str, text: str
) -> None:
    matching = [
        phrase.name
        for (phrase_kind, _), phrase in registered().items()
        if phrase_kind == kind and phrase.is_matching(text)
    ]

    assert len(matching) == 1, f"{where}: {text!r} matches {matching}"
