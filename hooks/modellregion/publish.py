"""The build driver behind `make site`, `make check` and `make serve`: gate, build beside site/, index, swap in.

A failed build leaves the previous site/ exactly as it was: MkDocs writes into a sibling folder
(strict-mode failures abort only after pages are written), Pagefind indexes that folder, and
only then is it renamed into place. Exit codes of `python -m modellregion`: 0 success, 1 content
problems or a failed build, 2 a wrong setting (BUILD_DATE, a busy port).
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from . import settings
from .errors import ContentErrors
from .glue import engine_from_file, serve
from .validation import check_region

BUILD_LOG = Path(".cache") / "build.log"
PHASES = Path(".cache") / "build-phases.json"  # where the last build's time went (make bench shows it)


class BuildFailed(Exception):
    """The build stopped; ``lines`` are the German problems to show (empty: an internal failure)."""

    def __init__(self, message: str, lines: list[str] | None = None):
        super().__init__(message)
        self.lines = lines or []


def check(root: Path, environ: dict | None = None) -> int:
    """Run the gate on every file; print the problems or the summary. Returns an exit code."""
    environ = dict(os.environ if environ is None else environ)
    try:
        day = settings.build_date(environ)
        at = settings.build_time(environ)
    except settings.SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    verdict = check_region(root, day, engine_from_file(root), build_time=at)
    if not verdict.ok:
        print(ContentErrors(verdict.errors).report(), file=sys.stderr)
        return 1
    print(verdict.summary())
    return 0


def check_apart(root: Path) -> int:
    """`check` in a child process: the gate's memory (every body, rendered and sanitised) goes back to
    the system before MkDocs and Pagefind start, instead of sitting beside them until the end."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            code = check(root)
        except BaseException as exc:  # noqa: BLE001 - the parent reports; never a second build from the child
            print(f"Interner Fehler beim Prüfen ({type(exc).__name__}) – bitte melden.", file=sys.stderr)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def build(root: Path, site_dir: Path, *, environ: dict | None = None, search_index: bool = True, config_file: Path | None = None,
          keep_previous: bool = False) -> dict:
    """Build the site into ``site_dir`` atomically; raises BuildFailed and leaves ``site_dir`` alone on failure.

    Returns the counts of what was written (pages, feeds, calendars, images)."""
    root = Path(root).resolve()
    site_dir = Path(site_dir).resolve()
    environ = dict(os.environ if environ is None else environ)
    environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    day = settings.build_date(environ)
    environ.setdefault("SOURCE_DATE_EPOCH", str(settings.source_date_epoch(day)))
    environ["BUILD_DATE"] = day.isoformat()

    # One staging folder per process: two overlapping builds never write into each other's.
    staging = site_dir.with_name(f".{site_dir.name}.new-{os.getpid()}")
    previous = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}")
    for leftover in (staging, previous):
        shutil.rmtree(leftover, ignore_errors=True)
    config = config_file or root / "mkdocs.yml"
    inner = root / ".cache" / "build-phases-mkdocs.json"
    environ["MODELLREGION_PHASES"] = str(inner)
    phases: dict[str, float] = {}
    try:
        started = time.perf_counter()
        run_mkdocs([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config), "--site-dir", str(staging)], root, environ)
        phases["mkdocs_process"] = time.perf_counter() - started
        if search_index:
            from .search import SearchIndexFailed, index_site  # Pagefind is only needed for the real site

            started = time.perf_counter()
            try:
                index_site(staging, environ)
            except SearchIndexFailed as exc:
                _log(root, str(exc))
                raise BuildFailed("Suchindex") from None
            phases["search"] = time.perf_counter() - started
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    started = time.perf_counter()
    counts = count_outputs(staging)
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    if keep_previous:  # `make publish`: the site before this one stays for `make rollback`
        kept = previous_site(site_dir)
        shutil.rmtree(kept, ignore_errors=True)
        if previous.exists():
            previous.rename(kept)
    shutil.rmtree(previous, ignore_errors=True)
    phases["swap"] = time.perf_counter() - started
    _write_phases(root, inner, phases)
    return counts


