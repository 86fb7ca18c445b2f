"""`make publish` under a lock and `make rollback`: overlapping runs never break the site, one step back restores it."""

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


def run(root: Path, command: str, *extra: str) -> subprocess.Popen:
    environ = {**os.environ, "BUILD_DATE": EARLY, "PYTHONPATH": str(ROOT / "hooks")}
    environ.pop("SOURCE_DATE_EPOCH", None)
    flags = ["--no-search"] if command == "publish" else []
    return subprocess.Popen([sys.executable, "-m", "modellregion", command, "--root", str(root), *flags, *extra],
                            env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_parallel_publications_wait_for_each_other_and_rollback_restores(tmp_path):
    root = make_region(tmp_path / "region")
    first, second = run(root, "publish"), run(root, "publish")
    for process in (first, second):
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert "Website gebaut" in out
    published = digest(root / "site")
    assert "index.html" in published
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == [".site.vorher"]

    busy = run(root, "publish", "--no-wait")
    waiting = run(root, "publish", "--no-wait")
    outputs = [p.communicate(timeout=300) for p in (busy, waiting)]
    assert busy.returncode == 0 and waiting.returncode == 0
    assert sum("Es läuft schon eine Veröffentlichung" in err for _, err in outputs) <= 1

    news = root / "content" / "aktuelles" / "2024-03-12-radwege-bilanz.md"
    news.write_text(news.read_text(encoding="utf-8").replace("title:", "title: Neu –", 1), encoding="utf-8")
    assert run(root, "publish").wait(timeout=300) == 0
    changed = digest(root / "site")
    assert changed != published
    rollback = run(root, "rollback")
    rollback.communicate(timeout=60)
    assert rollback.returncode == 0
    assert digest(root / "site") == published
    assert run(root, "rollback").wait(timeout=60) == 0  # and forward again
    assert digest(root / "site") == changed
