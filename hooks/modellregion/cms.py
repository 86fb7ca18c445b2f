"""The browser editor (/admin/, Decap CMS): its configuration generated from the content model.

Nothing here is written by hand per field: every collection walks the field specs of
content_model.py (the same specs the gate checks), and each Field.kind has one widget with the
gate's required flag and pattern. What a widget cannot express (cross-file rules, alt texts,
links in Markdown …) is checked by the gate itself before the local backend writes a file
(``modellregion pruefen``) and by the merge request's pipeline on GitLab.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import content_model as cm
from .loading import load_yaml_file
from .schema import Field
from .values import EMAIL_RE, PHONE_RE, SLUG_MAX, SLUG_RE

# The CMS bundle as npm installs it (cms/package.json, make editor); copied to /admin/. Like hooks/
# and overrides/ it belongs to the generator, not to a region: found beside this package.
PROJECT = Path(__file__).resolve().parents[2]
BUNDLE_DIR = Path("cms") / "node_modules" / "decap-cms" / "dist"
BUNDLE_FILE = "decap-cms.js"
YAML_LIB = Path("cms") / "node_modules" / "js-yaml" / "dist" / "js-yaml.min.js"
OWN_FILES = Path("cms") / "admin"  # our own script and stylesheet for /admin/
LOCAL_BACKEND_ENV = "MODELLREGION_CMS_BACKEND"  # set by `make editor`: the local backend's API URL

# --- patterns: the gate's rules as JavaScript regular expressions (no flags, whole value) ---------
SLUG_PATTERN = rf"^(?=.{{1,{SLUG_MAX}}}$){SLUG_RE.pattern.lstrip('^')}"
URL_PATTERN = r"^(https?://[^\s/\\?#@]+([/?#][^\s\\]*)?|mailto:[^\s\\]+|tel:[^\s\\]+)$"
_DAY = r"(0[1-9]|[12][0-9]|3[01])"
_MONTH = r"(0[1-9]|1[0-2])"
_TIME = r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?"
DATE_PATTERN = rf"^[0-9]{{4}}-{_MONTH}-{_DAY}$"
MONTH_OR_DATE_PATTERN = rf"^[0-9]{{4}}-{_MONTH}(-{_DAY})?$"
PARTIAL_DATE_PATTERN = rf"^[0-9]{{4}}(-{_MONTH}(-{_DAY})?)?$"
DATETIME_PATTERN = rf"^[0-9]{{4}}-{_MONTH}-{_DAY}([T ]{_TIME}(Z|[+-][0-9]{{2}}:[0-9]{{2}})?)?$"
ALT_PATTERN = r"^\s*\S+(\s+\S+){2,}\s*$"  # at least three words (images.alt_problem judges the rest)

PATTERNS = {
    "slug": (SLUG_PATTERN, f"nur Kleinbuchstaben a–z, Ziffern und einzelne „-“ dazwischen, höchstens {SLUG_MAX} Zeichen"),
    "url": (URL_PATTERN, "eine vollständige Adresse mit https://, http://, mailto: oder tel:, ohne Leerzeichen"),
    "email": (EMAIL_RE.pattern, "eine E-Mail-Adresse in der Form name@example.org"),
    "phone": (PHONE_RE.pattern, "Ziffern mit Leerzeichen, „+“, „-“, „/“ oder Klammern, z. B. +49 202 123-0"),
    "month_or_date": (MONTH_OR_DATE_PATTERN, "ein Monat wie 2024-05 oder ein Tag wie 2024-05-02"),
    "partial_date": (PARTIAL_DATE_PATTERN, "so genau wie bekannt: 2019, 2019-02 oder 2019-02-15"),
    "date_or_datetime": (DATETIME_PATTERN, "ein Tag wie 2024-05-02 oder Tag und Uhrzeit wie 2024-05-02T18:30"),
}

# Decap's date widget: shown the German way, stored as the gate reads it (dayjs tokens).
DATE_WIDGET = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD.MM.YYYY", "time_format": False}


@dataclass(frozen=True)
class Collection:
    """One kind of content file as a CMS collection."""

    name: str  # the collection's id in the CMS (and in its URLs: /admin/#/collections/<name>)
    label: str
    label_singular: str
    kind: str  # the content model's name of the kind, as in the handbook test
    fields: dict[str, Field]
    folder: str | None = None  # one file per entry
    file: str | None = None  # one YAML file holding a list (data/cities.yml …)
    extension: str = "yml"
    body: str | None = None  # label of the Markdown text below the front matter
    create: bool = True
    slug: str = "{{slug}}"
    summary: str = "{{title}}"
    identifier_field: str = "title"
    description: str = ""


COLLECTIONS: tuple[Collection, ...] = (
    Collection(
        "aktuelles", "Meldungen", "Meldung", "news", cm.NEWS, folder="content/aktuelles", extension="md", body="Text",
        slug="{{fields.date | date('YYYY-MM-DD')}}-{{slug}}", summary="{{date}} – {{title}}",
        description="Meldungen in content/aktuelles/. Der Dateiname entsteht aus Datum und Titel: JJJJ-MM-TT-kennung.md.",
    ),
    Collection(
        "projekte", "Projekte", "Projekt", "project", cm.PROJECT, folder="data/projects",
        summary="{{title}} ({{status}})",
        description="Ein Projekt je Datei in data/projects/; der Dateiname (aus dem Titel) ist die Kennung und die Adresse /projekte/<kennung>/.",
    ),
    Collection(
        "termine", "Termine", "Termin", "event", cm.EVENT, folder="data/events", summary="{{start}} – {{title}}",
        description="Ein Termin je Datei in data/events/; der Dateiname (aus dem Titel) ist die Kennung.",
    ),
    Collection(
        "akteure", "Akteure", "Akteur", "organisation", cm.ORGANISATION, file="data/organisations.yml",
        identifier_field="name", summary="{{name}}",
        description="Alle Akteure in einer Liste (data/organisations.yml).",
    ),
    Collection(
        "staedte", "Städte", "Städte", "city", cm.CITY, file="data/cities.yml", identifier_field="name", summary="{{name}}",
        description="Die Städte der Region (data/cities.yml); die Reihenfolge ist die der Website.",
    ),
    Collection(
        "stadtportraets", "Stadtporträts", "Stadtporträt", "portrait", cm.PORTRAIT, folder="content/staedte", extension="md",
        body="Text (mit den sieben Abschnitten)", create=False, summary="{{filename}}", identifier_field="title",
        description="Je Stadt ein Porträt in content/staedte/<stadt>.md mit den sieben Abschnitten „## Organisationsstruktur“ bis „## Wettbewerbe & Förderprogramme“.",
    ),
    Collection(
        "handlungsfelder", "Handlungsfelder", "Handlungsfelder", "action_field", cm.ACTION_FIELD, file="data/action_fields.yml",
        summary="{{title}}", description="Die Handlungsfelder der Region (data/action_fields.yml).",
    ),
    Collection(
        "seiten", "Seiten", "Seite", "page", cm.PAGE, folder="content", extension="md", body="Text",
        summary="{{title}} ({{filename}}.md)",
        description="Startseite, Pflichtseiten und weitere Seiten direkt in content/.",
    ),
)

# Kinds of the content model without a collection, and why (the test names them).
NOT_IN_CMS = {
    "region": "data/region.yml ist die Einstellung der Region (Betrieb, nicht Redaktion)",
    "redirect": "data/redirects.yml gehört zum Umbenennen, das in Git geschieht",
    "source": "data/sources.yml pflegt das Projektbüro zusammen mit den Quellen",
    "milestone": "data/milestones.yml pflegt das Projektbüro zusammen mit den Quellen",
}

# German labels and hints, from the handbook (docs/redaktion.md, docs/inhaltsmodell.md).
# Keys: "<kind>:<path>" for one kind, "<path>" for every kind that has the field.
LABELS: dict[str, tuple[str, str]] = {
    "title": ("Titel", ""),
    "news:title": ("Überschrift", "Enthält sie einen Doppelpunkt, ist das kein Problem – das CMS setzt die Anführungszeichen."),
    "news:date": ("Erscheinungsdatum", "Der Tag, an dem die Meldung erscheint; er steht auch im Dateinamen. Liegt er in der Zukunft, erscheint die Meldung erst an diesem Tag. Meldungen mit Uhrzeit oder nur mit Monat bitte in Git anlegen (docs/redaktion.md)."),
    "summary": ("Kurzbeschreibung", "Ein bis drei Sätze, höchstens 300 Zeichen, ohne Formatierung."),
    "news:summary": ("Vorspann", "Ein bis drei Sätze, höchstens 300 Zeichen, ohne Formatierung. Steht über dem Text, in allen Übersichten und in den Feeds."),
    "cities": ("Städte", "Die Meldung erscheint auf den Seiten dieser Städte und in ihren Feeds."),
    "project:cities": ("Städte", "Mindestens eine Stadt."),
    "action_fields": ("Handlungsfelder", "Ordnet den Eintrag den Seiten und Feeds der Handlungsfelder zu."),
    "project:action_fields": ("Handlungsfelder", "Mindestens ein Handlungsfeld."),
    "projects": ("Projekte", "Der Eintrag erscheint dann auf den Seiten dieser Projekte."),
    "image": ("Bild", "Bild unter content/bilder/ mit Alternativtext und Bildnachweis."),
    "news:image": ("Aufmacherbild", "Erscheint über der Meldung und im Feed."),
    "image.src": ("Bilddatei", "JPEG, PNG, WebP, GIF oder SVG; höchstens 20 MB und 40 Megapixel."),
    "image.alt": ("Alternativtext", "Was auf dem Bild zu sehen ist, in mindestens drei Wörtern – nicht „Bild“ oder „Foto“ und nicht der Dateiname. Menschen, die das Bild nicht sehen, bekommen diesen Text vorgelesen."),
    "image.credit": ("Bildnachweis", "Erscheint als „Foto: …“ unter dem Bild."),
    "image.decorative": ("Reiner Schmuck", "Nur für Bilder, die nichts mitteilen; dann bleibt der Alternativtext leer."),
    "logo": ("Logo", "Bild mit Alternativtext."),
    "logo.src": ("Bilddatei", "JPEG, PNG, WebP, GIF oder SVG."),
    "logo.alt": ("Alternativtext", "Mindestens drei Wörter, z. B. „Logo der Bergischen Universität“ ist zu knapp – besser: „Schriftzug der Universität in Blau“."),
    "logo.credit": ("Bildnachweis", ""),
    "logo.decorative": ("Reiner Schmuck", "Nur für Bilder, die nichts mitteilen."),
    "author": ("Verfasst von", "Person oder Stelle; ohne Angabe nennt der Feed die Region."),
    "draft": ("Entwurf", "Eingeschaltet: erscheint nur in der Vorschau, nicht auf der Website, in Listen, Feeds oder der Suche."),
    "updated": ("Stand (letzte Änderung)", "Tag der letzten inhaltlichen Änderung; die Seite zeigt ihn als „Stand“."),
    "project:updated": ("Stand (letzte Änderung)", "Bei jeder inhaltlichen Änderung auf heute setzen."),
    "event:updated": ("Angekündigt oder geändert am", "Bei jeder Änderung auf heute setzen: Feed und Kalender erkennen daran die Änderung."),
    "sources": ("Quellen", "Aus welchen Dokumenten (data/sources.yml) die Angaben stammen; erscheint als „Quelle: …“."),
    "as_of": ("Stand der Angaben", "Wann die Angaben zuletzt bestätigt wurden: 2019, 2019-02 oder 2019-02-15."),
    "project:kind": ("Art", "Projekt der Modellregion oder bestehendes Vorhaben eines Partners."),
    "project:status": ("Status", "Der Katalog zeigt laufende Projekte zuerst. Ändert sich der Status, auch „Stand“ auf heute setzen."),
    "project:start": ("Beginn", "Monat (2027-01) oder Tag (2027-01-15)."),
    "project:end": ("Ende", "Monat oder Tag, nicht vor dem Beginn."),
    "lead": ("Federführung", "Die federführende Organisation aus den Akteuren."),
    "partners": ("Partner", "Organisationen aus den Akteuren."),
    "funding": ("Förderung", "Förderprogramm und Fördersumme."),
    "funding.programme": ("Förderprogramm", ""),
    "funding.amount_eur": ("Fördersumme in Euro", "Nur Ziffern, ohne Tausenderpunkte, z. B. 450000."),
    "budget_eur": ("Gesamtbudget in Euro", "Nur Ziffern, ohne Tausenderpunkte, z. B. 600000."),
    "contact": ("Ansprechstelle", ""),
    "contact.name": ("Name", ""),
    "contact.email": ("E-Mail", ""),
    "contact.phone": ("Telefon", "z. B. +49 202 563-0"),
    "website": ("Website", "Vollständig mit https://"),
    "results": ("Ergebnisse", "Was herausgekommen ist, für andere Kommunen. Links nur vollständig mit https://, mailto: oder tel:."),
    "featured": ("Auf der Startseite zeigen", "Unter „Ausgewählte Projekte“."),
    "event:start": ("Beginn", "Tag (2027-03-04, ganztägig) oder Tag und Uhrzeit in deutscher Zeit (2026-12-10T18:00)."),
    "event:end": ("Ende", "Wie der Beginn geschrieben (beide mit oder beide ohne Uhrzeit), nicht vor dem Beginn."),
    "all_day": ("Ganztägig", "Ohne Angabe gilt ein Termin ohne Uhrzeit als ganztägig."),
    "location": ("Ort", "Name des Ortes oder Adresse der Übertragung (mindestens eins von beiden)."),
    "location.name": ("Name des Ortes", "z. B. Rathaus Barmen, Ratssaal"),
    "location.address": ("Anschrift", ""),
    "location.online_url": ("Online-Übertragung", "Adresse mit https://"),
    "organizer": ("Veranstalter", ""),
    "description": ("Beschreibung", "Höchstens 300 Zeichen, für Suchmaschinen."),
    "event:description": ("Beschreibung", "Markdown; Links nur vollständig mit https://, mailto: oder tel:."),
    "organisation:description": ("Beschreibung", "Höchstens 600 Zeichen."),
    "registration_url": ("Anmeldung", "Adresse der Anmeldung mit https://"),
    "event:status": ("Status", "Abgesagte Termine nicht löschen, sondern auf „abgesagt“ setzen."),
    "report": ("Bericht", "Die Meldung, die über den Termin berichtet."),
    "slug": ("Kennung", "Kleinbuchstaben, Ziffern und Bindestriche; Teil der Adresse. Nach der Veröffentlichung nicht mehr ändern."),
    "name": ("Name", ""),
    "organisation:kind": ("Art der Organisation", ""),
    "organisation:city": ("Stadt", "Optional: die Stadt, in der die Organisation sitzt."),
    "role": ("Rolle in der Region", "z. B. Leitkommune, Partnerkommune"),
    "population": ("Einwohnerzahl", "Nur Ziffern, ohne Tausenderpunkt."),
    "icon": ("Symbol", "Name eines Symbols von Material for MkDocs, z. B. material/bus oder material/town-hall."),
    "template": ("Seitenvorlage", "Meist leer lassen; bei Startseite und Pflichtseiten nie setzen."),
    "hide": ("Ausblenden", "Teile des Seitenrahmens, z. B. toc (Inhaltsverzeichnis) oder navigation."),
    "hide.*": ("Teil", ""),
}


def label_for(kind: str, path: str) -> tuple[str, str]:
    """The German label and hint of a field; KeyError when the handbook's words are missing."""
    return LABELS.get(f"{kind}:{path}") or LABELS[path]


