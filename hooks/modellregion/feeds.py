"""RSS 2.0 and Atom feeds with feedgen: all news, per city, per action field, and events.

Every date comes from the content (never the build clock), GUIDs are tag URIs built from the
site's host, the publication date and the slug (so a changed title keeps its GUID), and each
feed holds the newest ``feeds.items`` entries, so its size stays constant as news grows.
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable, Iterable, Mapping
from urllib.parse import urlsplit

import lxml.html
from feedgen.feed import FeedGenerator
from markupsafe import escape

from . import formatting, urls
from .images import flatten_pictures, rewrite_body_images
from .models import Event, NewsItem
from .relations import build_relations
from .site import Site
from .values import midnight


@dataclass(frozen=True)
class Feed:
    """One subscribable feed: its name (path stem below feeds/), title, page and entries."""

    name: str
    title: str
    description: str
    page: str  # the HTML page the feed mirrors, relative to the site root
    kind: str  # news | events

    def path(self, format_: str) -> str:
        return urls.feed(self.name, format_)


def all_feeds(site: Site) -> list[Feed]:
    region = site.region
    title = region.feed_title or region.short_name
    feeds = [
        Feed("aktuelles", f"{title}: Aktuelles", f"Alle Meldungen der {region.name}.", urls.NEWS, "news"),
        Feed("termine", f"{title}: Termine", f"Neu angekündigte Termine der {region.name}.", urls.EVENTS, "events"),
    ]
    feeds += [Feed(f"staedte/{c.slug}", f"{title}: Aktuelles aus {c.name}", f"Meldungen der {region.name}, die {c.name} betreffen.", urls.news_city(c.slug), "news") for c in site.cities]
    feeds += [Feed(f"handlungsfelder/{f.slug}", f"{title}: {f.title}", f"Meldungen der {region.name} aus dem Handlungsfeld {f.title}.", urls.news_field(f.slug), "news") for f in site.action_fields]
    return feeds


# Characters XML 1.0 forbids: lxml (under feedgen) refuses them and the whole build stops. The
# loader refuses them in content; this keeps a feed well-formed should one come from elsewhere.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value):
    """``value`` without characters XML cannot carry (strings, lists and tuples of them)."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, (list, tuple)):
        return type(value)(xml_text(v) for v in value)
    return value


def _absolute_html(html: str, base: str) -> str:
    """Rewrite every link and image of a page body to an absolute URL (feed readers have no base)."""
    if not html.strip():
        return html
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    flatten_pictures(fragment)  # feed readers know <img src>, not <picture> or srcset
    fragment.make_links_absolute(base, resolve_base_href=False)
    for anchor in fragment.xpath(".//a[contains(concat(' ', @class, ' '), ' headerlink ')]"):
        anchor.drop_tree()  # the "¶" permalinks of headings mean nothing in a feed reader
    inner = (fragment.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in fragment)
    return inner


