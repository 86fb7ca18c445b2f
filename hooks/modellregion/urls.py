"""The site's German URL scheme, in one place: paths relative to the site root, directory style."""

from __future__ import annotations

from .models import ActionField, City, Event, NewsItem, Organisation, Project

# Path segments that the scheme uses and item slugs therefore may not take.
RESERVED_PROJECT_SLUGS = ("stadt", "handlungsfeld", "status", "art", "seite")
RESERVED_NEWS_SLUGS = ("seite",)
RESERVED_EVENT_SLUGS = ("archiv", "kommende", "termine")  # termine/termine.ics holds all upcoming events

HOME = ""
NEWS = "aktuelles/"
PROJECTS = "projekte/"
FIELDS = "handlungsfelder/"
CITIES = "staedte/"
ORGANISATIONS = "akteure/"
EVENTS = "termine/"
EVENTS_ARCHIVE = "termine/archiv/"
EVENTS_UPCOMING = "termine/kommende/"  # all upcoming events when /termine/ shows only the next ones
REGION = "region/"
CHRONICLE = "region/chronik/"
OPEN_DATA = "daten/"
FEEDS = "feeds/"
SEARCH = "suche/"
ALL_EVENTS_ICS = "termine/termine.ics"


def paged(base: str, number: int) -> str:
    """Page 1 of a list lives at its base; page n at base/seite/n/."""
    return base if number == 1 else f"{base}seite/{number}/"


def news_item(item: NewsItem) -> str:
    return f"aktuelles/{item.year}/{item.slug}/"


def news_year(year: int) -> str:
    return f"aktuelles/{year}/"


def news_city(slug: str) -> str:
    return f"aktuelles/stadt/{slug}/"


def news_field(slug: str) -> str:
    return f"aktuelles/handlungsfeld/{slug}/"


def project(slug: str) -> str:
    return f"projekte/{slug}/"


def project_filter(city: str | None = None, field: str | None = None, status: str | None = None, kind: str | None = None) -> str:
    """projekte/stadt/<c>/handlungsfeld/<f>/status/<s>/art/<k>/ with every part optional, in this order."""
    path = PROJECTS
    if city:
        path += f"stadt/{city}/"
    if field:
        path += f"handlungsfeld/{field}/"
    if status:
        path += f"status/{status}/"
    if kind:
        path += f"art/{kind}/"
    return path


def action_field(slug: str) -> str:
    return f"handlungsfelder/{slug}/"


def city(slug: str) -> str:
    return f"staedte/{slug}/"


def organisation(slug: str) -> str:
    return f"akteure/{slug}/"


def organisation_projects(slug: str) -> str:
    return f"akteure/{slug}/projekte/"


def event(slug: str) -> str:
    return f"termine/{slug}/"


def event_ics(slug: str) -> str:
    return f"termine/{slug}.ics"


def feed(name: str, kind: str) -> str:
    """feeds/<name>.rss.xml or feeds/<name>.atom.xml; name may contain a folder (staedte/wuppertal)."""
    return f"feeds/{name}.{kind}.xml"


def url_for(obj) -> str:
    """The page of a model object."""
    if isinstance(obj, Project):
        return project(obj.slug)
    if isinstance(obj, NewsItem):
        return news_item(obj)
    if isinstance(obj, Event):
        return event(obj.slug)
    if isinstance(obj, City):
        return city(obj.slug)
    if isinstance(obj, ActionField):
        return action_field(obj.slug)
    if isinstance(obj, Organisation):
        return organisation(obj.slug)
    raise TypeError(f"no page for {type(obj).__name__}")


def src_uri(path: str) -> str:
    """The virtual Markdown source of a generated page at ``path`` (aktuelles/seite/2/ -> aktuelles/seite/2/index.md)."""
    return f"{path}index.md" if path else "index.md"
