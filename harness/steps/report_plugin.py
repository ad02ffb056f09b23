"""Loaded with `-p harness.steps.report_plugin`: the feature report for this run."""

import pytest

from harness.steps.report import FeatureReport


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    """Register the report once the terminal reporter exists."""
    config.pluginmanager.register(FeatureReport(config), "harness-feature-report")
