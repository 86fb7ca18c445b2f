"""The structured part of the site: project catalogue and filters, action fields, cities, actors, region, open data."""

from __future__ import annotations

import csv
import io
import itertools
import json

import lxml.html
import pytest

from helpers import EARLY, FIXTURE, build_region, make_region, page, text
from modellregion.validation import load_site
from modellregion.urls import project_filter
from datetime import date

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("build")]

SITE = load_site(FIXTURE, date.fromisoformat(EARLY))
CITIES = [c.slug for c in SITE.cities]
FIELDS = [f.slug for f in SITE.action_fields]
STATUSES = ["laufend", "bewilligt", "beantragt", "geplant", "abgeschlossen"]


def card_titles(document) -> list[str]:
    return [text(a) for a in document.cssselect(".mr-card__title a")]


def expected_titles(city=None, field=None, status=None) -> set[str]:
    return {
        p.title for p in SITE.projects
        if (city is None or city in p.cities) and (field is None or field in p.action_fields) and (status is None or p.status == status)
    }


def test_catalogue_lists_every_project_running_first(early_site):
    catalogue = page(early_site, "projekte/")
    titles = card_titles(catalogue)
    assert sorted(titles) == sorted(p.title for p in SITE.projects)
    assert titles == ["Radwege-Melder", "Bürgerportal", "Offenes Ratsinformationssystem", "E-Bus-Linie", "Intelligente Zähler"]
    assert "5 Projekte der Modellregion" in text(catalogue.cssselect(".mr-lead")[0])


def test_every_filter_page_holds_exactly_the_matching_projects(early_site):
    checked = 0
    for city, field, status in itertools.product([None, *CITIES], [None, *FIELDS], [None, *STATUSES]):
        expected = expected_titles(city, field, status)
        target = early_site / project_filter(city, field, status) / "index.html"
        if not expected and any((city, field, status)):
            assert not target.exists(), f"empty selection {target} should have no page"
            continue
        document = page(early_site, project_filter(city, field, status))
        assert set(card_titles(document)) == expected, project_filter(city, field, status)
        assert len(card_titles(document)) == len(expected)
        checked += 1
    assert checked > 20


def test_filter_links_carry_counts_and_keep_other_choices(early_site):
    document = page(early_site, "projekte/stadt/eichberg/")
    groups = document.cssselect(".mr-filter")
    assert [text(g.cssselect("h2")[0]) for g in groups] == ["Stadt", "Handlungsfeld", "Status"]
    options = {text(o): o for o in groups[1].cssselect(".mr-filter__option")}
    assert options["Mobilität (2)"].get("href") == "handlungsfeld/mobilitaet/"  # = projekte/stadt/eichberg/handlungsfeld/mobilitaet/
    selected = document.cssselect('.mr-filter__option[aria-current="page"]')
    assert [text(s) for s in selected] == ["Eichberg (4)", "Alle Handlungsfelder (4)", "Alle (4)"]
    empty = [text(o) for o in document.cssselect(".mr-filter__option--empty")]
    assert empty == ["Beantragt (0)", "Abgeschlossen (0)"]
    assert all(o.tag == "span" for o in document.cssselect(".mr-filter__option--empty"))
    reset = [a for a in document.cssselect(".mr-lead a") if "Alle 5 Projekte anzeigen" in text(a)]
    assert reset, "a clear way back to all projects"


def test_project_page_shows_the_steckbrief(early_site):
    document = page(early_site, "projekte/buergerportal/")
    rows = {text(r.cssselect("th")[0]): text(r.cssselect("td")[0]) for r in document.cssselect(".mr-facts-table tr")}
    assert rows["Status"] == "Laufend"
    assert rows["Zeitraum"] == "März 2023 – Dezember 2025"
    assert rows["Städte"].replace("Städte: ", "") == "Lindenau, Eichberg"
    assert rows["Federführung"] == "Stadt Lindenau"
    assert rows["Partner"].endswith("Stadt Eichberg")
    assert rows["Förderprogramm"] == "Testprogramm Digitale Regionen"
    assert rows["Fördersumme"] == "1.250.000 €"
    assert rows["Gesamtbudget"] == "1.500.000,50 €"
    assert "1.250.000\u00a0€" in (early_site / "projekte" / "buergerportal" / "index.html").read_text(encoding="utf-8")
    assert "portal@lindenau.example" in rows["Kontakt"]
    assert document.cssselect('.mr-facts-table a[href="../../akteure/stadt-lindenau/"]')
    assert "Die Geschichte des Bürgerportals" in text(document)  # the story from content/projekte/
    assert [text(h) for h in document.cssselect(".mr-section h2")] == ["Ergebnisse und Übertragbarkeit", "Meldungen zum Projekt", "Termine zum Projekt"]
    assert [text(a) for a in document.cssselect("#project-events ~ .mr-teaser h3 a")] == ["Bürgerforum Bürgerportal"]
    assert "Stand: 15. April 2024" in text(document)


