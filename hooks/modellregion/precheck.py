"""The gate on a proposed change, before anything is written: what the browser editor saves must pass `make check`.

The local backend of `make editor` (cms/local-backend.js) hands every write and delete to
``check_change`` first. The change is applied to a copy of content/ and data/ in .cache/ (the
editors' tree is never touched), the gate judges the copy, and the change is refused when it brings
a problem the tree did not have before – in the changed files or anywhere else (a deleted news
item that an event still names as its report).
"""

from __future__ import annotations

import base64
import json
import shutil
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path, PurePosixPath

from .errors import DataError
from .validation import Engine, check_region

EDITABLE_ROOTS = ("content", "data")


@dataclass(frozen=True)
class Change:
    """Files to write (path -> bytes) and to delete, as paths below the repository."""

    write: dict[str, bytes]
    delete: tuple[str, ...] = ()
    moved_from: tuple[str, ...] = ()

    @classmethod
    def from_request(cls, request: dict) -> "Change":
        """The JSON the local backend sends: {"write": [{path, raw | base64, new_path}], "delete": [paths]}."""
        write: dict[str, bytes] = {}
        moved: list[str] = []
        for item in request.get("write") or ():
            content = base64.b64decode(item["base64"]) if "base64" in item else str(item.get("raw", "")).encode("utf-8")
            target = item.get("new_path") or item["path"]
            if item.get("new_path") and item["new_path"] != item["path"]:
                moved.append(item["path"])
            write[target] = content
        return cls(write, tuple(request.get("delete") or ()), tuple(moved))

    def paths(self) -> set[str]:
        return set(self.write) | set(self.delete) | set(self.moved_from)


def editable(path: str) -> bool:
    """Only files below content/ and data/, written plainly (no '..', no absolute paths)."""
    parts = PurePosixPath(path).parts
    return bool(parts) and parts[0] in EDITABLE_ROOTS and len(parts) > 1 and ".." not in parts and "\\" not in path and not path.startswith("/")


@dataclass
class Judgement:
    ok: bool
    problems: list[str]  # what stands in the way, German, pfad:zeile: feld: …

    def as_json(self) -> str:
        return json.dumps({"ok": self.ok, "problems": self.problems}, ensure_ascii=False)


def check_change(root: Path, change: Change, build_date: date, engine: Engine | None = None, build_time: time = time(0, 0)) -> Judgement:
    """Would the region still pass the gate (no new problem) with this change applied?"""
    root = Path(root).resolve()
    refused = [DataError(path, 0, "Datei", "das Redaktionssystem darf nur Dateien unter content/ und data/ schreiben")
               for path in sorted(change.paths()) if not editable(path)]
    if refused:
        return Judgement(False, [str(e) for e in refused])
    scratch_parent = root / ".cache"
    scratch_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cms-pruefung-", dir=scratch_parent) as scratch:
        copy = Path(scratch)
        for folder in EDITABLE_ROOTS:
            if (root / folder).is_dir():
                shutil.copytree(root / folder, copy / folder, symlinks=True)
        (copy / ".cache").symlink_to(scratch_parent, target_is_directory=True)  # the image cache is shared
        for path in (*change.delete, *change.moved_from):
            (copy / path).unlink(missing_ok=True)
        for path, content in change.write.items():
            target = copy / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        after = check_region(copy, build_date, engine, build_time=build_time).errors
    if not after:
        return Judgement(True, [])
    before = set(check_region(root, build_date, engine, build_time=build_time).errors)
    changed = change.paths()
    new = [error for error in after if error.path in changed or error not in before]
    return Judgement(not new, [str(error) for error in new])


def main(root: Path, stdin=None, stdout=None) -> int:
    """`python -m modellregion pruefen`: a change as JSON on stdin, the judgement as JSON on stdout."""
    from . import settings
    from .glue import engine_from_file

    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    try:
        change = Change.from_request(json.load(stdin))
    except (ValueError, KeyError, TypeError) as exc:
        stdout.write(Judgement(False, [f"Interner Fehler: die Änderung ist nicht lesbar ({exc}) – bitte melden"]).as_json())
        return 1
    judgement = check_change(root, change, settings.build_date(), engine_from_file(root), settings.build_time())
    stdout.write(judgement.as_json())
    return 0
