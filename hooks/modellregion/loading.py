"""Safe YAML and front-matter loading that remembers the line of every key and value."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import DataError

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


def read_text(path: Path, shown: str) -> tuple[str | None, list[DataError]]:
    """Read a UTF-8 file; a wrong encoding names the line of the first bad byte."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start : exc.start + 1].hex()
        return None, [
            DataError(shown, line, "encoding", f"byte 0x{byte} is not UTF-8 (save the file as UTF-8)")
        ]


def parse_yaml(text: str, shown: str, line_offset: int = 0) -> Loaded:
    """Parse YAML text safely; syntax errors and forbidden tags become DataErrors."""
    loader = _Loader(text)
    loader.line_offset = line_offset
    try:
        data = loader.get_single_data()
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        line = (mark.line + 1 + line_offset) if mark else 0
        problem = exc.problem or "cannot be read"
        if "could not determine a constructor for the tag" in problem:
            tag = problem.split("tag", 1)[1].strip(" '")
            tag = tag.replace("tag:yaml.org,2002:", "!!")
            problem = f"tag '{tag}' is not allowed (plain YAML values only)"
        return Loaded(None, [DataError(shown, line, "YAML", problem)])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else 0
        problem = exc.problem or "syntax error"
        context = f" {exc.context}" if exc.context else ""
        source_lines = text.splitlines()
        source_line = source_lines[mark.line] if mark and mark.line < len(source_lines) else ""
        return Loaded(None, [DataError(shown, line, "YAML", f"syntax error: {problem}{context}{_hint(problem, source_line)}")])
    except yaml.YAMLError as exc:  # e.g. control characters in the stream
        return Loaded(None, [DataError(shown, line_offset + 1, "YAML", f"cannot be read: {exc}")])
    finally:
        loader.dispose()
    errors = [
        DataError(shown, line, key, "appears twice in the same block (keep one)")
        for key, line in loader.duplicate_keys
    ]
    return Loaded(data, errors)


_HINTS = {
    "mapping values are not allowed": " (text containing ': ' must be put in quotes)",
    "expected <block end>": " (check the indentation of this line)",
    "could not find expected ':'": " (each line needs 'key: value'; check quotes and indentation)",
    "found undefined alias": " (text starting with '*' must be put in quotes)",
    "found character that cannot start any token": " (text starting with '@', '`' or '%' must be put in quotes)",
}


def _hint(problem: str, source_line: str) -> str:
    """A plain-language hint for the YAML mistakes editors make most."""
    if "\t" in source_line:
        return " (indent with spaces, not tabs)"
    return next((hint for start, hint in _HINTS.items() if problem.startswith(start)), "")


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
        return None, [DataError(shown, 1, "front matter", "the block opened by '---' is never closed by '---'")]
    loaded = parse_yaml("".join(lines[1:index]), shown, line_offset=1)
    if loaded.data is None and not loaded.errors:
        loaded.data = LineDict()
        loaded.data.line = 1
    if loaded.errors and loaded.data is None:
        return None, loaded.errors
    if not isinstance(loaded.data, LineDict):
        return None, [DataError(shown, 2, "front matter", "must be a block of 'key: value' lines")]
    body = "".join(lines[index + 1 :])
    body_line = index + 2
    while body_line - 1 < len(lines) and not lines[body_line - 1].strip():
        body_line += 1  # point at the first written line of the body, not at a blank one
    return MarkdownSource(loaded.data, body, body_line, index + 2), loaded.errors


def load_markdown_file(path: Path, shown: str) -> tuple[MarkdownSource | None, list[DataError]]:
    text, errors = read_text(path, shown)
    if text is None:
        return None, errors
    return split_front_matter(text, shown)
