"""`make neu TYP=meldung|projekt|termin|akteur TITEL="…"`: a new item that passes the gate, every field explained.

The file gets today's date (Europe/Berlin) and a slug made from the title; nothing is overwritten.
The lists of cities, action fields and organisations in the comments come from the region's own
data/, so the scaffold fits any region.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from datetime import date, datetime
from pathlib import Path

import yaml

from .content_model import EVENT_STATUSES, ORGANISATION_KINDS, PROJECT_STATUSES
from .values import BERLIN, SLUG_MAX

KINDS = ("meldung", "projekt", "termin", "akteur")
SLUG_LENGTH = 60  # shorter than SLUG_MAX: a slug is part of every address of the item
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "ae", "Ö": "oe", "Ü": "ue", "ß": "ss", "ẞ": "ss"})


class ScaffoldError(Exception):
    """Something the editor can fix (German message)."""


def slugify(title: str, limit: int = SLUG_LENGTH) -> str:
    """„Glasfaser für Schulen“ -> glasfaser-fuer-schulen, shortened at a word boundary."""
    text = unicodedata.normalize("NFKD", title.translate(_UMLAUTS))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    words = re.findall(r"[a-z0-9]+", text)
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:limit]
    return slug[:SLUG_MAX]


def _quoted(text: str) -> str:
    """A YAML double-quoted string (any title can be written this way)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _slugs(root: Path, name: str) -> list[str]:
    try:
        data = yaml.safe_load((root / "data" / name).read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError):
        return []
    return [entry["slug"] for entry in data if isinstance(entry, dict) and isinstance(entry.get("slug"), str)]


def _known(root: Path, name: str) -> str:
    slugs = _slugs(root, name)
    return ", ".join(slugs) if slugs else f"siehe data/{name}"


def news(root: Path, title: str, today: date, slug: str) -> tuple[Path, str]:
    path = root / "content" / "aktuelles" / f"{today.isoformat()}-{slug}.md"
    text = f"""---
# Neue Meldung, angelegt mit „make neu“. Pflichtfelder: title, date, summary.
# Alles hinter einem # ist ein Kommentar und erscheint nirgends.

# Überschrift.
title: {_quoted(title)}

# Erscheinungsdatum (JJJJ-MM-TT). Muss zum Datum im Dateinamen passen. Ein Datum in der Zukunft:
# Die Meldung erscheint mit dem ersten Build an diesem Tag.
date: {today.isoformat()}

# Kurzfassung für Übersichten, Suche und Feeds: reiner Text, höchstens 300 Zeichen.
summary: "Bitte in ein bis zwei Sätzen sagen, worum es geht."

# Betroffene Städte, Handlungsfelder und Projekte (Kennungen), sonst leer lassen: []
# Städte: {_known(root, "cities.yml")}
cities: []
# Handlungsfelder: {_known(root, "action_fields.yml")}
action_fields: []
# Projekte: die Dateinamen in data/projects/ ohne .yml
projects: []

# Wer die Meldung verfasst (erscheint unter der Überschrift und im Feed).
# author: Projektbüro

# true = Entwurf: nur in der Vorschau (make serve) zu sehen, nirgends veröffentlicht.
# Zum Veröffentlichen auf false setzen.
draft: true

# Ein Bild (freiwillig): die # vor den vier Zeilen entfernen. Pfad unter content/,
# alt beschreibt in einigen Worten, was zu sehen ist; credit ist der Bildnachweis.
# image:
#   src: bilder/{today.year}/{slug}.jpg
#   alt: Was auf dem Bild zu sehen ist, in einigen Worten
#   credit: Name der Fotografin oder des Fotografen
---

Hier beginnt der Text der Meldung. Zwischenüberschriften beginnen mit „## “.
"""
    return path, text


def project(root: Path, title: str, today: date, slug: str) -> tuple[Path, str]:
    cities, fields = _slugs(root, "cities.yml"), _slugs(root, "action_fields.yml")
    path = root / "data" / "projects" / f"{slug}.yml"
    text = f"""# Neues Projekt, angelegt mit „make neu“. Pflichtfelder: title, summary, cities, action_fields,
# status, updated. Freiwillige Felder, die nicht passen, ganz löschen. Eine ausführliche
# Projektgeschichte kommt (freiwillig) nach content/projekte/{slug}.md.

# Name des Projekts.
title: {_quoted(title)}

# Kurzbeschreibung: reiner Text, höchstens 300 Zeichen.
summary: "Bitte in ein bis zwei Sätzen sagen, was das Projekt erreichen will."

# Beteiligte Städte und Handlungsfelder (Kennungen, mindestens je eine) – bitte prüfen.
# Städte: {", ".join(cities) or "siehe data/cities.yml"}
cities: [{cities[0] if cities else ""}]
# Handlungsfelder: {", ".join(fields) or "siehe data/action_fields.yml"}
action_fields: [{fields[0] if fields else ""}]

# Art: modellprojekt (Projekt der Modellregion) oder partnervorhaben (eigenes Vorhaben eines Partners).
kind: modellprojekt

# Stand, genau einer dieser Werte: {", ".join(PROJECT_STATUSES)}
status: geplant

# Zeitraum als Monat (JJJJ-MM) oder Tag (JJJJ-MM-TT), freiwillig.
# start: {today.strftime("%Y-%m")}
# end: {today.year + 1}-12

# Federführung und Partner: Kennungen aus data/organisations.yml, freiwillig.
# lead: {(_slugs(root, "organisations.yml") or ["kennung"])[0]}
# partners: []

# Datum der letzten Änderung (JJJJ-MM-TT); erscheint als „Stand“, solange as_of fehlt.
updated: {today.isoformat()}

# Woher die Angaben stammen (Kennungen aus data/sources.yml) und wann sie zuletzt bestätigt
# wurden, so genau wie bekannt (2019, 2019-02 oder 2019-02-15); freiwillig.
# sources: []
# as_of: {today.strftime("%Y-%m")}
"""
    return path, text


