"""Charts drawn at build time as plain SVG: no script, nothing loaded, every value escaped.

Hand-written rather than a charting library: the charts are few and simple, and written here
they come out as small inline SVG with CSS classes from site.css (so they follow the light and
dark scheme and print), with the exact text alternatives, links and data attributes the tests
read. Colour is never the only cue: every bar carries its number as text, open ends are drawn
as arrows, statuses differ in pattern as well as colour. A drawing is one image (role="img")
and holds no links; the table below it links every row to its filter or project.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from hashlib import sha1
from typing import Callable

from markupsafe import Markup, escape

from .formatting import datum, monat
from .values import PartialDate

def _id(prefix: str, *content: str) -> str:
    """An id for title/desc, unique per chart on a page and the same in every build."""
    return f"{prefix}-{sha1('|'.join(content).encode()).hexdigest()[:10]}"


def _open(css: str, width: float, height: float, title: str, description: str, chart: str) -> list[str]:
    """The start of every chart: an image with its title and description, read by screen readers."""
    title_id, desc_id = _id("chart-title", title, description), _id("chart-desc", title, description)
    return [
        f'<svg class="mr-chart {css}" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{title_id} {desc_id}" data-chart="{escape(chart)}">',
        f'<title id="{title_id}">{escape(title)}</title><desc id="{desc_id}">{escape(description)}</desc>',
    ]


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    href: str | None = None  # the catalogue filter this bar summarises


def bar_chart(title: str, description: str, bars: list[Bar], *, kind: str = "count", root: str = ".") -> Markup:
    """Horizontal bars, each labelled with its name and number, each a link to its filter."""
    label_width, bar_width, row, top = 180, 260, 30, 8
    height = top + row * len(bars) + 8
    most = max((bar.value for bar in bars), default=0) or 1
    parts = _open("mr-chart--bars", label_width + bar_width + 50, height, title, description, kind)
    for index, bar in enumerate(bars):
        y = top + index * row
        length = round(bar_width * bar.value / most) if bar.value else 0
        row_svg = (
            f'<text class="mr-chart__label" x="{label_width - 8}" y="{y + 19}" text-anchor="end">{escape(bar.label)}</text>'
            f'<rect class="mr-chart__bar mr-chart__bar--{index % 4}" x="{label_width}" y="{y + 5}" width="{max(length, 2)}" height="20" '
            f'data-label="{escape(bar.label)}" data-value="{bar.value}"/>'
            f'<text class="mr-chart__value" x="{label_width + max(length, 2) + 6}" y="{y + 20}">{bar.value}</text>'
        )
        parts.append(row_svg)
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class Span:
    label: str
    start: date | None
    end: date | None  # None: open, still going or end unknown
    href: str | None = None
    status: str = ""
    as_of: date | None = None  # when neither start nor end is known: the date the facts were confirmed


@dataclass(frozen=True)
class Lane:
    label: str
    spans: tuple[Span, ...]


def _year_range(lanes: list[Lane], today: date) -> tuple[int, int]:
    """From the first known start to the last known end or today, whichever is later."""
    years = [d.year for lane in lanes for span in lane.spans for d in (span.start, span.end, span.as_of) if d]
    years.append(today.year)
    return min(years), max(years) + 1


def timeline(title: str, description: str, lanes: list[Lane], today: date, root: str = ".") -> Markup:
    """One row per project, grouped in lanes (action fields); today's line; open ends as arrows."""
    first, last = _year_range(lanes, today)
    label_width, plot_width, row, head = 250, 420, 26, 34
    rows = sum(1 + len(lane.spans) for lane in lanes)
    height = head + row * rows + 12
    width = label_width + plot_width + 50  # room for the "heute" label at the right edge
    span_days = (date(last, 1, 1) - date(first, 1, 1)).days or 1

    def x(day: date) -> float:
        return round(label_width + plot_width * (day - date(first, 1, 1)).days / span_days, 1)

    marker_id = _id("chart-open-end", title, description)
    parts = _open("mr-chart--timeline", width, height, title, description, "timeline") + [
        f'<defs><marker id="{marker_id}" viewBox="0 0 10 10" refX="1" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto">'
        '<path class="mr-chart__arrow" d="M0,0 L10,5 L0,10 z"/></marker></defs>',
    ]
    for year in range(first, last + 1):
        gx = x(date(year, 1, 1))
        parts.append(f'<line class="mr-chart__grid" x1="{gx}" y1="{head - 8}" x2="{gx}" y2="{height - 8}"/>')
        if year < last:
            parts.append(f'<text class="mr-chart__axis" x="{gx + 3}" y="{head - 14}">{year}</text>')
    y = head
    for lane in lanes:
        parts.append(f'<text class="mr-chart__lane" x="4" y="{y + 17}">{escape(lane.label)}</text>')
        y += row
        for span in lane.spans:
            label = f'<text class="mr-chart__label" x="{label_width - 8}" y="{y + 17}" text-anchor="end">{escape(_short(span.label, 30))}</text>'
            if span.start is None and span.end is None:
                if span.as_of:  # only the date of the facts is known: a point, labelled as such
                    cx = x(span.as_of)
                    item = label + (f'<circle class="mr-chart__as-of" cx="{cx}" cy="{y + 13}" r="5" data-label="{escape(span.label)}" '
                                    f'data-start="" data-end="" data-as-of="{span.as_of.isoformat()}"/>'
                                    f'<text class="mr-chart__axis" x="{cx + 9}" y="{y + 17}">Stand</text>')
                else:  # nothing known: said, not drawn
                    item = label + f'<text class="mr-chart__unknown" x="{label_width + 6}" y="{y + 17}" data-label="{escape(span.label)}" data-start="" data-end="">Zeitraum nicht bekannt</text>'
                parts.append(item)
                y += row
                continue
            start = span.start or span.end or today
            x1 = x(start)
            if span.end:
                x2, open_end = max(x(span.end), x1 + 3), False
            else:
                x2, open_end = max(x(today), x1 + 12), True
            marker = f' marker-end="url(#{marker_id})"' if open_end else ""
            start_attr = span.start.isoformat() if span.start else ""
            end_attr = span.end.isoformat() if span.end else ""
            bar = (
                f'<line class="mr-chart__span mr-chart__span--{escape(span.status or "offen")}" x1="{x1}" y1="{y + 13}" x2="{x2}" y2="{y + 13}"'
                f'{marker} data-label="{escape(span.label)}" data-start="{start_attr}" data-end="{end_attr}"/>'
            )
            parts.append(label + bar)
            y += row
    tx = x(today)
    parts.append(f'<line class="mr-chart__today" x1="{tx}" y1="{head - 8}" x2="{tx}" y2="{height - 8}"/>')
    parts.append(f'<text class="mr-chart__today-label" x="{tx + 3}" y="{height - 12}">heute</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Chart:
    """A chart as a page shows it: the drawing, the same data as a table, and where to read on."""

    title: str
    draw: Callable[[str], Markup]  # the SVG for a page whose way to the site root is the argument (MkDocs' base_url)
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    more: tuple[str, str] | None = None  # (href, link text)
    # Where each row's first cell leads (a role="img" drawing holds no links: the table does).
    links: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class BodyBox:
    name: str
    role: str
    meets: str | None
    members: tuple[str, ...]


def governance(title: str, description: str, bodies: list[BodyBox], office: str | None) -> Markup:
    """The bodies side by side, each with its role, members and rhythm, joined to the project office."""
    box_width, gap, line = 320, 20, 17
    lines_per_box = [3 + min(len(body.members), 6) + (1 if len(body.members) > 6 else 0) for body in bodies]
    box_height = 16 + line * max(lines_per_box, default=3)
    width = max(1, len(bodies)) * (box_width + gap) + gap
    office_y = box_height + 70
    height = office_y + (60 if office else 10)
    parts = _open("mr-chart--governance", width, height, title, description, "governance")
    for index, body in enumerate(bodies):
        x0 = gap + index * (box_width + gap)
        parts.append(f'<g data-body="{escape(body.name)}"><rect class="mr-chart__box" x="{x0}" y="10" width="{box_width}" height="{box_height}" rx="6"/>')
        texts = [("mr-chart__box-title", body.name), ("mr-chart__box-text", body.role)]
        if body.meets:
            texts.append(("mr-chart__box-text", f"tagt: {body.meets}"))
        texts += [("mr-chart__box-member", f"· {member}") for member in body.members[:6]]
        if len(body.members) > 6:
            texts.append(("mr-chart__box-member", f"· und {len(body.members) - 6} weitere"))
        for number, (css, text) in enumerate(texts):
            parts.append(f'<text class="{css}" x="{x0 + 10}" y="{32 + number * line}">{escape(_short(text, 40 if number else 36))}</text>')
        parts.append("</g>")
        if office:
            cx = x0 + box_width / 2
            parts.append(f'<line class="mr-chart__link" x1="{cx}" y1="{10 + box_height}" x2="{width / 2}" y2="{office_y}"/>')
    if office:
        ow = min(360, width - 2 * gap)
        parts.append(f'<rect class="mr-chart__box mr-chart__box--office" x="{width / 2 - ow / 2}" y="{office_y}" width="{ow}" height="40" rx="6"/>')
        parts.append(f'<text class="mr-chart__box-title" x="{width / 2}" y="{office_y + 25}" text-anchor="middle">{escape(_short(office, 44))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class Moment:
    when: str  # as shown: "März 2020", "15. Januar 2019"
    sort: date
    title: str


def chronicle(title: str, description: str, moments: list[Moment]) -> Markup:
    """The region's milestones on one time axis, oldest at the top: a dot per milestone, its date
    on the left, its title on the right; the spacing follows the real time between them."""
    if not moments:
        return Markup("")
    ordered = sorted(moments, key=lambda m: m.sort)
    row, label_width, axis_x, width = 34, 160, 176, 760
    first, last = ordered[0].sort, ordered[-1].sort
    total = max((last - first).days, 1)
    # real time, but never closer than one row: the y of each milestone
    ys, y = [], 30.0
    for index, moment in enumerate(ordered):
        if index:
            y = max(y + row, 30 + (len(ordered) * row * 1.6) * (moment.sort - first).days / total)
        ys.append(round(y, 1))
    height = int(ys[-1] + 30)
    parts = _open("mr-chart--chronicle", width, height, title, description, "chronicle")
    parts.append(f'<line class="mr-chart__axis-line" x1="{axis_x}" y1="14" x2="{axis_x}" y2="{height - 10}"/>')
    for moment, y in zip(ordered, ys):
        parts.append(
            f'<g data-date="{moment.sort.isoformat()}" data-title="{escape(moment.title)}">'
            f'<text class="mr-chart__axis" x="{label_width}" y="{y + 4}" text-anchor="end">{escape(moment.when)}</text>'
            f'<circle class="mr-chart__dot" cx="{axis_x}" cy="{y}" r="6"/>'
            f'<text class="mr-chart__label" x="{axis_x + 16}" y="{y + 4}">{escape(_short(moment.title, 70))}</text></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