def test_project_without_story_is_generated(early_site):
    document = page(early_site, "projekte/e-bus/")
    assert text(document.cssselect("h1")[0]) == "E-Bus-Linie"
    assert document.cssselect('nav.mr-breadcrumbs a[href="../"]')


def test_action_field_overview_and_matrix(early_site):
    document = page(early_site, "handlungsfelder/")
    table = document.cssselect("table.mr-matrix")[0]
    header = [text(th) for th in table.cssselect("thead th")]
    assert header == ["Handlungsfeld", "Lindenau", "Eichberg"]
    assert all(th.get("scope") == "col" for th in table.cssselect("thead th"))
    for row in table.cssselect("tbody tr"):
        th = row.cssselect("th")[0]
        assert th.get("scope") == "row"
        field = next(f for f in SITE.action_fields if f.title == text(th))
        for city, cell in zip(CITIES, row.cssselect("td")):
            count = len(expected_titles(city, field.slug))
            assert text(cell) == str(count)
            links = cell.cssselect("a")
            if count:
                assert links[0].get("href") == f"../projekte/stadt/{city}/handlungsfeld/{field.slug}/"
                assert (early_site / project_filter(city, field.slug) / "index.html").exists()
            else:
                assert not links
    counts = [text(p) for p in document.cssselect(".mr-field-list__counts")]
    assert counts[0] == "2 Projekte · 7 Meldungen · 2 Termine"


def test_action_field_page_lists_projects_news_and_upcoming_events(early_site):
    document = page(early_site, "handlungsfelder/mobilitaet/")
    assert set(card_titles(document)) == {"Radwege-Melder", "E-Bus-Linie"}
    assert [text(a) for a in document.cssselect("#field-events ~ .mr-teaser h3 a")] == ["Fachtag Mobilität"]  # the cancelled tour is past
    assert text(document.cssselect("#field-news ~ .mr-teaser h3 a")[0]) == "500 Meldungen im Radwege-Melder"
    assert document.cssselect('link[rel="alternate"][href="../../feeds/handlungsfelder/mobilitaet.rss.xml"]')


def test_city_page_has_portrait_facts_and_lists(early_site):
    document = page(early_site, "staedte/lindenau/")
    assert [text(h) for h in document.cssselect(".mr-portrait h2")][:2] == ["Organisationsstruktur", "Meilensteine"]
    facts = {text(r.cssselect("th")[0]): text(r.cssselect("td")[0]) for r in document.cssselect(".mr-facts-table tr")}
    assert facts["Einwohnerinnen und Einwohner"] == "120.000"
    assert facts["Rolle in der Modellregion"] == "Leitkommune"
    assert set(card_titles(document)) == expected_titles("lindenau")
    assert [text(a) for a in document.cssselect("#city-orgs ~ ul a, #city-orgs + ul a")] == ["Stadt Lindenau", "Stadtwerke Lindenau"]
    generated = page(early_site, "staedte/eichberg/")
    assert set(card_titles(generated)) == expected_titles("eichberg")


def test_organisations_and_their_projects(early_site):
    overview = page(early_site, "akteure/")
    assert [text(h) for h in overview.cssselect(".mr-section h2")] == ["Kommunales Unternehmen", "Verwaltung", "Wissenschaft"]
    document = page(early_site, "akteure/stadtwerke-lindenau/")
    led = [text(a) for a in document.cssselect("#org-led ~ .mr-cards .mr-card__title a")]
    assert led == ["E-Bus-Linie", "Intelligente Zähler"]
    partner = page(early_site, "akteure/stadt-eichberg/")
    assert [text(a) for a in partner.cssselect("#org-joined ~ .mr-cards .mr-card__title a")] == ["Radwege-Melder", "Bürgerportal"]


def test_region_page_shows_governance_and_funding(early_site):
    document = text(page(early_site, "region/"))
    for fact in ("Lenkungskreis", "alle drei Monate", "1. Februar 2023", "Projektbüro", "Stadt Lindenau", "1. Januar 2023",
                 "Ministerium für Beispiele", "Testprogramm Digitale Regionen", "2023 bis 2025", "Gefördert mit Testmitteln"):
        assert fact in document, fact


