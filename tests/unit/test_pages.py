"""Page specs: pagination, redirects and the catalogue order, without MkDocs."""

from dataclasses import replace
from datetime import date

import pytest

from helpers import EARLY, FIXTURE
from modellregion.references import check_pages
from modellregion.models import Source
from modellregion.pages import Pager, build_pages
from modellregion.relations import build_relations
from modellregion.site import Redirect
from modellregion.validation import load_site

SITE = load_site(FIXTURE, date.fromisoformat(EARLY))


@pytest.mark.parametrize("number, count, expected", [
    (1, 1, [1]),
    (1, 3, [1, 2, 3]),
    (6, 20, [1, None, 4, 5, 6, 7, 8, None, 20]),
    (20, 20, [1, None, 18, 19, 20]),
    (2, 9, [1, 2, 3, 4, None, 9]),
])
def test_pager_numbers_show_ends_and_neighbours(number, count, expected):
    assert Pager(number, count, "aktuelles/").numbers == expected


def test_pager_paths():
    pager = Pager(2, 3, "aktuelles/")
    assert (pager.previous, pager.next, pager.path(3)) == ("aktuelles/", "aktuelles/seite/3/", "aktuelles/seite/3/")
    assert Pager(1, 1, "x/").previous is None and Pager(1, 1, "x/").next is None


def test_every_page_path_is_unique_and_sections_exist():
    paths = [spec.path for spec in build_pages(SITE)]
    assert len(paths) == len(set(paths))
    for section in ("", "aktuelles/", "projekte/", "handlungsfelder/", "staedte/", "akteure/", "termine/", "region/", "daten/", "feeds/", "suche/", "impressum/"):
        assert section in paths


def test_redirects_must_point_to_a_page_from_a_free_address():
    broken = replace(SITE, redirects=(
        Redirect("projekte/e-bus/", "projekte/e-bus-alt/", Source("data/redirects.yml", 2)),
    ))
    errors = check_pages(build_pages(broken), broken.redirects)
    assert [str(e) for e in errors] == [
        "data/redirects.yml:2: from: /projekte/e-bus/ ist eine Seite der Website – hier gehört eine alte Adresse hin, die es nicht mehr gibt",
        "data/redirects.yml:2: to: /projekte/e-bus-alt/ ist keine Seite der Website – bitte die neue Adresse der Seite angeben",
    ]


def test_catalogue_order_running_first_then_newest_start():
    order = [p.slug for p in build_relations(SITE).projects]
    assert order == ["radwege", "buergerportal", "ratsinfo", "e-bus", "smart-meter"]


def test_catalogue_filters_by_kind_when_both_kinds_exist():
    projects = tuple(replace(p, kind="partnervorhaben") if i == 0 else p for i, p in enumerate(SITE.projects))
    site = replace(SITE, projects=projects)
    specs = {spec.path: spec for spec in build_pages(site)}
    assert "projekte/art/partnervorhaben/" in specs and "projekte/art/modellprojekt/" in specs
    groups = specs["projekte/"].data["groups"]
    assert groups[-1]["name"] == "Art"
    assert [p.slug for p in specs["projekte/art/partnervorhaben/"].data["items"]] == [projects[0].slug]


def test_catalogue_has_no_kind_filter_with_one_kind():
    specs = {spec.path: spec for spec in build_pages(SITE)}
    assert not any("/art/" in path for path in specs)
    assert [g["name"] for g in specs["projekte/"].data["groups"]] == ["Stadt", "Handlungsfeld", "Status"]


def test_project_page_carries_as_of_and_sources():
    from modellregion.models import SourceDocument
    from modellregion.values import PartialDate
    doc = SourceDocument("konzept", "Rahmenkonzept", PartialDate(2019))
    project = replace(SITE.projects[0], as_of=PartialDate(2019, 2), sources=("konzept",))
    site = replace(SITE, projects=(project, *SITE.projects[1:]), sources=(doc,))
    spec = next(s for s in build_pages(site) if s.path == f"projekte/{project.slug}/")
    assert spec.as_of == PartialDate(2019, 2) and spec.sources == (doc,)


def test_month_only_news_shows_the_month_and_no_invented_day():
    item = replace(SITE.news[0], date=date(2024, 3, 1), month_only=True, updated=None)
    site = replace(SITE, news=(item, *SITE.news[1:]))
    spec = next(s for s in build_pages(site) if s.src_uri == item.src_uri)
    assert spec.updated is None
    assert item.shown_date.iso() == "2024-03"


