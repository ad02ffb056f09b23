"""Collecting `.feature` files as tests, so that a new feature needs no Python."""

import types
from pathlib import Path
from typing import Any

import pytest


class FeatureFile(pytest.Module):
    """A feature file, collected as a module that holds one test per scenario."""

    def _getobj(self) -> Any:
        # pytest-bdd binds scenarios into the module that calls `scenarios`: run that
        # call inside a fresh module named after the feature file.
        module = types.ModuleType(f"feature:{self.path.stem}")
        module.__file__ = str(self.path)
        source = f"from pytest_bdd import scenarios\nscenarios({str(self.path)!r})\n"
        exec(compile(source, str(self.path), "exec"), module.__dict__)
        return module


def collect_feature(file_path: Path, parent: pytest.Collector) -> FeatureFile | None:
    """The collector of a `.feature` file, if the project lets the plugin collect."""
    if file_path.suffix != ".feature":
        return None
    if not parent.config.getini("harness_collect_features"):
        return None
    return FeatureFile.from_parent(parent, path=file_path)
