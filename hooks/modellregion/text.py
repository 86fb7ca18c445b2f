"""Markdown fields from YAML, rendered in one place: raw HTML is shown as text, links must be safe."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import lxml.html
import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .loading import markdown_problem
from .sanitize import sanitize_html
from .values import PAGE_BASE, is_foreign, is_safe_url


def _is_local_image(target: str) -> bool:
    """A path below content/ (checked and resized by the image pipeline), not a URL of another host."""
    parts = urlsplit(target)
    return bool(parts.path) and not parts.scheme and not parts.netloc and not target.startswith(("/", "\\"))


class _LinkGuard(Treeprocessor):
    """Collects links whose URL is not an absolute http(s)/mailto/tel URL, and every image that is not
    a file below content/ (it would be loaded from another server)."""

    def run(self, root):
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            if not attribute:
                continue
            target = element.get(attribute, "")
            if element.tag == "img" and _is_local_image(target):
                continue  # images.field_image_problems judges it; the template filter `pictures` resizes it
            if element.tag == "img" or not is_safe_url(target):
                self.md.unsafe_links.append((element.tag, target))
                element.attrib.pop(attribute, None)
            elif element.tag == "a" and target.startswith(("http://", "https://")):
                element.set("rel", "noopener")
        return root


def _new_renderer() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    # Raw HTML in a YAML value is text, never markup: drop the HTML passthrough.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_LinkGuard(md), "link_guard", 1)
    md.unsafe_links = []
    return md


_RENDERER = _new_renderer()


def render_markdown(source: str) -> tuple[Markup, list[tuple[str, str]]]:
    """Render a Markdown field; returns the sanitised HTML and the refused (tag, URL) pairs: 'a'
    or 'img' for links and images, and ('removed', German message) for what the sanitiser took out."""
    problem = markdown_problem(source)
    if problem:  # rendering it would take minutes
        return Markup(""), [("removed", problem[1])]
    _RENDERER.reset()
    _RENDERER.unsafe_links = []
    html, removals = sanitize_html(_RENDERER.convert(source))
    refused = list(_RENDERER.unsafe_links) + [("removed", removal.message) for removal in removals]
    return Markup(html), refused


# Every attribute from which a browser loads something by itself (links, <a>, are the visitor's choice).
_LOADING = {
    "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",), "frame": ("src",),
    "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "script": ("src",), "embed": ("src",),
    "object": ("data",), "link": ("href",), "input": ("src",), "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"), "feimage": ("href", "xlink:href"), "body": ("background",),
    "table": ("background",), "td": ("background",), "th": ("background",),
}
# url(…) and @import in CSS, quoted or not; CSS escapes (\\75rl) are undone first.
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.IGNORECASE | re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.DOTALL)


def _css_unescape(css: str) -> str:
    def replace(match: re.Match) -> str:
        if match.group(1):
            code = int(match.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
        return match.group(2)
    return _CSS_ESCAPE.sub(replace, css)


def css_urls(css: str) -> list[str]:
    """Every URL a stylesheet or style attribute would load (url() and @import)."""
    return [(m.group(2) if m.group(2) is not None else m.group(4)).strip() for m in _CSS_URL.finditer(_css_unescape(css))]


def foreign_resources(html: str, page_url: str = PAGE_BASE) -> list[tuple[str, str]]:
    """Elements of a rendered page body that a browser on ``page_url`` would load from another host (tag, URL).

    URLs are judged as browsers parse them (values.is_foreign); srcset candidates, SVG <image>/<use>,
    <object data>, poster and CSS url()/@import in style attributes and <style> elements count too.
    """
    if not html.strip():
        return []
    found = []
    for element in lxml.html.fragment_fromstring(html, create_parent="div").iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        for attribute in _LOADING.get(tag, ()):
            value = element.get(attribute)
            if value is None:
                continue
            candidates = [c.strip().split()[0] for c in value.split(",") if c.strip()] if attribute == "srcset" else [value]
            found += [(tag, url) for url in candidates if is_foreign(url, page_url)]
        style = element.get("style")
        if style:
            found += [(tag, url) for url in css_urls(style) if is_foreign(url, page_url)]
        if tag == "style":
            found += [("style", url) for url in css_urls(element.text or "") if is_foreign(url, page_url)]
    return found


def split_lead(html: str) -> tuple[Markup, Markup]:
    """A page body as (heading and first paragraph, everything after): the start page puts what
    is new and what is next between the two. The body is already sanitised HTML."""
    if not html or not html.strip():
        return Markup(""), Markup("")
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    children = list(root)
    cut = 0
    for index, child in enumerate(children):
        if child.tag == "p":
            cut = index + 1
            break
        if child.tag not in ("h1",) and not isinstance(child, lxml.html.HtmlComment):
            break
    serialise = lambda elements: "".join(lxml.html.tostring(e, encoding="unicode") for e in elements)
    lead = (root.text or "") + serialise(children[:cut])
    return Markup(lead), Markup(serialise(children[cut:]))


# Elements whose whitespace is content: kept byte for byte by compact_html.
_VERBATIM = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.DOTALL | re.IGNORECASE)
_INDENTED_LINES = re.compile(r"[ \t]*\n\s*")


def compact_html(html: str) -> str:
    """The templates' indentation and blank lines out of a page (a sixth of its bytes): every run
    of whitespace that contains a line break becomes one line break. Browsers collapse such runs
    to one space anyway; ``pre``, ``textarea``, ``script`` and ``style`` keep theirs."""
    parts = _VERBATIM.split(html)
    # split() yields text, the whole verbatim element, its tag name, text, …
    out = []
    for index, part in enumerate(parts):
        kind = index % 3
        if kind == 0:
            out.append(_INDENTED_LINES.sub("\n", part))
        elif kind == 1:
            out.append(part)
    return "".join(out)
