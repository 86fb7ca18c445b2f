"""The one module that knows MkDocs' objects (config, files, pages, Jinja env); main.py calls it.

Everything here is duck-typed against MkDocs 1.6 and imports nothing from MkDocs, so the rest of
the core stays engine-free and another engine would only need a new version of this file.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import quote, unquote, urlsplit


from . import formatting, images, outputs, structured, urls
from .errors import ContentErrors, DataError
from .pages import PageSpec, build_pages
from .site import Site
from .text import foreign_resources
from .values import phone_href

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
    derivatives: dict = field(default_factory=dict)  # site path -> cache file, linked in after the build
    content_dir: Path | None = None
    body_errors: list[DataError] = field(default_factory=list)

    def reset(self, serving: bool) -> None:
        self.__init__(serving=serving)

    def load(self, site: Site) -> None:
        self.site = site
        self.specs = build_pages(site)
        self.by_src = {spec.virtual_src_uri: spec for spec in self.specs}

    def spec_for(self, src_uri: str) -> PageSpec | None:
        return self.by_src.get(src_uri)

    def remember_content(self, src_uri: str, content: str, source_path: str | None = None) -> None:
        """Keep a page body for the feeds, and note anything in it that would load from another host."""
        self.contents[src_uri] = content
        for tag, url in foreign_resources(content):
            self.body_errors.append(_located(src_uri, source_path, url, f"<{tag}> loads '{url}' from another server (expected a file below content/; the site makes no request to other hosts)"))


def _located(src_uri: str, source_path: str | None, needle: str, message: str) -> DataError:
    """A problem in a Markdown body, at the first line of the file that mentions ``needle``."""
    line = 1
    if source_path and Path(source_path).is_file():
        for number, text in enumerate(Path(source_path).read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            if needle in text:
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
    publish_images(state, files, config, file_class)
    state.outputs = outputs.producers(site, state)
    for path in state.outputs:
        files.append(file_class.generated(config, path, content=b""))
    return files


def publish_images(state: BuildState, files, config, file_class) -> None:
    """No original raster image is published: each editor's JPEG, PNG, WebP or GIF leaves MkDocs'
    files. Its re-encoded, metadata-free full-size copy takes the original's place among them (so
    that Markdown links and body images resolve); the resized variants, which only our templates
    name, are linked into the site after the build (write_derivatives) – a few thousand more MkDocs
    files would cost a warm build more than all the image work."""
    content_dir = state.content_dir = Path(config.docs_dir).resolve()
    cache_dir = state.site.root / ".cache" / "images"
    made_dirs: set[str] = set()
    inside = os.path.normpath(config.docs_dir) + os.sep  # MkDocs' own paths: no resolve() per file needed
    for file in list(files):
        if not images.is_raster(file.src_uri) or not (getattr(file, "abs_src_path", None) or "").startswith(inside):
            continue
        source = Path(file.abs_src_path)
        files.remove(file)
        known_fine = file.src_uri in state.site.images  # the content check has opened it already
        problem = None if known_fine else images.inspect(source, shown=file.src_uri, cache_dir=cache_dir)[1]
        if problem:
            state.body_errors.append(DataError(f"content/{file.src_uri}", 0, "file", problem))
            continue
        rendition = images.rendition(content_dir, file.src_uri, cache_dir)
        state.images[file.src_uri] = rendition
        full = rendition.full
        files.append(_hard_linked(file_class.generated(config, full.path, abs_src_path=str(full.cache_file)), made_dirs))
        for variant in rendition.files():
            if variant is not full and variant.path not in files.src_uris:
                state.derivatives[variant.path] = variant.cache_file
    for spec in state.specs:  # JSON-LD names the same 1200 px preview as og:image and the feeds
        if spec.jsonld and spec.image and spec.jsonld.get("image") and spec.image.src in state.images:
            spec.jsonld["image"] = structured.image_object(state.site.region.base_url, spec.image, state.images[spec.image.src])


def write_derivatives(state: BuildState, site_dir: str) -> None:
    """The resized variants of every image, hard-linked from the cache into the built site."""
    made_dirs: set[str] = set()
    for path, cache_file in state.derivatives.items():
        _link(str(cache_file), os.path.join(site_dir, *path.split("/")), made_dirs)


def _link(source: str, target: str, made_dirs: set) -> None:
    """A hard link from the cache (no bytes copied), or a copy where links are impossible."""
    folder = os.path.dirname(target)
    if folder not in made_dirs:
        os.makedirs(folder, exist_ok=True)
        made_dirs.add(folder)
    try:
        os.link(source, target)
    except FileExistsError:
        os.unlink(target)
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _hard_linked(file, made_dirs: set):
    """A derivative is hard-linked from the cache into the site instead of copied (a warm build with
    many images would otherwise spend its time copying); a copy where links are impossible."""
    def link(dirty: bool = False) -> None:
        _link(file.abs_src_path, file.abs_dest_path, made_dirs)
    file.copy_file = link
    return file


def check_body_images(state: BuildState, page, config, markdown: str) -> None:
    """Alt texts and files of the images a Markdown body shows, reported with their line in the file."""
    source = getattr(page.file, "abs_src_path", None)
    if state.site is None or not source or ("![" not in markdown and "<img" not in markdown.lower()):
        return
    if not Path(source).is_file():
        return
    lines = Path(source).read_text(encoding="utf-8", errors="replace").splitlines()
    if lines and lines[0].strip() == "---":  # front matter: blanked, so that line numbers stay the file's
        end = next((i for i, text in enumerate(lines[1:], start=1) if text.strip() in ("---", "...")), 0)
        lines[: end + 1] = [""] * (end + 1)
    src_uri = page.file.src_uri
    for line, _needle, message in images.body_image_problems("\n".join(lines), src_uri, Path(config.docs_dir), state.site.root / ".cache" / "images"):
        state.body_errors.append(DataError(f"content/{src_uri}", line, "body", message))


def rewrite_body_images(state: BuildState, html_: str, page) -> str:
    """Body images become <picture> elements with the variants, addressed relative to the page."""
    if "<img" not in html_:
        return html_
    page_dir = page.url if page.url.endswith("/") or not page.url else posixpath.dirname(page.url) + "/"

    def locate(src: str) -> str | None:
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or not parts.path:
            return None
        return posixpath.normpath(posixpath.join(page_dir, unquote(parts.path)))

    def url(path: str) -> str:
        return quote(posixpath.relpath(path, page_dir or "."))

    content_dir = state.content_dir
    return images.rewrite_body_images(html_, locate, state.images, url,
                                      lambda src: images.svg_size(content_dir / src) if content_dir else None)


def field_pictures(state: BuildState, html_, page_url: str):
    """Images in a Markdown field from YAML (paths relative to content/) as <picture>, for one page."""
    from markupsafe import Markup

    if not html_ or "<img" not in str(html_):
        return html_
    page_dir = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    content_dir = state.content_dir
    return Markup(images.rewrite_body_images(
        str(html_), lambda src: posixpath.normpath(unquote(src)), state.images,
        lambda path: quote(posixpath.relpath(path, page_dir or ".")),
        lambda src: images.svg_size(content_dir / src) if content_dir else None))


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
    """Filters and globals for the templates; autoescaping on for every template of ours."""
    custom = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    ours = {p.relative_to(custom).as_posix() for p in custom.rglob("*.html")} if custom else set()
    env.autoescape = lambda name: name in ours
    from jinja2 import pass_context

    @pass_context
    def pictures(context, html_):
        page = context.get("page")
        return field_pictures(state, html_, getattr(page, "url", "") or "")

    env.filters.update(
        pictures=pictures,
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
        picture_sizes=images.CONTENT_SIZES,
        svg_size=lambda src: images.svg_size(Path(config.docs_dir) / src),
        url_for=urls.url_for,
        urls=urls,
        anzahl=formatting.anzahl,
        phone_href=phone_href,
    )


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
