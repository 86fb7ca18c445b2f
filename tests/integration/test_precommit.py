"""`make hooks`: a commit with broken content is refused before it happens, in German, within seconds."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from helpers import ROOT, make_region


def git(root: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    environ = {**os.environ, "GIT_AUTHOR_NAME": "Redaktion", "GIT_AUTHOR_EMAIL": "r@example.org",
               "GIT_COMMITTER_NAME": "Redaktion", "GIT_COMMITTER_EMAIL": "r@example.org", "BUILD_DATE": "2024-05-01",
               "PRE_COMMIT_HOME": str(root.parent / "pre-commit-home")}
    return subprocess.run(["git", *args], cwd=root, env=environ, capture_output=True, text=True, **kwargs)


@pytest.mark.slow
def test_a_bad_commit_is_refused_and_a_good_one_passes(tmp_path):
    root = make_region(tmp_path / "region")
    for name in ("Makefile", "pyproject.toml", ".pre-commit-config.yaml"):
        shutil.copy2(ROOT / name, root / name)
    shutil.copytree(ROOT / "requirements", root / "requirements")  # copy2 keeps the times: .venv stays current
    (root / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    git(root, "init", "-q")
    installed = subprocess.run([str(ROOT / ".venv" / "bin" / "pre-commit"), "install"], cwd=root, capture_output=True, text=True,
                               env={**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")})
    assert installed.returncode == 0, installed.stderr
    git(root, "add", "-A")
    started = time.monotonic()
    good = git(root, "commit", "-q", "-m", "Start")
    assert good.returncode == 0, good.stdout + good.stderr
    assert time.monotonic() - started < 30

    project = root / "data" / "projects" / "e-bus.yml"
    project.write_text(project.read_text(encoding="utf-8").replace("status: geplant", "status: fliegend"), encoding="utf-8")
    git(root, "add", "-A")
    bad = git(root, "commit", "-q", "-m", "Kaputt")
    assert bad.returncode != 0
    assert "data/projects/e-bus.yml:5: status: „fliegend“ gibt es nicht" in bad.stdout + bad.stderr
    assert git(root, "log", "--oneline").stdout.count("\n") == 1
