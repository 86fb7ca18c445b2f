"""Shared test helpers: copy the fixture region into a temporary folder, build it, parse the output."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import lxml.html
from modellregion import publish

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "region"
ARTIFACTS = ROOT / "tests" / "artifacts"

# The fixture region's two reference build dates: before and after the June news and events.
EARLY = "2024-05-01"
LATE = "2024-07-01"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def make_region(target: Path, source: Path = FIXTURE) -> Path:
    """A buildable copy of a region: its data/ and content/, and the project's engine beside them."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / "data", target / "data")
    shutil.copytree(source / "content", target / "content")
    (target / "hooks").symlink_to(ROOT / "hooks", target_is_directory=True)
    (target / "overrides").symlink_to(ROOT / "overrides", target_is_directory=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def build_region(root: Path, build_date: str, *, site_dir: Path | None = None, search: bool = False) -> Path:
    site_dir = site_dir or root / "site"
    environ = {**os.environ, "BUILD_DATE": build_date, "PYTHONPATH": str(ROOT / "hooks")}
    environ.pop("SOURCE_DATE_EPOCH", None)
    publish.build(root, site_dir, environ=environ, search_index=search)
    return site_dir


def parse(path: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(path.read_bytes())


def page(site: Path, url_path: str) -> lxml.html.HtmlElement:
    """The parsed page at a URL path such as 'projekte/buergerportal/'."""
    return parse(site / url_path / "index.html" if not url_path.endswith(".html") else site / url_path)


def text(element) -> str:
    """The visible words of an element, without the "¶" permalinks of headings."""
    return " ".join(element.text_content().replace("¶", " ").split())


