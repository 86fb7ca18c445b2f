"""The project's stylesheet is well-formed CSS: one missing brace silently drops every rule after it."""

from __future__ import annotations

import re

from helpers import ROOT


def test_braces_balance_in_our_stylesheet():
    css = re.sub(r"/\*.*?\*/", "", (ROOT / "overrides" / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8"), flags=re.S)
    depth, statement, line = 0, "", 1
    for char in css:
        line += char == "\n"
        if char == "{":
            depth += 1
            statement = ""
        elif char == "}":
            depth -= 1
            assert depth >= 0, f"site.css:{line}: a }} too many"
            statement = ""
        elif char == ";":
            # At the top level only @-statements end with ";": anything else lost its rule's braces.
            assert depth > 0 or statement.strip().startswith("@"), f"site.css:{line}: a declaration outside any rule"
            statement = ""
        else:
            statement += char
    assert depth == 0, "site.css: a { is never closed"
