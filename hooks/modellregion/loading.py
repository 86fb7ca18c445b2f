"""Safe YAML and front-matter loading that remembers the line of every key and value."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import DataError
from .memo import Memo

try:  # libyaml is 25x faster; the pure-Python parser gives the same marks.
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyPI wheels always ship libyaml
    _BaseLoader = yaml.SafeLoader


class LineDict(dict):
    """A YAML mapping that knows where it, its keys and its values start (1-based lines)."""

    line: int = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_lines: dict = {}
        self.value_lines: dict = {}

    def line_of(self, key) -> int:
        """Line where ``key`` is written, or where the mapping starts when the key is absent."""
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A YAML sequence that knows the line of each item."""

    line: int = 0

    def __init__(self, *args):
        super().__init__(*args)
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


class _Loader(_BaseLoader):
    """Safe loader: plain YAML types only, no implicit timestamps (dates are checked as text)."""

    line_offset = 0

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicate_keys: list[tuple[str, int]] = []


# Dates stay strings so that every date problem gets one clear message from validation,
# instead of a half-parsed datetime or a constructor traceback for "2024-13-01". Numbers are
# plain decimals only: YAML 1.1 would read the postal code 01067 as octal 567, the time 10:30
# as 630 and "1.250" (a German thousand separator) as 1.25 – such values stay text instead.
_REPLACED = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _REPLACED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?![-+]?[0-9]{1,3}(?:\.[0-9]{3})+$)[-+]?(?:0|[1-9][0-9]*)\.[0-9]+$"),
    list("-+0123456789"),
)


def _line(loader: _Loader, node: yaml.Node) -> int:
    return node.start_mark.line + 1 + loader.line_offset


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = _line(loader, node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be plain text", key_node.start_mark
            )
        key = str(key)
        if key in mapping:
            loader.duplicate_keys.append((key, _line(loader, key_node)))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = _line(loader, key_node)
        mapping.value_lines[key] = _line(loader, value_node)
    return mapping


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    sequence = LineList()
    sequence.line = _line(loader, node)
    for child in node.value:
        sequence.append(loader.construct_object(child, deep=True))
        sequence.item_lines.append(_line(loader, child))
    return sequence


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


@dataclass
class Loaded:
    """The result of reading one file: its data (None on failure) and its problems."""

    data: object
    errors: list[DataError]


def read_text(path: Path, shown: str, max_bytes: int | None = None) -> tuple[str | None, list[DataError]]:
    """Read a UTF-8 file of at most ``max_bytes`` (MAX_FILE_BYTES); a wrong encoding names the line of the first bad byte."""
    limit = MAX_FILE_BYTES if max_bytes is None else max_bytes
    with path.open("rb") as handle:
        raw = handle.read(limit + 1)  # never more than the limit in memory, however big the file
    if len(raw) > limit:
        return None, [DataError(shown, 0, "Datei", f"ist größer als {_size(limit)} – bitte kürzen oder auf mehrere Dateien aufteilen; Bilder und Dokumente gehören nicht in Text-Dateien")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start : exc.start + 1].hex()
        return None, [
            DataError(shown, line, "encoding", f"Byte 0x{byte} ist kein UTF-8 – bitte die Datei als UTF-8 speichern")
        ]


def _size(limit: int) -> str:
    return f"{limit / 1_000_000:g} MB".replace(".", ",") if limit >= 1_000_000 else f"{limit / 1000:g} kB".replace(".", ",")


# --- limits --------------------------------------------------------------------------------
# libyaml parses fast but expands aliases and merge keys without bound (483 bytes of
# ``<<: [*a, *a, …]`` take gigabytes), and deep nesting ends in RecursionError. Before anything
# is constructed, one pass over the parser's events counts what the document would expand to,
# how deep it nests, and checks every scalar; only a document within the limits is built.
MAX_FILE_BYTES = 1_000_000  # per Markdown or YAML file
MAX_DEPTH = 50  # nested lists and blocks
MAX_NODES = 100_000  # values after expanding every alias and merge key
MAX_INT_DIGITS = 15  # digits before the decimal point (a euro amount needs at most 12)
MAX_TEXT_CHARS = 50_000  # one text value
# Control characters other than tab and newline (C0, DEL, C1) have no place in a text and break
# feeds, calendars and CSV; they are usually pasted in from a PDF or Word by accident.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_FINITE_DECIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?")


