"""Page specs: pagination, redirects and the catalogue order, without MkDocs."""

from dataclasses import replace
from datetime import date

import pytest

from helpers import EARLY, FIXTURE
from modellregion.references import check_pages
from modellregion.models import Source
from modellregion.pages import Pager, build_pages
from modellregion.relations import build_relations
from modellregion.site import Redirect
from modellregion.validation import load_site

SITE = load_site(FIXTURE, date.fromisoformat(EARLY))


@pytest.mark.parametrize("number, count, expected", [
    (1, 1, [1]),
    (1, 3, [1, 2, 3]),
    (6, 20, [1, None, 4, 5, 6, 7, 8, None, 20]),
    (20, 20, [1, None, 18, 19, 20]),
    (2, 9, [1, 2, 3, 4, None, 9]),
])
def test_pager_numbers_show_ends_and_neighbours(number, count, expected):
    assert Pager(number, count, "aktuelles/").numbers == expected


def test_pager_paths():
    pager = Pager(2, 3, "aktuelles/")
    assert (pager.previous, pager.next, pager.path(3)) == ("aktuelles/", "aktuelles/seite/3/", "aktuelles/seite/3/")
    assert Pager(1, 1, "x/").previous is None and Pager(1, 1, "x/").next is None


def test_every_page_path_is_unique_and_sections_exist():
    paths = [spec.path for spec in build_pages(SITE)]
    assert len(paths) == len(set(paths))
    for section in ("", "aktuelles/", "projekte/", "handlungsfelder/", "staedte/", "akteure/", "termine/", "region/", "daten/", "feeds/", "suche/", "impressum/"):
        assert section in paths


def test_redirects_must_point_to_a_page_from_a_free_address():
    broken = replace(SITE, redirects=(
        Redirect("projekte/e-bus/", "projekte/e-bus-alt/", Source("data/redirects.yml", 2)),
    ))
    errors = check_pages(build_pages(broken), broken.redirects)
    assert [str(e) for e in errors] == [
        "data/redirects.yml:2: from: /projekte/e-bus/ ist eine Seite der Website – hier gehört eine alte Adresse hin, die es nicht mehr gibt",
        "data/redirects.yml:2: to: /projekte/e-bus-alt/ ist keine Seite der Website – bitte die neue Adresse der Seite angeben",
    ]


def test_catalogue_order_running_first_then_newest_start():
    order = [p.slug for p in build_relations(SITE).projects]
    assert order == ["radwege", "buergerportal", "ratsinfo", "e-bus", "smart-meter"]
