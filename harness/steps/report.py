"""A report of a feature run that reads like the features: scenario by scenario."""

from typing import Any

import pytest
from pytest_bdd.reporting import test_report_context_registry
from pytest_bdd.scenario import scenario_wrapper_template_registry

MARKS = {"passed": "ok     ", "failed": "FAILED ", "skipped": "skipped"}


class FeatureReport:
    """Prints each scenario's outcome under its feature, and where a failure stopped.

    pytest's own summary follows: the failures in full and the counts.
    """

    def __init__(self, config: pytest.Config) -> None:
        self._config = config
        self._feature: str | None = None
        # Each scenario's feature and name, for scenarios skipped before they ran.
        self._collected: dict[str, dict[str, Any]] = {}

    def pytest_itemcollected(self, item: pytest.Item) -> None:
        """Remember which feature and scenario a test item stands for."""
        function = getattr(item, "obj", None)
        if not callable(function):
            return
        template = scenario_wrapper_template_registry.get(function)
        if template is None:
            return
        feature = template.feature
        self._collected[item.nodeid] = {
            "name": template.name,
            "steps": [],
            "feature": {
                "keyword": feature.keyword,
                "name": feature.name,
                "rel_filename": feature.rel_filename,
            },
        }

    @pytest.hookimpl(tryfirst=True)
    def pytest_report_teststatus(
        self, report: pytest.TestReport
    ) -> tuple[str, str, str] | None:
        # Keep the outcome's category for the summary, but print no letters: the
        # scenario lines below say it in words.
        if report.when == "call" or (report.when == "setup" and not report.passed):
            return report.outcome, "", ""
        if report.when == "teardown" and report.failed:
            return "error", "", ""
        return None

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logstart(self, nodeid: str) -> None:
        """Keep pytest from printing the file's path before each scenario."""
        terminal = self._config.pluginmanager.getplugin("terminalreporter")
        if terminal is not None:
            terminal.currentfspath = self._config.rootpath / nodeid.split("::")[0]

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """One line per scenario once its outcome is known."""
        finished = report.when == "call" or (
            report.when == "setup" and not report.passed
        )
        if not finished:
            return
        context = test_report_context_registry.get(report)
        if context is not None:
            self._write(context.scenario, report)
        elif report.nodeid in self._collected:
            self._write(self._collected[report.nodeid], report)

    def _write(self, scenario: Any, report: pytest.TestReport) -> None:
        terminal = self._config.pluginmanager.getplugin("terminalreporter")
        if terminal is None:
            return

        # Nothing else is on the line: pytest's file path was kept off it.
        terminal.currentfspath = None
        feature = scenario["feature"]
        if feature["name"] != self._feature:
            self._feature = feature["name"]
            terminal.write_line("")
            terminal.write_line(
                f"{feature['keyword']}: {feature['name']}  ({feature['rel_filename']})",
                bold=True,
            )

        outcome = report.outcome
        colour = {"passed": "green", "failed": "red", "skipped": "yellow"}[outcome]
        terminal.write_line(f"  {MARKS[outcome]} {scenario['name']}", **{colour: True})
        if outcome == "failed":
            for step in scenario["steps"]:
                if step["failed"]:
                    terminal.write_line(
                        f"            failed at: {step['keyword']} {step['name']}",
                        red=True,
                    )
        if outcome == "skipped" and isinstance(report.longrepr, tuple):
            terminal.write_line(f"            {report.longrepr[2]}", yellow=True)
