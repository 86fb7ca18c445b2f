"""Hostile inputs, one class at a time: each gets the German error it must get or the output it
must produce. Unit-level and fast: the sanitiser, the URL judge, the YAML limits, SVG files and
the writers of CSV, JSON, iCalendar and feeds."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

from helpers import EARLY, FIXTURE, ROOT
from modellregion import glue, opendata
from modellregion.glue import engine_from_file
from modellregion.validation import check_region
from modellregion.feeds import xml_text
from modellregion.ics import _one_line
from modellregion.loading import MAX_FILE_BYTES, load_markdown_file, load_yaml_file, parse_yaml
from modellregion.sanitize import Removal, sanitize_html, svg_problem
from modellregion.text import css_urls, foreign_resources, render_markdown
from modellregion.values import is_foreign, is_safe_url

SCRIPT = "„<script>“ ist nicht erlaubt – Skripte werden nie veröffentlicht; bitte entfernen"
ONCLICK = "Attribut „onclick“ ist nicht erlaubt – Skripte werden nie veröffentlicht; bitte entfernen"
URL_TAIL = "ist nicht erlaubt – erlaubt sind http-, https-, mailto- und tel-Adressen und Pfade innerhalb der Website"

# --- 1. rendered Markdown through the allowlist: (input HTML, published HTML, [(message, needle)]) ---
SANITIZED = {
    "script": ("<p>Hallo</p><script>alert(1)</script>", "<p>Hallo</p>", [(SCRIPT, "<script")]),
    "handler": ('<p onclick="alert(1)">Text</p>', "<p>Text</p>", [(ONCLICK, "onclick")]),
    "img-onerror": ('<img src="x.png" alt="a" onerror="alert(1)">', '<img src="x.png" alt="a">',
                    [("Attribut „onerror“ ist nicht erlaubt – Skripte werden nie veröffentlicht; bitte entfernen", "onerror")]),
    "javascript-link": ('<a href="javascript:alert(1)">x</a>', "<a>x</a>", [(f"Adresse „javascript:alert(1)“ in „href“ {URL_TAIL}", "javascript:alert(1)")]),
    "javascript-tab": ('<a href="java\tscript:alert(1)">x</a>', "<a>x</a>", [(f"Adresse „java\tscript:alert(1)“ in „href“ {URL_TAIL}", "java\tscript:alert(1)")]),
    "vbscript-upper": ('<a href="VBScript:msgbox(1)">x</a>', "<a>x</a>", [(f"Adresse „VBScript:msgbox(1)“ in „href“ {URL_TAIL}", "VBScript:msgbox(1)")]),
    "data-image": ('<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;" alt="a">', '<img alt="a">',
                   [(f"Adresse „data:image/svg+xml,<svg onload=alert(1)>“ in „src“ {URL_TAIL}", "data:image/svg+xml,<svg onload=alert(1)>")]),
    "srcset-javascript": ('<img srcset="a.png 1x, javascript:alert(1) 2x" alt="a">', '<img alt="a">',
                          [(f"Adresse „javascript:alert(1)“ in „srcset“ {URL_TAIL}", "javascript:alert(1)")]),
    "base": ('<base href="https://example.org/">', "", [("„<base>“ ist nicht erlaubt – die Adresse der Seite legt die Website fest; bitte entfernen", "<base")]),
    "meta-refresh": ('<meta http-equiv="refresh" content="0;url=https://example.org">', "",
                     [("„<meta>“ ist nicht erlaubt – Angaben im Seitenkopf setzt die Website selbst; bitte entfernen", "<meta")]),
    "form": ('<form action="https://example.org/"><button>Los</button></form>', "Los", [
        ("„<form>“ ist nicht erlaubt – Formulare werden nicht veröffentlicht; bitte auf die Seite mit dem Formular verlinken", "<form"),
        ("„<button>“ ist nicht erlaubt – Formulare werden nicht veröffentlicht; bitte auf die Seite mit dem Formular verlinken", "<button")]),
    "iframe-srcdoc": ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "",
                      [("„<iframe>“ ist nicht erlaubt – fremde Seiten werden nicht eingebettet; bitte als Link angeben", "<iframe")]),
    "object": ('<object data="x.swf"></object>', "", [("„<object>“ ist nicht erlaubt – eingebettete Objekte werden nicht veröffentlicht; bitte als Link angeben", "<object")]),
    "style-element": ('<style>@import "https://example.org/x.css";</style><p>a</p>', "<p>a</p>",
                      [("„<style>“ ist nicht erlaubt – die Gestaltung kommt aus dem Stylesheet der Website; bitte entfernen", "<style")]),
    "style-attribute": ('<p style="background:url(https://example.org/x.gif)">a</p>', "<p>a</p>",
                        [("Attribut „style“ ist nicht erlaubt – die Gestaltung kommt aus dem Stylesheet; bitte eine Klasse verwenden", "style")]),
    "inline-svg": ('<svg><image href="https://example.org/x.gif"/></svg><p>a</p>', "<p>a</p>",
                   [("„<svg>“ ist nicht erlaubt – SVG-Grafiken bitte als Datei unter content/ ablegen und als Bild einbinden", "<svg")]),
    "clobber-config": ('<div id="__config">{"base": "https://evil.example/"}</div>', '<div>{"base": "https://evil.example/"}</div>',
                       [("Kennung „__config“ ist nicht erlaubt – Kennungen mit „__“ am Anfang gehören der Website; bitte umbenennen", "__config")]),
    "entity-javascript": ('<a href="&#106;avascript:alert(1)">x</a>', "<a>x</a>", [(f"Adresse „javascript:alert(1)“ in „href“ {URL_TAIL}", "javascript:alert(1)")]),
    # What editors need survives untouched (table alignment becomes a class: no style under the CSP).
    "headings-footnotes": ('<h2 id="ziel">Ziel<a class="headerlink" href="#ziel" title="Link zu diesem Abschnitt">¶</a></h2>'
                           '<p>Satz<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>',
                           '<h2 id="ziel">Ziel<a class="headerlink" href="#ziel" title="Link zu diesem Abschnitt">¶</a></h2>'
                           '<p>Satz<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>', []),
    "details-abbr-kbd": ('<details class="note"><summary>Mehr</summary><p><abbr title="Open Data">OD</abbr> <kbd>Strg</kbd></p></details>',
                         '<details class="note"><summary>Mehr</summary><p><abbr title="Open Data">OD</abbr> <kbd>Strg</kbd></p></details>', []),
    "table-alignment": ('<table><tr><th style="text-align: right;">Betrag</th></tr></table>',
                        '<table><tbody><tr><th class="mr-align-right">Betrag</th></tr></tbody></table>', []),
    "picture": ('<picture><source srcset="a.webp 1x" type="image/webp"><img src="a.jpg" alt="A" width="4" height="3" loading="lazy"></picture>',
                '<picture><source srcset="a.webp 1x" type="image/webp"><img src="a.jpg" alt="A" width="4" height="3" loading="lazy"></picture>', []),
}


@pytest.mark.parametrize("name", SANITIZED)
def test_sanitiser(name):
    given, published, removed = SANITIZED[name]
    html, removals = sanitize_html(given)
    assert html == published
    assert removals == [Removal(message, needle) for message, needle in removed]


def test_markdown_attribute_lists_cannot_add_handlers():
    import markdown
    html = markdown.markdown("Text\n{: onclick=\"alert(1)\" }", extensions=["attr_list"])
    assert "onclick" in html  # Python-Markdown itself lets it through …
    assert sanitize_html(html) == ("<p>Text</p>", [Removal(ONCLICK, "onclick")])  # … the sanitiser does not


def test_markdown_fields_are_sanitised_and_report_removals():
    html, refused = render_markdown("[Klick](javascript:alert(1)) <script>x</script>")
    assert str(html) == "<p><a>Klick</a> &lt;script&gt;x&lt;/script&gt;</p>"
    assert refused == [("a", "javascript:alert(1)")]


def test_page_bodies_reach_pages_and_feeds_sanitised():
    state = glue.BuildState()
    shown = state.remember_content("aktuelles/meldung.md", "<p>Text</p><script>alert(1)</script>")
    assert shown == "<p>Text</p>" and state.contents["aktuelles/meldung.md"] == "<p>Text</p>"


def test_what_the_sanitiser_removes_from_a_body_is_a_gate_error_at_its_line(tmp_path):
    for folder in ("data", "content"):
        shutil.copytree(FIXTURE / folder, tmp_path / folder)
    page = tmp_path / "content" / "kontakt.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nText\n\n<script>alert(1)</script>\n", encoding="utf-8")
    line = page.read_text(encoding="utf-8").splitlines().index("<script>alert(1)</script>") + 1
    verdict = check_region(tmp_path, date.fromisoformat(EARLY), engine_from_file(ROOT))
    assert [str(e) for e in verdict.errors] == [f"content/kontakt.md:{line}: HTML: {SCRIPT}"]


# --- 2. URLs as browsers read them ---------------------------------------------------------
PAGE = "https://www.region.example/aktuelles/2024/x/"
FOREIGN = ["\\\\evil.example/p.gif", "https:\\\\evil.example/p.gif", "/\\evil.example/p.gif", "http:evil.example/p.gif",
           "//evil.example/p.gif", "HTTPS://evil.example/p.gif", " \thttps://evil.example/p.gif", "ht\ttps://evil.example/p.gif",
           "file:///etc/passwd", "https://www.region.example.evil.example/x.gif"]
LOCAL = ["bilder/a.png", "../a.png", "/bilder/a.png", "#anker", "?seite=2", "https://www.region.example/bilder/a.png", "data:image/png;base64,AA", ""]


@pytest.mark.parametrize("url", FOREIGN)
def test_foreign_as_browsers_see_it(url):
    assert is_foreign(url, PAGE)


@pytest.mark.parametrize("url", LOCAL)
def test_local_as_browsers_see_it(url):
    assert not is_foreign(url, PAGE)


@pytest.mark.parametrize("url", ["https:\\\\evil.example/", "http:evil.example", "javascript:alert(1)", " https://ok.example/", "https://ok.example/\n",
                                 "https://user@evil.example/", "https://ok.example\\@evil.example/", "ftp://files.example/", "//evil.example/"])
def test_unsafe_links(url):
    assert not is_safe_url(url)


def test_foreign_resources_cover_every_loading_attribute():
    html = ('<img srcset="a.png 1x, https://e.example/b.png 2x"><video poster="//e.example/p.jpg"></video>'
            '<svg><image xlink:href="https://e.example/i.png"/></svg><object data="http:e.example/o"></object>'
            '<link href="https://e.example/s.css"><p style="background:u\\72l(https://e.example/bg.gif)">x</p>'
            '<style>@import "//e.example/i.css";</style><img src="bilder/ok.png">')
    assert foreign_resources(html, PAGE) == [("img", "https://e.example/b.png"), ("video", "//e.example/p.jpg"), ("image", "https://e.example/i.png"),
                                            ("object", "http:e.example/o"), ("link", "https://e.example/s.css"), ("p", "https://e.example/bg.gif"),
                                            ("style", "//e.example/i.css")]
    assert css_urls("a{background:url( 'x.png' )} @import 'y.css';") == ["x.png", "y.css"]


# --- 3. YAML within limits: every input refused quickly, with file, line, field and a German fix ---
def _nested_merge(levels: int) -> str:
    text = "a: &a {x: 1, y: 2}\n"
    for i in range(levels):
        this, prev = f"l{i}", ("a" if i == 0 else f"l{i - 1}")
        text += f"{this}: &{this}\n  <<: [{', '.join(['*' + prev] * 9)}]\n  k{i}: 1\n"
    return text


YAML = {
    "billion-laughs": ("a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(f"b{i}: &b{i} [{','.join(['*' + ('a' if i == 0 else f'b{i - 1}')] * 9)}]\n" for i in range(12)),
                       "x.yml:6: b4: Verweise („*“ und „<<“) ergeben mehr als 100000 Werte – bitte Anker und Verweise sparsamer verwenden"),
    "merge-keys": (_nested_merge(12), "x.yml:15: <<: Verweise („*“ und „<<“) ergeben mehr als 100000 Werte – bitte Anker und Verweise sparsamer verwenden"),
    "nesting-1000": ("a: " + "[" * 1000 + "]" * 1000 + "\n", "x.yml:1: a: mehr als 50 Ebenen ineinander verschachtelt – bitte flacher aufbauen"),
    "nesting-200k": ("a: " + "[" * 200_000 + "]" * 200_000 + "\n", "x.yml:1: a: mehr als 50 Ebenen ineinander verschachtelt – bitte flacher aufbauen"),
    "self-reference": ("a: &a [1, *a]\n", "x.yml:1: a: „*a“ verweist auf den Block, in dem es steht – bitte den Verweis entfernen"),
    "5000-digits": ("budget_eur: " + "9" * 5000 + "\n", "x.yml:1: budget_eur: Zahl „99999999999999999…“ ist zu groß – erlaubt sind höchstens 15 Stellen vor dem Komma; bitte prüfen"),
    "float-overflow": ("budget_eur: " + "9" * 400 + ".5\n", "x.yml:1: budget_eur: Zahl „99999999999999999…“ ist zu groß – erlaubt sind höchstens 15 Stellen vor dem Komma; bitte prüfen"),
    "nan": ("budget_eur: !!float .nan\n", "x.yml:1: budget_eur: „.nan“ ist keine Zahl – bitte eine Zahl wie 12500 oder 0.5 angeben"),
    "inf-exponent": ("budget_eur: !!float 1e400\n", "x.yml:1: budget_eur: Zahl „1e400“ ist zu groß – erlaubt sind höchstens 15 Stellen vor dem Komma; bitte prüfen"),
    "escaped-control": ('title: "Bus\\x07linie"\n', "x.yml:1: title: enthält das unsichtbare Steuerzeichen U+0007 – bitte entfernen (oft beim Kopieren aus PDF oder Word mitgekommen)"),
    "raw-control": ("title: ok\nsummary: A\x0bB\n", "x.yml:2: YAML: enthält das unsichtbare Steuerzeichen U+000B – bitte entfernen (oft beim Kopieren aus PDF oder Word mitgekommen)"),
    "long-text": ("summary: " + "a" * 60_000 + "\n", "x.yml:1: summary: Text mit 60000 Zeichen – erlaubt sind höchstens 50000; bitte kürzen"),
    "python-tag": ("a: !!python/object/apply:os.system ['id']\n", "x.yml:1: YAML: Tag „!!python/object/apply:os.system“ ist nicht erlaubt – nur einfache YAML-Werte verwenden"),
    "colon": ("title: Bus: Linie\n", "x.yml:1: YAML: Syntaxfehler: Doppelpunkt an unerwarteter Stelle – Text mit „: “ bitte in Anführungszeichen setzen"),
}


@pytest.mark.parametrize("name", YAML)
def test_yaml_limits(name):
    text, expected = YAML[name]
    started = time.perf_counter()
    loaded = parse_yaml(text, "x.yml")
    assert time.perf_counter() - started < 2
    assert loaded.data is None
    assert [str(e) for e in loaded.errors] == [expected]


def test_plain_values_within_the_limits_still_load():
    data = parse_yaml("a: &a {x: 1}\nb:\n  <<: *a\n  y: 2\nbudget_eur: 123456789012345\nrate: 0.25\nnan_text: .nan\n", "x.yml").data
    assert data == {"a": {"x": 1}, "b": {"x": 1, "y": 2}, "budget_eur": 123456789012345, "rate": 0.25, "nan_text": ".nan"}


def test_files_over_the_size_limit_are_not_read(tmp_path: Path):
    big = tmp_path / "gross.yml"
    big.write_bytes(b"a: " + b"x" * MAX_FILE_BYTES + b"\n")
    assert [str(e) for e in load_yaml_file(big, "data/gross.yml").errors] == [
        "data/gross.yml: Datei: ist größer als 1 MB – bitte kürzen oder auf mehrere Dateien aufteilen; Bilder und Dokumente gehören nicht in Text-Dateien"]


def test_control_characters_in_markdown_bodies_name_the_line(tmp_path: Path):
    news = tmp_path / "n.md"
    news.write_text("---\ntitle: A\n---\n\nText\nmit \x1b[31m Farbe\n", encoding="utf-8")
    _, errors = load_markdown_file(news, "content/n.md")
    assert [str(e) for e in errors] == ["content/n.md:6: body: enthält das unsichtbare Steuerzeichen U+001B – bitte entfernen (oft beim Kopieren aus PDF oder Word mitgekommen)"]


# --- 7. SVG files --------------------------------------------------------------------------
SVG = {
    "script": ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
               "SVG enthält „<script>“ – Skripte werden nie veröffentlicht; bitte die Grafik ohne Skript exportieren"),
    "onload": ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "SVG enthält das Attribut „onload“ – Skripte werden nie veröffentlicht; bitte entfernen"),
    "foreign-object": ('<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
                       "SVG enthält „<foreignObject>“ – darin kann HTML stecken; bitte die Grafik ohne foreignObject exportieren"),
    "external-image": ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://e.example/t.gif"/></svg>',
                       "SVG verweist auf „https://e.example/t.gif“ – eine Grafik darf nur auf Teile ihrer selbst verweisen (href mit „#“); bitte einbetten"),
    "style-import": ('<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://e.example/x.css);</style></svg>',
                     "SVG lädt im „<style>“ weitere Dateien (url() oder @import) – bitte die Gestaltung in die Grafik einbetten"),
    "entity-expansion": ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                         '<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>',
                         "SVG enthält eine DOCTYPE-Angabe mit eigenen Entitäten – bitte die Grafik ohne DOCTYPE exportieren"),
}


@pytest.mark.parametrize("name", SVG)
def test_svg_files(name, tmp_path: Path):
    path = tmp_path / "bild.svg"
    path.write_text(SVG[name][0], encoding="utf-8")
    assert svg_problem(path) == SVG[name][1]


def test_clean_svg_with_internal_references_is_fine(tmp_path: Path):
    path = tmp_path / "logo.svg"
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g"/></defs>'
                    '<rect fill="url(#g)" width="4" height="4"/><use href="#g"/></svg>', encoding="utf-8")
    assert svg_problem(path) is None


# --- 4. outputs stay well-formed -------------------------------------------------------------
@pytest.mark.parametrize("cell, written", [("=HYPERLINK(\"https://e.example\")", "'=HYPERLINK(\"https://e.example\")"), ("+49 202 1", "'+49 202 1"),
                                           ("-1+1", "'-1+1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("Bus", "Bus"), (12.0, "12")])
def test_csv_cells_cannot_start_a_formula(cell, written):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerow([opendata._csv_cell(cell)])
    assert next(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";")) == [written]


def test_json_export_refuses_nan(monkeypatch):
    """NaN never reaches the export (the loader refuses it); if it did, the export would fail, not write NaN."""
    from datetime import date
    from types import SimpleNamespace

    site = SimpleNamespace(region=SimpleNamespace(name="R", licence="L", licence_url="https://l.example/"), build_date=date(2024, 1, 1))
    monkeypatch.setattr(opendata, "records", lambda dataset, site: [{"budget_eur": 1.5}])
    assert json.loads(opendata.to_json(opendata.DATASETS[0], site))["eintraege"] == [{"budget_eur": 1.5}]
    monkeypatch.setattr(opendata, "records", lambda dataset, site: [{"budget_eur": float("nan")}])
    with pytest.raises(ValueError):
        opendata.to_json(opendata.DATASETS[0], site)


def test_calendar_names_stay_on_one_line():
    calendar = Calendar()
    calendar.add("prodid", "-//x//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _one_line("Forum\nBEGIN:VEVENT\x07"))
    data = calendar.to_ical()
    assert b"X-WR-CALNAME:Forum BEGIN:VEVENT\r\n" in data and b"\nBEGIN:VEVENT" not in data


def test_feed_text_loses_what_xml_cannot_carry():
    assert xml_text(["A\x00B\x1bC\ud800", "ok\n"]) == ["ABC", "ok\n"]


# --- 3b. Markdown that would take Python-Markdown minutes is refused before it is rendered ---
EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc", "pymdownx.details", "pymdownx.superfences"]
WORST_WITHIN_LIMITS = ("\n\n".join(["[" * 200] * 24) + "\n\nBegriff\n" + ": x\n" * 500 + "\n" + "# H\n\n" * 499
                       + "*[A]: b\n" * 200 + "\nA " * 100 + "\n\na|b\n-|-\n" + "x|y\n" * 4990)


@pytest.mark.parametrize("body, expected", [
    ("[" * 20_000, "content/n.md:5: body: mehr als 5000 „[“ (Links, Bilder, Fußnoten) – bitte auf mehrere Seiten aufteilen"),
    ("Text\n\n" + "[" * 300, "content/n.md:7: body: Absatz mit mehr als 200 „[“ – bitte in mehrere Absätze teilen oder eckige Klammern schließen"),
    ("Begriff\n" + ": x\n" * 20_000, "content/n.md:506: body: mehr als 500 Zeilen einer Definitionsliste („: “) – bitte auf mehrere Seiten aufteilen"),
    ("# H\n" * 5_000, "content/n.md:505: body: mehr als 500 Überschriften – bitte auf mehrere Seiten aufteilen"),
    ("x " * 150_000, "content/n.md:5: body: Text mit 300001 Zeichen – erlaubt sind höchstens 200000; bitte auf mehrere Seiten aufteilen"),
])
def test_markdown_bodies_that_would_stall_the_build(body, expected, tmp_path: Path):
    news = tmp_path / "n.md"
    news.write_text("---\ntitle: A\n---\n\n" + body, encoding="utf-8")
    _, errors = load_markdown_file(news, "content/n.md")
    assert [str(e) for e in errors] == [expected]


def test_markdown_within_the_limits_renders_in_seconds(tmp_path: Path):
    import markdown

    news = tmp_path / "n.md"
    news.write_text("---\ntitle: A\n---\n\n" + WORST_WITHIN_LIMITS, encoding="utf-8")
    assert load_markdown_file(news, "content/n.md")[1] == []
    started = time.perf_counter()
    markdown.markdown(WORST_WITHIN_LIMITS, extensions=EXTENSIONS)
    assert time.perf_counter() - started < 5


def test_markdown_fields_with_too_many_brackets_are_refused_unrendered():
    assert render_markdown("[" * 300) == ("", [("removed", "Absatz mit mehr als 200 „[“ – bitte in mehrere Absätze teilen oder eckige Klammern schließen")])
