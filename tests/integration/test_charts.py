"""Charts drawn at build time: parsed as SVG, they show every project with its dates, and the
table below each chart holds the same data as the drawing."""

from __future__ import annotations

from urllib.parse import urljoin

from helpers import EARLY, FIXTURE, page, text
from modellregion.validation import load_site

SITE = load_site(FIXTURE, __import__("datetime").date.fromisoformat(EARLY))
SVG = "{http://www.w3.org/2000/svg}"


def charts(document):
    return document.xpath("//figure[contains(@class, 'mr-chart-figure')]")


def svg_of(figure):
    (svg,) = figure.xpath(".//svg")
    return svg


def table_rows(figure) -> list[list[str]]:
    return [[text(cell) for cell in row.xpath("./th|./td")] for row in figure.xpath(".//tbody/tr")]


def test_charts_are_images_with_title_and_description(early_site):
    for path in ("projekte/", "handlungsfelder/mobilitaet/", "staedte/lindenau/", "region/"):
        figures = charts(page(early_site, path))
        assert figures, path
        for figure in figures:
            svg = svg_of(figure)
            assert svg.get("role") == "img"
            title_id, desc_id = svg.get("aria-labelledby").split()
            assert text(svg.xpath(f".//*[@id='{title_id}']")[0]) and text(svg.xpath(f".//*[@id='{desc_id}']")[0])
            assert not svg.xpath(".//script") and not [a for a in svg.iter() if any(k.startswith("on") for k in a.attrib)]


def test_status_and_city_bars_match_the_catalogue_and_their_tables(early_site):
    figures = {text(f.xpath("./figcaption")[0]): f for f in charts(page(early_site, "projekte/"))}
    status = figures["Projekte nach Status"]
    drawn = {bar.get("data-label"): int(bar.get("data-value")) for bar in svg_of(status).xpath(".//rect[@data-value]")}
    expected = {"Laufend": 0, "Bewilligt": 0, "Beantragt": 0, "Geplant": 0, "Abgeschlossen": 0}
    for project in SITE.projects:
        expected[project.status.capitalize()] += 1
    assert drawn == expected
    assert {row[0]: int(row[1]) for row in table_rows(status)} == drawn
    assert not svg_of(status).xpath(".//a")  # role="img" holds no links; the table's rows do
    links = {text(a): a.get("href") for a in status.xpath(".//tbody//a")}
    assert urljoin("https://x.invalid/projekte/", links["Laufend"]) == "https://x.invalid/projekte/status/laufend/"
    city = figures["Projekte nach Stadt"]
    drawn = {bar.get("data-label"): int(bar.get("data-value")) for bar in svg_of(city).xpath(".//rect[@data-value]")}
    assert drawn == {c.name: sum(1 for p in SITE.projects if c.slug in p.cities) for c in SITE.cities}
    assert {row[0]: int(row[1]) for row in table_rows(city)} == drawn


def test_the_timeline_shows_every_project_with_its_dates(early_site):
    figures = {text(f.xpath("./figcaption")[0]): f for f in charts(page(early_site, "projekte/"))}
    timeline = figures["Projekte im Zeitverlauf"]
    spans = svg_of(timeline).xpath(".//*[@data-label]")
    drawn = {(s.get("data-label"), s.get("data-start"), s.get("data-end")) for s in spans}
    expected = {(p.title, p.start.first_day().isoformat() if p.start else "", p.end.first_day().isoformat() if p.end else "") for p in SITE.projects}
    assert drawn == expected
    for project in SITE.projects:  # once per action field, like the table
        assert sum(1 for s in spans if s.get("data-label") == project.title) == len(project.action_fields)
    rows = table_rows(timeline)
    assert len(rows) == len(spans)
    assert sorted(row[0] for row in rows) == sorted(s.get("data-label") for s in spans)
    slugs = {p.title: p.slug for p in SITE.projects}
    for link in timeline.xpath(".//tbody//a"):
        assert urljoin("https://x.invalid/projekte/", link.get("href")) == f"https://x.invalid/projekte/{slugs[text(link)]}/"
    open_ends = [s for s in spans if s.get("data-start") and not s.get("data-end")]
    assert open_ends and all(s.get("marker-end") for s in open_ends)
    assert svg_of(timeline).xpath(".//*[contains(@class, 'mr-chart__today')]")


