"""The region's content as frozen dataclasses; built once per build from validated data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import time as dt_time

from markupsafe import Markup

from .values import BERLIN, PartialDate


@dataclass(frozen=True)
class Source:
    """Where an item was defined, for messages and for "Stand"."""

    path: str
    line: int = 1


@dataclass(frozen=True)
class SourceDocument:
    """A document from data/sources.yml that facts are taken from."""

    slug: str
    title: str
    date: PartialDate | None = None  # None: the document carries no date
    url: str | None = None
    description: str | None = None
    source: Source = Source("data/sources.yml")


@dataclass(frozen=True)
class Milestone:
    """One entry of the region's chronicle (data/milestones.yml)."""

    date: PartialDate
    title: str
    text: str | None = None
    sources: tuple[str, ...] = ()
    news: tuple[str, ...] = ()  # news references: slug or file name without .md
    projects: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    source: Source = Source("data/milestones.yml")


@dataclass(frozen=True)
class Image:
    src: str  # relative to content/
    alt: str  # "" only when decorative
    credit: str | None = None
    decorative: bool = False


@dataclass(frozen=True)
class Address:
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None

    @property
    def lines(self) -> tuple[str, ...]:
        town = " ".join(part for part in (self.postal_code, self.city) if part)
        return tuple(part for part in (self.street, town) if part)


@dataclass(frozen=True)
class Contact:
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    address: Address = field(default_factory=Address)
    website: str | None = None


@dataclass(frozen=True)
class Body:
    name: str
    role: str
    members: tuple[str, ...] = ()
    meets: str | None = None
    since: date | None = None


@dataclass(frozen=True)
class ProjectOffice:
    name: str
    host: str | None = None
    since: date | None = None
    tasks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Funding:
    funder: str
    programme: str
    period: str | None = None
    note: Markup | None = None


@dataclass(frozen=True)
class Publisher:
    name: str
    represented_by: str
    address: Address
    email: str | None
    phone: str | None
    responsible_for_content: str
    supervisory_authority: str | None


@dataclass(frozen=True)
class Privacy:
    data_protection_officer: Contact
    server_log_days: int
    hosting: str | None


@dataclass(frozen=True)
class Accessibility:
    """The facts of the Erklärung zur Barrierefreiheit."""

    regulation: str  # the law the statement answers to, e.g. the BITV of the region's state
    status: str  # vollständig | teilweise | nicht
    assessed: date
    method: str
    known_gaps: tuple[str, ...]
    enforcement: Contact


@dataclass(frozen=True)
class SignLanguageVideo:
    video: str
    captions: str
    title: str
    poster: str | None = None


@dataclass(frozen=True)
class Region:
    name: str
    short_name: str
    lead_city: str
    description: str
    base_url: str  # always ends with '/'
    logo: str
    favicon: str
    contact_organisation: str
    contact: Contact
    office_hours: str | None
    press_contact: Contact | None
    funding: Funding
    governance: tuple[Body, ...]
    project_office: ProjectOffice | None
    publisher: Publisher
    privacy: Privacy
    feed_items: int
    feed_title: str | None
    feed_image: str | None  # a PNG/JPEG/GIF for the feeds' channel image (RSS 2.0 allows no SVG)
    licence: str
    licence_url: str
    accessibility: Accessibility | None = None
    sign_language: SignLanguageVideo | None = None
    profile: Markup | None = None  # the region's portrait on /region/
    sources: tuple[str, ...] = ()  # data/sources.yml slugs for /region/
    as_of: PartialDate | None = None
    cms: "CmsSettings | None" = None  # the browser editor's GitLab backend; None: no /admin/ on the site


@dataclass(frozen=True)
class CmsSettings:
    """Where the browser editor (/admin/) commits: a GitLab server, project and branch, and the
    OAuth application it signs in with (PKCE: an application ID, no secret)."""

    gitlab_url: str  # without trailing '/'
    repo: str
    branch: str
    app_id: str

    @property
    def origin(self) -> str:
        """scheme://host[:port] of the GitLab server: the one other host /admin/ may talk to."""
        from urllib.parse import urlsplit

        parts = urlsplit(self.gitlab_url)
        return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True)
class City:
    slug: str
    name: str
    role: str
    population: int | None = None
    website: str | None = None
    summary: str | None = None
    image: Image | None = None
    sources: tuple[str, ...] = ()  # slugs of data/sources.yml
    as_of: PartialDate | None = None  # when the facts were last confirmed
    source: Source = Source("data/cities.yml")


