"""Fleets: counts and shares add up, and a seed gives the same locks every time."""

from collections import Counter
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from harness.routines import apportion, find_fleet, fleet_from_text, load_fleet
from tests.routines.conftest import WriteFile


def test_city_block_shares_its_40_locks_by_percentage() -> None:
    fleet = find_fleet("city-block")

    assert fleet.size == 40
    assert fleet.routine_counts() == {
        "office-hours": 24,
        "school-run": 10,
        "night-shift": 6,
    }
    assert fleet.zones == (("Europe/Berlin", 40),)


def test_mixed_100_gives_counts_for_routines_and_shares_for_zones() -> None:
    fleet = find_fleet("mixed-100")
    locks = fleet.locks(seed=1)

    assert len(locks) == 100
    assert Counter(lock.routine.name for lock in locks) == {
        "office-hours": 30,
        "school-run": 25,
        "home-all-day": 20,
        "weekend-worker": 15,
        "night-shift": 10,
    }
    assert Counter(lock.zone for lock in locks) == {
        "Europe/Berlin": 30,
        "America/New_York": 25,
        "Europe/London": 20,
        "America/Los_Angeles": 15,
        "Asia/Seoul": 10,
    }


def test_a_fleet_expands_to_the_same_locks_for_the_same_seed() -> None:
    fleet = find_fleet("mixed-100")

    assert fleet.locks(seed=7) == fleet.locks(seed=7)
    assert fleet.locks(seed=7) == find_fleet("mixed-100").locks(seed=7)
    assert fleet.locks(seed=7) != fleet.locks(seed=8)


def test_each_lock_has_its_own_name_and_seed_and_its_routine_in_its_zone() -> None:
    locks = find_fleet("mixed-100").locks(seed="load-test")

    assert len({lock.name for lock in locks}) == 100
    assert len({lock.seed for lock in locks}) == 100
    assert locks[0].name == "mixed-100-001"
    assert locks[-1].name == "mixed-100-100"
    assert all(lock.routine.zone == lock.zone for lock in locks)
    assert all(lock.label for lock in locks)


def test_the_locks_are_shuffled_so_any_slice_holds_a_mix() -> None:
    locks = find_fleet("city-block").locks(seed=1)

    first_half = Counter(lock.routine.name for lock in locks[:20])
    assert len(first_half) == 3


def test_without_zones_each_lock_keeps_its_routines_zone() -> None:
    fleet = fleet_from_text(
        "name: own\nroutines: [office-hours, weekend-worker]\nlocks: 4\n"
    )

    zones = {(lock.routine.name, lock.zone) for lock in fleet.locks(seed=1)}
    assert zones == {
        ("office-hours", "Europe/Berlin"),
        ("weekend-worker", "America/New_York"),
    }


def test_a_fleet_finds_routines_next_to_it_then_in_the_scenarios_folders(
    write_file: WriteFile,
) -> None:
    write_file(
        "mine/office-hours.yaml",
        "name: my-office\ntimezone: UTC\ninitial: locked\nweek: {}\n",
    )
    write_file(
        "mine/fleets/shops/bakery.yaml",
        "name: bakery\ntimezone: UTC\ninitial: locked\nweek: {}\n",
    )
    path = write_file(
        "mine/fleets/three.yaml",
        "name: three\n"
        "routines: {office-hours: 1, school-run: 1, shops/bakery.yaml: 1}\n",
    )

    fleet = load_fleet(path)

    # office-hours from mine/, school-run from the repository, the bakery by a path
    # relative to the fleet file.
    assert fleet.routine_counts() == {"my-office": 1, "school-run": 1, "bakery": 1}


@given(
    total=st.integers(min_value=0, max_value=500),
    weights=st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=8),
)
def test_apportioned_counts_add_up_and_stay_within_one_of_their_quota(
    total: int, weights: list[int]
) -> None:
    if sum(weights) == 0:
        weights = [1, *weights[1:]]
    shares = [Fraction(weight, sum(weights)) for weight in weights]

    counts = apportion(total, shares)

    assert sum(counts) == total
    for count, share in zip(counts, shares, strict=True):
        assert abs(count - total * share) < 1
