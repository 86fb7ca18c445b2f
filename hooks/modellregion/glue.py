"""The one module that knows MkDocs' objects (config, files, pages, Jinja env); main.py calls it.

Everything here is duck-typed against MkDocs 1.6 and imports nothing from MkDocs, so the rest of
the core stays engine-free and another engine would only need a new version of this file.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from markupsafe import Markup

from . import formatting, images, outputs, urls
from .errors import ContentErrors, DataError
from .pages import PageSpec, build_pages
from .sanitize import sanitize_html
from .site import Site
from .text import foreign_resources
from .values import PAGE_BASE, phone_href

ICON_NAME = re.compile(r"^[a-z0-9-]+(/[a-z0-9-]+)+$")


@dataclass
class BuildState:
    """What one build knows; replaced at every on_config (MkDocs never re-imports hook modules)."""

    serving: bool = False
    site: Site | None = None
    specs: list[PageSpec] = field(default_factory=list)
    by_src: dict[str, PageSpec] = field(default_factory=dict)
    errors: ContentErrors | None = None
    contents: dict[str, str] = field(default_factory=dict)  # src_uri -> rendered Markdown HTML
    outputs: dict[str, Callable[[], bytes]] = field(default_factory=dict)  # site path -> producer
    images: dict = field(default_factory=dict)  # image src -> images.Rendition
    body_errors: list[DataError] = field(default_factory=list)

    def reset(self, serving: bool) -> None:
        self.__init__(serving=serving)

    def load(self, site: Site) -> None:
        self.site = site
        self.specs = build_pages(site)
        self.by_src = {spec.virtual_src_uri: spec for spec in self.specs}

    def spec_for(self, src_uri: str) -> PageSpec | None:
        return self.by_src.get(src_uri)

    def remember_content(self, src_uri: str, content: str, source_path: str | None = None, page_url: str = PAGE_BASE) -> str:
        """Sanitise a page body, keep it for the feeds, and note what was removed and anything in
        it that would load from another host. Returns the body the page shows."""
        content, removals = sanitize_html(content)
        self.contents[src_uri] = content
        for removal in removals:
            self.body_errors.append(_located(src_uri, source_path, removal.needle, removal.message))
        for tag, url in foreign_resources(content, page_url):
            self.body_errors.append(_located(src_uri, source_path, url, f"„<{tag}>“ lädt „{url}“ von einem fremden Server – bitte die Datei unter content/ ablegen; die Website fragt keine anderen Server an"))
        return content


def _located(src_uri: str, source_path: str | None, needle: str, message: str) -> DataError:
    """A problem in a Markdown body, at the first line of the file that mentions ``needle``."""
    line = 1
    if source_path and Path(source_path).is_file():
        for number, text in enumerate(Path(source_path).read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            if needle.lower() in text.lower():  # <SCRIPT> in the file, <script> in the parsed HTML
                line = number
                break
    return DataError(f"content/{src_uri}", line, "body", message)


def icon_checker(theme_dirs: list[str]) -> Callable[[str], bool]:
    """True when the theme ships the icon, e.g. material/bus (-> .icons/material/bus.svg)."""
    def exists(name: str) -> bool:
        return bool(ICON_NAME.match(name)) and any((Path(d) / ".icons" / f"{name}.svg").is_file() for d in theme_dirs)
    return exists


def apply_region(config, region, serving: bool) -> None:
    """Region facts reach MkDocs' settings from data/region.yml, never from mkdocs.yml."""
    config.site_name = region.name
    config.site_description = region.description
    config.copyright = f"© {region.publisher.name}"
    if not serving:  # mkdocs serve sets its own local address
        config.site_url = region.base_url
    config.theme["logo"] = region.logo
    config.theme["favicon"] = region.favicon


