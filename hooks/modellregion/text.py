"""Markdown fields from YAML, rendered in one place: raw HTML is shown as text, links must be safe."""

from __future__ import annotations

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .values import is_safe_url


class _LinkGuard(Treeprocessor):
    """Collects links and images whose URL is not an absolute http(s)/mailto/tel URL, and drops them."""

    def run(self, root):
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            if not attribute:
                continue
            target = element.get(attribute, "")
            if not is_safe_url(target):
                self.md.unsafe_links.append(target)
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


def render_markdown(source: str) -> tuple[Markup, list[str]]:
    """Render a Markdown field; returns the HTML and the links that were refused."""
    _RENDERER.reset()
    _RENDERER.unsafe_links = []
    html = _RENDERER.convert(source)
    return Markup(html), list(_RENDERER.unsafe_links)