class _LimitExceeded(Exception):
    def __init__(self, line: int, field: str, message: str):
        super().__init__(message)
        self.error = (line, field, message)


def _check_limits(text: str, line_offset: int) -> None:
    """Walk the parser's events once; raise _LimitExceeded at the first value over a limit."""
    loader = _Loader(text)
    sizes: dict[str, int] = {}  # anchor -> number of values it expands to
    stack: list[list] = []  # open collections: [anchor, size, is_mapping, expecting_key, current_key]
    total = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1 + line_offset if event.start_mark else line_offset + 1
            field = _current_field(stack)
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    raise _LimitExceeded(line, field or "YAML", f"mehr als {MAX_DEPTH} Ebenen ineinander verschachtelt – bitte flacher aufbauen")
                stack.append([event.anchor, 1, isinstance(event, yaml.MappingStartEvent), True, None])
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                anchor, size, *_ = stack.pop()
                if anchor:
                    sizes[anchor] = size
                _add(stack, size, None)
                continue
            if isinstance(event, yaml.AliasEvent):
                if event.anchor not in sizes:
                    if any(entry[0] == event.anchor for entry in stack):
                        raise _LimitExceeded(line, field or "YAML", f"„*{event.anchor}“ verweist auf den Block, in dem es steht – bitte den Verweis entfernen")
                    return  # an undefined alias: the parser proper reports it with its hint
                size = sizes[event.anchor]
                total += size
                if total > MAX_NODES:
                    raise _LimitExceeded(line, field or "YAML", f"Verweise („*“ und „<<“) ergeben mehr als {MAX_NODES} Werte – bitte Anker und Verweise sparsamer verwenden")
                _add(stack, size, "<<")
                continue
            if isinstance(event, yaml.ScalarEvent):
                total += 1
                if total > MAX_NODES:
                    raise _LimitExceeded(line, field or "YAML", f"mehr als {MAX_NODES} Werte in einer Datei – bitte auf mehrere Dateien aufteilen")
                _check_scalar(loader, event, line, field)
                if event.anchor:
                    sizes[event.anchor] = 1
                _add(stack, 1, event.value)
    finally:
        loader.dispose()


def _current_field(stack: list[list]) -> str:
    """The key whose value is being read (for messages), or ''."""
    for entry in reversed(stack):
        if entry[2] and entry[4] is not None:
            return entry[4]
    return ""


def _add(stack: list[list], size: int, key_text: str | None) -> None:
    if not stack:
        return
    top = stack[-1]
    top[1] += size
    if top[2]:  # a mapping alternates key and value
        if top[3]:
            top[4] = key_text if isinstance(key_text, str) else None
        top[3] = not top[3]


def _check_scalar(loader: _Loader, event: yaml.ScalarEvent, line: int, field: str) -> None:
    value = event.value
    where = field or "YAML"
    if len(value) > MAX_TEXT_CHARS:
        raise _LimitExceeded(line, where, f"Text mit {len(value)} Zeichen – erlaubt sind höchstens {MAX_TEXT_CHARS}; bitte kürzen")
    control = _CONTROL.search(value)
    if control:
        raise _LimitExceeded(line, where, f"enthält das unsichtbare Steuerzeichen U+{ord(control.group()):04X} – bitte entfernen (oft beim Kopieren aus PDF oder Word mitgekommen)")
    tag = event.tag if event.tag and event.tag != "!" else loader.resolve(yaml.ScalarNode, value, event.implicit)
    if tag not in _NUMBER_TAGS:
        return
    shown = value if len(value) <= 20 else value[:17] + "…"
    if tag.endswith("float") and not _FINITE_DECIMAL.fullmatch(value.strip()):
        raise _LimitExceeded(line, where, f"„{shown}“ ist keine Zahl – bitte eine Zahl wie 12500 oder 0.5 angeben")
    digits = len(re.sub(r"[^0-9]", "", re.split(r"[.eE]", value.strip(), maxsplit=1)[0]))
    exponent = re.search(r"[eE]([-+]?[0-9]+)$", value.strip())
    if digits > MAX_INT_DIGITS or (exponent and int(exponent.group(1)[:6]) > MAX_INT_DIGITS):
        raise _LimitExceeded(line, where, f"Zahl „{shown}“ ist zu groß – erlaubt sind höchstens {MAX_INT_DIGITS} Stellen vor dem Komma; bitte prüfen")


