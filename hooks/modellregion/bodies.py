"""The gate's look at Markdown bodies: links, anchors and files resolved as the build will, with lines.

Every body is rendered once with the site's own Markdown settings (the extensions of mkdocs.yml),
so that heading ids and link targets are exactly the ones the pages get. Links are resolved by the
rules of MkDocs 1.6 with directory URLs (a link names the Markdown file, relative to the file it is
written in); what MkDocs would only warn about in English is reported here first, in German, with
the line of the link.
"""

from __future__ import annotations

import os
import pickle
import posixpath
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable
from urllib.parse import unquote, urlsplit

import lxml.html
import markdown
from markdown.treeprocessors import Treeprocessor

from .errors import DataError
from .formatting import datum
from .memo import Memo
from .schema import closest
from .sanitize import SANITISED, sanitize_html
from .text import foreign_resources


@dataclass(frozen=True)
class MarkdownSettings:
    """The Markdown extensions pages are rendered with (names or Extension objects) and their options."""

    extensions: tuple = ()
    configs: dict = field(default_factory=dict)


class _LinkCollector(Treeprocessor):
    """Links written in Markdown (raw HTML stays stashed), as MkDocs' own link check sees them.
    Images are the image pipeline's to check (images.body_image_problems)."""

    def run(self, root):
        for element in root.iter("a"):
            url = element.get("href")
            if url is not None:
                self.md.collected_links.append(url)
        return root


def stable_repr(value) -> str:
    """A representation that is the same in every process (functions and classes by name, not address),
    for cache keys built from Markdown settings."""
    if isinstance(value, dict):
        return "{" + ",".join(f"{stable_repr(k)}:{stable_repr(v)}" for k, v in sorted(value.items(), key=lambda kv: repr(kv[0]))) + "}"
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return type(value).__name__ + "[" + ",".join(stable_repr(v) for v in items) + "]"
    if callable(value) or isinstance(value, type):
        return f"{getattr(value, '__module__', '?')}.{getattr(value, '__qualname__', type(value).__qualname__)}"
    return repr(value)


RENDERS = Memo()  # (settings, body text) -> (HTML, links)
IDS = Memo()  # HTML -> its element ids


class BodyRenderer:
    """One Markdown instance for all bodies, reset between them; a body's HTML is kept by its text
    while the memo is on (the preview, and one gate run with its results from .cache/)."""

    def __init__(self, settings: MarkdownSettings):
        self.md = markdown.Markdown(extensions=list(settings.extensions), extension_configs=dict(settings.configs))
        self.md.treeprocessors.register(_LinkCollector(self.md), "modellregion_links", 0)
        self.md.collected_links = []
        self.signature = stable_repr((settings.extensions, settings.configs))

    def render(self, text: str) -> tuple[str, list[str]]:
        html, links = RENDERS.get((self.signature, text), lambda: self._convert(text))
        return html, list(links)

    def _convert(self, text: str) -> tuple[str, tuple[str, ...]]:
        self.md.reset()
        self.md.collected_links = []
        html = self.md.convert(text)
        return html, tuple(self.md.collected_links)


@dataclass(frozen=True)
class Rendered:
    src_uri: str
    shown: str
    html: str
    ids: frozenset[str]
    links: tuple[str, ...]  # link targets as written
    lines: tuple[str, ...]  # the file's lines, to find where a link is written
    start_line: int


def element_ids(html: str) -> frozenset[str]:
    return IDS.get(html, lambda: _element_ids(html))


def _element_ids(html: str) -> frozenset[str]:
    if not html.strip():
        return frozenset()
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    return frozenset(element.get("id") for element in tree.iter() if element.get("id")) | frozenset(
        element.get("name") for element in tree.iter("a") if element.get("name")
    )


def render_bodies(bodies: Iterable, renderer: BodyRenderer, read_lines: Callable) -> dict[str, Rendered]:
    rendered = {}
    for body in bodies:
        html, links = renderer.render(body.text)
        rendered[body.src_uri] = Rendered(body.src_uri, body.shown, html, element_ids(html), tuple(links), tuple(read_lines(body.path)), body.start_line)
    return rendered


