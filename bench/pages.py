"""What a built site weighs: HTML pages by type (from the URL), feeds, calendars, exports, search bundle."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from pathlib import Path

PAGE_LIMIT = 30_000  # bytes: "every HTML page ≤ 30 KB"

TYPES = ("start page", "news item", "news listing", "project", "catalogue/filter", "event", "event listing",
         "organisation", "city", "action field", "feeds page", "other")
PROJECT_FILTER_SEGMENTS = {"stadt", "handlungsfeld", "status", "art", "seite"}


def classify(rel: str) -> str:
    """The page type of an HTML file of our site, from its path (aktuelles/2024/x/index.html …)."""
    url = rel.removesuffix("index.html").strip("/")
    parts = url.split("/") if url else []
    if not parts:
        return "start page"
    section, rest = parts[0], parts[1:]
    if section == "aktuelles":
        return "news item" if len(rest) == 2 and rest[0].isdigit() and rest[1] != "seite" else "news listing"
    if section == "projekte":
        return "project" if len(rest) == 1 and rest[0] not in PROJECT_FILTER_SEGMENTS else "catalogue/filter"
    if section == "termine":
        return "event" if len(rest) == 1 and rest[0] not in ("archiv", "seite") else "event listing"
    if section == "feeds":
        return "feeds page"
    if len(rest) == 1:
        return {"akteure": "organisation", "staedte": "city", "handlungsfelder": "action field"}.get(section, "other")
    return "other"


def classify_stock(rel: str) -> str:
    """Page types of the stock-Material comparison site (one page per news item and per project)."""
    parts = rel.removesuffix("index.html").strip("/").split("/")
    if parts == [""]:
        return "start page"
    if len(parts) == 2 and parts[0] in ("aktuelles", "projekte"):
        return "news item" if parts[0] == "aktuelles" else "project"
    return "other"


@dataclass
class Sizes:
    count: int = 0
    total: int = 0
    largest: int = 0
    largest_path: str = ""
    over_limit: int = 0

    def add(self, size: int, path: str) -> None:
        self.count += 1
        self.total += size
        if size > self.largest:
            self.largest, self.largest_path = size, path
        if size > PAGE_LIMIT:
            self.over_limit += 1


@dataclass
class SiteStats:
    pages: int = 0
    html_bytes: int = 0
    types: dict[str, Sizes] = field(default_factory=dict)
    over_limit: int = 0
    largest_pages: list[str] = field(default_factory=list)  # the five largest HTML pages, largest first
    files: dict[str, Sizes] = field(default_factory=dict)  # feeds, calendars, exports …
    search_bundle_bytes: int = 0
    search_bundle_files: int = 0
    total_bytes: int = 0


def feed_group(rel: str) -> str | None:
    if rel.endswith(("sitemap.xml", "sitemap.xml.gz")):
        return "sitemaps"
    if rel.startswith("feeds/") and rel.endswith((".rss.xml", ".atom.xml")):
        name = rel.removeprefix("feeds/")
        if "/" in name:
            return {"staedte": "feeds: per city", "handlungsfelder": "feeds: per action field"}.get(name.split("/")[0], "feeds: other")
        return f"feeds: {name.split('.')[0]}"
    if rel.endswith(".ics"):
        return "calendar: all events" if rel == "termine/termine.ics" else "calendar: per event"
    if rel.startswith("daten/") and rel.endswith((".json", ".csv")):
        return "open data exports"
    return None


def site_stats(site: Path, classifier=classify) -> SiteStats:
    stats = SiteStats(types={name: Sizes() for name in TYPES})
    pages: list[tuple[int, str]] = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        size = path.stat().st_size
        stats.total_bytes += size
        if rel.startswith(("pagefind/", "search/")):
            stats.search_bundle_bytes += size
            stats.search_bundle_files += 1
        elif rel.endswith(".html"):
            kind = classifier(rel)
            stats.types.setdefault(kind, Sizes()).add(size, rel)
            stats.pages += 1
            stats.html_bytes += size
            pages.append((size, rel))
            if size > PAGE_LIMIT:
                stats.over_limit += 1
        else:
            group = feed_group(rel)
            if group:
                stats.files.setdefault(group, Sizes()).add(size, rel)
    stats.types = {name: sizes for name, sizes in stats.types.items() if sizes.count}
    stats.largest_pages = [f"{rel} ({size / 1000:.1f} KB)" for size, rel in heapq.nlargest(5, pages)]
    return stats


def sample_pages(site: Path, classifier=classify) -> dict[str, str]:
    """One URL path per page type (the first in sorted order), for the browser checks."""
    found: dict[str, str] = {}
    for path in sorted(site.rglob("index.html")):
        rel = path.relative_to(site).as_posix()
        if not rel.startswith("suche/"):  # the search page loads the index by design
            found.setdefault(classifier(rel), rel.removesuffix("index.html"))
    return found
