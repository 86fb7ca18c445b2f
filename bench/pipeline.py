"""The real pipeline on a corpus: `python -m modellregion build`, with a fixed build date and time."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

from bench.measure import Run, read_phases, run

BUILD_DATE = date(2026, 12, 1)
BUILD_TIME = "10:00"


class BenchError(RuntimeError):
    pass


def environ(root: Path | None = None) -> dict:
    """The environment of `make site` with the bench's date; no value pinned by the caller survives."""
    env = {key: value for key, value in os.environ.items() if key not in ("SOURCE_DATE_EPOCH", "MODELLREGION_CHECKED", "PYTHONPATH")}
    env.update(BUILD_DATE=BUILD_DATE.isoformat(), BUILD_TIME=BUILD_TIME, NO_MKDOCS_2_WARNING="1")
    if root is not None:
        env["PYTHONPATH"] = str(root / "hooks")
    return env


def build_site(root: Path, site_dir: str = "site") -> Run:
    """`make site` on ``root`` (gate, MkDocs, Pagefind, swap), measured; the build's phase times attached."""
    (root / ".cache" / "build-phases.json").unlink(missing_ok=True)
    result = run([sys.executable, "-m", "modellregion", "build", "--site-dir", site_dir], root, environ(root))
    if result.failed():
        raise BenchError(f"the build of {root} failed ({result.returncode}):\n" + "\n".join(result.output.splitlines()[-30:]))
    result.phases = read_phases(root)
    return result
