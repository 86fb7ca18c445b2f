"""News, events, feeds and calendars, built on two different dates."""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import feedparser
import icalendar
import pytest

from helpers import EARLY, FIXTURE, LATE, ROOT, build_region, make_region, page, parse, text
from modellregion.validation import load_site

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("build")]

ALL = load_site(FIXTURE, date.fromisoformat(EARLY)).news


def published(on: str) -> dict[str, str]:
    """Title -> URL path of every news item visible on a build date."""
    day = date.fromisoformat(on)
    return {n.title: f"aktuelles/{n.year}/{n.slug}/" for n in ALL if n.is_published(day)}


def listed(site: Path, base: str) -> list[str]:
    """Every teaser title of a paginated list, following its "next" links."""
    titles, path = [], base
    while path is not None:
        document = page(site, path)
        titles += [text(a) for a in document.cssselect(".mr-main-column .mr-teaser__title a")]
        following = document.cssselect('.mr-pagination a[rel="next"]')
        path = posixpath.normpath(posixpath.join(path, following[0].get("href"))) + "/" if following else None
    return titles


@pytest.mark.parametrize("build_date", [EARLY, LATE])
def test_pagination_holds_every_published_item_once(build_date, early_site, late_site):
    site = early_site if build_date == EARLY else late_site
    expected = published(build_date)
    titles = listed(site, "aktuelles/")
    assert sorted(titles) == sorted(expected) and len(titles) == len(set(titles))
    first = page(site, "aktuelles/")
    assert len(first.cssselect(".mr-main-column .mr-teaser")) == 10
    dates = [t.get("datetime") for t in first.cssselect(".mr-main-column .mr-teaser time")]
    assert dates == sorted(dates, reverse=True)
    nav = first.cssselect("nav.mr-pagination")[0]
    assert nav.get("aria-label") == "Seiten der Meldungen"
    assert first.cssselect('.mr-pagination a[aria-current="page"]')


def test_year_city_and_field_archives_are_complete(early_site):
    expected = published(EARLY)
    by_year: list[str] = []
    for year in (2023, 2024):
        by_year += listed(early_site, f"aktuelles/{year}/")
    assert sorted(by_year) == sorted(expected)
    for city in ("lindenau", "eichberg"):
        want = {n.title for n in ALL if n.is_published(date.fromisoformat(EARLY)) and city in n.cities}
        assert set(listed(early_site, f"aktuelles/stadt/{city}/")) == want
    for field in ("verwaltung", "mobilitaet", "energie"):
        want = {n.title for n in ALL if n.is_published(date.fromisoformat(EARLY)) and field in n.action_fields}
        assert set(listed(early_site, f"aktuelles/handlungsfeld/{field}/")) == want


def test_drafts_and_future_news_appear_nowhere(early_site, late_site):
    draft = "Entwurf: noch nicht fertig"
    future = "Geplante Meldung für Juni"
    for site, hidden in ((early_site, (draft, future)), (late_site, (draft,))):
        for path in site.rglob("*"):
            if path.suffix in (".html", ".xml", ".json", ".csv", ".ics"):
                content = path.read_text(encoding="utf-8-sig")
                for title in hidden:
                    assert title not in content, f"{title!r} in {path}"
        sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
        assert "aktuelles/2024/entwurf/" not in sitemap
    assert "aktuelles/2024/zukunft/" in (late_site / "sitemap.xml").read_text(encoding="utf-8")


def test_news_page(early_site):
    document = page(early_site, "aktuelles/2024/forum-einladung/")
    assert text(document.cssselect("h1")[0]) == "Einladung zum Bürgerforum"
    meta = text(document.cssselect(".mr-article__meta")[0])
    assert meta == "2. April 2024 · Pressestelle Lindenau"
    figure = document.cssselect("figure.mr-figure")[0]
    assert figure.cssselect("img")[0].get("alt") == "Grafik mit gelben Linien auf blauem Grund"
    assert text(figure.cssselect("figcaption")[0]) == "Foto: Stadt Lindenau"
    facts = {text(d.cssselect("dt")[0]): d.cssselect("dd a") for d in document.cssselect(".mr-facts div")}
    assert [a.get("href") for a in facts["Projekte"]] == ["../../../projekte/buergerportal/"]
    assert [a.get("href") for a in facts["Städte"]] == ["../../../staedte/lindenau/"]
    related = [text(a) for a in document.cssselect("#related-news ~ .mr-teaser h3 a")]
    assert related[:2] == ["Bürgerportal im Test", "Auftrag für das Bürgerportal vergeben"]
    feeds = {link.get("href") for link in document.cssselect('link[rel="alternate"]')}
    assert "../../../feeds/staedte/lindenau.rss.xml" in feeds and "../../../feeds/aktuelles.atom.xml" in feeds
    assert '"@type": "NewsArticle"' in (early_site / "aktuelles/2024/forum-einladung/index.html").read_text(encoding="utf-8")