@dataclass
class Targets:
    """What a link in a body can reach: pages (with their anchors), generated pages, files, and news not yet out."""

    pages: dict[str, frozenset[str] | None]  # src_uri -> ids (None: generated page without Markdown)
    files: set[str]  # other files of the built site (images, PDFs, feeds, exports)
    unpublished: dict[str, date]  # src_uri of draft or scheduled news -> its date
    by_url: dict[str, str]  # page path (e.g. projekte/x/) -> src_uri, for hints on absolute links
    url_of: dict[str, str] = field(default_factory=dict)  # src_uri -> page path, for hints on folder links
    # While records are broken the generated pages are only guessed: a link into a generated
    # section that is not among the guesses is then left for the next run instead of reported.
    unsure_sections: frozenset[str] = frozenset()

    def exists(self, uri: str) -> bool:
        return uri in self.pages or uri in self.files


def _line_of(rendered: Rendered, url: str) -> int:
    """The first line of the body that contains the link as written."""
    candidates = [f"]({url}", f"({url}", f"<{url}>", f"]: {url}", url, unquote(url)]
    lines = rendered.lines
    for needle in candidates:
        for index in range(max(rendered.start_line - 1, 0), len(lines)):
            if needle and needle in lines[index]:
                return index + 1
    lowered = url.lower()  # <SCRIPT> in the file, <script> in the parsed HTML
    for index in range(max(rendered.start_line - 1, 0), len(lines)):
        if lowered and lowered in lines[index].lower():
            return index + 1
    return rendered.start_line


def _relative(target: str, src_uri: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(src_uri) or ".")


def _target_uri(src_uri: str, path: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path).lstrip("/"))


def _anchor_list(ids: frozenset[str]) -> str:
    shown = sorted(i for i in ids if not i.startswith(("fn:", "fnref:")))
    if not shown:
        return "die Seite hat keine Überschriften mit Sprungmarken"
    listed = ", ".join(f"#{i}" for i in shown[:8])
    return f"vorhanden sind {listed}{' …' if len(shown) > 8 else ''}"


def _item_page(target: str) -> bool:
    """projekte/x.md, staedte/x.md …: a page whose existence does not depend on the rest of the site."""
    section, _, rest = target.partition("/")
    return section in ("projekte", "handlungsfelder", "staedte", "akteure", "termine") and "/" not in rest and rest.endswith(".md")


def check_links(rendered: Rendered, targets: Targets) -> list[DataError]:
    errors = []

    def error(url: str, message: str, field_name: str = "Link") -> None:
        errors.append(DataError(rendered.shown, _line_of(rendered, url), field_name, message))

    for url in rendered.links:
        scheme, netloc, path, _query, anchor = urlsplit(url)
        if scheme or netloc or not url:
            continue  # another site, mailto: or tel: – judged by the sanitiser, not here
        if url.startswith(("/", "\\")):
            wanted = unquote(path).strip("/")
            hint = targets.by_url.get(f"{wanted}/" if wanted else "") or (wanted if targets.exists(wanted) else None)
            example = f"„{_relative(hint, rendered.src_uri)}{'#' + anchor if anchor else ''}“" if hint else "„../kontakt.md“"
            error(url, f"„{url}“ beginnt mit „/“ – bitte relativ zu dieser Datei auf die Markdown-Datei verlinken, z. B. {example}")
            continue
        if not path:
            if anchor and anchor not in rendered.ids:
                error(url, f"Sprungmarke „#{anchor}“ gibt es auf dieser Seite nicht – {_anchor_list(rendered.ids)}")
            continue
        target = _target_uri(rendered.src_uri, unquote(path))
        if target in targets.unpublished:
            error(url, f"„{url}“ führt zu einer Meldung, die am Tag des Builds noch nicht veröffentlicht ist (Entwurf oder erst ab {datum(targets.unpublished[target])}) – bitte den Link erst setzen, wenn sie erscheint")
            continue
        if not targets.exists(target) and target.split("/", 1)[0] in targets.unsure_sections and not _item_page(target):
            continue
        if not targets.exists(target):
            # What the editor probably meant: the folder's index, the page's file, or a path read from the page's address.
            bases = [target, _target_uri(targets.url_of.get(rendered.src_uri, rendered.src_uri) + "x", unquote(path))]
            guesses = [g for base in bases for g in (posixpath.join(base, "index.md"), base.removesuffix(".html").removesuffix("/") + ".md")
                       if targets.exists(g)]
            guesses += [targets.by_url[f"{base.strip('/')}/"] for base in bases if f"{base.strip('/')}/" in targets.by_url]
            if guesses or not posixpath.splitext(path)[1]:
                example = f": „{_relative(guesses[0], rendered.src_uri)}{'#' + anchor if anchor else ''}“" if guesses else ", z. B. „../kontakt.md“"
                error(url, f"„{url}“ zeigt auf keine Datei – bitte auf die Markdown-Datei verlinken{example}")
            else:
                close = closest(target, sorted(targets.pages))
                hint = f"meinten Sie „{_relative(close, rendered.src_uri)}“?" if close else "bitte den Pfad prüfen (relativ zu dieser Datei, mit „.md“ am Ende)"
                error(url, f"„{url}“ führt ins Leere – content/{target} gibt es nicht; {hint}")
            continue
        if anchor and target in targets.pages:
            ids = targets.pages[target]
            if ids is None:
                error(url, f"„{url}“: diese Seite erzeugt der Build, sie hat keine Sprungmarken – bitte ohne „#{anchor}“ verlinken")
            elif anchor not in ids:
                error(url, f"„{url}“: den Abschnitt „#{anchor}“ gibt es in content/{target} nicht – {_anchor_list(ids)}")
    return errors