class FeedWriter:
    """Builds the feeds of one site; news bodies come from the rendered pages (src_uri -> HTML)."""

    def __init__(self, site: Site, contents: Mapping[str, str], renditions: Mapping | None = None):
        self.site = site
        self.contents = contents
        self.renditions = renditions or {}
        self._news_content: dict[str, str] = {}  # one news item appears in up to a dozen feeds
        self.base = site.region.base_url
        self.host = urlsplit(self.base).hostname or "localhost"
        self.rel = build_relations(site)
        self.limit = site.region.feed_items

    def url(self, path: str) -> str:
        return self.base + path

    # --- identifiers ---------------------------------------------------------------------
    def news_guid(self, item: NewsItem) -> str:
        return f"tag:{self.host},{item.date.isoformat()}:aktuelles/{item.slug}"

    def event_guid(self, event: Event) -> str:
        """The event's page: its slug never changes, while its date may (a postponed event stays one entry)."""
        return self.url(urls.event(event.slug))

    # --- entries -------------------------------------------------------------------------
    def news_items(self, feed: Feed) -> list[NewsItem]:
        rel = self.rel
        if feed.name == "aktuelles":
            items = rel.news
        elif feed.name.startswith("staedte/"):
            items = rel.news_by_city.get(feed.name.split("/", 1)[1], ())
        else:
            items = rel.news_by_field.get(feed.name.split("/", 1)[1], ())
        return list(items[: self.limit])

    def events(self) -> list[Event]:
        """Newest announcements first: by the event's `updated` date, else its start."""
        def announced(event: Event) -> date:
            return event.updated or event.start_date
        ordered = sorted(self.site.events, key=lambda e: (announced(e), e.start_date, e.slug), reverse=True)
        return ordered[: self.limit]

    def news_content(self, item: NewsItem) -> str:
        if item.src_uri not in self._news_content:
            self._news_content[item.src_uri] = self._render_news_content(item)
        return self._news_content[item.src_uri]

    def _render_news_content(self, item: NewsItem) -> str:
        page_url = self.url(urls.news_item(item))
        body = _absolute_html(self.contents.get(item.src_uri, ""), page_url)
        if item.image:
            credit = f"<figcaption>Foto: {escape(item.image.credit)}</figcaption>" if item.image.credit else ""
            rendition = self.renditions.get(item.image.src)
            size = f' width="{rendition.social.width}" height="{rendition.social.height}"' if rendition else ""
            alt = "" if item.image.decorative else item.image.alt
            body = f'<figure><img src="{escape(self.image_url(item.image))}" alt="{escape(alt)}"{size}>{credit}</figure>' + body
        return f"<p><strong>{escape(item.summary)}</strong></p>{body}"

    def event_content(self, event: Event) -> str:
        parts = [f"<p><strong>{escape(formatting.termin(event.start, event.end, event.all_day))}</strong></p>"]
        if event.status == "abgesagt":
            parts.insert(0, "<p><strong>Abgesagt.</strong></p>")
        elif event.status == "verschoben":
            parts.insert(0, "<p><strong>Verschoben; das neue Datum folgt.</strong></p>")
        place = [p for p in (event.location.name, event.location.address) if p]
        if place:
            parts.append(f"<p>Ort: {escape(', '.join(place))}</p>")
        if event.location.online_url:
            parts.append(f'<p>Online: <a href="{escape(event.location.online_url)}">{escape(event.location.online_url)}</a></p>')
        if event.organizer:
            parts.append(f"<p>Veranstalter: {escape(event.organizer)}</p>")
        if event.description:
            # images in a Markdown field are relative to content/: the fallback variant, absolute
            description = rewrite_body_images(str(event.description), lambda src: src, self.renditions, self.url)
            parts.append(_absolute_html(description, self.url(urls.event(event.slug))))
        if event.registration_url:
            parts.append(f'<p><a href="{escape(event.registration_url)}">Zur Anmeldung</a></p>')
        parts.append(f'<p><a href="{escape(self.url(urls.event_ics(event.slug)))}">In den Kalender (.ics)</a></p>')
        return "".join(parts)

    # --- generator -----------------------------------------------------------------------
    def generator(self, feed: Feed, format_: str, newest: datetime) -> FeedGenerator:
        region = self.site.region
        fg = FeedGenerator()
        fg.load_extension("dc")
        fg.load_extension("media")
        fg.id(self.url(feed.path("atom")))
        fg.title(xml_text(feed.title))
        fg.subtitle(xml_text(feed.description))
        fg.description(xml_text(feed.description))
        fg.language("de")
        fg.author({"name": xml_text(region.name), "email": region.contact.email})
        # feedgen gives RSS's single <link> the last link added: the self link first, the page last.
        fg.link(href=self.url(feed.path(format_)), rel="self", type="application/rss+xml" if format_ == "rss" else "application/atom+xml")
        fg.link(href=self.url(feed.page), rel="alternate", type="text/html")
        image = region.feed_image or (region.logo if not region.logo.endswith(".svg") else None)
        if image:
            fg.image(url=self.url(image), title=xml_text(feed.title), link=self.url(feed.page))
            fg.logo(self.url(image))
        fg.icon(self.url(region.favicon))
        fg.rights(xml_text(f"© {region.publisher.name}"))
        fg.generator("Modellregion-Website (feedgen)")
        fg.updated(newest)
        fg.lastBuildDate(newest)
        fg.pubDate(newest)
        return fg

    def render(self, feed: Feed, format_: str) -> bytes:
        entries = self.news_entries(feed) if feed.kind == "news" else self.event_entries()
        entries = [{key: xml_text(value) for key, value in entry.items()} for entry in entries]
        # The feed's own date is its newest entry's; an empty feed (a city without news yet) has the build date.
        newest = max((e["updated"] for e in entries), default=midnight(self.site.build_date))
        fg = self.generator(feed, format_, newest)
        # feedgen prepends entries; add oldest first so that the newest comes first in the file.
        for entry in reversed(entries):
            fe = fg.add_entry()
            fe.id(entry["guid"])
            fe.guid(entry["guid"], permalink=False)
            fe.title(entry["title"])
            fe.link(href=entry["link"], rel="alternate", type="text/html")
            fe.summary(entry["summary"])
            fe.description(entry["summary"])
            fe.content(entry["content"], type="CDATA" if format_ == "rss" else "html")
            fe.published(entry["published"])
            fe.updated(entry["updated"])
            fe.pubDate(entry["published"])
            fe.author({"name": entry["author"]})
            fe.dc.dc_creator(entry["author"])
            for term, label in entry["categories"]:
                fe.category(term=term, label=label)
            if entry.get("enclosure"):
                fe.enclosure(*entry["enclosure"])
            if entry.get("media"):
                fe.media.content(**entry["media"])
        data = fg.rss_str(pretty=True) if format_ == "rss" else fg.atom_str(pretty=True)
        return data

    def categories(self, cities: Iterable[str], fields: Iterable[str]) -> list[tuple[str, str]]:
        return [(slug, self.site.city(slug).name) for slug in cities] + [(slug, self.site.action_field(slug).title) for slug in fields]

    def image_url(self, image) -> str:
        """The image pipeline's 1200 px preview (JPEG, or PNG when transparent): every reader shows it."""
        rendition = self.renditions.get(image.src)
        return self.url(rendition.social.path if rendition else image.src)

    def enclosure(self, image) -> tuple[str, str, str] | None:
        """The 1200 px preview as enclosure, with its real length in bytes (the same file as og:image)."""
        if image is None:
            return None
        rendition = self.renditions.get(image.src)
        if rendition:
            return (self.url(rendition.social.path), str(rendition.social.cache_file.stat().st_size), rendition.social.mime)
        path = self.site.root / "content" / image.src
        mime = mimetypes.guess_type(image.src)[0] or "application/octet-stream"
        return (self.url(image.src), str(path.stat().st_size if path.exists() else 0), mime)

    def media(self, image) -> dict | None:
        """media:content (Media RSS) for readers that show a picture with width, height and credit."""
        rendition = self.renditions.get(image.src) if image else None
        if rendition is None:
            return None
        return {"url": self.url(rendition.social.path), "type": rendition.social.mime, "medium": "image",
                "width": str(rendition.social.width), "height": str(rendition.social.height),
                "fileSize": str(rendition.social.cache_file.stat().st_size)}

    def news_entries(self, feed: Feed) -> list[dict]:
        region = self.site.region
        entries = []
        for item in self.news_items(feed):
            entries.append({
                "guid": self.news_guid(item),
                "title": item.title,
                "link": self.url(urls.news_item(item)),
                "summary": item.summary,
                "content": self.news_content(item),
                "published": item.published_at,
                "updated": midnight(item.updated) if item.updated else item.published_at,
                "author": item.author or region.name,
                "categories": self.categories(item.cities, item.action_fields),
                "enclosure": self.enclosure(item.image),
                "media": self.media(item.image),
            })
        return entries

    def event_entries(self) -> list[dict]:
        region = self.site.region
        entries = []
        for event in self.events():
            when = formatting.termin(event.start, event.end, event.all_day)
            announced = midnight(event.updated or event.start_date)
            prefix = {"abgesagt": "Abgesagt: ", "verschoben": "Verschoben: "}.get(event.status, "")
            entries.append({
                "guid": self.event_guid(event),
                "title": f"{prefix}{event.title} ({when})",
                "link": self.url(urls.event(event.slug)),
                "summary": f"{when}" + (f", {event.location.name}" if event.location.name else ""),
                "content": self.event_content(event),
                "published": announced,
                "updated": announced,
                "author": event.organizer or region.name,
                "categories": self.categories(event.cities, event.action_fields),
                "enclosure": None,
            })
        return entries


def producers(site: Site, contents: Mapping[str, str], renditions: Mapping | None = None) -> dict[str, Callable[[], bytes]]:
    """feeds/<name>.rss.xml and .atom.xml for every feed; rendered when called (after all pages)."""
    result: dict[str, Callable[[], bytes]] = {}
    writer_holder: list[FeedWriter] = []

    def writer() -> FeedWriter:
        if not writer_holder:
            writer_holder.append(FeedWriter(site, contents, renditions))
        return writer_holder[0]

    for feed in all_feeds(site):
        for format_ in ("rss", "atom"):
            result[feed.path(format_)] = lambda feed=feed, format_=format_: writer().render(feed, format_)
    return result
