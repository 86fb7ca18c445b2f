"""Every page the build generates or enriches: its URL, template, title, description and data."""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Sequence

from . import charts, structured, urls
from .formatting import datum, monat
from .content_model import PROJECT_KINDS, PROJECT_STATUSES
from .models import NewsItem, Project
from .opendata import DATASETS
from .relations import STATUS_ORDER, Relations, build_relations
from .site import Site

NEWS_PER_PAGE = 10
PROJECTS_PER_PAGE = 12
EVENTS_PER_PAGE = 20
LIST_PREVIEW = 6  # items shown on city, field and start pages before "alle anzeigen"
TIMELINE_LIMIT = 10  # projects in one timeline: a page stays small and readable however many there are

STATUS_LABELS = {
    "geplant": "Geplant",
    "beantragt": "Beantragt",
    "bewilligt": "Bewilligt",
    "laufend": "Laufend",
    "abgeschlossen": "Abgeschlossen",
}

KIND_LABELS = {
    "modellprojekt": "Projekt der Modellregion",
    "partnervorhaben": "Vorhaben eines Partners",
}

# Hand-written pages that show data from data/region.yml around the editor's text.
PAGE_TEMPLATES = {
    "index.md": "home.html",
    "kontakt.md": "contact.html",
    "impressum.md": "imprint.html",
    "datenschutz.md": "privacy.html",
    "barrierefreiheit.md": "accessibility.html",
    "presse.md": "press.html",
    "gebaerdensprache.md": "sign-language.html",
    "leichte-sprache.md": "easy-language.html",
}


@dataclass(frozen=True)
class Crumb:
    title: str
    path: str


@dataclass(frozen=True)
class FeedLink:
    title: str
    path: str
    kind: str  # rss | atom

    @property
    def mime(self) -> str:
        return "application/rss+xml" if self.kind == "rss" else "application/atom+xml"


@dataclass(frozen=True)
class Pager:
    """Numbered pages of one list: where we are and where the others live."""

    number: int
    count: int
    base: str

    def path(self, number: int) -> str:
        return urls.paged(self.base, number)

    @property
    def previous(self) -> str | None:
        return self.path(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.path(self.number + 1) if self.number < self.count else None

    @property
    def numbers(self) -> list[int | None]:
        """1 … 4 5 [6] 7 8 … 20: first, last and two either side; None marks a gap."""
        shown = sorted({1, self.count, *range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)})
        result: list[int | None] = []
        for number in shown:
            if result and number - (result[-1] or 0) > 1:
                result.append(None)
            result.append(number)
        return result


@dataclass(frozen=True)
class PageSpec:
    """One page: where it lives, how it is rendered and what it shows."""

    path: str  # URL path relative to the site root, '' for the start page
    template: str
    title: str
    description: str
    data: dict[str, Any] = field(default_factory=dict)
    crumbs: tuple[Crumb, ...] = ()
    feeds: tuple[FeedLink, ...] = ()
    updated: date | None = None
    src_uri: str | None = None  # an editor's Markdown file that this page is built from
    generated: bool = True
    og_type: str = "website"
    image: Any = None
    jsonld: dict | None = None  # schema.org data for the page head
    searchable: bool = True  # lists, filters and archives repeat what item pages say: not indexed
    banner: str | None = None  # preview only: why this page is not on the public site
    as_of: Any = None  # PartialDate: when the facts shown were last confirmed ("Stand der Angaben"), instead of `updated`
    sources: tuple = ()  # SourceDocuments the facts come from

    @property
    def virtual_src_uri(self) -> str:
        return self.src_uri or urls.src_uri(self.path)


def _timeline_selection(projects: Sequence[Project], limit: int) -> set[str] | None:
    """The slugs of at most ``limit`` projects for a timeline (None: all fit): running ones first, then
    those whose latest known date (end, start or date of the facts) is newest."""
    distinct = {p.slug: p for p in projects}
    if len(distinct) <= limit:
        return None

    def latest(project: Project) -> int:
        known = [d.first_day().toordinal() for d in (project.end, project.start, project.as_of) if d]
        return max(known, default=0)
    ranked = sorted(distinct.values(), key=lambda p: (p.status != "laufend", -latest(p), p.title, p.slug))
    return {p.slug for p in ranked[:limit]}


def _related_order(score: int, item: NewsItem) -> tuple:
    """Higher score first, then newer, then by title (and file, so that equal titles keep one order)."""
    return (-score, -item.date.toordinal(), item.title, item.src_uri)


def chunks(items: Sequence, size: int) -> list[Sequence]:
    if not items:
        return [items]
    return [items[start:start + size] for start in range(0, len(items), size)]


HOME_CRUMB = Crumb("Startseite", urls.HOME)


