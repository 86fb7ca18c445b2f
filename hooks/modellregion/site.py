"""Builds the Site, every model with its cross-references checked, from a region's folder."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterable

from markupsafe import Markup

from . import content_model as cm
from . import images, urls
from .errors import Collector
from .loading import LineList, load_markdown_file, load_yaml_file
from .models import (
    Accessibility,
    ActionField,
    Address,
    Body,
    City,
    Contact,
    Event,
    Funding,
    Image,
    Location,
    NewsItem,
    Organisation,
    Portrait,
    Privacy,
    Project,
    ProjectFunding,
    ProjectOffice,
    Publisher,
    Region,
    SignLanguageVideo,
    Source,
)
from .schema import Context, Reference, check_record, suggest
from .text import render_markdown
from .values import is_slug

NEWS_FILE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")

# Sections whose index pages the build generates; editors write their items, not these pages.
GENERATED_SECTIONS = ("aktuelles", "projekte", "handlungsfelder", "staedte", "akteure", "termine", "region", "daten", "feeds", "suche")


@dataclass(frozen=True)
class Page:
    """A hand-written Markdown page (Kontakt, Impressum …) and its checked front matter."""

    src_uri: str
    title: str | None
    description: str | None
    updated: date | None


@dataclass(frozen=True)
class Redirect:
    """An old address (path below the site root, ending in '/') that forwards to a page."""

    source: str
    target: str
    origin: Source


@dataclass(frozen=True)
class Site:
    """Everything the build knows about the region, with lookups used by pages, feeds and exports."""

    root: Path
    build_date: date
    region: Region
    cities: tuple[City, ...]
    action_fields: tuple[ActionField, ...]
    organisations: tuple[Organisation, ...]
    projects: tuple[Project, ...]
    events: tuple[Event, ...]
    news: tuple[NewsItem, ...]  # every news file, drafts and scheduled ones included
    portraits: dict[str, Portrait]
    pages: dict[str, Page]
    redirects: tuple[Redirect, ...] = ()
    images: tuple[str, ...] = ()  # every image named in data or front matter, below content/
    _index: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        index: dict = {}
        object.__setattr__(self, "_index", index)  # lookups built once; a replace()d Site gets its own
        index["city"] = {c.slug: c for c in self.cities}
        index["action_field"] = {a.slug: a for a in self.action_fields}
        index["organisation"] = {o.slug: o for o in self.organisations}
        index["project"] = {p.slug: p for p in self.projects}
        index["event"] = {e.slug: e for e in self.events}
        # A news item is named by its slug or by its dated file stem (a slug used in two years needs the stem).
        index["news_ref"] = {n.slug: n for n in self.news} | {Path(n.src_uri).stem: n for n in self.news}

    # --- lookups -------------------------------------------------------------------------
    def city(self, slug: str) -> City:
        return self._index["city"][slug]

    def action_field(self, slug: str) -> ActionField:
        return self._index["action_field"][slug]

    def organisation(self, slug: str) -> Organisation:
        return self._index["organisation"][slug]

    def project(self, slug: str) -> Project:
        return self._index["project"][slug]

    def event(self, slug: str) -> Event:
        return self._index["event"][slug]

    def derived(self, name: str, compute):
        """A value computed from the whole site once: pages, feeds and exports share it."""
        if name not in self._index:
            self._index[name] = compute(self)
        return self._index[name]

    def news_by_ref(self, ref: str) -> NewsItem | None:
        """A news item by its slug or its dated file stem (as ``report`` names it)."""
        return self._index["news_ref"].get(ref)

    @property
    def lead_city(self) -> City:
        return self.city(self.region.lead_city)

    # --- published content ---------------------------------------------------------------
    @property
    def published_news(self) -> tuple[NewsItem, ...]:
        """News visible on the build date, newest first (same day: by title, for stable order)."""
        items = [n for n in self.news if n.is_published(self.build_date)]
        return tuple(sorted(items, key=lambda n: (-n.date.toordinal(), n.title, n.slug)))

    def is_published(self, item: NewsItem | None) -> bool:
        return item is not None and item.is_published(self.build_date)


# ---------------------------------------------------------------------------------------
# Loading


@dataclass
class _Loader:
    root: Path
    content_dir: Path
    data_dir: Path
    build_date: date
    icon_exists: Callable[[str], bool] | None
    errors: Collector = field(default_factory=Collector)
    references: list[Reference] = field(default_factory=list)
    # Every slug that is defined, even by an entry with other problems: a broken project must not
    # also make every news item that names it "unknown".
    defined: dict[str, set[str]] = field(default_factory=lambda: {"city": set(), "action_field": set(), "organisation": set(), "project": set(), "redirect": set()})
    unreadable: set[str] = field(default_factory=set)
    images: dict[str, str | None] = field(default_factory=dict)  # image path -> problem (None: fine)

    def shown(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def context(self, shown: str) -> Context:
        return Context(shown, self.errors, self.references, self.content_exists, self.image_problem)

    def content_exists(self, relative: str) -> bool:
        return (self.content_dir / relative).is_file()

    def image_problem(self, relative: str) -> str | None:
        """Opened once per build however many items show it; also remembered for the derivatives."""
        if relative not in self.images:
            self.images[relative] = images.inspect(self.content_dir / relative, shown=relative, cache_dir=self.root / ".cache" / "images")[1]
        return self.images[relative]

    def markdown(self, source: str | None, ctx: Context, line: int, name: str) -> Markup | None:
        if not source:
            return None
        html, unsafe = render_markdown(source)
        for problem in images.field_image_problems(html, self.content_dir, self.root / ".cache" / "images"):
            ctx.error(line, name, problem)
        for tag, target in unsafe:
            if tag == "img":
                ctx.error(line, name, f"image '{target}' is not allowed in a text field (expected the item's image field, with alt text)")
            else:
                ctx.error(line, name, f"link '{target}' is not allowed (expected an http, https, mailto or tel URL)")
        return html

    # --- YAML files ----------------------------------------------------------------------
    def yaml(self, path: Path, required: bool = True):
        shown = self.shown(path)
        if not path.is_file():
            if required:
                self.errors.add(shown, 0, "file", "is missing (expected this file in the region's data)")
            return shown, None
        loaded = load_yaml_file(path, shown)
        self.errors.extend(loaded.errors)
        return shown, loaded.data

    def record_list(self, filename: str, fields: dict, kind: str) -> list[tuple[dict, int, Context]]:
        shown, data = self.yaml(self.data_dir / filename)
        if data is None:
            self.unreadable.add(kind)  # its problem is reported once; references to it are not checked
            return []
        ctx = self.context(shown)
        if not isinstance(data, LineList):
            ctx.error(getattr(data, "line", 1), "file", "must be a list of entries, each starting with '- slug: …'")
            return []
        entries, seen = [], {}
        for index, item in enumerate(data):
            line = data.line_of(index)
            values = check_record(item, fields, ctx, line=line)
            slug = values.get("slug")
            if slug:
                self.defined[kind].add(slug)
                if slug in seen:
                    ctx.error(item.line_of("slug"), "slug", f"'{slug}' is used twice (first at line {seen[slug]}; expected unique slugs)")
                    continue
                seen[slug] = item.line_of("slug")
            entries.append((values, getattr(item, "line", line), ctx))
        return entries

    def image(self, values: dict | None) -> Image | None:
        if not values or not values.get("src") or not (values.get("alt") or values.get("decorative")):
            return None
        return Image(values["src"], values.get("alt") or "", values.get("credit"), bool(values.get("decorative")))

    # --- region --------------------------------------------------------------------------
    def region(self) -> Region | None:
        shown, data = self.yaml(self.data_dir / "region.yml")
        if data is None:
            return None
        ctx = self.context(shown)
        v = check_record(data, cm.REGION, ctx, line=1)
        if not v.get("name"):
            return None
        contact = v.get("contact") or {}
        publisher = v.get("publisher") or {}
        privacy = v.get("privacy") or {}
        dpo = privacy.get("data_protection_officer") or {}
        funding = v.get("funding") or {}
        office = v.get("project_office")
        feeds = v.get("feeds") or {}
        open_data = v.get("open_data") or {}
        press = v.get("press_contact")
        base_url = v.get("base_url") or "https://example.invalid/"
        return Region(
            name=v["name"],
            short_name=v.get("short_name") or v["name"],
            lead_city=v.get("lead_city") or "",
            description=v.get("description") or "",
            base_url=base_url if base_url.endswith("/") else base_url + "/",
            logo=v.get("logo") or "",
            favicon=v.get("favicon") or "",
            contact_organisation=contact.get("organisation") or "",
            contact=Contact(None, contact.get("email"), contact.get("phone"), _address(contact)),
            office_hours=contact.get("office_hours"),
            press_contact=Contact(press.get("name"), press.get("email"), press.get("phone")) if press else None,
            funding=Funding(
                funding.get("funder") or "",
                funding.get("programme") or "",
                funding.get("period"),
                self.markdown(funding.get("note"), ctx, data.line_of("funding"), "funding.note"),
            ),
            governance=tuple(
                Body(b["name"], b["role"], tuple(b.get("members") or ()), b.get("meets"), b.get("since"))
                for b in v.get("governance") or () if b.get("name")
            ),
            project_office=ProjectOffice(office["name"], office.get("host"), office.get("since"), tuple(office.get("tasks") or ()))
            if office and office.get("name") else None,
            publisher=Publisher(
                publisher.get("name") or "",
                publisher.get("represented_by") or "",
                _address(publisher),
                publisher.get("email"),
                publisher.get("phone"),
                publisher.get("responsible_for_content") or "",
                publisher.get("supervisory_authority"),
            ),
            privacy=Privacy(
                Contact(dpo.get("name"), dpo.get("email"), dpo.get("phone"), _address(dpo)),
                privacy.get("server_log_days") or 0,
                privacy.get("hosting"),
            ),
            feed_items=feeds.get("items") or 50,
            feed_title=feeds.get("title"),
            feed_image=feeds.get("image"),
            licence=open_data.get("licence") or "",
            licence_url=open_data.get("licence_url") or "",
            accessibility=_accessibility(v.get("accessibility")),
            sign_language=SignLanguageVideo(dgs["video"], dgs["captions"], dgs["title"], dgs.get("poster"))
            if (dgs := v.get("sign_language")) and dgs.get("video") and dgs.get("captions") and dgs.get("title") else None,
        )

    # --- lists in data/ ------------------------------------------------------------------
    def cities(self) -> list[City]:
        return [
            City(v["slug"], v["name"], v["role"], v.get("population"), v.get("website"), v.get("summary"),
                 self.image(v.get("image")), Source(ctx.path, line))
            for v, line, ctx in self.record_list("cities.yml", cm.CITY, "city")
            if v.get("slug") and v.get("name") and v.get("role")
        ]

    def action_fields(self) -> list[ActionField]:
        fields = []
        for v, line, ctx in self.record_list("action_fields.yml", cm.ACTION_FIELD, "action_field"):
            if not (v.get("slug") and v.get("title") and v.get("summary") and v.get("icon")):
                continue
            if self.icon_exists and not self.icon_exists(v["icon"]):
                ctx.error(line, "icon", f"'{v['icon']}' is not a known icon (expected a name such as material/bus from the theme's icon set)")
            fields.append(ActionField(v["slug"], v["title"], v["summary"], v["icon"], Source(ctx.path, line)))
        return fields

    def organisations(self) -> list[Organisation]:
        return [
            Organisation(v["slug"], v["name"], v["kind"], v.get("city"), v.get("website"), v.get("description"), Source(ctx.path, line),
                         logo=self.image(v.get("logo")))
            for v, line, ctx in self.record_list("organisations.yml", cm.ORGANISATION, "organisation")
            if v.get("slug") and v.get("name") and v.get("kind")
        ]

    # --- one file per item ---------------------------------------------------------------
    def item_files(self, folder: Path, suffix: str, reserved: tuple[str, ...] = ()) -> Iterable[tuple[Path, str]]:
        if not folder.is_dir():
            return []
        found = []
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or not path.is_file():
                continue
            shown = self.shown(path)
            if path.suffix != suffix:
                if path.suffix in (".yaml", ".yml", ".md"):
                    self.errors.add(shown, 1, "file", f"has the ending '{path.suffix}' (expected '{suffix}')")
                continue
            if not is_slug(path.stem):
                self.errors.add(shown, 1, "file", f"name '{path.stem}' is not a slug (expected lowercase a-z, 0-9 and '-')")
                continue
            if path.stem in reserved:
                self.errors.add(shown, 1, "file", f"name '{path.stem}' is reserved for the site's own pages (expected another name, not {', '.join(reserved)})")
                continue
            found.append((path, shown))
        return found

    def projects(self, stories: set[str]) -> list[Project]:
        projects = []
        for path, shown in self.item_files(self.data_dir / "projects", ".yml", urls.RESERVED_PROJECT_SLUGS):
            self.defined["project"].add(path.stem)
            _, data = self.yaml(path)
            if data is None:
                continue
            ctx = self.context(shown)
            v = check_record(data, cm.PROJECT, ctx, line=1)
            if not (v.get("title") and v.get("summary") and v.get("status") and v.get("updated")):
                continue
            start, end = v.get("start"), v.get("end")
            if start and end and end.sort_key() < start.sort_key():
                ctx.error(data.line_of("end"), "end", f"{end.iso()} is before the start {start.iso()} (expected an end on or after the start)")
            for name in ("cities", "action_fields"):
                if isinstance(data.get(name), LineList) and not data[name]:
                    ctx.error(data.line_of(name), name, "is empty (expected at least one entry)")
            funding = v.get("funding")
            contact = v.get("contact")
            projects.append(Project(
                slug=path.stem,
                title=v["title"],
                summary=v["summary"],
                cities=tuple(v.get("cities") or ()),
                action_fields=tuple(v.get("action_fields") or ()),
                status=v["status"],
                updated=v["updated"],
                start=start,
                end=end,
                lead=v.get("lead"),
                partners=tuple(v.get("partners") or ()),
                funding=ProjectFunding(funding["programme"], funding.get("amount_eur")) if funding and funding.get("programme") else None,
                budget_eur=v.get("budget_eur"),
                contact=Contact(contact.get("name"), contact.get("email"), contact.get("phone")) if contact else None,
                website=v.get("website"),
                image=self.image(v.get("image")),
                results=self.markdown(v.get("results"), ctx, data.line_of("results"), "results"),
                featured=bool(v.get("featured")),
                has_story=path.stem in stories,
                source=Source(shown, 1),
            ))
        return projects

    def events(self) -> list[Event]:
        events = []
        for path, shown in self.item_files(self.data_dir / "events", ".yml", urls.RESERVED_EVENT_SLUGS):
            _, data = self.yaml(path)
            if data is None:
                continue
            ctx = self.context(shown)
            v = check_record(data, cm.EVENT, ctx, line=1)
            if v.get("location") and not (v["location"].get("name") or v["location"].get("online_url")):
                ctx.error(data.line_of("location"), "location", "has neither name nor online_url (expected at least one)")
            start, end = v.get("start"), v.get("end")
            if not (v.get("title") and start and v.get("updated")):
                continue
            all_day = v.get("all_day")
            start_is_day = not isinstance(start, datetime)
            if all_day is None:
                all_day = start_is_day
            for name, value in (("start", start), ("end", end)):
                if value is None:
                    continue
                is_day = not isinstance(value, datetime)
                if all_day and not is_day:
                    ctx.error(data.line_of(name), name, "has a time but the event is all-day (expected a date YYYY-MM-DD)")
                elif not all_day and is_day:
                    ctx.error(data.line_of(name), name, "has no time (expected YYYY-MM-DDTHH:MM, or all_day: true)")
            if end is not None and type(end) is type(start) and end < start:
                ctx.error(data.line_of("end"), "end", f"{end.isoformat()} is before the start {start.isoformat()} (expected an end on or after the start)")
            location = v.get("location") or {}
            events.append(Event(
                slug=path.stem,
                title=v["title"],
                start=start,
                end=end if type(end) is type(start) else None,
                all_day=bool(all_day),
                status=v.get("status") or "geplant",
                location=Location(location.get("name"), location.get("address"), location.get("online_url")),
                cities=tuple(v.get("cities") or ()),
                action_fields=tuple(v.get("action_fields") or ()),
                projects=tuple(v.get("projects") or ()),
                organizer=v.get("organizer"),
                description=self.markdown(v.get("description"), ctx, data.line_of("description"), "description"),
                registration_url=v.get("registration_url"),
                report=v.get("report"),
                updated=v.get("updated"),
                source=Source(shown, 1),
                image=self.image(v.get("image")),
            ))
        return events

    def redirects(self) -> list[Redirect]:
        path = self.data_dir / "redirects.yml"
        if not path.exists():
            return []
        redirects = []
        for values, line, ctx in self.record_list("redirects.yml", cm.REDIRECT, "redirect"):
            ends = [_site_path(values.get("from")), _site_path(values.get("to"))]
            for name, value, normalised in zip(("from", "to"), (values.get("from"), values.get("to")), ends):
                if value and normalised is None:
                    ctx.error(line, name, f"'{value}' is not an address on this site (expected a path such as aktuelles/2024/alter-name/)")
            if all(ends):
                redirects.append(Redirect(ends[0], ends[1], Source(ctx.path, line)))
        return redirects

    # --- Markdown in content/ ------------------------------------------------------------
    def markdown_files(self) -> list[Path]:
        if not self.content_dir.is_dir():
            self.errors.add(self.shown(self.content_dir), 0, "folder", "is missing (expected the site's Markdown)")
            return []
        return sorted(p for p in self.content_dir.rglob("*.md") if not any(part.startswith(".") for part in p.relative_to(self.content_dir).parts))

    def news(self, path: Path, src_uri: str) -> NewsItem | None:
        shown = self.shown(path)
        source, errors = load_markdown_file(path, shown)
        self.errors.extend(errors)
        if source is None:
            return None
        match = NEWS_FILE_RE.match(path.stem)
        ctx = self.context(shown)
        if not match:
            ctx.error(1, "file", f"name '{path.name}' does not start with a date (expected YYYY-MM-DD-slug.md)")
            return None
        file_date, slug = match.groups()
        if not is_slug(slug):
            ctx.error(1, "file", f"name '{path.name}': '{slug}' is not a slug (expected lowercase a-z, 0-9 and '-')")
            return None
        if slug in urls.RESERVED_NEWS_SLUGS:
            ctx.error(1, "file", f"name '{path.name}': '{slug}' is reserved for the site's own pages (expected another slug)")
            return None
        v = check_record(source.meta, cm.NEWS, ctx, line=source.meta.line or 1)
        news_date = v.get("date")
        if news_date and news_date.isoformat() != file_date:
            ctx.error(source.meta.line_of("date"), "date", f"{news_date.isoformat()} does not match the file name date {file_date} (expected both to agree)")
        if not (v.get("title") and news_date and v.get("summary")):
            return None
        return NewsItem(
            slug=slug,
            title=v["title"],
            date=news_date,
            summary=v["summary"],
            src_uri=src_uri,
            cities=tuple(v.get("cities") or ()),
            action_fields=tuple(v.get("action_fields") or ()),
            projects=tuple(v.get("projects") or ()),
            image=self.image(v.get("image")),
            author=v.get("author"),
            draft=bool(v.get("draft")),
            updated=v.get("updated"),
            source=Source(shown, 1),
        )

    def front_matter(self, path: Path, fields: dict) -> dict | None:
        shown = self.shown(path)
        source, errors = load_markdown_file(path, shown)
        self.errors.extend(errors)
        if source is None:
            return None
        values = check_record(source.meta, fields, self.context(shown), line=source.meta.line or 1)
        values["_body"] = source.body
        values["_body_line"] = source.body_line
        values["_body_start"] = source.body_start
        return values

    def portrait(self, path: Path, src_uri: str, city_slugs: set[str]) -> Portrait | None:
        shown = self.shown(path)
        values = self.front_matter(path, cm.PORTRAIT)
        if values is None:
            return None
        if path.stem not in city_slugs and "city" not in self.unreadable:
            hint = suggest(path.stem, sorted(city_slugs))
            self.errors.add(shown, 1, "file", f"'{path.stem}' is not a city in data/cities.yml (expected one of: {', '.join(sorted(city_slugs))}{'; ' + hint if hint else ''})")
            return None
        headings = [
            (number, line[3:].strip())
            for number, line in enumerate(values["_body"].splitlines(), start=values["_body_start"])
            if line.startswith("## ")
        ]
        found = [title for _, title in headings]
        missing = [section for section in cm.PORTRAIT_SECTIONS if section not in found]
        if missing:
            self.errors.add(shown, values["_body_line"], "sections", f"missing {', '.join(repr(m) for m in missing)} (expected the level-2 headings {', '.join(cm.PORTRAIT_SECTIONS)})")
        else:
            order = [title for title in found if title in cm.PORTRAIT_SECTIONS]
            if order != list(cm.PORTRAIT_SECTIONS):
                line = next(number for number, title in headings if title in cm.PORTRAIT_SECTIONS and order.index(title) != cm.PORTRAIT_SECTIONS.index(title))
                self.errors.add(shown, line, "sections", f"are in the order {', '.join(order)} (expected {', '.join(cm.PORTRAIT_SECTIONS)})")
        return Portrait(path.stem, src_uri, values.get("title"), values.get("description"), values.get("updated"))

    # --- cross-references ----------------------------------------------------------------
    def check_references(self, known: dict[str, set[str]], news: list[NewsItem]) -> None:
        labels = {"city": "city", "action_field": "action field", "organisation": "organisation", "project": "project", "news": "news item"}
        sources = {"city": "data/cities.yml", "action_field": "data/action_fields.yml", "organisation": "data/organisations.yml", "project": "data/projects/", "news": "content/aktuelles/"}
        stems = {Path(n.src_uri).stem: n for n in news}
        by_slug: dict[str, list[NewsItem]] = {}
        for item in news:
            by_slug.setdefault(item.slug, []).append(item)
        for ref in self.references:
            if ref.kind == "news":
                if ref.slug in stems:
                    continue
                matches = by_slug.get(ref.slug, [])
                if len(matches) == 1:
                    continue
                if len(matches) > 1:
                    self.errors.add(ref.path, ref.line, ref.field, f"news item '{ref.slug}' exists in several years (expected the dated name, e.g. {Path(matches[0].src_uri).stem})")
                    continue
                names = sorted(by_slug)
            else:
                if ref.slug in known[ref.kind] or ref.kind in self.unreadable:
                    continue
                names = sorted(known[ref.kind])
            hint = suggest(ref.slug, names)
            if len(names) <= 12:
                expected = f"known: {', '.join(names)}" if names else f"none defined in {sources[ref.kind]}"
            else:
                expected = f"see {sources[ref.kind]}"
            if hint:
                expected = f"{hint} {expected}"
            self.errors.add(ref.path, ref.line, ref.field, f"unknown {labels[ref.kind]} '{ref.slug}' ({expected})")


def _site_path(value: str | None) -> str | None:
    """'/aktuelles/2024/x' -> 'aktuelles/2024/x/'; None for URLs with a host, query or '..'."""
    if not value or "://" in value or value.startswith("//") or any(c in value for c in "?#\\ ") or ".." in value.split("/"):
        return None
    path = value.strip("/")
    return f"{path}/" if path else None


def _accessibility(values: dict | None) -> Accessibility | None:
    if not values or not (values.get("regulation") and values.get("status") and values.get("assessed") and values.get("method")):
        return None
    body = values.get("enforcement") or {}
    return Accessibility(
        values["regulation"],
        values["status"], values["assessed"], values["method"], tuple(values.get("known_gaps") or ()),
        Contact(body.get("name"), body.get("email"), body.get("phone"), _address(body), body.get("website")),
    )


def _address(values: dict) -> Address:
    return Address(values.get("street"), values.get("postal_code"), values.get("city"))


def load_site(
    root: Path,
    build_date: date,
    *,
    content_dir: Path | None = None,
    data_dir: Path | None = None,
    icon_exists: Callable[[str], bool] | None = None,
) -> Site:
    """Load and check every file of a region; raises ContentErrors listing every problem."""
    root = Path(root).resolve()
    loader = _Loader(
        root=root,
        content_dir=Path(content_dir).resolve() if content_dir else root / "content",
        data_dir=Path(data_dir).resolve() if data_dir else root / "data",
        build_date=build_date,
        icon_exists=icon_exists,
    )
    region = loader.region()
    cities = loader.cities()
    action_fields = loader.action_fields()
    organisations = loader.organisations()
    city_slugs = loader.defined["city"]

    news: list[NewsItem] = []
    portraits: dict[str, Portrait] = {}
    pages: dict[str, Page] = {}
    stories: set[str] = set()
    story_files: list[tuple[Path, str]] = []
    for path in loader.markdown_files():
        src_uri = path.relative_to(loader.content_dir).as_posix()
        section = src_uri.split("/", 1)[0] if "/" in src_uri else ""
        if src_uri in {f"{s}/index.md" for s in GENERATED_SECTIONS} | {f"{s}/README.md" for s in GENERATED_SECTIONS}:
            loader.errors.add(loader.shown(path), 1, "file", f"/{section}/ is generated by the build (remove this file; write the section's items instead)")
        elif src_uri in {f"{s}.md" for s in GENERATED_SECTIONS}:
            loader.errors.add(loader.shown(path), 1, "file", f"/{src_uri[:-3]}/ is generated by the build (expected another file name for this page)")
        elif section == "aktuelles":
            item = loader.news(path, src_uri)
            if item:
                news.append(item)
        elif section == "staedte" and src_uri.count("/") == 1:
            portrait = loader.portrait(path, src_uri, city_slugs)
            if portrait:
                portraits[portrait.city] = portrait
        elif section == "projekte" and src_uri.count("/") == 1:
            story_files.append((path, src_uri))
            stories.add(path.stem)
        elif section in GENERATED_SECTIONS and src_uri.count("/") == 1:
            loader.errors.add(loader.shown(path), 1, "file", f"pages below /{section}/ are generated by the build (expected no Markdown file here)")
        else:
            values = loader.front_matter(path, cm.PAGE)
            if values is not None:
                pages[src_uri] = Page(src_uri, values.get("title"), values.get("description"), values.get("updated"))

    projects = loader.projects(stories)
    project_slugs = loader.defined["project"]
    for path, _src in story_files:
        shown = loader.shown(path)
        story, errors = load_markdown_file(path, shown)
        loader.errors.extend(errors)
        if story is not None and story.meta:
            loader.errors.add(shown, story.meta.line or 1, "front matter", f"is not used in project stories (expected plain Markdown; title, status and all facts belong in data/projects/{path.stem}.yml)")
        if path.stem not in project_slugs:
            hint = suggest(path.stem, sorted(project_slugs))
            loader.errors.add(loader.shown(path), 1, "file", f"'{path.stem}' is not a project in data/projects/ (expected a story for an existing project{'; ' + hint if hint else ''})")
    events = loader.events()
    redirects = loader.redirects()

    seen_news: dict[tuple[int, str], NewsItem] = {}
    for item in sorted(news, key=lambda n: n.src_uri):
        key = (item.year, item.slug)
        if key in seen_news:
            loader.errors.add(item.source.path, 1, "file", f"news slug '{item.slug}' is already used in {item.year} by {seen_news[key].source.path} (expected a unique slug per year)")
        else:
            seen_news[key] = item

    loader.check_references(loader.defined, news)
    loader.errors.raise_if_any()
    assert region is not None
    return Site(
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
        images=tuple(sorted(src for src, problem in loader.images.items() if problem is None)),
    )
