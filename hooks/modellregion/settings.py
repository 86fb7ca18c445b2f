"""Build settings from the environment: the build date and the timestamp every output derives from."""

from __future__ import annotations

import os
from datetime import date, datetime, time
from typing import Mapping

from .values import BERLIN, midnight, parse_date


class SettingsError(ValueError):
    """An operator's setting (not content) is wrong."""


def build_date(environ: Mapping[str, str] | None = None) -> date:
    """``BUILD_DATE`` (YYYY-MM-DD) or today in Europe/Berlin."""
    environ = os.environ if environ is None else environ
    value = environ.get("BUILD_DATE", "").strip()
    if not value:
        return datetime.now(BERLIN).date()
    try:
        return parse_date(value)
    except ValueError:
        raise SettingsError(f"BUILD_DATE: „{value}“ ist kein Datum – bitte als JJJJ-MM-TT angeben, z. B. BUILD_DATE=2024-05-01") from None


def build_time(environ: Mapping[str, str] | None = None) -> time:
    """The build's time of day for news scheduled with a time: ``BUILD_TIME`` (HH:MM); without it
    the clock in Europe/Berlin, or the start of the day when ``BUILD_DATE`` fixes another day."""
    environ = os.environ if environ is None else environ
    value = environ.get("BUILD_TIME", "").strip()
    if value:
        try:
            return time.fromisoformat(value)
        except ValueError:
            raise SettingsError(f"BUILD_TIME: „{value}“ ist keine Uhrzeit – bitte als SS:MM angeben, z. B. BUILD_TIME=10:00") from None
    now = datetime.now(BERLIN)
    day = environ.get("BUILD_DATE", "").strip()
    if day and day != now.date().isoformat():
        return time(0, 0)
    return time(now.hour, now.minute)


def source_date_epoch(day: date) -> int:
    """Seconds since 1970 at midnight of the build date in Europe/Berlin (for sitemap and gzip headers)."""
    return int(midnight(day).timestamp())


def pin_source_date_epoch(day: date, environ: dict | None = None) -> None:
    """Make MkDocs' own timestamps follow the build date unless the caller pinned them already."""
    environ = os.environ if environ is None else environ
    environ.setdefault("SOURCE_DATE_EPOCH", str(source_date_epoch(day)))
