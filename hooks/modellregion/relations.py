"""Who belongs to whom: the region's items grouped by city, action field, project and organisation."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .models import Event, NewsItem, Project
from .site import Site

# Catalogue order: what is happening now first, then what is coming, then what is done.
STATUS_ORDER = ("laufend", "bewilligt", "beantragt", "geplant", "abgeschlossen")


def project_sort_key(project: Project):
    """Running projects first, then by start (newest first), then by title."""
    start = project.start.sort_key() if project.start else (0, 0, 0)
    return (STATUS_ORDER.index(project.status), tuple(-part for part in start), project.title.casefold())


@dataclass(frozen=True)
class Relations:
    projects: tuple[Project, ...]  # catalogue order
    news: tuple[NewsItem, ...]  # published, newest first
    upcoming: tuple[Event, ...]  # soonest first
    past: tuple[Event, ...]  # most recent first
    projects_by_city: dict
    projects_by_field: dict
    projects_by_org: dict  # org slug -> (led, joined)
    news_by_city: dict
    news_by_field: dict
    news_by_project: dict
    news_by_year: dict
    events_by_city: dict
    events_by_field: dict
    events_by_project: dict
    events_by_report: dict  # news src_uri -> events it reports on


def build_relations(site: Site) -> Relations:
    """The groupings of a site, computed once per Site however many pages, feeds and exports ask."""
    return site.derived("relations", _relate)


def _relate(site: Site) -> Relations:
    projects = tuple(sorted(site.projects, key=project_sort_key))
    news = site.published_news
    today = site.build_date
    upcoming = tuple(e for e in site.events if e.is_upcoming(today))
    past = tuple(sorted((e for e in site.events if not e.is_upcoming(today)), key=lambda e: (e.start_date, e.slug), reverse=True))

    def group(items, attribute):
        grouped = defaultdict(list)
        for item in items:
            for key in getattr(item, attribute):
                grouped[key].append(item)
        return {key: tuple(values) for key, values in grouped.items()}

    by_org = defaultdict(lambda: ([], []))
    for project in projects:
        if project.lead:
            by_org[project.lead][0].append(project)
        for partner in project.partners:
            if partner != project.lead:
                by_org[partner][1].append(project)

    by_year = defaultdict(list)
    for item in news:
        by_year[item.year].append(item)

    by_report = defaultdict(list)
    for event in site.events:
        if event.report:
            target = site.news_by_ref(event.report)
            if target is not None:
                by_report[target.src_uri].append(event)

    return Relations(
        projects=projects,
        news=news,
        upcoming=upcoming,
        past=past,
        projects_by_city=group(projects, "cities"),
        projects_by_field=group(projects, "action_fields"),
        projects_by_org={slug: (tuple(led), tuple(joined)) for slug, (led, joined) in by_org.items()},
        news_by_city=group(news, "cities"),
        news_by_field=group(news, "action_fields"),
        news_by_project=group(news, "projects"),
        news_by_year={year: tuple(items) for year, items in sorted(by_year.items(), reverse=True)},
        events_by_city=group(site.events, "cities"),
        events_by_field=group(site.events, "action_fields"),
        events_by_project=group(site.events, "projects"),
        events_by_report={key: tuple(values) for key, values in by_report.items()},
    )
