"""A small declarative schema for YAML records, checked with line numbers and editor-friendly messages.

jsonschema and pydantic were considered: neither knows the YAML line of a value, neither suggests
'status' for 'staus', and their messages are written for programmers. The content model is small
enough that this checker stays short.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Callable

from .errors import Collector
from .images import alt_problem
from .loading import LineDict, LineList
from .values import (
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


def integer(required=False, minimum=None):
    return Field("integer", required=required, minimum=minimum)


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


def date_or_datetime(required=False):
    return Field("date_or_datetime", required=required)


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
        return "yes/no"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a block of fields"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"'{value}'"


def suggest(word: str, known: list[str] | tuple[str, ...]) -> str:
    """'did you mean ...?' for a typo, or an empty string."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def check_record(data: Any, fields: dict[str, Field], ctx: Context, prefix: str = "", line: int = 0) -> dict:
    """Check a YAML mapping against ``fields``; returns the normalised values (defaults filled in)."""
    if not isinstance(data, LineDict):
        ctx.error(getattr(data, "line", line), prefix.rstrip(".") or "file",
                  f"got {_type_name(data)} (expected a block of 'key: value' lines)")
        return {}
    result: dict[str, Any] = {}
    for key in data:
        if key not in fields:
            hint = suggest(key, tuple(fields))
            allowed = ", ".join(fields)
            expected = f"{hint} allowed: {allowed}" if hint else f"allowed: {allowed}"
            ctx.error(data.key_lines.get(key, data.line), prefix + key, f"unknown field ({expected})")
    missing_line = line or data.line  # a nested block's missing field is reported at the block's key
    for name, spec in fields.items():
        if name not in data or data[name] is None or data[name] == "":
            if spec.required:
                ctx.error(missing_line, prefix + name, f"missing (required: {_describe(spec)})")
            result[name] = spec.default
            continue
        result[name] = _check_value(data[name], spec, ctx, prefix + name, data.line_of(name))
    return result


def _describe(spec: Field) -> str:
    return {
        "text": "text",
        "markdown": "Markdown text",
        "slug": "a slug",
        "choice": "one of: " + ", ".join(spec.choices),
        "record": "a block of fields",
        "image": "a block with src, alt and credit",
        "list": "a list",
        "integer": "a whole number",
        "amount": "an amount in euros",
        "boolean": "true or false",
        "url": "an http(s), mailto or tel link",
        "email": "an e-mail address",
        "phone": "a phone number",
        "date": "a date YYYY-MM-DD",
        "month_or_date": "YYYY-MM or YYYY-MM-DD",
        "date_or_datetime": "YYYY-MM-DD or YYYY-MM-DDTHH:MM",
        "content_path": "a file path below content/",
    }[spec.kind]


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
            if spec.item and spec.item.kind != "record" and isinstance(value, (str, int, float)):
                ctx.error(line, name, f"got {_type_name(value)} (expected a list, e.g. [{value}])")
            else:
                ctx.error(line, name, f"got {_type_name(value)} (expected a list)")
            return spec.default
        items = []
        for index, item in enumerate(value):
            item_line = value.line_of(index)
            if item is None:
                ctx.error(item_line, name, "empty list entry (remove the '-' or fill it in)")
                continue
            items.append(_check_value(item, spec.item, ctx, name, item_line))
        return tuple(items)
    if isinstance(value, (LineDict, LineList)):
        ctx.error(line, name, f"got {_type_name(value)} (expected {_describe(spec)})")
        return spec.default
    if kind == "boolean":
        if not isinstance(value, bool):
            ctx.error(line, name, f"got {_type_name(value)} (expected true or false)")
            return spec.default
        return value
    if kind in ("integer", "amount"):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind == "integer" and isinstance(value, float)):
            example = "1250000" if kind == "amount" else "42"
            what = "a number" if kind == "amount" else "a whole number"
            ctx.error(line, name, f"{_type_name(value)} is not {what} (expected digits only, e.g. {example})")
            return None
        if spec.minimum is not None and value < spec.minimum:
            ctx.error(line, name, f"{value} is too small (expected at least {spec.minimum:g})")
            return None
        return value
    if isinstance(value, bool):
        ctx.error(line, name, f"got {_type_name(value)} (expected {_describe(spec)}; put text in quotes)")
        return spec.default
    value = str(value).strip() if not isinstance(value, str) else value.strip()
    if kind in ("text", "markdown"):
        if spec.max_len is not None and len(value) > spec.max_len:
            ctx.error(line, name, f"has {len(value)} characters (expected at most {spec.max_len})")
        return value
    if kind == "slug":
        if not is_slug(value):
            ctx.error(line, name, f"'{value}' is not a slug (expected lowercase a-z, 0-9 and '-')")
            return None
        if spec.ref:
            ctx.references.append(Reference(spec.ref, value, ctx.path, line, name))
        return value
    if kind == "choice":
        if value not in spec.choices:
            hint = suggest(value, spec.choices)
            hint = f"; {hint}" if hint else ""
            ctx.error(line, name, f"'{value}' is not allowed (expected one of: {', '.join(spec.choices)}{hint})")
            return spec.default
        return value
    if kind == "url":
        if not is_safe_url(value):
            ctx.error(line, name, f"'{value}' is not an allowed link (expected an http, https, mailto or tel URL)")
            return None
        return value
    if kind == "email":
        if not is_email(value):
            ctx.error(line, name, f"'{value}' is not an e-mail address (expected name@example.org)")
            return None
        return value
    if kind == "phone":
        if not is_phone(value):
            ctx.error(line, name, f"'{value}' is not a phone number (expected digits, e.g. +49 202 123-0)")
            return None
        return value
    if kind == "date":
        try:
            return parse_date(value)
        except ValueError:
            ctx.error(line, name, f"'{value}' is not a valid date (expected YYYY-MM-DD, e.g. 2024-05-02)")
            return None
    if kind == "month_or_date":
        try:
            return PartialDate.parse(value)
        except ValueError:
            ctx.error(line, name, f"'{value}' is not a valid month or date (expected YYYY-MM or YYYY-MM-DD)")
            return None
    if kind == "date_or_datetime":
        try:
            return parse_date(value)
        except ValueError:
            pass
        try:
            return parse_datetime(value)
        except ValueError:
            ctx.error(line, name, f"'{value}' is not a valid date or time (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM)")
            return None
    if kind == "content_path":
        return _check_content_path(value, spec, ctx, name, line)
    raise AssertionError(f"unknown field kind {kind}")  # pragma: no cover - schema bug


def _check_content_path(value: str, spec: Field, ctx: Context, name: str, line: int) -> str | None:
    path = PurePosixPath(value)
    if "\\" in value or path.is_absolute() or ".." in path.parts or value.startswith("~"):
        ctx.error(line, name, f"'{value}' leaves the content folder (expected a path below content/, e.g. bilder/foto.jpg)")
        return None
    if spec.suffixes and path.suffix.lower() not in spec.suffixes:
        what = "is not an image file" if set(spec.suffixes) <= set(IMAGE_SUFFIXES) else "has the wrong file type"
        ctx.error(line, name, f"'{value}' {what} (expected one of: {', '.join(spec.suffixes)})")
        return None
    if not ctx.content_exists(value):
        ctx.error(line, name, f"'{value}' does not exist (expected a file below content/)")
        return None
    problem = ctx.image_problem(value) if spec.suffixes == IMAGE_SUFFIXES else None
    if problem:
        ctx.error(line, name, problem)  # images.inspect names the file itself
        return None
    return value
