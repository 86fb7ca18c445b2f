"""A small declarative schema for YAML records, checked with line numbers and editor-friendly messages.

jsonschema and pydantic were considered: neither knows the YAML line of a value, neither suggests
'status' for 'staus', and their messages are written for programmers. The content model is small
enough that this checker stays short.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Callable

from .errors import Collector
from .images import alt_problem
from .loading import LineDict, LineList
from .values import (
    SLUG_MAX,
    PartialDate,
    is_email,
    is_phone,
    is_safe_url,
    is_slug,
    parse_date,
    parse_datetime,
)

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg")


@dataclass(frozen=True)
class Field:
    """One field of a record. ``kind`` names the check; see ``_check_value``."""

    kind: str
    required: bool = False
    choices: tuple[str, ...] = ()
    max_len: int | None = None
    item: "Field | None" = None
    fields: "dict[str, Field] | None" = None
    ref: str | None = None  # cross-reference: city, action_field, organisation, project, news
    minimum: float | None = None
    suffixes: tuple[str, ...] = ()
    default: Any = None


def text(required=False, max_len=None, default=None):
    return Field("text", required=required, max_len=max_len, default=default)


def markdown(required=False):
    return Field("markdown", required=required)


def slug(required=False, ref=None):
    return Field("slug", required=required, ref=ref)


def refs(ref, required=False):
    return Field("list", required=required, item=Field("slug", ref=ref), default=())


def texts(required=False):
    return Field("list", required=required, item=Field("text"), default=())


def choice(*choices, required=False, default=None):
    return Field("choice", required=required, choices=choices, default=default)


def record(required=False, **fields):
    return Field("record", required=required, fields=fields)


def records(required=False, **fields):
    return Field("list", required=required, item=Field("record", fields=fields), default=())


def integer(required=False, minimum=None, default=None):
    return Field("integer", required=required, minimum=minimum, default=default)


def amount(required=False):
    return Field("amount", required=required, minimum=0)


def boolean(default=False):
    return Field("boolean", default=default)


def url(required=False):
    return Field("url", required=required)


def email(required=False):
    return Field("email", required=required)


def phone(required=False):
    return Field("phone", required=required)


def date_field(required=False):
    return Field("date", required=required)


def month_or_date(required=False):
    return Field("month_or_date", required=required)


def partial_date(required=False):
    """A date as precise as it is known: 2019, 2019-02 or 2019-02-15."""
    return Field("partial_date", required=required)


def date_or_datetime(required=False):
    return Field("date_or_datetime", required=required)


def news_date(required=False):
    """A news item's date: a day, a day with a time, or only a month (2020-03) when the day is not known."""
    return Field("news_date", required=required)


def content_path(required=False, suffixes=IMAGE_SUFFIXES):
    return Field("content_path", required=required, suffixes=suffixes)


def image(required=False):
    """An image with its text alternative and credit; ``src`` is relative to content/. The alt text
    is judged by images.alt_problem (empty only with ``decorative: true``)."""
    return Field("image", required=required, fields=dict(
        src=content_path(required=True),
        alt=text(),
        credit=text(),
        decorative=boolean(),
    ))


@dataclass(frozen=True)
class Reference:
    """A slug that must exist in another collection; checked once everything is loaded."""

    kind: str
    slug: str
    path: str
    line: int
    field: str


@dataclass
class Context:
    """Where values come from and where problems and references go."""

    path: str
    errors: Collector
    references: list[Reference] = field(default_factory=list)
    content_exists: Callable[[str], bool] = lambda _path: True
    image_problem: Callable[[str], str | None] = lambda _path: None

    def error(self, line: int, field_name: str, message: str) -> None:
        self.errors.add(self.path, line, field_name, message)


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return f"der Wert {'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        return f"die Zahl {value}"
    if isinstance(value, dict):
        return "ein Block mit Feldern"
    if isinstance(value, list):
        return "eine Liste"
    if value is None:
        return "leer"
    return f"„{value}“"


def quote(value: Any) -> str:
    return f"„{value}“"


