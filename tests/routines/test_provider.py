"""The Faker provider: realistic locks, the same ones for the same seed."""

from zoneinfo import ZoneInfo

import pytest
from faker import Faker

from harness.routines import LockProvider, routine_names
from harness.routines.names import DOORS, HOUSEHOLDS


def seeded(seed: int) -> Faker:
    fake = Faker()
    fake.add_provider(LockProvider)
    fake.seed_instance(seed)
    return fake


def draw(fake: Faker) -> list[object]:
    return [
        fake.lock_name(),
        fake.lock_place(),
        fake.household(),
        fake.lock_timezone(),
        fake.routine_name(),
        fake.lock_profile(),
    ]


def test_the_same_seed_gives_the_same_locks() -> None:
    assert draw(seeded(7)) == draw(seeded(7))
    assert [draw(seeded(7)) for _ in range(3)] == [draw(seeded(7)) for _ in range(3)]


def test_different_seeds_give_different_locks() -> None:
    assert len({repr(draw(seeded(seed))) for seed in range(20)}) == 20


@pytest.mark.parametrize("seed", range(5), ids=lambda seed: f"seed {seed}")
def test_every_value_is_realistic(seed: int) -> None:
    fake = seeded(seed)

    profile = fake.lock_profile()

    assert profile.name in DOORS
    assert profile.household in HOUSEHOLDS
    assert " at " in profile.place
    assert ZoneInfo(profile.zone).key == profile.zone
    assert profile.routine in routine_names()


def test_a_routine_is_drawn_from_the_shipped_ones_and_loaded() -> None:
    fake = seeded(3)

    names = {fake.routine_name() for _ in range(200)}
    routine = fake.lock_routine()

    assert names == set(routine_names())
    assert routine.name in names
    assert ZoneInfo(routine.zone).key == routine.zone


def test_common_zones_come_up_more_often_than_rare_ones() -> None:
    fake = seeded(11)

    zones = [fake.lock_timezone() for _ in range(3000)]

    assert zones.count("Europe/Berlin") > 2 * zones.count("UTC")
