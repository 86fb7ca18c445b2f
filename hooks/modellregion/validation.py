"""The content gate: every rule of the content model, every problem at once, in German.

`make check`, `make site`, `make serve` and the tests ask `check_region` and nothing else. It looks
at every file (inventory), reads and checks every record (reading, schema), every cross-reference
(references), the addresses of all pages, and every Markdown body (bodies: links, anchors, files,
foreign resources). An unexpected exception never escapes: it becomes one German line naming the
file, and its traceback goes to `.cache/interner-fehler.log`.
"""

from __future__ import annotations

import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from types import SimpleNamespace
from typing import Callable

from . import images, outputs
from .bodies import BodyRenderer, KeptResults, MarkdownSettings, Rendered, Targets, check_links, check_resources, check_sanitised, render_bodies
from .errors import ContentErrors, DataError
from .formatting import datum
from .inventory import take_inventory
from .models import NewsItem
from .pages import PAGE_TEMPLATES, PageSpec, build_pages, preview_pages
from .reading import Reader
from .references import check_news_slugs, check_pages, check_references
from .sanitize import svg_problem
from .open_items import OpenItem, find_open_items
from .site import GENERATED_SECTIONS, Site

INTERNAL_LOG = Path(".cache") / "interner-fehler.log"

# Templates an editor may name in a page's front matter (the start page's needs data of its own).
EDITOR_TEMPLATES = frozenset({"main.html", *(t for t in PAGE_TEMPLATES.values() if t != "home.html")})


@dataclass(frozen=True)
class Engine:
    """What the gate needs to know of the site engine: Markdown settings and the theme's icons."""

    markdown: MarkdownSettings | None = None  # None: bodies are not rendered
    icon_exists: Callable[[str], bool] | None = None
    preview: bool = False  # `make serve`: drafts and scheduled news get pages (with a banner), nothing else changes


@dataclass
class Verdict:
    """The gate's answer: the checked Site (when there are no errors), every problem, and what waits."""

    errors: list[DataError]
    site: Site | None = None
    specs: list[PageSpec] | None = None
    rendered: dict[str, Rendered] = field(default_factory=dict)
    drafts: list[NewsItem] = field(default_factory=list)
    scheduled: list[NewsItem] = field(default_factory=list)
    open_items: list[OpenItem] = field(default_factory=list)  # placeholders, facts to check, sections to complete

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        """„Inhalt in Ordnung …“ with the counts, and every draft and scheduled news item by name."""
        site = self.site
        if site is None:
            return ContentErrors(self.errors).report()
        published = len(site.published_news)
        lines = [
            f"Inhalt in Ordnung (Stand {datum(site.build_date)}): {len(site.cities)} Städte, {len(site.action_fields)} Handlungsfelder, "
            f"{len(site.organisations)} Akteure, {len(site.projects)} Projekte, {len(site.events)} Termine, "
            f"{published} veröffentlichte Meldungen, {len(self.drafts)} {'Entwurf' if len(self.drafts) == 1 else 'Entwürfe'}, {len(self.scheduled)} geplant."
        ]
        lines += [f"  Entwurf (nicht veröffentlicht): „{item.title}“ – content/{item.src_uri}" for item in self.drafts]
        lines += [f"  Geplant (erscheint ab {datum(item.date)}{item.time.strftime(', %H:%M Uhr') if item.time else ''}): „{item.title}“ – content/{item.src_uri}" for item in self.scheduled]
        if self.open_items:
            lines.append(f"Offene Punkte vor dem Start: {len(self.open_items)}")
            lines += [str(item) for item in self.open_items]
        return "\n".join(lines)

    def raise_for_errors(self) -> Site:
        if self.errors or self.site is None:
            raise ContentErrors(self.errors or [DataError("", 0, "", "Interner Fehler: keine Website und kein Fehler (bitte melden)")])
        return self.site


class _Guard:
    """Turns an unexpected exception while reading one file into one German line and a log entry."""

    def __init__(self, root: Path, errors: list[DataError]):
        self.root = root
        self.errors = errors

    @contextmanager
    def reading(self, shown: str):
        try:
            yield
        except Exception as exc:  # noqa: BLE001 - the editor gets one line, the log the traceback
            self.internal(shown, exc)

    def internal(self, shown: str, exc: BaseException) -> None:
        log = self.root / INTERNAL_LOG
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as handle:
                handle.write(f"--- {datetime.now().isoformat(timespec='seconds')} {shown}\n")
                handle.write("".join(traceback.format_exception(exc)))
        except OSError:
            pass
        self.errors.append(DataError(shown, 0, "", f"Interner Fehler beim Lesen von {shown} ({type(exc).__name__}) – bitte melden; Einzelheiten stehen in {INTERNAL_LOG.as_posix()}"))