# --- options from data/ ---------------------------------------------------------------------------
REF_FILES = {"city": ("cities.yml", "name"), "action_field": ("action_fields.yml", "title"),
             "organisation": ("organisations.yml", "name"), "source": ("sources.yml", "title")}
RELATIONS = {  # references to kinds with one file per entry: the CMS looks them up live
    "project": {"collection": "projekte", "value_field": "{{slug}}", "search_fields": ["title"], "display_fields": ["title"]},
    "news": {"collection": "aktuelles", "value_field": "{{slug}}", "search_fields": ["title"], "display_fields": ["title"]},
}


def reference_options(data_dir: Path) -> dict[str, list[dict[str, str]]]:
    """Slugs and names of cities, action fields, organisations and sources, read leniently (a broken
    file gives no options; the gate reports it): the CMS must open while content is broken."""
    options: dict[str, list[dict[str, str]]] = {}
    for kind, (filename, label_key) in REF_FILES.items():
        path = data_dir / filename
        entries = []
        if path.is_file() and not path.is_symlink():
            data = load_yaml_file(path, filename).data
            for item in data if isinstance(data, list) else ():
                if isinstance(item, dict) and isinstance(item.get("slug"), str):
                    label = item.get(label_key)
                    entries.append({"value": item["slug"], "label": f"{label} ({item['slug']})" if isinstance(label, str) else item["slug"]})
        options[kind] = entries
    return options


