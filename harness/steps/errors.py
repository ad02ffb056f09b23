"""Errors of the step library: a feature written wrongly, or a target unusable."""

from harness.errors import HarnessError


class StepError(HarnessError):
    """A step cannot run as written; the message says what to write instead."""


class TargetError(HarnessError):
    """The target server is not usable as configured; the message says why."""
