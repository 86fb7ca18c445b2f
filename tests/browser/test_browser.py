"""Every page type in Chromium: axe (WCAG 2.1 AA), no foreign requests, keyboard, reflow, motion, Nu HTML, search."""

from __future__ import annotations

import json
import re

import pytest

from browser_checks import PAGE_TYPES, RequestLog, axe_violations, focus_problems, horizontal_overflow, nu_errors, skip_link_problems, tab_stops
from helpers import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

NAMES = list(PAGE_TYPES)


def open_page(context, base_url, name, *, scheme="light"):
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)
    page.goto(base_url + PAGE_TYPES[name])
    if name == "search":
        page.wait_for_function("document.getElementById('mr-search-status').textContent.includes('Treffer')")
    return page


@pytest.fixture(scope="session")
def axe_folder():
    """One report file per page type and scheme (tests run on several workers)."""
    folder = ARTIFACTS / "axe"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.xdist_group("browser-axe")  # axe runs on the other worker, beside the rest
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", NAMES)
def test_axe_finds_no_wcag_violation(name, scheme, context, base_url, axe_folder):
    page = open_page(context, base_url, name, scheme=scheme)
    expected_scheme = "slate" if scheme == "dark" else "default"
    assert page.evaluate("() => document.body.dataset.mdColorScheme") == expected_scheme
    violations = axe_violations(page)
    (axe_folder / f"{name}-{scheme}.json").write_text(json.dumps(violations, ensure_ascii=False), encoding="utf-8")
    assert violations == []


def test_no_request_leaves_the_local_server(context, base_url):
    log = RequestLog(context)
    page = context.new_page()
    for name in NAMES:
        page.goto(base_url + PAGE_TYPES[name])
        page.mouse.wheel(0, 20000)
        page.wait_for_load_state("networkidle")
    page.goto(base_url + "suche/?q=Bürgerportal")
    page.wait_for_function("document.getElementById('mr-search-status').textContent.includes('Treffer')")
    assert len(log.urls) > len(NAMES)
    assert log.foreign == []
    # nothing is stored on the visitor's device: no cookies, no web storage, no consent banner needed
    assert page.evaluate("() => [document.cookie, localStorage.length, sessionStorage.length]") == ["", 0, 0]
    assert context.cookies() == []
    # switching the colour scheme is a choice the visitor asks to be remembered: only then is it stored
    page.goto(base_url)
    page.locator("label[for^=__palette]:visible").click()
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    assert page.evaluate("() => Object.keys(localStorage)") == ["/.__palette"]


@pytest.mark.parametrize("name", NAMES)
def test_keyboard_skip_link_first_and_focus_always_visible(name, context, base_url):
    page = open_page(context, base_url, name)
    assert skip_link_problems(page) == []
    page.goto(base_url + PAGE_TYPES[name])
    stops = tab_stops(page, 30)
    assert len(stops) >= 5
    assert focus_problems(stops) == []


