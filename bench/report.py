"""bench/results.md from the measurements: targets (met/missed, never asserted), then the figures."""

from __future__ import annotations

from bench.measure import MIB, PHASES
from bench.pages import PAGE_LIMIT, TYPES

DASH = "–"


def secs(value: float | None) -> str:
    if value is None:
        return DASH
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def mib(value: int | None) -> str:
    return DASH if not value else f"{value / MIB:.0f} MiB"


def kb(value: int | None) -> str:
    return DASH if value is None else f"{value / 1000:.1f} KB"


def ratio(value: float | None) -> str:
    return DASH if value is None else f"{value:.1f}×"


def phase_names(found: list[dict]) -> list[str]:
    """The phases the issue names, in its order, then any other key the build wrote."""
    return list(PHASES) + sorted({key for phases in found for key in phases} - set(PHASES))


def sized(sizes: dict | None) -> str:
    """count · average · largest of a group of files (pages.Sizes as a dict)."""
    if not sizes:
        return DASH
    return f"{sizes['count']} · {kb(sizes['total'] // sizes['count'])} · {kb(sizes['largest'])}"


def table(header: list[str], rows: list[list[str]], numeric: bool = True) -> list[str]:
    """A Markdown table; with ``numeric`` every column but the first is right-aligned."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" if i == 0 or not numeric else "---:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def _at(runs: list[dict], *wanted: int) -> list[dict]:
    return [run for run in runs if run["n"] in wanted]


def _largest(runs: list[dict]) -> dict | None:
    return max(runs, key=lambda run: run["n"]) if runs else None


def _note(run: dict, target_n: int) -> str:
    return "" if run["n"] == target_n else f" (N={target_n} not run; figure at N={run['n']})"


def _provisional(text: str, run: dict, target_n: int) -> str:
    return text if run["n"] == target_n or text == DASH else f"{text} at N={run['n']} only"


def targets(runs: list[dict], images: dict | None) -> list[list[str]]:
    rows = []

    def verdict(ok: bool | None, stretch: bool = False) -> str:
        return DASH if ok is None else ("met (stretch)" if ok and stretch else "met" if ok else "**missed**")

    big = _at(runs, 1000, 5000)
    measured = [f"N={r['n']}: {ratio(r['cold']['wall'] / r['floor']['wall'])} (CPU {ratio(r['cold']['cpu'] / r['floor']['cpu'])})" for r in big]
    ok = all(r["cold"]["wall"] / r["floor"]["wall"] <= 2 for r in big) if big else None
    stretch = bool(big) and all(r["cold"]["wall"] / r["floor"]["wall"] <= 1.5 for r in big)
    rows.append(["`make site` ≤ 2× the floor at N=1000 and N=5000 (stretch 1.5×)", "; ".join(measured) or "not run", verdict(ok, stretch)])

    stocked = [r for r in big if r.get("stock")]
    measured = [f"N={r['n']}: {secs(r['cold']['wall'])} vs {secs(r['stock']['run']['wall'])}" for r in stocked]
    ok = all(r["cold"]["wall"] < r["stock"]["run"]["wall"] for r in stocked) if stocked else None
    rows.append(["`make site` faster than stock Material on the same corpus", "; ".join(measured) or "not run", verdict(ok)])

    preview = next((r["preview"] for r in _at(runs, 1000) if r.get("preview")), None)
    if preview and "news" in preview:
        times = preview["news"]
        worst = None if None in times.values() else max(times.values())
        rows.append(["preview: edited news item, its listing, feed and start page ≤ 2 s at N=1000",
                     f"slowest {secs(worst) if worst is not None else 'timed out'} (" + ", ".join(f"{k} {secs(v)}" for k, v in times.items()) + ")",
                     verdict(worst is not None and worst <= 2)])
        project = preview.get("project", {})
        value = project.get("project page") if isinstance(project, dict) else None
        rows.append(["preview: an edit in data/ ≤ 3 s at N=1000", project.get("error") or secs(value), verdict(value is not None and value <= 3)])
    else:
        rows.append(["preview: edited news item, its listing, feed and start page ≤ 2 s at N=1000", "not run" if not preview else preview.get("error", DASH), DASH])
        rows.append(["preview: an edit in data/ ≤ 3 s at N=1000", "not run", DASH])

    top = _largest(runs)
    if top:
        rows.append(["peak RSS ≤ 400 MiB at N=5000 (search index included)", mib(top["cold"]["rss"]) + _note(top, 5000),
                     _provisional(verdict(top["cold"]["rss"] <= 400 * MIB), top, 5000)])
        over = [f"N={r['n']}: {r['site']['over_limit']} of {r['site']['pages']}" for r in runs]
        rows.append([f"every HTML page ≤ {PAGE_LIMIT // 1000} KB", "; ".join(over), verdict(all(r["site"]["over_limit"] == 0 for r in runs))])
        small = next((r for r in runs if r["n"] == 100), None)
        if small and top["n"] > 100:
            growth = {kind: top["site"]["types"][kind]["largest"] / small["site"]["types"][kind]["largest"] - 1
                      for kind in top["site"]["types"] if kind in small["site"]["types"]}
            grown = {kind: value for kind, value in growth.items() if value > 0.10}
            text = ", ".join(f"{kind} {value:+.0%}" for kind, value in sorted(grown.items(), key=lambda item: -item[1])) or "all types within 10 %"
            rows.append([f"flat: largest page of each type at N={top['n']} within 10 % of N=100", text, verdict(not grown)])
        else:
            rows.append(["flat: largest page of each type within 10 % of N=100", "needs N=100 and a larger N", DASH])
        search = top.get("search")
        if search and "bytes" in search:
            rows.append(["one search query on /suche/ downloads ≤ 300 KB at N=5000",
                         f"{kb(search['bytes'])} in {search['requests']} requests, {search['hits']} hits for „{search['query']}“" + _note(top, 5000),
                         _provisional(verdict(search["bytes"] <= 300_000), top, 5000)])
            loaders = {kind: urls for r in runs for kind, urls in (r.get("search") or {}).get("other_pages_loading_index", {}).items()}
            checked = len(search["checked_types"])
            rows.append(["no other page type loads any index file", f"{checked} page types checked: " + (", ".join(loaders) if loaders else "none loads one"),
                         verdict(not loaders)])
        else:
            rows.append(["one search query on /suche/ downloads ≤ 300 KB at N=5000", (search or {}).get("error", "not run"), DASH])
            rows.append(["no other page type loads any index file", "not run", DASH])
    if images:
        rows.append([f"rebuild with {images['photos']} unchanged images ≤ 5 % over the same build without images",
                     f"{images['warm_over_none']:+.1%} (CPU {images['warm_over_none_cpu']:+.1%})", verdict(images["warm_over_none"] <= 0.05)])
    else:
        rows.append(["rebuild with 200 unchanged images ≤ 5 % over the same build without images", "not run", DASH])
    return rows


def _per_n(runs: list[dict]) -> list[str]:
    """The tables with one column per N: build, page types, feeds, stock Material."""
    heads = [f"N={run['n']}" for run in runs]
    out: list[str] = []
    out += ["", "## Build", ""]
    rows = []

    def row(label: str, cell) -> None:
        rows.append([label] + [cell(run) for run in runs])

    row("load average (1, 5, 15 min) before this N", lambda r: r.get("load", DASH))
    row("corpus: news / projects / events (generated, plus the real region)", lambda r: f"{r['corpus']['news']} / {r['corpus']['projects']} / {r['corpus']['events']}")
    row("files: Markdown / YAML", lambda r: f"{r['corpus']['markdown_files']} / {r['corpus']['yaml_files']}")
    row("floor: wall (CPU)", lambda r: f"{secs(r['floor']['wall'])} ({secs(r['floor']['cpu'])})")
    row("`make site`, fresh copy: wall (CPU)", lambda r: f"{secs(r['cold']['wall'])} ({secs(r['cold']['cpu'])})")
    row("ratio to the floor: wall (CPU)", lambda r: f"{ratio(r['cold']['wall'] / r['floor']['wall'])} ({ratio(r['cold']['cpu'] / r['floor']['cpu'])})")
    row("`make site` again, unchanged: wall (CPU)", lambda r: f"{secs(r['warm']['wall'])} ({secs(r['warm']['cpu'])})" if r.get("warm") else DASH)
    row("peak RSS, whole process tree (processes)", lambda r: f"{mib(r['cold']['rss'])} ({r['cold']['processes']})")
    row("peak RSS, largest single process", lambda r: mib(r["cold"]["rss_single"]))
    for phase in phase_names([r["cold"]["phases"] for r in runs]):
        row(f"phase (build-phases.json): {phase}", lambda r, phase=phase: secs(r["cold"]["phases"].get(phase)))
    for stage in ("before MkDocs (gate)", "MkDocs", "Pagefind", "after (swap)"):
        row(f"stage (process tree, sampled every 50 ms): {stage}", lambda r, stage=stage: secs(r["cold"].get("stages", {}).get(stage)))
    row("stock Material: wall (CPU)", lambda r: f"{secs(r['stock']['run']['wall'])} ({secs(r['stock']['run']['cpu'])})" if r.get("stock") else DASH)
    row("stock Material: peak RSS", lambda r: mib(r["stock"]["run"]["rss"]) if r.get("stock") else DASH)
    row("`make site` / stock Material (wall)", lambda r: ratio(r["cold"]["wall"] / r["stock"]["run"]["wall"]) if r.get("stock") else DASH)
    row("pages: ours / stock", lambda r: f"{r['site']['pages']} / {r['stock']['site']['pages'] if r.get('stock') else DASH}")
    row("HTML in total: ours / stock", lambda r: f"{r['site']['html_bytes'] / 1e6:.1f} MB / " + (f"{r['stock']['site']['html_bytes'] / 1e6:.1f} MB" if r.get("stock") else DASH))
    row(f"pages over {PAGE_LIMIT // 1000} KB", lambda r: str(r["site"]["over_limit"]))
    row("search bundle (Pagefind) / stock search_index.json", lambda r: f"{kb(r['site']['search_bundle_bytes'])} / " + (kb(r["stock"]["site"]["search_bundle_bytes"]) if r.get("stock") else DASH))
    row("one query on /suche/: bytes (requests, hits)", lambda r: f"{kb(r['search']['bytes'])} ({r['search']['requests']}, {r['search']['hits']})" if (r.get("search") or {}).get("bytes") is not None else DASH)
    row("stock Material: every page view loads", lambda r: kb(r["stock"]["site"]["search_bundle_bytes"]) if r.get("stock") else DASH)
    row("preview: start until the first page answers", lambda r: secs((r.get("preview") or {}).get("startup")))
    for name in ("news page", "listing /aktuelles/", "feed aktuelles.rss.xml", "start page"):
        row(f"preview: title edit → {name}", lambda r, name=name: secs(((r.get("preview") or {}).get("news") or {}).get(name)))
    row("preview: status edit in data/projects → project page", lambda r: secs(((r.get("preview") or {}).get("project") or {}).get("project page")))
    row("preview: peak RSS", lambda r: mib((r.get("preview") or {}).get("peak_rss")))
    out += table([""] + heads, rows)

    out += ["", "## HTML pages by type (count · average · largest)", ""]
    rows = []
    small = next((r for r in runs if r["n"] == 100), None)
    top = _largest(runs)
    compare = bool(small and top["n"] > 100)
    for kind in TYPES:
        if not any(kind in r["site"]["types"] for r in runs):
            continue
        cells = [sized(r["site"]["types"].get(kind)) for r in runs]
        growth = []
        if compare:
            both = kind in small["site"]["types"] and kind in top["site"]["types"]
            growth = [f"{top['site']['types'][kind]['largest'] / small['site']['types'][kind]['largest'] - 1:+.0%}" if both else DASH]
        rows.append([kind] + cells + growth + [f"`{top['site']['types'].get(kind, {}).get('largest_path', DASH)}`"])
    out += table(["type"] + heads + ([f"largest at N={top['n']} vs N=100"] if compare else []) + [f"largest page at N={top['n']}"], rows)

    out += ["", "## Feeds, calendars, exports (count · average · largest)", ""]
    groups = sorted({group for r in runs for group in r["site"]["files"]})
    rows = [[group] + [sized(r["site"]["files"].get(group)) for r in runs] for group in groups]
    out += table([""] + heads, rows)

    if any(r.get("stock") for r in runs):
        out += ["", "## Stock Material on the same texts (count · average · largest)", ""]
        kinds = sorted({kind for r in runs if r.get("stock") for kind in r["stock"]["site"]["types"]}, key=lambda k: TYPES.index(k) if k in TYPES else 99)
        rows = [[kind] + [sized((r.get("stock") or {}).get("site", {}).get("types", {}).get(kind)) for r in runs] for kind in kinds]
        out += table([""] + heads, rows)

    return out


def render(meta: dict, runs: list[dict], images: dict | None) -> str:
    out = ["# make bench – results", ""]
    out += [f"Run {meta['started']} on commit `{meta['commit']}`{' (with uncommitted changes)' if meta['dirty'] else ''}; "
            f"{meta['cpus']} CPUs, load average {meta['load']} at the start; BUILD_DATE {meta['build_date']}, BUILD_TIME {meta['build_time']}, "
            f"seed {meta['seed']}; whole bench {secs(meta.get('seconds'))}.", ""]
    out += ["## Targets", "", "Reported, never asserted. Times are wall-clock (CPU time beside them: less disturbed by other work on the machine).", ""]
    out += table(["Target", "Measured", "Verdict"], targets(runs, images), numeric=False)

    if runs:
        out += _per_n(runs)

    if images:
        out += ["", f"## Images: {images['photos']} photos of 1600 × 1067 on {images['news']} news (fastest of {images['rounds']} interleaved builds)", ""]
        rows = [["wall", secs(images["none_wall"]), secs(images["cold_wall"]), secs(images["warm_wall"]), f"{images['warm_over_none']:+.1%}"],
                ["CPU", secs(images["none_cpu"]), secs(images["cold_cpu"]), secs(images["warm_cpu"]), f"{images['warm_over_none_cpu']:+.1%}"]]
        stages = images.get("stages", {})
        for stage in ("before MkDocs (gate)", "MkDocs", "Pagefind", "after (swap)"):
            values = [stages.get(kind, {}).get(stage) for kind in ("none", "cold", "warm")]
            change = f"{values[2] - values[0]:+.2f} s" if values[0] is not None and values[2] is not None else DASH
            rows.append([f"stage: {stage}"] + [secs(value) for value in values] + [change])
        phases = images.get("phases", {})
        for phase in phase_names(list(phases.values())):
            values = [phases.get(kind, {}).get(phase) for kind in ("none", "cold", "warm")]
            if any(value is not None for value in values):
                change = f"{values[2] - values[0]:+.2f} s" if values[0] is not None and values[2] is not None else DASH
                rows.append([f"phase: {phase}"] + [secs(value) for value in values] + [change])
        out += table(["", "without any image", "with the photos, cold", "with the photos, warm", "warm over without"], rows)

    notes = [line for r in runs for line in r.get("notes", [])]
    if images and abs(images["warm_over_none"] - images["warm_over_none_cpu"]) > 0.05:
        notes.append(f"Images: wall and CPU time disagree ({images['warm_over_none']:+.1%} against {images['warm_over_none_cpu']:+.1%}); "
                     f"other work on the machine (load average {images.get('load', '?')} afterwards) disturbs the wall-clock figure more.")
    if notes:
        out += ["", "## Notes", ""] + [f"- {line}" for line in notes]
    out += ["", "How it is measured: `bench/__main__.py` (docstring); raw figures in `tests/artifacts/bench.json`.", ""]
    return "\n".join(out)


if __name__ == "__main__":  # python -m bench.report [tests/artifacts/bench.json]: render the last raw figures again
    import json
    import sys
    from pathlib import Path

    raw = json.loads(Path(sys.argv[1] if len(sys.argv) > 1 else "tests/artifacts/bench.json").read_text(encoding="utf-8"))
    print(render(raw["meta"], raw["runs"], raw["images"]))