# --- widgets ----------------------------------------------------------------------------------------
def widget(kind: str, path: str, spec: Field, options: dict[str, list[dict[str, str]]], in_optional_block: bool = False) -> dict:
    """The CMS field for one field of the content model (name, German label and hint, widget, rules).

    Inside an optional block (a news item's image, a project's funding) nothing is required and
    nothing has a default: Decap would otherwise demand an image for every news item, or write
    `image: {decorative: false}`, which the gate rightly calls an image without src. Whether a
    block that is there is complete, the gate decides before the save."""
    label, hint = label_for(kind, path)
    name = path.rsplit(".", 1)[-1]
    result: dict = {"name": name, "label": label}
    if hint:
        result["hint"] = hint
    result.update(_widget_of(kind, path, spec, options, in_optional_block))
    if in_optional_block:
        result.pop("default", None)
    result["required"] = bool(spec.required) and not in_optional_block
    if spec.kind == "list" and spec.required:
        result["min"] = 1  # `cities: []` is „ist leer“ for the gate
    return result


def _pattern(rule: str) -> list[str]:
    regex, message = PATTERNS[rule]
    return [regex, f"Bitte {message}."]


def _ref_widget(ref: str, options, multiple: bool) -> dict:
    if ref in RELATIONS:
        return {"widget": "relation", **RELATIONS[ref], "multiple": multiple, "options_length": 500}
    return {"widget": "select", "options": options.get(ref, []), "multiple": multiple}


