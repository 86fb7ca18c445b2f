"""The browser editor's configuration is the content model: every field has a widget and every
widget a field, with the gate's required flags and patterns; the pre-save check is the gate."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
import yaml

from helpers import FIXTURE, ROOT
from modellregion import cms, content_model as cm
from modellregion.models import CmsSettings
from modellregion.precheck import Change, check_change
from modellregion.schema import Field
from modellregion.values import is_email, is_phone, is_safe_url, is_slug
from test_handbook import FILES


class Region:
    base_url = "https://lindenau.example/"
    name = "Modellregion Lindenau"
    cms = CmsSettings("https://gitlab.example.org", "modellregion/website", "main", "abc123")


def config(local: str | None = None) -> dict:
    text = cms.config_yaml(cms.decap_config(Region, FIXTURE / "data", local_backend=local))
    return yaml.safe_load(text)  # what Decap reads: the YAML, parsed


def model_paths(fields: dict[str, Field], prefix: str = "") -> dict[str, Field]:
    paths = {}
    for name, spec in fields.items():
        paths[prefix + name] = spec
        nested = spec.fields or (spec.item.fields if spec.item and spec.item.kind == "record" else None)
        if nested:
            paths.update(model_paths(nested, f"{prefix}{name}."))
    return paths


def widget_paths(widgets: list[dict], prefix: str = "") -> dict[str, dict]:
    paths = {}
    for widget in widgets:
        paths[prefix + widget["name"]] = widget
        if widget.get("fields"):
            paths.update(widget_paths(widget["fields"], f"{prefix}{widget['name']}."))
    return paths


def collection_widgets(collection: dict) -> list[dict]:
    if "files" in collection:  # a list file: the list's item fields
        (file,) = collection["files"]
        (items,) = file["fields"]
        return items["fields"]
    return collection["fields"]


COLLECTIONS = {c.name: c for c in cms.COLLECTIONS}


@pytest.mark.parametrize("name", COLLECTIONS)
def test_every_field_has_a_widget_and_every_widget_a_field(name):
    collection = next(c for c in config()["collections"] if c["name"] == name)
    model = model_paths(COLLECTIONS[name].fields)
    widgets = widget_paths(collection_widgets(collection))
    if COLLECTIONS[name].body:
        assert widgets.pop("body")["widget"] == "markdown"
    assert sorted(model) == sorted(widgets)
    for path, spec in model.items():
        widget = widgets[path]
        in_optional_block = "." in path and not model[path.rsplit(".", 1)[0]].required
        assert widget["required"] == (spec.required and not in_optional_block), path
        assert widget["label"] and widget["label"][0].isupper(), path  # a German label from the handbook


def test_every_kind_of_the_model_is_a_collection_or_named_as_left_out():
    assert {c.kind for c in cms.COLLECTIONS} | set(cms.NOT_IN_CMS) == set(FILES)


def test_widgets_follow_the_field_kinds():
    news = widget_paths(collection_widgets(next(c for c in config()["collections"] if c["name"] == "aktuelles")))
    assert news["date"]["widget"] == "datetime" and news["date"]["format"] == "YYYY-MM-DD" and news["date"]["time_format"] is False
    assert news["image.src"]["widget"] == "image" and news["image.alt"]["widget"] == "string"
    assert news["cities"]["widget"] == "select" and news["cities"]["multiple"] is True
    assert [o["value"] for o in news["cities"]["options"]] == ["lindenau", "eichberg"]  # from data/cities.yml
    assert news["projects"]["widget"] == "relation" and news["projects"]["collection"] == "projekte"
    project = widget_paths(collection_widgets(next(c for c in config()["collections"] if c["name"] == "projekte")))
    assert project["status"]["options"] == list(cm.PROJECT_STATUSES)
    assert project["lead"]["widget"] == "select" and "stadt-lindenau" in [o["value"] for o in project["lead"]["options"]]
    assert project["funding.amount_eur"]["widget"] == "number" and project["funding.amount_eur"]["min"] == 0
    assert project["cities"]["min"] == 1  # `cities: []` is „ist leer“ for the gate
    event = widget_paths(collection_widgets(next(c for c in config()["collections"] if c["name"] == "termine")))
    assert event["report"]["widget"] == "relation" and event["report"]["collection"] == "aktuelles"
    assert event["status"]["default"] == "geplant"


def test_file_names_are_the_ones_the_gate_expects():
    collections = {c["name"]: c for c in config()["collections"]}
    assert collections["aktuelles"]["folder"] == "content/aktuelles"
    assert collections["aktuelles"]["slug"] == "{{fields.date | date('YYYY-MM-DD')}}-{{slug}}"  # JJJJ-MM-TT-kennung.md
    assert collections["projekte"]["folder"] == "data/projects" and collections["projekte"]["extension"] == "yml"
    assert collections["termine"]["folder"] == "data/events"
    assert collections["akteure"]["files"][0]["file"] == "data/organisations.yml"
    assert config()["slug"] == {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}


SAMPLES = {
    "slug": (["serviceportal", "e-bus-2", "a"], ["Service", "e--bus", "-e", "über", "e_bus", "x" * 81]),
    "url": (["https://www.solingen.de", "http://a.b/c?d#e", "mailto:a@b.de", "tel:+492021", "https://localhost"], ["www.solingen.de", "https:\\\\a.de", "javascript:alert(1)", "https://a b.de", "ftp://a.de"]),
    "email": (["presse@region.example", "a.b@c-d.de"], ["presse", "a@b", "a@@b.de"]),
    "phone": (["+49 202 563-0", "0202 5630", "0202 56/30-1"], ["Zentrale", "+49", "0202-"]),
}
GATE = {"slug": is_slug, "url": is_safe_url, "email": is_email, "phone": is_phone}


@pytest.mark.parametrize("rule", SAMPLES)
def test_patterns_agree_with_the_gate(rule):
    regex = re.compile(cms.PATTERNS[rule][0])
    good, bad = SAMPLES[rule]
    for value in good:
        assert GATE[rule](value) and regex.search(value), value
    for value in bad:
        assert not GATE[rule](value), value
        assert not regex.search(value), value


def test_date_patterns():
    assert re.search(cms.PATTERNS["month_or_date"][0], "2024-05") and re.search(cms.PATTERNS["month_or_date"][0], "2024-05-02")
    assert not re.search(cms.PATTERNS["month_or_date"][0], "2024-13")
    assert re.search(cms.PATTERNS["partial_date"][0], "2019")
    assert re.search(cms.PATTERNS["date_or_datetime"][0], "2026-12-10T18:00")
    assert not re.search(cms.PATTERNS["date_or_datetime"][0], "10.12.2026")


def test_backends():
    gitlab = config()["backend"]
    assert gitlab == {**gitlab, "name": "gitlab", "repo": "modellregion/website", "auth_type": "pkce", "app_id": "abc123",
                      "base_url": "https://gitlab.example.org", "api_root": "https://gitlab.example.org/api/v4"}
    assert config()["publish_mode"] == "editorial_workflow"
    local = config("http://127.0.0.1:8081/api/v1")
    assert local["backend"] == {"name": "proxy", "proxy_url": "http://127.0.0.1:8081/api/v1", "branch": "main"}
    assert "publish_mode" not in local and local["locale"] == "de"


def test_admin_policy_allows_only_our_site_and_the_git_server():
    policy = dict(d.split(" ", 1) for d in cms.content_security_policy("https://gitlab.example.org").split("; "))
    assert policy["connect-src"] == "'self' blob: https://gitlab.example.org"
    assert policy["default-src"] == "'self'" and policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert "https:" not in policy["script-src"] and "'unsafe-inline'" not in policy["script-src"]
    page = cms.admin_page("Region", ["../assets/site.css"], csp="default-src 'self'")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert page.index("modellregion-cms.js") < page.index("decap-cms.js")  # manual init before the bundle
    assert not re.search(r'(src|href)="(https?:)?//', page)


# --- the pre-save check ------------------------------------------------------------------------
NEWS = """---
title: Rufbus fährt ab Mai
date: 2024-04-20
summary: Der Rufbus verbindet ab Mai die Ortsteile.
cities:
  - lindenau