def test_chronicle_groups_milestones_by_year_with_links():
    from modellregion.models import Milestone
    from modellregion.values import PartialDate
    project = SITE.projects[0]
    milestones = (Milestone(PartialDate(2023), "Idee"), Milestone(PartialDate(2024, 3), "Start", projects=(project.slug,)))
    specs = {s.path: s for s in build_pages(replace(SITE, milestones=milestones))}
    years = specs["region/chronik/"].data["years"]
    assert [year for year, _ in years] == [2023, 2024]
    assert years[1][1][0]["projects"] == [project]
    assert "region/chronik/" not in {s.path for s in build_pages(SITE)}  # no chronicle without milestones


def _with_sources(site):
    from modellregion.models import SourceDocument
    from modellregion.values import PartialDate
    docs = (SourceDocument("konzept", "Rahmenkonzept", PartialDate(2019)), SourceDocument("bericht", "Bericht", PartialDate(2017, 11)))
    return replace(site, sources=docs), docs


def test_field_pages_carry_their_sources_and_the_overview_the_oldest_date():
    from modellregion.values import PartialDate
    site, (konzept, bericht) = _with_sources(SITE)
    fields = (replace(SITE.action_fields[0], sources=("konzept",), as_of=PartialDate(2019)),
              replace(SITE.action_fields[1], sources=("bericht", "konzept"), as_of=PartialDate(2017, 11)),
              *SITE.action_fields[2:])
    specs = {s.path: s for s in build_pages(replace(site, action_fields=fields))}
    field = specs[f"handlungsfelder/{fields[1].slug}/"]
    assert field.as_of == PartialDate(2017, 11) and field.sources == (bericht, konzept)
    overview = specs["handlungsfelder/"]
    assert overview.as_of == PartialDate(2017, 11)  # the oldest facts on the page
    assert overview.sources == (konzept, bericht)  # every field's sources, each once, in the fields' order
    assert specs[f"handlungsfelder/{fields[2].slug}/"].sources == ()


def test_markdown_pages_carry_the_sources_and_date_of_their_front_matter():
    from modellregion.values import PartialDate
    site, (konzept, _bericht) = _with_sources(SITE)
    pages = dict(site.pages)
    pages["kontakt.md"] = replace(pages["kontakt.md"], as_of=PartialDate(2024, 1, 1))  # the operator's own statements
    pages["index.md"] = replace(pages["index.md"], sources=("konzept",), as_of=PartialDate(2019))
    specs = {s.src_uri: s for s in build_pages(replace(site, pages=pages)) if s.src_uri}
    assert (specs["kontakt.md"].as_of, specs["kontakt.md"].sources) == (PartialDate(2024, 1, 1), ())
    assert (specs["index.md"].as_of, specs["index.md"].sources) == (PartialDate(2019), (konzept,))
    assert specs["impressum.md"].as_of is None and specs["impressum.md"].sources == ()


def test_city_page_shows_the_sources_of_its_record_and_its_portrait():
    from modellregion.values import PartialDate
    site, (konzept, bericht) = _with_sources(SITE)
    city = replace(SITE.cities[0], sources=("konzept",), as_of=PartialDate(2019))
    portrait = replace(site.portraits[city.slug], sources=("bericht", "konzept"), as_of=PartialDate(2019, 3))
    site = replace(site, cities=(city, *SITE.cities[1:]), portraits={**site.portraits, city.slug: portrait})
    spec = next(s for s in build_pages(site) if s.path == f"staedte/{city.slug}/")
    assert spec.as_of == PartialDate(2019, 3) and spec.sources == (konzept, bericht)
    without = replace(site, portraits={**site.portraits, city.slug: replace(portrait, sources=(), as_of=None)})
    spec = next(s for s in build_pages(without) if s.path == f"staedte/{city.slug}/")
    assert spec.as_of == PartialDate(2019) and spec.sources == (konzept,)