def _widget_of(kind: str, path: str, spec: Field, options, in_optional_block: bool = False) -> dict:
    k = spec.kind
    if k == "text":
        result: dict = {"widget": "text" if (spec.max_len or 0) > 120 else "string"}
        if spec.max_len:
            result["pattern"] = [rf"^[\s\S]{{0,{spec.max_len}}}$", f"Bitte höchstens {spec.max_len} Zeichen."]
        if path.endswith(".alt"):
            result["pattern"] = [ALT_PATTERN, "Bitte in mindestens drei Wörtern beschreiben, was auf dem Bild zu sehen ist."]
        if spec.default is not None:
            result["default"] = spec.default
        return result
    if k == "markdown":
        return {"widget": "markdown", "sanitize_preview": True}
    if k == "slug":
        return _ref_widget(spec.ref, options, multiple=False) if spec.ref else {"widget": "string", "pattern": _pattern("slug")}
    if k == "choice":
        result = {"widget": "select", "options": list(spec.choices)}
        if spec.default is not None:
            result["default"] = spec.default
        return result
    if k in ("record", "image"):
        optional = not spec.required or in_optional_block
        fields = [widget(kind, f"{path}.{name}", sub, options, optional) for name, sub in (spec.fields or {}).items()]
        return {"widget": "object", "collapsed": False, "fields": fields}
    if k == "list":
        item = spec.item
        if item.kind == "slug" and item.ref:
            return _ref_widget(item.ref, options, multiple=True)
        if item.kind == "text":
            return {"widget": "list", "field": widget(kind, f"{path}.*", item, options)}
        raise ValueError(f"no widget for a list of {item.kind} ({kind}:{path})")
    if k == "integer":
        result = {"widget": "number", "value_type": "int"}
    elif k == "amount":
        result = {"widget": "number", "value_type": "float", "min": 0}
    elif k == "boolean":
        return {"widget": "boolean", **({"default": spec.default} if spec.default is not None else {})}
    elif k in ("url", "email", "phone", "month_or_date", "partial_date", "date_or_datetime"):
        return {"widget": "string", "pattern": _pattern(k)}
    elif k in ("date", "news_date"):
        return dict(DATE_WIDGET)
    elif k == "content_path":  # a file below content/: the CMS stores it in content/bilder/ (media_folder)
        from .schema import IMAGE_SUFFIXES

        return {"widget": "image" if set(spec.suffixes) <= set(IMAGE_SUFFIXES) else "file", "choose_url": False}
    else:
        raise ValueError(f"no widget for field kind {k} ({kind}:{path})")
    if spec.minimum is not None:
        result["min"] = spec.minimum
    return result


