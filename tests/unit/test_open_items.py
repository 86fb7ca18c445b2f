"""`make check` lists open items before launch: placeholders, facts to check, sections to complete."""

from datetime import date

from helpers import FIXTURE
from modellregion.open_items import OpenItem, find_open_items
from modellregion.validation import check_region


def test_markers_are_found_with_file_and_line(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "content").mkdir()
    region = tmp_path / "data" / "region.yml"
    region.write_text("name: X\nserver_log_days: 7  # zu prüfen: Speicherdauer mit dem Rechenzentrum klären\nemail: info@region.example\n", encoding="utf-8")
    portrait = tmp_path / "content" / "stadt.md"
    portrait.write_text("# Stadt\n\n## Meilensteine\n\n<!-- noch zu ergänzen: Meilensteine nach 2019 -->\nText.\n", encoding="utf-8")
    assert find_open_items(tmp_path, [region, portrait]) == [
        OpenItem("content/stadt.md", 5, "Abschnitt noch zu ergänzen – Meilensteine nach 2019"),
        OpenItem("data/region.yml", 2, "zu prüfen – Speicherdauer mit dem Rechenzentrum klären"),
        OpenItem("data/region.yml", 3, "Platzhalter „info@region.example“ – vor dem Start durch die echte Angabe ersetzen"),
    ]


def test_a_marker_inside_a_line_of_markdown_ends_with_its_comment(tmp_path):
    page = tmp_path / "seite.md"
    page.write_text("Sie trafen sich im Museum in Lindenau. <!-- zu prüfen: den Ort nennt die Quelle nicht --> Danach folgte mehr Text.\n", encoding="utf-8")
    assert find_open_items(tmp_path, [page]) == [OpenItem("seite.md", 1, "zu prüfen – den Ort nennt die Quelle nicht")]


def test_open_items_follow_the_verdict_and_do_not_fail_the_check():
    verdict = check_region(FIXTURE, date(2024, 3, 1))
    assert verdict.ok
    summary = verdict.summary()
    if verdict.open_items:
        head, _, rest = summary.partition("Offene Punkte vor dem Start:")
        assert head.startswith("Inhalt in Ordnung") and rest