def _write_phases(root: Path, inner: Path, outer: dict[str, float]) -> None:
    """The build's phases in one file: MkDocs' own (from the hooks) and the driver's."""
    try:
        phases = json.loads(inner.read_text(encoding="utf-8"))
        inner.unlink()
    except (OSError, ValueError):
        phases = {}
    phases.update({key: round(value, 3) for key, value in outer.items()})
    (root / PHASES).write_text(json.dumps(phases, indent=1), encoding="utf-8")


def previous_site(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}.vorher")


@contextmanager
def publish_lock(root: Path, wait: bool = True):
    """One publication at a time: a second `make publish` waits for the first (or, without
    waiting, says so and stops). The lock is released by the kernel if a build is killed."""
    lock_path = root / ".cache" / "publish.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise PublishBusy() from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class PublishBusy(Exception):
    pass


def rollback(root: Path, site_dir: Path) -> int:
    """Swap site/ and the site before the last publication (a second rollback undoes the first)."""
    kept = previous_site(site_dir)
    with publish_lock(root):
        if not kept.is_dir():
            print("Es gibt keine frühere Fassung – „make rollback“ geht erst nach zwei „make publish“.", file=sys.stderr)
            return 1
        swap = site_dir.with_name(f".{site_dir.name}.tausch-{os.getpid()}")
        site_dir.rename(swap)
        kept.rename(site_dir)
        swap.rename(kept)
    print(f"Die vorherige Fassung ist wieder veröffentlicht: {site_dir} (die zurückgenommene liegt in {kept.name})")
    return 0


def _log(root: Path, text: str) -> None:
    log = root / BUILD_LOG
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(text, encoding="utf-8")


def run_mkdocs(command: list[str], cwd: Path, environ: dict) -> None:
    """Run MkDocs; its German lines (from glue.GermanMessages) are kept, the rest goes to the build log."""
    result = subprocess.run(command, cwd=cwd, env=environ, capture_output=True, text=True)
    output = (result.stdout or "") + (result.stderr or "")
    _log(cwd, output)
    if result.returncode == 0:
        return
    lines = []
    for line in output.splitlines():
        if line.startswith(("Achtung: ", "Fehler: ")):
            message = line.split(": ", 1)[1]
            if not re.match(r"^\d+ Probleme? im Inhalt", message):
                lines.append(message)
        elif line.startswith(("  content/", "  data/")):
            lines.append(line.strip())  # a PluginError from on_config: the lines of the gate's report
    raise BuildFailed(f"mkdocs build: Exit-Code {result.returncode}", [line for line in lines if line.strip()])


def write_nginx(root: Path, folder: Path) -> int:
    """The generated parts of the nginx configuration (deploy/nginx/modellregion.conf includes them)."""
    from .security import nginx_admin_include, nginx_include, nginx_redirects

    verdict = check_region(root, settings.build_date(), engine_from_file(root))
    if not verdict.ok:
        print(ContentErrors(verdict.errors).report(), file=sys.stderr)
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "modellregion-security-headers.conf").write_text(nginx_include(), encoding="utf-8")
    (folder / "modellregion-redirects.conf").write_text(nginx_redirects(verdict.site.redirects), encoding="utf-8")
    cms = verdict.site.region.cms
    (folder / "modellregion-admin-headers.conf").write_text(nginx_admin_include(cms.origin if cms else None), encoding="utf-8")
    print(f"Geschrieben: {folder}/modellregion-security-headers.conf, modellregion-admin-headers.conf und modellregion-redirects.conf – nach /etc/nginx/snippets/ kopieren (docs/betrieb.md)")
    return 0


def _add_phases(root: Path, **seconds: float) -> None:
    path = root / PHASES
    try:
        phases = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    phases.update({key: round(value, 3) for key, value in seconds.items()})
    path.write_text(json.dumps(phases, indent=1), encoding="utf-8")


