"""The image pipeline in a built site: upright, metadata-free, responsive, no original published, cached."""

from __future__ import annotations

import hashlib
import json
import re
import time
from pathlib import Path

import feedparser
import pytest
from PIL import Image

from helpers import FIXTURE, LATE, build_region, make_region, page, parse
from image_samples import assert_clean, cmyk_jpeg, portrait_photo, transparent_png
from test_build import run_cli

RASTER = ("*.jpg", "*.jpeg", "*.png", "*.webp", "*.gif")
BASE = "https://lindenau.example/"
FIXTURE_CONTENT = FIXTURE / "content"


def add_news(root: Path, name: str, front: str, body: str) -> None:
    (root / "content" / "aktuelles" / f"{name}.md").write_text(
        f"---\n{front}cities: [lindenau]\naction_fields: [mobilitaet]\n---\n\n{body}\n", encoding="utf-8")


def image_region(root: Path) -> Path:
    """The fixture region with a portrait camera photo (GPS, Orientation 6) as a news image, a body
    with a transparent PNG (with credit) and a decorative print JPEG, a CMYK project image and a large
    city image."""
    make_region(root)
    content = root / "content"
    portrait_photo(content / "bilder" / "hochkant.jpg")
    transparent_png(content / "aktuelles" / "bilder" / "schema.png")
    cmyk_jpeg(content / "bilder" / "druck.jpg")
    Image.new("RGB", (5000, 3500), (30, 120, 60)).save(content / "bilder" / "stadt.jpg", quality=70)
    add_news(root, "2024-06-20-hochkant", "title: Neues Rufbus-Foto\ndate: 2024-06-20\nsummary: Ein Foto im Hochformat.\n"
             "image:\n  src: bilder/hochkant.jpg\n  alt: Dunkle Wolken über einem hellen Platz\n  credit: Anna Beispiel\n", "Text zum Foto.")
    add_news(root, "2024-06-21-schaubild", "title: Schaubild zum Rufbus\ndate: 2024-06-21\nsummary: Ein Schaubild im Text.\n",
             "Einleitung.\n\n![Rotes Rechteck auf durchsichtigem Grund](bilder/schema.png){: credit=\"Projektbüro\" }\n\n"
             "Schmuck ![](../bilder/druck.jpg){: decorative } im Satz.\n\n[Das Foto in voller Größe](../bilder/hochkant.jpg)\n\n"
             "![Dreieck aus drei Punkten, das Zeichen der Region](../bilder/logo.svg)")
    project = root / "data" / "projects" / "e-bus.yml"
    project.write_text(project.read_text(encoding="utf-8") + "image:\n  src: bilder/druck.jpg\n  alt: Rote Fläche aus einem Druckprospekt\n"
                       "results: |\n  Der Plan:\n\n  ![Hochformatiges Foto mit dunklem Himmel](bilder/hochkant.jpg)\n", encoding="utf-8")
    organisations = root / "data" / "organisations.yml"
    organisations.write_text(organisations.read_text(encoding="utf-8").replace(
        "  name: Stadtwerke Lindenau\n", "  name: Stadtwerke Lindenau\n  logo:\n    src: aktuelles/bilder/schema.png\n    alt: Logo der Stadtwerke Lindenau\n", 1), encoding="utf-8")
    event = root / "data" / "events" / "buergerforum.yml"
    event.write_text(event.read_text(encoding="utf-8") + "image:\n  src: bilder/stadt.jpg\n  alt: Grüne Wiese vor dem Rathaus\n  credit: Stadt Lindenau\n", encoding="utf-8")
    cities = root / "data" / "cities.yml"
    cities.write_text(cities.read_text(encoding="utf-8").replace(
        "  summary: Die Leitkommune der Testregion.\n",
        "  summary: Die Leitkommune der Testregion.\n  image:\n    src: bilder/stadt.jpg\n    alt: Grüne Wiese am Rand der Stadt\n", 1)
        + "  image:\n    src: bilder/logo.svg\n    alt: Dreieck aus drei Punkten, das Zeichen der Region\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = image_region(tmp_path_factory.mktemp("images") / "region")
    started = time.perf_counter()
    site = build_region(root, LATE)
    cold = time.perf_counter() - started
    return root, site, cold


def published_rasters(site: Path) -> list[Path]:
    return sorted(p for pattern in RASTER for p in site.rglob(pattern) if "pagefind" not in p.parts)


def test_no_published_image_keeps_any_metadata(built):
    _, site, _ = built
    files = published_rasters(site)
    assert len(files) > 20
    for path in files:
        assert_clean(path)


def test_no_original_is_published_byte_for_byte(built):
    root, site, _ = built
    originals = {hashlib.sha256(p.read_bytes()).hexdigest(): p for pattern in RASTER for p in (root / "content").rglob(pattern)}
    published = {hashlib.sha256(p.read_bytes()).hexdigest() for p in published_rasters(site)}
    assert len(originals) >= 6
    assert not published & originals.keys(), [str(originals[h]) for h in published & originals.keys()]
    with Image.open(site / "bilder" / "stadt.jpg") as full:  # the full-size copy at the original's address
        assert max(full.size) == 2400


def test_variants_exist_in_every_width_and_format(built):
    _, site, _ = built
    folder = site / "bilder" / "varianten"
    for stem, fallback, widths in (("hochkant", "jpg", (480, 960, 1600)), ("schema", "png", (480, 960, 1000)),
                                   ("druck", "jpg", (480, 800)), ("stadt", "jpg", (480, 960, 1600))):
        for width in widths:
            for suffix in ("webp", fallback):
                [variant] = folder.glob(f"{stem}-??????????-{width}.{suffix}")
                with Image.open(variant) as image:
                    assert image.width == width and image.format == {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}[suffix]
    with Image.open(next(folder.glob("schema-*-960.png"))) as image:
        assert image.mode == "RGBA" and image.getpixel((2, 2))[3] == 0  # transparency kept
    with Image.open(next(folder.glob("druck-??????????-800.jpg"))) as image:
        assert image.mode == "RGB" and image.getpixel((5, 5))[0] > 200  # CMYK converted, still red


def test_the_portrait_photo_is_upright_everywhere(built):
    _, site, _ = built
    files = [site / "bilder" / "hochkant.jpg", *(site / "bilder" / "varianten").glob("hochkant-*")]
    assert len(files) == 8
    for path in files:
        with Image.open(path) as image:
            assert image.height == image.width * 3 // 2, path.name
            grey = image.convert("L")
            assert grey.getpixel((image.width // 2, image.height // 10)) < 60 < 200 < grey.getpixel((image.width // 2, image.height * 9 // 10))


def test_every_img_has_alt_width_and_height(built):
    _, site, _ = built
    checked = empty = 0
    for html in site.rglob("*.html"):
        for img in parse(html).iter("img"):
            checked += 1
            assert img.get("alt") is not None, (html, img.get("src"))
            assert img.get("width") and img.get("height"), (html, img.get("src"))
            if img.get("alt") == "":
                empty += 1
                src = img.get("src")
                # the logo inside the named home link, and the body image marked decorative
                assert src.endswith("bilder/logo.svg") or re.search(r"bilder/varianten/druck-[0-9a-f]+-800\.jpg$", src), (html, src)
    assert checked > 50 and empty > 10


def test_news_page_with_a_portrait_photo(built):
    _, site, _ = built
    document = page(site, "aktuelles/2024/hochkant/")
    figure = document.cssselect("figure.mr-figure")[0]
    img = figure.cssselect("picture img")[0]
    assert (img.get("width"), img.get("height")) == ("960", "1440")
    assert img.get("loading") == "eager"  # the lead image is on the first screen
    assert img.get("alt") == "Dunkle Wolken über einem hellen Platz"
    webp = figure.cssselect('picture > source[type="image/webp"]')[0]
    assert [entry.split()[1] for entry in webp.get("srcset").split(", ")] == ["480w", "960w", "1600w"]
    assert webp.get("sizes") == img.get("sizes") and "100vw" in img.get("sizes")
    for candidate in [*webp.get("srcset").split(", "), *img.get("srcset").split(", "), img.get("src") + " 960w"]:
        url, width = candidate.split()
        with Image.open(site / "aktuelles/2024/hochkant" / url) as variant:  # every candidate exists, as wide as it says
            assert f"{variant.width}w" == width
    assert figure.cssselect("figcaption")[0].text_content() == "Foto: Anna Beispiel"
    meta = {m.get("property") or m.get("name"): m.get("content") for m in document.cssselect("meta[content]")}
    og = meta["og:image"]
    assert re.fullmatch(BASE + r"bilder/varianten/hochkant-[0-9a-f]{10}-social-1200\.jpg", og)
    with Image.open(site / og.removeprefix(BASE)) as preview:
        assert (str(preview.width), str(preview.height)) == (meta["og:image:width"], meta["og:image:height"]) == ("1200", "1800")
    assert meta["twitter:card"] == "summary_large_image"
    jsonld = json.loads(document.cssselect('script[type="application/ld+json"]')[0].text)
    assert jsonld["image"]["url"] == og and jsonld["image"]["creditText"] == "Anna Beispiel"
    feed = feedparser.parse((site / "feeds" / "aktuelles.rss.xml").read_bytes())
    entry = next(e for e in feed.entries if e.title == "Neues Rufbus-Foto")
    assert entry.enclosures[0].href == og and entry.enclosures[0].type == "image/jpeg"
    assert "Foto: Anna Beispiel" in entry.content[0].value


def test_body_images_become_pictures(built):
    _, site, _ = built
    document = page(site, "aktuelles/2024/schaubild/")
    body = document.cssselect(".mr-article__body")[0]
    pictures = body.cssselect("picture")
    assert len(pictures) == 2
    first = pictures[0].cssselect("img")[0]
    assert first.get("loading") == "lazy" and first.get("decoding") == "async"
    assert (first.get("width"), first.get("height")) == ("960", "480")
    assert re.search(r"bilder/varianten/schema-[0-9a-f]{10}-960\.png$", first.get("src"))
    assert (Path(site / "aktuelles/2024/schaubild") / first.get("src")).resolve().is_file()
    assert body.cssselect("figure.mr-figure figcaption")[0].text == "Foto: Projektbüro"
    assert pictures[1].cssselect("img")[0].get("alt") == ""
    link = [a for a in body.cssselect("a") if a.text == "Das Foto in voller Größe"][0]
    assert (Path(site / "aktuelles/2024/schaubild") / link.get("href")).resolve() == (site / "bilder" / "hochkant.jpg").resolve()
    assert "</source>" not in (site / "aktuelles/2024/schaubild/index.html").read_text(encoding="utf-8")
    svg = [img for img in body.cssselect("img") if img.get("src").endswith("logo.svg")][0]  # SVG: as it is, sized by its viewBox
    assert (svg.get("width"), svg.get("height"), svg.get("loading")) == ("48", "48", "lazy")
    city = page(site, "staedte/eichberg/").cssselect("figure.mr-figure img")[0]
    assert (city.get("width"), city.get("height"), city.get("alt")) == ("48", "48", "Dreieck aus drei Punkten, das Zeichen der Region")


def test_images_in_markdown_fields_become_pictures(built):
    _, site, _ = built
    document = page(site, "projekte/e-bus/")
    img = [i for i in document.cssselect("picture img") if i.get("alt") == "Hochformatiges Foto mit dunklem Himmel"][0]
    assert re.fullmatch(r"\.\./\.\./bilder/varianten/hochkant-[0-9a-f]{10}-960\.jpg", img.get("src"))
    assert (site / "projekte/e-bus" / img.get("src")).resolve().is_file()
    assert (img.get("width"), img.get("height"), img.get("loading")) == ("960", "1440", "lazy")
    lead = document.cssselect("figure.mr-figure img")[0]
    assert lead.get("alt") == "Rote Fläche aus einem Druckprospekt" and lead.get("loading") == "eager"


def test_organisation_logo_and_event_image(built):
    _, site, _ = built
    logo = page(site, "akteure/stadtwerke-lindenau/").cssselect(".mr-logo picture img")[0]
    assert logo.get("alt") == "Logo der Stadtwerke Lindenau" and re.search(r"schema-[0-9a-f]{10}-960\.png$", logo.get("src"))
    document = page(site, "termine/buergerforum/")
    img = document.cssselect("figure.mr-figure picture img")[0]
    assert img.get("alt") == "Grüne Wiese vor dem Rathaus" and img.get("width") == "960"
    og = document.cssselect('meta[property="og:image"]')[0].get("content")
    assert re.fullmatch(BASE + r"bilder/varianten/stadt-[0-9a-f]{10}-social-1200\.jpg", og)
    assert json.loads(document.cssselect('script[type="application/ld+json"]')[0].text)["image"]["url"] == og


def test_a_second_build_reuses_the_cache(built, tmp_path):
    root, site, cold = built
    cache = root / ".cache" / "images"
    before = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    started = time.perf_counter()
    again = build_region(root, LATE, site_dir=tmp_path / "again")
    warm = time.perf_counter() - started
    after = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    assert after == before  # no image decoded or encoded again
    assert sorted(p.relative_to(again) for p in published_rasters(again)) == sorted(p.relative_to(site) for p in published_rasters(site))
    print(f"\nimage region: cold build {cold:.2f} s, warm build {warm:.2f} s ({warm / cold:.0%})")


def test_bad_images_stop_the_build_with_german_messages(tmp_path):
    root = make_region(tmp_path / "region")
    photo = portrait_photo(root / "content" / "bilder" / "ganz.jpg").read_bytes()
    (root / "content" / "bilder" / "halb.jpg").write_bytes(photo[: len(photo) // 2])
    add_news(root, "2024-04-10-kaputt", "title: Kaputtes Bild\ndate: 2024-04-10\nsummary: Ein abgeschnittenes Bild im Text.\n",
             "Text.\n\n![Ein Bus an der Haltestelle](../bilder/halb.jpg)\n\n![Bild](../bilder/ganz.jpg)\n")
    result = run_cli(root, "build", "--no-search")
    assert result.returncode == 1
    news = "content/aktuelles/2024-04-10-kaputt.md"
    assert f"{news}:11: Bild: „../bilder/halb.jpg“ ist unvollständig (die Datei bricht mitten im Bild ab) – bitte das Bild neu exportieren und erneut ablegen" in result.stderr
    assert f"{news}:13: Bild: „../bilder/ganz.jpg“: „Bild“ ist kein Alternativtext – bitte" in result.stderr
    assert "content/bilder/halb.jpg: „bilder/halb.jpg“ ist unvollständig" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "site").exists()


def test_the_standard_fixture_site_publishes_only_clean_copies(early_site):
    files = published_rasters(early_site)
    assert {p.name for p in files} >= {"forum.jpg", "logo-feed.png"}
    originals = {hashlib.sha256(p.read_bytes()).hexdigest() for pattern in RASTER for p in FIXTURE_CONTENT.rglob(pattern)}
    for path in files:
        assert_clean(path)
        assert hashlib.sha256(path.read_bytes()).hexdigest() not in originals, path
