"""Markup in every text value of the region reaches no page, feed or calendar as markup.

A copy of the fixture region gets two attacks appended to every free-text value of every YAML
file and of every Markdown front matter; the site is built and every output is parsed.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import pytest
import yaml
from icalendar import Calendar

from helpers import EARLY, build_region, make_region

pytestmark = pytest.mark.slow

ATTACK = ' <script>alert(1)</script> "><img src=x onerror=alert(1)>'
# Values that must keep their form (validation would stop the build, which is tested elsewhere).
KEEP_KEYS = {"slug", "status", "kind", "role", "icon", "lead_city", "lead", "city", "cities", "action_fields", "partners",
             "projects", "report", "sources", "start", "end", "date", "updated", "as_of", "since", "assessed", "template",
             "src", "logo", "favicon", "image", "base_url", "website", "email", "phone", "online_url", "registration_url",
             "licence_url", "url", "postal_code", "source", "target", "from", "to", "draft", "all_day", "hide", "organizer_slug", "type"}
KEEP_VALUE = re.compile(r"^(https?://|mailto:|tel:|\+?\d[\d ()/-]*$|\d{4}-\d{2}(-\d{2})?|[a-z0-9-]+$|bilder/|[^ ]+@[^ ]+$)")


def poison(value, key: str = ""):
    if isinstance(value, dict):
        return {k: (v if k in KEEP_KEYS else poison(v, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, key) for v in value]
    if isinstance(value, str) and not KEEP_VALUE.match(value) and key not in KEEP_KEYS:
        return value + ATTACK
    return value


def poison_region(root: Path) -> None:
    for path in sorted((root / "data").rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(poison(data), allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in sorted((root / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        _, front, body = text.split("---\n", 2)
        meta = poison(yaml.safe_load(front) or {})
        path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = make_region(tmp_path_factory.mktemp("hostile"))
    poison_region(root)
    return build_region(root, EARLY)


def injected(document) -> list[str]:
    """Script elements and handler attributes an attacker put in: anything but our own scripts."""
    found = []
    for script in document.iter("script"):
        src, kind = script.get("src"), script.get("type")
        if src and not src.startswith(("assets/", "../", "./", "/")) and "assets/javascripts/" not in src:
            found.append(f"<script src={src}>")
        if not src and kind not in ("application/ld+json", "application/json") and "alert(1)" in (script.text or ""):
            found.append("<script>alert(1)")
        if kind == "application/ld+json" and "</script" in (script.text or "").lower():
            found.append("JSON-LD breaks out of its element")
    for element in document.iter():
        if isinstance(element.tag, str):
            found += [f"<{element.tag} {name}>" for name in element.attrib if name.lower().startswith("on")]
    return found


def test_attack_reached_the_pages_as_text(hostile_site):
    """The attack was really placed: it shows as visible text (so the next test cannot pass by accident)."""
    home = lxml.html.fromstring((hostile_site / "index.html").read_bytes())
    assert "<script>alert(1)</script>" in home.findtext(".//title")
    assert "onerror=alert(1)>" in home.text_content()


def test_no_page_contains_the_attack_as_markup(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 30
    problems = {str(p.relative_to(hostile_site)): injected(lxml.html.fromstring(p.read_bytes())) for p in pages}
    assert {page: found for page, found in problems.items() if found} == {}


def test_no_feed_entry_contains_the_attack_as_markup(hostile_site):
    feeds = sorted((hostile_site / "feeds").rglob("*.xml"))
    assert feeds
    for path in feeds:
        lxml.etree.fromstring(path.read_bytes())  # well-formed XML
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, path
        for entry in parsed.entries:
            assert "alert(1)" in entry.title or entry.title  # titles are text
            for content in entry.get("content", []):
                if content.value.strip():
                    assert injected(lxml.html.fragment_fromstring(content.value, create_parent="div")) == [], path


def test_calendars_and_exports_stay_well_formed(hostile_site):
    for path in sorted(hostile_site.rglob("*.ics")):
        calendar = Calendar.from_ical(path.read_bytes())
        name = str(calendar.get("x-wr-calname", ""))
        assert "\n" not in name
    for path in sorted((hostile_site / "daten").glob("*.json")):
        json.loads(path.read_bytes(), parse_constant=lambda c: pytest.fail(f"{path}: {c}"))
    for path in sorted((hostile_site / "daten").glob("*.csv")):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
        assert rows and all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row), path


def test_hostile_markdown_body_stops_the_build_with_lines(tmp_path):
    """Raw HTML, attribute lists and links in a news body: every removal is an error at its line."""
    import os
    import subprocess
    import sys

    from helpers import ROOT

    root = make_region(tmp_path / "region")
    news = root / "content" / "aktuelles" / "2024-03-12-radwege-bilanz.md"
    news.write_text(news.read_text(encoding="utf-8") + (
        "\n<SCRIPT>alert(1)</SCRIPT>\n\n"                       # line 14
        "Absatz mit Handler\n{: onclick=\"alert(1)\" }\n\n"     # line 17
        "[Klick](javascript:alert(1))\n\n"                      # line 19
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">\n\n"  # line 21
        "<img src=\"\\\\evil.example/pixel.gif\" alt=\"Zähler\">\n"  # line 23: browsers read \\\\ as // (in Markdown link syntax it would be an escaped \\)
    ), encoding="utf-8")
    environ = {**os.environ, "BUILD_DATE": EARLY, "PYTHONPATH": str(ROOT / "hooks")}
    result = subprocess.run([sys.executable, "-m", "modellregion", "build", "--no-search", "--root", str(root)], env=environ, capture_output=True, text=True)
    assert result.returncode == 1
    shown = "content/aktuelles/2024-03-12-radwege-bilanz.md"
    for line, message in [
        (14, "HTML: „<script>“ ist nicht erlaubt – Skripte werden nie veröffentlicht; bitte entfernen"),
        (17, "HTML: Attribut „onclick“ ist nicht erlaubt – Skripte werden nie veröffentlicht; bitte entfernen"),
        (19, "HTML: Adresse „javascript:alert(1)“ in „href“ ist nicht erlaubt"),
        (21, "HTML: „<meta>“ ist nicht erlaubt – Angaben im Seitenkopf setzt die Website selbst; bitte entfernen"),
        (23, "HTML: „<img>“ lädt „\\\\evil.example/pixel.gif“ von einem fremden Server"),
    ]:
        assert f"{shown}:{line}: {message}" in result.stderr
    assert not (root / "site").exists()
