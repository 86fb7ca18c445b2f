"""The handbook's list of messages (docs/fehlermeldungen.md) shows every message the golden cases produce.

The list is written from the cases by `python tests/unit/test_messages_handbook.py` (run it after a
message changes); this test fails when a message of the gate is missing from the handbook.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted((ROOT / "tests" / "cases" / "validation").glob("*.yml"))
HANDBOOK = ROOT / "docs" / "fehlermeldungen.md"


def _message(line: str) -> str:
    """The part of a `pfad:zeile: feld: meldung` line that does not depend on the file."""
    return line.split(": ", 1)[1] if ": " in line else line


def write_handbook() -> str:
    parts = [
        "# Fehlermeldungen und was zu tun ist",
        "",
        "`make check`, `make site` und die Vorschau (`make serve`) melden Probleme im Inhalt alle auf",
        "einmal, in der Form `pfad:zeile: feld: was falsch ist – wie es richtig geht`. Die Datei und die",
        "Zeile führen zur Stelle, der Teil nach dem Gedankenstrich sagt, was zu tun ist. Solange eine",
        "Meldung offen ist, wird nichts gebaut und die veröffentlichte Website bleibt, wie sie war.",
        "",
        "Meldet der Build „Interner Fehler … bitte melden“, liegt der Fehler nicht im Inhalt, sondern",
        "im Programm: bitte die Meldung und die Datei `.cache/interner-fehler.log` an das Projektbüro",
        "schicken.",
        "",
        "Alle Meldungen mit einem Beispiel, nach Feld sortiert (aus den Prüffällen in",
        "`tests/cases/validation/`; die Werte in „…“ stammen aus dem Beispiel):",
        "",
    ]
    messages = sorted({_message(line) for case_file in CASES for line in yaml.safe_load(case_file.read_text(encoding="utf-8"))["expected"]})
    parts += [f"- `{message}`" for message in messages]
    return "\n".join(parts) + "\n"


def test_every_message_is_in_the_handbook():
    handbook = HANDBOOK.read_text(encoding="utf-8")
    missing = []
    for case_file in CASES:
        for line in yaml.safe_load(case_file.read_text(encoding="utf-8"))["expected"]:
            if f"`{_message(line)}`" not in handbook:
                missing.append(f"{case_file.name}: {line}")
    assert missing == [], "docs/fehlermeldungen.md is out of date: run python tests/unit/test_messages_handbook.py"


if __name__ == "__main__":
    HANDBOOK.write_text(write_handbook(), encoding="utf-8")
    sys.exit(0)
