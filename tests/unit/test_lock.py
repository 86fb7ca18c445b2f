"""The lock files (requirements/*.txt) pin every package with hashes and agree with pyproject.toml."""

from __future__ import annotations

import re
import tomllib

import pytest

from helpers import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
GROUPS = PYPROJECT["dependency-groups"]


def pins(group: str) -> dict[str, str]:
    result = {}
    for entry in GROUPS[group]:
        if isinstance(entry, dict):
            result |= pins(entry["include-group"])
        else:
            name, version = re.split(r"==", entry)
            result[re.sub(r"\[.*\]", "", name).lower().replace("_", "-")] = version
    return result


def locked(group: str) -> dict[str, tuple[str, int]]:
    text = (ROOT / "requirements" / f"{group}.txt").read_text(encoding="utf-8")
    result = {}
    for block in re.split(r"\n(?=[a-z0-9])", text):
        match = re.match(r"([a-z0-9._-]+)(?:\[[^\]]*\])?==([^\s\\]+)", block)
        if match:
            result[match.group(1).replace("_", "-")] = (match.group(2), block.count("--hash=sha256:"))
    return result


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_lock_agrees_with_pyproject_and_has_hashes(group):
    lock = locked(group)
    assert lock, f"requirements/{group}.txt is empty"
    for name, version in pins(group).items():
        assert lock.get(name, ("missing",))[0] == version, f"{name}: pyproject {version}, lock {lock.get(name)} – run make lock"
    assert all(hashes > 0 for _version, hashes in lock.values())
