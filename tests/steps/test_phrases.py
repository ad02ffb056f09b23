"""Step phrases: quoted text, numbers and the rest of the line, and nothing more."""

import pytest

from harness.steps.phrases import Phrase


def test_quoted_fields_take_text_without_quotes() -> None:
    phrase = Phrase('a lock "{name}"')

    assert phrase.parse_arguments('a lock "front door"') == {"name": "front door"}
    assert not phrase.is_matching('a lock "front door" in "Europe/Berlin"')


def test_number_fields_are_converted() -> None:
    phrase = Phrase('"{alarm}" gets no alert within {seconds:g} seconds')

    assert phrase.parse_arguments('"phone" gets no alert within 0.5 seconds') == {
        "alarm": "phone",
        "seconds": 0.5,
    }
    assert Phrase("{days:d} days of its history").parse_arguments(
        "30 days of its history"
    ) == {"days": 30}
    assert not Phrase("{days:d} days of its history").is_matching(
        "thirty days of its history"
    )


def test_a_bare_field_takes_the_rest_of_the_step() -> None:
    phrase = Phrase('"{lock}" reports "{value}" {moment}')

    assert phrase.parse_arguments('"door" reports "locked" on Tuesday at 03:00') == {
        "lock": "door",
        "value": "locked",
        "moment": "on Tuesday at 03:00",
    }


@pytest.mark.parametrize("text", ["a lock (x)", "a lock [x]", "a lock x.y*"])
def test_the_rest_of_the_phrase_is_matched_literally(text: str) -> None:
    assert Phrase(text).is_matching(text)
    assert not Phrase(text).is_matching(text + "!")
