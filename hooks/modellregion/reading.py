"""Reading a region's files into models: one reader per kind of file, every problem collected.

The inventory (inventory.py) has already said which files exist and of which kind; this module
opens them, checks each record against the content model (schema.py, content_model.py) and builds
the frozen models. Cross-references are only noted here and checked in references.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Callable

from markupsafe import Markup

from . import content_model as cm
from . import images, urls
from .errors import Collector
from .inventory import Inventory
from .loading import LineDict, LineList, load_markdown_text, load_yaml_file, read_text
from .models import (
    Accessibility,
    ActionField,
    Address,
    Body,
    City,
    CmsSettings,
    Contact,
    Milestone,
    SourceDocument,
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
from .site import GENERATED_SECTIONS, NEWS_FILE_RE, Page, Redirect
from .text import render_markdown
from .values import SLUG_MAX, PartialDate, is_slug

SLUG_HELP = f"bitte nur Kleinbuchstaben a–z, Ziffern und „-“ verwenden, höchstens {SLUG_MAX} Zeichen"


@dataclass
class MarkdownBody:
    """A Markdown file's body as the page shows it, for the body checks (bodies.py)."""

    src_uri: str
    path: Path
    shown: str
    text: str
    start_line: int  # the file line on which ``text`` begins


@dataclass
class Reader:
    root: Path
    content_dir: Path
    data_dir: Path
    build_date: date
    inventory: Inventory
    icon_exists: Callable[[str], bool] | None = None
    templates: frozenset[str] | None = None  # page templates an editor may name; None: not checked
    errors: Collector = field(default_factory=Collector)
    references: list[Reference] = field(default_factory=list)
    # Every slug that is defined, even by an entry with other problems: a broken project must not
    # also make every news item that names it "unknown".
    defined: dict[str, set[str]] = field(default_factory=lambda: {"city": set(), "action_field": set(), "organisation": set(), "project": set(), "redirect": set(), "source": set(), "event": set(), "milestone": set()})
    unreadable: set[str] = field(default_factory=set)
    images: dict[str, str | None] = field(default_factory=dict)  # image path -> problem (None: fine)
    bodies: list[MarkdownBody] = field(default_factory=list)  # every Markdown body that becomes (part of) a page

    def shown(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def context(self, shown: str) -> Context:
        return Context(shown, self.errors, self.references, self.content_exists, self.image_problem)

    def content_exists(self, relative: str) -> bool:
        path = self.content_dir / relative
        return path.is_file() and not path.is_symlink()

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
            if tag == "removed":  # the sanitiser's German message (see sanitize.py)
                ctx.error(line, name, target)
            elif tag == "img":
                ctx.error(line, name, f"Bild „{target}“ ist in diesem Textfeld nicht möglich – bitte das Feld image des Eintrags verwenden, mit Alternativtext")
            else:
                ctx.error(line, name, f"Link „{target}“ ist nicht erlaubt – bitte eine vollständige Adresse mit https://, mailto: oder tel: angeben")
        return html

    # --- YAML files ----------------------------------------------------------------------
    def yaml(self, path: Path | None, name: str = ""):
        """The data of one YAML file, or None (its problem is already collected)."""
        if path is None:
            return str(self.data_dir.relative_to(self.root) / name) if name else "", None
        shown = self.shown(path)
        loaded = load_yaml_file(path, shown)
        self.errors.extend(loaded.errors)
        if loaded.data is None and not loaded.errors:
            self.errors.add(shown, 1, "", "Datei ist leer oder enthält nur Kommentare – bitte ausfüllen (Vorlage im Handbuch) oder löschen")
        return shown, loaded.data

    def record_list(self, filename: str, fields: dict, kind: str) -> list[tuple[dict, int, Context]]:
        shown, data = self.yaml(self.inventory.data_files.get(filename), filename)
        if data is None:
            self.unreadable.add(kind)  # its problem is reported once; references to it are not checked
            return []
        ctx = self.context(shown)
        if not isinstance(data, LineList):
            ctx.error(getattr(data, "line", 1) or 1, "Datei", "ist keine Liste – jeder Eintrag beginnt mit „- slug: …“ (siehe Handbuch)")
            self.unreadable.add(kind)
            return []
        if not data and filename != "redirects.yml":
            ctx.error(data.line or 1, "Datei", "die Liste ist leer – bitte mindestens einen Eintrag anlegen")
            self.unreadable.add(kind)
            return []
        entries, seen = [], {}
        for index, item in enumerate(data):
            line = data.line_of(index)
            values = check_record(item, fields, ctx, line=line)
            slug = values.get("slug")
            if slug:
                self.defined[kind].add(slug)
                if slug in seen:
                    ctx.error(item.line_of("slug"), "slug", f"„{slug}“ gibt es schon (Zeile {seen[slug]}) – jeder Kurzname nur einmal")
                    continue
                seen[slug] = item.line_of("slug")
            entries.append((values, getattr(item, "line", line) or line, ctx))
        return entries

    def image(self, values: dict | None) -> Image | None:
        if not values or not values.get("src") or not (values.get("alt") or values.get("decorative")):
            return None
        return Image(values["src"], values.get("alt") or "", values.get("credit"), bool(values.get("decorative")))

    # --- region --------------------------------------------------------------------------
    def region(self) -> Region | None:
        shown, data = self.yaml(self.inventory.data_files.get("region.yml"), "region.yml")
        if data is None:
            return None
        ctx = self.context(shown)
        v = check_record(data, cm.REGION, ctx, line=1)
        if not isinstance(data, LineDict):
            return None
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
            profile=self.markdown(v.get("profile"), ctx, data.line_of("profile"), "profile"),
            sources=tuple(v["sources"]),
            as_of=v.get("as_of"),
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
            feed_items=feeds.get("items") or cm.FEED_ITEMS,
            feed_title=feeds.get("title"),
            feed_image=feeds.get("image"),
            licence=open_data.get("licence") or "",
            licence_url=open_data.get("licence_url") or "",
            accessibility=_accessibility(v.get("accessibility")),
            sign_language=SignLanguageVideo(dgs["video"], dgs["captions"], dgs["title"], dgs.get("poster"))
            if (dgs := v.get("sign_language")) and dgs.get("video") and dgs.get("captions") and dgs.get("title") else None,
            cms=_cms(v.get("cms"), ctx, data.line_of("cms")),
        )


    # --- lists in data/ ------------------------------------------------------------------
    def cities(self) -> list[City]:
        return [
            City(v["slug"], v["name"], v["role"], v.get("population"), v.get("website"), v.get("summary"),
                 self.image(v.get("image")), tuple(v["sources"]), v.get("as_of"), Source(ctx.path, line))
            for v, line, ctx in self.record_list("cities.yml", cm.CITY, "city")
            if v.get("slug") and v.get("name") and v.get("role")
        ]

    def action_fields(self) -> list[ActionField]:
        fields = []
        for v, line, ctx in self.record_list("action_fields.yml", cm.ACTION_FIELD, "action_field"):
            if not (v.get("slug") and v.get("title") and v.get("summary") and v.get("icon")):
                continue
            if self.icon_exists and not self.icon_exists(v["icon"]):
                ctx.error(line, "icon", f"„{v['icon']}“ ist kein bekanntes Symbol – bitte einen Namen aus dem Symbolsatz des Themes wählen, z. B. material/bus")
            fields.append(ActionField(v["slug"], v["title"], v["summary"], v["icon"], tuple(v["sources"]), v.get("as_of"), Source(ctx.path, line)))
        return fields

    def organisations(self) -> list[Organisation]:
        return [
            Organisation(v["slug"], v["name"], v["kind"], v.get("city"), v.get("website"), v.get("description"),
                         tuple(v["sources"]), v.get("as_of"), Source(ctx.path, line), logo=self.image(v.get("logo")))
            for v, line, ctx in self.record_list("organisations.yml", cm.ORGANISATION, "organisation")
            if v.get("slug") and v.get("name") and v.get("kind")
        ]

    # --- one file per item ---------------------------------------------------------------
    def item_files(self, folder: str, reserved: tuple[str, ...] = ()) -> list[tuple[Path, str]]:
        found = []
        for path in self.inventory.items.get(folder, []):
            shown = self.shown(path)
            if not is_slug(path.stem):
                self.errors.add(shown, 0, "Dateiname", f"„{path.stem}“ ist kein gültiger Kurzname – {SLUG_HELP}")
                continue
            if path.stem in reserved:
                self.errors.add(shown, 0, "Dateiname", f"„{path.stem}“ ist für Seiten der Website reserviert – bitte einen anderen Namen wählen (nicht {', '.join(reserved)})")
                continue
            found.append((path, shown))
        return found

    def item(self, path: Path, fields: dict) -> tuple[Context, LineDict, dict] | None:
        """One item file checked against its fields; None when it cannot be read at all."""
        shown, data = self.yaml(path)
        if data is None:
            return None
        ctx = self.context(shown)
        v = check_record(data, fields, ctx, line=1)
        if not isinstance(data, LineDict):
            return None
        return ctx, data, v

    def projects(self, stories: set[str], guard) -> list[Project]:
        projects = []
        for path, shown in self.item_files("projects", urls.RESERVED_PROJECT_SLUGS):
            self.defined["project"].add(path.stem)
            with guard.reading(shown):
                project = self.project(path, shown, stories)
                if project is not None:
                    projects.append(project)
        return projects

    def project(self, path: Path, shown: str, stories: set[str]) -> Project | None:
        checked = self.item(path, cm.PROJECT)
        if checked is None:
            return None
        ctx, data, v = checked
        if not (v.get("title") and v.get("summary") and v.get("status") and v.get("updated")):
            return None
        start, end = v.get("start"), v.get("end")
        if start and end and end.sort_key() < start.sort_key():
            ctx.error(data.line_of("end"), "end", f"{end.iso()} liegt vor dem Beginn {start.iso()} – bitte das Ende auf oder nach den Beginn legen")
        for name in ("cities", "action_fields"):
            if isinstance(data.get(name), LineList) and not data[name]:
                ctx.error(data.line_of(name), name, "ist leer – bitte mindestens einen Eintrag angeben")
        funding = v.get("funding")
        contact = v.get("contact")
        return Project(
            slug=path.stem,
            title=v["title"],
            summary=v["summary"],
            cities=tuple(v["cities"]),
            action_fields=tuple(v["action_fields"]),
            status=v["status"],
            updated=v["updated"],
            start=start,
            end=end,
            lead=v.get("lead"),
            partners=tuple(v["partners"]),
            funding=ProjectFunding(funding["programme"], funding.get("amount_eur")) if funding and funding.get("programme") else None,
            budget_eur=v.get("budget_eur"),
            contact=Contact(contact.get("name"), contact.get("email"), contact.get("phone")) if contact else None,
            website=v.get("website"),
            image=self.image(v.get("image")),
            results=self.markdown(v.get("results"), ctx, data.line_of("results"), "results"),
            featured=v["featured"],
            has_story=path.stem in stories,
            kind=v["kind"],
            sources=tuple(v["sources"]),
            as_of=v.get("as_of"),
            source=Source(shown, 1),
        )

    def events(self, guard) -> list[Event]:
        events = []
        for path, shown in self.item_files("events", urls.RESERVED_EVENT_SLUGS):
            self.defined["event"].add(path.stem)
            with guard.reading(shown):
                event = self.event(path, shown)
                if event is not None:
                    events.append(event)
        return events

    def event(self, path: Path, shown: str) -> Event | None:
        checked = self.item(path, cm.EVENT)
        if checked is None:
            return None
        ctx, data, v = checked
        if v.get("location") and not (v["location"].get("name") or v["location"].get("online_url")):
            ctx.error(data.line_of("location"), "location", "hat weder name noch online_url – bitte mindestens eins angeben")
        start, end = v.get("start"), v.get("end")
        if not (v.get("title") and start and v.get("updated")):
            return None
        all_day = v.get("all_day")
        start_is_day = not isinstance(start, datetime)
        if all_day is None:
            all_day = start_is_day
        for name, value in (("start", start), ("end", end)):
            if value is None:
                continue
            is_day = not isinstance(value, datetime)
            if all_day and not is_day:
                ctx.error(data.line_of(name), name, "hat eine Uhrzeit, der Termin ist aber ganztägig – bitte nur das Datum schreiben, z. B. 2024-05-02")
            elif not all_day and is_day:
                ctx.error(data.line_of(name), name, "hat keine Uhrzeit – bitte mit Uhrzeit schreiben, z. B. 2024-05-02T18:30, oder all_day: true setzen")
        if end is not None and type(end) is type(start) and end < start:
            ctx.error(data.line_of("end"), "end", f"{end.isoformat()} liegt vor dem Beginn {start.isoformat()} – bitte das Ende auf oder nach den Beginn legen")
        location = v.get("location") or {}
        return Event(
            slug=path.stem,
            title=v["title"],
            start=start,
            end=end if type(end) is type(start) else None,
            all_day=bool(all_day),
            status=v["status"],
            location=Location(location.get("name"), location.get("address"), location.get("online_url")),
            cities=tuple(v["cities"]),
            action_fields=tuple(v["action_fields"]),
            projects=tuple(v["projects"]),
            organizer=v.get("organizer"),
            description=self.markdown(v.get("description"), ctx, data.line_of("description"), "description"),
            registration_url=v.get("registration_url"),
            report=v.get("report"),
            updated=v.get("updated"),
            sources=tuple(v["sources"]),
            as_of=v.get("as_of"),
            source=Source(shown, 1),
            image=self.image(v.get("image")),
        )

    def sources(self) -> list[SourceDocument]:
        """data/sources.yml (optional): the documents facts are taken from."""
        if "sources.yml" not in self.inventory.data_files:
            return []
        return [
            SourceDocument(v["slug"], v["title"], v.get("date"), v.get("url"), v.get("description"), Source(ctx.path, line))
            for v, line, ctx in self.record_list("sources.yml", cm.SOURCE, "source")
            if v.get("slug") and v.get("title")
        ]

    def milestones(self) -> list[Milestone]:
        """data/milestones.yml (optional): the chronicle, in date order (a year before its months, a month before its days)."""
        if "milestones.yml" not in self.inventory.data_files:
            return []
        entries = [
            Milestone(v["date"], v["title"], v.get("text"), tuple(v["sources"]), tuple(v["news"]), tuple(v["projects"]),
                      tuple(v["events"]), Source(ctx.path, line))
            for v, line, ctx in self.record_list("milestones.yml", cm.MILESTONE, "milestone")
            if v.get("date") and v.get("title")
        ]
        return sorted(entries, key=lambda m: (m.date.sort_key(), m.source.line))

    def redirects(self) -> list[Redirect]:
        if "redirects.yml" not in self.inventory.data_files:
            return []
        redirects = []
        for values, line, ctx in self.record_list("redirects.yml", cm.REDIRECT, "redirect"):
            ends = [_site_path(values.get("from")), _site_path(values.get("to"))]
            for name, value, normalised in zip(("from", "to"), (values.get("from"), values.get("to")), ends):
                if value and normalised is None:
                    ctx.error(line, name, f"„{value}“ ist keine Adresse dieser Website – bitte einen Pfad wie aktuelles/2024/alter-name/ angeben")
            if all(ends):
                redirects.append(Redirect(ends[0], ends[1], Source(ctx.path, line)))
        return redirects

    # --- Markdown in content/ ------------------------------------------------------------
    def markdown_source(self, path: Path):
        """Front matter and body of one Markdown file, or None (its problem is collected)."""
        shown = self.shown(path)
        text, errors = read_text(path, shown)
        self.errors.extend(errors)
        if text is None:
            return None
        if not text.strip():
            self.errors.add(shown, 1, "", "Datei ist leer – bitte ausfüllen (Vorlage im Handbuch) oder löschen")
            return None
        source, errors = load_markdown_text(text, shown)
        self.errors.extend(errors)
        return source

    def remember_body(self, path: Path, src_uri: str, source) -> None:
        self.bodies.append(MarkdownBody(src_uri, path, self.shown(path), source.body, source.body_start))

    def news(self, path: Path, src_uri: str) -> NewsItem | None:
        shown = self.shown(path)
        match = NEWS_FILE_RE.match(path.stem)
        if not match:
            self.errors.add(shown, 0, "Dateiname", f"„{path.name}“ beginnt nicht mit einem Datum – bitte als JJJJ-MM-TT-kurzname.md benennen, z. B. 2024-05-02-{path.stem if is_slug(path.stem) else 'meldung'}.md")
            return None
        file_date, slug = match.groups()
        if not is_slug(slug):
            self.errors.add(shown, 0, "Dateiname", f"„{slug}“ ist kein gültiger Kurzname – {SLUG_HELP}")
            return None
        if slug in urls.RESERVED_NEWS_SLUGS:
            self.errors.add(shown, 0, "Dateiname", f"„{slug}“ ist für Seiten der Website reserviert – bitte einen anderen Kurznamen wählen")
            return None
        source = self.markdown_source(path)
        if source is None:
            return None
        ctx = self.context(shown)
        v = check_record(source.meta, cm.NEWS, ctx, line=source.meta.line or 1)
        news_date, news_time, month_only = v.get("date"), None, False
        if isinstance(news_date, datetime):
            news_date, news_time = news_date.date(), news_date.timetz().replace(tzinfo=None, second=0, microsecond=0)
        shown_date = news_date.iso() if isinstance(news_date, PartialDate) else news_date.isoformat() if news_date else None
        if isinstance(news_date, PartialDate):  # only the month is known: sorted and fed as its first day
            news_date, month_only = news_date.first_day(), True
        if shown_date and shown_date != file_date:
            ctx.error(source.meta.line_of("date"), "date", f"{shown_date} passt nicht zum Datum im Dateinamen ({file_date}) – bitte beide gleich setzen")
        if not (v.get("title") and news_date and v.get("summary")):
            return None
        item = NewsItem(
            slug=slug,
            title=v["title"],
            date=news_date,
            summary=v["summary"],
            src_uri=src_uri,
            cities=tuple(v["cities"]),
            action_fields=tuple(v["action_fields"]),
            projects=tuple(v["projects"]),
            image=self.image(v.get("image")),
            author=v.get("author"),
            draft=v["draft"],
            updated=v.get("updated"),
            source=Source(shown, 1),
            time=news_time,
            month_only=month_only,
            sources=tuple(v["sources"]),
        )
        self.remember_body(path, src_uri, source)  # drafts too: a broken link would stop the build on publication
        return item

    def front_matter(self, path: Path, fields: dict, src_uri: str) -> dict | None:
        source = self.markdown_source(path)
        if source is None:
            return None
        shown = self.shown(path)
        values = check_record(source.meta, fields, self.context(shown), line=source.meta.line or 1)
        values["_meta"] = source.meta
        values["_body"] = source.body
        values["_body_line"] = source.body_line
        values["_body_start"] = source.body_start
        self.remember_body(path, src_uri, source)
        return values

    def portrait(self, path: Path, src_uri: str, city_slugs: set[str]) -> Portrait | None:
        shown = self.shown(path)
        if path.stem not in city_slugs and "city" not in self.unreadable:
            hint = suggest(path.stem, sorted(city_slugs))
            self.errors.add(shown, 0, "Dateiname", f"„{path.stem}“ ist keine Stadt aus data/cities.yml – {hint + ' ' if hint else ''}bekannt sind {', '.join(sorted(city_slugs))}")
            return None
        values = self.front_matter(path, cm.PORTRAIT, src_uri)
        if values is None:
            return None
        headings = [
            (number, line[3:].strip())
            for number, line in enumerate(values["_body"].splitlines(), start=values["_body_start"])
            if line.startswith("## ")
        ]
        found = [title for _, title in headings]
        first_line: dict[str, int] = {}
        for number, title in headings:
            if title in cm.PORTRAIT_SECTIONS and title in first_line:
                self.errors.add(shown, number, "Abschnitte", f"„{title}“ steht zweimal (zuerst in Zeile {first_line[title]}) – bitte zu einem Abschnitt zusammenführen")
            first_line.setdefault(title, number)
        missing = [section for section in cm.PORTRAIT_SECTIONS if section not in found]
        if missing:
            self.errors.add(shown, values["_body_line"], "Abschnitte", f"es fehlen {', '.join('„' + m + '“' for m in missing)} – bitte als Überschriften „## …“ anlegen, in der Reihenfolge {', '.join(cm.PORTRAIT_SECTIONS)}")
        else:
            order = sorted((title for title in first_line if title in cm.PORTRAIT_SECTIONS), key=first_line.get)
            if order != list(cm.PORTRAIT_SECTIONS):
                wrong = next(title for position, title in enumerate(order) if cm.PORTRAIT_SECTIONS[position] != title)
                self.errors.add(shown, first_line[wrong], "Abschnitte", f"stehen in der Reihenfolge {', '.join(order)} – bitte so ordnen: {', '.join(cm.PORTRAIT_SECTIONS)}")
        return Portrait(path.stem, src_uri, values.get("title"), values.get("description"), values.get("updated"),
                        tuple(values["sources"]), values.get("as_of"))

    def page(self, path: Path, src_uri: str) -> Page | None:
        values = self.front_matter(path, cm.PAGE, src_uri)
        if values is None:
            return None
        template = values.get("template")
        if template and self.templates is not None and template not in self.templates:
            shown = self.shown(path)
            hint = suggest(template, sorted(self.templates))
            self.errors.add(shown, values["_meta"].line_of("template"), "template",
                            f"„{template}“ ist keine Seitenvorlage – {hint + ' ' if hint else ''}erlaubt sind {', '.join(sorted(self.templates))}; meist das Feld einfach weglassen")
        return Page(src_uri, values.get("title"), values.get("description"), values.get("updated"), tuple(values["sources"]), values.get("as_of"))

    def story(self, path: Path, src_uri: str, project_slugs: set[str]) -> None:
        shown = self.shown(path)
        source = self.markdown_source(path)
        if source is None:
            return
        if source.meta:
            self.errors.add(shown, source.meta.line or 1, "Kopfdaten", f"werden in Projektgeschichten nicht verwendet – bitte entfernen; Titel, Status und alle Fakten stehen in data/projects/{path.stem}.yml")
        if path.stem not in project_slugs:
            hint = suggest(path.stem, sorted(project_slugs))
            self.errors.add(shown, 0, "Dateiname", f"„{path.stem}“ ist kein Projekt aus data/projects/ – {hint + ' ' if hint else ''}eine Projektgeschichte heißt wie ihr Projekt")
            return
        self.remember_body(path, src_uri, source)

    def read_markdown(self, city_slugs: set[str], guard):
        """Sort every Markdown file into news, portraits, project stories and pages."""
        news: list[NewsItem] = []
        portraits: dict[str, Portrait] = {}
        pages: dict[str, Page] = {}
        story_files: list[tuple[Path, str]] = []
        for path in self.inventory.markdown:
            src_uri = path.relative_to(self.content_dir).as_posix()
            shown = self.shown(path)
            with guard.reading(shown):
                self.sort_markdown(path, src_uri, shown, city_slugs, news, portraits, pages, story_files)
        return news, portraits, pages, story_files

    def sort_markdown(self, path, src_uri, shown, city_slugs, news, portraits, pages, story_files) -> None:
        section = src_uri.split("/", 1)[0] if "/" in src_uri else ""
        depth = src_uri.count("/")
        if src_uri in {f"{s}/index.md" for s in GENERATED_SECTIONS} | {f"{s}/README.md" for s in GENERATED_SECTIONS}:
            self.errors.add(shown, 0, "", f"/{section}/ erzeugt der Build selbst – bitte diese Datei löschen und stattdessen die Einträge des Bereichs schreiben")
        elif src_uri in {f"{s}.md" for s in GENERATED_SECTIONS}:
            self.errors.add(shown, 0, "", f"/{src_uri[:-3]}/ erzeugt der Build selbst – bitte der Seite einen anderen Dateinamen geben")
        elif section == "aktuelles":
            if depth != 1:
                self.errors.add(shown, 0, "", "Meldungen liegen direkt in content/aktuelles/ – bitte die Datei dorthin verschieben (ohne Unterordner)")
                return
            item = self.news(path, src_uri)
            if item:
                news.append(item)
        elif section == "staedte" and depth == 1:
            portrait = self.portrait(path, src_uri, city_slugs)
            if portrait:
                portraits[portrait.city] = portrait
        elif section == "projekte" and depth == 1:
            story_files.append((path, src_uri))
        elif section in GENERATED_SECTIONS:
            self.errors.add(shown, 0, "", f"Seiten unterhalb von /{section}/ erzeugt der Build – hier ist keine Markdown-Datei vorgesehen; bitte verschieben oder löschen")
        else:
            page = self.page(path, src_uri)
            if page is not None:
                pages[src_uri] = page


def _site_path(value: str | None) -> str | None:
    """'/aktuelles/2024/x' -> 'aktuelles/2024/x/'; None for URLs with a host, query or '..'."""
    if not value or "://" in value or value.startswith("//") or any(c in value for c in "?#\\ ") or ".." in value.split("/"):
        return None
    path = value.strip("/")
    return f"{path}/" if path else None


_REPO_RE = re.compile(r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$")


def _cms(values: dict | None, ctx: Context, line: int) -> CmsSettings | None:
    if not values or not (values.get("gitlab_url") and values.get("repo") and values.get("app_id")):
        return None
    if not _REPO_RE.match(values["repo"]):
        ctx.error(line, "cms.repo", f"„{values['repo']}“ ist kein GitLab-Projekt – bitte als gruppe/projekt schreiben, wie in der Adresse des Projekts, z. B. modellregion/website")
        return None
    if not values["gitlab_url"].startswith("https://"):
        ctx.error(line, "cms.gitlab_url", f"„{values['gitlab_url']}“ – der GitLab-Server muss mit https:// erreichbar sein, z. B. https://gitlab.opencode.de")
        return None
    return CmsSettings(values["gitlab_url"].rstrip("/"), values["repo"], values.get("branch") or "main", values["app_id"])


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


