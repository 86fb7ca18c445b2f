"""The editors' contract: every file of data/ and every front matter of content/, field by field."""

from __future__ import annotations

from .schema import (
    amount,
    boolean,
    choice,
    content_path,
    date_field,
    date_or_datetime,
    email,
    image,
    integer,
    markdown,
    month_or_date,
    news_date,
    partial_date,
    phone,
    record,
    records,
    refs,
    slug,
    text,
    texts,
    url,
)

PROJECT_KINDS = ("modellprojekt", "partnervorhaben")  # a project of the model region, or a partner's own earlier work
PROJECT_STATUSES = ("geplant", "beantragt", "bewilligt", "laufend", "abgeschlossen")
EVENT_STATUSES = ("geplant", "abgesagt", "verschoben")
ORGANISATION_KINDS = (
    "Verwaltung",
    "Wissenschaft",
    "Wirtschaft",
    "Wirtschaftsförderung",
    "Kommunales Unternehmen",
    "Kammer",
    "Verein",
    "Netzwerk",
    "Zivilgesellschaft",
    "Zweckverband",
    "Land",
)
SUMMARY_MAX = 300
FEED_ITEMS = 50  # entries per feed unless region.yml says otherwise
ACCESSIBILITY_STATUSES = ("vollständig", "teilweise", "nicht")  # BITV NRW: how far the site complies

# City portraits carry these sections as level-2 headings, in this order.
PORTRAIT_SECTIONS = (
    "Organisationsstruktur",
    "Meilensteine",
    "Motivation & Zielsetzung",
    "Stakeholder & Beteiligung",
    "Chancen & Herausforderungen",
    "Kommunikation & Netzwerke",
    "Wettbewerbe & Förderprogramme",
)

_address = dict(street=text(), postal_code=text(), city=text())

# Provenance, on projects, organisations, events, cities, action fields and Markdown pages: which sources (data/sources.yml)
# the facts come from and when they were last confirmed (2019, 2019-02 or 2019-02-15).
_provenance = dict(sources=refs("source"), as_of=partial_date())

# data/sources.yml (optional): the documents the region's facts come from.
SOURCE = dict(
    slug=slug(required=True),
    title=text(required=True),
    date=partial_date(),  # optional: many documents carry no date; then none is shown
    url=url(),
    description=text(max_len=600),
)

# data/milestones.yml (optional): the region's chronicle, shown at /region/chronik/.
MILESTONE = dict(
    date=partial_date(required=True),
    title=text(required=True),
    text=text(max_len=600),
    sources=refs("source"),
    news=refs("news"),
    projects=refs("project"),
    events=refs("event"),
)

REGION = dict(
    name=text(required=True),
    short_name=text(required=True),
    lead_city=slug(required=True, ref="city"),
    description=text(required=True, max_len=SUMMARY_MAX),
    profile=markdown(),  # the region's portrait on /region/: facts, history, guiding idea
    **_provenance,
    base_url=url(required=True),
    logo=content_path(required=True),
    favicon=content_path(required=True, suffixes=(".svg", ".png", ".ico")),
    contact=record(
        required=True,
        organisation=text(required=True),
        **_address,
        email=email(required=True),
        phone=phone(),
        office_hours=text(),
    ),
    press_contact=record(name=text(), email=email(), phone=phone()),
    funding=record(
        required=True,
        funder=text(required=True),
        programme=text(required=True),
        period=text(),
        note=markdown(),
    ),
    governance=records(
        name=text(required=True),
        role=text(required=True),
        members=texts(),
        meets=text(),
        since=date_field(),
    ),
    project_office=record(
        name=text(required=True),
        host=text(),
        since=date_field(),
        tasks=texts(),
    ),
    publisher=record(
        required=True,
        name=text(required=True),
        represented_by=text(required=True),
        **_address,
        email=email(),
        phone=phone(),
        responsible_for_content=text(required=True),
        supervisory_authority=text(),
    ),
    privacy=record(
        required=True,
        data_protection_officer=record(required=True, name=text(required=True), **_address, email=email(required=True), phone=phone()),
        server_log_days=integer(required=True, minimum=0),
        hosting=text(),
    ),
    feeds=record(items=integer(minimum=1, default=FEED_ITEMS), title=text(), image=content_path(suffixes=(".png", ".jpg", ".jpeg", ".gif"))),
    accessibility=record(
        required=True,
        regulation=text(required=True),
        status=choice(*ACCESSIBILITY_STATUSES, required=True),
        assessed=date_field(required=True),
        method=text(required=True),
        known_gaps=texts(),
        enforcement=record(required=True, name=text(required=True), **_address, email=email(), phone=phone(), website=url()),
    ),
    sign_language=record(
        video=content_path(required=True, suffixes=(".mp4", ".webm")),
        captions=content_path(required=True, suffixes=(".vtt",)),
        poster=content_path(suffixes=(".jpg", ".jpeg", ".png", ".webp")),
        title=text(required=True),
    ),
    open_data=record(required=True, licence=text(required=True), licence_url=url(required=True)),
    # The browser editor at /admin/ (Decap CMS) with the GitLab backend: only when this block is
    # there is /admin/ part of the public site (docs/gitlab-einrichten.md).
    cms=record(
        gitlab_url=url(required=True),  # the GitLab server, e.g. https://gitlab.opencode.de
        repo=text(required=True),  # group/project of the website's repository
        branch=text(default="main"),
        app_id=text(required=True),  # the Application ID of the OAuth application (PKCE, no secret)
    ),
)

