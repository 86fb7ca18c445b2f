"""The pages a German public body's site must have, and what they are filled with."""

from __future__ import annotations

import pytest

from helpers import EARLY, build_region, make_region, page, text

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("build")]


def test_accessibility_statement_has_every_required_part(early_site):
    document = page(early_site, "barrierefreiheit/")
    headings = [text(h) for h in document.cssselect(".mr-section h2")]
    assert headings == ["Stand der Vereinbarkeit mit den Anforderungen", "Nicht barrierefreie Inhalte", "Erstellung dieser Erklärung",
                        "Feedback und Kontakt", "Durchsetzungsverfahren"]
    content = text(document)
    assert "Barrierefreie-Informationstechnik-Verordnung Beispielland (BITV BL) teilweise vereinbar" in content
    assert "Keine Videos in Gebärdensprache." in content
    assert "am 30. April 2024 erstellt" in content and "axe-core" in content
    assert "Schlichtungsstelle Beispiel" in content and document.cssselect('a[href="mailto:schlichtung@beispiel.example"]')
    assert document.cssselect('a[href="mailto:buero@lindenau.example"]')


def test_no_cookie_banner_and_no_tracking_markup(early_site):
    for path in early_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8").lower()
        assert "md-consent" not in html and "cookie-banner" not in html, path
        assert "google-analytics" not in html and "gtag(" not in html and "matomo" not in html, path


def test_leichte_sprache_and_gebaerdensprache_are_linked_from_every_page_and_have_the_contact(early_site):
    easy = page(early_site, "leichte-sprache/")
    assert "So erreichen Sie uns" in text(easy) and easy.cssselect('a[href="mailto:buero@lindenau.example"]')
    sign = page(early_site, "gebaerdensprache/")
    assert not sign.cssselect("video")  # the fixture region names no video
    assert "Kontakt für gehörlose und schwerhörige Menschen" in text(sign)


def test_sign_language_video_is_self_hosted_with_captions(tmp_path):
    root = make_region(tmp_path / "region")
    (root / "content" / "medien").mkdir()
    (root / "content" / "medien" / "dgs.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    (root / "content" / "medien" / "dgs.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:02.000\nHallo\n", encoding="utf-8")
    region = root / "data" / "region.yml"
    region.write_text(region.read_text(encoding="utf-8") + "sign_language:\n  video: medien/dgs.mp4\n  captions: medien/dgs.vtt\n  title: Die Region in Gebärdensprache\n", encoding="utf-8")
    site = build_region(root, EARLY)
    document = page(site, "gebaerdensprache/")
    video = document.cssselect("figure.mr-video video")[0]
    assert video.get("controls") is not None
    assert video.cssselect("source")[0].get("src") == "../medien/dgs.mp4"
    track = video.cssselect("track")[0]
    assert (track.get("kind"), track.get("srclang"), track.get("src")) == ("captions", "de", "../medien/dgs.vtt")
    assert (site / "medien" / "dgs.vtt").exists()
    assert text(document.cssselect("figure.mr-video figcaption")[0]) == "Die Region in Gebärdensprache"


def test_logo_and_favicon_come_from_region_yml(tmp_path):
    root = make_region(tmp_path / "region")
    (root / "content" / "bilder" / "wappen.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1 1'/>", encoding="utf-8")
    region = root / "data" / "region.yml"
    region.write_text(region.read_text(encoding="utf-8").replace("logo: bilder/logo.svg", "logo: bilder/wappen.svg"), encoding="utf-8")
    home = page(build_region(root, EARLY), "")
    assert home.cssselect(".md-header .md-logo img")[0].get("src") == "bilder/wappen.svg"
    assert not [img for img in home.cssselect("img") if "material" in (img.get("src") or "")]