PARSED = Memo()  # the preview: after an edit, every unchanged file parses to what it gave before


def parse_yaml(text: str, shown: str, line_offset: int = 0) -> Loaded:
    """Parse YAML text safely and within limits; syntax errors, forbidden tags and values over a limit become DataErrors."""
    if not PARSED.on:
        return _parse_yaml(text, shown, line_offset)
    kept = PARSED.get((text, shown, line_offset), lambda: _parse_yaml(text, shown, line_offset))
    return Loaded(copy.deepcopy(kept.data), list(kept.errors))  # the reader may change what it gets


def _parse_yaml(text: str, shown: str, line_offset: int = 0) -> Loaded:
    loader = None
    try:
        _check_limits(text, line_offset)
        loader = _Loader(text)
        loader.line_offset = line_offset
        data = loader.get_single_data()
    except _LimitExceeded as exc:
        line, field, message = exc.error
        return Loaded(None, [DataError(shown, line, field, message)])
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line = (mark.line + 1 + line_offset) if mark else 0
        problem = exc.problem or ""
        if "could not determine a constructor for the tag" in problem:
            tag = problem.split("tag", 1)[1].strip(" '")
            tag = tag.replace("tag:yaml.org,2002:", "!!")
            message = f"Tag „{tag}“ ist nicht erlaubt – nur einfache YAML-Werte verwenden"
        elif "a key must be plain text" in problem:
            message = "ein Feldname muss einfacher Text sein – bitte „feld: wert“ schreiben"
        else:
            message = f"Wert kann nicht gelesen werden ({problem}) – bitte als einfachen Text, Zahl oder Liste schreiben"
        return Loaded(None, [DataError(shown, line, "YAML", message)])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else 0
        problem = exc.problem or "syntax error"
        source_lines = text.splitlines()
        source_line = source_lines[mark.line] if mark and mark.line < len(source_lines) else ""
        return Loaded(None, [DataError(shown, line, "YAML", f"Syntaxfehler: {_problem(problem, exc.context)}{_hint(problem, source_line)}")])
    except yaml.reader.ReaderError as exc:  # a control character written directly into the file
        line = text[: exc.position].count("\n") + 1 + line_offset
        return Loaded(None, [DataError(shown, line, "YAML", f"enthält das unsichtbare Steuerzeichen U+{exc.character:04X} – bitte entfernen (oft beim Kopieren aus PDF oder Word mitgekommen)")])
    except yaml.YAMLError as exc:
        return Loaded(None, [DataError(shown, line_offset + 1, "YAML", f"kann nicht gelesen werden ({exc}) – bitte als UTF-8-Text ohne Steuerzeichen speichern")])
    finally:
        if loader is not None:
            loader.dispose()
    errors = [
        DataError(shown, line, key, "kommt im selben Block zweimal vor – bitte nur einmal angeben")
        for key, line in loader.duplicate_keys
    ]
    return Loaded(data, errors)