def collection_config(collection: Collection, options) -> dict:
    fields = [widget(collection.kind, name, spec, options) for name, spec in collection.fields.items()]
    if collection.body:
        fields.append({"name": "body", "label": collection.body, "widget": "markdown", "required": False,
                       "hint": "Gliedern Sie mit Zwischenüberschriften (## …); die Überschrift der Seite kommt aus dem Titel. Links auf andere Seiten der Website zeigen auf deren .md-Datei, z. B. ../projekte/serviceportal.md."})
    base = {"name": collection.name, "label": collection.label, "label_singular": collection.label_singular,
            "description": collection.description}
    if collection.file:
        list_field = {"name": "items", "label": collection.label, "widget": "list", "fields": fields,
                      "summary": collection.summary, "label_singular": collection.label_singular, "collapsed": True}
        return {**base, "format": "yaml-liste", "delete": False,
                "files": [{"name": collection.kind, "label": collection.label, "file": collection.file, "fields": [list_field]}]}
    result = {**base, "folder": collection.folder, "extension": collection.extension, "create": collection.create,
              "delete": True, "slug": collection.slug, "summary": collection.summary,
              "identifier_field": collection.identifier_field, "fields": fields,
              "format": "yaml-frontmatter" if collection.extension == "md" else "yml"}
    return result


