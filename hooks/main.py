"""MkDocs event hooks: thin glue that hands each event to the plain-Python core in modellregion/."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from modellregion import glue, settings
from modellregion.errors import ContentErrors
from modellregion.validation import check_region

# MkDocs keeps hook modules loaded across `mkdocs serve` rebuilds: all state lives in this one
# holder, replaced at every on_config.
STATE = glue.BuildState()


def on_startup(command, dirty):
    STATE.serving = command == "serve"


def on_config(config):
    started = time.perf_counter()
    root = Path(config.config_file_path).parent
    serving = STATE.serving
    STATE.reset(serving=serving)
    STATE.phases.start(started)
    if serving:
        glue.LAZY.begin_build()
    STATE.markdown = glue.markdown_cache(root)
    STATE.markdown.start(config)
    glue.install_german_messages(STATE, Path(config.docs_dir))
    STATE.assets = glue.fingerprint_assets(config)
    try:
        day, at = settings.build_date(), settings.build_time()
    except settings.SettingsError as exc:
        raise PluginError(str(exc)) from None
    settings.pin_source_date_epoch(day)
    # `make site` ran the whole gate a moment ago (publish.py): the build skips the bodies' second look.
    checked = os.environ.get("MODELLREGION_CHECKED") == day.isoformat()
    verdict = check_region(root, day, glue.engine_from_config(config, bodies=not checked, preview=serving), content_dir=Path(config.docs_dir), build_time=at)
    if not verdict.ok:
        errors = ContentErrors(verdict.errors)
        if not serving:
            raise PluginError(errors.report()) from None
        STATE.errors = errors  # shown on every page of the preview instead of a hanging server
        print(errors.report(), file=sys.stderr)
        return config
    if serving:
        print(verdict.summary(), file=sys.stderr)
    STATE.load(verdict)
    glue.apply_region(config, verdict.site.region, serving=serving)
    STATE.phases.add("gate", time.perf_counter() - started)
    return config


def on_files(files: Files, config) -> Files:
    glue.swap_fingerprinted(STATE, files, config, File)
    try:
        glue.add_admin(STATE, files, config, File, serving=STATE.serving)
    except glue.CmsBundleMissing as exc:
        raise PluginError(str(exc)) from None
    if STATE.site is None:
        return files
    with STATE.phases.timed("images"):
        return glue.add_files(STATE, files, config, File)


def on_nav(nav, config, files):
    STATE.nav = nav
    return nav


def on_page_markdown(markdown, page, config, files):
    glue.prepare_page(STATE, page)
    page.markdown = markdown
    STATE.markdown.attach(page, config, files)
    glue.defer_template(STATE, page)
    STATE.phases.mark()
    return markdown


def on_page_content(html, page, config, files):
    STATE.phases.since_mark("markdown")
    glue.safe_toc(page.toc)
    return STATE.remember_content(page.file.src_uri, html, page)


def on_env(env, config, files):
    glue.prepare_env(STATE, env, config, STATE.nav)
    if STATE.serving:
        glue.lazy_loader(env)
    if STATE.site is not None:
        with STATE.phases.timed("outputs"):
            glue.fill_outputs(STATE, files, config)
    return env


def on_page_context(context, page, config, nav):
    context["spec"] = STATE.spec_for(page.file.src_uri)
    glue.lazy_page(STATE, page, context, STATE.env, config)
    STATE.phases.mark()
    return context


def on_post_page(output, page, config):
    STATE.phases.since_mark("templates")
    if STATE.errors is not None:
        return glue.error_page(STATE.errors)
    return glue.clean_html(output)


def on_post_template(output, template_name, config):
    if STATE.errors is not None:  # generated pages are missing while content is broken: 404 shows why
        return glue.error_page(STATE.errors)
    return glue.clean_html(output)


def on_post_build(config):
    if STATE.errors is None:
        with STATE.phases.timed("images"):
            glue.write_derivatives(STATE, config.site_dir)
        STATE.markdown.save(write=not STATE.serving)
        STATE.phases.write(os.environ.get("MODELLREGION_PHASES"))
    if STATE.serving:  # pages on first request, the rest and then the search index in the background
        glue.LAZY.finish_build(Path(config.site_dir), glue.index_preview if STATE.site is not None else None)
