"""Every file under content/ and data/ is of a known kind or refused: the gate's first look at a region.

Nothing is followed or opened here: symlinks, special files, odd names and unknown file types are
refused by name alone, so that nothing from outside the repository is ever read or published.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataError

NAME_MAX = 100  # characters in one file or folder name

# data/: the region's facts. Required lists first, then optional files, then one-file-per-item folders.
DATA_FILES_REQUIRED = ("region.yml", "cities.yml", "action_fields.yml", "organisations.yml")
DATA_FILES_OPTIONAL = ("redirects.yml", "sources.yml", "milestones.yml")
DATA_FOLDERS = ("projects", "events")

# content/: Markdown and the files it may publish (all others are refused, never copied to the site).
MARKDOWN = (".md",)
IMAGES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg", ".ico")
DOCUMENTS = (".pdf", ".odt", ".ods", ".odp", ".csv")
MEDIA = (".mp4", ".webm", ".mp3", ".ogg", ".vtt")
PUBLISHED = IMAGES + DOCUMENTS + MEDIA

_RENAME = {
    ".markdown": ".md", ".mdown": ".md", ".mkd": ".md", ".mkdn": ".md", ".txt": ".md",
    ".yaml": ".yml", ".jpe": ".jpg", ".jfif": ".jpg", ".tif": None, ".tiff": None, ".heic": None, ".bmp": None,
}
_NEVER = {
    ".html": "HTML-Dateien werden nicht veröffentlicht – Inhalte bitte als Markdown (.md) schreiben",
    ".htm": "HTML-Dateien werden nicht veröffentlicht – Inhalte bitte als Markdown (.md) schreiben",
    ".js": "Skripte werden nicht veröffentlicht – bitte die Datei entfernen",
    ".mjs": "Skripte werden nicht veröffentlicht – bitte die Datei entfernen",
    ".css": "Stylesheets gehören nicht in content/ – bitte die Datei entfernen (Gestaltung: overrides/)",
    ".php": "Programmdateien werden nicht veröffentlicht – bitte die Datei entfernen",
    ".svgz": "komprimierte SVG-Dateien werden nicht veröffentlicht – bitte als .svg speichern",
    ".xml": "XML-Dateien werden nicht veröffentlicht – Feeds und Sitemap erzeugt der Build selbst",
}
# Bidirectional controls can make a name read differently from what it is (e.g. "gpj.exe" shown as "exe.jpg").
_BIDI = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")


@dataclass
class Inventory:
    """The files of a region by kind; what is listed here passed the name and type checks."""

    data_files: dict[str, Path] = field(default_factory=dict)  # region.yml … -> path
    items: dict[str, list[Path]] = field(default_factory=lambda: {folder: [] for folder in DATA_FOLDERS})
    markdown: list[Path] = field(default_factory=list)
    assets: list[Path] = field(default_factory=list)  # files below content/ that are published as they are
    errors: list[DataError] = field(default_factory=list)


def name_problem(name: str) -> str | None:
    """Why a file or folder name cannot be published, or None."""
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        return "der Name enthält ein Steuerzeichen – bitte die Datei umbenennen (nur Buchstaben, Ziffern, „-“ und „_“)"
    if any(ch in _BIDI for ch in name):
        return "der Name enthält unsichtbare Schreibrichtungszeichen – bitte die Datei neu benennen"
    if len(name) > NAME_MAX:
        return f"der Name hat {len(name)} Zeichen – höchstens {NAME_MAX} sind erlaubt; bitte kürzer benennen"
    return None


def _kind_problem(entry: os.DirEntry, shown: str) -> str | None:
    """Symlinks and special files are refused before anything opens them."""
    if entry.is_symlink():
        return "ist ein symbolischer Link – Links werden nie verfolgt oder veröffentlicht; bitte durch die Datei selbst ersetzen"
    mode = entry.stat(follow_symlinks=False).st_mode
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return "ist keine gewöhnliche Datei (Gerät, Pipe oder Socket) – bitte entfernen"
    if stat.S_ISREG(mode) and entry.stat(follow_symlinks=False).st_nlink > 1:
        # Git never checks out hard links: one here points at a file that lives elsewhere on this machine.
        return "ist ein harter Link auf eine andere Datei – bitte eine echte Kopie der Datei ablegen"
    return None


def _walk(folder: Path, root: Path, errors: list[DataError]):
    """Regular files below ``folder`` (sorted, not following links); refused entries become errors."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        errors.append(DataError(_shown(folder, root), 0, "", f"Ordner kann nicht gelesen werden ({exc.strerror}) – bitte Rechte prüfen"))
        return
    for entry in entries:
        path = Path(entry.path)
        shown = _shown(path, root)
        problem = name_problem(entry.name) or _kind_problem(entry, shown)
        if problem:
            errors.append(DataError(shown, 0, "", problem))
            continue
        if entry.name.startswith("."):
            if entry.name != ".gitkeep":
                errors.append(DataError(shown, 0, "", "versteckte Dateien und Ordner werden nicht veröffentlicht – bitte löschen"))
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path, root, errors)
        else:
            yield path


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _rename_hint(suffix: str) -> str | None:
    if suffix in _RENAME:
        target = _RENAME[suffix]
        if target is None:
            return f"das Format „{suffix}“ zeigen Browser nicht an – bitte als JPEG (.jpg) oder PNG (.png) speichern"
        return f"hat die Endung „{suffix}“ – bitte in „{target}“ umbenennen"
    return None


