"""The allowlist for HTML that editors' Markdown turns into: what may be published, and what was removed.

Rendered Markdown (page bodies and Markdown fields) passes ``sanitize_html`` before it reaches a
page or a feed. Anything that runs or loads on its own – scripts, event handlers, javascript:/data:
URLs, <base>, <meta>, forms, frames, objects, style – is removed, and every removal is returned
with a German message and a short ``needle`` as it appears in the Markdown source, so the caller can
name the line. SVG files are judged by ``svg_problem``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import lxml.etree
import lxml.html
import nh3

from .memo import Memo
from .values import browser_scheme

# Elements editors need, and the markup Python-Markdown's toc, footnotes, admonition, attr_list,
# md_in_html, tables, def_list, abbr and pymdownx.details/superfences produce.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "s", "samp",
    "section", "small", "source", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr", "video", "audio", "track",
})

# Removed together with their content: what is inside them is code or a foreign document, not text.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "noscript", "svg", "math", "textarea", "select", "title", "xmp", "noembed", "noframes"})

GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "role"})
ALLOWED_ATTRIBUTES = {
    "*": GLOBAL_ATTRIBUTES,
    "a": frozenset({"href", "rel"}),
    "abbr": frozenset(),
    # credit and decorative are our image markers ({: credit="…" }, {: decorative }): the image
    # pipeline turns them into a caption and alt="" right after the sanitiser and drops them.
    "img": frozenset({"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes", "credit", "decorative"}),
    "source": frozenset({"src", "srcset", "sizes", "type", "media", "width", "height"}),
    "video": frozenset({"src", "poster", "controls", "width", "height", "preload", "muted", "loop", "playsinline"}),
    "audio": frozenset({"src", "controls", "preload", "muted", "loop"}),
    "track": frozenset({"src", "kind", "srclang", "label", "default"}),
    "td": frozenset({"colspan", "rowspan", "style"}),
    "th": frozenset({"colspan", "rowspan", "scope", "style"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "time": frozenset({"datetime"}),
    "details": frozenset({"open"}),
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
}
# Python-Markdown's tables write column alignment as style="text-align: …" on th/td. That one
# declaration is accepted and turned into a class (site.css aligns by it), because the
# Content-Security-Policy allows no style attribute; every other declaration is removed and reported.
STYLE_PROPERTIES = frozenset({"text-align"})
ALIGN_CLASS = "mr-align-"
_CELL_TAG = re.compile(r"<(td|th)\b[^>]*>")
_ALIGN_STYLE = re.compile(r'\sstyle="text-align:\s*(left|right|center|justify);?"')
_CLASS_ATTR = re.compile(r'\sclass="([^"]*)"')
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "poster", "cite"})
# Media the site loads itself must come from the site: an absolute URL there is refused by the
# foreign-resource check (values.is_foreign) with its own message; here only the scheme counts.
ARIA_PREFIX = "aria-"
# Material finds its own elements by ids such as __config (its settings, read as JSON), __drawer
# and __search; an element in the body with such an id would come first and take their place.
RESERVED_ID_PREFIX = "__"


@dataclass(frozen=True)
class Removal:
    """One thing the sanitiser took out: a German message and a needle to find its source line."""

    message: str
    needle: str


_ELEMENT_REASONS = {
    "script": "Skripte werden nie veröffentlicht; bitte entfernen",
    "noscript": "Skripte werden nie veröffentlicht; bitte entfernen",
    "style": "die Gestaltung kommt aus dem Stylesheet der Website; bitte entfernen",
    "link": "Stylesheets und andere Dateien bindet die Website selbst ein; bitte entfernen",
    "base": "die Adresse der Seite legt die Website fest; bitte entfernen",
    "meta": "Angaben im Seitenkopf setzt die Website selbst; bitte entfernen",
    "form": "Formulare werden nicht veröffentlicht; bitte auf die Seite mit dem Formular verlinken",
    "input": "Formulare werden nicht veröffentlicht; bitte auf die Seite mit dem Formular verlinken",
    "button": "Formulare werden nicht veröffentlicht; bitte auf die Seite mit dem Formular verlinken",
    "textarea": "Formulare werden nicht veröffentlicht; bitte auf die Seite mit dem Formular verlinken",
    "select": "Formulare werden nicht veröffentlicht; bitte auf die Seite mit dem Formular verlinken",
    "iframe": "fremde Seiten werden nicht eingebettet; bitte als Link angeben",
    "frame": "fremde Seiten werden nicht eingebettet; bitte als Link angeben",
    "object": "eingebettete Objekte werden nicht veröffentlicht; bitte als Link angeben",
    "embed": "eingebettete Objekte werden nicht veröffentlicht; bitte als Link angeben",
    "svg": "SVG-Grafiken bitte als Datei unter content/ ablegen und als Bild einbinden",
    "math": "Formeln bitte als Text oder Bild angeben",
}


def _element_message(tag: str) -> str:
    reason = _ELEMENT_REASONS.get(tag, "bitte Markdown oder ein im Handbuch genanntes HTML-Element verwenden")
    return f"„<{tag}>“ ist nicht erlaubt – {reason}"


def _attribute_message(tag: str, name: str, value: str) -> tuple[str, str]:
    if name.startswith("on"):
        return f"Attribut „{name}“ ist nicht erlaubt – Skripte werden nie veröffentlicht; bitte entfernen", name
    if name == "id" and value.startswith(RESERVED_ID_PREFIX):
        return f"Kennung „{value}“ ist nicht erlaubt – Kennungen mit „__“ am Anfang gehören der Website; bitte umbenennen", value
    if name == "style":
        return "Attribut „style“ ist nicht erlaubt – die Gestaltung kommt aus dem Stylesheet; bitte eine Klasse verwenden", "style"
    if name in URL_ATTRIBUTES:
        if name == "srcset":
            value = next((c.strip().split()[0] for c in value.split(",") if c.strip() and not _url_allowed(c.strip().split()[0])), value)
        shown = value if len(value) <= 60 else value[:57] + "…"
        needle = value.strip()[:40] or name
        return (f"Adresse „{shown}“ in „{name}“ ist nicht erlaubt – erlaubt sind http-, https-, mailto- und tel-Adressen "
                "und Pfade innerhalb der Website", needle)
    return f"Attribut „{name}“ an „<{tag}>“ ist nicht erlaubt – bitte entfernen", name


def _url_allowed(value: str) -> bool:
    """Relative references and the allowed schemes; the scheme is read as browsers read it."""
    scheme = browser_scheme(value)
    return scheme is None or scheme in URL_SCHEMES


def _srcset_allowed(value: str) -> bool:
    return all(_url_allowed(candidate.strip().split(" ")[0]) for candidate in value.split(",") if candidate.strip())


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    if name == "id" and value.startswith(RESERVED_ID_PREFIX):
        return None  # Material's own elements (__config, __drawer, __search …): no clobbering
    if name == "srcset":
        return value if _srcset_allowed(value) else None
    if name in URL_ATTRIBUTES:
        return value if _url_allowed(value) else None
    return value


def _style_properties(value: str) -> set[str]:
    return {part.split(":", 1)[0].strip().lower() for part in value.split(";") if ":" in part}


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        strip_comments=True,
        link_rel=None,
        generic_attribute_prefixes={ARIA_PREFIX},
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
    )


def _alignment_as_class(html: str) -> str:
    """<td style="text-align:left"> (what nh3 leaves of a table's alignment) -> <td class="mr-align-left">."""
    def cell(match: re.Match) -> str:
        tag = match.group(0)
        style = _ALIGN_STYLE.search(tag)
        tag = _ALIGN_STYLE.sub("", tag)
        if "style=" in tag:  # any other style nh3 kept: never published
            tag = re.sub(r'\sstyle="[^"]*"', "", tag)
        if not style:
            return tag
        name = ALIGN_CLASS + style.group(1)
        if _CLASS_ATTR.search(tag):
            return _CLASS_ATTR.sub(lambda m: f' class="{(m.group(1) + " " + name).strip()}"', tag, count=1)
        return tag[:-1] + f' class="{name}">'
    return _CELL_TAG.sub(cell, html)


def _parse(html: str):
    return lxml.html.fragment_fromstring(html, create_parent="div")


def _attributes(root) -> Counter:
    """Every (tag, attribute, value) of a fragment; style counted by its property names."""
    found: Counter = Counter()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if name == "class" and ALIGN_CLASS in value:
                value = " ".join(c for c in value.split() if not c.startswith(ALIGN_CLASS))
                if not value:
                    continue
            found[(element.tag, name.lower(), value.strip())] += 1
    return found


SANITISED = Memo()  # by HTML: the preview sanitises the same pages again after every edit


def sanitize_html(html: str) -> tuple[str, list[Removal]]:
    """The HTML with everything outside the allowlist removed, and what was removed (in order, once each)."""
    clean, removals = SANITISED.get(html, lambda: _frozen(_sanitize(html)))
    return clean, list(removals)


def _frozen(result: tuple[str, list[Removal]]) -> tuple[str, tuple[Removal, ...]]:
    return result[0], tuple(result[1])


def _sanitize(html: str) -> tuple[str, list[Removal]]:
    if not html.strip():
        return html, []
    cleaned = _alignment_as_class(_clean(html))
    if cleaned == html:
        return html, []
    before = _parse(html)
    after = _parse(cleaned) if cleaned.strip() else _parse("<span></span>")
    removals: list[Removal] = []
    seen: set[Removal] = set()

    def add(removal: Removal) -> None:
        if removal not in seen:
            seen.add(removal)
            removals.append(removal)

    # Elements: whatever is outside the allowlist is gone (nh3 keeps every allowed one).
    for element in before.iter():
        if element is before:
            continue
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions: notes for editors, never published
        if element.tag not in ALLOWED_TAGS and not any(a.tag in DROPPED_WITH_CONTENT for a in element.iterancestors()):
            add(Removal(_element_message(element.tag), f"<{element.tag}"))
    # Attributes: what the input had and the output lacks (names outside the list, URLs with a
    # forbidden scheme, style declarations other than text-align).
    kept = _attributes(after)
    for element in before.iter():
        if element is before or not isinstance(element.tag, str) or element.tag not in ALLOWED_TAGS:
            continue
        for name, value in element.attrib.items():
            name = name.lower()
            if name == "style":
                if element.tag in ("td", "th") and not (_style_properties(value) - STYLE_PROPERTIES):
                    continue
                add(Removal(*_attribute_message(element.tag, name, value)))
                continue
            key = (element.tag, name, value.strip())
            if kept[key] > 0:
                kept[key] -= 1
                continue
            add(Removal(*_attribute_message(element.tag, name, value)))
    return cleaned, removals


# --- SVG files -------------------------------------------------------------------------------

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# url(#gradient) points into the file itself; any other url() or @import loads something.
_CSS_LOADS = re.compile(r"""url\s*\(\s*['"]?\s*(?!#)|@import""", re.IGNORECASE)


def svg_problem(path: Path) -> str | None:
    """Why an SVG file cannot be published (German), or None: no script, no handlers, no
    foreignObject, no references outside the file, no style that loads anything."""
    try:
        parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        tree = lxml.etree.parse(str(path), parser)
        root = tree.getroot()
    except (lxml.etree.XMLSyntaxError, OSError) as exc:
        return f"SVG-Datei kann nicht gelesen werden ({exc}) – bitte als gültige SVG-Datei speichern"
    if root is None or lxml.etree.QName(root).localname != "svg":
        return "ist keine SVG-Grafik – bitte als SVG-Datei mit <svg> als äußerstem Element speichern"
    if tree.docinfo.internalDTD is not None:  # entities: expanded by the browser, a classic bomb
        return "SVG enthält eine DOCTYPE-Angabe mit eigenen Entitäten – bitte die Grafik ohne DOCTYPE exportieren"
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = lxml.etree.QName(element).localname
        if local == "script":
            return "SVG enthält „<script>“ – Skripte werden nie veröffentlicht; bitte die Grafik ohne Skript exportieren"
        if local == "foreignObject":
            return "SVG enthält „<foreignObject>“ – darin kann HTML stecken; bitte die Grafik ohne foreignObject exportieren"
        if local == "style" and _CSS_LOADS.search(element.text or ""):
            return "SVG lädt im „<style>“ weitere Dateien (url() oder @import) – bitte die Gestaltung in die Grafik einbetten"
        for name, value in element.attrib.items():
            attribute = lxml.etree.QName(name).localname if name.startswith("{") else name
            if attribute.lower().startswith("on"):
                return f"SVG enthält das Attribut „{attribute}“ – Skripte werden nie veröffentlicht; bitte entfernen"
            if attribute == "href" and not value.strip().startswith("#"):
                return f"SVG verweist auf „{value[:60]}“ – eine Grafik darf nur auf Teile ihrer selbst verweisen (href mit „#“); bitte einbetten"
            if _CSS_LOADS.search(value):
                return f"SVG lädt im Attribut „{attribute}“ weitere Dateien (url() oder @import) – bitte nur url(#…) innerhalb der Grafik verwenden"
    return None