def test_news_urls_are_permanent_and_renamed_ones_redirect(early_site):
    assert (early_site / "aktuelles" / "2024" / "portal-test" / "index.html").exists()
    redirect = parse(early_site / "aktuelles" / "2024" / "portal-im-test" / "index.html")
    assert redirect.cssselect('meta[http-equiv="refresh"]')[0].get("content") == "0; url=../portal-test/"


@pytest.mark.parametrize("build_date, upcoming, past", [
    (EARLY, ["Zweitägige Werkstatt", "Bürgerforum Bürgerportal", "Fachtag Mobilität"], ["Radtour zu den Projekten", "Kick-off der Modellregion"]),
    (LATE, [], ["Fachtag Mobilität", "Bürgerforum Bürgerportal", "Zweitägige Werkstatt", "Radtour zu den Projekten", "Kick-off der Modellregion"]),
])
def test_events_split_by_build_date(build_date, upcoming, past, early_site, late_site):
    site = early_site if build_date == EARLY else late_site
    document = page(site, "termine/")
    assert [text(a) for a in document.cssselect("#events-upcoming ~ .mr-teaser h3 a")] == upcoming
    past_titles = [text(a) for a in document.cssselect("section[aria-labelledby=events-past] .mr-teaser h3 a")]
    assert past_titles == past
    if build_date == EARLY:
        assert "Abgesagt" in text(document.cssselect("section[aria-labelledby=events-past] .mr-teaser--abgesagt")[0])
        assert "Verschoben" in text(document.cssselect(".mr-teaser--verschoben")[0])
        report = document.cssselect(".mr-report-link a")[0]
        assert text(report) == "Kick-off: Die Testregion startet" and report.get("href") == "../aktuelles/2023/kick-off-bericht/"


def test_event_page(early_site):
    document = page(early_site, "termine/buergerforum/")
    rows = {text(r.cssselect("th")[0]): text(r.cssselect("td")[0]) for r in document.cssselect(".mr-facts-table tr")}
    assert rows["Wann"] == "20. Mai 2024, 18:00–20:00 Uhr"
    assert rows["Wo"] == "Rathaus Lindenau Marktplatz 1, 12345 Lindenau"
    assert rows["Veranstalter"] == "Projektbüro Lindenau-Eichberg"
    assert document.cssselect('a[href="https://anmeldung.lindenau.example/forum"]')
    assert document.cssselect('a[href="../buergerforum.ics"]')
    assert '"@type": "Event"' in (early_site / "termine/buergerforum/index.html").read_text(encoding="utf-8")
    all_day = page(early_site, "termine/werkstatt/")
    assert "1. Mai 2024 bis 2. Mai 2024 (ganztägig)" in text(all_day)
    online = page(early_site, "termine/fachtag-mobilitaet/")
    assert "Verschoben" in text(online.cssselect(".mr-notice")[0])
    assert online.cssselect('a[href="https://video.lindenau.example/fachtag"]')


FEEDS = ["aktuelles", "termine", "staedte/lindenau", "staedte/eichberg", "handlungsfelder/verwaltung", "handlungsfelder/mobilitaet", "handlungsfelder/energie"]


