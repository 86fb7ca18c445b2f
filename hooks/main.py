"""MkDocs event hooks: thin glue that hands each event to the plain-Python core in modellregion/."""

from __future__ import annotations

import os
import sys
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
    root = Path(config.config_file_path).parent
    serving = STATE.serving
    STATE.reset(serving=serving)
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
    return config


def on_files(files: Files, config) -> Files:
    glue.swap_fingerprinted(STATE, files, config, File)
    try:
        glue.add_admin(STATE, files, config, File, serving=STATE.serving)
    except glue.CmsBundleMissing as exc:
        raise PluginError(str(exc)) from None
    if STATE.site is None:
        return files
    return glue.add_files(STATE, files, config, File)


def on_page_markdown(markdown, page, config, files):
    glue.prepare_page(STATE, page)
    return markdown


def on_page_content(html, page, config, files):
    glue.safe_toc(page.toc)
    return STATE.remember_content(page.file.src_uri, html, page)


def on_env(env, config, files):
    glue.prepare_env(STATE, env, config)
    if STATE.site is not None:
        glue.fill_outputs(STATE, files, config)
    return env


def on_page_context(context, page, config, nav):
    context["spec"] = STATE.spec_for(page.file.src_uri)
    return context


def on_post_page(output, page, config):
    if STATE.errors is not None:
        return glue.error_page(STATE.errors)
    return glue.clean_html(output)


def on_post_template(output, template_name, config):
    if STATE.errors is not None:  # generated pages are missing while content is broken: 404 shows why
        return glue.error_page(STATE.errors)
    return glue.clean_html(output)


def on_post_build(config):
    if STATE.errors is None:
        glue.write_derivatives(STATE, config.site_dir)
    if STATE.serving and STATE.site is not None:
        glue.index_preview(Path(config.site_dir))  # search works in the preview too
