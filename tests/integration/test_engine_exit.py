"""The exit route from MkDocs 1.6: ProperDocs (the maintained fork) builds the fixture region byte for byte alike."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import EARLY, ROOT, make_region


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_properdocs_builds_the_same_pages_as_mkdocs(tmp_path):
    root = make_region(tmp_path / "region")
    environ = {**os.environ, "BUILD_DATE": EARLY, "PYTHONPATH": str(ROOT / "hooks"), "NO_MKDOCS_2_WARNING": "1"}
    environ.pop("SOURCE_DATE_EPOCH", None)
    built = {}
    for engine in ("mkdocs", "properdocs"):
        result = subprocess.run([sys.executable, "-m", engine, "build", "--strict", "-f", "mkdocs.yml", "-d", str(tmp_path / engine)],
                                cwd=root, env=environ, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        built[engine] = digest(tmp_path / engine)
    assert len(built["mkdocs"]) > 50
    differing = sorted(name for name in built["mkdocs"].keys() | built["properdocs"].keys() if built["mkdocs"].get(name) != built["properdocs"].get(name))
    assert differing == []
