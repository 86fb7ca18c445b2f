"""How long an editor waits in the preview: `python -m modellregion serve` on the corpus, one edit of a
news title and one edit of a project's status, timed until each affected address shows the change."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.corpus import Corpus
from bench.measure import TreeSampler

TITLE = "Neuer Titel zur Messung 4711"  # plain ASCII: the same bytes in HTML, RSS and Atom
STATUS_ROW = r'Status</th>\s*<td>\s*<span class="mr-badge mr-badge--{status}"'


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def news_url(path: Path) -> str:
    """aktuelles/<year>/<slug>/ of a news file (2026-11-30-slug.md or 2026-11-slug.md)."""
    slug = re.sub(r"^\d{4}-\d{2}(-\d{2})?-", "", path.stem)
    return f"aktuelles/{path.name[:4]}/{slug}/"


def wait_for(base: str, targets: dict[str, str], shows, started: float, timeout: float) -> dict[str, float | None]:
    """Poll every target address until ``shows(body)`` is true; seconds since ``started`` (None: timed out)."""
    found: dict[str, float | None] = {name: None for name in targets}
    while time.perf_counter() - started < timeout and any(value is None for value in found.values()):
        for name, path in targets.items():
            if found[name] is None:
                body = fetch(base + path)
                if body is not None and shows(body):
                    found[name] = round(time.perf_counter() - started, 2)
        time.sleep(0.05)
    return found


def preview_latency(corpus: Corpus, environ: dict, timeout: float = 300) -> dict:
    root = corpus.root
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log_path = root / ".cache" / "bench-serve.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    result: dict = {"port": port}
    started = time.perf_counter()
    with log_path.open("w") as log:
        server = subprocess.Popen([sys.executable, "-m", "modellregion", "serve", "--port", str(port)],
                                  cwd=root, env=environ, stdout=log, stderr=subprocess.STDOUT)
    sampler = TreeSampler(server.pid, 0.1)
    sampler.start()
    try:
        while fetch(base) is None:
            if server.poll() is not None or time.perf_counter() - started > timeout:
                result["error"] = "the preview did not start: " + " / ".join(log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-5:])
                return result
            time.sleep(0.1)
        result["startup"] = round(time.perf_counter() - started, 2)

        # (a) a news item's title: its page, the news listing, the news feed and the start page
        news = corpus.newest_news
        text = news.read_text(encoding="utf-8")
        edited = re.sub(r"^title: .*$", f"title: {TITLE}", text, count=1, flags=re.M)
        targets = {"news page": news_url(news), "listing /aktuelles/": "aktuelles/", "feed aktuelles.rss.xml": "feeds/aktuelles.rss.xml", "start page": ""}
        news.write_text(edited, encoding="utf-8")
        result["news"] = wait_for(base, targets, lambda body: TITLE in body, time.perf_counter(), timeout)

        # (b) a project's status in data/projects/<slug>.yml: its page
        project = root / "data" / "projects" / f"{corpus.edit_project}.yml"
        page = f"projekte/{corpus.edit_project}/"
        before = fetch(base + page) or ""
        if not re.search(STATUS_ROW.format(status="laufend"), before):
            result["project"] = {"error": f"cannot read the status on {page} (markup changed?)"}
        else:
            project.write_text(project.read_text(encoding="utf-8").replace("status: laufend", "status: abgeschlossen", 1), encoding="utf-8")
            done = re.compile(STATUS_ROW.format(status="abgeschlossen"))
            result["project"] = wait_for(base, {"project page": page}, lambda body: bool(done.search(body)), time.perf_counter(), timeout)
        return result
    finally:
        sampler.stop()
        result["peak_rss"] = sampler.peak
        server.send_signal(signal.SIGINT)  # what Ctrl+C does: MkDocs stops its server cleanly
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
