"""A Faker provider of realistic locks: doors, places, households, zones, routines.

fake = Faker()
fake.add_provider(LockProvider)
fake.seed_instance(7)
fake.lock_profile()  # the same lock for the same seed
"""

from dataclasses import dataclass

from faker.providers import BaseProvider

from harness.routines.errors import ScenarioNotFoundError
from harness.routines.names import DOORS, HOUSEHOLDS, PREMISES, STREETS, ZONES
from harness.routines.routine import Routine
from harness.routines.scenarios import find_routine, routine_names


@dataclass(frozen=True)
class LockProfile:
    """A made-up lock: what door it is, where, whose, and which routine it follows."""

    name: str
    place: str
    household: str
    zone: str
    routine: str


class LockProvider(BaseProvider):
    """Lock names, places, households, time zones and shipped routines for Faker."""

    def lock_name(self) -> str:
        """A door a smart lock sits on: 'front door', 'garage side door', ..."""
        return str(self.random_element(DOORS))

    def lock_place(self) -> str:
        """The premises and address of a lock: 'bakery at 12 Mill Lane'."""
        premises = self.random_element(PREMISES)
        number = self.random_int(1, 120)
        return f"{premises} at {number} {self.random_element(STREETS)}"

    def household(self) -> str:
        """Who uses the lock: 'a retired couple', 'a nurse on night shifts', ..."""
        return str(self.random_element(HOUSEHOLDS))

    def lock_timezone(self) -> str:
        """An IANA time zone, the more common the more locks there are in it."""
        names = [zone for zone, _ in ZONES]
        weights = [weight for _, weight in ZONES]
        return self.generator.random.choices(names, weights)[0]

    def routine_name(self) -> str:
        """The name of one of the routines in the scenarios folders."""
        names = routine_names()
        if not names:
            raise ScenarioNotFoundError("routine", "(any)", "the scenarios folders")

        return str(self.random_element(names))

    def lock_routine(self) -> Routine:
        """One of the shipped routines, loaded, in a drawn time zone."""
        routine = find_routine(self.routine_name())
        return routine.in_zone(self.lock_timezone())

    def lock_profile(self) -> LockProfile:
        """A whole made-up lock."""
        return LockProfile(
            name=self.lock_name(),
            place=self.lock_place(),
            household=self.household(),
            zone=self.lock_timezone(),
            routine=self.routine_name(),
        )
