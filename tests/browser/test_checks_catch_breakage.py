"""The browser checks are not decoration: each one fails when its rule is broken on purpose."""

from __future__ import annotations

import pytest

from browser_checks import RequestLog, axe_violations, skip_link_problems

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def rule_ids(violations: list[str]) -> set[str]:
    return {violation.split(" ", 1)[0] for violation in violations}


def test_axe_catches_too_little_contrast(context, base_url):
    page = context.new_page()
    page.goto(base_url + "projekte/buergerportal/")
    assert axe_violations(page) == []
    page.add_style_tag(content=".mr-lead { color: #bdbdbd !important; }")
    assert "color-contrast" in rule_ids(axe_violations(page))


def test_axe_catches_an_image_without_alt_text(context, base_url):
    page = context.new_page()
    page.goto(base_url + "aktuelles/2024/forum-einladung/")
    page.evaluate("() => document.querySelector('figure.mr-figure img').removeAttribute('alt')")
    assert "image-alt" in rule_ids(axe_violations(page))


def test_axe_catches_a_form_field_without_label(context, base_url):
    page = context.new_page()
    page.goto(base_url + "projekte/")
    page.evaluate("""() => {
        document.querySelector('label[for=mr-search-field]').remove();
        document.querySelector('#mr-search-field').removeAttribute('placeholder');
    }""")
    assert "label" in rule_ids(axe_violations(page))


def test_keyboard_check_catches_a_missing_skip_link(context, base_url):
    page = context.new_page()
    page.goto(base_url + "termine/")
    page.evaluate("() => document.querySelector('.mr-skip').remove()")
    problems = skip_link_problems(page)
    assert problems and problems[0].startswith("first Tab stop is not a skip link")


def test_keyboard_check_catches_a_skip_link_to_nowhere(context, base_url):
    page = context.new_page()
    page.goto(base_url + "termine/")
    page.evaluate("() => document.querySelector('.mr-skip').setAttribute('href', '#gibt-es-nicht')")
    assert skip_link_problems(page) == ["the skip link does not move focus to #gibt-es-nicht (focus on '')"]


def test_request_log_catches_a_request_to_another_host(context, base_url):
    log = RequestLog(context)
    context.route("http://fonts.example.org/**", lambda route: route.abort())
    page = context.new_page()
    page.goto(base_url + "region/")
    assert log.foreign == []
    page.evaluate("() => { const link = document.createElement('link'); link.rel = 'stylesheet'; link.href = 'http://fonts.example.org/css?family=Roboto'; document.head.append(link); }")
    page.wait_for_timeout(300)
    assert log.foreign == ["http://fonts.example.org/css?family=Roboto"]
