"""Adapter, with glue.py: rendering less. Duck-typed against MkDocs 1.6 (Page, Files, File), no MkDocs import.

Two levers, both invisible in the output (tests build cold and warm and compare every byte):

- ``MarkdownCache``: the HTML MkDocs renders from an editor's Markdown is kept, keyed by
  everything that decides it – the text, the page's address, the addresses of the files the text
  links to, and the Markdown settings and library versions. An unchanged page is not rendered
  again: in the preview across rebuilds (in memory), and across `make site` runs (in
  ``.cache/markdown/``).
- ``LazyPages``: the preview renders a page's template only when a browser asks for it (and
  the rest in the background afterwards, then the search index), so an edit is visible after
  the gate and the Markdown of what changed, not after every template of the site.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import posixpath
import re
import signal
import threading
import time
from importlib import metadata
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from . import bodies, loading, sanitize
from .bodies import stable_repr

CACHE_VERSION = "1"
_LIBRARIES = ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material")
# Anything in the text that could be a link destination (MkDocs rewrites links to files).
_TOKEN = re.compile(r"[^\s()<>\[\]\"'`|]+")


def _versions() -> str:
    found = []
    for name in _LIBRARIES:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=-")
    return ",".join(found)


class _Counter(logging.Handler):
    """Counts what MkDocs says while rendering a page: a page with messages is never cached
    (the next build must say them again)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record):
        if record.levelno >= logging.INFO:
            self.count += 1


_COUNTER = _Counter()
logging.getLogger("mkdocs.structure.pages").addHandler(_COUNTER)