def test_generated_pages_have_title_description_canonical_and_breadcrumbs(early_site):
    for path, title in [("projekte/e-bus/", "E-Bus-Linie"), ("handlungsfelder/energie/", "Energie"), ("staedte/eichberg/", "Eichberg"), ("akteure/hochschule/", "Hochschule Eichberg")]:
        document = page(early_site, path)
        assert document.findtext(".//title") == f"{title} – Modellregion Lindenau-Eichberg"
        assert document.cssselect('meta[name="description"]')[0].get("content")
        assert document.cssselect('link[rel="canonical"]')[0].get("href") == f"https://lindenau.example/{path}"
        crumbs = [text(li) for li in document.cssselect("nav.mr-breadcrumbs li")]
        assert crumbs[0] == "Startseite" and crumbs[-1] == title


def test_open_data_holds_every_project_with_its_values(early_site):
    document = json.loads((early_site / "daten" / "projekte.json").read_text(encoding="utf-8"))
    assert document["lizenz"] == "Datenlizenz Deutschland – Namensnennung – Version 2.0"
    entries = {e["slug"]: e for e in document["eintraege"]}
    assert set(entries) == {p.slug for p in SITE.projects}
    portal = entries["buergerportal"]
    assert list(portal) == [f["name"] for f in document["felder"]]
    assert portal["staedte"] == ["lindenau", "eichberg"] and portal["foerdersumme_eur"] == 1250000
    assert portal["beginn"] == "2023-03" and portal["seite"] == "https://lindenau.example/projekte/buergerportal/"
    raw = (early_site / "daten" / "projekte.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == len(SITE.projects)
    row = next(r for r in rows if r["slug"] == "buergerportal")
    assert row["staedte"] == "lindenau|eichberg" and row["budget_eur"] == "1500000.5" and row["titel"] == "Bürgerportal"
    events = json.loads((early_site / "daten" / "termine.json").read_text(encoding="utf-8"))["eintraege"]
    assert [e["slug"] for e in events] == ["kick-off", "radtour", "werkstatt", "buergerforum", "fachtag-mobilitaet"]
    assert events[0]["bericht"] == "https://lindenau.example/aktuelles/2023/kick-off-bericht/"
    assert next(e for e in events if e["slug"] == "buergerforum")["beginn"] == "2024-05-20T18:00:00+02:00"
    orgs = json.loads((early_site / "daten" / "akteure.json").read_text(encoding="utf-8"))["eintraege"]
    assert next(o for o in orgs if o["slug"] == "hochschule")["projekte_federfuehrend"] == ["radwege"]
    page_text = text(page(early_site, "daten/"))
    assert "foerdersumme_eur" in page_text and "Datenlizenz Deutschland" in page_text


def test_navigation_and_pages_do_not_grow_with_the_number_of_projects(tmp_path):
    small_root = make_region(tmp_path / "small")
    big_root = make_region(tmp_path / "big")
    for number in range(60):
        (big_root / "data" / "projects" / f"extra-{number:02d}.yml").write_text(
            f"title: Zusatzprojekt {number}\nsummary: Ein weiteres Projekt.\ncities: [eichberg]\naction_fields: [energie]\n"
            f"status: geplant\nupdated: 2024-01-01\n", encoding="utf-8")
    small = build_region(small_root, EARLY)
    big = build_region(big_root, EARLY)
    for path in ("projekte/e-bus/", "aktuelles/", "impressum/"):
        small_nav = page(small, path).cssselect("nav.md-nav--primary")[0]
        big_nav = page(big, path).cssselect("nav.md-nav--primary")[0]
        assert len(lxml.html.tostring(small_nav)) == len(lxml.html.tostring(big_nav))
    size_small = (small / "projekte" / "e-bus" / "index.html").stat().st_size
    size_big = (big / "projekte" / "e-bus" / "index.html").stat().st_size
    assert abs(size_big - size_small) < 50
    catalogue = page(big, "projekte/")
    assert len(card_titles(catalogue)) == 12  # 65 projects: 12 per page, 6 pages
    assert [text(a) for a in catalogue.cssselect(".mr-pagination a[aria-current]")] == ["Seite 1"]
    pages = sorted((big / "projekte" / "seite").iterdir())
    assert [p.name for p in pages] == ["2", "3", "4", "5", "6"]
    assert len(card_titles(page(big, "projekte/seite/6/"))) == 5