def test_city_and_field_pages_show_only_their_projects(early_site):
    (figure,) = charts(page(early_site, "staedte/eichberg/"))
    labels = {s.get("data-label") for s in svg_of(figure).xpath(".//*[@data-label]")}
    assert labels == {p.title for p in SITE.projects if "eichberg" in p.cities}
    (figure,) = charts(page(early_site, "handlungsfelder/mobilitaet/"))
    labels = {s.get("data-label") for s in svg_of(figure).xpath(".//*[@data-label]")}
    assert labels == {p.title for p in SITE.projects if "mobilitaet" in p.action_fields}


def test_the_governance_diagram_shows_every_body(early_site):
    (figure,) = charts(page(early_site, "region/"))
    bodies = [g.get("data-body") for g in svg_of(figure).xpath(".//*[@data-body]")]
    assert bodies == [b.name for b in SITE.region.governance]
    assert [row[0] for row in table_rows(figure)] == bodies


def test_the_field_city_matrix_is_a_heat_table_with_its_numbers(early_site):
    document = page(early_site, "handlungsfelder/")
    cells = document.xpath("//table[contains(@class, 'mr-heat')]/tbody//td")
    counts = [(int(text(td)), td.get("class")) for td in cells]
    busiest = max(count for count, _ in counts)
    assert busiest > 0
    for count, css in counts:
        step = 0 if count == 0 else -(-count * 4 // busiest)
        assert css == f"mr-heat--{step}", (count, css)
    assert any(css == "mr-heat--4" for _, css in counts)


def test_the_chronicle_drawing_shows_every_milestone_in_order(tmp_path):
    from helpers import build_region, make_region

    root = make_region(tmp_path / "region")
    (root / "data" / "milestones.yml").write_text(
        "- date: 2023\n  title: Die Testregion entsteht\n"
        "- date: 2023-03-16\n  title: Auftakt in Eichberg\n"
        "- date: 2024-02\n  title: Erste Projekte laufen <b>an</b>\n", encoding="utf-8")
    site = build_region(root, EARLY)
    (figure,) = charts(page(site, "region/chronik/"))
    drawn = [(g.get("data-date"), g.get("data-title")) for g in svg_of(figure).xpath(".//*[@data-date]")]
    assert drawn == [("2023-01-01", "Die Testregion entsteht"), ("2023-03-16", "Auftakt in Eichberg"), ("2024-02-01", "Erste Projekte laufen <b>an</b>")]
    assert table_rows(figure) == [["2023", "Die Testregion entsteht"], ["16. März 2023", "Auftakt in Eichberg"], ["Februar 2024", "Erste Projekte laufen <b>an</b>"]]
    ys = [float(c.get("cy")) for c in svg_of(figure).xpath(".//circle")]
    assert ys == sorted(ys) and ys[2] - ys[1] > ys[1] - ys[0]  # the spacing follows the time between them


def test_a_project_known_only_by_the_date_of_its_facts_is_a_point(tmp_path):
    from helpers import build_region, make_region

    root = make_region(tmp_path / "region")
    project = root / "data" / "projects" / "ratsinfo.yml"
    text_ = project.read_text(encoding="utf-8")
    lines = [line for line in text_.splitlines() if not line.startswith(("start:", "end:", "as_of:"))]
    project.write_text("\n".join(lines) + "\nas_of: 2024-02\n", encoding="utf-8")
    site = build_region(root, EARLY)
    figures = {text(f.xpath("./figcaption")[0]): f for f in charts(page(site, "projekte/"))}
    timeline = figures["Projekte im Zeitverlauf"]
    (point,) = svg_of(timeline).xpath(".//circle[@data-as-of]")
    assert point.get("data-as-of") == "2024-02-01" and point.get("data-start") == "" and point.get("data-end") == ""
    row = [r for r in table_rows(timeline) if r[0] == point.get("data-label")][0]
    assert row[2:4] == ["unbekannt", "unbekannt"] and "Stand Februar 2024" in row[4]
