"""The root of every error the harness raises on purpose."""


class HarnessError(Exception):
    """Base of the harness's own errors; each message says what to do next."""
