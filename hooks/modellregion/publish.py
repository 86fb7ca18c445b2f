"""The build driver behind `make site` and `make check`: validate, build beside site/, index, swap in.

A failed build leaves the previous site/ exactly as it was: MkDocs writes into a sibling folder
(strict-mode failures abort only after pages are written), Pagefind indexes that folder, and
only then is it renamed into place.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import settings
from .errors import ContentErrors
from .glue import icon_checker
from .pages import build_pages
from .site import load_site


class BuildFailed(Exception):
    pass


def theme_template_dirs() -> list[str]:
    """Material's template folder (for its icon set), found without importing the theme."""
    spec = importlib.util.find_spec("material")
    return [str(Path(location) / "templates") for location in (spec.submodule_search_locations or [])] if spec else []


def check(root: Path, environ: dict | None = None) -> int:
    """Validate every file; print the problems or a one-line summary. Returns an exit code."""
    environ = dict(os.environ if environ is None else environ)
    try:
        day = settings.build_date(environ)
        site = load_site(root, day, icon_exists=icon_checker(theme_template_dirs()))
        build_pages(site)  # redirects must lead from free addresses to pages
    except settings.SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    except ContentErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    published = len(site.published_news)
    print(
        f"Inhalt in Ordnung (Stand {day.isoformat()}): {len(site.cities)} Städte, {len(site.action_fields)} Handlungsfelder, "
        f"{len(site.organisations)} Akteure, {len(site.projects)} Projekte, {len(site.events)} Termine, "
        f"{published} veröffentlichte Meldungen ({len(site.news) - published} Entwürfe oder geplant)."
    )
    return 0


def build(root: Path, site_dir: Path, *, environ: dict | None = None, search_index: bool = True, config_file: Path | None = None) -> None:
    """Build the site into ``site_dir`` atomically; raises BuildFailed and leaves ``site_dir`` alone on failure."""
    root = Path(root).resolve()
    site_dir = Path(site_dir).resolve()
    environ = dict(os.environ if environ is None else environ)
    environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    day = settings.build_date(environ)
    environ.setdefault("SOURCE_DATE_EPOCH", str(settings.source_date_epoch(day)))
    environ["BUILD_DATE"] = day.isoformat()

    staging = site_dir.with_name(f".{site_dir.name}.new")
    previous = site_dir.with_name(f".{site_dir.name}.old")
    for leftover in (staging, previous):
        shutil.rmtree(leftover, ignore_errors=True)
    config = config_file or root / "mkdocs.yml"
    try:
        run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config), "--site-dir", str(staging)], root, environ)
        if search_index:
            from .search import index_site  # Pagefind is only needed for the real site, not for every test build

            index_site(staging, environ)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)


def run(command: list[str], cwd: Path, environ: dict) -> None:
    result = subprocess.run(command, cwd=cwd, env=environ)
    if result.returncode != 0:
        raise BuildFailed(f"{Path(command[0]).name} {' '.join(command[1:3])} failed with exit code {result.returncode}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m modellregion", description="Build or check the Modellregion site.")
    parser.add_argument("command", choices=("build", "check"))
    parser.add_argument("--root", default=".", help="the project folder (with mkdocs.yml, data/ and content/)")
    parser.add_argument("--site-dir", default="site")
    parser.add_argument("--no-search", action="store_true", help="skip the Pagefind index")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    if args.command == "check":
        return check(root)
    status = check(root)
    if status:
        print("Es wurde nichts gebaut; site/ ist unverändert.", file=sys.stderr)
        return status
    try:
        build(root, root / args.site_dir, search_index=not args.no_search)
    except BuildFailed as exc:
        print(f"Build fehlgeschlagen: {exc}. site/ ist unverändert.", file=sys.stderr)
        return 1
    print(f"Website gebaut: {root / args.site_dir}")
    return 0
