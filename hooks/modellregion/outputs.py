"""Non-HTML outputs of the build (feeds, calendars, open data): their site paths and producers."""

from __future__ import annotations

import posixpath
from typing import Callable

from markupsafe import escape

from . import feeds, ics, opendata, security


def producers(site, state) -> dict[str, Callable[[], bytes]]:
    """Site path -> function returning the file's bytes; called after all Markdown is rendered."""
    result: dict[str, Callable[[], bytes]] = {}
    result.update(opendata.producers(site))
    result.update(feeds.producers(site, state.contents, state.images))
    result.update(ics.producers(site))
    cms = site.region.cms  # a published browser editor gets its own rule for /admin/
    result["_headers"] = lambda: security.headers_file(cms.origin if cms else None).encode("utf-8")  # Netlify, Cloudflare Pages
    # Material's JavaScript fetches sitemap.xml beside every <link rel="alternate"> (it looks for
    # language versions): beside every feed it finds an empty, valid one instead of a 404.
    for folder in sorted({posixpath.dirname(path) for path in result if path.endswith((".rss.xml", ".atom.xml"))}):
        if folder:
            result[f"{folder}/sitemap.xml"] = lambda: EMPTY_SITEMAP
    result["robots.txt"] = lambda: f"User-agent: *\nAllow: /\n\nSitemap: {site.region.base_url}sitemap.xml\n".encode("utf-8")
    for redirect in site.redirects:
        result[f"{redirect.source}index.html"] = lambda r=redirect: redirect_page(site, r.source, r.target)
    return result


EMPTY_SITEMAP = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)


def redirect_page(site, source: str, target: str) -> bytes:
    """A static forwarding page at an old address (works on any web server, no configuration)."""
    relative = posixpath.relpath(target, source) + "/"
    absolute = site.region.base_url + target
    return (
        '<!doctype html>\n<html lang="de"><head><meta charset="utf-8">'
        f'<title>Diese Seite ist umgezogen</title><link rel="canonical" href="{escape(absolute)}">'
        f'<meta name="robots" content="noindex"><meta http-equiv="refresh" content="0; url={escape(relative)}">'
        f'</head><body><p>Diese Seite ist umgezogen: <a href="{escape(relative)}">{escape(absolute)}</a></p></body></html>\n'
    ).encode("utf-8")
