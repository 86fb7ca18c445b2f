"""Open-data exports: projects, events, organisations, cities, action fields, chronicle and sources as JSON and CSV, one column list for both."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable

from . import urls
from .relations import build_relations
from .site import Site


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # as explained on /daten/
    description: str
    value: Callable[[Any, "Exporter"], Any]


@dataclass(frozen=True)
class DataFile:
    path: str
    label: str
    format: str
    mime: str


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[Site], list]

    @property
    def files(self) -> tuple[DataFile, ...]:
        return (
            DataFile(f"daten/{self.name}.json", f"{self.name}.json", "JSON", "application/json"),
            DataFile(f"daten/{self.name}.csv", f"{self.name}.csv", "CSV", "text/csv"),
        )


class Exporter:
    """Absolute URLs and lookups for column values."""

    def __init__(self, site: Site):
        self.site = site
        self.base = site.region.base_url
        self.relations = build_relations(site)

    def url(self, path: str) -> str:
        return self.base + path


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _partial(value) -> str | None:
    return value.iso() if value is not None else None


PROJECT_COLUMNS = (
    Column("slug", "Text", "Kennung des Projekts, Teil der Adresse", lambda p, x: p.slug),
    Column("titel", "Text", "Name des Projekts", lambda p, x: p.title),
    Column("zusammenfassung", "Text", "Kurzbeschreibung (höchstens 300 Zeichen)", lambda p, x: p.summary),
    Column("status", "Text", "geplant, beantragt, bewilligt, laufend oder abgeschlossen", lambda p, x: p.status),
    Column("beginn", "Datum", "Beginn als JJJJ-MM oder JJJJ-MM-TT", lambda p, x: _partial(p.start)),
    Column("ende", "Datum", "Ende als JJJJ-MM oder JJJJ-MM-TT", lambda p, x: _partial(p.end)),
    Column("staedte", "Liste", "Kennungen der beteiligten Städte", lambda p, x: list(p.cities)),
    Column("handlungsfelder", "Liste", "Kennungen der Handlungsfelder", lambda p, x: list(p.action_fields)),
    Column("federfuehrung", "Text", "Kennung der federführenden Organisation (siehe akteure)", lambda p, x: p.lead),
    Column("partner", "Liste", "Kennungen der Partnerorganisationen (siehe akteure)", lambda p, x: [s for s in p.partners if s != p.lead]),
    Column("foerderprogramm", "Text", "Förderprogramm", lambda p, x: p.funding.programme if p.funding else None),
    Column("foerdersumme_eur", "Zahl", "Fördersumme in Euro", lambda p, x: p.funding.amount_eur if p.funding else None),
    Column("budget_eur", "Zahl", "Gesamtbudget in Euro", lambda p, x: p.budget_eur),
    Column("kontakt_name", "Text", "Ansprechperson oder -stelle", lambda p, x: p.contact.name if p.contact else None),
    Column("kontakt_email", "Text", "E-Mail-Adresse", lambda p, x: p.contact.email if p.contact else None),
    Column("kontakt_telefon", "Text", "Telefonnummer", lambda p, x: p.contact.phone if p.contact else None),
    Column("website", "URL", "Website des Projekts", lambda p, x: p.website),
    Column("seite", "URL", "Seite des Projekts auf dieser Website", lambda p, x: x.url(urls.project(p.slug))),
    Column("stand", "Datum", "Datum der letzten Änderung", lambda p, x: _iso(p.updated)),
    Column("art", "Text", "modellprojekt (Projekt der Modellregion) oder partnervorhaben (früheres oder eigenes Vorhaben eines Partners)", lambda p, x: p.kind),
    Column("stand_der_angaben", "Datum", "Wann die Angaben zuletzt bestätigt wurden: JJJJ, JJJJ-MM oder JJJJ-MM-TT", lambda p, x: _partial(p.as_of)),
    Column("quellen", "Liste", "Kennungen der Quellen (siehe quellen)", lambda p, x: list(p.sources)),
)

EVENT_COLUMNS = (
    Column("slug", "Text", "Kennung des Termins, Teil der Adresse", lambda e, x: e.slug),
    Column("titel", "Text", "Name der Veranstaltung", lambda e, x: e.title),
    Column("beginn", "Datum/Zeit", "Beginn (ISO 8601, mit Zeitzone; bei ganztägigen Terminen nur das Datum)", lambda e, x: _iso(e.start)),
    Column("ende", "Datum/Zeit", "Ende (wie beginn)", lambda e, x: _iso(e.end)),
    Column("ganztaegig", "Wahrheitswert", "true für ganztägige Termine", lambda e, x: e.all_day),
    Column("status", "Text", "geplant, abgesagt oder verschoben", lambda e, x: e.status),
    Column("ort", "Text", "Name des Veranstaltungsorts", lambda e, x: e.location.name),
    Column("adresse", "Text", "Anschrift", lambda e, x: e.location.address),
    Column("online", "URL", "Adresse einer Online-Teilnahme", lambda e, x: e.location.online_url),
    Column("staedte", "Liste", "Kennungen der Städte", lambda e, x: list(e.cities)),
    Column("handlungsfelder", "Liste", "Kennungen der Handlungsfelder", lambda e, x: list(e.action_fields)),
    Column("projekte", "Liste", "Kennungen der Projekte (siehe projekte)", lambda e, x: list(e.projects)),
    Column("veranstalter", "Text", "Veranstalter", lambda e, x: e.organizer),
    Column("anmeldung", "URL", "Adresse der Anmeldung", lambda e, x: e.registration_url),
    Column("seite", "URL", "Seite des Termins auf dieser Website", lambda e, x: x.url(urls.event(e.slug))),
    Column("kalender", "URL", "Kalenderdatei (iCalendar) des Termins", lambda e, x: x.url(urls.event_ics(e.slug))),
    Column("bericht", "URL", "Meldung, die über den Termin berichtet", lambda e, x: _report_url(e, x)),
    Column("stand_der_angaben", "Datum", "Wann die Angaben zuletzt bestätigt wurden: JJJJ, JJJJ-MM oder JJJJ-MM-TT", lambda e, x: _partial(e.as_of)),
    Column("quellen", "Liste", "Kennungen der Quellen (siehe quellen)", lambda e, x: list(e.sources)),
)

ORGANISATION_COLUMNS = (
    Column("slug", "Text", "Kennung der Organisation, Teil der Adresse", lambda o, x: o.slug),
    Column("name", "Text", "Name", lambda o, x: o.name),
    Column("art", "Text", "Art der Organisation", lambda o, x: o.kind),
    Column("stadt", "Text", "Kennung der Stadt, in der sie sitzt", lambda o, x: o.city),
    Column("website", "URL", "Website", lambda o, x: o.website),
    Column("beschreibung", "Text", "Kurzbeschreibung", lambda o, x: o.description),
    Column("projekte_federfuehrend", "Liste", "Kennungen der Projekte, die sie leitet", lambda o, x: [p.slug for p in x.relations.projects_by_org.get(o.slug, ((), ()))[0]]),
    Column("projekte_partner", "Liste", "Kennungen der Projekte, an denen sie beteiligt ist", lambda o, x: [p.slug for p in x.relations.projects_by_org.get(o.slug, ((), ()))[1]]),
    Column("seite", "URL", "Seite der Organisation auf dieser Website", lambda o, x: x.url(urls.organisation(o.slug))),
    Column("stand_der_angaben", "Datum", "Wann die Angaben zuletzt bestätigt wurden: JJJJ, JJJJ-MM oder JJJJ-MM-TT", lambda o, x: _partial(o.as_of)),
    Column("quellen", "Liste", "Kennungen der Quellen (siehe quellen)", lambda o, x: list(o.sources)),
)

CITY_COLUMNS = (
    Column("slug", "Text", "Kennung der Stadt, Teil der Adresse", lambda c, x: c.slug),
    Column("name", "Text", "Name der Stadt", lambda c, x: c.name),
    Column("rolle", "Text", "Rolle in der Region, z. B. Leitkommune", lambda c, x: c.role),
    Column("einwohner", "Zahl", "Einwohnerzahl, wo eine Quelle sie nennt", lambda c, x: c.population),
    Column("zusammenfassung", "Text", "Kurzbeschreibung", lambda c, x: c.summary),
    Column("website", "URL", "Website der Stadt", lambda c, x: c.website),
    Column("projekte", "Liste", "Kennungen der Projekte, die die Stadt betreffen (siehe projekte)", lambda c, x: [p.slug for p in x.relations.projects_by_city.get(c.slug, ())]),
    Column("seite", "URL", "Seite der Stadt auf dieser Website", lambda c, x: x.url(urls.city(c.slug))),
    Column("stand_der_angaben", "Datum", "Wann die Angaben der Stadtseite zuletzt bestätigt wurden: JJJJ, JJJJ-MM oder JJJJ-MM-TT", lambda c, x: _partial(x.site.city_provenance(c.slug)[0])),
    Column("quellen", "Liste", "Kennungen der Quellen der Stadtseite, Eckdaten und Porträt (siehe quellen)", lambda c, x: list(x.site.city_provenance(c.slug)[1])),
)

ACTION_FIELD_COLUMNS = (
    Column("slug", "Text", "Kennung des Handlungsfelds, Teil der Adresse", lambda f, x: f.slug),
    Column("titel", "Text", "Name des Handlungsfelds", lambda f, x: f.title),
    Column("zusammenfassung", "Text", "Beschreibung (höchstens 300 Zeichen)", lambda f, x: f.summary),
    Column("projekte", "Liste", "Kennungen der Projekte im Handlungsfeld (siehe projekte)", lambda f, x: [p.slug for p in x.relations.projects_by_field.get(f.slug, ())]),
    Column("seite", "URL", "Seite des Handlungsfelds auf dieser Website", lambda f, x: x.url(urls.action_field(f.slug))),
    Column("stand_der_angaben", "Datum", "Wann die Angaben zuletzt bestätigt wurden: JJJJ, JJJJ-MM oder JJJJ-MM-TT", lambda f, x: _partial(f.as_of)),
    Column("quellen", "Liste", "Kennungen der Quellen (siehe quellen)", lambda f, x: list(f.sources)),
)

MILESTONE_COLUMNS = (
    Column("datum", "Datum", "so genau wie bekannt: JJJJ, JJJJ-MM oder JJJJ-MM-TT", lambda m, x: _partial(m.date)),
    Column("titel", "Text", "was geschah", lambda m, x: m.title),
    Column("text", "Text", "kurze Beschreibung", lambda m, x: m.text),
    Column("meldungen", "Liste", "Kennungen der Meldungen dazu", lambda m, x: list(m.news)),
    Column("projekte", "Liste", "Kennungen der Projekte dazu (siehe projekte)", lambda m, x: list(m.projects)),
    Column("termine", "Liste", "Kennungen der Termine dazu (siehe termine)", lambda m, x: list(m.events)),
    Column("quellen", "Liste", "Kennungen der Quellen (siehe quellen)", lambda m, x: list(m.sources)),
)

SOURCE_COLUMNS = (
    Column("slug", "Text", "Kennung der Quelle", lambda s, x: s.slug),
    Column("titel", "Text", "Titel des Dokuments", lambda s, x: s.title),
    Column("datum", "Datum", "Datum des Dokuments, so genau wie bekannt: JJJJ, JJJJ-MM oder JJJJ-MM-TT", lambda s, x: _partial(s.date)),
    Column("url", "URL", "Fundstelle im Netz", lambda s, x: s.url),
    Column("beschreibung", "Text", "Was das Dokument ist", lambda s, x: s.description),
)


def _report_url(event, exporter: Exporter) -> str | None:
    if not event.report:
        return None
    item = exporter.site.news_by_ref(event.report)
    if not exporter.site.is_published(item):
        return None
    return exporter.url(urls.news_item(item))


DATASETS = (
    Dataset("projekte", "Projekte", "Alle Projekte der Modellregion mit Status, Zeitraum, Beteiligten und Förderung.",
            PROJECT_COLUMNS, lambda site: list(build_relations(site).projects)),
    Dataset("termine", "Termine", "Alle Termine, kommende und vergangene, in zeitlicher Reihenfolge.",
            EVENT_COLUMNS, lambda site: list(site.events)),
    Dataset("akteure", "Akteure", "Die Organisationen der Region und ihre Projekte.",
            ORGANISATION_COLUMNS, lambda site: sorted(site.organisations, key=lambda o: o.slug)),
    Dataset("staedte", "Städte", "Die Städte der Region mit Rolle, Projekten und den Quellen ihrer Angaben.",
            CITY_COLUMNS, lambda site: list(site.cities)),
    Dataset("handlungsfelder", "Handlungsfelder", "Die Handlungsfelder der Region mit ihren Projekten und den Quellen ihrer Angaben.",
            ACTION_FIELD_COLUMNS, lambda site: list(site.action_fields)),
    Dataset("chronik", "Chronik", "Die Meilensteine der Region in zeitlicher Reihenfolge, mit Quellen.",
            MILESTONE_COLUMNS, lambda site: list(site.milestones)),
    Dataset("quellen", "Quellen", "Die Dokumente, aus denen die Angaben der Website stammen.",
            SOURCE_COLUMNS, lambda site: list(site.sources)),
)


def records(dataset: Dataset, site: Site, exporter: Exporter | None = None) -> list[dict]:
    exporter = exporter or Exporter(site)
    return [{column.name: column.value(row, exporter) for column in dataset.columns} for row in dataset.rows(site)]


def to_json(dataset: Dataset, site: Site) -> bytes:
    region = site.region
    document = {
        "titel": f"{dataset.title} – {region.name}",
        "quelle": region.name,
        "lizenz": region.licence,
        "lizenz_url": region.licence_url,
        "stand": site.build_date.isoformat(),
        "felder": [{"name": c.name, "typ": c.type, "beschreibung": c.description} for c in dataset.columns],
        "eintraege": records(dataset, site),
    }
    # Strict JSON: NaN and Infinity are refused when the YAML is read; should one slip through,
    # the export fails instead of writing a file that JSON parsers reject.
    return (json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode("utf-8")


# A cell that starts with one of these is read as a formula by Excel and LibreOffice (CSV
# injection); OWASP's advice: prefix it with an apostrophe, which the programs show as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    text = _csv_value(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "|".join(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_csv(dataset: Dataset, site: Site) -> bytes:
    """Semicolon-separated UTF-8 with BOM: Excel and LibreOffice open it with correct umlauts."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.name for c in dataset.columns])
    for record in records(dataset, site):
        writer.writerow([_csv_cell(record[c.name]) for c in dataset.columns])
    return "\ufeff".encode("utf-8") + buffer.getvalue().encode("utf-8")


def producers(site: Site) -> dict[str, Callable[[], bytes]]:
    result = {}
    for dataset in DATASETS:
        json_file, csv_file = dataset.files
        result[json_file.path] = lambda d=dataset: to_json(d, site)
        result[csv_file.path] = lambda d=dataset: to_csv(d, site)
    return result
