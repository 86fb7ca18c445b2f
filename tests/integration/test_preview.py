"""`make serve`: the preview shows the gate's list behind every address, never hangs, recovers by itself."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from helpers import EARLY, ROOT, make_region


BODY_BEFORE, BODY_AFTER = "Mehr Details folgen.", "Erste Ergebnisse liegen vor."


def without_reload(page: str) -> str:
    """The page without the live-reload call, whose numbers count the preview's builds."""
    return re.sub(r"livereload\(\d+, \d+\)", "livereload()", page)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(predicate, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = predicate()
            if result:
                return result
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.5)
    raise AssertionError("the preview did not answer as expected in time")


@pytest.fixture
def preview(tmp_path):
    root = make_region(tmp_path / "region")
    port = free_port()
    environ = {**os.environ, "BUILD_DATE": EARLY, "PYTHONPATH": str(ROOT / "hooks")}
    environ.pop("SOURCE_DATE_EPOCH", None)
    process = subprocess.Popen([sys.executable, "-m", "modellregion", "serve", "--root", str(root), "--port", str(port)],
                               env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        yield root, f"http://127.0.0.1:{port}/", port, environ, process
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        print(output)
        assert "Traceback" not in output


@pytest.mark.slow
def test_the_preview_shows_the_problems_everywhere_and_recovers(preview):
    root, base, port, environ, _process = preview
    wait_for(lambda: fetch(base + "projekte/")[0] == 200)
    # Drafts and scheduled news are there, under a banner, and nowhere else; search works.
    assert "Vorschau:</strong> Entwurf – nicht veröffentlicht" in fetch(base + "aktuelles/2024/entwurf/")[1]
    assert "Vorschau:</strong> Erscheint am 15. Juni 2024" in fetch(base + "aktuelles/2024/zukunft/")[1]
    listing = fetch(base + "aktuelles/")[1]
    assert "aktuelles/2024/entwurf/" not in listing and "aktuelles/2024/zukunft/" not in listing
    assert "mr-preview-banner" not in fetch(base + "aktuelles/2024/portal-test/")[1]
    # Pages are rendered on first request; the rest, then the search index, follow in the background.
    wait_for(lambda: fetch(base + "pagefind/pagefind.js")[0] == 200)
    cities = root / "data" / "cities.yml"
    good = cities.read_text(encoding="utf-8")
    cities.write_text(good.replace("slug: eichberg", "slug: Eich Berg"), encoding="utf-8")
    for address in ("", "projekte/", "aktuelles/2024/", "gibt/es/nicht/"):
        status, body = wait_for(lambda a=address: (r := fetch(base + a)) and "Fehler im Inhalt" in r[1] and r)
        assert "data/cities.yml:" in body and "ist kein gültiger Kurzname" in body, address
    cities.write_text(good, encoding="utf-8")
    status, body = wait_for(lambda: (r := fetch(base + "projekte/")) and r[0] == 200 and "Fehler im Inhalt" not in r[1] and r)
    assert "<h1" in body

    busy = subprocess.run([sys.executable, "-m", "modellregion", "serve", "--root", str(root), "--port", str(port)],
                          env=environ, capture_output=True, text=True, timeout=60)
    assert busy.returncode == 2
    assert f"Port {port} ist schon belegt" in busy.stderr and "Traceback" not in busy.stderr


@pytest.mark.slow
def test_an_edit_reaches_the_page_its_listings_feed_and_start_page(preview):
    """Pages are rendered when asked for and their Markdown is kept between rebuilds: an edited title
    and body must still show everywhere the item appears, and an unchanged page must stay as it was."""
    root, base, _port, _environ, _process = preview
    wait_for(lambda: fetch(base + "aktuelles/")[0] == 200)
    news = root / "content" / "aktuelles" / "2024-04-02-forum-einladung.md"
    page, places = "aktuelles/2024/forum-einladung/", ("aktuelles/", "", "feeds/aktuelles.rss.xml", "projekte/buergerportal/")
    before = {address: fetch(base + address)[1] for address in (page, *places)}
    other = fetch(base + "impressum/")[1]
    assert all("Einladung zum Bürgerforum" in text for text in before.values())
    text = news.read_text(encoding="utf-8")
    news.write_text(text.replace("title: Einladung zum Bürgerforum", "title: Einladung zum großen Bürgerforum")
                    .replace(BODY_BEFORE, BODY_AFTER), encoding="utf-8")
    body = wait_for(lambda: (r := fetch(base + page)[1]) and "Einladung zum großen Bürgerforum" in r and r)
    assert BODY_AFTER in body and BODY_BEFORE not in body
    for address in places:
        assert "Einladung zum großen Bürgerforum" in fetch(base + address)[1], address
    assert without_reload(fetch(base + "impressum/")[1]) == without_reload(other)  # a page the item is not on is served as it was


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), ()):
            found.add(child)
            todo.append(child)
    return found


@pytest.mark.slow
def test_the_search_indexer_stops_with_the_preview(preview):
    """Pagefind runs in the background after each build; stopping the preview stops it too."""
    root, base, _port, _environ, process = preview
    wait_for(lambda: fetch(base + "aktuelles/")[0] == 200)
    page = root / "content" / "impressum.md"
    indexers: set[int] = set()
    for attempt in range(20):
        page.write_text(page.read_text(encoding="utf-8") + f"\nErgänzung {attempt}.\n", encoding="utf-8")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not indexers:
            indexers = {pid for pid in descendants(process.pid) if b"pagefind" in Path(f"/proc/{pid}/cmdline").read_bytes()} if Path("/proc").is_dir() else set()
            time.sleep(0.02)
        if indexers:
            break
    assert indexers, "the preview never started its search indexer"
    process.terminate()
    process.wait(timeout=20)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in indexers):
        time.sleep(0.1)
    assert not any(Path(f"/proc/{pid}").exists() for pid in indexers)


@pytest.mark.slow
def test_the_preview_stops_cleanly_while_pages_are_rendered_in_the_background(tmp_path):
    """Stopped right after its first page, with hundreds still to render in the background: that
    work ends before MkDocs deletes the site folder (no traceback, exit code 0)."""
    root = make_region(tmp_path / "region")
    for number in range(400):
        (root / "content" / "aktuelles" / f"2023-01-01-viele-{number:03d}.md").write_text(
            f"---\ntitle: Meldung {number}\ndate: 2023-01-01\nsummary: Eine von vielen.\n---\n\nText {number}.\n", encoding="utf-8")
    port = free_port()
    environ = {**os.environ, "BUILD_DATE": EARLY, "PYTHONPATH": str(ROOT / "hooks")}
    process = subprocess.Popen([sys.executable, "-m", "modellregion", "serve", "--root", str(root), "--port", str(port)],
                               env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for(lambda: fetch(f"http://127.0.0.1:{port}/aktuelles/")[0] == 200)
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=60)
    assert "Traceback" not in output
    assert process.returncode == 0