@dataclass(frozen=True)
class ActionField:
    slug: str
    title: str
    summary: str
    icon: str
    sources: tuple[str, ...] = ()  # slugs of data/sources.yml
    as_of: PartialDate | None = None  # when the facts were last confirmed
    source: Source = Source("data/action_fields.yml")


@dataclass(frozen=True)
class Organisation:
    slug: str
    name: str
    kind: str
    city: str | None = None
    website: str | None = None
    description: str | None = None
    sources: tuple[str, ...] = ()
    as_of: PartialDate | None = None
    source: Source = Source("data/organisations.yml")
    logo: Image | None = None


@dataclass(frozen=True)
class ProjectFunding:
    programme: str
    amount_eur: float | None = None


@dataclass(frozen=True)
class Project:
    slug: str
    title: str
    summary: str
    cities: tuple[str, ...]
    action_fields: tuple[str, ...]
    status: str
    updated: date
    start: PartialDate | None = None
    end: PartialDate | None = None
    lead: str | None = None
    partners: tuple[str, ...] = ()
    funding: ProjectFunding | None = None
    budget_eur: float | None = None
    contact: Contact | None = None
    website: str | None = None
    image: Image | None = None
    results: Markup | None = None
    featured: bool = False
    has_story: bool = False
    kind: str = "modellprojekt"  # modellprojekt | partnervorhaben
    sources: tuple[str, ...] = ()
    as_of: PartialDate | None = None
    source: Source = Source("data/projects")

    @property
    def organisations(self) -> tuple[str, ...]:
        return ((self.lead,) if self.lead else ()) + tuple(p for p in self.partners if p != self.lead)


@dataclass(frozen=True)
class Location:
    name: str | None = None
    address: str | None = None
    online_url: str | None = None


@dataclass(frozen=True)
class Event:
    slug: str
    title: str
    start: datetime | date
    end: datetime | date | None
    all_day: bool
    status: str
    location: Location = field(default_factory=Location)
    cities: tuple[str, ...] = ()
    action_fields: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    organizer: str | None = None
    description: Markup | None = None
    registration_url: str | None = None
    report: str | None = None  # news slug
    updated: date | None = None  # required in data; when it was announced or last changed
    sources: tuple[str, ...] = ()
    as_of: PartialDate | None = None
    source: Source = Source("data/events")
    image: Image | None = None

    @property
    def start_date(self) -> date:
        return self.start.date() if isinstance(self.start, datetime) else self.start

    @property
    def end_date(self) -> date:
        """The last day the event runs on."""
        end = self.end or self.start
        return end.date() if isinstance(end, datetime) else end

    def is_upcoming(self, today: date) -> bool:
        """Upcoming until its last day is over: an event running today is still listed as coming."""
        return self.end_date >= today


@dataclass(frozen=True)
class NewsItem:
    slug: str
    title: str
    date: date
    summary: str
    src_uri: str  # relative to content/
    cities: tuple[str, ...] = ()
    action_fields: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    image: Image | None = None
    author: str | None = None
    draft: bool = False
    updated: date | None = None
    source: Source = Source("content/aktuelles")
    time: dt_time | None = None  # publication time on its day (date: 2026-12-24 10:00), Europe/Berlin
    month_only: bool = False  # date: 2020-03 – only the month is known; `date` is its first day (sorting, feeds)
    sources: tuple[str, ...] = ()  # slugs of data/sources.yml the item's facts come from

    @property
    def shown_date(self) -> PartialDate:
        """The date as precisely as it is known, for display: „März 2020“ or „2. März 2020“."""
        return PartialDate(self.date.year, self.date.month, None if self.month_only else self.date.day)

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def published_at(self) -> datetime:
        """The moment the item appears (its day's start when it names no time), in Europe/Berlin."""
        return datetime.combine(self.date, self.time or dt_time(0, 0), tzinfo=BERLIN)

    def is_published(self, today: date, now: dt_time = dt_time(0, 0)) -> bool:
        """Out with the first build on or after its date – and, when it names a time, after that time."""
        if self.draft or self.date > today:
            return False
        return self.date < today or self.time is None or self.time <= now


@dataclass(frozen=True)
class Portrait:
    city: str
    src_uri: str
    title: str | None = None
    description: str | None = None
    updated: date | None = None
    sources: tuple[str, ...] = ()  # documents the portrait draws on beyond the city's own (data/cities.yml)
    as_of: PartialDate | None = None  # when the portrait's facts were last confirmed
