"""The benchmarks' one error: something could not run, and the message says why."""


class BenchError(Exception):
    """A benchmark could not run; the message says what to fix."""