def take_inventory(root: Path, content_dir: Path, data_dir: Path) -> Inventory:
    """Classify every file of a region; everything not listed in the result is refused with a reason."""
    inventory = Inventory()
    errors = inventory.errors
    if not data_dir.is_dir() or data_dir.is_symlink():
        errors.append(DataError(_shown(data_dir, root), 0, "", "Ordner fehlt – die Region braucht data/ mit region.yml, cities.yml, action_fields.yml und organisations.yml"))
    else:
        for path in _walk(data_dir, root, errors):
            shown = _shown(path, root)
            relative = path.relative_to(data_dir)
            suffix = path.suffix.lower()
            if suffix == ".yml" and len(relative.parts) == 1 and relative.name in DATA_FILES_REQUIRED + DATA_FILES_OPTIONAL:
                inventory.data_files[relative.name] = path
            elif suffix == ".yml" and len(relative.parts) == 2 and relative.parts[0] in DATA_FOLDERS:
                inventory.items[relative.parts[0]].append(path)
            elif _rename_hint(suffix) and suffix == ".yaml":
                errors.append(DataError(shown, 0, "", _rename_hint(suffix)))
            elif suffix == ".md":
                errors.append(DataError(shown, 0, "", "Markdown gehört nach content/ – bitte die Datei dorthin verschieben"))
            elif suffix == ".yml" and len(relative.parts) == 1:
                known = ", ".join(DATA_FILES_REQUIRED + DATA_FILES_OPTIONAL)
                errors.append(DataError(shown, 0, "", f"unbekannte Datendatei – bekannt sind {known} und die Ordner projects/ und events/"))
            elif suffix == ".yml":
                errors.append(DataError(shown, 0, "", "liegt in einem unbekannten Ordner – Projekte gehören nach data/projects/, Termine nach data/events/"))
            else:
                errors.append(DataError(shown, 0, "", f"unbekannter Dateityp „{path.suffix or path.name}“ – in data/ stehen nur YAML-Dateien (.yml)"))
        for name in DATA_FILES_REQUIRED:
            if name not in inventory.data_files:
                errors.append(DataError(_shown(data_dir / name, root), 0, "", "Datei fehlt – jede Region braucht sie (Vorlage im Handbuch, docs/inhaltsmodell.md)"))
    if not content_dir.is_dir() or content_dir.is_symlink():
        errors.append(DataError(_shown(content_dir, root), 0, "", "Ordner fehlt – die Region braucht content/ mit den Markdown-Seiten"))
        return inventory
    for path in _walk(content_dir, root, errors):
        shown = _shown(path, root)
        suffix = path.suffix.lower()
        if suffix in MARKDOWN and path.suffix == ".md":
            inventory.markdown.append(path)
        elif suffix in PUBLISHED:
            if path.stat().st_size == 0:
                errors.append(DataError(shown, 0, "", "Datei ist leer – bitte die richtige Datei ablegen oder diese löschen"))
            else:
                inventory.assets.append(path)
        elif suffix in MARKDOWN:
            errors.append(DataError(shown, 0, "", "hat die Endung „.MD“ – bitte in „.md“ (klein geschrieben) umbenennen"))
        elif suffix in (".yml", ".yaml"):
            errors.append(DataError(shown, 0, "", "YAML-Dateien gehören nach data/ – bitte die Datei dorthin verschieben"))
        elif suffix in _NEVER:
            errors.append(DataError(shown, 0, "", _NEVER[suffix]))
        elif _rename_hint(suffix):
            errors.append(DataError(shown, 0, "", _rename_hint(suffix)))
        else:
            allowed = ", ".join(PUBLISHED)
            errors.append(DataError(shown, 0, "", f"Dateityp „{path.suffix or path.name}“ wird nicht veröffentlicht – erlaubt sind Markdown (.md) und {allowed}"))
    return inventory
