"""The floor: the least work any build of these files must do, for the ratio "build / floor".

Parses every YAML file of data/ and every front matter with yaml.CSafeLoader, and renders every
Markdown file of content/ once with ONE Python-Markdown instance (reset between files) that has the
extensions and settings of mkdocs.yml. Writes nothing. Run as its own process, like the build:

    python -m bench.floor <root>      → prints {"yaml_files": …, "markdown_files": …, "seconds": …}
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import markdown
import yaml


def markdown_settings(config_file: Path) -> tuple[list[str], dict]:
    """The markdown_extensions of mkdocs.yml as Python-Markdown's extensions and extension_configs."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    extensions, configs = [], {}
    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, dict):
            for name, settings in entry.items():
                extensions.append(name)
                if settings:
                    configs[name] = settings
        else:
            extensions.append(entry)
    return extensions, configs


def split_front_matter(text: str) -> tuple[str | None, str]:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end != -1:
            return text[4:end], text[end + 5:]
    return None, text


def floor(root: Path) -> dict:
    started = time.perf_counter()
    extensions, configs = markdown_settings(root / "mkdocs.yml")
    renderer = markdown.Markdown(extensions=extensions, extension_configs=configs)
    yaml_files = markdown_files = html_chars = 0
    for path in sorted((root / "data").rglob("*.yml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        yaml_files += 1
    for path in sorted((root / "content").rglob("*.md")):
        front, body = split_front_matter(path.read_text(encoding="utf-8"))
        if front is not None:
            yaml.load(front, Loader=yaml.CSafeLoader)
        renderer.reset()
        html_chars += len(renderer.convert(body))
        markdown_files += 1
    return {"yaml_files": yaml_files, "markdown_files": markdown_files, "html_chars": html_chars,
            "seconds": round(time.perf_counter() - started, 3)}


if __name__ == "__main__":
    print(json.dumps(floor(Path(sys.argv[1]))))
