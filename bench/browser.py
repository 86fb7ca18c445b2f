"""What one search costs the reader: the bytes of every Pagefind request for one query on /suche/,
and proof that no other page type loads any of the index. Debian's Chromium through Playwright."""

from __future__ import annotations

import re
from pathlib import Path

from helpers import CHROMIUM, CHROMIUM_ARGS, static_server

INDEX_PATH = "/pagefind/"
STATUS = "document.getElementById('mr-search-status').textContent"


def search_cost(site: Path, query: str, samples: dict[str, str]) -> dict:
    """Type ``query`` into the field on /suche/ and wait for the hits; sum the response bytes of all
    Pagefind requests. Then open one page of each type in ``samples`` and list any Pagefind request."""
    if not CHROMIUM.exists():
        return {"error": f"{CHROMIUM} is missing (make browser-deps)"}
    from playwright.sync_api import sync_playwright

    with static_server(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(locale="de-DE")
            page = context.new_page()
            sizes: dict[str, int] = {}

            def record(response) -> None:
                if INDEX_PATH in response.url:
                    try:
                        sizes[response.url] = sizes.get(response.url, 0) + len(response.body())
                    except Exception:  # noqa: BLE001 - a failed request has no body; it counts 0
                        sizes.setdefault(response.url, 0)

            page.on("response", record)
            page.goto(base + "suche/")
            page.fill("#mr-search-page-field", query)
            page.keyboard.press("Enter")
            page.wait_for_function(f"{STATUS}.includes('Treffer')", timeout=60_000)
            page.wait_for_load_state("networkidle")
            status = page.evaluate(STATUS)
            hits = re.match(r"(\d+) Treffer", status)
            loaders = {}
            for kind, path in samples.items():
                other = context.new_page()
                loaded: list[str] = []
                other.on("request", lambda request, loaded=loaded: loaded.append(request.url))
                other.goto(base + path)
                other.wait_for_load_state("networkidle")
                other.close()
                index = [url.removeprefix(base) for url in loaded if INDEX_PATH in url]
                if index:
                    loaders[f"{kind} ({path or '/'})"] = index
            context.close()
        finally:
            browser.close()
    return {
        "query": query,
        "hits": int(hits.group(1)) if hits else 0,
        "status": status,
        "bytes": sum(sizes.values()),
        "requests": len(sizes),
        "largest": max(sizes.items(), key=lambda item: item[1])[0].rsplit("/", 1)[-1] if sizes else "",
        "checked_types": sorted(samples),
        "other_pages_loading_index": loaders,
    }
