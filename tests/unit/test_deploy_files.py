"""The deployment examples in deploy/ stay usable: valid YAML/INI, the right commands, no drift."""

from __future__ import annotations

import configparser

import yaml

from helpers import ROOT

DEPLOY = ROOT / "deploy"


def test_gitlab_ci_checks_tests_builds_and_publishes():
    ci = yaml.safe_load((DEPLOY / "gitlab-ci.yml").read_text(encoding="utf-8"))
    scripts = {name: " ".join(job.get("script", [])) for name, job in ci.items() if isinstance(job, dict) and "script" in job}
    assert scripts["inhalt-pruefen"] == "make check"
    assert scripts["tests"] == "make test"
    assert "make site" in scripts["vorschau"] and ci["vorschau"]["artifacts"]["expose_as"]
    assert ci["veroeffentlichen"]["resource_group"] and ci["veroeffentlichen"]["needs"] == ["website"]
    assert set(ci["stages"]) >= {job["stage"] for job in ci.values() if isinstance(job, dict) and "stage" in job}


def test_systemd_units_run_make_publish_daily():
    service = configparser.ConfigParser(interpolation=None, strict=False)
    service.read(DEPLOY / "systemd" / "modellregion-publish.service", encoding="utf-8")
    assert service["Service"]["ExecStart"].endswith("make --no-print-directory publish")
    assert service["Service"]["Type"] == "oneshot"
    timer = configparser.ConfigParser(interpolation=None, strict=False)
    timer.read(DEPLOY / "systemd" / "modellregion-publish.timer", encoding="utf-8")
    assert timer["Timer"]["OnCalendar"].endswith("Europe/Berlin") and timer["Timer"]["Persistent"] == "true"
