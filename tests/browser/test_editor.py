"""The browser editor under `make editor`, driven like an editor would: /admin/ on a copy of the
fixture region, the local backend writing into it, the gate before every save, the preview after it.
Every request of the browser is recorded; none may leave 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest

from helpers import ARTIFACTS, EARLY, ROOT, make_region
from modellregion import cms
from modellregion.loading import load_yaml_file
from modellregion.validation import check_region

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("cms")]  # one editor per run, on one worker

SHOTS = ARTIFACTS / "screenshots" / "cms"
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '')));
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} antwortet nicht")


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """`make editor` on a copy of the fixture region (never the real content)."""
    if not (cms.PROJECT / cms.BUNDLE_DIR / cms.BUNDLE_FILE).is_file():
        pytest.fail("the CMS bundle is missing: run `make editor-install` (make test installs it)")
    root = make_region(tmp_path_factory.mktemp("editor"))
    port, backend_port = free_port(), free_port()
    env = {**os.environ, "BUILD_DATE": EARLY, "PYTHONPATH": str(ROOT / "hooks"), "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    log = (tmp_path_factory.mktemp("editor-log") / "editor.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "modellregion", "editor", "--port", str(port), "--cms-port", str(backend_port)],
                               cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}/admin/")
        wait_for(f"http://127.0.0.1:{port}/aktuelles/")
        socket.create_connection(("127.0.0.1", backend_port), timeout=30).close()
        yield root, f"http://127.0.0.1:{port}/"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
        log.close()
    assert not _listening(backend_port), "the local backend outlived make editor"


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture
def admin(browser, editor):
    root, base = editor
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin", viewport={"width": 1366, "height": 900})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.add_init_script(LISTEN)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(base + "admin/")
    page.get_by_role("button", name="Login").click()
    page.get_by_role("link", name="Meldungen").first.wait_for()
    yield root, base, page
    violations = page.evaluate("window.__csp")
    context.close()
    foreign = [url for url in requests if not url.startswith(("http://127.0.0.1:", "blob:http://127.0.0.1:", "data:"))]
    assert foreign == [], "requests left 127.0.0.1"
    assert any(url.startswith(base + "admin/decap-cms.js") for url in requests)  # the bundle came from our own site
    assert violations == []


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def save(page) -> float:
    """Click „Speichern“ → „Jetzt speichern“; the moment of the click (for the timing)."""
    page.get_by_role("button", name="Speichern").first.click()
    started = time.monotonic()
    page.get_by_text("Jetzt speichern").click()
    return started


def test_editor_writes_news_with_image_city_and_field_that_pass_the_gate(admin, tmp_path):
    root, base, page = admin
    from PIL import Image

    image = tmp_path / "rufbus.jpg"
    Image.radial_gradient("L").resize((1200, 800)).convert("RGB").save(image, quality=85)
    page.goto(base + "admin/#/collections/aktuelles/new")
    page.get_by_label("Überschrift").fill("Rufbus fährt ab Mai")
    page.get_by_label("Erscheinungsdatum").fill("2024-04-20")
    page.get_by_label("Vorspann").fill("Der Rufbus verbindet ab Mai die Ortsteile. Buchen geht per App und Telefon.")
    page.get_by_label("Städte").click()
    page.keyboard.type("Eichberg")
    page.keyboard.press("Enter")
    page.get_by_label("Handlungsfelder").click()
    page.keyboard.type("Mobil")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Wähle ein Bild").click()
    page.locator("input[type=file]").set_input_files(str(image))
    page.get_by_text("rufbus.jpg").first.wait_for()
    shot(page, "bild-hochladen")
    page.get_by_role("button", name="Ausgewähltes Element verwenden").click()
    page.get_by_label("Alternativtext").fill("Menschen sitzen im Halbkreis vor einer Leinwand im Ratssaal.")
    page.get_by_label("Bildnachweis").fill("Stadt Eichberg")
    page.locator("[contenteditable=true]").last.click()
    page.keyboard.type("Gebucht wird per App oder Telefon, bis eine Stunde vor der Fahrt.")
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "meldung-formular")

    started = save(page)
    preview = page.context.new_page()
    url = base + "aktuelles/2024/rufbus-fahrt-ab-mai/"  # Decap spells ä as a (see docs/redaktion-im-browser.md)
    while time.monotonic() - started < 60:
        response = preview.goto(url)
        if response.status == 200 and "Rufbus fährt ab Mai" in (preview.locator("h1").first.text_content() or ""):
            break
        preview.wait_for_timeout(250)
    seconds = time.monotonic() - started
    assert "Rufbus fährt ab Mai" in preview.locator("h1").first.text_content()
    assert preview.locator("figure.mr-figure img").count() == 1
    assert "Foto: Stadt Eichberg" in preview.locator("figure.mr-figure").text_content()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "cms-timing.json").write_text(json.dumps({"speichern_bis_vorschau_s": round(seconds, 2)}), encoding="utf-8")
    print(f"Speichern → Vorschau: {seconds:.1f} s")
    preview.close()

    written = root / "content" / "aktuelles" / "2024-04-20-rufbus-fahrt-ab-mai.md"
    assert written.is_file() and (root / "content" / "bilder" / "rufbus.jpg").is_file()
    verdict = check_region(root, date.fromisoformat(EARLY))  # what `make check` says about the copy
    assert verdict.ok, verdict.errors
    item = next(n for n in verdict.site.news if n.src_uri == "aktuelles/2024-04-20-rufbus-fahrt-ab-mai.md")
    assert (item.cities, item.action_fields, item.image.src, item.image.credit) == (("eichberg",), ("mobilitaet",), "bilder/rufbus.jpg", "Stadt Eichberg")
    assert "bis eine Stunde vor der Fahrt" in written.read_text(encoding="utf-8")
    page.get_by_text("Jetzt speichern").wait_for(state="detached")
    shot(page, "meldung-gespeichert")


def test_a_rule_the_forms_cannot_express_is_refused_before_writing(admin):
    root, base, page = admin
    page.goto(base + "admin/#/collections/aktuelles/new")
    page.get_by_label("Überschrift").fill("Seite")  # the slug 'seite' is reserved for the archive's pages
    page.get_by_label("Erscheinungsdatum").fill("2024-04-21")
    page.get_by_label("Vorspann").fill("Eine Meldung, deren Kennung schon vergeben ist.")
    save(page)
    panel = page.locator("#mr-pruefung")
    panel.wait_for()
    shot(page, "pruefung-meldet")
    assert "Nicht gespeichert" in panel.locator("h2").text_content()
    assert "content/aktuelles/2024-04-21-seite.md: Dateiname: „seite“ ist für Seiten der Website reserviert" in panel.text_content()
    assert not (root / "content" / "aktuelles" / "2024-04-21-seite.md").exists()


def test_editor_changes_a_project_status_and_deletes_a_draft(admin):
    root, base, page = admin
    page.goto(base + "admin/#/collections/projekte/entries/radwege")
    page.get_by_label("Status").click()
    page.get_by_text("abgeschlossen", exact=True).click()
    shot(page, "projekt-status")
    save(page)
    project = root / "data" / "projects" / "radwege.yml"
    deadline = time.monotonic() + 30
    while load_yaml_file(project, "radwege.yml").data.get("status") != "abgeschlossen" and time.monotonic() < deadline:
        time.sleep(0.2)
    data = load_yaml_file(project, "radwege.yml").data
    assert data["status"] == "abgeschlossen" and data["title"]

    draft = root / "content" / "aktuelles" / "2024-03-20-entwurf.md"
    assert draft.is_file()
    page.goto(base + "admin/#/collections/aktuelles/entries/2024-03-20-entwurf")
    page.get_by_label("Überschrift").wait_for()
    page.get_by_role("button", name="Lösche Beitrag").click()
    deadline = time.monotonic() + 30
    while draft.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not draft.exists()
    verdict = check_region(root, date.fromisoformat(EARLY))
    assert verdict.ok, verdict.errors
    assert next(p for p in verdict.site.projects if p.slug == "radwege").status == "abgeschlossen"


def test_collections_list_every_kind(admin):
    _root, base, page = admin
    page.goto(base + "admin/#/collections/akteure")
    page.get_by_text("Alle Akteure in einer Liste").wait_for()
    sidebar = page.get_by_role("heading", name="Inhaltstypen").locator("..").text_content()
    assert [c.label for c in cms.COLLECTIONS] == [label for label in ("Meldungen", "Projekte", "Termine", "Akteure", "Städte", "Stadtporträts", "Handlungsfelder", "Seiten") if label in sidebar]
    page.goto(base + "admin/#/collections/akteure/entries/organisation")
    page.get_by_text("Stadt Lindenau").first.wait_for()  # data/organisations.yml, read through our list format
    shot(page, "akteure-liste")