CITY = dict(
    slug=slug(required=True),
    name=text(required=True),
    role=text(required=True),
    population=integer(minimum=0),
    website=url(),
    summary=text(max_len=SUMMARY_MAX),
    image=image(),
    **_provenance,
)

ACTION_FIELD = dict(
    slug=slug(required=True),
    title=text(required=True),
    summary=text(required=True, max_len=SUMMARY_MAX),
    icon=text(required=True),
    **_provenance,
)

ORGANISATION = dict(
    slug=slug(required=True),
    name=text(required=True),
    kind=choice(*ORGANISATION_KINDS, required=True),
    city=slug(ref="city"),
    website=url(),
    description=text(max_len=600),
    logo=image(),
    **_provenance,
)

PROJECT = dict(
    title=text(required=True),
    kind=choice(*PROJECT_KINDS, default="modellprojekt"),
    summary=text(required=True, max_len=SUMMARY_MAX),
    cities=refs("city", required=True),
    action_fields=refs("action_field", required=True),
    status=choice(*PROJECT_STATUSES, required=True),
    start=month_or_date(),
    end=month_or_date(),
    lead=slug(ref="organisation"),
    partners=refs("organisation"),
    funding=record(programme=text(required=True), amount_eur=amount()),
    budget_eur=amount(),
    contact=record(name=text(), email=email(), phone=phone()),
    website=url(),
    image=image(),
    results=markdown(),
    featured=boolean(),
    updated=date_field(required=True),
    **_provenance,
)

EVENT = dict(
    title=text(required=True),
    start=date_or_datetime(required=True),
    end=date_or_datetime(),
    all_day=boolean(default=None),
    location=record(name=text(), address=text(), online_url=url()),
    cities=refs("city"),
    action_fields=refs("action_field"),
    projects=refs("project"),
    organizer=text(),
    description=markdown(),
    registration_url=url(),
    status=choice(*EVENT_STATUSES, default="geplant"),
    report=slug(ref="news"),
    image=image(),
    updated=date_field(required=True),  # when the event was announced or last changed (feeds, calendars, "Stand")
    **_provenance,
)

NEWS = dict(
    title=text(required=True),
    date=news_date(required=True),  # 2026-12-24, 2026-12-24 10:00 (appears with the first build after that time), or 2020-03 when only the month is known
    summary=text(required=True, max_len=SUMMARY_MAX),
    cities=refs("city"),
    action_fields=refs("action_field"),
    projects=refs("project"),
    image=image(),
    author=text(),
    draft=boolean(),
    updated=date_field(),
    sources=refs("source"),  # the documents the item's facts come from: shown as „Quelle: …“
)

PORTRAIT = dict(
    title=text(),
    description=text(max_len=SUMMARY_MAX),
    updated=date_field(),
    **_provenance,  # documents the portrait draws on beyond data/cities.yml; shown together with the city's
)

# Other pages (Kontakt, Impressum …): the keys MkDocs and Material understand, plus ours.
PAGE = dict(
    title=text(),
    description=text(max_len=SUMMARY_MAX),
    updated=date_field(),
    # Sources and date of the page's facts; a page of the operator's own statements (Impressum …) has as_of only.
    **_provenance,
    template=text(),
    hide=texts(),
)

# data/redirects.yml (optional): old addresses that stay alive after a slug was renamed.
REDIRECT = {"from": text(required=True), "to": text(required=True)}
