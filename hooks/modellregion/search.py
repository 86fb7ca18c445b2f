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


def index_site(site_dir: Path, environ: dict | None = None, output_subdir: str = "pagefind") -> None:
    """Write the Pagefind bundle to site_dir/pagefind/ (only elements marked data-pagefind-body are indexed)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", output_subdir, "--force-language", "de", "--quiet"]
    for selector in IGNORED:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, env=environ, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexFailed(f"Pagefind failed ({result.returncode}): {result.stderr.strip() or result.stdout.strip()}")