def test_cities_and_action_fields_are_open_data_with_their_sources():
    from modellregion.opendata import DATASETS, records
    from modellregion.values import PartialDate
    site, _docs = _with_sources(SITE)
    city = replace(SITE.cities[1], sources=("bericht",), as_of=PartialDate(2017, 11))
    field = replace(SITE.action_fields[0], sources=("konzept",), as_of=PartialDate(2019))
    site = replace(site, cities=(SITE.cities[0], city), action_fields=(field, *SITE.action_fields[1:]))
    datasets = {d.name: d for d in DATASETS}
    cities = {r["slug"]: r for r in records(datasets["staedte"], site)}
    assert [c.slug for c in site.cities] == list(cities)
    assert cities[city.slug]["quellen"] == ["bericht"] and cities[city.slug]["stand_der_angaben"] == "2017-11"
    assert cities[city.slug]["seite"] == f"{site.region.base_url}staedte/{city.slug}/"
    assert set(cities[city.slug]["projekte"]) == {p.slug for p in site.projects if city.slug in p.cities}
    fields = {r["slug"]: r for r in records(datasets["handlungsfelder"], site)}
    assert fields[field.slug]["quellen"] == ["konzept"] and fields[field.slug]["stand_der_angaben"] == "2019"
    assert fields[SITE.action_fields[1].slug]["quellen"] == [] and fields[SITE.action_fields[1].slug]["stand_der_angaben"] is None


def _many_projects(site, count: int, lead: str):
    """The fixture with ``count`` more projects, all led by one organisation, all with a start."""
    base = site.projects[0]
    extra = tuple(replace(base, slug=f"viele-{n:03d}", title=f"Vorhaben {n:03d}", lead=lead, partners=(), status="laufend",
                          start=replace(base.start, year=2000 + n % 20) if base.start else base.start) for n in range(count))
    return replace(site, projects=site.projects + extra)


def test_lists_and_timelines_do_not_grow_with_the_number_of_projects():
    """An organisation lists a few projects and links the rest (numbered pages); timelines show at most ten."""
    from modellregion.pages import LIST_PREVIEW, PROJECTS_PER_PAGE, TIMELINE_LIMIT

    lead = SITE.organisations[0].slug
    site = _many_projects(SITE, 45, lead)
    specs = {spec.path: spec for spec in build_pages(site)}
    page = specs[f"akteure/{lead}/"]
    assert len(page.data["led"]) == LIST_PREVIEW and page.data["all_projects"] == f"akteure/{lead}/projekte/"
    listed = [spec for path, spec in specs.items() if path.startswith(f"akteure/{lead}/projekte/")]
    total = page.data["led_total"] + page.data["joined_total"]
    assert len(listed) == -(-total // PROJECTS_PER_PAGE)
    assert sum(len(spec.data["items"]) for spec in listed) == total
    assert all(not spec.searchable for spec in listed)
    timeline = next(chart for chart in specs["projekte/"].data["charts"] if "Zeitverlauf" in chart.title)
    assert len({row[0] for row in timeline.rows}) == TIMELINE_LIMIT
    assert "Gezeigt werden die 10 Projekte" in timeline.draw(".")
    # A small region keeps every project in its timeline and every organisation on one page.
    small = {spec.path: spec for spec in build_pages(SITE)}
    assert not any("/projekte/" in path and path.startswith("akteure/") for path in small)


def test_the_events_page_shows_the_next_events_and_links_all_upcoming_ones():
    from modellregion.pages import EVENTS_PER_PAGE

    event = SITE.events[-1]
    many = tuple(replace(event, slug=f"termin-{n:03d}", title=f"Termin {n}", start=date(2030, 1, 1 + n % 28), end=None)
                 for n in range(EVENTS_PER_PAGE * 2 + 3))
    site = replace(SITE, events=SITE.events + many)
    specs = {spec.path: spec for spec in build_pages(site)}
    upcoming = build_relations(site).upcoming
    assert len(upcoming) > EVENTS_PER_PAGE
    assert len(specs["termine/"].data["upcoming"]) == EVENTS_PER_PAGE and specs["termine/"].data["upcoming_total"] == len(upcoming)
    listed = [spec for path, spec in specs.items() if path.startswith("termine/kommende/")]
    assert sum(len(spec.data["items"]) for spec in listed) == len(upcoming)
    assert [item.slug for spec in listed for item in spec.data["items"]] == [e.slug for e in upcoming]
    small = {spec.path for spec in build_pages(SITE)}
    assert not any(path.startswith("termine/kommende/") for path in small)