---
Gebucht wird per App.
"""


@pytest.fixture
def region(tmp_path):
    for folder in ("content", "data"):
        shutil.copytree(FIXTURE / folder, tmp_path / folder)
    return tmp_path


def test_precheck_accepts_a_good_news_item_and_writes_nothing(region):
    judgement = check_change(region, Change({"content/aktuelles/2024-04-20-rufbus.md": NEWS.encode()}), date(2024, 5, 1))
    assert judgement.ok and judgement.problems == []
    assert not (region / "content" / "aktuelles" / "2024-04-20-rufbus.md").exists()


def test_precheck_refuses_what_the_forms_cannot_express(region):
    bad = NEWS.replace("  - lindenau", "  - lindenau\nprojects:\n  - gibt-es-nicht")
    judgement = check_change(region, Change({"content/aktuelles/2024-04-21-rufbus.md": bad.encode()}), date(2024, 5, 1))
    assert not judgement.ok
    assert all(p.startswith("content/aktuelles/2024-04-21-rufbus.md:") for p in judgement.problems)
    assert any("gibt-es-nicht" in p for p in judgement.problems) and any("passt nicht zum Datum" in p for p in judgement.problems)


def test_precheck_refuses_a_delete_that_breaks_another_file(region):
    report = next(p for p in (region / "data" / "events").glob("*.yml") if "report:" in p.read_text(encoding="utf-8"))
    slug = re.search(r"^report: *(\S+)", report.read_text(encoding="utf-8"), re.M).group(1)
    news = next((region / "content" / "aktuelles").glob(f"*{slug}.md"))
    judgement = check_change(region, Change({}, (news.relative_to(region).as_posix(),)), date(2024, 7, 1))
    assert not judgement.ok
    assert all(p.startswith(report.relative_to(region).as_posix()) for p in judgement.problems)
    assert news.exists()


def test_precheck_never_writes_outside_content_and_data(region):
    judgement = check_change(region, Change({"hooks/main.py": b"x", "content/../mkdocs.yml": b"x"}), date(2024, 5, 1))
    assert not judgement.ok and len(judgement.problems) == 2
    assert "nur Dateien unter content/ und data/" in judgement.problems[0]
