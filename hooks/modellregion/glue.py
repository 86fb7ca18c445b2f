"""The one module that knows MkDocs' objects (config, files, pages, Jinja env); main.py calls it.

Everything here is duck-typed against MkDocs 1.6 and imports nothing from MkDocs, so the rest of
the core stays engine-free and another engine would only need a new version of this file.
"""

from __future__ import annotations

import hashlib
import html
import importlib.util
import json
import logging
import os
import posixpath
import re
import shutil
import signal
import socket
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import quote, unquote, urlsplit

import yaml
from markupsafe import Markup

from . import cms, formatting, images, outputs, structured, urls
from .glue_render import LAZY_TEMPLATE, Fragments, LazyPages, MarkdownCache, clean_later, empty_trash, remember_in_preview
from .bodies import MarkdownSettings
from .errors import ContentErrors, DataError
from .pages import PageSpec
from .site import Site
from .sanitize import sanitize_html
from .validation import Engine, Verdict
from .text import compact_html, split_lead
from .values import phone_href

ICON_NAME = re.compile(r"^[a-z0-9-]+(/[a-z0-9-]+)+$")


class Phases:
    """Where a build's time goes (make bench reads it): seconds per phase, written as JSON when asked."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.began = self._mark = 0.0

    def start(self, at: float) -> None:
        self.seconds, self.began = {}, at

    def add(self, phase: str, seconds: float) -> None:
        self.seconds[phase] = self.seconds.get(phase, 0.0) + seconds

    def mark(self) -> None:
        self._mark = time.perf_counter()

    def since_mark(self, phase: str) -> None:
        self.add(phase, time.perf_counter() - self._mark)

    @contextmanager
    def timed(self, phase: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add(phase, time.perf_counter() - started)

    def write(self, path: str | None) -> None:
        if not path:
            return
        self.seconds["mkdocs"] = time.perf_counter() - self.began
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps({k: round(v, 3) for k, v in self.seconds.items()}, indent=1), encoding="utf-8")


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
    assets: dict[str, str] = field(default_factory=dict)  # our CSS/JS path -> fingerprinted path
    derivatives: dict = field(default_factory=dict)  # site path -> cache file, linked in after the build
    content_dir: Path | None = None
    lazy_templates: dict[str, str] = field(default_factory=dict)  # preview: src_uri -> the page's real template
    env: object = None  # the Jinja environment of this build (the preview renders pages later with it)
    markdown: MarkdownCache | None = None  # rendered Markdown of unchanged pages (glue_render)
    phases: Phases = field(default_factory=Phases)
    nav: object = None  # MkDocs' navigation of this build

    def reset(self, serving: bool) -> None:
        self.__init__(serving=serving)

    def load(self, verdict: Verdict) -> None:
        self.site = verdict.site
        self.specs = verdict.specs or []
        self.by_src = {spec.virtual_src_uri: spec for spec in self.specs}

    def spec_for(self, src_uri: str) -> PageSpec | None:
        return self.by_src.get(src_uri)

    def remember_content(self, src_uri: str, content: str, page=None) -> str:
        """The page body as visitors and feeds get it: sanitised (the gate has reported what goes),
        then its images as <picture> with their variants (our own markup, after the sanitiser)."""
        content, _removed = sanitize_html(content)
        if page is not None:
            content = rewrite_body_images(self, content, page)
        self.contents[src_uri] = content
        return content


# Kept across builds in one process (the preview rebuilds in the same process): the rendered
# Markdown of unchanged pages, and the preview's pages waiting for their first request.
MARKDOWN_CACHES: dict[Path, MarkdownCache] = {}
LAZY = LazyPages()


def markdown_cache(root: Path) -> MarkdownCache:
    root = Path(root).resolve()
    if root not in MARKDOWN_CACHES:
        MARKDOWN_CACHES[root] = MarkdownCache(root / ".cache" / "markdown")
    return MARKDOWN_CACHES[root]


def lazy_page(state: BuildState, page, context, env, config) -> None:
    """The preview: the page's template is rendered when it is first asked for (glue_render.LazyPages)."""
    template_name = state.lazy_templates.pop(page.file.src_uri, None)
    if template_name is None:
        return

    def render() -> None:
        page.active = True
        page.meta["template"] = template_name
        try:
            output = env.get_template(template_name).render(context)
            output = config.plugins.on_post_page(output, page=page, config=config)
            target = Path(page.file.abs_dest_path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(output.encode("utf-8", errors="xmlcharrefreplace"))
        except Exception as exc:  # noqa: BLE001 - one page's failure is shown on that page
            _write_failure_page(Path(config.site_dir), Path(config.config_file_path).parent, exc, page.file.dest_uri)
        finally:
            page.active = False
            page.meta["template"] = LAZY_TEMPLATE
    LAZY.register(page.file.dest_uri, render)


def defer_template(state: BuildState, page) -> None:
    """At on_page_markdown in the preview: MkDocs renders an empty template (and writes nothing) instead."""
    if state.serving and state.errors is None:
        state.lazy_templates[page.file.src_uri] = page.meta.get("template", "main.html")
        page.meta["template"] = LAZY_TEMPLATE


_TEMPLATE_CODE = None  # the preview's compiled templates, kept across its rebuilds


def lazy_loader(env) -> None:
    """The preview's Jinja environment: the empty stand-in template, and compiled templates kept
    between rebuilds (Jinja recompiles a template whose source changed)."""
    from jinja2 import BytecodeCache, ChoiceLoader, DictLoader

    global _TEMPLATE_CODE
    if _TEMPLATE_CODE is None:
        class InMemory(BytecodeCache):
            def __init__(self):
                self.store: dict[str, bytes] = {}

            def load_bytecode(self, bucket):
                if bucket.key in self.store:
                    bucket.bytecode_from_string(self.store[bucket.key])

            def dump_bytecode(self, bucket):
                self.store[bucket.key] = bucket.bytecode_to_string()
        _TEMPLATE_CODE = InMemory()
    env.bytecode_cache = _TEMPLATE_CODE
    env.loader = ChoiceLoader([DictLoader({LAZY_TEMPLATE: ""}), env.loader])


def icon_checker(theme_dirs: list[str]) -> Callable[[str], bool]:
    """True when the theme ships the icon, e.g. material/bus (-> .icons/material/bus.svg)."""
    def exists(name: str) -> bool:
        return bool(ICON_NAME.match(name)) and any((Path(d) / ".icons" / f"{name}.svg").is_file() for d in theme_dirs)
    return exists


# MkDocs adds these to every site's Markdown extensions (mkdocs/config/defaults.py).
BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


def theme_template_dirs() -> list[str]:
    """Material's template folder (for its icon set), found without importing the theme."""
    spec = importlib.util.find_spec("material")
    return [str(Path(location) / "templates") for location in (spec.submodule_search_locations or [])] if spec else []


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold !!python/name tags; the gate only needs the plain settings."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def engine_from_file(root: Path) -> Engine:
    """The engine settings of mkdocs.yml as `make check` needs them, without starting MkDocs."""
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    names, configs = list(BUILTIN_EXTENSIONS), {}
    for entry in config.get("markdown_extensions") or ():
        name, options = (next(iter(entry.items())) if isinstance(entry, dict) else (entry, None))
        if name not in names:
            names.append(name)
        if options:
            configs[name] = options
    custom = (config.get("theme") or {}).get("custom_dir")
    dirs = ([str(root / custom)] if custom else []) + theme_template_dirs()
    return Engine(MarkdownSettings(tuple(names), configs), icon_checker(dirs))


def engine_from_config(config, *, bodies: bool = True, preview: bool = False) -> Engine:
    """The engine settings of a loaded MkDocs config (the same Markdown the pages are rendered with)."""
    settings = MarkdownSettings(tuple(config.markdown_extensions), dict(config.mdx_configs)) if bodies else None
    return Engine(settings, icon_checker(config.theme.dirs), preview=preview)


def apply_region(config, region, serving: bool) -> None:
    """Region facts reach MkDocs' settings from data/region.yml, never from mkdocs.yml."""
    config.site_name = region.name
    config.site_description = region.description
    config.copyright = f"© {region.publisher.name}"
    if not serving:  # mkdocs serve sets its own local address
        config.site_url = region.base_url
    config.theme["logo"] = region.logo
    config.theme["favicon"] = region.favicon


OWN_ASSETS = ("assets/javascripts", "assets/stylesheets")


def fingerprint_assets(config) -> dict[str, str]:
    """Our own CSS and JavaScript get a content hash in their names (like Material's own bundles),
    so a server may cache them for a year: a changed file is a new address."""
    custom = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    mapping: dict[str, str] = {}
    if custom is None:
        return mapping
    for folder in OWN_ASSETS:
        for path in sorted((custom / folder).glob("*")):
            if path.suffix in (".js", ".css") and path.is_file():
                digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
                mapping[f"{folder}/{path.name}"] = f"{folder}/{path.stem}.{digest}{path.suffix}"
    config.extra_css = [mapping.get(css, css) for css in config.extra_css]
    return mapping


def swap_fingerprinted(state: BuildState, files, config, file_class) -> None:
    """Publish our assets under their fingerprinted names only."""
    for original, fingerprinted in state.assets.items():
        existing = files.get_file_from_path(original)
        if existing is not None:
            files.remove(existing)
            files.append(file_class.generated(config, fingerprinted, abs_src_path=existing.abs_src_path))


def add_files(state: BuildState, files, config, file_class):
    """Generated pages and outputs join the editors' files; unpublished news leaves them."""
    site = state.site
    for item in site.news:
        existing = files.get_file_from_path(item.src_uri)
        if existing is None:
            continue
        if not site.is_published(item) and not state.serving:
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


class CmsBundleMissing(RuntimeError):
    """data/region.yml publishes the browser editor, but its bundle from npm is not installed."""


_MATERIAL_CSS = re.compile(r"^assets/stylesheets/(main|palette)\.[0-9a-f]+\.min\.css$")


def add_admin(state: BuildState, files, config, file_class, serving: bool) -> None:
    """/admin/, the browser editor: with the local backend under `make editor`, and on the public
    site only when data/region.yml configures it (cms block) – otherwise the site is byte for byte
    what it is without it. Added while content is broken too, so editors can repair it in the CMS."""
    root = Path(config.config_file_path).parent
    local = os.environ.get(cms.LOCAL_BACKEND_ENV) if serving else None
    region = state.site.region if state.site is not None else None
    if not local and not (region and region.cms):
        return
    try:
        bundle = cms.bundle_files()
    except FileNotFoundError:
        raise CmsBundleMissing("data/region.yml: cms: das Redaktionssystem ist nicht installiert – bitte „make editor-install“ ausführen "
                               "(installiert es aus npm nach cms/node_modules/), oder den cms-Block entfernen, wenn /admin/ nicht veröffentlicht werden soll") from None
    backend_origin = "http://127.0.0.1:" + local.split(":")[2].split("/")[0] if local else None
    git_origin = backend_origin or region.cms.origin
    settings = region or _RegionStub(config.site_name)
    decap = cms.decap_config(settings, root / "data", local_backend=local, site_url=config.site_url if local else None)
    styles = sorted(f.src_uri for f in files if _MATERIAL_CSS.match(f.src_uri))
    styles.append(state.assets.get("assets/stylesheets/site.css", "assets/stylesheets/site.css"))
    csp = cms.content_security_policy(git_origin).replace("; frame-ancestors 'none'", "")  # not in a meta element
    page = cms.admin_page(settings.name, [f"../{path}" for path in styles], csp=csp, local=bool(local),
                          favicon=getattr(settings, "favicon", None))
    files.append(file_class.generated(config, "admin/index.html", content=page))
    files.append(file_class.generated(config, "admin/config.yml", content=cms.config_yaml(decap)))
    for name, source in bundle:
        files.append(file_class.generated(config, f"admin/{name}", abs_src_path=str(source)))


@dataclass(frozen=True)
class _RegionStub:
    """While content is broken the editor still opens: the name from mkdocs.yml, no site address."""

    name: str
    base_url: str = ""
    cms: None = None


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
        if problem:  # the gate has reported it (validation.check_region); never published
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


def prepare_env(state: BuildState, env, config, nav=None) -> None:
    """Filters and globals for the templates; autoescaping on for every template, Material's too.

    MkDocs leaves it off, so the site name and every other region value reached Material's
    templates raw. Material's templates survive it unchanged (a build with and without differs
    only in the table of contents, whose titles ``safe_toc`` marks): what they print as HTML is
    already Markup (page.content is marked in our templates, icons and translations are Markup).
    """
    env.autoescape = True
    state.env = env
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
        asset=lambda path: state.assets.get(path, path),
        split_lead=split_lead,
    )
    fragments = Fragments(env.filters["url"], enabled=os.environ.get("MODELLREGION_FRAGMENTS") != "0")
    fragments.nav_pages = {id(page) for page in getattr(nav, "pages", ())} if nav is not None else set()
    env.filters["url"] = pass_context(lambda context, value: fragments.url(context, value))
    env.globals.update(
        fragments=fragments,
        site=state.site,
        images=state.images,
        picture_sizes=images.CONTENT_SIZES,
        svg_size=lambda src: images.svg_size(Path(config.docs_dir) / src),
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
    """Feeds, calendars and exports get their bytes once every page's Markdown is rendered
    (in the preview when they are first asked for, like its pages)."""
    for path, produce in state.outputs.items():
        file = files.get_file_from_path(path)
        if state.serving and state.errors is None:
            file.copy_file = lambda dirty=False: None
            LAZY.register(file.dest_uri, _writer(Path(file.abs_dest_path), produce))
        else:
            file.content_bytes = produce()


def _writer(target: Path, produce: Callable[[], bytes]) -> Callable[[], None]:
    def write() -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(produce())
    return write


_TOGGLE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')
_TOC_TITLE = re.compile(r'<label class="md-nav__title" for="__toc">(.*?)</label>', re.DOTALL)


def clean_html(output: str) -> str:
    """Fix what no template block reaches (each a Nu HTML Checker error in stock Material):
    autocomplete on the drawer/search checkboxes, and the table of contents' title label that
    points to a toggle which only exists for pages listed in the navigation."""
    output = _TOGGLE.sub(r"\1", output)
    if 'id="__toc"' not in output:
        output = _TOC_TITLE.sub(r'<div class="md-nav__title">\1</div>', output)
    return compact_html(output)


def error_page(errors: ContentErrors | list[DataError]) -> str:
    """The preview shows content errors on every page instead of hanging."""
    errors = errors if isinstance(errors, ContentErrors) else ContentErrors(errors)
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


# --- MkDocs' own messages, in German ---------------------------------------------------------

_DOC = r"Doc file '(?P<src>[^']+)' contains "
_MKDOCS_WARNINGS = (
    (re.compile(_DOC + r"a link '(?P<url>[^']*)', but the target (?:'(?P<target>[^']+)' )?is not found among documentation files\."),
     "Link", "„{url}“ führt ins Leere – die Datei gibt es nicht; bitte den Pfad prüfen (relativ zu dieser Datei, mit „.md“ am Ende)"),
    (re.compile(_DOC + r"an unrecognized relative link '(?P<url>[^']*)', it was left as is\."),
     "Link", "„{url}“ zeigt auf keine Datei – bitte auf die Markdown-Datei verlinken, z. B. „../kontakt.md“"),
    (re.compile(_DOC + r"an absolute link '(?P<url>[^']*)', it was left as is\."),
     "Link", "„{url}“ beginnt mit „/“ – bitte relativ zu dieser Datei auf die Markdown-Datei verlinken"),
    (re.compile(_DOC + r"a link '(?P<url>[^']*)', but there is no such anchor on this page\."),
     "Link", "Sprungmarke „{url}“ gibt es auf dieser Seite nicht – bitte eine vorhandene Überschrift verlinken"),
    (re.compile(_DOC + r"a link '(?P<url>[^']*)', but the doc '(?P<target>[^']+)' does not contain an anchor '(?P<anchor>[^']+)'\."),
     "Link", "„{url}“: den Abschnitt „{anchor}“ gibt es in content/{target} nicht – bitte eine vorhandene Überschrift verlinken"),
    (re.compile(_DOC + r"a link to '(?P<target>[^']+)' which is excluded from the built site\."),
     "Link", "Link auf content/{target}: diese Datei wird nicht veröffentlicht – bitte den Link entfernen"),
)
_MKDOCS_INFO = (
    (re.compile(r"^Serving on (?P<url>\S+)"), "Vorschau läuft auf {url} – beenden mit Strg+C"),
    (re.compile(r"^Documentation built in (?P<seconds>[0-9.]+) seconds"), "Seiten gebaut in {seconds} s"),
    (re.compile(r"^Detected file changes"), "Änderung erkannt – die Vorschau wird neu gebaut …"),
)


def _line_in(path: Path, needle: str) -> int:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            if needle and needle in line:
                return number
    except OSError:
        pass
    return 0


def translate_warning(message: str, docs_dir: Path) -> str | None:
    """One of MkDocs' English link warnings as a German `pfad:zeile: feld: …` line, or None."""
    for pattern, field_name, template in _MKDOCS_WARNINGS:
        match = pattern.search(message)
        if match:
            values = {key: value or "" for key, value in match.groupdict().items()}
            source = Path(docs_dir) / values["src"]
            error = DataError(f"{Path(docs_dir).name}/{values['src']}", _line_in(source, values.get("url", "")), field_name, template.format(**values))
            return str(error)
    return None


class GermanMessages(logging.Filter):
    """Put on MkDocs' logger: link warnings become German lines (strict mode still counts them),
    progress notes are shown in German or not at all, and while the content gate has reported
    problems the follow-up warnings of half-built pages are dropped."""

    def __init__(self, state: "BuildState", docs_dir: Path):
        super().__init__("modellregion")
        self.state = state
        self.docs_dir = docs_dir

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.levelno < logging.WARNING:
            for pattern, template in _MKDOCS_INFO:
                match = pattern.search(message)
                if match:
                    record.msg, record.args = template.format(**match.groupdict()), ()
                    return True
            return False
        if self.state.errors is not None:
            return False  # consequences of the problems already listed, not news to the editor
        german = translate_warning(message, self.docs_dir)
        if re.match(r"^\d+ Probleme? im Inhalt", message):
            pass  # the gate's own report (a PluginError in a direct `mkdocs build`)
        elif german:
            record.msg, record.args = german, ()
        elif not message.startswith("MkDocs meldet"):
            record.msg, record.args = "MkDocs meldet (bitte melden, falls unklar): %s", (message,)
        return True


class _PlainFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        prefix = {logging.WARNING: "Achtung: ", logging.ERROR: "Fehler: ", logging.CRITICAL: "Fehler: "}.get(record.levelno, "")
        return prefix + record.getMessage()


def install_german_messages(state: "BuildState", docs_dir: Path) -> None:
    """On the handlers that print MkDocs' messages (records of mkdocs.* loggers reach them by
    propagation, so a filter on the logger itself would miss them). MkDocs keeps hook modules
    loaded: an older filter of ours is replaced, never stacked."""
    # ProperDocs (the maintained MkDocs 1.6 fork) logs under its own name.
    handlers = [h for name in ("mkdocs", "properdocs") for h in logging.getLogger(name).handlers if type(h).__name__ != "CountHandler"]
    handlers = handlers or logging.getLogger().handlers
    for handler in handlers:
        for old in [f for f in handler.filters if isinstance(f, GermanMessages)]:
            handler.removeFilter(old)
        handler.addFilter(GermanMessages(state, docs_dir))
        handler.setFormatter(_PlainFormatter())


# --- the preview server ----------------------------------------------------------------------


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def serve(root: Path, port: int) -> int:
    """`make serve`: MkDocs' live-reload server that never hangs: a build that fails for any reason
    leaves one German error page behind every address, and the next good build replaces it."""
    if not port_free(port):
        print(f"Port {port} ist schon belegt (läuft die Vorschau schon?) – bitte die andere Vorschau beenden "
              f"oder einen anderen Port wählen: make serve PORT={port + 1}", file=sys.stderr)
        return 2
    from mkdocs.commands import serve as mkdocs_serve  # the adapter is the one place that starts MkDocs

    original_build = mkdocs_serve.build

    def safe_build(config, **kwargs):
        try:
            original_build(config, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - the preview must answer, whatever happened
            if isinstance(exc, KeyboardInterrupt):
                raise
            _write_failure_page(Path(config.site_dir), root, exc)

    mkdocs_serve.build = safe_build
    from mkdocs.livereload import LiveReloadServer

    original_request = LiveReloadServer._serve_request

    def serve_request(server, environ, start_response):
        """A page is rendered when it is first asked for (after the running build, if any)."""
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if not path.startswith("/livereload/") and (path + "/").startswith(server.mount_path):
            relative = path[len(server.mount_path):] + ("index.html" if path.endswith("/") else "")
            with server._epoch_cond:
                server._epoch_cond.wait_for(lambda: server._visible_epoch == server._wanted_epoch)
            LAZY.materialise(posixpath.normpath("/" + relative).lstrip("/"))
        return original_request(server, environ, start_response)

    LiveReloadServer._serve_request = serve_request
    original_init = LiveReloadServer.__init__

    def init(server, *args, **kwargs):
        """Changes are looked for every 0.2 s (MkDocs: 0.5 s); the background rendering of the
        remaining pages gives way as soon as one is seen."""
        kwargs.setdefault("polling_interval", 0.2)
        original_init(server, *args, **kwargs)
        LAZY.paused = lambda: server._want_rebuild

    LiveReloadServer.__init__ = init
    from mkdocs import utils as mkdocs_utils

    original_clean = mkdocs_utils.clean_directory
    mkdocs_utils.clean_directory = clean_later
    remember_in_preview()
    original_inject = LiveReloadServer._inject_js_into_html

    def inject(self, content, epoch):  # /admin/ keeps its state: no reload after each save
        return content if NO_LIVERELOAD in content else original_inject(self, content, epoch)

    LiveReloadServer._inject_js_into_html = inject
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    install_german_messages(BuildState(serving=True), root / "content")  # until the first on_config replaces it

    def stop(signum, frame):
        """Ctrl+C, `kill`, a closed terminal: the background work stops first (MkDocs then deletes
        the site folder, which pages still being written would refill), then the server."""
        LAZY.stop()
        raise KeyboardInterrupt

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)
    try:
        mkdocs_serve.serve(str(root / "mkdocs.yml"), livereload=True, dev_addr=f"127.0.0.1:{port}", strict=False)
    except KeyboardInterrupt:
        pass
    finally:
        LAZY.stop()
        mkdocs_serve.build = original_build
        LiveReloadServer._serve_request = original_request
        LiveReloadServer.__init__ = original_init
        LiveReloadServer._inject_js_into_html = original_inject
        mkdocs_utils.clean_directory = original_clean
        empty_trash()
    return 0


NO_LIVERELOAD = b'<meta name="modellregion" content="no-livereload">'


def _write_failure_page(site_dir: Path, root: Path, exc: BaseException, only: str | None = None) -> None:
    """Every address of the preview shows why the build failed (the server answers 404 with 404.html);
    with ``only``, just that page of the site folder (its template failed when it was asked for)."""
    import shutil
    import traceback

    log = root / ".cache" / "interner-fehler.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as handle:
        handle.write("".join(traceback.format_exception(exc)))
    state_errors = getattr(exc, "modellregion_errors", None)
    errors = state_errors or [DataError("", 0, "", f"Interner Fehler beim Bauen der Vorschau ({type(exc).__name__}) – bitte melden; Einzelheiten stehen in .cache/interner-fehler.log")]
    for error in errors:
        print(str(error), file=sys.stderr)
    if only is not None:
        target = site_dir / only
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(error_page(errors), encoding="utf-8")
        return
    if site_dir.is_dir():
        for child in site_dir.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    page = error_page(errors)
    site_dir.mkdir(parents=True, exist_ok=True)
    (site_dir / "404.html").write_text(page, encoding="utf-8")
    (site_dir / "index.html").write_text(page, encoding="utf-8")


def index_preview(site_dir: Path, current: Callable[[], bool] = lambda: True) -> None:
    """Pagefind for the preview, once every page is rendered (in the background); a failure leaves the
    preview without search, never without pages. A newer build in the meantime discards the index."""
    from .search import SearchIndexFailed, index_site

    try:
        index_site(site_dir, output_subdir="pagefind.neu", running=LAZY.children)
    except (SearchIndexFailed, OSError) as exc:
        if current():  # otherwise a newer build stopped it on purpose
            logging.getLogger("mkdocs.modellregion").warning("Suche in der Vorschau nicht verfügbar: %s", exc)
        return
    with LAZY.lock:
        fresh, target = site_dir / "pagefind.neu", site_dir / "pagefind"
        if not current() or not fresh.is_dir():
            shutil.rmtree(fresh, ignore_errors=True)
            return
        shutil.rmtree(target, ignore_errors=True)
        fresh.rename(target)