@pytest.mark.parametrize("name", FEEDS)
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feeds_are_valid_and_newest_first(name, kind, early_site):
    parsed = feedparser.parse((early_site / "feeds" / f"{name}.{kind}.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.get("language") == "de" or kind == "atom"
    links = {link.get("rel"): link.get("href") for link in parsed.feed.links}
    assert links["self"] == f"https://lindenau.example/feeds/{name}.{kind}.xml"
    assert links["alternate"].startswith("https://lindenau.example/")
    image = parsed.feed.get("image", {}).get("href") or parsed.feed.get("logo")
    assert image == "https://lindenau.example/bilder/logo-feed.png"
    stamps = [entry.published_parsed for entry in parsed.entries]
    assert stamps == sorted(stamps, reverse=True)
    assert 0 < len(parsed.entries) <= 50
    for entry in parsed.entries:
        # news: tag URIs from date and slug; events: their page (a postponed event keeps its entry)
        assert entry.id.startswith("tag:lindenau.example,20" if name != "termine" else "https://lindenau.example/termine/")
        assert entry.link.startswith("https://lindenau.example/")
        assert entry.published.endswith(("+0200", "+0100", "+02:00", "+01:00"))
        assert entry.get("content") and entry.get("summary")


def test_news_feed_items_carry_full_content_images_and_categories(early_site):
    parsed = feedparser.parse((early_site / "feeds" / "aktuelles.rss.xml").read_bytes())
    visible = [n for n in ALL if n.is_published(date.fromisoformat(EARLY))]
    newest_first = [n.title for n in sorted(visible, key=lambda n: (-n.date.toordinal(), n.title))]
    assert [entry.title for entry in parsed.entries] == newest_first
    forum = next(e for e in parsed.entries if e.title == "Einladung zum Bürgerforum")
    enclosure = forum.enclosures[0]
    assert re.fullmatch(r"https://lindenau\.example/bilder/varianten/forum-[0-9a-f]{10}-social-1200\.jpg", enclosure.href)
    assert enclosure.type == "image/jpeg"
    assert forum.media_content[0]["url"] == enclosure.href and forum.media_content[0]["width"] == "1200"
    assert "<figcaption>Foto: Stadt Lindenau</figcaption>" in forum.content[0].value
    assert int(enclosure.length) == (early_site / enclosure.href.removeprefix("https://lindenau.example/")).stat().st_size
    assert {tag.term for tag in forum.tags} == {"Lindenau", "Verwaltung & eGovernment"}
    test = next(e for e in parsed.entries if e.title == "Bürgerportal im Test")
    html = test.content[0].value
    # the body image: its JPEG variant, absolute, without the <picture> and srcset feed readers ignore; credit kept
    assert re.search(r'src="https://lindenau\.example/bilder/varianten/forum-[0-9a-f]{10}-960\.jpg"', html)
    assert "<picture" not in html and "srcset" not in html and "Foto: Stadt Lindenau" in html
    assert 'href="https://lindenau.example/impressum/"' in html
    assert "Mehr Details folgen" in html
    assert forum.published == "Tue, 02 Apr 2024 00:00:00 +0200"


def test_feed_guids_survive_a_changed_title(tmp_path):
    root = make_region(tmp_path / "region")
    first = feedparser.parse((build_region(root, EARLY, site_dir=tmp_path / "one") / "feeds" / "aktuelles.atom.xml").read_bytes())
    news = root / "content" / "aktuelles" / "2024-04-02-forum-einladung.md"
    news.write_text(news.read_text(encoding="utf-8").replace("title: Einladung zum Bürgerforum", "title: Neue Überschrift"), encoding="utf-8")
    second = feedparser.parse((build_region(root, EARLY, site_dir=tmp_path / "two") / "feeds" / "aktuelles.atom.xml").read_bytes())
    assert [e.id for e in first.entries] == [e.id for e in second.entries]
    assert "Neue Überschrift" in [e.title for e in second.entries]


def test_feed_size_stays_constant_as_news_grows(tmp_path):
    root = make_region(tmp_path / "region")
    start = date(2020, 1, 1)
    for number in range(80):
        day = start + timedelta(days=number)
        (root / "content" / "aktuelles" / f"{day.isoformat()}-alt-{number}.md").write_text(
            f"---\ntitle: Alte Meldung {number}\ndate: {day.isoformat()}\nsummary: Archiv.\n---\n\nText.\n", encoding="utf-8")
    parsed = feedparser.parse((build_region(root, EARLY) / "feeds" / "aktuelles.rss.xml").read_bytes())
    assert len(parsed.entries) == 50
    assert parsed.entries[0].title == "Meldung am Stichtag"


def test_event_feed_announces_events(early_site):
    parsed = feedparser.parse((early_site / "feeds" / "termine.rss.xml").read_bytes())
    titles = [entry.title.split(" (")[0] for entry in parsed.entries]
    # newest announcement (`updated`) first, whatever the date of the event itself
    assert titles == ["Verschoben: Fachtag Mobilität", "Abgesagt: Radtour zu den Projekten", "Bürgerforum Bürgerportal", "Zweitägige Werkstatt", "Kick-off der Modellregion"]
    assert parsed.entries[0].published == "Sat, 20 Apr 2024 00:00:00 +0200"


@pytest.mark.parametrize("name", ["buergerforum", "fachtag-mobilitaet", "kick-off", "radtour", "werkstatt", "termine"])
def test_calendar_files_parse_with_uid_dtstart_dtstamp_and_vtimezone(name, early_site):
    calendar = icalendar.Calendar.from_ical((early_site / "termine" / f"{name}.ics").read_bytes())
    assert calendar.get("version") == "2.0" and calendar.get("prodid")
    assert [tz.get("tzid") for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    events = calendar.walk("VEVENT")
    assert events or name == "termine"
    for event in events:
        assert str(event.get("uid")).endswith("@lindenau.example")
        assert event.get("dtstart") and event.get("dtstamp") and event.get("url")


def test_calendar_times_and_all_day_events(early_site):
    forum = icalendar.Calendar.from_ical((early_site / "termine" / "buergerforum.ics").read_bytes()).walk("VEVENT")[0]
    start = forum.decoded("dtstart")
    assert isinstance(start, datetime) and str(start.tzinfo) == "Europe/Berlin" and start.hour == 18
    assert forum.decoded("dtend").hour == 20
    assert str(forum.get("location")) == "Rathaus Lindenau, Marktplatz 1, 12345 Lindenau"
    assert str(forum.get("url")) == "https://lindenau.example/termine/buergerforum/"
    workshop = icalendar.Calendar.from_ical((early_site / "termine" / "werkstatt.ics").read_bytes()).walk("VEVENT")[0]
    assert workshop.decoded("dtstart") == date(2024, 5, 1) and workshop.decoded("dtend") == date(2024, 5, 3)
    cancelled = icalendar.Calendar.from_ical((early_site / "termine" / "radtour.ics").read_bytes()).walk("VEVENT")[0]
    assert str(cancelled.get("status")) == "CANCELLED"
    upcoming = icalendar.Calendar.from_ical((early_site / "termine" / "termine.ics").read_bytes())
    assert [str(e.get("summary")) for e in upcoming.walk("VEVENT")] == ["Zweitägige Werkstatt", "Bürgerforum Bürgerportal", "Fachtag Mobilität"]


def test_calendar_uids_are_stable_across_builds(early_site, late_site):
    for name in ("buergerforum", "kick-off"):
        early = icalendar.Calendar.from_ical((early_site / "termine" / f"{name}.ics").read_bytes()).walk("VEVENT")[0]
        late = icalendar.Calendar.from_ical((late_site / "termine" / f"{name}.ics").read_bytes()).walk("VEVENT")[0]
        assert early.get("uid") == late.get("uid") and early.get("dtstamp").to_ical() == late.get("dtstamp").to_ical()


def test_autodiscovery_links_point_to_existing_feeds(early_site):
    checked = 0
    for path in early_site.rglob("*.html"):
        for link in parse(path).cssselect('link[rel="alternate"]'):
            target = (path.parent / link.get("href")).resolve()
            assert target.is_file(), f"{path}: {link.get('href')}"
            assert link.get("type") in ("application/rss+xml", "application/atom+xml") and link.get("title")
            checked += 1
    assert checked > 50
    home = page(early_site, "")
    assert len(home.cssselect('link[rel="alternate"]')) == 4


def test_feeds_page_lists_every_feed_and_the_press_contact(early_site):
    document = page(early_site, "feeds/")
    hrefs = {a.get("href") for a in document.cssselect(".mr-feed-table a")}
    for name in FEEDS:
        assert {f"{name}.rss.xml", f"{name}.atom.xml"} <= hrefs
    assert document.cssselect('a[href="../termine/termine.ics"]')
    assert "presse@lindenau.example" in text(document)
    assert "So abonnieren Sie einen Feed" in text(document)


def test_news_scheduled_with_a_time_appears_with_the_first_build_after_it(tmp_path):
    root = make_region(tmp_path / "region")
    news = root / "content" / "aktuelles" / "2024-06-15-zukunft.md"
    news.write_text(news.read_text(encoding="utf-8").replace("date: 2024-06-15", "date: 2024-06-15 10:00"), encoding="utf-8")
    environ = {**os.environ, "BUILD_DATE": "2024-06-15", "PYTHONPATH": str(ROOT / "hooks")}
    environ.pop("SOURCE_DATE_EPOCH", None)
    before = subprocess.run([sys.executable, "-m", "modellregion", "build", "--no-search", "--root", str(root)],
                            env={**environ, "BUILD_TIME": "09:59"}, capture_output=True, text=True)
    assert before.returncode == 0, before.stderr
    assert "Geplant (erscheint ab 15. Juni 2024, 10:00 Uhr)" in before.stdout
    assert not (root / "site" / "aktuelles" / "2024" / "zukunft").exists()
    after = subprocess.run([sys.executable, "-m", "modellregion", "build", "--no-search", "--root", str(root)],
                           env={**environ, "BUILD_TIME": "10:00"}, capture_output=True, text=True)
    assert after.returncode == 0, after.stderr
    assert (root / "site" / "aktuelles" / "2024" / "zukunft" / "index.html").exists()
    feed = feedparser.parse((root / "site" / "feeds" / "aktuelles.atom.xml").read_bytes())
    (entry,) = [e for e in feed.entries if "zukunft" in e.link]
    assert entry.published.startswith("2024-06-15T10:00:00+02:00")
