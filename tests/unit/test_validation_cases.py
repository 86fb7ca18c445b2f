"""Golden tests for every validation rule: one YAML case per rule, with the exact messages expected.

A case names the rule, changes a copy of the fixture region (edit: replace text in a file,
write: put a file, write_latin1: put a file in Latin-1, write_image: put a PNG of [width, height]
pixels, remove: delete files, symlink: link a path to a target, rename: move a file) and lists the
exact `path:line: field: message` lines the build must print, in order.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from PIL import Image

from helpers import EARLY, FIXTURE, ROOT
from modellregion.glue import engine_from_file
from modellregion.validation import check_region

ENGINE = engine_from_file(ROOT)  # the project's own mkdocs.yml: the Markdown the pages are built with

CASES = sorted((Path(__file__).parents[1] / "cases" / "validation").glob("*.yml"))


def apply_case(root: Path, case: dict) -> None:
    for path, change in (case.get("edit") or {}).items():
        target = root / path
        content = target.read_text(encoding="utf-8")
        for old, new in change["replace"]:
            assert old in content, f"case edit: {old!r} not found in {path}"
            content = content.replace(old, new, 1)
        target.write_text(content, encoding="utf-8")
    for path, content in (case.get("write") or {}).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(content, encoding="utf-8")
    for path, content in (case.get("write_latin1") or {}).items():
        (root / path).write_bytes(content.encode("latin-1"))
    for path, size in (case.get("write_image") or {}).items():
        Image.new("RGB", tuple(size), (11, 92, 122)).save(root / path)
    for path in case.get("remove") or ():
        (root / path).unlink()
    for path, target in (case.get("symlink") or {}).items():
        (root / path).symlink_to(target)
    for old, new in (case.get("rename") or {}).items():
        (root / old).rename(root / new)


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_validation_case(case_file: Path, tmp_path: Path):
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    root = tmp_path / "region"
    root.mkdir()
    for folder in ("data", "content"):
        shutil.copytree(FIXTURE / folder, root / folder)
    apply_case(root, case)
    verdict = check_region(root, date.fromisoformat(case.get("build_date", EARLY)), ENGINE)
    assert [str(error) for error in verdict.errors] == case["expected"], case["rule"]
    assert verdict.site is None


def test_fixture_region_is_valid():
    verdict = check_region(FIXTURE, date.fromisoformat(EARLY), ENGINE)
    assert verdict.errors == []
    assert len(verdict.site.projects) == 5 and len(verdict.site.events) == 5


def test_there_is_a_case_per_rule():
    """The rules of the content model each have a golden case (a new rule needs a new case)."""
    assert len(CASES) >= 90
