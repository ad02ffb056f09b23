"""Acceptance and load tests of IoT rule behaviour around a smart lock."""

__version__ = "0.1.0"
