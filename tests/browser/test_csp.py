"""The site runs under its own strict Content-Security-Policy: served with exactly the headers of
site/_headers, no page type causes a single violation, and search and colour toggle still work."""

from __future__ import annotations

import fnmatch
import functools
import http.server
import threading

import pytest

from browser_checks import PAGE_TYPES
from helpers import QuietHandler
from modellregion import security

pytestmark = pytest.mark.browser

# Recorded before any script of the page runs; every violation event lands in this list.
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
"""


class HeadersHandler(QuietHandler):
    """Serves the built site with the headers its _headers file names, as a static host would."""

    rules: dict[str, dict[str, str]] = {}

    def end_headers(self):
        path = self.path.split("?", 1)[0]
        for pattern, headers in self.rules.items():
            if fnmatch.fnmatch(path, pattern):
                for name, value in headers.items():
                    self.send_header(name, value)
        super().end_headers()


@pytest.fixture(scope="module")
def strict_url(browser_site):
    rules = security.parse_headers_file((browser_site / "_headers").read_text(encoding="utf-8"))
    handler = type("SiteHeaders", (HeadersHandler,), {"rules": rules})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(browser_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def open_strict(context, url: str):
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text) if "Content Security Policy" in message.text else None)
    page.add_init_script(LISTEN)
    response = page.goto(url)
    return page, response, console


def test_headers_file_is_the_one_policy():
    headers = security.headers()
    policy = headers["Content-Security-Policy"]
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src "))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src.replace("'wasm-unsafe-eval'", "")
    for directive in ("object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'", "default-src 'self'"):
        assert directive in policy
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"
    assert security.parse_headers_file(security.headers_file()) == {"/*": headers}
    assert f'add_header Content-Security-Policy "{policy}" always;' in security.nginx_include()


def test_the_listener_sees_a_violation(context, strict_url):
    """The check below can fail: an inline script is refused and reported."""
    page, response, console = open_strict(context, strict_url)
    assert response.headers["content-security-policy"] == security.content_security_policy()
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.append(s); }")
    page.wait_for_function("() => window.__csp.length > 0")
    assert page.evaluate("() => window.__ran") is None


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_no_page_type_violates_the_policy(name, context, strict_url):
    page, response, console = open_strict(context, strict_url + PAGE_TYPES[name])
    assert response.headers["content-security-policy"] == security.content_security_policy()
    page.wait_for_load_state("load")
    if name == "search":
        page.wait_for_function("() => document.getElementById('mr-search-status').textContent.includes('Treffer')")
    assert page.evaluate("() => typeof __md_get") == "function"  # Material's scripts ran (they are files now)
    assert page.evaluate("() => window.__csp") == [] and console == []


def test_colour_toggle_works_under_the_policy(context, strict_url):
    page, _, console = open_strict(context, strict_url)
    page.locator("label[for^=__palette]:visible").click()
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    page.goto(strict_url + "projekte/")  # the chosen scheme is restored by md-palette.js
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    assert page.evaluate("() => window.__csp") == [] and console == []
