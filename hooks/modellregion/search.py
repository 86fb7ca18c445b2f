"""Full-text search: Pagefind indexes the built site offline; only /suche/ loads the index."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


# Not indexed: heading permalinks, screen-reader labels, and teasers/cards of other items
# (each of those has its own page, which is what a hit should lead to).
IGNORED = (".headerlink", ".mr-sr-only", ".mr-teaser", ".mr-card", ".mr-breadcrumbs")


class SearchIndexFailed(RuntimeError):
    pass


def index_site(site_dir: Path, environ: dict | None = None, output_subdir: str = "pagefind", running: set | None = None) -> None:
    """Write the Pagefind bundle to site_dir/pagefind/ (only elements marked data-pagefind-body are indexed).

    With ``running`` (the preview), the process runs in its own process group and is listed there
    while it runs, so that the preview can stop it (and Pagefind's own child) when it ends."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", output_subdir, "--force-language", "de", "--quiet"]
    for selector in IGNORED:
        command += ["--exclude-selectors", selector]
    process = subprocess.Popen(command, env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=running is not None)
    if running is not None:
        running.add(process)
    try:
        stdout, stderr = process.communicate()
    finally:
        if running is not None:
            running.discard(process)
    if process.returncode != 0:
        raise SearchIndexFailed(f"Pagefind failed ({process.returncode}): {stderr.strip() or stdout.strip()}")
