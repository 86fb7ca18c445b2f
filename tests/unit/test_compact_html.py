"""compact_html: the templates' indentation goes, nothing a reader or a script sees changes."""

from __future__ import annotations

import re

import lxml.html
from hypothesis import given, settings, strategies as st

from modellregion.text import compact_html


def visible(html: str) -> str:
    """Text as a browser lays it out outside pre: runs of whitespace are one space."""
    return re.sub(r"\s+", " ", lxml.html.fromstring(html).text_content()).strip()


def test_indentation_and_blank_lines_go_but_spaces_between_words_stay():
    page = "<div>\n    <p>Ein <a href=\"x\">Link</a> hier</p>\n\n\n    <p>Zwei</p>\n  </div>"
    assert compact_html(page) == "<div>\n<p>Ein <a href=\"x\">Link</a> hier</p>\n<p>Zwei</p>\n</div>"


def test_pre_textarea_script_and_style_keep_every_byte():
    kept = ("<pre><code>def f():\n    return 1\n\n\n</code></pre>", "<textarea>\n  a\n</textarea>",
            '<script type="application/ld+json">{\n  "a": "b"\n}</script>', "<style>\n  p { color: red }\n</style>",
            "<PRE class=\"x\">\n  gross\n</PRE >")
    for element in kept:
        assert element in compact_html(f"<div>\n    {element}\n    </div>")


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["<p>", "</p>", "<b>", "</b>", "Wort", " ", "  ", "\n", "\n    ", "\t", "<pre>a\n  b</pre>", "<br>"]), max_size=40))
def test_the_text_a_reader_sees_is_unchanged(pieces):
    page = "<div>" + "".join(pieces) + "</div>"
    assert visible(compact_html(page)) == visible(page)
    before = re.findall(r"<pre>.*?</pre>", page, re.S)
    assert re.findall(r"<pre>.*?</pre>", compact_html(page), re.S) == before