# libyaml's problems in words an editor knows (the original stays for anything else).
_PROBLEMS = {
    "mapping values are not allowed": "Doppelpunkt an unerwarteter Stelle",
    "expected <block end>": "die Einrückung passt nicht zum Block darüber",
    "could not find expected ':'": "Doppelpunkt fehlt",
    "found undefined alias": "unbekannter Verweis",
    "found character that cannot start any token": "mit diesem Zeichen kann kein Wert beginnen",
    "found unexpected end of stream": "Anführungszeichen oder Klammer wird nicht geschlossen",
    "expected a single document": "mehr als ein Dokument („---“) in der Datei",
    "did not find expected ',' or ']'": "eine Liste in [ ] wird nicht richtig geschlossen",
    "did not find expected ',' or '}'": "ein Block in { } wird nicht richtig geschlossen",
    "did not find expected key": "hier wird ein Feldname erwartet",
    "did not find expected '-' indicator": "hier wird ein Listeneintrag („- …“) erwartet",
    "did not find expected node content": "hier fehlt ein Wert",
    "found unknown escape character": "unbekanntes Zeichen nach „\\“ in Anführungszeichen",
    "found a tab character": "Tabulator statt Leerzeichen",
    "found unexpected ':'": "Doppelpunkt an unerwarteter Stelle",
    "mapping keys are not allowed": "Doppelpunkt an unerwarteter Stelle",
    "found duplicate anchor": "derselbe Anker („&…“) steht zweimal",
    "expected alphabetic or numeric character": "nach „&“ oder „*“ fehlt ein Name",
    "expected <document start>": "hier beginnt kein gültiger YAML-Inhalt",
    "found incompatible YAML document": "unbekannte YAML-Version",
}

_HINTS = {
    "mapping values are not allowed": " – Text mit „: “ bitte in Anführungszeichen setzen",
    "expected <block end>": " – bitte die Einrückung dieser Zeile prüfen",
    "could not find expected ':'": " – jede Zeile braucht „feld: wert“; bitte Anführungszeichen und Einrückung prüfen",
    "found undefined alias": " – Text, der mit „*“ beginnt, bitte in Anführungszeichen setzen",
    "found character that cannot start any token": " – Text, der mit „@“, „`“ oder „%“ beginnt, bitte in Anführungszeichen setzen",
    "found unexpected end of stream": " – bitte öffnende und schließende Zeichen paarweise setzen",
    "did not find expected ',' or ']'": " – jede Liste in eckigen Klammern endet mit „]“; Text mit Komma oder Klammer bitte in Anführungszeichen setzen",
    "did not find expected ',' or '}'": " – jeder Block in geschweiften Klammern endet mit „}“",
    "found unknown escape character": " – in doppelten Anführungszeichen „\\\\“ schreiben oder einfache Anführungszeichen verwenden",
    "found a tab character": " – bitte mit Leerzeichen einrücken, nicht mit Tabulatoren",
    "expected a single document": " – bitte nur einen Block je Datei schreiben",
}


def _problem(problem: str, context: str | None) -> str:
    german = next((text for start, text in _PROBLEMS.items() if problem.startswith(start)), None)
    # libyaml's own wording is English and technical: an unknown case still reads German.
    return german or "die Datei ist an dieser Stelle kein gültiges YAML"


def _hint(problem: str, source_line: str) -> str:
    """A plain-language hint for the YAML mistakes editors make most."""
    if "\t" in source_line:
        return " – bitte mit Leerzeichen einrücken, nicht mit Tabulatoren"
    return next((hint for start, hint in _HINTS.items() if problem.startswith(start)), " – bitte Einrückung, Doppelpunkte und Anführungszeichen prüfen")


def load_yaml_file(path: Path, shown: str) -> Loaded:
    text, errors = read_text(path, shown)
    if text is None:
        return Loaded(None, errors)
    return parse_yaml(text, shown)


@dataclass
class MarkdownSource:
    """A Markdown file split into front matter (with lines) and body."""

    meta: LineDict
    body: str
    body_line: int  # the first written (non-blank) line of the body
    body_start: int = 1  # the file line on which ``body`` begins