def add_files(state: BuildState, files, config, file_class):
    """Generated pages and outputs join the editors' files; unpublished news leaves them."""
    site = state.site
    for item in site.news:
        existing = files.get_file_from_path(item.src_uri)
        if existing is None:
            continue
        if not item.is_published(site.build_date):
            files.remove(existing)
            continue
        _move(existing, urls.news_item(item))
    for spec in state.specs:
        uri = spec.virtual_src_uri
        if spec.generated and files.get_file_from_path(uri) is None:
            files.append(file_class.generated(config, uri, content=""))
    state.images = images.renditions(Path(config.docs_dir), set(site.images), site.root / ".cache" / "images")
    for rendition in state.images.values():
        for variant in rendition.variants:
            files.append(file_class.generated(config, variant.path, abs_src_path=str(variant.cache_file)))
    state.outputs = outputs.producers(site, state)
    for path in state.outputs:
        files.append(file_class.generated(config, path, content=b""))
    return files


def _move(file, path: str) -> None:
    """Give an editor's file a URL of the scheme (aktuelles/2024/slug/) instead of its file name."""
    file.dest_uri = f"{path}index.html"
    file.url = path
    file.__dict__.pop("abs_dest_path", None)


def prepare_page(state: BuildState, page) -> None:
    spec = state.spec_for(page.file.src_uri)
    if spec is None:
        return
    meta = page.meta
    if spec.generated or "template" not in meta:
        meta["template"] = spec.template
    if spec.generated or not meta.get("title"):
        meta["title"] = spec.title
    if not meta.get("description"):
        meta["description"] = spec.description
    if spec.generated or spec.template == "home.html":
        meta.setdefault("hide", ["toc"])  # no headings of their own to list


def prepare_env(state: BuildState, env, config) -> None:
    """Filters and globals for the templates; autoescaping on for every template, Material's too.

    MkDocs leaves it off, so the site name and every other region value reached Material's
    templates raw. Material's templates survive it unchanged (a build with and without differs
    only in the table of contents, whose titles ``safe_toc`` marks): what they print as HTML is
    already Markup (page.content is marked in our templates, icons and translations are Markup).
    """
    env.autoescape = True
    env.filters.update(
        datum=formatting.datum,
        datum_kurz=formatting.datum_kurz,
        monat=formatting.monat,
        zeitraum=formatting.zeitraum,
        termin=formatting.termin,
        euro=formatting.euro,
        zahl=formatting.zahl,
        isodate=lambda value: value.isoformat() if value else "",
    )
    env.globals.update(
        site=state.site,
        images=state.images,
        url_for=urls.url_for,
        urls=urls,
        anzahl=formatting.anzahl,
        phone_href=phone_href,
    )


def safe_toc(toc) -> None:
    """Mark the table of contents' titles as HTML: Python-Markdown's toc has already stripped the
    tags and escaped the text, so printing it escaped again would show „&amp;“ in the page."""
    for item in toc or ():
        item.title = Markup.escape(Markup(item.title).unescape())
        safe_toc(item.children)


def fill_outputs(state: BuildState, files, config) -> None:
    """Feeds, calendars and exports get their bytes once every page's Markdown is rendered."""
    for path, produce in state.outputs.items():
        files.get_file_from_path(path).content_bytes = produce()


_TOGGLE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')
_TOC_TITLE = re.compile(r'<label class="md-nav__title" for="__toc">(.*?)</label>', re.DOTALL)


def clean_html(output: str) -> str:
    """Fix what no template block reaches (each a Nu HTML Checker error in stock Material):
    autocomplete on the drawer/search checkboxes, and the table of contents' title label that
    points to a toggle which only exists for pages listed in the navigation."""
    output = _TOGGLE.sub(r"\1", output)
    if 'id="__toc"' not in output:
        output = _TOC_TITLE.sub(r'<div class="md-nav__title">\1</div>', output)
    return output


def error_page(errors: ContentErrors) -> str:
    """The preview shows content errors on every page instead of hanging."""
    items = "\n".join(f"<li><code>{html.escape(str(e))}</code></li>" for e in errors.errors)
    return (
        '<!doctype html><html lang="de"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        "<title>Fehler im Inhalt</title>"
        "<style>body{font:1rem/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a}"
        "code{white-space:pre-wrap}li{margin:.5rem 0}</style></head><body>"
        f"<h1>Fehler im Inhalt</h1><p>{len(errors.errors)} Problem(e) verhindern den Bau der Seite. "
        "Bitte korrigieren Sie die genannten Stellen; die Vorschau lädt danach neu.</p>"
        f"<ol>{items}</ol></body></html>"
    )
