"""Errors of load runs: a bad option, a fleet that cannot be used, a failed set-up."""

from harness.errors import HarnessError


class LoadError(HarnessError):
    """A load run cannot start or finish; the message says what to do next."""


class LoadOptionError(LoadError):
    """An option's value is not allowed; the message names the value and the range."""
