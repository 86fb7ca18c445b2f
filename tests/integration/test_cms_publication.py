"""/admin/ on the public site: only with a cms block in data/region.yml, then with its own headers,
noindex, and outside sitemap, feeds and search; without the block the site has no trace of it."""

from __future__ import annotations

import json

import pytest

from helpers import EARLY, build_region, make_region
from modellregion import cms, security

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("cms-build")]

CMS_BLOCK = """
cms:
  gitlab_url: https://gitlab.example.org
  repo: modellregion/website
  app_id: 0123456789abcdef
"""


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    root = make_region(tmp_path_factory.mktemp("cms-published"))
    with (root / "data" / "region.yml").open("a", encoding="utf-8") as handle:
        handle.write(CMS_BLOCK)
    return build_region(root, EARLY, search=True)


def test_without_cms_block_the_site_has_no_admin(early_site):
    assert not (early_site / "admin").exists()
    assert security.parse_headers_file((early_site / "_headers").read_text(encoding="utf-8")).keys() == {"/*"}


def test_admin_is_published_from_our_own_files(published):
    admin = published / "admin"
    assert (admin / "decap-cms.js").read_bytes() == (cms.PROJECT / cms.BUNDLE_DIR / "decap-cms.js").read_bytes()
    assert not list(admin.glob("*.map"))
    config = __import__("yaml").safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["name"] == "gitlab" and config["backend"]["auth_type"] == "pkce"
    assert config["backend"]["repo"] == "modellregion/website" and config["publish_mode"] == "editorial_workflow"
    page = __import__("html").unescape((admin / "index.html").read_text(encoding="utf-8"))
    assert '<meta name="robots" content="noindex, nofollow">' in page and "connect-src 'self' blob: https://gitlab.example.org" in page


def test_admin_is_outside_sitemap_feeds_and_search(published):
    assert "/admin/" not in (published / "sitemap.xml").read_text(encoding="utf-8")
    assert not any("/admin/" in feed.read_text(encoding="utf-8") for feed in published.rglob("*.xml"))
    indexed = [p for p in published.rglob("*.html") if "data-pagefind-body" in p.read_text(encoding="utf-8")]
    entry = json.loads((published / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(language["page_count"] for language in entry["languages"].values()) == len(indexed)
    assert "data-pagefind-body" not in (published / "admin" / "index.html").read_text(encoding="utf-8")


def test_admin_has_its_own_policy_in_headers(published):
    rules = security.parse_headers_file((published / "_headers").read_text(encoding="utf-8"))
    site = security.resolve_headers(rules, "/projekte/")
    admin = security.resolve_headers(rules, "/admin/index.html")
    assert site["Content-Security-Policy"] == security.content_security_policy()
    assert admin["Content-Security-Policy"] == cms.content_security_policy("https://gitlab.example.org")
    assert admin["X-Robots-Tag"] == "noindex, nofollow" and admin["X-Content-Type-Options"] == "nosniff"
    include = security.nginx_admin_include("https://gitlab.example.org")
    assert f'add_header Content-Security-Policy "{admin["Content-Security-Policy"]}" always;' in include
