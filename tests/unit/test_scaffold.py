"""`make neu`: new items with today's date and a slug from the title, valid at once, never overwriting."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from helpers import FIXTURE, ROOT
from modellregion.glue import engine_from_file
from modellregion.scaffold import ScaffoldError, create, slugify
from modellregion.validation import check_region

TODAY = date(2024, 5, 1)


@pytest.mark.parametrize("title, slug", [
    ("Glasfaser für Schulen", "glasfaser-fuer-schulen"),
    ("Öffentliches WLAN: Straße frei!", "oeffentliches-wlan-strasse-frei"),
    ("  Café   Größe ÄÖÜ ß  ", "cafe-groesse-aeoeue-ss"),
    ("Ein sehr langer Titel für eine Meldung über die Digitalisierung der Verwaltung in der ganzen Region",
     "ein-sehr-langer-titel-fuer-eine-meldung-ueber-die"),
])
def test_slug_from_title(title, slug):
    assert slugify(title) == slug
    assert len(slugify(title)) <= 60


@pytest.fixture
def region(tmp_path):
    for folder in ("data", "content"):
        shutil.copytree(FIXTURE / folder, tmp_path / folder)
    return tmp_path


@pytest.mark.parametrize("kind, expected", [
    ("meldung", "content/aktuelles/2024-05-01-glasfaser-fuer-schulen-netz-technik.md"),
    ("projekt", "data/projects/glasfaser-fuer-schulen-netz-technik.yml"),
    ("termin", "data/events/glasfaser-fuer-schulen-netz-technik.yml"),
    ("akteur", "data/organisations.yml"),
])
def test_every_kind_of_new_item_passes_the_gate(region, kind, expected):
    path, address = create(region, kind, 'Glasfaser für Schulen: „Netz“ & "Technik"', TODAY)
    assert path.relative_to(region).as_posix() == expected
    verdict = check_region(region, TODAY, engine_from_file(ROOT))
    assert verdict.errors == []
    site = verdict.site
    if kind == "meldung":
        (item,) = [n for n in site.news if n.slug == "glasfaser-fuer-schulen-netz-technik"]
        assert item.draft and item.title == 'Glasfaser für Schulen: „Netz“ & "Technik"'
        assert address == "aktuelles/2024/glasfaser-fuer-schulen-netz-technik/"
    if kind == "akteur":
        assert site.organisation("glasfaser-fuer-schulen-netz-technik").name == 'Glasfaser für Schulen: „Netz“ & "Technik"'


def test_nothing_is_overwritten(region):
    path, _ = create(region, "meldung", "Glasfaser für Schulen", TODAY)
    path.write_text(path.read_text(encoding="utf-8") + "\nMein Text.\n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="gibt es schon – nichts überschrieben"):
        create(region, "meldung", "Glasfaser für Schulen", TODAY)
    assert path.read_text(encoding="utf-8").endswith("Mein Text.\n")
    with pytest.raises(ScaffoldError, match="TYP „blog“ gibt es nicht"):
        create(region, "blog", "X", TODAY)
    with pytest.raises(ScaffoldError, match="TITEL fehlt"):
        create(region, "meldung", "  ", TODAY)
