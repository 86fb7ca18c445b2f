"""Fixtures shared by all tests: the fixture region built on its two reference dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import EARLY, LATE, build_region, make_region


@pytest.fixture(scope="session")
def early_site(tmp_path_factory) -> Path:
    """The fixture region built on 1 May 2024."""
    root = make_region(tmp_path_factory.mktemp("early"))
    return build_region(root, EARLY)


@pytest.fixture(scope="session")
def late_site(tmp_path_factory) -> Path:
    """The fixture region built on 1 July 2024: the June news is out, June events are past."""
    root = make_region(tmp_path_factory.mktemp("late"))
    return build_region(root, LATE)