def count_outputs(site_dir: Path) -> dict:
    files = [p for p in site_dir.rglob("*") if p.is_file()]
    return {
        "pages": sum(1 for p in files if p.suffix == ".html"),
        "feeds": sum(1 for p in files if p.name.endswith((".rss.xml", ".atom.xml"))),
        "calendars": sum(1 for p in files if p.suffix == ".ics"),
        "images": sum(1 for p in files if "varianten" in p.parts),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m modellregion", description="Website prüfen, bauen oder als Vorschau zeigen.")
    parser.add_argument("command", choices=("build", "check", "serve", "editor", "pruefen", "publish", "rollback", "nginx"))
    parser.add_argument("--root", default=".", help="der Projektordner (mit mkdocs.yml, data/ und content/)")
    parser.add_argument("--site-dir", default="site")
    parser.add_argument("--no-search", action="store_true", help="ohne Pagefind-Suchindex")
    parser.add_argument("--port", type=int, default=8000, help="Port der Vorschau (make serve PORT=8001)")
    parser.add_argument("--no-wait", action="store_true", help="publish: nicht warten, wenn schon ein Build läuft")
    parser.add_argument("--out", default="deploy/nginx/erzeugt", help="nginx: Ordner für die erzeugten Dateien")
    parser.add_argument("--cms-port", type=int, default=8081, help="editor: Port des lokalen Backends (make editor CMS_PORT=8082)")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    if args.command == "check":
        return check(root)
    if args.command == "serve":
        check(root)
        return serve(root, args.port)
    if args.command == "editor":
        from .editor import run as run_editor

        check(root)
        return run_editor(root, args.port, args.cms_port)
    if args.command == "pruefen":  # the local backend of `make editor` asks before every write
        from .precheck import main as precheck

        return precheck(root)
    if args.command == "rollback":
        return rollback(root, root / args.site_dir)
    if args.command == "nginx":
        return write_nginx(root, root / args.out)
    if args.command == "publish":
        try:
            with publish_lock(root, wait=not args.no_wait):
                return build_and_report(root, args, keep_previous=True)
        except PublishBusy:
            print("Es läuft schon eine Veröffentlichung – diese wird übersprungen; die laufende bringt die Website auf den neuesten Stand.", file=sys.stderr)
            return 0
    return build_and_report(root, args)


def build_and_report(root: Path, args, keep_previous: bool = False) -> int:
    started = time.monotonic()
    try:  # the gate and the build judge scheduled news by the same minute
        os.environ.setdefault("BUILD_TIME", settings.build_time().strftime("%H:%M"))
    except settings.SettingsError:
        pass  # check() says what is wrong
    status = check_apart(root)
    gate = time.monotonic() - started
    if status:
        print("Es wurde nichts gebaut; site/ ist unverändert.", file=sys.stderr)
        return status
    environ = dict(os.environ)
    environ["MODELLREGION_CHECKED"] = settings.build_date(environ).isoformat()
    try:
        counts = build(root, root / args.site_dir, environ=environ, search_index=not args.no_search, keep_previous=keep_previous)
    except BuildFailed as exc:
        if exc.lines:
            print(f"{len(exc.lines)} Problem{'e' if len(exc.lines) != 1 else ''} beim Bauen:", file=sys.stderr)
            for line in exc.lines:
                print(f"  {line}", file=sys.stderr)
        else:
            print(f"Interner Fehler beim Bauen ({exc}) – bitte melden; Einzelheiten stehen in {BUILD_LOG.as_posix()}.", file=sys.stderr)
        print("Es wurde nichts gebaut; site/ ist unverändert.", file=sys.stderr)
        return 1
    _add_phases(root, check=gate, total=time.monotonic() - started)
    seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
    print(f"Website gebaut in {seconds} s: {counts['pages']} Seiten, {counts['feeds']} Feeds, {counts['calendars']} Kalender, "
          f"{counts['images']} Bilddateien, 0 Warnungen – {root / args.site_dir}")
    return 0