def _read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8-sig", errors="replace").splitlines()


def check_region(
    root: Path,
    build_date: date,
    engine: Engine | None = None,
    *,
    content_dir: Path | None = None,
    data_dir: Path | None = None,
    build_time: time = time(0, 0),
) -> Verdict:
    """Check every file of a region; the verdict lists every problem, sorted by path and line."""
    root = Path(root).resolve()
    engine = engine or Engine()
    internal: list[DataError] = []
    guard = _Guard(root, internal)
    verdict = Verdict(errors=[])
    try:
        _check(root, build_date, build_time, engine, content_dir, data_dir, guard, verdict)
    except Exception as exc:  # noqa: BLE001 - a bug in the gate itself still ends as one line
        guard.internal("content/ und data/", exc)
    verdict.errors = sorted(set(verdict.errors + internal))
    if verdict.errors:
        verdict.site = None
        verdict.specs = None
    return verdict


def _check(root, build_date, build_time, engine, content_dir, data_dir, guard: _Guard, verdict: Verdict) -> None:
    content_dir = Path(content_dir).resolve() if content_dir else root / "content"
    data_dir = Path(data_dir).resolve() if data_dir else root / "data"
    inventory = take_inventory(root, content_dir, data_dir)
    reader = Reader(root, content_dir, data_dir, build_date, inventory, engine.icon_exists, EDITOR_TEMPLATES)
    reader.errors.extend(inventory.errors)
    texts = [*inventory.data_files.values(), *(p for paths in inventory.items.values() for p in paths), *inventory.markdown]
    verdict.open_items = find_open_items(root, sorted(texts))

    region = cities = action_fields = organisations = None
    with guard.reading("data/region.yml"):
        region = reader.region()
    with guard.reading("data/cities.yml"):
        cities = reader.cities()
    with guard.reading("data/action_fields.yml"):
        action_fields = reader.action_fields()
    with guard.reading("data/organisations.yml"):
        organisations = reader.organisations()
    sources = []
    with guard.reading("data/sources.yml"):
        sources = reader.sources()
    milestones = []
    news, portraits, pages, story_files = reader.read_markdown(reader.defined["city"], guard)
    projects = reader.projects({Path(p).stem for p, _ in story_files}, guard)
    for path, src_uri in story_files:
        with guard.reading(reader.shown(path)):
            reader.story(path, src_uri, reader.defined["project"])
    events = reader.events(guard)
    with guard.reading("data/milestones.yml"):
        milestones = reader.milestones()
    redirects = []
    with guard.reading("data/redirects.yml"):
        redirects = reader.redirects()

    errors = reader.errors.errors
    errors += check_references(reader.references, reader.defined, reader.unreadable, news)
    errors += check_news_slugs(news)
    verdict.drafts = sorted((n for n in news if n.draft), key=lambda n: n.src_uri)
    verdict.scheduled = sorted((n for n in news if not n.draft and not n.is_published(build_date, build_time)), key=lambda n: n.src_uri)

    renderer = BodyRenderer(engine.markdown) if engine.markdown is not None else None
    if renderer is not None:
        with KeptResults(root / ".cache" / "markdown" / "gate.pickle") as kept:
            for body in reader.bodies:
                with guard.reading(body.shown):
                    verdict.rendered.update(render_bodies([body], renderer, _read_lines))
            for rendered in verdict.rendered.values():
                removed, clean = check_sanitised(rendered)
                errors += removed
                errors += check_resources(rendered, clean)
            kept.keep({body.text for body in reader.bodies}, {rendered.html for rendered in verdict.rendered.values()})
    cache_dir = root / ".cache" / "images"
    for body in reader.bodies:  # images in Markdown bodies: the file, its alt text
        with guard.reading(body.shown):
            text = "\n" * (body.start_line - 1) + body.text  # lines of the file, not of the body
            for line, _needle, message in images.body_image_problems(text, body.src_uri, content_dir, cache_dir):
                errors.append(DataError(body.shown, line, "Bild", message.removeprefix("Bild ")))
    for asset in inventory.assets:
        relative = asset.relative_to(content_dir).as_posix()
        if images.is_raster(relative) and relative not in reader.images:  # every image is published re-encoded
            with guard.reading(reader.shown(asset)):
                problem = images.inspect(asset, shown=relative, cache_dir=cache_dir)[1]
                if problem:
                    errors.append(DataError(reader.shown(asset), 0, "", problem))
        if asset.suffix.lower() == ".svg":
            with guard.reading(reader.shown(asset)):
                problem = svg_problem(asset)
                if problem:
                    errors.append(DataError(reader.shown(asset), 0, "", problem))

    if errors or guard.errors or region is None or None in (cities, action_fields, organisations):
        if renderer is not None:  # links are still checked, against the pages the site would have
            targets = _guessed_targets(reader, inventory, content_dir, news, verdict.rendered, build_time)
            for rendered in verdict.rendered.values():
                errors += check_links(rendered, targets)
        verdict.errors = errors
        return

    site = Site(
        root=root,
        build_date=build_date,
        region=region,
        cities=tuple(cities),
        action_fields=tuple(action_fields),
        organisations=tuple(organisations),
        projects=tuple(sorted(projects, key=lambda p: p.slug)),
        events=tuple(sorted(events, key=lambda e: (e.start_date, e.slug))),
        news=tuple(sorted(news, key=lambda n: n.src_uri)),
        portraits=portraits,
        pages=pages,
        redirects=tuple(redirects),
        sources=tuple(sources),
        milestones=tuple(milestones),
        images=tuple(sorted(src for src, problem in reader.images.items() if problem is None)),
        build_time=build_time,
    )
    specs = build_pages(site)
    errors += check_pages(specs, site.redirects)
    if renderer is not None and not errors:
        targets = _targets(site, specs, inventory, content_dir, verdict.rendered)
        for rendered in verdict.rendered.values():
            errors += check_links(rendered, targets)
    verdict.errors = errors
    verdict.site = site
    verdict.specs = specs + (preview_pages(site) if engine.preview else [])


