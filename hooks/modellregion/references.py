"""Reference checks: every slug an item names exists, slugs are unique, pages and redirects do not collide."""

from __future__ import annotations

from pathlib import Path

from .errors import DataError
from .models import NewsItem
from .schema import Reference, suggest

LABELS = {"city": "Stadt", "action_field": "Handlungsfeld", "organisation": "Akteur", "project": "Projekt", "news": "Meldung", "source": "Quelle", "event": "Termin"}
SOURCES = {"city": "data/cities.yml", "action_field": "data/action_fields.yml", "organisation": "data/organisations.yml",
           "project": "data/projects/", "news": "content/aktuelles/", "source": "data/sources.yml", "event": "data/events/"}


def check_references(references: list[Reference], defined: dict[str, set[str]], unreadable: set[str], news: list[NewsItem]) -> list[DataError]:
    """Each reference to a city, field, organisation, project or news item names one that exists."""
    errors = []
    stems = {Path(n.src_uri).stem: n for n in news}
    by_slug: dict[str, list[NewsItem]] = {}
    for item in news:
        by_slug.setdefault(item.slug, []).append(item)
    for ref in references:
        label = LABELS[ref.kind]
        if ref.kind == "news":
            if ref.slug in stems:
                continue
            matches = by_slug.get(ref.slug, [])
            if len(matches) == 1:
                continue
            if len(matches) > 1:
                errors.append(DataError(ref.path, ref.line, ref.field, f"die Meldung „{ref.slug}“ gibt es in mehreren Jahren – bitte mit Datum angeben, z. B. {Path(matches[0].src_uri).stem}"))
                continue
            names = sorted(by_slug)
        else:
            if ref.slug in defined[ref.kind] or ref.kind in unreadable:
                continue
            names = sorted(defined[ref.kind])
        hint = suggest(ref.slug, names)
        if not names:
            known = f"in {SOURCES[ref.kind]} ist noch keins angelegt"
        elif len(names) <= 12:
            known = f"bekannt sind {', '.join(names)}"
        else:
            known = f"siehe {SOURCES[ref.kind]}"
        errors.append(DataError(ref.path, ref.line, ref.field, f"unbekannte{'s' if ref.kind in ('action_field', 'project') else 'r' if ref.kind in ('organisation', 'event') else ''} {label} „{ref.slug}“ – {hint + ' ' if hint else ''}{known}"))
    return errors


def check_news_slugs(news: list[NewsItem]) -> list[DataError]:
    """A news slug is unique within its year (the URL is aktuelles/<year>/<slug>/)."""
    errors, seen = [], {}
    for item in sorted(news, key=lambda n: n.src_uri):
        key = (item.year, item.slug)
        if key in seen:
            errors.append(DataError(item.source.path, 0, "Dateiname", f"der Kurzname „{item.slug}“ ist {item.year} schon vergeben ({seen[key].source.path}) – bitte einen anderen wählen"))
        else:
            seen[key] = item
    return errors


def check_pages(specs, redirects) -> list[DataError]:
    """No two pages share an address, and every redirect leads from a free address to a page."""
    errors, seen = [], {}
    for spec in specs:
        if spec.path in seen:
            first = seen[spec.path]
            where = spec.src_uri or first.src_uri
            errors.append(DataError(f"content/{where}" if where else "content/", 0, "",
                                    f"die Adresse /{spec.path} gibt es schon ({('content/' + first.src_uri) if first.src_uri else 'vom Build erzeugt'}) – bitte die Datei umbenennen"))
        else:
            seen[spec.path] = spec
    for redirect in redirects:
        where = (redirect.origin.path, redirect.origin.line)
        if redirect.source in seen:
            errors.append(DataError(*where, "from", f"/{redirect.source} ist eine Seite der Website – hier gehört eine alte Adresse hin, die es nicht mehr gibt"))
        if redirect.target not in seen:
            errors.append(DataError(*where, "to", f"/{redirect.target} ist keine Seite der Website – bitte die neue Adresse der Seite angeben"))
    return errors
