"""German dates, times, periods and amounts for the site's text (one place, used by every template)."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date
from babel.numbers import format_decimal

from .values import BERLIN, PartialDate

LOCALE = "de_DE"


def datum(value: date | datetime | None) -> str:
    """16. Januar 2018"""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(BERLIN).date()
    return format_date(value, "d. MMMM y", locale=LOCALE)


def datum_kurz(value: date | datetime) -> str:
    """16.01.2018 (for tables and dense lists)"""
    if isinstance(value, datetime):
        value = value.astimezone(BERLIN).date()
    return value.strftime("%d.%m.%Y")


def uhrzeit(value: datetime) -> str:
    return value.astimezone(BERLIN).strftime("%H:%M")


def monat(value: PartialDate | None) -> str:
    """März 2019, or 15. März 2019 when the day is known, or 2019 when only the year is."""
    if value is None:
        return ""
    if value.month is None:
        return str(value.year)
    if value.day:
        return datum(value.first_day())
    return format_date(value.first_day(), "MMMM y", locale=LOCALE)


def zeitraum(start: PartialDate | None, end: PartialDate | None) -> str:
    """A project period: 'März 2019 – Dezember 2020', 'seit März 2019', 'bis Dezember 2020'."""
    if start and end:
        return f"{monat(start)} – {monat(end)}"
    if start:
        return f"seit {monat(start)}"
    if end:
        return f"bis {monat(end)}"
    return ""


def termin(start: date | datetime, end: date | datetime | None, all_day: bool) -> str:
    """12. Februar 2020, 10:00–16:00 Uhr · 12.–13. Februar 2020 (ganztägig) · …"""
    if all_day:
        first = start.date() if isinstance(start, datetime) else start
        last = (end.date() if isinstance(end, datetime) else end) if end else first
        if last == first:
            return f"{datum(first)} (ganztägig)"
        return f"{datum(first)} bis {datum(last)} (ganztägig)"
    assert isinstance(start, datetime)
    if end is None:
        return f"{datum(start)}, {uhrzeit(start)} Uhr"
    assert isinstance(end, datetime)
    if end.astimezone(BERLIN).date() == start.astimezone(BERLIN).date():
        return f"{datum(start)}, {uhrzeit(start)}–{uhrzeit(end)} Uhr"
    return f"{datum(start)}, {uhrzeit(start)} Uhr bis {datum(end)}, {uhrzeit(end)} Uhr"


def euro(value: float | int | None) -> str:
    """1.250.000 € (no cents unless there are some)"""
    if value is None:
        return ""
    pattern = "#,##0" if float(value).is_integer() else "#,##0.00"
    return f"{format_decimal(value, format=pattern, locale=LOCALE)}\u00a0€"


def zahl(value: int | float | None) -> str:
    """630.000"""
    if value is None:
        return ""
    return format_decimal(value, format="#,##0", locale=LOCALE)


def anzahl(count: int, singular: str, plural: str) -> str:
    """1 Projekt, 2 Projekte, 0 Projekte"""
    return f"{count} {singular if count == 1 else plural}"