def _targets(site: Site, specs: list[PageSpec], inventory, content_dir: Path, rendered: dict[str, Rendered]) -> Targets:
    pages: dict[str, frozenset[str] | None] = {}
    by_url, url_of = {}, {}
    for spec in specs:
        uri = spec.virtual_src_uri
        pages[uri] = rendered[uri].ids if uri in rendered else None
        by_url[spec.path] = uri
        url_of[uri] = spec.path
    files = {path.relative_to(content_dir).as_posix() for path in inventory.assets}
    files |= set(outputs.producers(site, SimpleNamespace(contents={}, images={})))
    unpublished = {item.src_uri: item.date for item in site.news if not site.is_published(item)}
    return Targets(pages, files, unpublished, by_url, url_of)


def _guessed_targets(reader: Reader, inventory, content_dir: Path, news: list[NewsItem], rendered: dict[str, Rendered], build_time: time) -> Targets:
    """Link targets while some records are broken: editors' pages, item pages by their slugs, section pages."""
    pages: dict[str, frozenset[str] | None] = {}
    for path in inventory.markdown:
        uri = path.relative_to(content_dir).as_posix()
        pages[uri] = rendered[uri].ids if uri in rendered else None
    sections = {"projekte": "project", "handlungsfelder": "action_field", "staedte": "city", "akteure": "organisation"}
    for section, kind in sections.items():
        for slug in reader.defined[kind]:
            pages.setdefault(f"{section}/{slug}.md", None)
    for path in inventory.items.get("events", []):
        pages.setdefault(f"termine/{path.stem}.md", None)
    for section in GENERATED_SECTIONS:
        pages.setdefault(f"{section}/index.md", None)
    files = {path.relative_to(content_dir).as_posix() for path in inventory.assets}
    unpublished = {item.src_uri: item.date for item in news if not item.is_published(reader.build_date, build_time)}
    for uri in unpublished:
        pages.pop(uri, None)
    return Targets(pages, files, unpublished, {}, {}, frozenset(GENERATED_SECTIONS))


def load_site(root: Path, build_date: date, engine: Engine | None = None, **folders) -> Site:
    """The checked Site of a region; raises ContentErrors listing every problem."""
    return check_region(root, build_date, engine, **folders).raise_for_errors()
