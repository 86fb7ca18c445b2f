"""URLs, e-mail, slugs, partial dates, and Markdown fields rendered safely."""

import pytest

from modellregion.text import render_markdown
from modellregion.values import PartialDate, is_email, is_safe_url, is_slug, parse_datetime, phone_href


@pytest.mark.parametrize("url", ["https://example.org", "http://example.org/a?b=1#c", "mailto:a@example.org", "tel:+492021234"])
def test_safe_urls(url):
    assert is_safe_url(url)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "//evil.example/x",
                                 "www.example.org", "https://", "https://exa mple.org", "java\tscript:alert(1)", "ftp://example.org", "vbscript:x"])
def test_unsafe_urls(url):
    assert not is_safe_url(url)


def test_slugs_and_emails():
    assert is_slug("e-bus-2024") and not is_slug("E-Bus") and not is_slug("e--bus") and not is_slug("-bus")
    assert is_email("projekt.buero@stadt.example") and not is_email("a@b") and not is_email("a..b@example.org")


def test_phone_href_keeps_digits_and_plus():
    assert phone_href("+49 202 563-0") == "tel:+492025630"


def test_partial_dates_compare_and_print():
    assert PartialDate.parse("2019-03").iso() == "2019-03"
    assert PartialDate.parse("2019-03-15").sort_key() > PartialDate.parse("2019-03").sort_key()
    with pytest.raises(ValueError):
        PartialDate.parse("2019-02-30")


def test_datetimes_default_to_berlin_time():
    summer = parse_datetime("2024-05-20T18:00")
    assert summer.utcoffset().total_seconds() == 7200
    assert parse_datetime("2024-01-10 09:30").utcoffset().total_seconds() == 3600
    assert parse_datetime("2024-05-20T16:00:00Z").hour == 18


def test_markdown_field_escapes_raw_html_and_drops_unsafe_links():
    html, refused = render_markdown('**fett** <script>alert(1)</script> [x](javascript:alert(1)) [ok](https://example.org) <b onclick="x">b</b>')
    assert "<strong>fett</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b onclick" not in html
    assert 'href="https://example.org"' in html and 'rel="noopener"' in html
    assert "javascript" not in html.replace("&lt;", "")  # the refused link keeps its text only
    assert refused == [("a", "javascript:alert(1)")]


def test_markdown_images_are_refused_in_text_fields():
    html, refused = render_markdown("![alt](data:image/svg+xml;base64,AAAA) ![x](https://cdn.example.org/x.png)")
    assert refused == [("img", "data:image/svg+xml;base64,AAAA"), ("img", "https://cdn.example.org/x.png")]
    assert "src=" not in html


def test_partial_date_with_year_precision_only_where_allowed():
    assert PartialDate.parse("2019", allow_year=True) == PartialDate(2019)
    with pytest.raises(ValueError):
        PartialDate.parse("2019")  # project start and end need at least a month
    with pytest.raises(ValueError):
        PartialDate.parse("2019-13", allow_year=True)
    # the less precise date sorts before the more precise ones it contains, after earlier months' days
    ordered = sorted([PartialDate(2019, 3, 1), PartialDate(2019, 3), PartialDate(2019), PartialDate(2019, 2, 28)], key=PartialDate.sort_key)
    assert [d.iso() for d in ordered] == ["2019", "2019-02-28", "2019-03", "2019-03-01"]
