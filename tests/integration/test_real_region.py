"""The region's own data/ and content/ (not only the fixture) are valid and build strictly."""

from __future__ import annotations

import json

import pytest

from helpers import ROOT, page, text
from modellregion import publish
from modellregion.validation import load_site
from modellregion.settings import build_date

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("build")]


def test_real_content_is_valid():
    site = load_site(ROOT, build_date({}))
    assert {c.slug for c in site.cities} == {"wuppertal", "solingen", "remscheid"}
    assert site.region.lead_city == "wuppertal" and len(site.projects) >= 8 and site.published_news


def test_real_site_builds_strictly(tmp_path):
    site = tmp_path / "site"
    publish.build(ROOT, site, search_index=False)
    home = page(site, "")
    assert home.findtext(".//title") == "Digitale Modellregion Bergisches Städtedreieck"
    cards, number = len(page(site, "projekte/").cssselect(".mr-card")), 2
    while (site / "projekte" / "seite" / str(number) / "index.html").exists():  # the catalogue pages after 20 projects
        cards += len(page(site, f"projekte/seite/{number}/").cssselect(".mr-card"))
        number += 1
    assert cards == len(json.loads((site / "daten" / "projekte.json").read_text(encoding="utf-8"))["eintraege"])
    assert "Organisationsstruktur" in text(page(site, "staedte/wuppertal/"))
    # Every news item, project and organisation page names the documents its facts come from.
    region = load_site(ROOT, build_date({}))
    for path in [f"aktuelles/{n.year}/{n.slug}/" for n in region.published_news] + [f"projekte/{p.slug}/" for p in region.projects] \
            + [f"akteure/{o.slug}/" for o in region.organisations]:
        assert "Quelle:" in text(page(site, path)), path
    # So do the action fields, the cities, the region, the start page and Leichte Sprache; the pages of
    # the operator's own statements show the date of those statements and claim no document.
    for path in ["", "leichte-sprache/", "region/", "handlungsfelder/"] + [f"handlungsfelder/{f.slug}/" for f in region.action_fields] \
            + [f"staedte/{c.slug}/" for c in region.cities]:
        (line,) = page(site, path).cssselect(".mr-page .mr-updated")
        assert text(line).startswith("Stand der Angaben: ") and "(Quelle: " in text(line), path
    for path in ("kontakt/", "impressum/", "datenschutz/", "barrierefreiheit/", "presse/", "gebaerdensprache/"):
        (line,) = page(site, path).cssselect(".mr-page .mr-updated")
        assert text(line).startswith("Stand der Angaben: ") and "Quelle" not in text(line), path
