"""The handbook keeps up with the content model: every field is documented, every template is valid."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from helpers import ROOT
from modellregion import content_model as cm
from modellregion.schema import Field
from modellregion.validation import load_site

FILES = {"region": cm.REGION, "city": cm.CITY, "action_field": cm.ACTION_FIELD, "organisation": cm.ORGANISATION,
         "project": cm.PROJECT, "event": cm.EVENT, "news": cm.NEWS, "portrait": cm.PORTRAIT, "page": cm.PAGE, "redirect": cm.REDIRECT, "source": cm.SOURCE, "milestone": cm.MILESTONE}


def field_names(fields: dict[str, Field], prefix: str = "") -> list[str]:
    names = []
    for name, spec in fields.items():
        names.append(prefix + name)
        nested = spec.fields or (spec.item.fields if spec.item else None)
        if nested:
            names += field_names(nested, f"{prefix}{name}.")
    return names


@pytest.mark.parametrize("kind", FILES)
def test_every_field_is_in_the_field_reference(kind):
    reference = (ROOT / "docs" / "inhaltsmodell.md").read_text(encoding="utf-8")
    missing = [name for name in field_names(FILES[kind]) if f"`{name}`" not in reference]
    assert missing == []


TEMPLATES = {
    "projekt.yml": "data/projects/beispiel-projekt.yml",
    "termin.yml": "data/events/beispiel-termin.yml",
    "stadtportraet.md": "content/staedte/wuppertal.md",
}


@pytest.mark.parametrize("template, target", TEMPLATES.items())
def test_templates_for_editors_are_valid(template, target, tmp_path):
    for folder in ("data", "content"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "docs" / "vorlagen" / template, tmp_path / target)
    load_site(tmp_path, date(2026, 11, 23))


def test_news_template_is_valid(tmp_path):
    for folder in ("data", "content"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    text = (ROOT / "docs" / "vorlagen" / "meldung.md").read_text(encoding="utf-8")
    day = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("date:"))
    (tmp_path / "content" / "aktuelles" / f"{day}-vorlage.md").write_text(text, encoding="utf-8")
    site = load_site(tmp_path, date(2026, 11, 23))
    assert any(item.slug == "vorlage" for item in site.news)
