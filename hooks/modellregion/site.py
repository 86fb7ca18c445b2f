"""The Site: every model of a region with its lookups, as pages, feeds and exports read it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

from .values import PartialDate
from .models import ActionField, City, Event, NewsItem, Organisation, Portrait, Milestone, Project, Region, Source, SourceDocument

NEWS_FILE_RE = re.compile(r"^(\d{4}-\d{2}(?:-\d{2})?)-(.+)$")  # 2024-05-02-slug, or 2020-03-slug when only the month is known

# Sections whose index pages the build generates; editors write their items, not these pages.
GENERATED_SECTIONS = ("aktuelles", "projekte", "handlungsfelder", "staedte", "akteure", "termine", "region", "daten", "feeds", "suche")


@dataclass(frozen=True)
class Page:
    """A hand-written Markdown page (Kontakt, Impressum …) and its checked front matter."""

    src_uri: str
    title: str | None
    description: str | None
    updated: date | None
    sources: tuple[str, ...] = ()  # slugs of data/sources.yml the page's facts come from
    as_of: PartialDate | None = None  # when those facts were last confirmed ("Stand der Angaben")


@dataclass(frozen=True)
class Redirect:
    """An old address (path below the site root, ending in '/') that forwards to a page."""

    source: str
    target: str
    origin: Source


@dataclass(frozen=True)
class Site:
    """Everything the build knows about the region, with lookups used by pages, feeds and exports."""

    root: Path
    build_date: date
    region: Region
    cities: tuple[City, ...]
    action_fields: tuple[ActionField, ...]
    organisations: tuple[Organisation, ...]
    projects: tuple[Project, ...]
    events: tuple[Event, ...]
    news: tuple[NewsItem, ...]  # every news file, drafts and scheduled ones included
    portraits: dict[str, Portrait]
    pages: dict[str, Page]
    redirects: tuple[Redirect, ...] = ()
    sources: tuple[SourceDocument, ...] = ()  # data/sources.yml
    milestones: tuple[Milestone, ...] = ()  # data/milestones.yml, in date order
    images: tuple[str, ...] = ()  # every image named in data or front matter, below content/
    build_time: time = time(0, 0)  # the build's time of day: news scheduled with a time on the build day
    _index: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        index: dict = {}
        object.__setattr__(self, "_index", index)  # lookups built once; a replace()d Site gets its own
        index["city"] = {c.slug: c for c in self.cities}
        index["action_field"] = {a.slug: a for a in self.action_fields}
        index["organisation"] = {o.slug: o for o in self.organisations}
        index["project"] = {p.slug: p for p in self.projects}
        index["source"] = {s.slug: s for s in self.sources}
        index["event"] = {e.slug: e for e in self.events}
        # A news item is named by its slug or by its dated file stem (a slug used in two years needs the stem).
        index["news_ref"] = {n.slug: n for n in self.news} | {Path(n.src_uri).stem: n for n in self.news}

    # --- lookups -------------------------------------------------------------------------
    def city(self, slug: str) -> City:
        return self._index["city"][slug]

    def action_field(self, slug: str) -> ActionField:
        return self._index["action_field"][slug]

    def organisation(self, slug: str) -> Organisation:
        return self._index["organisation"][slug]

    def project(self, slug: str) -> Project:
        return self._index["project"][slug]

    def source_documents(self, slugs: tuple[str, ...]) -> tuple[SourceDocument, ...]:
        """The documents of data/sources.yml that a record names, in its order."""
        return tuple(self._index["source"][s] for s in slugs if s in self._index["source"])

    def event(self, slug: str) -> Event:
        return self._index["event"][slug]

    def derived(self, name: str, compute):
        """A value computed from the whole site once: pages, feeds and exports share it."""
        if name not in self._index:
            self._index[name] = compute(self)
        return self._index[name]

    def news_by_ref(self, ref: str) -> NewsItem | None:
        """A news item by its slug or its dated file stem (as ``report`` names it)."""
        return self._index["news_ref"].get(ref)

    def city_provenance(self, slug: str) -> tuple[PartialDate | None, tuple[str, ...]]:
        """The date and sources of a city page's facts: its record in data/cities.yml and its portrait.

        The sources of both, the record's first; the portrait's as_of where it names one (the portrait
        is most of the page), else the record's."""
        city, portrait = self.city(slug), self.portraits.get(slug)
        if portrait is None:
            return city.as_of, city.sources
        return portrait.as_of or city.as_of, tuple(dict.fromkeys(city.sources + portrait.sources))

    def action_fields_provenance(self) -> tuple[PartialDate | None, tuple[str, ...]]:
        """The date and sources of the action-field overview: the sources of every field, and the
        oldest as_of among them – so old are the oldest facts the overview shows."""
        dates = [f.as_of for f in self.action_fields if f.as_of]
        oldest = min(dates, key=lambda d: d.sort_key()) if dates else None
        return oldest, tuple(dict.fromkeys(s for f in self.action_fields for s in f.sources))

    @property
    def lead_city(self) -> City:
        return self.city(self.region.lead_city)

    # --- published content ---------------------------------------------------------------
    @property
    def published_news(self) -> tuple[NewsItem, ...]:
        """News visible on the build date, newest first (same day: by title, for stable order)."""
        items = [n for n in self.news if n.is_published(self.build_date, self.build_time)]
        return tuple(sorted(items, key=lambda n: (-n.date.toordinal(), -(n.time.hour * 60 + n.time.minute if n.time else 0), n.title, n.slug)))

    def is_published(self, item: NewsItem | None) -> bool:
        return item is not None and item.is_published(self.build_date, self.build_time)


