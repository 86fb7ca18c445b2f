"""The start page leads with what is new and what is next, then the key figures, then the rest."""

from __future__ import annotations

from helpers import page, text


def section_order(document) -> list[str]:
    return [element.get("id") or element.tag for element in document.xpath("//div[@id='inhalt']//h1 | //div[@id='inhalt']//h2")]


def test_start_page_leads_with_news_and_events_then_figures_then_the_rest(early_site):
    document = page(early_site, "")
    body = document.xpath("//div[@id='inhalt']")[0]
    order = section_order(document)
    assert order[:4] == ["willkommen-in-lindenau-eichberg", "home-news", "home-events", "home-figures"]
    html = text(body)
    assert html.index("Eine Testregion.") < html.index("Aktuelles") < html.index("Zweiter Absatz der Einleitung")
    figures = {text(a): a.get("href") for a in document.xpath("//ul[@class='mr-figures']//a")}
    assert figures == {"5 Projekte": "projekte/", "2 Städte": "staedte/", "3 Handlungsfelder": "handlungsfelder/", "4 Akteure": "akteure/"}
    assert text(document.xpath("//section[@aria-labelledby='home-events']/h2")[0]) == "Nächste Termine"
    assert not document.xpath("//*[contains(@class, 'mr-teaser--past')]")


def test_without_announced_events_the_latest_show_as_past_with_the_calendar_link(late_site):
    document = page(late_site, "")
    events = document.xpath("//section[@aria-labelledby='home-events']")[0]
    assert text(events.xpath("h2")[0]) == "Termine"
    assert "Zurzeit ist kein Termin angekündigt." in text(events)
    past = events.xpath(".//article[contains(@class, 'mr-teaser--past')]")
    assert len(past) == 2 and all("Vergangen" in text(article) for article in past)
    assert events.xpath(".//a[@href='termine/termine.ics']")


def test_featured_projects_show_their_photo(tmp_path):
    from helpers import EARLY, build_region, make_region

    root = make_region(tmp_path / "region")
    project = root / "data" / "projects" / "buergerportal.yml"
    project.write_text(project.read_text(encoding="utf-8").replace(
        "featured: true\n", "featured: true\nimage:\n  src: bilder/forum.jpg\n  alt: Menschen sitzen im Forum und hören zu\n"), encoding="utf-8")
    site = build_region(root, EARLY)
    card = page(site, "").xpath("//section[@aria-labelledby='home-projects']//article[contains(@class, 'mr-card--image')]")
    assert len(card) == 1 and "Bürgerportal" in text(card[0])
    (img,) = card[0].xpath(".//picture//img")
    assert img.get("alt") == "Menschen sitzen im Forum und hören zu" and img.get("width") and img.get("height")
    assert img.get("loading") == "lazy"