def decap_config(region, data_dir: Path, *, local_backend: str | None = None, site_url: str | None = None) -> dict:
    """The whole Decap configuration: GitLab with PKCE (region.cms) or the local backend of `make editor`."""
    options = reference_options(data_dir)
    if local_backend:
        backend = {"name": "proxy", "proxy_url": local_backend, "branch": "main"}
    else:
        settings = region.cms
        backend = {"name": "gitlab", "repo": settings.repo, "branch": settings.branch, "auth_type": "pkce",
                   "app_id": settings.app_id, "base_url": settings.gitlab_url, "auth_endpoint": "oauth/authorize",
                   "api_root": f"{settings.gitlab_url}/api/v4",
                   "commit_messages": {
                       "create": "{{collection}} neu: „{{slug}}“ (im Browser)",
                       "update": "{{collection}} geändert: „{{slug}}“ (im Browser)",
                       "delete": "{{collection}} gelöscht: „{{slug}}“ (im Browser)",
                       "uploadMedia": "Bild hochgeladen: {{path}}",
                       "deleteMedia": "Bild gelöscht: {{path}}",
                       "openAuthoring": "{{message}}",
                   }}
    config = {
        "locale": "de",
        "backend": backend,
        "media_folder": "content/bilder",
        "public_folder": "bilder",
        "site_url": site_url or region.base_url,  # „Live ansehen“: under make editor the preview
        "display_url": site_url or region.base_url,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [collection_config(c, options) for c in COLLECTIONS],
    }
    if not local_backend:
        config["publish_mode"] = "editorial_workflow"  # every change is a merge request; its pipeline runs make check
    return config


