"""The image pipeline: checks, alt-text rule, body images, and privacy-safe cached derivatives."""

import struct
import zlib
from pathlib import Path

import lxml.html
import pytest
from PIL import Image, ImageCms

from image_samples import assert_clean, metadata_of, portrait_photo
from modellregion.images import (
    BodyImage,
    alt_problem,
    body_image_problems,
    body_images,
    flatten_pictures,
    inspect,
    rendition,
    resolve_body_src,
    rewrite_body_images,
    source_problem,
    svg_size,
)



def make(path: Path, size=(2000, 1000), colour=(200, 30, 30)) -> Path:
    Image.new("RGB", size, colour).save(path)
    return path


def test_derivatives_keep_the_aspect_ratio_and_never_upscale(tmp_path):
    make(tmp_path / "gross.png")
    make(tmp_path / "klein.png", (300, 200))
    big = rendition(tmp_path, "gross.png", tmp_path / "cache")
    assert [(v.width, v.height) for v in big.variants] == [(480, 240), (960, 480), (1600, 800)]
    assert [(v.width, v.height) for v in big.fallbacks] == [(480, 240), (960, 480), (1600, 800)]
    assert big.default.width == 960 and big.largest.width == 1600
    assert all(v.path.startswith("bilder/varianten/gross-") and v.path.endswith(".webp") for v in big.variants)
    for variant in big.variants:
        with Image.open(variant.cache_file) as derived:
            assert derived.format == "WEBP" and derived.size == (variant.width, variant.height)
    with Image.open(big.default.cache_file) as derived:  # an opaque PNG gets a JPEG fallback: much smaller
        assert derived.format == "JPEG" and derived.size == (960, 480)
    assert (big.social.width, big.social.height) == (1200, 600)
    small = rendition(tmp_path, "klein.png", tmp_path / "cache")
    assert [(v.width, v.height) for v in small.variants] == [(300, 200)]
    assert small.social.width == 300 and small.full.path == "klein.png"


def test_derivatives_are_cached_by_content(tmp_path):
    source = make(tmp_path / "foto.png")
    first = rendition(tmp_path, "foto.png", tmp_path / "cache")
    stamps = {v.cache_file: v.cache_file.stat().st_mtime_ns for v in first.files()}
    again = rendition(tmp_path, "foto.png", tmp_path / "cache")
    assert {v.cache_file: v.cache_file.stat().st_mtime_ns for v in again.files()} == stamps
    assert again == first
    Image.new("RGB", (2000, 1000), (0, 0, 255)).save(source)  # same name, new picture: new derivatives
    changed = rendition(tmp_path, "foto.png", tmp_path / "cache")
    assert {v.cache_file for v in changed.files()}.isdisjoint(stamps)


def test_a_warm_cache_opens_no_image(tmp_path, monkeypatch):
    make(tmp_path / "foto.jpg")
    rendition(tmp_path, "foto.jpg", tmp_path / "cache")
    assert inspect(tmp_path / "foto.jpg", cache_dir=tmp_path / "cache") == ((2000, 1000), None)

    def refuse(*args, **kwargs):
        raise AssertionError("the image was opened although its derivatives are cached")

    monkeypatch.setattr(Image, "open", refuse)
    assert rendition(tmp_path, "foto.jpg", tmp_path / "cache").default.width == 960
    assert inspect(tmp_path / "foto.jpg", cache_dir=tmp_path / "cache") == ((2000, 1000), None)


