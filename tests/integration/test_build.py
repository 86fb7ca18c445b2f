"""Whole builds of the fixture region: German pages, safe output, atomic and reproducible site/."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpers import EARLY, ROOT, build_region, make_region, page, parse, text
from modellregion import publish
from modellregion.publish import BuildFailed

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("build")]


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_start_page_is_german_and_filled_from_region(early_site):
    home = page(early_site, "")
    assert home.get("lang") == "de"
    assert home.findtext(".//title") == "Modellregion Lindenau-Eichberg"
    assert text(home.cssselect("h1")[0]) == "Willkommen in Lindenau-Eichberg"
    sections = [text(h) for h in home.cssselect(".mr-section h2")]
    assert sections == ["Aktuelles", "Nächste Termine", "Die Modellregion in Zahlen", "Handlungsfelder", "Die Städte", "Ausgewählte Projekte"]
    # latest news first, drafts and future news absent
    teasers = [text(a) for a in home.cssselect("#home-news ~ .mr-teaser h3 a")]
    assert teasers[0] == "Meldung am Stichtag"
    assert "Entwurf: noch nicht fertig" not in text(home)
    assert "Geplante Meldung für Juni" not in text(home)


def test_navigation_shows_the_sections_in_german(early_site):
    home = page(early_site, "")
    nav = [text(a) for a in home.cssselect("nav.md-nav--primary > ul > li > a")]
    assert nav == ["Startseite", "Aktuelles", "Projekte", "Handlungsfelder", "Städte", "Akteure", "Termine",
                   "Über die Region", "Offene Daten", "Presse", "Kontakt"]


def test_every_page_has_footer_links_to_legal_pages(early_site):
    for path in html_files(early_site):
        document = parse(path)
        if document.cssselect('meta[http-equiv="refresh"]'):
            continue  # a forwarding page for a renamed address
        legal = [text(a) for a in document.cssselect(".mr-footer__legal a")]
        assert legal == ["Impressum", "Datenschutz", "Barrierefreiheit", "Leichte Sprache", "Gebärdensprache"], path


def test_legal_pages_are_filled_from_region_yml(early_site):
    imprint = text(page(early_site, "impressum/"))
    for fact in ("Stadt Lindenau", "Marktplatz 1", "12345 Lindenau", "buero@lindenau.example", "die Bürgermeisterin",
                 "Leitung des Projektbüros", "Aufsichtsbehörde Beispiel", "§ 5 Digitale-Dienste-Gesetz", "§ 18 Abs. 2"):
        assert fact in imprint, fact
    privacy = text(page(early_site, "datenschutz/"))
    assert "Datenschutz Lindenau" in privacy and "datenschutz@lindenau.example" in privacy
    assert "nach 14 Tagen" in privacy
    contact = page(early_site, "kontakt/")
    assert contact.cssselect('a[href="mailto:buero@lindenau.example"]')
    assert contact.cssselect('a[href="tel:+491234560"]')
    assert "Pressestelle Lindenau" in text(page(early_site, "presse/"))
    assert "buero@lindenau.example" in text(page(early_site, "barrierefreiheit/"))


def test_region_facts_reach_title_canonical_and_meta(early_site):
    project = page(early_site, "projekte/buergerportal/")
    assert project.findtext(".//title") == "Bürgerportal – Modellregion Lindenau-Eichberg"
    assert project.cssselect('link[rel="canonical"]')[0].get("href") == "https://lindenau.example/projekte/buergerportal/"
    assert project.cssselect('meta[name="description"]')[0].get("content") == "Ein gemeinsames Portal für Anträge beider Städte."
    assert project.cssselect('meta[property="og:title"]')[0].get("content") == "Bürgerportal"
    assert project.cssselect('meta[property="og:url"]')[0].get("content") == "https://lindenau.example/projekte/buergerportal/"
    assert project.cssselect('link[rel="icon"]')[0].get("href").endswith("bilder/favicon.svg")
    assert project.cssselect(".md-header img")[0].get("src").endswith("bilder/logo.svg")


def test_values_from_yaml_are_escaped(early_site):
    cities = page(early_site, "staedte/")
    raw = (early_site / "staedte" / "index.html").read_text(encoding="utf-8")
    assert "Die Partnerstadt &lt;b&gt;mit&lt;/b&gt; Sonderzeichen &amp; Co." in raw
    assert not cities.cssselect(".mr-city-list b")
    project = (early_site / "projekte" / "buergerportal" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in project  # raw HTML in a Markdown field is shown as text
    assert "&lt;script&gt;alert" in project


def test_no_reference_to_another_host(early_site):
    """Scripts, styles, images, fonts and frames all come from the site itself."""
    for path in html_files(early_site):
        document = parse(path)
        for element in document.iter("script", "link", "img", "iframe", "source", "video", "audio", "embed", "object"):
            for attribute in ("src", "href", "data", "srcset"):
                value = element.get(attribute)
                if not value or (element.tag == "link" and element.get("rel") in ("canonical", "alternate")):
                    continue
                assert not urlsplit(value).netloc, f"{path}: <{element.tag} {attribute}={value}>"
        assert "fonts.googleapis" not in path.read_text(encoding="utf-8")


def test_internal_links_resolve(early_site):
    missing = []
    for path in html_files(early_site):
        for anchor in parse(path).iter("a"):
            href = anchor.get("href")
            if not href or urlsplit(href).scheme or href.startswith("#"):
                continue
            target_path = urlsplit(href).path
            base = early_site if target_path.startswith("/") else path.parent
            target = (base / target_path.lstrip("/")).resolve()
            if target_path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.exists():
                missing.append(f"{path.relative_to(early_site)} -> {href}")
    assert missing == []


def test_build_writes_nothing_into_content_or_data(tmp_path):
    root = make_region(tmp_path / "region")
    before = tree_digest(root / "content") | {f"data/{k}": v for k, v in tree_digest(root / "data").items()}
    build_region(root, EARLY)
    after = tree_digest(root / "content") | {f"data/{k}": v for k, v in tree_digest(root / "data").items()}
    assert after == before


def test_two_builds_of_the_same_day_are_byte_identical(tmp_path):
    root = make_region(tmp_path / "region")
    first = tree_digest(build_region(root, EARLY, site_dir=tmp_path / "one", search=True))
    second = tree_digest(build_region(root, EARLY, site_dir=tmp_path / "two", search=True))
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert any(name.startswith("pagefind/") for name in first)
    # make bench reads where the time went: every phase of the last build, in seconds.
    phases = json.loads((root / ".cache" / "build-phases.json").read_text(encoding="utf-8"))
    assert {"gate", "markdown", "templates", "outputs", "images", "search", "swap", "mkdocs"} <= phases.keys()
    assert all(isinstance(value, (int, float)) and value >= 0 for value in phases.values())
    assert phases["templates"] < phases["mkdocs"]


def test_build_date_changes_what_is_published(early_site, late_site):
    assert not (early_site / "aktuelles" / "2024" / "zukunft").exists()
    assert (late_site / "aktuelles" / "2024" / "zukunft" / "index.html").exists()
    for site in (early_site, late_site):
        assert not (site / "aktuelles" / "2024" / "entwurf").exists()


def run_cli(root: Path, *args: str, build_date: str = EARLY) -> subprocess.CompletedProcess:
    environ = {**os.environ, "BUILD_DATE": build_date, "PYTHONPATH": str(ROOT / "hooks")}
    return subprocess.run([sys.executable, "-m", "modellregion", *args, "--root", str(root)], env=environ, capture_output=True, text=True)


def test_bad_content_stops_the_build_and_keeps_the_old_site(tmp_path):
    root = make_region(tmp_path / "region")
    assert run_cli(root, "build", "--no-search").returncode == 0
    before = tree_digest(root / "site")
    project = root / "data" / "projects" / "e-bus.yml"
    project.write_text(project.read_text(encoding="utf-8").replace("status: geplant", "status: fliegend").replace("[lindenau, eichberg]", "[lindenau, eichbrg]"), encoding="utf-8")
    result = run_cli(root, "build", "--no-search")
    assert result.returncode == 1
    assert "data/projects/e-bus.yml:3: cities: unbekannte Stadt „eichbrg“ – meinten Sie „eichberg“?" in result.stderr
    assert "data/projects/e-bus.yml:5: status: „fliegend“ gibt es nicht" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert tree_digest(root / "site") == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []


def test_a_broken_link_fails_strict_build_after_writing_pages_and_keeps_the_old_site(tmp_path):
    root = make_region(tmp_path / "region")
    site = build_region(root, EARLY)
    before = tree_digest(site)
    (root / "content" / "kontakt.md").write_text("---\ntitle: Kontakt\n---\n\n[kaputt](gibt-es-nicht.md)\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as caught:
        build_region(root, EARLY)  # the gate in on_config stops a direct build, too
    assert caught.value.lines == ["content/kontakt.md:5: Link: „gibt-es-nicht.md“ führt ins Leere – content/gibt-es-nicht.md gibt es nicht; meinten Sie „datenschutz.md“?"]
    environ = {**os.environ, "BUILD_DATE": EARLY, "PYTHONPATH": str(ROOT / "hooks"), "MODELLREGION_CHECKED": EARLY}
    environ.pop("SOURCE_DATE_EPOCH", None)
    with pytest.raises(BuildFailed) as caught:
        publish.build(root, site, environ=environ, search_index=False)  # without the gate: MkDocs' own check, in German
    assert caught.value.lines == ["content/kontakt.md:5: Link: „gibt-es-nicht.md“ führt ins Leere – die Datei gibt es nicht; bitte den Pfad prüfen (relativ zu dieser Datei, mit „.md“ am Ende)"]
    assert tree_digest(site) == before
    assert list(root.glob(".site.*")) == []


def test_check_reports_without_building(tmp_path):
    root = make_region(tmp_path / "region")
    ok = run_cli(root, "check")
    assert ok.returncode == 0 and "5 Projekte" in ok.stdout
    (root / "data" / "cities.yml").write_text("- slug: lindenau\n  name: [kaputt\n", encoding="utf-8")
    broken = run_cli(root, "check")
    assert broken.returncode == 1
    assert broken.stderr.splitlines()[1].startswith("  data/cities.yml:")
    assert "YAML: Syntaxfehler" in broken.stderr
    assert not (root / "site").exists()


def test_bad_build_date_is_a_clear_error(tmp_path):
    root = make_region(tmp_path / "region")
    result = run_cli(root, "check", build_date="1. Mai")
    assert result.returncode == 2
    assert result.stderr.strip() == "BUILD_DATE: „1. Mai“ ist kein Datum – bitte als JJJJ-MM-TT angeben, z. B. BUILD_DATE=2024-05-01"


def test_page_bodies_may_not_load_anything_from_another_host(tmp_path):
    root = make_region(tmp_path / "region")
    news = root / "content" / "aktuelles" / "2024-03-12-radwege-bilanz.md"
    news.write_text(news.read_text(encoding="utf-8") + "\n![Karte](https://tiles.example.org/karte.png)\n\n<iframe src=\"https://video.example.org/embed/1\" title=\"Video\"></iframe>\n", encoding="utf-8")
    result = run_cli(root, "build", "--no-search")
    assert result.returncode == 1
    assert "content/aktuelles/2024-03-12-radwege-bilanz.md:14: HTML: „<img>“ lädt „https://tiles.example.org/karte.png“ von einem fremden Server" in result.stderr
    # An iframe never reaches the page: the sanitiser removes it and the gate says so.
    assert "content/aktuelles/2024-03-12-radwege-bilanz.md:16: HTML: „<iframe>“ ist nicht erlaubt – fremde Seiten werden nicht eingebettet" in result.stderr
    assert not (root / "site").exists()


def test_robots_txt_points_to_the_sitemap(early_site):
    assert (early_site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n\nSitemap: https://lindenau.example/sitemap.xml\n"


def test_every_feed_link_finds_the_sitemap_materials_script_asks_for(early_site):
    """Material's script requests sitemap.xml beside each <link rel=alternate>: no 404 in the console."""
    from urllib.parse import urljoin

    asked = set()
    for html in early_site.rglob("*.html"):
        document = parse(html)
        base = "https://x.invalid/" + html.parent.relative_to(early_site).as_posix() + "/"
        for link in document.xpath("//link[@rel='alternate']"):
            asked.add(urljoin(urljoin(base, link.get("href")), "sitemap.xml").removeprefix("https://x.invalid/"))
    assert "feeds/sitemap.xml" in asked and len(asked) >= 3
    for path in sorted(asked):
        assert (early_site / path).is_file(), path
        assert parse(early_site / path).tag.endswith("urlset")
