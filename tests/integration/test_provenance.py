"""Every page names the date and the sources of its facts: action fields, Markdown pages, cities, open data."""

from __future__ import annotations

import json

import pytest

from helpers import EARLY, build_region, make_region, page, text

SOURCES = """\
- slug: konzept
  title: Rahmenkonzept der Testregion
  date: 2019-02
  url: https://www.lindenau.example/rahmenkonzept.pdf
- slug: bericht
  title: Bericht <des> Landes
  date: 2017-11
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_region(tmp_path_factory.mktemp("provenance"))
    (root / "data" / "sources.yml").write_text(SOURCES, encoding="utf-8")
    fields = root / "data" / "action_fields.yml"
    fields.write_text(fields.read_text(encoding="utf-8").replace(
        "icon: material/bus-electric", "icon: material/bus-electric\n  as_of: 2019-02\n  sources: [konzept, bericht]", 1), encoding="utf-8")
    for name, lines in (("presse.md", "sources: [bericht]\nas_of: 2017-11"), ("impressum.md", "as_of: 2024-01-01")):
        markdown = root / "content" / name
        markdown.write_text(markdown.read_text(encoding="utf-8").replace("updated: 2024-01-01", f"updated: 2024-01-01\n{lines}", 1), encoding="utf-8")
    cities = root / "data" / "cities.yml"
    cities.write_text(cities.read_text(encoding="utf-8").replace(
        "summary: Die Leitkommune der Testregion.", "summary: Die Leitkommune der Testregion.\n  as_of: 2019\n  sources: [konzept]", 1), encoding="utf-8")
    portrait = root / "content" / "staedte" / "lindenau.md"
    portrait.write_text(portrait.read_text(encoding="utf-8").replace("updated: 2024-04-20", "updated: 2024-04-20\nsources: [bericht]", 1), encoding="utf-8")
    return build_region(root, EARLY)


def provenance(site, path: str):
    """The one „Stand“ line of a page, as parsed HTML."""
    (line,) = page(site, path).cssselect(".mr-page .mr-updated")
    return line


def test_an_action_field_page_names_its_sources_and_the_date_of_its_facts(site):
    line = provenance(site, "handlungsfelder/mobilitaet/")
    assert text(line) == "Stand der Angaben: Februar 2019 (Quelle: Rahmenkonzept der Testregion, Februar 2019; Bericht <des> Landes, November 2017)"
    (link,) = line.cssselect("a")
    assert link.get("href") == "https://www.lindenau.example/rahmenkonzept.pdf" and text(link) == "Rahmenkonzept der Testregion"
    assert not page(site, "handlungsfelder/energie/").cssselect(".mr-page .mr-updated")  # a field without provenance claims none


def test_the_action_field_overview_names_every_fields_sources(site):
    assert text(provenance(site, "handlungsfelder/")) == \
        "Stand der Angaben: Februar 2019 (Quelle: Rahmenkonzept der Testregion, Februar 2019; Bericht <des> Landes, November 2017)"


def test_a_markdown_page_names_the_sources_of_its_front_matter(site):
    line = provenance(site, "presse/")
    assert text(line) == "Stand der Angaben: November 2017 (Quelle: Bericht <des> Landes, November 2017)"
    assert not line.cssselect("a") and not line.cssselect("des")  # the title is text, escaped, not markup


def test_a_page_of_the_operators_own_statements_shows_its_date_without_a_source(site):
    assert text(provenance(site, "impressum/")) == "Stand der Angaben: 1. Januar 2024"
    assert text(provenance(site, "kontakt/")) == "Stand: 1. Januar 2024"  # no as_of: the date of its last change, as before


def test_a_city_page_names_the_sources_of_its_record_and_its_portrait(site):
    assert text(provenance(site, "staedte/lindenau/")) == \
        "Stand der Angaben: 2019 (Quelle: Rahmenkonzept der Testregion, Februar 2019; Bericht <des> Landes, November 2017)"


def test_cities_and_action_fields_are_open_data_listed_on_the_open_data_page(site):
    cities = json.loads((site / "daten" / "staedte.json").read_text(encoding="utf-8"))
    lindenau = next(c for c in cities["eintraege"] if c["slug"] == "lindenau")
    assert lindenau["stand_der_angaben"] == "2019" and lindenau["quellen"] == ["konzept", "bericht"]
    assert list(lindenau) == [f["name"] for f in cities["felder"]]
    fields = json.loads((site / "daten" / "handlungsfelder.json").read_text(encoding="utf-8"))["eintraege"]
    assert next(f for f in fields if f["slug"] == "mobilitaet")["quellen"] == ["konzept", "bericht"]
    csv_head = (site / "daten" / "handlungsfelder.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert csv_head.endswith("stand_der_angaben;quellen")
    listed = {a.get("href") for a in page(site, "daten/").cssselect(".mr-page a")}
    assert {"staedte.json", "staedte.csv", "handlungsfelder.json", "handlungsfelder.csv"} <= {h.rsplit("/", 1)[-1] for h in listed if h}