def config_yaml(config: dict) -> str:
    return "# Erzeugt aus hooks/modellregion/content_model.py (hooks/modellregion/cms.py) – nicht von Hand ändern.\n" + yaml.safe_dump(
        config, allow_unicode=True, sort_keys=False, width=120)


# --- the page and its policy ------------------------------------------------------------------------
def content_security_policy(git_origin: str | None) -> str:
    """/admin/'s own policy: our files and the configured Git server, nothing else.

    Decap needs more than the public pages: 'unsafe-eval' (its config check compiles schemas with
    new Function), inline styles (its React components style themselves at run time) and blob:
    images and fetches (images picked but not yet saved). None of this reaches the public pages.
    """
    extra = f" {git_origin}" if git_origin else ""
    return "; ".join((
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: blob:{extra}",
        "font-src 'self'",
        f"connect-src 'self' blob:{extra}",
        "media-src 'self' blob:",
        "frame-src 'self' blob:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ))


def admin_page(region_name: str, preview_styles: list[str], *, csp: str | None = None, local: bool = False, favicon: str | None = None) -> str:
    """/admin/index.html: noindex, German, the bundle and our script from this site only."""
    styles = " ".join(preview_styles)
    icon = f'\n<link rel="icon" href="../{html.escape(favicon)}">' if favicon else ""
    meta_csp = f'\n<meta http-equiv="Content-Security-Policy" content="{html.escape(csp)}">' if csp else ""
    return f"""<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="modellregion" content="no-livereload">{meta_csp}
<title>Redaktion – {html.escape(region_name)}</title>
<link rel="stylesheet" href="modellregion-cms.css">{icon}
</head>
<body data-pagefind-ignore="all">
<noscript>Das Redaktionssystem braucht JavaScript. Ohne JavaScript bearbeiten Sie die Dateien in GitLab (siehe Handbuch).</noscript>
<script src="js-yaml.min.js"></script>
<script src="modellregion-cms.js" data-mode="{'lokal' if local else 'gitlab'}" data-preview-styles="{html.escape(styles)}"></script>
<script src="{BUNDLE_FILE}"></script>
</body>
</html>
"""


def bundle_files(root: Path = PROJECT) -> list[tuple[str, Path]]:
    """(path below admin/, source file) for everything /admin/ serves from npm and from cms/admin/."""
    dist = root / BUNDLE_DIR
    if not (dist / BUNDLE_FILE).is_file():
        raise FileNotFoundError(str(dist / BUNDLE_FILE))
    files = [(path.name, path) for path in sorted(dist.iterdir())
             if path.is_file() and (path.name.endswith((f".{BUNDLE_FILE}", ".wasm")) or path.name in (BUNDLE_FILE, f"{BUNDLE_FILE}.LICENSE.txt"))]
    files.append(("js-yaml.min.js", root / YAML_LIB))
    files += [(path.name, path) for path in sorted((root / OWN_FILES).iterdir()) if path.suffix in (".js", ".css")]
    return files

