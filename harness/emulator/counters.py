"""What the emulator has seen since it started or was reset."""

from dataclasses import asdict, dataclass, fields


@dataclass
class Counters:
    """Messages received, stored and rejected; actions stored; rules fired."""

    received: int = 0
    stored: int = 0
    rejected: int = 0
    actions: int = 0
    rules_fired: int = 0

    def as_dict(self) -> dict[str, int]:
        """The counters under the API's camelCase names."""
        return {_camel(name): value for name, value in asdict(self).items()}

    def reset(self) -> None:
        for counter in fields(self):
            setattr(self, counter.name, 0)


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)
