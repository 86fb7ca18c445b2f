"""Browser tests: the fixture region served on 127.0.0.1 and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, EARLY, build_region, make_region, static_server


@pytest.fixture(scope="session")
def browser_site(tmp_path_factory) -> Path:
    """The fixture region built on 1 May 2024, with its search index."""
    root = make_region(tmp_path_factory.mktemp("browser"))
    return build_region(root, EARLY, search=True)


@pytest.fixture(scope="session")
def base_url(browser_site):
    with static_server(browser_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run `make test`, which installs it with apt-get")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def context(browser):
    # Reduced motion: focus checks read styles at once, without waiting for fade-in transitions.
    context = browser.new_context(locale="de-DE", viewport={"width": 1366, "height": 900}, reduced_motion="reduce")
    yield context
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    folder = ARTIFACTS / "screenshots"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder
