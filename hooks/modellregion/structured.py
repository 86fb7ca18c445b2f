"""schema.org JSON-LD for news (NewsArticle) and events (Event), rendered with |tojson in the page head."""

from __future__ import annotations

from datetime import date, datetime

from . import urls
from .models import Event, NewsItem
from .site import Site
from .values import midnight

EVENT_STATUS = {
    "geplant": "https://schema.org/EventScheduled",
    "abgesagt": "https://schema.org/EventCancelled",
    "verschoben": "https://schema.org/EventPostponed",
}


def _publisher(site: Site) -> dict:
    region = site.region
    publisher = {"@type": "Organization", "name": region.name, "url": region.base_url}
    if region.feed_image:
        publisher["logo"] = {"@type": "ImageObject", "url": region.base_url + region.feed_image}
    return publisher


def _iso(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    return midnight(value).isoformat()


def news_article(site: Site, item: NewsItem) -> dict:
    url = site.region.base_url + urls.news_item(item)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": item.title,
        "description": item.summary,
        "datePublished": item.shown_date.iso() if item.month_only else item.published_at.isoformat(),
        "dateModified": _iso(item.updated) if item.updated else item.shown_date.iso() if item.month_only else item.published_at.isoformat(),
        "inLanguage": "de",
        "mainEntityOfPage": url,
        "url": url,
        "author": {"@type": "Organization", "name": item.author} if item.author else _publisher(site),
        "publisher": _publisher(site),
    }
    if item.image:
        data["image"] = site.region.base_url + item.image.src  # replaced by image_object() once the variants exist
    if item.cities or item.action_fields:
        data["keywords"] = [site.city(s).name for s in item.cities] + [site.action_field(s).title for s in item.action_fields]
    return data


def image_object(base_url: str, image, rendition) -> dict:
    """schema.org ImageObject for the pipeline's 1200 px preview (the same file as og:image)."""
    data = {
        "@type": "ImageObject",
        "url": base_url + rendition.social.path,
        "contentUrl": base_url + rendition.social.path,
        "width": rendition.social.width,
        "height": rendition.social.height,
        "encodingFormat": rendition.social.mime,
    }
    if image.alt and not image.decorative:
        data["caption"] = image.alt
    if image.credit:
        data["creditText"] = image.credit
    return data


def event(site: Site, event_: Event) -> dict:
    url = site.region.base_url + urls.event(event_.slug)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event_.title,
        "url": url,
        "inLanguage": "de",
        "eventStatus": EVENT_STATUS[event_.status],
        "startDate": event_.start_date.isoformat() if event_.all_day else event_.start.isoformat(),
    }
    if event_.end:
        data["endDate"] = event_.end_date.isoformat() if event_.all_day else event_.end.isoformat()
    locations = []
    if event_.location.name or event_.location.address:
        place = {"@type": "Place", "name": event_.location.name or event_.location.address}
        if event_.location.address:
            place["address"] = event_.location.address
        locations.append(place)
    if event_.location.online_url:
        locations.append({"@type": "VirtualLocation", "url": event_.location.online_url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
        data["eventAttendanceMode"] = (
            "https://schema.org/MixedEventAttendanceMode" if len(locations) == 2
            else "https://schema.org/OnlineEventAttendanceMode" if event_.location.online_url
            else "https://schema.org/OfflineEventAttendanceMode"
        )
    if event_.image:
        data["image"] = site.region.base_url + event_.image.src  # replaced by image_object() once the variants exist
    organizer = event_.organizer or site.region.name
    data["organizer"] = {"@type": "Organization", "name": organizer}
    if event_.description:
        data["description"] = " ".join(event_.description.striptags().split())
    return data