def test_a_portrait_photo_comes_out_upright_and_without_any_metadata(tmp_path):
    portrait_photo(tmp_path / "hochkant.jpg")
    assert inspect(tmp_path / "hochkant.jpg") == ((2000, 3000), None)
    made = rendition(tmp_path, "hochkant.jpg", tmp_path / "cache")
    assert (made.width, made.height) == (2000, 3000)
    assert [(v.width, v.height) for v in made.variants] == [(480, 720), (960, 1440), (1600, 2400)]
    assert (made.full.width, made.full.height) == (1600, 2400)  # full-size copy: at most 2400 px
    for variant in made.files():
        with Image.open(variant.cache_file) as derived:
            assert derived.size == (variant.width, variant.height)
            assert derived.height > derived.width  # upright
            top = derived.convert("L").getpixel((derived.width // 2, derived.height // 8))
            bottom = derived.convert("L").getpixel((derived.width // 2, derived.height * 7 // 8))
            assert top < 60 < 200 < bottom  # rotated the right way round, not mirrored upside down
        assert_clean(variant.cache_file)
    original = metadata_of(tmp_path / "hochkant.jpg")  # the check itself sees everything the original carries
    assert original["gps"] and original["xmp"] and original["raw_iptc"] and original["icc"] and original["text"]


def test_transparency_keeps_a_png_fallback(tmp_path):
    image = Image.new("RGBA", (1000, 500), (0, 0, 255, 0))
    image.paste((255, 0, 0, 255), (100, 100, 400, 400))
    image.save(tmp_path / "logo.png")
    made = rendition(tmp_path, "logo.png", tmp_path / "cache")
    assert made.fallback_mime == "image/png" and made.social.mime == "image/png"
    for variant in (*made.variants, *made.fallbacks, made.full):
        with Image.open(variant.cache_file) as derived:
            assert derived.mode == "RGBA"
            assert derived.getpixel((2, 2))[3] == 0 and derived.getpixel((derived.width * 250 // 1000, derived.height // 2))[3] == 255
        assert_clean(variant.cache_file)


def test_cmyk_jpeg_is_converted_not_refused(tmp_path):
    Image.new("CMYK", (800, 600), (0, 255, 255, 0)).save(tmp_path / "druck.jpg")  # pure red in print colours
    assert inspect(tmp_path / "druck.jpg") == ((800, 600), None)
    made = rendition(tmp_path, "druck.jpg", tmp_path / "cache")
    with Image.open(made.default.cache_file) as derived:
        assert derived.mode == "RGB"
        red, green, blue = derived.getpixel((10, 10))
        assert red > 200 and green < 60 and blue < 60


def test_sixteen_bit_png_is_scaled_not_clipped(tmp_path):
    value = 30000  # about 46 % grey in 16 bit; clipping to 8 bit would make it white
    Image.frombytes("I;16", (400, 300), struct.pack("<H", value) * 400 * 300).save(tmp_path / "tief.png")
    assert inspect(tmp_path / "tief.png") == ((400, 300), None)
    made = rendition(tmp_path, "tief.png", tmp_path / "cache")
    with Image.open(made.default.cache_file) as derived:
        grey = derived.convert("L").getpixel((5, 5))
    assert abs(grey - value / 256) < 4


def test_icc_profiles_are_converted_to_srgb_and_dropped(tmp_path):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGB", (600, 400), (10, 120, 200)).save(tmp_path / "farbe.png", icc_profile=srgb)
    with Image.open(tmp_path / "farbe.png") as original:
        assert original.info.get("icc_profile")  # a PNG keeps its profile unless it is dropped on purpose
    made = rendition(tmp_path, "farbe.png", tmp_path / "cache")
    for variant in made.files():
        assert_clean(variant.cache_file)
        with Image.open(variant.cache_file) as derived:
            red, green, blue = derived.convert("RGB").getpixel((5, 5))[:3]
            assert abs(red - 10) < 8 and abs(green - 120) < 8 and abs(blue - 200) < 8  # sRGB to sRGB: same colour


def truncated_copy(source: Path, target: Path) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def png_header_only(path: Path, width: int, height: int) -> Path:
    """A tiny PNG whose header claims a huge picture (a decompression bomb)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))
    return path


def test_inspect_names_every_kind_of_bad_file_in_german(tmp_path):
    (tmp_path / "kaputt.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really")
    size, problem = inspect(tmp_path / "kaputt.jpg")
    assert size is None and problem.startswith("„kaputt.jpg“ ist") and " – bitte " in problem

    (tmp_path / "text.png").write_text("Hallo", encoding="utf-8")
    assert inspect(tmp_path / "text.png")[1] == "„text.png“ ist keine lesbare Bilddatei – bitte als JPEG, PNG, WebP oder GIF speichern"

    truncated = truncated_copy(portrait_photo(tmp_path / "ganz.jpg"), tmp_path / "halb.jpg")
    with Image.open(truncated) as image:
        image.verify()  # Pillow's verify() does not notice the missing half …
    assert inspect(truncated)[1].startswith("„halb.jpg“ ist unvollständig")  # … a full decode does

    bomb = png_header_only(tmp_path / "bombe.png", 50_000, 50_000)
    assert inspect(bomb)[1].startswith("„bombe.png“ ist zu groß zum Öffnen")
    big = png_header_only(tmp_path / "riesig.png", 8000, 6000)
    assert inspect(big)[1].startswith("„riesig.png“ hat 8000 × 6000 Pixel (48 Megapixel) – erlaubt sind höchstens 40 Megapixel")

    frames = [Image.new("P", (1000, 1000), index) for index in range(120)]
    frames[0].save(tmp_path / "animation.gif", save_all=True, append_images=frames[1:], duration=50)
    assert "Animation aus 120 Einzelbildern" in inspect(tmp_path / "animation.gif")[1]
    frames[0].save(tmp_path / "kurz.gif", save_all=True, append_images=frames[1:3], duration=50)
    assert inspect(tmp_path / "kurz.gif") == ((1000, 1000), None)

    assert inspect(tmp_path / "fehlt.jpg")[1].startswith("„fehlt.jpg“ gibt es nicht – ")
    good = make(tmp_path / "gut.png", (100, 50))
    assert inspect(good) == ((100, 50), None)


def test_source_problem_checks_the_path_first(tmp_path):
    assert source_problem(tmp_path, "../geheim.jpg").startswith("„../geheim.jpg“ liegt außerhalb von content/ – ")
    assert source_problem(tmp_path, "/etc/bild.jpg").startswith("„/etc/bild.jpg“ liegt außerhalb von content/")
    assert source_problem(tmp_path, "bilder/fehlt.jpg").startswith("„bilder/fehlt.jpg“ gibt es nicht")
    (tmp_path / "notiz.txt").write_text("x")
    assert "keine Bilddatei" in source_problem(tmp_path, "notiz.txt")
    make(tmp_path / "gut.jpg", (50, 50))
    assert source_problem(tmp_path, "gut.jpg") is None


def test_svg_is_left_alone(tmp_path):
    (tmp_path / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert rendition(tmp_path, "logo.svg", tmp_path / "cache") is None
    assert inspect(tmp_path / "logo.svg") == (None, None)
    assert svg_size(tmp_path / "logo.svg") is None
    (tmp_path / "box.svg").write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"\n viewBox="0 0 240.5 120">')
    assert svg_size(tmp_path / "box.svg") == (240, 120)
    (tmp_path / "px.svg").write_text('<svg width="64px" height="32" viewBox="0 0 10 10">')
    assert svg_size(tmp_path / "px.svg") == (64, 32)


@pytest.mark.parametrize("alt", ["Bild", "Foto", "Image", "Grafik", "Abbildung", "Logo", "Photo", "bild 3", "Foto:", "IMG_1234"])
def test_placeholders_are_not_alt_texts(alt):
    problem = alt_problem(alt, "bilder/rufbus.jpg", False)
    assert problem == (f"„{alt}“ ist kein Alternativtext – bitte in einigen Worten beschreiben, was das Bild zeigt "
                       "(oder `decorative: true` mit `alt: \"\"` für reinen Schmuck)")


def test_alt_text_rules():
    assert alt_problem("Rufbus an der Haltestelle Rathaus", "bilder/rufbus.jpg", False) is None
    assert alt_problem("rufbus", "bilder/rufbus.jpg", False).startswith("„rufbus“ ist der Dateiname")
    assert alt_problem("rufbus.jpg", "bilder/rufbus.jpg", False).startswith("„rufbus.jpg“ ist der Dateiname")
    assert alt_problem("buergerforum 2024", "bilder/buergerforum-2024.jpg", False).startswith("„buergerforum 2024“ ist der Dateiname")
    assert alt_problem("Roter Bus", "x.jpg", False).startswith("„Roter Bus“ ist als Alternativtext zu knapp (2 Wörter) – bitte")
    assert alt_problem(None, "x.jpg", False).startswith("der Alternativtext fehlt – bitte")
    assert alt_problem("   ", "x.jpg", False).startswith("der Alternativtext fehlt")
    assert alt_problem("", "x.jpg", True) is None  # decorative, said explicitly
    assert alt_problem(None, "x.jpg", True) is None
    assert "leeren Alternativtext" in alt_problem("Ein schönes Ornament hier", "x.jpg", True)


def test_body_images_finds_every_form_and_skips_code():
    markdown = "\n".join([
        "Text ![Rufbus an der Haltestelle](../bilder/bus.jpg \"Titel\") und ![](deko.png){: decorative }",
        "```",
        "![Kein Bild](code.jpg)",
        "```",
        "Ein `![auch kein](bild.jpg)` im Code.",
        '<img src="roh.jpg" alt="Rohes HTML-Bild hier">',
        "![Karte der Region mit Linien][karte]{: credit=\"Anna Beispiel\" }",
        "",
        "[karte]: bilder/karte.png",
    ])
    assert body_images(markdown) == [
        BodyImage("../bilder/bus.jpg", "Rufbus an der Haltestelle", False, '![Rufbus an der Haltestelle](../bilder/bus.jpg "Titel")', 1),
        BodyImage("deko.png", "", True, "![](deko.png){: decorative }", 1),
        BodyImage("roh.jpg", "Rohes HTML-Bild hier", False, '<img src="roh.jpg" alt="Rohes HTML-Bild hier">', 6),
        BodyImage("bilder/karte.png", "Karte der Region mit Linien", False, '![Karte der Region mit Linien][karte]{: credit="Anna Beispiel" }', 7, "Anna Beispiel"),
    ]


def test_body_image_problems_have_lines_and_german_messages(tmp_path):
    (tmp_path / "bilder").mkdir()
    make(tmp_path / "bilder" / "bus.jpg", (100, 100))
    markdown = "Titel\n\n![Bild](../bilder/bus.jpg)\n\n![Bus am Rathaus in Lindenau](../bilder/fehlt.jpg)\n\n![](../../aussen.jpg)\n\n![](https://example.org/x.png)\n"
    problems = body_image_problems(markdown, "aktuelles/2024-01-01-test.md", tmp_path)
    assert [(line, message.split(" – ")[0]) for line, _, message in problems] == [
        (3, "Bild „../bilder/bus.jpg“: „Bild“ ist kein Alternativtext"),
        (5, "„bilder/fehlt.jpg“ gibt es nicht".replace("bilder/fehlt.jpg", "../bilder/fehlt.jpg")),
        (7, "Bild „../../aussen.jpg“: der Alternativtext fehlt"),
        (7, "„../../aussen.jpg“ liegt außerhalb von content/"),
    ]
    assert resolve_body_src("aktuelles/x.md", "../bilder/bus.jpg") == "bilder/bus.jpg"
    assert resolve_body_src("aktuelles/x.md", "https://example.org/x.png") is None


def test_rewrite_body_images_makes_pictures_and_flattens_them_for_feeds(tmp_path):
    make(tmp_path / "bus.jpg", (2000, 1000))
    renditions = {"bus.jpg": rendition(tmp_path, "bus.jpg", tmp_path / "cache")}
    html = ('<p><img alt="Bus am Rathaus in Lindenau" src="../bus.jpg" credit="Anna Beispiel" /></p>'
            '<p>Vor <img alt="" src="../bus.jpg" decorative="decorative" /> nach</p><p><img alt="x" src="../fremd.svg" /></p>')
    out = rewrite_body_images(html, lambda src: src.removeprefix("../"), renditions, lambda path: "../" + path)
    root = lxml.html.fragment_fromstring(out, create_parent="div")
    pictures = root.cssselect("picture")
    assert len(pictures) == 2 and "</source>" not in out
    figure = root.cssselect("figure.mr-figure")[0]
    assert figure.cssselect("figcaption")[0].text == "Foto: Anna Beispiel"
    img = pictures[0].cssselect("img")[0]
    assert (img.get("width"), img.get("height"), img.get("loading"), img.get("decoding")) == ("960", "480", "lazy", "async")
    assert img.get("alt") == "Bus am Rathaus in Lindenau" and img.get("credit") is None
    assert pictures[0].cssselect("source")[0].get("srcset").count("w,") == 2
    assert pictures[1].cssselect("img")[0].get("alt") == "" and pictures[1].cssselect("img")[0].get("decorative") is None
    assert root.cssselect('img[src="../fremd.svg"]')  # not a raster image of the pipeline: left alone
    flatten_pictures(root)
    assert not root.cssselect("picture, [srcset]") and len(root.cssselect("img")) == 3


def test_markdown_fields_keep_local_images_for_the_pipeline(tmp_path):
    from modellregion.images import field_image_problems
    from modellregion.text import render_markdown

    html, refused = render_markdown("Plan: ![Plan der Stadt mit allen Wegen](bilder/plan.jpg) ![Bild](https://cdn.example.org/x.png)")
    assert refused == [("img", "https://cdn.example.org/x.png")]
    assert 'src="bilder/plan.jpg"' in html
    (tmp_path / "bilder").mkdir()
    make(tmp_path / "bilder" / "plan.jpg", (100, 100))
    assert field_image_problems(str(html), tmp_path) == []
    html, _ = render_markdown("![Plan](bilder/fehlt.jpg)")
    assert field_image_problems(str(html), tmp_path) == [
        "Bild „bilder/fehlt.jpg“: „Plan“ ist als Alternativtext zu knapp (1 Wort) – bitte in mindestens 3 Wörtern beschreiben, was das Bild zeigt, z. B. „Rufbus an der Haltestelle Rathaus“",
        "„bilder/fehlt.jpg“ gibt es nicht – bitte die Datei unter content/ ablegen oder den Pfad korrigieren",
    ]


def test_unchanged_files_are_not_hashed_again(tmp_path, monkeypatch):
    from modellregion import images

    source = make(tmp_path / "foto.jpg", (50, 50))
    first = images.digest(source, tmp_path / "cache")
    images._digest_index.cache_clear()  # a new build process: the index comes from .cache/images/digests.json
    monkeypatch.setattr(images, "_digest_of", lambda *args: pytest.fail("an unchanged file was read again"))
    assert images.digest(source, tmp_path / "cache") == first
    monkeypatch.undo()
    make(source, (60, 50))  # a new picture: size and time change, the hash follows
    assert images.digest(source, tmp_path / "cache") != first
