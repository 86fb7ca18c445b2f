"""A seeded corpus in the real content model, laid over a copy of this repository's region.

``build_corpus(target, news, seed)`` copies mkdocs.yml, content/ and data/ (hooks/ and overrides/ as
links, see tests/helpers.make_region) and adds ``news`` news items, news/10 projects (a third with a
project story) and news/20 events. Items reference the real cities, action fields, organisations and
sources of data/, link to each other the way editors do (relative links to Markdown files), carry
headings, lists, some tables and a few generated photos; news dates spread over the ten years before
the build date. The same seed gives the same files, byte for byte.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

from bench import words
from helpers import ROOT, make_region

IMAGE_FOLDER = "bilder/bench"


@dataclass
class Corpus:
    root: Path
    news: int
    projects: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    newest_news: Path | None = None  # the published news item the preview test edits
    edit_project: str = ""  # a generated project whose status the preview test changes
    markdown_files: int = 0
    yaml_files: int = 0


@dataclass
class _Item:
    """A linkable page: its content path (for links) and its title (for link texts)."""
    path: str
    title: str


def slugify(text: str, limit: int = 60) -> str:
    text = text.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("ı", "i")):
        text = text.replace(a, b)
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug


def q(text: str) -> str:
    """A YAML scalar for any text (a JSON string is a valid double-quoted YAML scalar)."""
    return json.dumps(text, ensure_ascii=False)


def block(text: str, indent: int = 2) -> str:
    """A literal YAML block (|-) for Markdown fields."""
    pad = " " * indent
    return "|-\n" + "\n".join(pad + line if line else "" for line in text.splitlines())


class _Writer:
    """Sentences, paragraphs and bodies for one corpus, all from one random generator."""

    def __init__(self, rng: random.Random, region: dict, build_date: date):
        self.rng = rng
        self.region = region
        self.build_date = build_date

    def person(self) -> str:
        return f"{self.rng.choice(words.FIRST_NAMES)} {self.rng.choice(words.LAST_NAMES)}"

    def slots(self, ctx: dict) -> dict:
        rng = self.rng
        topic = ctx["topic"]
        org, org2 = rng.sample(self.region["org_names"], 2)
        year = ctx.get("year", self.build_date.year)
        values = {
            "city": ctx.get("city") or rng.choice(self.region["city_names"]),
            "org": org, "org2": org2,
            "topic": topic[0], "topic_akk": topic[1], "topic_dat": topic[2], "short": topic[3],
            "year": year, "year2": year + rng.randint(1, 3),
            "month": rng.choice(words.MONTHS), "number": rng.randint(12, 980), "percent": rng.randint(18, 87),
            "person": self.person(), "role": rng.choice(words.ROLES), "group": rng.choice(words.GROUPS),
            "place": rng.choice(words.PLACES), "months": rng.randint(3, 30),
        }
        values["Org_sentence"] = rng.choice(words.ORG_SENTENCES).format(**values)
        return values

    def fill(self, pattern: str, ctx: dict) -> str:
        text = pattern.format(**self.slots(ctx))
        return text[0].upper() + text[1:]

    def paragraph(self, ctx: dict, links: list[_Item], sentences: int) -> str:
        parts = [self.fill(pattern, ctx) for pattern in self.rng.sample(words.SENTENCES, sentences)]
        if links and self.rng.random() < 0.45:
            link = links.pop()
            parts.insert(self.rng.randint(0, len(parts)), self.rng.choice([
                f"Mehr dazu steht auf der Seite [{link.title}]({link.path}).",
                f"Siehe auch: [{link.title}]({link.path}).",
                f"Darüber hatten wir bereits unter [{link.title}]({link.path}) berichtet.",
                f"Einen Überblick gibt [{link.title}]({link.path}).",
            ]))
        if self.rng.random() < 0.2:
            target = self.rng.randrange(len(parts))
            words_ = parts[target].split(" ")
            if len(words_) > 4:
                start = self.rng.randrange(len(words_) - 2)
                words_[start:start + 2] = [f"**{' '.join(words_[start:start + 2])}**"]
                parts[target] = " ".join(words_)
        return " ".join(parts)

    def bullet_list(self, ctx: dict, links: list[_Item]) -> str:
        items = [self.fill(pattern, ctx) for pattern in self.rng.sample(words.LIST_ITEMS, self.rng.randint(3, 6))]
        if links and self.rng.random() < 0.5:
            link = links.pop()
            items.append(f"[{link.title}]({link.path})")
        return "\n".join(f"- {item}" for item in items)

    def table(self, ctx: dict) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            rows = ["| Stadt | Start | Nutzungen im ersten Jahr |", "|---|---|---:|"]
            for name in self.region["city_names"]:
                rows.append(f"| {name} | {rng.choice(words.MONTHS)} {rng.randint(2017, self.build_date.year)} | {rng.randint(200, 9000)} |")
        else:
            rows = ["| Schritt | Zeitraum | Stand |", "|---|---|---|"]
            for step in rng.sample(["Ausschreibung", "Planung", "Pilotbetrieb", "Auswertung", "Ausbau", "Schulungen"], 4):
                rows.append(f"| {step} | {rng.choice(words.MONTHS)} {rng.randint(2017, self.build_date.year + 1)} | "
                            f"{rng.choice(['abgeschlossen', 'läuft', 'geplant'])} |")
        return "\n".join(rows)

    def body(self, ctx: dict, target_words: int, links: list[_Item], image_dir: str, first_heading: bool = False) -> str:
        """Markdown of about ``target_words`` words: paragraphs under H2 (sometimes H3) headings,
        lists, maybe a table and an inline picture; ``links`` are used up along the way."""
        rng = self.rng
        links = list(links)
        blocks: list[str] = []
        count = 0
        headings = rng.sample(words.HEADINGS, len(words.HEADINGS))
        if first_heading:
            blocks.append(f"## {headings.pop()}")
        blocks.append(self.paragraph(ctx, links, rng.randint(2, 4)))
        has_table = rng.random() < 0.15
        has_picture = rng.random() < 0.05 and self.region["images"] > 0
        while True:
            count = sum(len(b.split()) for b in blocks)
            if count >= target_words:
                break
            roll = rng.random()
            if blocks[-1].startswith("#"):  # a heading is followed by text, never by the next heading
                blocks.append(self.paragraph(ctx, links, rng.randint(2, 5)))
            elif roll < 0.22 and headings:
                blocks.append(f"## {headings.pop()}")
                if rng.random() < 0.15:
                    blocks.append(f"### {self.fill(rng.choice(words.SUBHEADINGS), ctx)}")
            elif roll < 0.32:
                blocks.append(self.bullet_list(ctx, links))
            elif roll < 0.36 and has_table:
                blocks.append(self.table(ctx))
                has_table = False
            elif roll < 0.40 and has_picture:
                alt = self.fill(rng.choice(words.ALT_TEXTS), ctx)
                blocks.append(f"![{alt}]({image_dir}/foto-{rng.randrange(self.region['images'])}.jpg)")
                has_picture = False
            else:
                blocks.append(self.paragraph(ctx, links, rng.randint(2, 5)))
        if links and rng.random() < 0.5:
            blocks.append("Weitere Informationen: " + ", ".join(f"[{l.title}]({l.path})" for l in links[:3]) + ".")
        return "\n\n".join(blocks) + "\n"


def load_region(root: Path) -> dict:
    def listing(name: str) -> list[dict]:
        return yaml.load((root / "data" / name).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or []

    cities = listing("cities.yml")
    fields = listing("action_fields.yml")
    organisations = listing("organisations.yml")
    sources = listing("sources.yml") if (root / "data" / "sources.yml").exists() else []
    projects = {}
    for path in sorted((root / "data" / "projects").glob("*.yml")):
        projects[path.stem] = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["title"]
    return {
        "cities": [c["slug"] for c in cities], "city_names": [c["name"] for c in cities],
        "city_name": {c["slug"]: c["name"] for c in cities}, "city_sites": [c["website"] for c in cities if c.get("website")],
        "fields": [f["slug"] for f in fields], "field_title": {f["slug"]: f["title"] for f in fields},
        "orgs": [o["slug"] for o in organisations], "org_names": [o["name"] for o in organisations],
        "org_name": {o["slug"]: o["name"] for o in organisations},
        "sources": [s["slug"] for s in sources], "projects": projects, "images": 0,
    }


def make_images(folder: Path, count: int, seed: int, size=(960, 640), prefix: str = "foto") -> list[Path]:
    """Photo-like JPEGs (gradient, coloured shapes, grain), deterministic from the seed."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for number in range(count):
        sky = Image.linear_gradient("L").resize(size).convert("RGB")
        grain = Image.frombytes("L", size, rng.randbytes(size[0] * size[1])).convert("RGB")
        photo = Image.blend(sky, grain, 0.12)
        draw = ImageDraw.Draw(photo)
        for _ in range(14):
            x, y = rng.randrange(size[0] - 120), rng.randrange(size[1] - 90)
            draw.rectangle((x, y, x + rng.randint(40, 240), y + rng.randint(30, 180)),
                           fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
        made.append(folder / f"{prefix}-{number}.jpg")
        photo.save(made[-1], quality=85)
    return made


def build_corpus(target: Path, news: int, seed: int = 13, build_date: date = date(2026, 12, 1), images: int = 8) -> Corpus:
    """Copy the real region to ``target`` and add the generated items (see the module docstring)."""
    root = make_region(target, ROOT)
    rng = random.Random(seed * 1_000_003 + news)
    region = load_region(root)
    if images:
        make_images(root / "content" / IMAGE_FOLDER, images, seed)
    region["images"] = images
    writer = _Writer(rng, region, build_date)
    corpus = Corpus(root=root, news=news)

    # --- projects (N/10): data/projects/<slug>.yml, a third with a story in content/projekte/ ---
    project_items: dict[str, _Item] = {slug: _Item(f"projekte/{slug}.md", title) for slug, title in region["projects"].items()}
    generated_projects: list[tuple[str, dict]] = []
    for number in range(news // 10):
        fields = rng.sample(region["fields"], rng.choice([1, 1, 2]))
        topic = rng.choice(words.TOPICS.get(fields[0], words.TOPICS["verwaltung"]))
        cities = sorted(rng.sample(region["cities"], rng.choice([1, 1, 2, 3])), key=region["cities"].index)
        ctx = {"topic": topic, "city": region["city_name"][cities[0]], "year": rng.randint(2017, build_date.year)}
        title = writer.fill(rng.choice(words.PROJECT_TITLES), ctx)
        slug = slugify(title, 50)
        while slug in project_items or slug in ("stadt", "handlungsfeld", "status", "art", "seite"):
            slug = f"{slugify(title, 44)}-{rng.randint(2, 999)}"
        project_items[slug] = _Item(f"projekte/{slug}.md", title)
        generated_projects.append((slug, {"title": title, "fields": fields, "cities": cities, "ctx": ctx}))
    corpus.projects = [slug for slug, _ in generated_projects]

    # --- news (N): dates over the ten years before the build date; a few drafts and scheduled ---
    news_specs = []
    published_dates = sorted(build_date - timedelta(days=rng.randint(2, 3650)) for _ in range(news - 1))
    published_dates.append(build_date - timedelta(days=1))  # the newest: the preview test edits it
    taken: dict[int, set[str]] = {}
    for path in (root / "content" / "aktuelles").glob("*.md"):
        taken.setdefault(int(path.name[:4]), set()).add(re.sub(r"^\d{4}-\d{2}(-\d{2})?-", "", path.stem))
    for number, day in enumerate(published_dates):
        fields = rng.sample(region["fields"], rng.choice([1, 1, 2, 2, 3]))
        topic = rng.choice(words.TOPICS.get(fields[0], words.TOPICS["verwaltung"]))
        cities = sorted(rng.sample(region["cities"], rng.choice([0, 1, 1, 1, 2, 3])), key=region["cities"].index)
        ctx = {"topic": topic, "city": region["city_name"][cities[0]] if cities else None, "year": day.year}
        title = writer.fill(rng.choice(words.NEWS_TITLES), ctx)
        kind = "published"
        if number < len(published_dates) - 1:
            roll = rng.random()
            if roll < 0.01:
                kind = "draft"
            elif roll < 0.02:
                kind, day = "scheduled", build_date + timedelta(days=rng.randint(1, 60))
            elif roll < 0.04:
                kind = "month"
        slug = slugify(title)
        year_slugs = taken.setdefault(day.year, set())
        base, suffix = slug, 2
        while slug in year_slugs or slug == "seite":
            slug, suffix = f"{base}-{suffix}", suffix + 1
        year_slugs.add(slug)
        stem = f"{day:%Y-%m}-{slug}" if kind == "month" else f"{day.isoformat()}-{slug}"
        news_specs.append({"stem": stem, "day": day, "kind": kind, "title": title, "fields": fields, "cities": cities, "ctx": ctx})
    corpus.newest_news = root / "content" / "aktuelles" / f"{news_specs[-1]['stem']}.md"

    # --- events (N/20): past and upcoming, timed and all-day, some with a report ---
    published = [s for s in news_specs if s["kind"] in ("published", "month")]
    event_items: dict[str, _Item] = {}
    events = []
    for number in range(news // 20):
        fields = rng.sample(region["fields"], rng.choice([1, 2]))
        topic = rng.choice(words.TOPICS.get(fields[0], words.TOPICS["verwaltung"]))
        cities = sorted(rng.sample(region["cities"], rng.choice([1, 1, 2])), key=region["cities"].index)
        start = build_date + timedelta(days=rng.randint(-5 * 365, 365) if rng.random() < 0.6 else rng.randint(1, 200))
        ctx = {"topic": topic, "city": region["city_name"][cities[0]], "year": start.year}
        title = writer.fill(rng.choice(words.EVENT_TITLES), ctx)
        slug = f"{slugify(title, 40)}-{start:%Y-%m-%d}"
        while slug in event_items or slug in ("archiv", "termine"):
            slug = f"{slug}-{rng.randint(2, 99)}"
        event_items[slug] = _Item(f"termine/{slug}/index.md", title)
        events.append((slug, start, title, fields, cities, ctx))
    corpus.events = list(event_items)

    # Linkable pages besides news: projects, cities, organisations, action fields, events.
    others = (list(project_items.values())
              + [_Item(f"staedte/{slug}.md", region["city_name"][slug]) for slug in region["cities"]]
              + [_Item(f"akteure/{slug}/index.md", region["org_name"][slug]) for slug in region["orgs"]]
              + [_Item(f"handlungsfelder/{slug}/index.md", region["field_title"][slug]) for slug in region["fields"]]
              + list(event_items.values()))

    def links_from(folder: str, earlier_news: list[dict], count: int) -> list[_Item]:
        """``count`` links, relative to content/<folder>/: earlier news items and other pages."""
        chosen = []
        for _ in range(count):
            if earlier_news and rng.random() < 0.4:
                spec = rng.choice(earlier_news)
                chosen.append(_Item(f"aktuelles/{spec['stem']}.md", spec["title"]))
            else:
                chosen.append(rng.choice(others))
        return [_Item(_relative(item.path, folder), item.title) for item in chosen]

    news_folder = root / "content" / "aktuelles"
    position = {spec["stem"]: index for index, spec in enumerate(published)}
    for spec in news_specs:
        earlier = published[: position[spec["stem"]]] if spec["stem"] in position else []
        lines = ["---", f"title: {q(spec['title'])}"]
        lines.append(f"date: {spec['day']:%Y-%m}" if spec["kind"] == "month" else f"date: {spec['day'].isoformat()}")
        summary_ctx = dict(spec["ctx"])
        summary = writer.fill(rng.choice(words.SUMMARIES), summary_ctx)
        lines.append(f"summary: {q(summary[:300])}")
        if spec["cities"]:
            lines.append(f"cities: [{', '.join(spec['cities'])}]")
        lines.append(f"action_fields: [{', '.join(spec['fields'])}]")
        projects = rng.sample(list(project_items), rng.choice([0, 0, 1, 1, 2])) if project_items else []
        if projects:
            lines.append(f"projects: [{', '.join(projects)}]")
        if images and rng.random() < 0.1:
            lines += ["image:", f"  src: {IMAGE_FOLDER}/foto-{rng.randrange(images)}.jpg",
                      f"  alt: {q(writer.fill(rng.choice(words.ALT_TEXTS), spec['ctx']))}", f"  credit: {q(writer.person())}"]
        if rng.random() < 0.5:
            lines.append(f"author: {q(rng.choice(['Projektbüro Digitale Modellregion', writer.person()]))}")
        if spec["kind"] == "draft":
            lines.append("draft: true")
        if spec["kind"] == "published" and rng.random() < 0.15 and spec["day"] < build_date - timedelta(days=30):
            lines.append(f"updated: {(spec['day'] + timedelta(days=rng.randint(1, 30))).isoformat()}")
        if region["sources"] and rng.random() < 0.2:
            lines.append(f"sources: [{rng.choice(region['sources'])}]")
        lines.append("---")
        links = links_from("aktuelles", earlier, rng.choice([0, 0, 1, 2, 3, 4]))
        text = writer.body(spec["ctx"], rng.randint(150, 800), links, f"../{IMAGE_FOLDER}")
        (news_folder / f"{spec['stem']}.md").write_text("\n".join(lines) + "\n" + text, encoding="utf-8")

    for slug, spec in generated_projects:
        ctx = spec["ctx"]
        start_year = rng.randint(2016, build_date.year)
        start = f"{start_year}-{rng.randint(1, 12):02d}"
        status = rng.choice(["geplant", "beantragt", "bewilligt", "laufend", "laufend", "laufend", "abgeschlossen"])
        lines = [f"title: {q(spec['title'])}", f"summary: {q(writer.fill(rng.choice(words.PROJECT_SUMMARIES), ctx)[:300])}",
                 f"cities: [{', '.join(spec['cities'])}]", f"action_fields: [{', '.join(spec['fields'])}]"]
        if rng.random() < 0.15:
            lines.append("kind: partnervorhaben")
        lines.append(f"status: {status}")
        lines.append(f"start: {start}")
        if status == "abgeschlossen" or rng.random() < 0.3:
            lines.append(f"end: {start_year + rng.randint(1, 4)}-{rng.randint(1, 12):02d}")
        lead, *partners = rng.sample(region["orgs"], rng.randint(1, 5))
        lines.append(f"lead: {lead}")
        if partners:
            lines.append(f"partners: [{', '.join(partners)}]")
        if rng.random() < 0.5:
            lines += ["funding:", "  programme: Digitale Modellregionen in NRW", f"  amount_eur: {rng.randint(5, 400) * 10000}"]
        if rng.random() < 0.3:
            lines.append(f"budget_eur: {rng.randint(10, 900) * 10000}")
        if rng.random() < 0.3:
            lines += ["contact:", f"  name: {q(writer.person())}"]
        if region["city_sites"] and rng.random() < 0.2:
            lines.append(f"website: {rng.choice(region['city_sites'])}")
        if images and rng.random() < 0.15:
            lines += ["image:", f"  src: {IMAGE_FOLDER}/foto-{rng.randrange(images)}.jpg",
                      f"  alt: {q(writer.fill(rng.choice(words.ALT_TEXTS), ctx))}"]
        if rng.random() < 0.3:
            results = writer.bullet_list(ctx, []) + "\n\n" + writer.paragraph(ctx, [], 2)
            lines.append(f"results: {block(results)}")
        lines.append(f"updated: {(build_date - timedelta(days=rng.randint(1, 900))).isoformat()}")
        if rng.random() < 0.3:
            lines.append(f"as_of: {rng.randint(2019, build_date.year)}")
        if region["sources"] and rng.random() < 0.2:
            lines.append(f"sources: [{rng.choice(region['sources'])}]")
        (root / "data" / "projects" / f"{slug}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        if rng.random() < 0.33:
            links = links_from("projekte", published, rng.choice([0, 1, 2, 3]))
            story = writer.body(ctx, rng.randint(200, 600), links, f"../{IMAGE_FOLDER}", first_heading=True)
            (root / "content" / "projekte" / f"{slug}.md").write_text(story, encoding="utf-8")
    corpus.edit_project = next(slug for slug, _ in generated_projects
                               if "status: laufend" in (root / "data" / "projects" / f"{slug}.yml").read_text(encoding="utf-8")) if generated_projects else ""

    for slug, start, title, fields, cities, ctx in events:
        lines = [f"title: {q(title)}"]
        if rng.random() < 0.7:
            hour = rng.choice([9, 10, 14, 17, 18])
            lines += [f"start: {start.isoformat()}T{hour:02d}:00", f"end: {start.isoformat()}T{hour + rng.randint(1, 3):02d}:30"]
        else:
            lines += [f"start: {start.isoformat()}"] + ([f"end: {(start + timedelta(days=rng.randint(1, 2))).isoformat()}"] if rng.random() < 0.4 else [])
        if rng.random() < 0.2:
            lines += ["location:", "  name: Online", f"  online_url: https://meeting.example.org/{slug}"]
        else:
            name, address = rng.choice(words.LOCATIONS)
            lines += ["location:", f"  name: {q(name)}", f"  address: {q(address)}"]
        lines += [f"cities: [{', '.join(cities)}]", f"action_fields: [{', '.join(fields)}]"]
        if project_items and rng.random() < 0.5:
            lines.append(f"projects: [{', '.join(rng.sample(list(project_items), rng.randint(1, 2)))}]")
        lines.append(f"organizer: {q(rng.choice(region['org_names']))}")
        description = writer.paragraph(ctx, [], rng.randint(2, 4))
        if rng.random() < 0.5:
            description += "\n\n" + writer.bullet_list(ctx, [])
        lines.append(f"description: {block(description)}")
        if rng.random() < 0.1:
            lines.append("status: " + rng.choice(["abgesagt", "verschoben"]))
        if start < build_date and rng.random() < 0.3:
            after = [s for s in published if s["day"] >= start and s["kind"] == "published"]
            if after:
                lines.append(f"report: {after[0]['stem']}")
        announced = min(start - timedelta(days=rng.randint(7, 60)), build_date)
        lines.append(f"updated: {announced.isoformat()}")
        (root / "data" / "events" / f"{slug}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    corpus.markdown_files = sum(1 for _ in (root / "content").rglob("*.md"))
    corpus.yaml_files = sum(1 for _ in (root / "data").rglob("*.yml"))
    return corpus


def _relative(path: str, folder: str) -> str:
    """A content path (aktuelles/x.md) as seen from content/<folder>/."""
    head, _, rest = path.partition("/")
    return rest if head == folder else f"../{path}"