def check_resources(rendered: Rendered, html: str | None = None) -> list[DataError]:
    """Anything the page (as the sanitiser leaves it) would load from another host by itself."""
    return [
        DataError(rendered.shown, _line_of(rendered, url), "HTML",
                  f"„<{tag}>“ lädt „{url}“ von einem fremden Server – die Website lädt nichts von anderen Servern; bitte die Datei unter content/ ablegen oder einen normalen Link setzen")
        for tag, url in foreign_resources(rendered.html if html is None else html)
    ]


def check_sanitised(rendered: Rendered) -> tuple[list[DataError], str]:
    """What the allowlist sanitiser would take out of the page (nothing disappears silently), and the page's HTML after it."""
    clean, removals = sanitize_html(rendered.html)
    return [DataError(rendered.shown, _line_of(rendered, removal.needle), "HTML", removal.message) for removal in removals], clean


class KeptResults:
    """The gate's body results between runs of `make check` and `make site` (``.cache/markdown/gate.pickle``):
    HTML and links by body text, element ids and the sanitiser's verdict by HTML. Only what the
    current content uses is written back; a changed Markdown setting is another key.

    In the preview the memos are on all the time: the file is read at its first check only, and
    never written after an edit (the rebuild would wait for it)."""

    _read: set = set()  # files the preview has read into its memos

    def __init__(self, path):
        self.path = path

    def __enter__(self):
        self.temporary = not RENDERS.on  # outside the preview: on for this run only
        for memo in (RENDERS, IDS, SANITISED):
            memo.start()
        if not self.temporary:  # the preview's memos stay on: read the file into them once
            if self.path in self._read:
                return self
            self._read.add(self.path)
        try:
            stored = pickle.loads(self.path.read_bytes())
            RENDERS.entries.update(stored["renders"])
            IDS.entries.update(stored["ids"])
            SANITISED.entries.update({html: (html if clean is None else clean, removals) for html, (clean, removals) in stored["sanitised"].items()})
        except Exception:  # noqa: BLE001 - a missing or unreadable cache is an empty one
            pass
        return self

    def keep(self, texts: set, htmls: set) -> None:
        """Write back what the content of this run uses (not in the preview)."""
        if not self.temporary:
            return
        stored = {
            "renders": {key: value for key, value in RENDERS.entries.items() if key[1] in texts},
            "ids": {html: value for html, value in IDS.entries.items() if html in htmls},
            # most bodies come out of the sanitiser unchanged: kept as None instead of a second copy
            "sanitised": {html: (None if clean == html else clean, removals) for html, (clean, removals) in SANITISED.entries.items() if html in htmls},
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(f"{self.path.name}.{os.getpid()}")
            partial.write_bytes(pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL))
            partial.replace(self.path)
        except OSError:
            pass  # a read-only checkout still gets its answer, only slower next time

    def __exit__(self, *exc):
        if self.temporary:  # outside the preview nothing stays in memory after the check
            for memo in (RENDERS, IDS, SANITISED):
                memo.stop()
        return False
