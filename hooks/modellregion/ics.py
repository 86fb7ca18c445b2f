"""iCalendar files with the icalendar library: one per event and one with all upcoming events.

UIDs are built from the slug and the site's host, so an event keeps its identity in calendars
when its title or time changes; DTSTAMP comes from the content (``updated`` or the start), never
from the build clock; times carry TZID=Europe/Berlin with its VTIMEZONE.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Callable
from urllib.parse import urlsplit

import lxml.html
from icalendar import Calendar, Event as VEvent, Timezone, vText

from . import urls
from .models import Event
from .site import Site

STATUS = {"geplant": "CONFIRMED", "verschoben": "TENTATIVE", "abgesagt": "CANCELLED"}
TZID = "Europe/Berlin"


def _one_line(text: str) -> vText:
    """A single-line TEXT value: line breaks and control characters become spaces.

    icalendar escapes line breaks only in properties it knows as TEXT; X-WR-CALNAME and PRODID
    would otherwise carry a raw newline (and break the file) or start a property of their own."""
    return vText(" ".join("".join(ch if ch.isprintable() else " " for ch in text).split()))


def _text(text: str) -> vText:
    """A multi-line TEXT value: newlines stay (escaped by icalendar), other control characters go."""
    return vText("".join(ch for ch in text if ch.isprintable() or ch == "\n"))


def _plain(html: str) -> str:
    """Markdown-rendered HTML as plain text for DESCRIPTION."""
    if not html.strip():
        return ""
    return lxml.html.fragment_fromstring(html, create_parent="div").text_content().strip()


class CalendarWriter:
    def __init__(self, site: Site):
        self.site = site
        self.base = site.region.base_url
        self.host = urlsplit(self.base).hostname or "localhost"

    def uid(self, event: Event) -> str:
        return f"termin-{event.slug}@{self.host}"

    def calendar(self, events: list[Event], name: str) -> Calendar:
        cal = Calendar()
        cal.add("prodid", _one_line(f"-//{self.site.region.name}//Website//DE"))
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        cal.add("x-wr-calname", _one_line(name))
        cal.add("x-wr-timezone", TZID)
        days = [e.start_date for e in events] + [e.end_date for e in events] or [self.site.build_date]
        # Every file carries the Berlin VTIMEZONE, covering the years its events span.
        cal.add_component(Timezone.from_tzid(TZID, first_date=date(min(days).year - 1, 1, 1), last_date=date(max(days).year + 1, 12, 31)))
        for event in events:
            cal.add_component(self.vevent(event))
        return cal

    def vevent(self, event: Event) -> VEvent:
        site = self.site
        vevent = VEvent()
        vevent.add("uid", self.uid(event))
        stamp_day = event.updated or event.start_date
        vevent.add("dtstamp", datetime.combine(stamp_day, time(0, 0), tzinfo=timezone.utc))
        vevent.add("summary", _one_line(event.title))
        if event.all_day:
            vevent.add("dtstart", event.start_date)
            vevent.add("dtend", event.end_date + timedelta(days=1))  # DTEND is exclusive for dates
        else:
            vevent.add("dtstart", event.start)
            if event.end:
                vevent.add("dtend", event.end)
        vevent.add("status", STATUS[event.status])
        place = ", ".join(p for p in (event.location.name, event.location.address) if p)
        if place:
            vevent.add("location", _one_line(place))
        elif event.location.online_url:
            vevent.add("location", event.location.online_url)
        page = self.base + urls.event(event.slug)
        vevent.add("url", page)
        description = [_plain(str(event.description or ""))]
        if event.organizer:
            description.append(f"Veranstalter: {event.organizer}")
        if event.location.online_url:
            description.append(f"Online: {event.location.online_url}")
        if event.registration_url:
            description.append(f"Anmeldung: {event.registration_url}")
        description.append(f"Mehr: {page}")
        vevent.add("description", _text("\n\n".join(part for part in description if part)))
        categories = [site.city(s).name for s in event.cities] + [site.action_field(s).title for s in event.action_fields]
        if categories:
            vevent.add("categories", [str(_one_line(c)) for c in categories])
        return vevent

    def event_file(self, event: Event) -> bytes:
        return self.calendar([event], event.title).to_ical()

    def upcoming_file(self) -> bytes:
        upcoming = [e for e in self.site.events if e.is_upcoming(self.site.build_date)]
        return self.calendar(upcoming, f"Termine: {self.site.region.name}").to_ical()


def producers(site: Site) -> dict[str, Callable[[], bytes]]:
    writer = CalendarWriter(site)
    result: dict[str, Callable[[], bytes]] = {urls.ALL_EVENTS_ICS: writer.upcoming_file}
    for event in site.events:
        result[urls.event_ics(event.slug)] = lambda event=event: writer.event_file(event)
    return result
