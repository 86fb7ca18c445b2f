"""Markdown fields from YAML, rendered in one place: raw HTML is shown as text, links must be safe."""

from __future__ import annotations

from urllib.parse import urlsplit

import lxml.html
import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .values import is_safe_url


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
    """Render a Markdown field; returns the HTML and the refused (tag, URL) pairs: 'a' or 'img'."""
    _RENDERER.reset()
    _RENDERER.unsafe_links = []
    html = _RENDERER.convert(source)
    return Markup(html), list(_RENDERER.unsafe_links)


_EMBEDS = {"img": ("src", "srcset"), "iframe": ("src",), "video": ("src", "poster"), "audio": ("src",), "source": ("src", "srcset"),
           "track": ("src",), "script": ("src",), "embed": ("src",), "object": ("data",), "link": ("href",), "input": ("src",)}


def foreign_resources(html: str) -> list[tuple[str, str]]:
    """Elements of a rendered page body that a browser would load from another host (tag, URL).

    Links (<a>) are fine: following one is the visitor's choice. Anything loaded by itself is not.
    """
    if not html.strip():
        return []
    found = []
    for element in lxml.html.fragment_fromstring(html, create_parent="div").iter(*_EMBEDS):
        for attribute in _EMBEDS[element.tag]:
            for candidate in (element.get(attribute) or "").split(","):
                url = candidate.strip().split(" ")[0]
                if url and (urlsplit(url).netloc or url.startswith("//")):
                    found.append((element.tag, url))
    return found