def tab_to(page, condition: str, limit: int = 120) -> bool:
    """Press Tab until the JavaScript ``condition`` on the focused element (``e``) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const e = document.activeElement; return {condition}; }}"):
            return True
    return False


def test_catalogue_filters_work_by_keyboard(context, base_url):
    page = context.new_page()
    page.goto(base_url + "projekte/")
    assert tab_to(page, "e.textContent.trim() === 'Eichberg (4)'"), "the filter 'Eichberg' is not reachable by Tab"
    page.keyboard.press("Enter")
    page.wait_for_url("**/projekte/stadt/eichberg/")
    assert page.locator(".mr-card").count() == 4


def test_pagination_works_by_keyboard(context, base_url):
    page = context.new_page()
    page.goto(base_url + "aktuelles/")
    assert tab_to(page, "e.getAttribute('rel') === 'next'"), "the link to the next page is not reachable by Tab"
    page.keyboard.press("Enter")
    page.wait_for_url("**/aktuelles/seite/2/")
    assert page.locator('.mr-pagination a[aria-current="page"]').inner_text().strip().endswith("2")


@pytest.mark.parametrize("name", NAMES)
def test_reflow_at_320_css_pixels(name, browser, base_url):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(base_url + PAGE_TYPES[name])
    assert horizontal_overflow(page) == 0
    context.close()


@pytest.mark.parametrize("name", ["start", "project", "catalogue", "fields", "event", "news", "feeds"])
def test_text_at_200_percent_stays_within_the_page(name, context, base_url):
    page = open_page(context, base_url, name)
    before = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.md-typeset p')).fontSize)")
    page.evaluate("() => { document.documentElement.style.fontSize = '250%'; }")  # Material's base is 125 %
    after = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.md-typeset p')).fontSize)")
    assert after >= 1.9 * before
    assert horizontal_overflow(page) == 0


def test_reduced_motion_is_honoured(browser, base_url):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.goto(base_url + "projekte/")
    durations = page.evaluate("""() => [...document.querySelectorAll('.md-header, .md-sidebar, .md-top, a')].slice(0, 30)
        .map(e => getComputedStyle(e).transitionDuration.split(',').map(parseFloat)).flat()""")
    assert durations and max(durations) <= 0.001
    assert page.evaluate("() => getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    context.close()
    plain = browser.new_context(reduced_motion="no-preference")
    moving = plain.new_page()
    moving.goto(base_url + "projekte/")
    assert max(moving.evaluate("() => getComputedStyle(document.querySelector('.md-header')).transitionDuration.split(',').map(parseFloat)")) > 0.001
    plain.close()


def test_nu_html_checker_finds_no_error(browser_site):
    files = sorted(browser_site.rglob("*.html"))
    errors = nu_errors(files)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "nu-report.json").write_text(json.dumps({"files": len(files), "errors": errors}, indent=2, ensure_ascii=False), encoding="utf-8")
    assert len(files) > 90
    assert errors == {}


def test_search_page_finds_and_announces_results(context, base_url):
    sizes: dict[str, int] = {}
    page = context.new_page()
    page.on("response", lambda response: sizes.__setitem__(response.url, len(response.body())) if "/pagefind/" in response.url else None)
    page.goto(base_url + "suche/?q=Radwege")
    page.wait_for_function("document.getElementById('mr-search-status').textContent.includes('Treffer')")
    status = page.locator("#mr-search-status")
    assert status.get_attribute("role") == "status"
    assert re.fullmatch(r"\d+ Treffer für „Radwege“\.", status.inner_text())
    titles = page.locator(".mr-search-results h2 a").all_inner_texts()
    assert "Radwege-Melder" in titles
    assert page.locator("#mr-search-page-field").input_value() == "Radwege"
    downloaded = sum(sizes.values())
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "search-bytes.json").write_text(json.dumps({"query": "Radwege", "bytes": downloaded, "files": sizes}, indent=2), encoding="utf-8")
    assert 0 < downloaded < 400_000
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('mr-skip')")


def test_header_search_is_a_plain_form_to_the_search_page(context, base_url):
    page = context.new_page()
    page.goto(base_url + "projekte/buergerportal/")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.fill("#mr-search-field", "Zähler")
    page.keyboard.press("Enter")
    page.wait_for_url("**/suche/?q=Z%C3%A4hler")
    page.wait_for_function("document.getElementById('mr-search-status').textContent.includes('Treffer')")
    assert "Intelligente Zähler" in page.locator(".mr-search-results h2 a").all_inner_texts()
    other = context.new_page()
    loaded: list[str] = []
    other.on("request", lambda request: loaded.append(request.url))
    other.goto(base_url + "projekte/")
    assert not [url for url in loaded if "/pagefind/" in url], "only the search page loads the index"


def test_search_without_javascript_says_so(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "suche/?q=Portal")
    assert "Die Suche braucht JavaScript" in page.inner_text("main")
    context.close()


@pytest.mark.parametrize("width", [375, 1366])
def test_screenshots_of_every_page_type(width, browser, base_url, screenshots):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="de-DE")
    page = context.new_page()
    for name in NAMES:
        page.goto(base_url + PAGE_TYPES[name])
        if name == "search":
            page.wait_for_function("document.getElementById('mr-search-status').textContent.includes('Treffer')")
        page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)
    context.close()
    assert len(list(screenshots.glob(f"*-{width}.png"))) == len(NAMES)


def test_print_stylesheet_hides_navigation(context, base_url):
    page = context.new_page()
    page.goto(base_url + "projekte/buergerportal/")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.mr-breadcrumbs']
        .map(s => getComputedStyle(document.querySelector(s)).display)""")
    assert hidden == ["none", "none", "none", "none"]
    assert page.locator("h1").is_visible() and page.locator(".mr-facts-table").is_visible()


def test_the_menu_button_works_by_keyboard_on_a_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 375, "height": 700}, locale="de-DE", reduced_motion="reduce")
    page = context.new_page()
    page.goto(base_url + "projekte/")
    assert tab_to(page, "document.activeElement.classList.contains('mr-menu-button')"), "menu button is no Tab stop"
    button = page.locator("button.mr-menu-button")
    assert button.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('__drawer').checked")
    assert button.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.closest('.md-sidebar--primary') !== null")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__drawer').checked")
    assert page.evaluate("document.activeElement.classList.contains('mr-menu-button')")
    # The short name instead of a cut-off long one, and the search one tap away.
    assert page.locator(".mr-name-short").is_visible() and not page.locator(".mr-name-long").is_visible()
    assert page.locator(".mr-name-short").inner_text() == "Lindenau-Eichberg"
    assert not page.locator(".mr-search-form").is_visible()
    page.locator("a.mr-search-link").click()
    assert page.url.endswith("/suche/")
    assert axe_violations(page) == []
    context.close()
    wide = browser.new_context(viewport={"width": 1366, "height": 900})
    page = wide.new_page()
    page.goto(base_url + "projekte/")
    assert not page.locator("button.mr-menu-button").is_visible()  # the wide layout shows the navigation itself
    assert page.locator(".mr-search-form").is_visible() and not page.locator("a.mr-search-link").is_visible()
    wide.close()
