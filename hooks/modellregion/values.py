"""Small value types of the content model: partial dates, slugs, safe URLs and e-mail addresses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import ada_url

BERLIN = ZoneInfo("Europe/Berlin")

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()/-]{3,}[0-9]$")
SAFE_SCHEMES = ("http", "https", "mailto", "tel")


SLUG_MAX = 80  # slugs become folder names and URL segments


def is_slug(value: str) -> bool:
    """Lowercase words joined by '-', matched in full (a trailing newline does not pass)."""
    return isinstance(value, str) and len(value) <= SLUG_MAX and SLUG_RE.fullmatch(value) is not None


def is_email(value: str) -> bool:
    return EMAIL_RE.fullmatch(value) is not None and ".." not in value


def is_phone(value: str) -> bool:
    return PHONE_RE.fullmatch(value) is not None


def url_scheme(value: str) -> str | None:
    """The scheme of an absolute URL in lower case, or None for relative references."""
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", value.strip())
    return match.group(1).lower() if match else None


# --- URLs as browsers read them ------------------------------------------------------------
# Python's urlsplit and browsers disagree (``\\host/p.gif``, ``https:\\host``, ``/\host``,
# ``http:host``, ``java\tscript:``): every judgement about a URL goes through ada, a WHATWG URL
# parser (the algorithm of Chromium, Firefox and Safari), never through urlsplit or a regex alone.

# Where relative references resolve when no page address is known: a host of our own.
PAGE_BASE = "https://seite.invalid/ordner/seite/"
_LOADING_SCHEMES = ("http:", "https:", "ws:", "wss:", "ftp:", "file:")


def browser_url(value: str, base: str | None = None) -> ada_url.URL | None:
    """The URL a browser makes of ``value`` (resolved against ``base``), or None if it makes none."""
    try:
        return ada_url.URL(value, base) if base else ada_url.URL(value)
    except ValueError:
        return None


def browser_scheme(value: str) -> str | None:
    """The scheme a browser reads in ``value`` (lower case, without ':'), None for a relative reference."""
    parsed = browser_url(value)
    return parsed.protocol[:-1] if parsed is not None else None


def is_safe_url(value: str, schemes: tuple[str, ...] = SAFE_SCHEMES) -> bool:
    """True for absolute http(s)/mailto/tel URLs written plainly, that a browser reads as written.

    Control characters, spaces and backslashes are refused although browsers repair them: a URL
    that needs repairing is a copy-and-paste accident or an attempt to slip past a check.
    """
    if any(ord(ch) < 0x20 or ch.isspace() or ch in "\\\x7f" for ch in value):
        return False
    parsed = browser_url(value)
    if parsed is None:
        return False
    scheme = parsed.protocol[:-1]
    if scheme not in schemes or url_scheme(value) != scheme:
        return False
    if scheme in ("http", "https"):
        written = re.match(r"^https?://([^/?#:@]+)(?::\d+)?(?:[/?#]|$)", value, re.IGNORECASE)
        host = parsed.hostname
        return bool(written) and (("." in host and not host.endswith(".")) or host in ("localhost", "127.0.0.1"))
    return len(value) > len(scheme) + 1


def is_foreign(value: str, page_url: str = PAGE_BASE) -> bool:
    """Would a browser on ``page_url`` load ``value`` from another host (or from the visitor's disk)?

    Relative references and fragments stay on our host; ``data:``, ``javascript:`` and other
    schemes load nothing from a server (the sanitiser refuses them); a URL no browser can parse
    loads nothing either.
    """
    page = browser_url(page_url)
    resolved = browser_url(value, page_url)
    if page is None or resolved is None:
        return False
    if resolved.protocol not in _LOADING_SCHEMES:
        return False
    return resolved.protocol == "file:" or resolved.host != page.host


def phone_href(phone: str) -> str:
    """A tel: URL for a phone number as editors write it (+49 202 563-0 -> tel:+492025630)."""
    return "tel:" + re.sub(r"[^0-9+]", "", phone)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date as precise as it is known: a year (2019, only where allowed), a month (2019-03) or a day (2019-03-15).

    Sorting: a less precise date sorts before the more precise dates it contains
    (2019 before 2019-01, 2019-03 before 2019-03-01), so a month comes after every day of earlier months.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: str, allow_year: bool = False) -> "PartialDate":
        match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
        if not match or (match.group(2) is None and not allow_year):
            raise ValueError(value)
        year = int(match.group(1))
        month = int(match.group(2)) if match.group(2) else None
        day = int(match.group(3)) if match.group(3) else None
        date(year, month or 1, day or 1)  # raises ValueError for month 13 or 31 February
        return cls(year, month, day)

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        return f"{self.year:04d}-{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")


def midnight(day: date) -> datetime:
    """The start of a day in Europe/Berlin: the time given to content that carries only a date."""
    return datetime.combine(day, time(0, 0), tzinfo=BERLIN)


def parse_date(value: str) -> date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(value)
    return date.fromisoformat(value)


def parse_datetime(value: str) -> datetime:
    """An ISO date-time; without an offset it is local time in Europe/Berlin."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?", value):
        raise ValueError(value)
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=BERLIN)
    return parsed.astimezone(BERLIN)