class MarkdownCache:
    """Rendered Markdown of editors' pages by a key of all its inputs; see the module's note."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder
        self.entries: dict[str, bytes] = {}
        self.used: set[str] = set()
        self.signature = ""
        self.hits = self.misses = 0
        self._loaded = False

    # --- one build -------------------------------------------------------------------------
    def start(self, config) -> None:
        """At on_config: the settings part of every key; the disk cache is read once."""
        self.signature = hashlib.sha256(stable_repr((
            CACHE_VERSION, _versions(), tuple(config.markdown_extensions), dict(config.mdx_configs),
            config.use_directory_urls, str(config.validation),
        )).encode()).hexdigest()
        self.used = set()
        self.hits = self.misses = 0
        if self.folder is not None and not self._loaded:
            self._loaded = True
            try:
                self.entries = pickle.loads((self.folder / "pages.pickle").read_bytes())
            except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
                self.entries = {}

    def key(self, page, files) -> str:
        digest = hashlib.sha256()
        src_uri, url = page.file.src_uri, page.file.url
        for part in (self.signature, src_uri, url, page.markdown):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        folder = posixpath.dirname(src_uri)
        by_src = files.src_uris  # MkDocs keeps this mapping until the files change
        for token in sorted(set(_TOKEN.findall(page.markdown))):
            if "." not in token:  # every file's name has a dot; MkDocs tries folder links as written only
                continue
            parts = urlsplit(token)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = by_src.get(posixpath.normpath(posixpath.join(folder, unquote(parts.path))).lstrip("/"))
            if target is not None:
                digest.update(f"{token}\0{target.url}\0".encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def attach(self, page, config, files) -> None:
        """At on_page_markdown: an unchanged page gets its HTML back instead of being rendered."""
        key = self.key(page, files)
        self.used.add(key)
        stored = self.entries.get(key)
        if stored is not None:
            self.hits += 1
            page.render = lambda config, files: _restore(page, files, pickle.loads(stored))
            return
        self.misses += 1
        original = page.render

        def render_and_keep(config, files):
            before = _COUNTER.count
            original(config, files)
            if _COUNTER.count == before:
                self.entries[key] = pickle.dumps(_entry(page), protocol=pickle.HIGHEST_PROTOCOL)
        page.render = render_and_keep

    def save(self, write: bool = True) -> None:
        """After a good build: keep what this build used (stale entries go); on disk unless ``write``
        is off (the preview, whose rebuild would wait for it: it keeps its entries in memory)."""
        self.entries = {key: value for key, value in self.entries.items() if key in self.used}
        if self.folder is None or not write:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = self.folder / f"pages.pickle.{os.getpid()}"
        partial.write_bytes(pickle.dumps(self.entries, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(self.folder / "pages.pickle")


def _entry(page) -> dict:
    links = page.links_to_anchors
    return {
        "content": page.content,
        "toc": page.toc,
        "title": page._title_from_render,
        "anchors": page.present_anchor_ids,
        "links": None if links is None else {target.src_uri: dict(anchors) for target, anchors in links.items()},
    }


def _restore(page, files, entry: dict) -> None:
    page.content = entry["content"]
    page.toc = entry["toc"]
    page._title_from_render = entry["title"]
    page.present_anchor_ids = entry["anchors"]
    links = entry["links"]
    if links is not None:
        page.links_to_anchors = {files.get_file_from_path(src): anchors for src, anchors in links.items()
                                 if files.get_file_from_path(src) is not None}


def remember_in_preview() -> None:
    """The preview checks and sanitises the same bodies after every edit: it keeps their results by text."""
    for memo in (bodies.RENDERS, bodies.IDS, sanitize.SANITISED, loading.PARSED):
        memo.start()


# --- the preview: templates on demand ------------------------------------------------------


LAZY_TEMPLATE = "modellregion-lazy.html"  # renders nothing: MkDocs then writes no file for the page


class LazyPages:
    """The preview's pages whose templates have not been rendered yet, by their file in the site folder.

    A build registers each page instead of rendering it; a request renders it first (``materialise``),
    and after the build a background thread renders the rest, then indexes the search. A newer build
    stops that thread; one lock keeps renders and builds apart."""

    def __init__(self):
        self.lock = threading.RLock()
        self.generation = 0
        self.pending: dict[str, Callable[[], None]] = {}
        self.building: dict[str, Callable[[], None]] = {}
        self.site_dir: Path | None = None
        self.paused: Callable[[], bool] = lambda: False  # the server has seen a change: a build is coming
        self.children: set = set()  # the search indexer while it runs (a process group of its own)

    def begin_build(self) -> None:
        """A new build: the pages still waiting from the last one are dropped, and so is its search
        index while Pagefind still works on it (it would index a folder that is being emptied)."""
        with self.lock:
            self.generation += 1
            self.pending = {}
            self.building = {}
        for process in list(self.children):
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except (ProcessLookupError, PermissionError):
                pass

    def register(self, dest_uri: str, render: Callable[[], None]) -> None:
        self.building[dest_uri] = render

    def finish_build(self, site_dir: Path, after: Callable[[Path], None] | None = None) -> None:
        """The build is written: its pages become available on demand, the rest follows in the background."""
        with self.lock:
            self.pending, self.building = self.building, {}
            self.site_dir = Path(site_dir)
            generation = self.generation
        threading.Thread(target=self._render_rest, args=(generation, after), daemon=True, name="modellregion-pages").start()

    def materialise(self, rel_path: str) -> None:
        """Render the page behind a requested file of the site folder (index.html of a folder) now."""
        rel_path = rel_path.lstrip("/")
        candidates = (rel_path, posixpath.join(rel_path, "index.html")) if not rel_path.endswith(".html") else (rel_path,)
        with self.lock:
            for candidate in candidates:
                render = self.pending.pop(candidate, None)
                if render is not None:
                    render()
                    return

    def stop(self) -> None:
        """The preview ends: no more background work, and the search indexer stops with it."""
        self.begin_build()

    def current(self, generation: int) -> bool:
        return generation == self.generation

    def _render_rest(self, generation: int, after) -> None:
        while True:
            if self.paused():  # the coming build needs the processor; it ends this thread
                time.sleep(0.05)
                continue
            with self.lock:
                if generation != self.generation or not self.pending:
                    break
                _dest, render = self.pending.popitem()
                render()
        with self.lock:
            if generation != self.generation or after is None or self.site_dir is None:
                return
            site_dir = self.site_dir
        after(site_dir, lambda: self.current(generation))


# --- parts of every page rendered once per kind of address -----------------------------------


class Fragments:
    """Site header, footer and the navigation drawer look the same on every page except for their
    relative addresses (``| url``). Each is rendered once per kind of page address – its depth and
    the first segments the fragment's links share with it – and reused, byte for byte.

    A fragment may depend on the page only through ``| url`` (and the navigation only on pages
    outside it: a page in the navigation marks itself and lists its headings there); the test
    builds with and without fragments and compares every file."""

    def __init__(self, url_filter: Callable, enabled: bool = True):
        self.url_filter = url_filter
        self.enabled = enabled
        self.families: dict[str, list[tuple[int, dict]]] = {}  # name -> [(segments, {page key: html})]
        self.recording: list[str] | None = None
        self.nav_pages: set[int] = set()

    def url(self, context, value) -> str:
        """The `url` filter: as MkDocs', and it notes each target while a fragment is being rendered."""
        if self.recording is not None:
            self.recording.append(str(value))
        return self.url_filter(context, value)

    @staticmethod
    def _page_key(page, segments: int) -> tuple:
        url = page.url
        head, tail = posixpath.split(url)
        directory = head if "." in tail else url  # as MkDocs' get_relative_url treats a file name
        parts = [part for part in directory.split("/") if part]
        return (len(parts), tuple(parts[:segments]))

    def cacheable(self, name: str, page) -> bool:
        if not self.enabled or page is None or getattr(page, "url", None) is None:
            return False
        return not (name == "nav" and id(page) in self.nav_pages)

    def get(self, name: str, page):
        """The fragment as rendered for a page with the same kind of address, or None."""
        if not self.cacheable(name, page):
            return None
        for segments, table in self.families.get(name, ()):
            found = table.get(self._page_key(page, segments))
            if found is not None:
                return found
        return None

    def begin(self, name: str, page) -> str:
        if self.cacheable(name, page):
            self.recording = []
        return ""

    def keep(self, name: str, page, html):
        """After rendering: remember the fragment under the kind of address it was rendered for."""
        recorded, self.recording = self.recording, None
        if recorded is None or not self.cacheable(name, page):
            return html
        segments = max((len([part for part in value.split("/") if part not in ("", ".", "..")]) for value in recorded), default=0)
        families = self.families.setdefault(name, [])
        for known, table in families:
            if known == segments:
                table[self._page_key(page, segments)] = html
                break
        else:
            families.append((segments, {self._page_key(page, segments): html}))
        return html


def clean_later(directory: str) -> None:
    """The preview's site folder emptied at the start of each build (as MkDocs does), but by moving
    its contents aside and deleting them in the background: thousands of rendered pages and search
    files would otherwise cost the rebuild a few hundred milliseconds."""
    import shutil
    import tempfile

    folder = Path(directory)
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        return
    trash = Path(tempfile.mkdtemp(prefix="modellregion-alt-", dir=folder.parent))
    TRASH.append(trash)
    for entry in list(folder.iterdir()):
        entry.rename(trash / entry.name)
    threading.Thread(target=shutil.rmtree, args=(trash,), kwargs={"ignore_errors": True}, daemon=True, name="modellregion-clean").start()


TRASH: list[Path] = []  # what clean_later moved aside; the preview deletes what is left when it ends


def empty_trash() -> None:
    import shutil

    while TRASH:
        shutil.rmtree(TRASH.pop(), ignore_errors=True)
