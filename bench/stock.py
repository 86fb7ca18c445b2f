"""The comparison: stock MkDocs + Material on the same texts, without our hooks.

A plain MkDocs project (Material theme, the built-in search plugin, a nav of three entries) with one
Markdown page per published news item and per project: the front matter becomes a title heading
(and the summary a first paragraph), the body stays as written. Links to pages that only our build
generates (cities, organisations, action fields, events) keep their text without the link; images
come along. Built with `mkdocs build` (not strict)."""

from __future__ import annotations

import posixpath
import re
import shutil
import sys
from datetime import date
from pathlib import Path

import yaml

from bench.floor import split_front_matter
from bench.measure import Run, run

LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)")


def _published(front: dict, build_date: date) -> bool:
    day = front.get("date")
    day = day if isinstance(day, date) else date.fromisoformat(f"{day}-01" if len(str(day)) == 7 else str(day)[:10])
    return not front.get("draft") and day <= build_date


def make_stock_project(corpus_root: Path, target: Path, build_date: date) -> Path:
    docs = target / "docs"
    (docs / "aktuelles").mkdir(parents=True)
    (docs / "projekte").mkdir()
    shutil.copytree(corpus_root / "content" / "bilder", docs / "bilder")
    pages: dict[str, str] = {}  # docs path → Markdown

    for path in sorted((corpus_root / "content" / "aktuelles").glob("*.md")):
        raw_front, body = split_front_matter(path.read_text(encoding="utf-8"))
        front = yaml.load(raw_front, Loader=yaml.CSafeLoader)
        if _published(front, build_date):
            pages[f"aktuelles/{path.name}"] = f"# {front['title']}\n\n*{front['date']}*\n\n**{front['summary']}**\n\n{body}"
    for path in sorted((corpus_root / "data" / "projects").glob("*.yml")):
        project = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        facts = "\n".join(f"- **{label}:** {value}" for label, value in (
            ("Status", project["status"]), ("Städte", ", ".join(project["cities"])),
            ("Handlungsfelder", ", ".join(project["action_fields"])), ("Start", project.get("start", "–"))))
        story = corpus_root / "content" / "projekte" / f"{path.stem}.md"
        text = f"# {project['title']}\n\n{project['summary']}\n\n{facts}\n"
        if project.get("results"):
            text += f"\n## Ergebnisse\n\n{project['results']}\n"
        if story.exists():
            text += "\n" + story.read_text(encoding="utf-8")
        pages[f"projekte/{path.stem}.md"] = text
    pages["index.md"] = "# Digitale Modellregion\n\nDie Meldungen stehen unter [Aktuelles](aktuelles/index.md), die Projekte unter [Projekte](projekte/index.md).\n"
    pages["aktuelles/index.md"] = "# Aktuelles\n\nMeldungen der Modellregion.\n"
    pages["projekte/index.md"] = "# Projekte\n\nProjekte der Modellregion.\n"

    def unlink_missing(page: str, text: str) -> str:
        def keep(match: re.Match) -> str:
            label, url = match.groups()
            if re.match(r"^[a-z]+:", url):
                return match.group(0)
            target_path = posixpath.normpath(posixpath.join(posixpath.dirname(page), url.split("#")[0]))
            return match.group(0) if target_path in pages else label
        return LINK.sub(keep, text)

    for page, text in pages.items():
        (docs / page).write_text(unlink_missing(page, text), encoding="utf-8")

    config = yaml.load((corpus_root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    stock = {
        "site_name": "Digitale Modellregion (Material ohne Hooks)",
        "docs_dir": "docs",
        "theme": {"name": "material", "language": "de"},
        "plugins": ["search"],
        "markdown_extensions": config["markdown_extensions"],
        "nav": [{"Start": "index.md"}, {"Aktuelles": "aktuelles/index.md"}, {"Projekte": "projekte/index.md"}],
    }
    (target / "mkdocs.yml").write_text(yaml.safe_dump(stock, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def build_stock(target: Path, site: Path, environ: dict) -> Run:
    return run([sys.executable, "-m", "mkdocs", "build", "--config-file", str(target / "mkdocs.yml"), "--site-dir", str(site)],
               target, environ)
