"""Non-HTML outputs of the build (feeds, calendars, open data): their site paths and producers."""

from __future__ import annotations

from typing import Callable

from . import feeds, ics, opendata


def producers(site, state) -> dict[str, Callable[[], bytes]]:
    """Site path -> function returning the file's bytes; called after all Markdown is rendered."""
    result: dict[str, Callable[[], bytes]] = {}
    result.update(opendata.producers(site))
    result.update(feeds.producers(site, state.contents))
    result.update(ics.producers(site))
    return result