class PageBuilder:
    """Turns a Site into PageSpecs; one method per page type."""

    def __init__(self, site: Site):
        self.site = site
        self.rel: Relations = build_relations(site)
        self._groups: dict | None = None
        self._ranked: dict = {}
        region = site.region
        self.news_feeds = (
            FeedLink(f"{region.short_name}: Aktuelles (RSS)", urls.feed("aktuelles", "rss"), "rss"),
            FeedLink(f"{region.short_name}: Aktuelles (Atom)", urls.feed("aktuelles", "atom"), "atom"),
        )
        self.event_feeds = (
            FeedLink(f"{region.short_name}: Termine (RSS)", urls.feed("termine", "rss"), "rss"),
            FeedLink(f"{region.short_name}: Termine (Atom)", urls.feed("termine", "atom"), "atom"),
        )

    # --- helpers -------------------------------------------------------------------------
    def city_feeds(self, slug: str) -> tuple[FeedLink, ...]:
        name = self.site.city(slug).name
        short = self.site.region.short_name
        return tuple(FeedLink(f"{short}: Aktuelles aus {name} ({label})", urls.feed(f"staedte/{slug}", kind), kind) for kind, label in (("rss", "RSS"), ("atom", "Atom")))

    def field_feeds(self, slug: str) -> tuple[FeedLink, ...]:
        title = self.site.action_field(slug).title
        short = self.site.region.short_name
        return tuple(FeedLink(f"{short}: {title} ({label})", urls.feed(f"handlungsfelder/{slug}", kind), kind) for kind, label in (("rss", "RSS"), ("atom", "Atom")))

    # --- charts ---------------------------------------------------------------------------
    def project_timeline(self, title: str, description: str, lanes: list[tuple[str, Sequence[Project]]], more=None) -> charts.Chart | None:
        """Start to end (or to today, open) per project, in lanes; the same data as a table.
        None when no project of the lanes has a known start or end: an empty time axis says nothing."""
        today = self.site.build_date
        if not any(p.start or p.end or p.as_of for _, projects in lanes for p in projects):
            return None
        shown = _timeline_selection([p for _, projects in lanes for p in projects], TIMELINE_LIMIT)
        if shown is not None:
            lanes = [(label, [p for p in projects if p.slug in shown]) for label, projects in lanes]
            description += f" Gezeigt werden die {len(shown)} Projekte mit den jüngsten Angaben, laufende zuerst; alle stehen im Katalog."
        chart_lanes = [
            charts.Lane(label, tuple(charts.Span(p.title, p.start.first_day() if p.start else None, p.end.first_day() if p.end else None,
                                                 urls.project(p.slug), p.status, p.as_of.first_day() if p.as_of else None) for p in projects))
            for label, projects in lanes if projects
        ]
        rows = tuple((p.title, label, monat(p.start) or "unbekannt", monat(p.end) or ("offen" if p.start else "unbekannt"),
                      STATUS_LABELS[p.status] + (f" (Stand {monat(p.as_of)})" if p.as_of else ""))
                     for label, projects in lanes for p in projects)
        links = tuple(urls.project(p.slug) for _label, projects in lanes for p in projects)
        return charts.Chart(title, lambda root: charts.timeline(title, description, chart_lanes, today, root),
                            ("Projekt", "Handlungsfeld oder Gruppe", "Beginn", "Ende", "Status"), rows, more, links)

    def bars(self, title: str, description: str, bars: list[charts.Bar], kind: str, more=None) -> charts.Chart:
        return charts.Chart(title, lambda root: charts.bar_chart(title, description, bars, kind=kind, root=root), ("", "Projekte"),
                            tuple((bar.label, str(bar.value)) for bar in bars), more, tuple(bar.href for bar in bars))

    def paged_specs(self, base: str, items: Sequence, per_page: int, make) -> list[PageSpec]:
        pages = chunks(items, per_page)
        return [make(Pager(number, len(pages), base), chunk) for number, chunk in enumerate(pages, start=1)]

    @staticmethod
    def page_title(title: str, pager: Pager) -> str:
        return title if pager.number == 1 else f"{title} – Seite {pager.number}"

    # --- all pages -----------------------------------------------------------------------
    def all(self) -> list[PageSpec]:
        specs = [self.home()]
        specs += self.news_lists()
        specs += [self.news_item(item) for item in self.rel.news]
        specs += self.catalogue()
        specs += [self.project(p) for p in self.rel.projects]
        specs += [self.fields_overview(), *(self.field(f.slug) for f in self.site.action_fields)]
        specs += [self.cities_overview(), *(self.city(c.slug) for c in self.site.cities)]
        specs += [self.organisations(), *(spec for o in self.site.organisations for spec in self.organisation(o.slug))]
        specs += self.event_lists()
        specs += [self.event(e.slug) for e in self.site.events]
        specs += [self.region_page(), *([self.chronicle()] if self.site.milestones else []), self.open_data(), self.feeds_page(), self.search()]
        specs += self.editor_pages()
        return specs

    # --- start page and hand-written pages -----------------------------------------------
    def home(self) -> PageSpec:
        site, rel = self.site, self.rel
        featured = [p for p in rel.projects if p.featured] or list(rel.projects)
        page = site.pages.get("index.md")
        return PageSpec(
            path=urls.HOME,
            template="home.html",
            title=(page.title if page and page.title else site.region.name),
            description=(page.description if page and page.description else site.region.description),
            data={
                "news": rel.news[:4],
                "events": rel.upcoming[:3],
                # No event announced: the most recent ones, marked as past, instead of an empty box.
                "past_events": rel.past[:2] if not rel.upcoming else (),
                "figures": (
                    (len(rel.projects), "Projekte", "Projekt", urls.PROJECTS),
                    (len(site.cities), "Städte", "Stadt", urls.CITIES),
                    (len(site.action_fields), "Handlungsfelder", "Handlungsfeld", urls.FIELDS),
                    (len(site.organisations), "Akteure", "Akteur", urls.ORGANISATIONS),
                ),
                "fields": site.action_fields,
                "cities": site.cities,
                "projects": featured[:LIST_PREVIEW],
            },
            feeds=self.news_feeds + self.event_feeds,
            updated=page.updated if page else None,
            as_of=page.as_of if page else None,
            sources=site.source_documents(page.sources) if page else (),
            src_uri="index.md",
            generated=False,
        )

    def editor_pages(self) -> list[PageSpec]:
        specs = []
        for src_uri, page in sorted(self.site.pages.items()):
            if src_uri == "index.md":
                continue
            path = src_uri[:-3] + "/" if not src_uri.endswith("index.md") else src_uri[: -len("index.md")]
            specs.append(PageSpec(
                path=path,
                template=PAGE_TEMPLATES.get(src_uri, "main.html"),
                title=page.title or "",
                description=page.description or self.site.region.description,
                crumbs=(HOME_CRUMB,),
                updated=page.updated,
                as_of=page.as_of,
                sources=self.site.source_documents(page.sources),
                src_uri=src_uri,
                generated=False,
                data={},
            ))
        return specs

    # --- news ----------------------------------------------------------------------------
    def news_lists(self) -> list[PageSpec]:
        rel, site = self.rel, self.site
        years = [(year, len(items)) for year, items in rel.news_by_year.items()]
        filters = {
            "years": years,
            "cities": [(c, len(rel.news_by_city.get(c.slug, ()))) for c in site.cities],
            "fields": [(f, len(rel.news_by_field.get(f.slug, ()))) for f in site.action_fields],
        }

        def lister(base, title, intro, items, crumbs, feeds, current):
            def make(pager: Pager, chunk):
                return PageSpec(
                    path=pager.path(pager.number),
                    template="news-list.html",
                    searchable=False,
                    title=self.page_title(title, pager),
                    description=intro,
                    data={"items": chunk, "pager": pager, "total": len(items), "intro": intro, "filters": filters, "current": current},
                    crumbs=crumbs,
                    feeds=feeds,
                )
            return self.paged_specs(base, items, NEWS_PER_PAGE, make)

        news_crumbs = (HOME_CRUMB, Crumb("Aktuelles", urls.NEWS))
        specs = lister(urls.NEWS, "Aktuelles", f"Neuigkeiten aus der {site.region.name}, die neuesten zuerst.", rel.news, (HOME_CRUMB,), self.news_feeds, {})
        for year, items in rel.news_by_year.items():
            specs += lister(urls.news_year(year), f"Aktuelles aus {year}", f"Alle Meldungen des Jahres {year}.", items, news_crumbs, self.news_feeds, {"year": year})
        for city in site.cities:
            items = rel.news_by_city.get(city.slug, ())
            specs += lister(urls.news_city(city.slug), f"Aktuelles aus {city.name}", f"Meldungen, die {city.name} betreffen.", items, news_crumbs, self.city_feeds(city.slug), {"city": city.slug})
        for field_ in site.action_fields:
            items = rel.news_by_field.get(field_.slug, ())
            specs += lister(urls.news_field(field_.slug), f"Aktuelles: {field_.title}", f"Meldungen aus dem Handlungsfeld {field_.title}.", items, news_crumbs, self.field_feeds(field_.slug), {"field": field_.slug})
        return specs

    def news_item(self, item: NewsItem) -> PageSpec:
        site, rel = self.site, self.rel
        related = self.related_news(item)
        feeds = self.news_feeds
        for slug in item.cities:
            feeds += self.city_feeds(slug)
        for slug in item.action_fields:
            feeds += self.field_feeds(slug)
        return PageSpec(
            path=urls.news_item(item),
            template="news.html",
            title=item.title,
            description=item.summary,
            data={
                "item": item,
                "cities": [site.city(s) for s in item.cities],
                "fields": [site.action_field(s) for s in item.action_fields],
                "projects": [site.project(s) for s in item.projects],
                "related": related,
                "events": rel.events_by_report.get(item.src_uri, ()),
            },
            crumbs=(HOME_CRUMB, Crumb("Aktuelles", urls.NEWS), Crumb(str(item.year), urls.news_year(item.year))),
            feeds=feeds,
            updated=item.updated or (None if item.month_only else item.date),  # a month-only item has no day to show
            sources=site.source_documents(item.sources),
            src_uri=item.src_uri,
            generated=False,
            og_type="article",
            image=item.image,
            jsonld=structured.news_article(site, item),
        )

    def related_news(self, item: NewsItem, limit: int = 3) -> list[NewsItem]:
        """Other news sharing projects (weighted 4 each), action fields (2) or cities (1); newest first on ties.

        Linear in the archive, not quadratic: news sharing a project are scored one by one (few per
        project); all others by their group of equal cities and fields, best groups first, of which
        only the first ``limit`` (newest) of each group can make it into the result, and only until
        no further group can reach the scores already found."""
        cities, fields, projects = set(item.cities), set(item.action_fields), set(item.projects)
        by_project = {other.src_uri: other for key in item.projects for other in self.rel.news_by_project.get(key, ()) if other.src_uri != item.src_uri}
        candidates = [(4 * len(projects & set(o.projects)) + 2 * len(fields & set(o.action_fields)) + len(cities & set(o.cities)), o)
                      for o in by_project.values()]
        best = heapq.nlargest(limit, (score for score, _ in candidates))[::-1]  # the top scores so far, lowest first
        for score, members in self._ranked_groups(frozenset(cities), frozenset(fields)):
            if len(best) == limit and score < best[0]:
                break  # the groups come best first: none of the rest can enter the result
            taken = 0
            for other in members:
                if other.src_uri == item.src_uri or other.src_uri in by_project:
                    continue
                candidates.append((score, other))
                heapq.heappush(best, score)
                if len(best) > limit:
                    heapq.heappop(best)
                taken += 1
                if taken == limit:
                    break
        return [other for _, other in heapq.nsmallest(limit, candidates, key=lambda pair: _related_order(*pair))]

    def _ranked_groups(self, cities: frozenset, fields: frozenset) -> list[tuple[int, list[NewsItem]]]:
        """The groups of news that share a city or field with these, by their score, best first (once per combination)."""
        key = (cities, fields)
        if key not in self._ranked:
            scored = [(2 * len(fields & group_fields) + len(cities & group_cities), members)
                      for (group_cities, group_fields), members in self._news_groups().items()]
            self._ranked[key] = sorted(((score, members) for score, members in scored if score), key=lambda pair: -pair[0])
        return self._ranked[key]

    def _news_groups(self) -> dict[tuple[frozenset, frozenset], list[NewsItem]]:
        """Published news by their set of cities and of action fields, newest first (computed once)."""
        if self._groups is None:
            groups: dict[tuple[frozenset, frozenset], list[NewsItem]] = {}
            for other in self.rel.news:
                groups.setdefault((frozenset(other.cities), frozenset(other.action_fields)), []).append(other)
            for members in groups.values():
                members.sort(key=lambda other: _related_order(0, other))
            self._groups = groups
        return self._groups

    # --- projects ------------------------------------------------------------------------
    def catalogue(self) -> list[PageSpec]:
        site, rel = self.site, self.rel
        cities = [c.slug for c in site.cities]
        fields = [f.slug for f in site.action_fields]
        statuses = [s for s in STATUS_ORDER if s in PROJECT_STATUSES]
        kinds = [k for k in PROJECT_KINDS if any(p.kind == k for p in rel.projects)]

        # Every selection (city or all, field or all, status or all, kind or all) with its projects, in one pass.
        selections: dict[tuple, list[Project]] = {}
        for project in rel.projects:
            cities_, fields_ = dict.fromkeys(project.cities), dict.fromkeys(project.action_fields)  # a slug listed twice counts once
            for key in itertools.product((None, *cities_), (None, *fields_), (None, project.status), (None, project.kind)):
                selections.setdefault(key, []).append(project)

        def matching(city, field_, status, kind) -> list[Project]:
            return selections.get((city, field_, status, kind), [])

        def option_groups(city, field_, status, kind):
            """For each dimension: every choice with the count it would give, keeping the others."""
            def option(label, c, f, s, k, selected):
                count = len(matching(c, f, s, k))
                return {"label": label, "path": urls.project_filter(c, f, s, k), "count": count, "selected": selected}
            groups = [
                {"name": "Stadt", "options": [option("Alle Städte", None, field_, status, kind, city is None)]
                 + [option(site.city(c).name, c, field_, status, kind, city == c) for c in cities]},
                {"name": "Handlungsfeld", "options": [option("Alle Handlungsfelder", city, None, status, kind, field_ is None)]
                 + [option(site.action_field(f).title, city, f, status, kind, field_ == f) for f in fields]},
                {"name": "Status", "options": [option("Alle", city, field_, None, kind, status is None)]
                 + [option(STATUS_LABELS[s], city, field_, s, kind, status == s) for s in statuses]},
            ]
            if len(kinds) > 1:
                groups.append({"name": "Art", "options": [option("Alle Arten", city, field_, status, None, kind is None)]
                               + [option(KIND_LABELS[k], city, field_, status, k, kind == k) for k in kinds]})
            return groups

        specs = []
        for city, field_, status, kind in itertools.product([None, *cities], [None, *fields], [None, *statuses], [None, *(kinds if len(kinds) > 1 else ())]):
            items = matching(city, field_, status, kind)
            filtered = any((city, field_, status, kind))
            if filtered and not items:
                continue  # empty selections get no page; their links are shown as "0" without a link
            parts = []
            if city:
                parts.append(site.city(city).name)
            if field_:
                parts.append(site.action_field(field_).title)
            if status:
                parts.append(STATUS_LABELS[status])
            if kind:
                parts.append(KIND_LABELS[kind])
            title = "Projekte" + (": " + ", ".join(parts) if parts else "")
            base = urls.project_filter(city, field_, status, kind)
            groups = option_groups(city, field_, status, kind)
            selection = {"city": city, "field": field_, "status": status, "kind": kind}

            def make(pager, chunk, title=title, items=items, groups=groups, selection=selection, filtered=filtered):
                overview = [] if filtered or pager.number > 1 else self.catalogue_charts()
                return PageSpec(
                    path=pager.path(pager.number),
                    template="projects.html",
                    searchable=False,
                    title=self.page_title(title, pager),
                    description=f"{len(items)} Projekte der {site.region.name}" + (f" – Auswahl: {title[len('Projekte: '):]}" if filtered else "") + ".",
                    data={"items": chunk, "pager": pager, "total": len(items), "groups": groups, "selection": selection, "filtered": filtered, "all_count": len(rel.projects), "charts": overview},
                    crumbs=(HOME_CRUMB, Crumb("Projekte", urls.PROJECTS)) if filtered else (HOME_CRUMB,),
                )
            specs += self.paged_specs(base, items, PROJECTS_PER_PAGE, make)
        return specs

    def catalogue_charts(self) -> list[charts.Chart]:
        site, rel = self.site, self.rel
        statuses = [s for s in STATUS_ORDER if s in PROJECT_STATUSES]
        counts = {s: sum(1 for p in rel.projects if p.status == s) for s in statuses}
        # Empty selections have no filter page (catalogue): their rows get no link.
        by_status = [charts.Bar(STATUS_LABELS[s], counts[s], urls.project_filter(status=s) if counts[s] else None) for s in statuses]
        by_city = [charts.Bar(c.name, len(rel.projects_by_city.get(c.slug, ())), urls.project_filter(c.slug) if rel.projects_by_city.get(c.slug) else None)
                   for c in site.cities]
        lanes = [(f.title, rel.projects_by_field.get(f.slug, ())) for f in site.action_fields]
        return [chart for chart in (
            self.bars("Projekte nach Status", "Anzahl der Projekte je Status; jeder Balken führt zur gefilterten Liste.", by_status, "status"),
            self.bars("Projekte nach Stadt", "Anzahl der Projekte je Stadt; ein Projekt mehrerer Städte zählt bei jeder.", by_city, "city"),
            self.project_timeline("Projekte im Zeitverlauf", "Beginn und Ende jedes Projekts nach Handlungsfeld; offene Enden als Pfeil, ein Punkt „Stand“, wo nur das Datum der Angaben bekannt ist; die senkrechte Linie ist heute.", lanes),
        ) if chart is not None]

    def project(self, project: Project) -> PageSpec:
        site, rel = self.site, self.rel
        lead = site.organisation(project.lead) if project.lead else None
        return PageSpec(
            path=urls.project(project.slug),
            template="project.html",
            title=project.title,
            description=project.summary,
            data={
                "project": project,
                "cities": [site.city(s) for s in project.cities],
                "fields": [site.action_field(s) for s in project.action_fields],
                "lead": lead,
                "partners": [site.organisation(s) for s in project.partners if s != project.lead],
                "news": rel.news_by_project.get(project.slug, ())[:LIST_PREVIEW],
                "news_total": len(rel.news_by_project.get(project.slug, ())),
                "events": [e for e in rel.events_by_project.get(project.slug, ())],
                "status_label": STATUS_LABELS[project.status],
                "kind_label": KIND_LABELS[project.kind],
            },
            crumbs=(HOME_CRUMB, Crumb("Projekte", urls.PROJECTS)),
            updated=project.updated,
            as_of=project.as_of,
            sources=site.source_documents(project.sources),
            src_uri=f"projekte/{project.slug}.md",
            generated=not project.has_story,
            og_type="article",
            image=project.image,
        )

    # --- action fields -------------------------------------------------------------------
    def fields_overview(self) -> PageSpec:
        site, rel = self.site, self.rel
        as_of, sources = site.action_fields_provenance()
        rows = []
        for field_ in site.action_fields:
            projects = rel.projects_by_field.get(field_.slug, ())
            cells = [(city, sum(1 for p in projects if city.slug in p.cities)) for city in site.cities]
            rows.append({
                "field": field_,
                "projects": len(projects),
                "news": len(rel.news_by_field.get(field_.slug, ())),
                "events": len(rel.events_by_field.get(field_.slug, ())),
                "cells": cells,
            })
        return PageSpec(
            path=urls.FIELDS,
            template="fields.html",
            title="Handlungsfelder",
            description=f"Die Handlungsfelder der {site.region.name} mit ihren Projekten, Meldungen und Terminen.",
            data={"rows": rows, "cities": site.cities, "city_totals": [(c, len(rel.projects_by_city.get(c.slug, ()))) for c in site.cities],
                  # heat steps 0–4 for the matrix cells, relative to the busiest cell
                  "heat_max": max((count for row in rows for _c, count in row["cells"]), default=0)},
            crumbs=(HOME_CRUMB,),
            as_of=as_of,
            sources=site.source_documents(sources),
        )

    def field(self, slug: str) -> PageSpec:
        site, rel = self.site, self.rel
        field_ = site.action_field(slug)
        projects = rel.projects_by_field.get(slug, ())
        news = rel.news_by_field.get(slug, ())
        return PageSpec(
            path=urls.action_field(slug),
            template="field.html",
            title=field_.title,
            description=field_.summary,
            data={
                "field": field_,
                "projects": projects[:LIST_PREVIEW],
                "projects_total": len(projects),
                "news": news[:LIST_PREVIEW],
                "news_total": len(news),
                "events": [e for e in rel.events_by_field.get(slug, ()) if e.is_upcoming(site.build_date)][:LIST_PREVIEW],
                "cities": [(c, sum(1 for p in projects if c.slug in p.cities)) for c in site.cities],
                "charts": [chart for chart in [self.project_timeline(f"Projekte im Handlungsfeld {field_.title} im Zeitverlauf",
                                                 "Beginn und Ende jedes Projekts; offene Enden als Pfeil, die senkrechte Linie ist heute.",
                                                 [(field_.title, projects)], (urls.project_filter(field=slug), "Alle Projekte dieses Handlungsfelds im Katalog"))] if chart],
            },
            crumbs=(HOME_CRUMB, Crumb("Handlungsfelder", urls.FIELDS)),
            feeds=self.field_feeds(slug),
            as_of=field_.as_of,
            sources=site.source_documents(field_.sources),
        )

    # --- cities --------------------------------------------------------------------------
    def cities_overview(self) -> PageSpec:
        site, rel = self.site, self.rel
        return PageSpec(
            path=urls.CITIES,
            template="cities.html",
            title="Städte",
            description=f"Die Städte der {site.region.name} und ihre Projekte.",
            data={"cities": [(c, len(rel.projects_by_city.get(c.slug, ())), len(rel.news_by_city.get(c.slug, ()))) for c in site.cities]},
            crumbs=(HOME_CRUMB,),
        )

    def city(self, slug: str) -> PageSpec:
        site, rel = self.site, self.rel
        city = site.city(slug)
        portrait = site.portraits.get(slug)
        projects = rel.projects_by_city.get(slug, ())
        news = rel.news_by_city.get(slug, ())
        as_of, sources = site.city_provenance(slug)
        return PageSpec(
            path=urls.city(slug),
            template="city.html",
            title=(portrait.title if portrait and portrait.title else city.name),
            description=(portrait.description if portrait and portrait.description else city.summary or f"{city.name} in der {site.region.name}: Projekte, Meldungen und Termine."),
            data={
                "city": city,
                "projects": projects[:LIST_PREVIEW],
                "projects_total": len(projects),
                "news": news[:LIST_PREVIEW],
                "news_total": len(news),
                "events": [e for e in rel.events_by_city.get(slug, ()) if e.is_upcoming(site.build_date)][:LIST_PREVIEW],
                "organisations": [o for o in site.organisations if o.city == slug],
                "has_portrait": portrait is not None,
                "charts": [chart for chart in [self.project_timeline(f"Projekte in {city.name} im Zeitverlauf",
                                                 "Beginn und Ende jedes Projekts nach Handlungsfeld; offene Enden als Pfeil, die senkrechte Linie ist heute.",
                                                 [(f.title, [p for p in projects if f.slug in p.action_fields]) for f in site.action_fields],
                                                 (urls.project_filter(slug), f"Alle Projekte in {city.name} im Katalog"))] if chart],
            },
            crumbs=(HOME_CRUMB, Crumb("Städte", urls.CITIES)),
            feeds=self.city_feeds(slug),
            updated=portrait.updated if portrait else None,
            as_of=as_of,
            sources=site.source_documents(sources),
            src_uri=f"staedte/{slug}.md",
            generated=portrait is None,
            image=city.image,
        )

    # --- organisations -------------------------------------------------------------------
    def organisations(self) -> PageSpec:
        site, rel = self.site, self.rel
        groups: dict[str, list] = {}
        for org in sorted(site.organisations, key=lambda o: o.name.casefold()):
            led, joined = rel.projects_by_org.get(org.slug, ((), ()))
            groups.setdefault(org.kind, []).append((org, len(led) + len(joined)))
        return PageSpec(
            path=urls.ORGANISATIONS,
            template="organisations.html",
            title="Akteure",
            description=f"Verwaltungen, Unternehmen, Wissenschaft und Zivilgesellschaft in der {site.region.name}.",
            data={"groups": sorted(groups.items())},
            crumbs=(HOME_CRUMB,),
        )

    def organisation(self, slug: str) -> list[PageSpec]:
        """The organisation's page with a few of its projects; all of them on numbered pages when there are more."""
        site, rel = self.site, self.rel
        org = site.organisation(slug)
        led, joined = rel.projects_by_org.get(slug, ((), ()))
        everything = [*led, *joined]
        more = len(led) > LIST_PREVIEW or len(joined) > LIST_PREVIEW
        crumbs = (HOME_CRUMB, Crumb("Akteure", urls.ORGANISATIONS))
        specs = [PageSpec(
            path=urls.organisation(slug),
            template="organisation.html",
            title=org.name,
            description=org.description or f"{org.name} ({org.kind}) in der {site.region.name}.",
            data={"organisation": org, "led": led[:LIST_PREVIEW], "joined": joined[:LIST_PREVIEW], "led_total": len(led), "joined_total": len(joined),
                  "all_projects": urls.organisation_projects(slug) if more else None, "city": site.city(org.city) if org.city else None},
            crumbs=crumbs,
            image=org.logo,
            as_of=org.as_of,
            sources=site.source_documents(org.sources),
        )]
        if more:
            def make(pager, chunk):
                return PageSpec(
                    path=pager.path(pager.number),
                    template="organisation-projects.html",
                    title=self.page_title(f"Projekte: {org.name}", pager),
                    description=f"Alle {len(everything)} Projekte mit Beteiligung von {org.name}.",
                    data={"organisation": org, "items": chunk, "pager": pager, "total": len(everything), "led": {p.slug for p in led}},
                    crumbs=(*crumbs, Crumb(org.name, urls.organisation(slug))),
                    searchable=False,
                )
            specs += self.paged_specs(urls.organisation_projects(slug), everything, PROJECTS_PER_PAGE, make)
        return specs

    # --- events --------------------------------------------------------------------------
    def event_lists(self) -> list[PageSpec]:
        site, rel = self.site, self.rel
        specs = [PageSpec(
            path=urls.EVENTS,
            template="events.html",
            title="Termine",
            description=f"Kommende und vergangene Termine der {site.region.name}.",
            data={"upcoming": rel.upcoming[:EVENTS_PER_PAGE], "upcoming_total": len(rel.upcoming), "past": rel.past[:LIST_PREVIEW], "past_total": len(rel.past)},
            crumbs=(HOME_CRUMB,),
            feeds=self.event_feeds,
        )]

        def numbered(base: str, events: Sequence, title: str, description: str, upcoming: bool) -> list[PageSpec]:
            def make(pager, chunk):
                return PageSpec(
                    path=pager.path(pager.number),
                    template="events-archive.html",
                    searchable=False,
                    title=self.page_title(title, pager),
                    description=description,
                    data={"items": chunk, "pager": pager, "total": len(events), "upcoming": upcoming},
                    crumbs=(HOME_CRUMB, Crumb("Termine", urls.EVENTS)),
                    feeds=self.event_feeds,
                )
            return self.paged_specs(base, events, EVENTS_PER_PAGE, make)

        if len(rel.upcoming) > EVENTS_PER_PAGE:  # /termine/ shows the next ones; all of them on numbered pages
            specs += numbered(urls.EVENTS_UPCOMING, rel.upcoming, "Kommende Termine", f"Alle kommenden Termine der {site.region.name}, die nächsten zuerst.", True)
        specs += numbered(urls.EVENTS_ARCHIVE, rel.past, "Vergangene Termine", f"Vergangene Termine der {site.region.name}, die jüngsten zuerst.", False)
        return specs

    def event(self, slug: str) -> PageSpec:
        site = self.site
        event = site.event(slug)
        report = site.news_by_ref(event.report) if event.report else None
        description = f"{event.title}: Termin der {site.region.name}."
        return PageSpec(
            path=urls.event(slug),
            template="event.html",
            title=event.title,
            description=description,
            data={
                "event": event,
                "upcoming": event.is_upcoming(site.build_date),
                "cities": [site.city(s) for s in event.cities],
                "fields": [site.action_field(s) for s in event.action_fields],
                "projects": [site.project(s) for s in event.projects],
                "report": report if site.is_published(report) else None,
                "ics": urls.event_ics(slug),
            },
            crumbs=(HOME_CRUMB, Crumb("Termine", urls.EVENTS)),
            feeds=self.event_feeds,
            updated=event.updated,
            as_of=event.as_of,
            sources=site.source_documents(event.sources),
            og_type="article",
            image=event.image,
            jsonld=structured.event(site, event),
        )

    # --- region, open data, feeds, search ------------------------------------------------
    def region_page(self) -> PageSpec:
        site = self.site
        return PageSpec(
            path=urls.REGION,
            template="region.html",
            title="Über die Modellregion",
            description=site.region.description,
            data={"cities": site.cities, "lead": site.lead_city, "charts": self.governance_charts()},
            crumbs=(HOME_CRUMB,),
            as_of=site.region.as_of,
            sources=site.source_documents(site.region.sources),
        )

    def chronicle(self) -> PageSpec:
        """The region's chronicle (data/milestones.yml), oldest first, grouped by year, with links and sources."""
        site = self.site
        years: dict[int, list] = {}
        for milestone in site.milestones:
            news = [n for n in (site.news_by_ref(r) for r in milestone.news) if n is not None and site.is_published(n)]
            years.setdefault(milestone.date.year, []).append({
                "milestone": milestone,
                "news": news,
                "projects": [site.project(s) for s in milestone.projects],
                "events": [site.event(s) for s in milestone.events],
                "sources": site.source_documents(milestone.sources),
            })
        first, last = site.milestones[0].date.year, site.milestones[-1].date.year
        return PageSpec(
            path=urls.CHRONICLE,
            template="chronicle.html",
            title="Chronik",
            description=f"Die Chronik der {site.region.name}: was wann geschah, {first} bis {last}, mit Quellen.",
            data={"years": sorted(years.items()), "charts": [self.chronicle_chart()]},
            crumbs=(HOME_CRUMB, Crumb("Über die Region", urls.REGION)),
        )

    def chronicle_chart(self) -> charts.Chart:
        milestones = self.site.milestones
        moments = [charts.Moment(monat(m.date), m.date.first_day(), m.title) for m in milestones]
        title = "Chronik im Zeitverlauf"
        svg = charts.chronicle(title, f"{len(moments)} Meilensteine von {moments[0].when} bis {moments[-1].when}, die Abstände folgen der Zeit.", moments)
        return charts.Chart(title, lambda root: svg, ("Datum", "Meilenstein"), tuple((m.when, m.title) for m in moments))

    def governance_charts(self) -> list[charts.Chart]:
        region = self.site.region
        if not region.governance:
            return []
        boxes = [charts.BodyBox(b.name, b.role, b.meets, b.members) for b in region.governance]
        office = region.project_office.name if region.project_office else None
        svg = charts.governance("Gremien der Modellregion", "Die Gremien mit Aufgabe, Mitgliedern und Sitzungsrhythmus"
                                + (f"; alle arbeiten mit dem {office} zusammen." if office else "."), boxes, office)
        rows = tuple((b.name, b.role, b.meets or "–", ", ".join(b.members) or "–") for b in region.governance)
        return [charts.Chart("Gremien der Modellregion", lambda root: svg, ("Gremium", "Aufgabe", "tagt", "Mitglieder"), rows)]

    def open_data(self) -> PageSpec:
        return PageSpec(
            path=urls.OPEN_DATA,
            template="opendata.html",
            title="Offene Daten",
            description=f"Projekte, Termine, Akteure, Städte und Handlungsfelder der {self.site.region.name} mit ihren Quellen als JSON und CSV zur freien Weiterverwendung.",
            data={"datasets": DATASETS},
            crumbs=(HOME_CRUMB,),
        )

    def feeds_page(self) -> PageSpec:
        site = self.site
        return PageSpec(
            path=urls.FEEDS,
            template="feeds.html",
            title="Feeds und Kalender",
            description=f"Alle Nachrichten-Feeds (RSS und Atom) und Kalenderdateien der {site.region.name}.",
            data={
                "news": self.news_feeds,
                "events": self.event_feeds,
                "cities": [(c, self.city_feeds(c.slug)) for c in site.cities],
                "fields": [(f, self.field_feeds(f.slug)) for f in site.action_fields],
                "ics": urls.ALL_EVENTS_ICS,
            },
            crumbs=(HOME_CRUMB,),
            feeds=self.news_feeds + self.event_feeds,
        )

    def search(self) -> PageSpec:
        return PageSpec(
            path=urls.SEARCH,
            template="search.html",
            searchable=False,
            title="Suche",
            description=f"Volltextsuche auf den Seiten der {self.site.region.name}.",
            crumbs=(HOME_CRUMB,),
        )


def build_pages(site: Site) -> list[PageSpec]:
    """All page specs (references.check_pages says whether their addresses are free)."""
    return PageBuilder(site).all()


def preview_pages(site: Site) -> list[PageSpec]:
    """The preview's extra pages: drafts and scheduled news, each under a banner saying so.

    They are linked from nowhere (lists, feeds and exports stay as the public site has them)."""
    builder = PageBuilder(site)
    specs = []
    for item in site.news:
        if site.is_published(item):
            continue
        at = f" um {item.time.strftime('%H:%M')} Uhr" if item.time else ""
        banner = "Entwurf – nicht veröffentlicht" if item.draft else f"Erscheint am {datum(item.date)}{at} – bis dahin nur in der Vorschau"
        specs.append(replace(builder.news_item(item), banner=banner, searchable=False))
    return specs