def split_front_matter(text: str, shown: str) -> tuple[MarkdownSource | None, list[DataError]]:
    """Split ``---``-delimited YAML front matter from a Markdown file."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        empty = LineDict()
        empty.line = 1
        return MarkdownSource(empty, text, 1), []
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        return None, [DataError(shown, 1, "front matter", "der mit „---“ geöffnete Block wird nie mit „---“ geschlossen – bitte nach den Angaben eine Zeile „---“ einfügen")]
    loaded = parse_yaml("".join(lines[1:index]), shown, line_offset=1)
    if loaded.data is None and not loaded.errors:
        loaded.data = LineDict()
        loaded.data.line = 1
    if loaded.errors and loaded.data is None:
        return None, loaded.errors
    if not isinstance(loaded.data, LineDict):
        return None, [DataError(shown, 2, "front matter", "muss aus Zeilen „feld: wert“ bestehen – bitte so schreiben")]
    body = "".join(lines[index + 1 :])
    body_line = index + 2
    while body_line - 1 < len(lines) and not lines[body_line - 1].strip():
        body_line += 1  # point at the first written line of the body, not at a blank one
    return MarkdownSource(loaded.data, body, body_line, index + 2), loaded.errors


def load_markdown_file(path: Path, shown: str) -> tuple[MarkdownSource | None, list[DataError]]:
    text, errors = read_text(path, shown)
    if text is None:
        return None, errors
    return load_markdown_text(text, shown)


def load_markdown_text(text: str, shown: str) -> tuple[MarkdownSource | None, list[DataError]]:
    """Front matter and body, the body checked for control characters and for what Markdown cannot
    render in time; such a body is reported and emptied, so that nothing hands it to Markdown."""
    source, errors = split_front_matter(text, shown)
    if source is not None:
        errors += control_characters(source.body, shown, source.body_start)
        problem = markdown_problem(source.body)
        if problem:
            line = source.body_start + problem[0] - 1 if problem[0] else source.body_line
            errors.append(DataError(shown, line, "body", problem[1]))
            source.body = ""
    return source, errors


# Python-Markdown needs time that grows with the square of some constructs (unclosed „[“ in one
# paragraph, definition lists, headings, abbreviations, table rows): 20 000 „[“ take a minute,
# 20 000 lines „: x“ three. Real pages stay far below these limits; each costs < 0.2 s at its limit.
MAX_BODY_CHARS = 200_000
MAX_BRACKETS_PER_PARAGRAPH = 200
MAX_BRACKETS = 5_000
_LINE_LIMITS = (
    (re.compile(r"^:\s"), 500, "Zeilen einer Definitionsliste („: “)"),
    (re.compile(r"^#"), 500, "Überschriften"),
    (re.compile(r"^\*\["), 200, "Abkürzungen („*[…]:“)"),
    (re.compile(r"\|"), 5_000, "Tabellenzeilen"),
)


def markdown_problem(text: str) -> tuple[int, str] | None:
    """Why a Markdown text would take the build too long to render: (line in the text, or 0 for the
    whole text; German message), or None."""
    if len(text) > MAX_BODY_CHARS:
        return 0, f"Text mit {len(text)} Zeichen – erlaubt sind höchstens {MAX_BODY_CHARS}; bitte auf mehrere Seiten aufteilen"
    if text.count("[") > MAX_BRACKETS:
        return 0, f"mehr als {MAX_BRACKETS} „[“ (Links, Bilder, Fußnoten) – bitte auf mehrere Seiten aufteilen"
    lines = text.splitlines()
    paragraph_start, brackets = 1, 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            paragraph_start, brackets = number + 1, 0
            continue
        brackets += line.count("[")
        if brackets > MAX_BRACKETS_PER_PARAGRAPH:
            return paragraph_start, f"Absatz mit mehr als {MAX_BRACKETS_PER_PARAGRAPH} „[“ – bitte in mehrere Absätze teilen oder eckige Klammern schließen"
    for pattern, limit, what in _LINE_LIMITS:
        count = 0
        for number, line in enumerate(lines, start=1):
            if pattern.search(line):
                count += 1
                if count > limit:
                    return number, f"mehr als {limit} {what} – bitte auf mehrere Seiten aufteilen"
    return None


def control_characters(text: str, shown: str, first_line: int = 1) -> list[DataError]:
    """The first invisible control character of a text (other than tab and line breaks), with its line."""
    found = _CONTROL.search(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not found:
        return []
    line = text.replace("\r\n", "\n").replace("\r", "\n")[: found.start()].count("\n") + first_line
    return [DataError(shown, line, "body", f"enthält das unsichtbare Steuerzeichen U+{ord(found.group()):04X} – bitte entfernen (oft beim Kopieren aus PDF oder Word mitgekommen)")]
