"""Shared test helpers: copy the fixture region into a temporary folder, build it, parse the output."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import lxml.html
from modellregion import publish

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "region"
ARTIFACTS = ROOT / "tests" / "artifacts"

# The fixture region's two reference build dates: before and after the June news and events.
EARLY = "2024-05-01"
LATE = "2024-07-01"

# Debian's Chromium for Playwright (browser tests, make bench), never a downloaded browser.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file server for a built site (with Pagefind's file types), without a request log."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".pagefind": "application/wasm", ".pf_meta": "application/octet-stream"}

    def log_message(self, *args):
        pass


@contextmanager
def static_server(site: Path):
    """Serve a built site on 127.0.0.1 (a free port) while the block runs; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


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


