"""The rendered-Markdown cache (.cache/markdown/) changes nothing: a warm build equals a cold one, byte for byte,
also after an edit, a renamed link target and a changed Markdown setting."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import EARLY, build_region, make_region
from test_build import tree_digest

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("build")]


def cold_and_warm(root: Path, tmp_path: Path, name: str) -> tuple[dict, dict]:
    """The site built without the cache, and built again with the cache the first build left."""
    shutil.rmtree(root / ".cache" / "markdown", ignore_errors=True)
    cold = build_region(root, EARLY, site_dir=tmp_path / f"{name}-kalt")
    assert (root / ".cache" / "markdown" / "pages.pickle").is_file()
    warm = build_region(root, EARLY, site_dir=tmp_path / f"{name}-warm")
    return tree_digest(cold), tree_digest(warm)


def warm_after(root: Path, tmp_path: Path, name: str) -> tuple[dict, dict]:
    """After a change: the build with the old cache, and a build without any cache."""
    warm = build_region(root, EARLY, site_dir=tmp_path / f"{name}-warm")
    shutil.rmtree(root / ".cache" / "markdown")
    cold = build_region(root, EARLY, site_dir=tmp_path / f"{name}-kalt")
    return tree_digest(cold), tree_digest(warm)


def test_a_warm_build_is_byte_identical_to_a_cold_one(tmp_path):
    root = make_region(tmp_path / "region")
    cold, warm = cold_and_warm(root, tmp_path, "erst")
    assert len(cold) > 100 and cold == warm


def test_edits_and_moved_link_targets_reach_a_warm_build(tmp_path):
    root = make_region(tmp_path / "region")
    build_region(root, EARLY, site_dir=tmp_path / "vorher")  # fills the cache
    news = root / "content" / "aktuelles"
    # An edited body, and a news item that moves (new date: new address) while another page links to it.
    edited = news / "2024-02-28-portal-test.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Mehr Details folgen.", "Die Tests sind beendet."), encoding="utf-8")
    linking = news / "2024-03-12-radwege-bilanz.md"
    linking.write_text(linking.read_text(encoding="utf-8") + "\nSiehe auch [den Auftakt](2024-01-15-jahresauftakt.md).\n", encoding="utf-8")
    build_region(root, EARLY, site_dir=tmp_path / "mit-link")  # the cache now holds the linking page
    moved = news / "2023-01-15-jahresauftakt.md"  # a new date is a new file name and a new address
    (news / "2024-01-15-jahresauftakt.md").rename(moved)
    moved.write_text(moved.read_text(encoding="utf-8").replace("date: 2024-01-15", "date: 2023-01-15"), encoding="utf-8")
    linking.write_text(linking.read_text(encoding="utf-8").replace("2024-01-15-jahresauftakt.md", "2023-01-15-jahresauftakt.md"), encoding="utf-8")
    cold, warm = warm_after(root, tmp_path, "geaendert")
    assert cold == warm
    page = (tmp_path / "geaendert-warm" / "aktuelles" / "2024" / "radwege-bilanz" / "index.html").read_text(encoding="utf-8")
    assert "../../2023/jahresauftakt/" in page
    assert "Die Tests sind beendet." in (tmp_path / "geaendert-warm" / "aktuelles" / "2024" / "portal-test" / "index.html").read_text(encoding="utf-8")


def test_a_changed_markdown_setting_renders_every_page_again(tmp_path):
    root = make_region(tmp_path / "region")
    build_region(root, EARLY, site_dir=tmp_path / "vorher")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "permalink_title: Link zu diesem Abschnitt" in text
    config.write_text(text.replace("permalink_title: Link zu diesem Abschnitt", "permalink_title: Sprungmarke zu diesem Abschnitt"), encoding="utf-8")
    cold, warm = warm_after(root, tmp_path, "einstellung")
    assert cold == warm
    portrait = (tmp_path / "einstellung-warm" / "staedte" / "lindenau" / "index.html").read_text(encoding="utf-8")
    assert 'title="Sprungmarke zu diesem Abschnitt"' in portrait


def test_the_key_follows_the_address_of_every_linked_file():
    """Same text, same page: a linked file at another address (or gone) is another key."""
    from types import SimpleNamespace

    from modellregion.glue_render import MarkdownCache

    cache = MarkdownCache()
    cache.signature = "einstellungen"
    page = SimpleNamespace(file=SimpleNamespace(src_uri="aktuelles/2024-03-12-a.md", url="aktuelles/2024/a/"),
                           markdown="Siehe [B](2024-01-15-b.md#teil) und ![Bild](../bilder/x.jpg).")

    def key(**urls):
        files = SimpleNamespace(src_uris={src: SimpleNamespace(url=url) for src, url in urls.items()})
        return cache.key(page, files)

    both = key(**{"aktuelles/2024-01-15-b.md": "aktuelles/2024/b/", "bilder/x.jpg": "bilder/x.jpg"})
    assert both == key(**{"aktuelles/2024-01-15-b.md": "aktuelles/2024/b/", "bilder/x.jpg": "bilder/x.jpg", "andere.md": "andere/"})
    assert both != key(**{"aktuelles/2024-01-15-b.md": "aktuelles/2023/b/", "bilder/x.jpg": "bilder/x.jpg"})
    assert both != key(**{"bilder/x.jpg": "bilder/x.jpg"})
    assert both != key(**{"aktuelles/2024-01-15-b.md": "aktuelles/2024/b/", "bilder/x.jpg": "bilder/y.jpg"})


def test_header_footer_and_navigation_rendered_once_per_address_kind_change_nothing(tmp_path, monkeypatch):
    """Fragments (glue_render.Fragments) are reused across pages: the site is the same without them."""
    root = make_region(tmp_path / "region")
    monkeypatch.setenv("MODELLREGION_FRAGMENTS", "0")
    each_page = tree_digest(build_region(root, EARLY, site_dir=tmp_path / "einzeln"))
    monkeypatch.delenv("MODELLREGION_FRAGMENTS")
    reused = tree_digest(build_region(root, EARLY, site_dir=tmp_path / "wiederverwendet"))
    assert len(each_page) > 100 and each_page == reused
    # The navigation still marks the page it is on (pages in the navigation render their own);
    # a page outside it (an imprint) has nothing marked.
    site = tmp_path / "wiederverwendet"
    for section in ("projekte", "aktuelles"):
        assert '<a href="./" class="md-nav__link md-nav__link--active">' in (site / section / "index.html").read_text(encoding="utf-8")
    assert "md-nav__link--active" not in (site / "impressum" / "index.html").read_text(encoding="utf-8")


def test_the_gate_answers_the_same_from_its_kept_results(tmp_path):
    """make check keeps its body results in .cache/markdown/gate.pickle: a second run, and a run after an
    edit, report exactly what a run without them reports – problems with their lines included."""
    from helpers import ROOT
    from modellregion.glue import engine_from_file
    from modellregion.validation import check_region
    from datetime import date

    root = make_region(tmp_path / "region")
    news = root / "content" / "aktuelles" / "2024-02-28-portal-test.md"
    news.write_text(news.read_text(encoding="utf-8") + "\n[kaputt](../gibt-es-nicht.md)\n\n<script>alert(1)</script>\n", encoding="utf-8")
    engine, day = engine_from_file(ROOT), date.fromisoformat(EARLY)

    def run():
        verdict = check_region(root, day, engine)
        return [str(error) for error in verdict.errors], {uri: r.html for uri, r in verdict.rendered.items()}

    cold = run()
    assert (root / ".cache" / "markdown" / "gate.pickle").is_file()
    assert any("script" in line for line in cold[0]) and any("gibt-es-nicht.md" in line for line in cold[0])
    assert run() == cold
    news.write_text(news.read_text(encoding="utf-8").replace("<script>alert(1)</script>", "Jetzt ohne Skript."), encoding="utf-8")
    warm = run()
    shutil.rmtree(root / ".cache" / "markdown")
    assert warm == run() and not any("script" in line for line in warm[0])


def test_the_preview_starts_with_the_results_make_check_kept(tmp_path):
    """`make serve` runs the check first (memos on for that run only), then the preview switches
    its memos on for good: its first build must still read gate.pickle into them."""
    from datetime import date

    from helpers import ROOT
    from modellregion import bodies, loading, sanitize
    from modellregion.bodies import KeptResults
    from modellregion.glue import engine_from_file
    from modellregion.glue_render import remember_in_preview
    from modellregion.validation import check_region

    root = make_region(tmp_path / "region")
    check_region(root, date.fromisoformat(EARLY), engine_from_file(ROOT))  # `make check`: writes gate.pickle
    assert not bodies.RENDERS.on
    try:
        remember_in_preview()
        with KeptResults(root / ".cache" / "markdown" / "gate.pickle"):
            assert len(bodies.RENDERS.entries) > 10 and len(sanitize.SANITISED.entries) > 10
    finally:
        for memo in (bodies.RENDERS, bodies.IDS, sanitize.SANITISED, loading.PARSED):
            memo.stop()
        KeptResults._read.clear()
