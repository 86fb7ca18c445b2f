"""MkDocs event hooks: thin glue that hands each event to the plain-Python core in modellregion/."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from modellregion import glue, settings
from modellregion.errors import ContentErrors
from modellregion.site import load_site

# MkDocs keeps hook modules loaded across `mkdocs serve` rebuilds: all state lives in this one
# holder, replaced at every on_config.
STATE = glue.BuildState()


def on_startup(command, dirty):
    STATE.serving = command == "serve"


def on_config(config):
    root = Path(config.config_file_path).parent
    try:
        day = settings.build_date()
    except settings.SettingsError as exc:
        raise PluginError(str(exc)) from None
    settings.pin_source_date_epoch(day)
    serving = STATE.serving
    STATE.reset(serving=serving)
    try:
        site = load_site(root, day, content_dir=Path(config.docs_dir), icon_exists=glue.icon_checker(config.theme.dirs))
        STATE.load(site)
    except ContentErrors as exc:
        if not serving:
            raise PluginError(exc.report()) from None
        STATE.reset(serving=serving)
        STATE.errors = exc  # shown on every page of the preview instead of a hanging server
        return config
    glue.apply_region(config, site.region, serving=serving)
    return config


def on_files(files: Files, config) -> Files:
    if STATE.site is None:
        return files
    return glue.add_files(STATE, files, config, File)


def on_page_markdown(markdown, page, config, files):
    glue.prepare_page(STATE, page)
    glue.check_body_images(STATE, page, config, markdown)
    return markdown


def on_page_content(html, page, config, files):
    html = glue.rewrite_body_images(STATE, html, page)
    STATE.remember_content(page.file.src_uri, html, page.file.abs_src_path)
    return html


def on_env(env, config, files):
    if STATE.body_errors and STATE.errors is None:  # every page is rendered: report all bodies at once
        errors = ContentErrors(STATE.body_errors)
        if not STATE.serving:
            raise PluginError(errors.report())
        STATE.errors = errors
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
