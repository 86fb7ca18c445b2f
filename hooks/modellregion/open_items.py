"""Open items before launch: what the content still has to settle, listed by `make check` (never an error).

Three markers, each found with its file and line:

- placeholders: addresses on the reserved ``.example`` domains (``presse@region.example``);
- facts to be checked: a comment ``# zu prüfen: …`` in YAML or ``<!-- zu prüfen: … -->`` in Markdown,
  on or above the line of the fact (general knowledge that the region's sources do not state);
- sections to be completed: ``<!-- noch zu ergänzen: … -->`` in a city portrait or any page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_PLACEHOLDER = re.compile(r"(?:https?://)?[\w.+-]*@?[\w-]+(?:\.[\w-]+)*\.example\b[^\s\"'<>)]*", re.IGNORECASE)
# A Markdown marker ends with its "-->" (text may follow it) or with the line; a YAML comment ends with the line.
_TO_CHECK = re.compile(r"<!--\s*zu prüfen:\s*(.+?)\s*(?:-->|$)|#\s*zu prüfen:\s*(.+?)\s*$", re.IGNORECASE)
_TO_COMPLETE = re.compile(r"<!--\s*noch zu ergänzen:\s*(.+?)\s*-->", re.IGNORECASE)
_MARKERS = (".example", "zu prüfen", "noch zu ergänzen")  # every match of the three patterns contains one


@dataclass(frozen=True, order=True)
class OpenItem:
    path: str  # as shown to editors: data/region.yml
    line: int
    text: str

    def __str__(self) -> str:
        return f"  {self.path}:{self.line}: {self.text}"


def find_open_items(root: Path, files: list[Path]) -> list[OpenItem]:
    """Every marked open item in the given text files, sorted by path and line."""
    items = set()
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # the gate reports unreadable files itself
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
        for number, line in enumerate(lines, start=1):
            lowered = line.lower()
            if not any(marker in lowered for marker in _MARKERS):  # the patterns are slow on ordinary lines
                continue
            if match := _TO_CHECK.search(line):
                items.add(OpenItem(shown, number, f"zu prüfen – {match.group(1) or match.group(2)}"))
            if match := _TO_COMPLETE.search(line):
                items.add(OpenItem(shown, number, f"Abschnitt noch zu ergänzen – {match.group(1)}"))
            for match in _PLACEHOLDER.finditer(line):
                items.add(OpenItem(shown, number, f"Platzhalter „{match.group(0)}“ – vor dem Start durch die echte Angabe ersetzen"))
    return sorted(items)