def event(root: Path, title: str, today: date, slug: str) -> tuple[Path, str]:
    path = root / "data" / "events" / f"{slug}.yml"
    text = f"""# Neuer Termin, angelegt mit „make neu“. Pflichtfelder: title, start, updated.

# Name der Veranstaltung.
title: {_quoted(title)}

# Beginn und Ende in deutscher Zeit, Datum und Uhrzeit mit „T“ dazwischen – bitte anpassen.
# Ganztägig: nur das Datum (start: {today.isoformat()}) und all_day: true.
start: {today.isoformat()}T18:00
end: {today.isoformat()}T20:00

# Ort: Name und Anschrift, oder online_url für eine Online-Veranstaltung.
location:
  name: "Bitte den Ort angeben"
  # address: Straße 1, 12345 Stadt
  # online_url: https://…

# Betroffene Städte und Handlungsfelder (Kennungen), sonst leer lassen: []
# Städte: {_known(root, "cities.yml")}
cities: []
# Handlungsfelder: {_known(root, "action_fields.yml")}
action_fields: []

# Stand des Termins: {", ".join(EVENT_STATUSES)}
status: geplant

# Wann der Termin angekündigt oder zuletzt geändert wurde (Feeds und Kalender nutzen es).
updated: {today.isoformat()}
"""
    return path, text


def organisation_entry(root: Path, title: str, today: date, slug: str) -> str:
    return f"""
# Neuer Akteur, angelegt am {today.isoformat()} mit „make neu“. Pflichtfelder: slug, name, kind.
- slug: {slug}
  name: {_quoted(title)}
  # Art, genau einer dieser Werte: {", ".join(ORGANISATION_KINDS)}
  kind: Verein
  # Stadt (Kennung aus data/cities.yml: {_known(root, "cities.yml")}); weglassen, wenn regional.
  # city: kennung
  # website: https://…
  # description: Kurzbeschreibung, höchstens 600 Zeichen.
"""


def create(root: Path, kind: str, title: str, today: date | None = None) -> tuple[Path, str]:
    """Write the new item; returns its path and the preview address. Raises ScaffoldError."""
    title = " ".join((title or "").split())
    if kind not in KINDS:
        raise ScaffoldError(f"TYP „{kind}“ gibt es nicht – erlaubt sind {', '.join(KINDS)}, z. B. make neu TYP=meldung TITEL=\"Glasfaser für Schulen\"")
    if not title:
        raise ScaffoldError("TITEL fehlt – bitte so aufrufen: make neu TYP=meldung TITEL=\"Glasfaser für Schulen\"")
    today = today or datetime.now(BERLIN).date()
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(f"aus dem Titel „{title}“ lässt sich keine Kennung bilden – bitte Buchstaben oder Ziffern verwenden")
    if kind == "akteur":
        path = root / "data" / "organisations.yml"
        if slug in _slugs(root, "organisations.yml"):
            raise ScaffoldError(f"den Akteur „{slug}“ gibt es schon in data/organisations.yml – bitte einen anderen Titel wählen")
        existing = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text(existing.rstrip("\n") + "\n" + organisation_entry(root, title, today, slug), encoding="utf-8")
        return path, f"akteure/{slug}/"
    path, text = {"meldung": news, "projekt": project, "termin": event}[kind](root, title, today, slug)
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root).as_posix()} gibt es schon – nichts überschrieben; bitte einen anderen Titel wählen")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    address = {"meldung": f"aktuelles/{today.year}/{slug}/", "projekt": f"projekte/{slug}/", "termin": f"termine/{slug}/"}[kind]
    return path, address


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    kind, title = (argv + ["", ""])[:2]
    root = Path.cwd()
    try:
        path, address = create(root, kind, title)
    except ScaffoldError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"Angelegt: {path.relative_to(root).as_posix()}")
    print(f"Vorschau (nach „make serve“): http://127.0.0.1:8000/{address}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
