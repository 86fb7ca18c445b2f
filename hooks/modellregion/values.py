"""Small value types of the content model: partial dates, slugs, safe URLs and e-mail addresses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

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


def is_safe_url(value: str, schemes: tuple[str, ...] = SAFE_SCHEMES) -> bool:
    """True for absolute http(s)/mailto/tel URLs that a browser cannot turn into script."""
    if any(ord(ch) < 0x20 or ch.isspace() for ch in value):
        return False
    scheme = url_scheme(value)
    if scheme not in schemes:
        return False
    if scheme in ("http", "https"):
        return bool(re.match(r"^https?://[^/?#\s]+\.[^/?#\s]+", value, re.IGNORECASE)) or bool(
            re.match(r"^https?://(localhost|127\.0\.0\.1)(:\d+)?(/|$)", value)
        )
    return len(value) > len(scheme) + 1


def phone_href(phone: str) -> str:
    """A tel: URL for a phone number as editors write it (+49 202 563-0 -> tel:+492025630)."""
    return "tel:" + re.sub(r"[^0-9+]", "", phone)


@dataclass(frozen=True, order=True)
class PartialDate:
    """A project period boundary: a month (2019-03) or a day (2019-03-15)."""

    year: int
    month: int
    day: int | None = None

    @classmethod
    def parse(cls, value: str) -> "PartialDate":
        match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
        if not match:
            raise ValueError(value)
        year, month = int(match.group(1)), int(match.group(2))
        day = int(match.group(3)) if match.group(3) else None
        date(year, month, day or 1)  # raises ValueError for month 13 or 31 February
        return cls(year, month, day)

    def first_day(self) -> date:
        return date(self.year, self.month, self.day or 1)

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month, self.day or 0)

    def iso(self) -> str:
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