def closest(word: str, known) -> str | None:
    """The known word an editor most likely meant, or None."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return close[0] if close else None


def suggest(word: str, known) -> str:
    """'meinten Sie „…“?' for a typo, or an empty string."""
    close = closest(word, known)
    return f"meinten Sie „{close}“?" if close else ""


def check_record(data: Any, fields: dict[str, Field], ctx: Context, prefix: str = "", line: int = 0) -> dict:
    """Check a YAML mapping against ``fields``; returns the normalised values (defaults filled in)."""
    if not isinstance(data, LineDict):
        ctx.error(getattr(data, "line", line) or line, prefix.rstrip(".") or "Datei",
                  f"ist {_type_name(data)} – erwartet wird ein Block aus Zeilen der Form „feld: wert“")
        return {name: spec.default for name, spec in fields.items()}
    result: dict[str, Any] = {}
    for key in data:
        if key not in fields:
            hint = suggest(key, tuple(fields))
            allowed = ", ".join(fields)
            ctx.error(data.key_lines.get(key, data.line), prefix + key,
                      f"unbekanntes Feld – {hint + ' ' if hint else ''}erlaubt sind: {allowed}")
    missing_line = line or data.line  # a nested block's missing field is reported at the block's key
    for name, spec in fields.items():
        if name not in data or data[name] is None or data[name] == "":
            if spec.required:
                ctx.error(missing_line, prefix + name, f"fehlt – bitte angeben ({_describe(spec)})")
            result[name] = spec.default
            continue
        result[name] = _check_value(data[name], spec, ctx, prefix + name, data.line_of(name))
    return result


def _describe(spec: Field) -> str:
    return {
        "text": "Text",
        "markdown": "Markdown-Text",
        "slug": "ein Kurzname aus a–z, 0–9 und „-“",
        "choice": "eins von: " + ", ".join(spec.choices),
        "record": "ein Block mit Feldern",
        "image": "ein Block mit src, alt und credit",
        "list": "eine Liste",
        "integer": "eine ganze Zahl",
        "amount": "ein Betrag in Euro, nur Ziffern",
        "boolean": "true oder false",
        "url": "eine Adresse mit https://, mailto: oder tel:",
        "email": "eine E-Mail-Adresse",
        "phone": "eine Telefonnummer",
        "date": "ein Datum wie 2024-05-02",
        "month_or_date": "ein Monat wie 2024-05 oder ein Datum wie 2024-05-02",
        "partial_date": "ein Jahr wie 2019, ein Monat wie 2019-02 oder ein Datum wie 2019-02-15",
        "date_or_datetime": "ein Datum wie 2024-05-02 oder Datum und Uhrzeit wie 2024-05-02T18:30",
        "news_date": "ein Datum wie 2024-05-02, Datum und Uhrzeit wie 2024-05-02T18:30 oder nur ein Monat wie 2024-05",
        "content_path": "ein Dateipfad unterhalb von content/, z. B. bilder/foto.jpg",
    }[spec.kind]


_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_GERMAN_MONTH = re.compile(r"^(\d{1,2})[./](\d{4})$")


def _date_hint(value: str, with_day: bool = True) -> str:
    """'bitte als 2026-12-01 schreiben' for a German date such as 1.12.2026, else a generic example."""
    match = _GERMAN_DATE.match(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return f"bitte als {year:04d}-{month:02d}-{day:02d} schreiben"
    match = _GERMAN_MONTH.match(value)
    if match and not with_day:
        month, year = (int(g) for g in match.groups())
        return f"bitte als {year:04d}-{month:02d} schreiben"
    return "bitte als Jahr-Monat-Tag schreiben, z. B. 2024-05-02"


def _check_value(value: Any, spec: Field, ctx: Context, name: str, line: int) -> Any:
    kind = spec.kind
    if kind == "record":
        return check_record(value, spec.fields or {}, ctx, name + ".", line)
    if kind == "image":
        values = check_record(value, spec.fields or {}, ctx, name + ".", line)
        problem = alt_problem(values.get("alt"), values["src"], bool(values.get("decorative"))) if values.get("src") else None
        if problem:
            alt_line = value.line_of("alt") if isinstance(value, LineDict) and "alt" in value else line
            ctx.error(alt_line, name + ".alt", problem)
        return values
    if kind == "list":
        if not isinstance(value, LineList):
            if spec.item and spec.item.kind != "record" and isinstance(value, (str, int, float)) and not isinstance(value, bool):
                ctx.error(line, name, f"ist {_type_name(value)} – erwartet wird eine Liste, z. B. [{value}]")
            else:
                ctx.error(line, name, f"ist {_type_name(value)} – erwartet wird eine Liste")
            return spec.default
        items = []
        seen: dict[Any, int] = {}
        for index, item in enumerate(value):
            item_line = value.line_of(index)
            if item is None:
                ctx.error(item_line, name, "leerer Listeneintrag – bitte das „-“ entfernen oder den Eintrag ausfüllen")
                continue
            key = item if isinstance(item, (str, int, float)) else None
            if key is not None and key in seen:
                ctx.error(item_line, name, f"„{item}“ steht zweimal in der Liste (zuerst in Zeile {seen[key]}) – bitte einmal streichen")
                continue
            if key is not None:
                seen[key] = item_line
            items.append(_check_value(item, spec.item, ctx, name, item_line))
        return tuple(items)
    if isinstance(value, (LineDict, LineList)):
        ctx.error(line, name, f"ist {_type_name(value)} – erwartet wird {_describe(spec)}")
        return spec.default
    if kind == "boolean":
        if not isinstance(value, bool):
            ctx.error(line, name, f"ist {_type_name(value)} – erwartet wird true oder false")
            return spec.default
        return value
    if kind in ("integer", "amount"):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind == "integer" and isinstance(value, float)):
            example = "1250000" if kind == "amount" else "42"
            what = "kein Betrag" if kind == "amount" else "keine ganze Zahl"
            ctx.error(line, name, f"{_type_name(value)} ist {what} – bitte nur Ziffern ohne Punkte und Einheit schreiben, z. B. {example}")
            return None
        if spec.minimum is not None and value < spec.minimum:
            ctx.error(line, name, f"{value} ist zu klein – erlaubt sind Werte ab {spec.minimum:g}")
            return None
        return value
    if isinstance(value, bool):
        ctx.error(line, name, f"ist {_type_name(value)} – erwartet wird {_describe(spec)}; Text wie yes, no, on oder off bitte in Anführungszeichen setzen")
        return spec.default
    value = str(value).strip() if not isinstance(value, str) else value.strip()
    if kind in ("text", "markdown"):
        if spec.max_len is not None and len(value) > spec.max_len:
            ctx.error(line, name, f"hat {len(value)} Zeichen – höchstens {spec.max_len} sind erlaubt; bitte kürzen")
        return value
    if kind == "slug":
        if not is_slug(value):
            ctx.error(line, name, f"„{value}“ ist kein gültiger Kurzname – bitte nur Kleinbuchstaben a–z, Ziffern und „-“ verwenden, höchstens {SLUG_MAX} Zeichen")
            return None
        if spec.ref:
            ctx.references.append(Reference(spec.ref, value, ctx.path, line, name))
        return value
    if kind == "choice":
        if value not in spec.choices:
            hint = suggest(value, spec.choices)
            ctx.error(line, name, f"„{value}“ gibt es nicht – {hint + ' ' if hint else ''}erlaubt sind {', '.join(spec.choices)}")
            return spec.default
        return value
    if kind == "url":
        if not is_safe_url(value):
            hint = f"; meinten Sie „https://{value}“?" if re.match(r"^www\.[^\s/]+\.[a-z]{2,}", value, re.IGNORECASE) else ""
            ctx.error(line, name, f"„{value}“ ist kein erlaubter Link – bitte eine vollständige Adresse mit https://, mailto: oder tel: angeben{hint}")
            return None
        return value
    if kind == "email":
        if not is_email(value):
            ctx.error(line, name, f"„{value}“ ist keine E-Mail-Adresse – bitte in der Form name@example.org schreiben")
            return None
        return value
    if kind == "phone":
        if not is_phone(value):
            ctx.error(line, name, f"„{value}“ ist keine Telefonnummer – bitte Ziffern mit Leerzeichen, „+“, „-“ oder „/“ schreiben, z. B. +49 202 123-0")
            return None
        return value
    if kind == "date":
        try:
            return parse_date(value)
        except ValueError:
            ctx.error(line, name, f"„{value}“ ist kein Datum – {_date_hint(value)}")
            return None
    if kind == "month_or_date":
        try:
            return PartialDate.parse(value)
        except ValueError:
            hint = _date_hint(value, with_day=False) if (_GERMAN_DATE.match(value) or _GERMAN_MONTH.match(value)) else "bitte als Monat wie 2024-05 oder als Tag wie 2024-05-02 schreiben"
            ctx.error(line, name, f"„{value}“ ist weder Monat noch Datum – {hint}")
            return None
    if kind == "partial_date":
        try:
            return PartialDate.parse(value, allow_year=True)
        except ValueError:
            ctx.error(line, name, f"„{value}“ ist weder Jahr noch Monat noch Datum – bitte so genau wie bekannt schreiben: 2019, 2019-02 oder 2019-02-15")
            return None
    if kind == "news_date" and re.fullmatch(r"\d{4}-\d{2}", value):
        try:
            return PartialDate.parse(value)
        except ValueError:
            ctx.error(line, name, f"„{value}“ ist kein Monat – bitte als Jahr-Monat schreiben, z. B. 2024-05")
            return None
    if kind in ("date_or_datetime", "news_date"):
        try:
            return parse_date(value)
        except ValueError:
            pass
        try:
            return parse_datetime(value)
        except ValueError:
            ctx.error(line, name, f"„{value}“ ist weder Datum noch Uhrzeit – {_date_hint(value)}, mit Uhrzeit z. B. 2024-05-02T18:30")
            return None
    if kind == "content_path":
        return _check_content_path(value, spec, ctx, name, line)
    raise AssertionError(f"unknown field kind {kind}")  # pragma: no cover - schema bug


def _check_content_path(value: str, spec: Field, ctx: Context, name: str, line: int) -> str | None:
    path = PurePosixPath(value)
    if "\\" in value or path.is_absolute() or ".." in path.parts or value.startswith("~"):
        ctx.error(line, name, f"„{value}“ liegt außerhalb von content/ – bitte einen Pfad unterhalb von content/ angeben, z. B. bilder/foto.jpg")
        return None
    if spec.suffixes and path.suffix.lower() not in spec.suffixes:
        what = "ist keine Bilddatei" if set(spec.suffixes) <= set(IMAGE_SUFFIXES) else "hat den falschen Dateityp"
        ctx.error(line, name, f"„{value}“ {what} – erlaubt sind {', '.join(spec.suffixes)}")
        return None
    if not ctx.content_exists(value):
        ctx.error(line, name, f"„{value}“ gibt es nicht – bitte die Datei unter content/{value} ablegen oder den Pfad korrigieren")
        return None
    problem = ctx.image_problem(value) if spec.suffixes == IMAGE_SUFFIXES else None
    if problem:
        ctx.error(line, name, problem)  # images.inspect names the file itself
        return None
    return value
