"""make bench: how fast and how heavy the site is on a large, realistic region (issue 13).

For each N (default 100 and 1000; `make bench BENCH_N="100 1000 5000"` or `BENCH_LARGE=1` adds 5000):

1. corpus   – a copy of this repository's region with N generated news, N/10 projects, N/20 events
              (bench/corpus.py; seeded, so every run builds the same files);
2. floor    – parse every YAML file and render every Markdown file once (bench/floor.py), writing nothing;
3. build    – `python -m modellregion build` with BUILD_DATE 2026-12-01 and BUILD_TIME 10:00 on the
              fresh copy, then once more unchanged; wall and CPU time, peak RSS of the whole process
              tree (bench/measure.py), the build's phase times from .cache/build-phases.json;
4. sizes    – HTML pages by type, feeds, calendars, exports, the search bundle (bench/pages.py);
5. search   – one query typed on /suche/ in Debian's Chromium: bytes of all Pagefind requests; one
              page of every other type must load none (bench/browser.py);
6. stock    – stock MkDocs + Material (search plugin, no hooks) on the same texts (bench/stock.py);
7. preview  – `python -m modellregion serve`: a news title and a project status edited, timed until
              the pages show them (bench/preview.py).

Once per run: the image measurement (bench/images.py; BENCH_IMAGES=0 skips it). Writes bench/results.md
(and prints it) and the raw figures to tests/artifacts/bench.json. Targets are reported, never asserted.
Options: python -m bench --help.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "tests"), str(REPO / "hooks")]

from bench import words  # noqa: E402
from bench.corpus import build_corpus  # noqa: E402
from bench.measure import Run, run  # noqa: E402
from bench.pages import PAGE_LIMIT, classify_stock, sample_pages, site_stats  # noqa: E402
from bench.pipeline import BUILD_DATE, BUILD_TIME, BenchError, build_site, environ  # noqa: E402
from bench.report import render  # noqa: E402
from helpers import ARTIFACTS  # noqa: E402

STEPS = ("search", "stock", "preview", "warm")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def figures(result: Run) -> dict:
    return {"wall": result.wall, "cpu": result.cpu, "rss": result.peak_rss, "rss_single": result.peak_single_rss,
            "processes": result.peak_processes, "phases": result.phases, "stages": result.stages}


def measure_floor(root: Path, repeat: int = 2) -> dict:
    """The floor as its own process, the fastest of ``repeat`` runs (it is cheap)."""
    best = None
    for _ in range(repeat):
        result = run([sys.executable, "-m", "bench.floor", str(root)], REPO, environ())
        if result.failed():
            raise BenchError(f"the floor failed:\n{result.output}")
        if best is None or result.wall < best.wall:
            best = result
    return {**figures(best), "inside": json.loads(best.output.strip().splitlines()[-1])}


def measure_n(n: int, seed: int, work: Path, skip: set[str], keep: bool = False) -> dict:
    started = time.perf_counter()
    corpus = build_corpus(work / f"region-{n}", n, seed)
    root = corpus.root
    result: dict = {"n": n, "corpus": {"news": n, "projects": len(corpus.projects), "events": len(corpus.events),
                                        "markdown_files": corpus.markdown_files, "yaml_files": corpus.yaml_files,
                                        "seconds": time.perf_counter() - started}, "load": load(), "notes": []}
    log(f"N={n}: corpus in {result['corpus']['seconds']:.1f} s ({corpus.markdown_files} Markdown, {corpus.yaml_files} YAML files)")
    result["floor"] = measure_floor(root)
    log(f"N={n}: floor {result['floor']['wall']:.2f} s")
    cold = build_site(root)
    result["cold"] = figures(cold)
    log(f"N={n}: make site {cold.wall:.1f} s, CPU {cold.cpu:.1f} s, peak RSS {cold.peak_rss / 2**20:.0f} MiB")
    if not cold.phases:
        result["notes"].append(f"N={n}: no .cache/build-phases.json – the build does not write phase times yet.")
    stats = site_stats(root / "site")
    result["site"] = dataclasses.asdict(stats)
    if "warm" not in skip:
        warm = build_site(root)
        result["warm"] = figures(warm)
        log(f"N={n}: make site again {warm.wall:.1f} s")
    if "search" not in skip:
        from bench.browser import search_cost

        result["search"] = search_cost(root / "site", words.QUERY, sample_pages(root / "site"))
        log(f"N={n}: one query {result['search'].get('bytes', 0) / 1000:.0f} KB")
    if "stock" not in skip:
        from bench.stock import build_stock, make_stock_project

        target = make_stock_project(root, work / f"stock-{n}", BUILD_DATE)
        stock = build_stock(target, target / "site", environ())
        if stock.failed():
            result["notes"].append(f"N={n}: the stock Material build failed: {stock.output.splitlines()[-1:]}")
        else:
            result["stock"] = {"run": figures(stock), "site": dataclasses.asdict(site_stats(target / "site", classify_stock))}
            log(f"N={n}: stock Material {stock.wall:.1f} s")
        if not keep:
            shutil.rmtree(target, ignore_errors=True)
    if "preview" not in skip:
        from bench.preview import preview_latency

        result["preview"] = preview_latency(corpus, environ(root), timeout=max(60, 5 * cold.wall))
        log(f"N={n}: preview {result['preview']}")
    if stats.over_limit:
        result["notes"].append(f"N={n}: {stats.over_limit} pages over {PAGE_LIMIT // 1000} KB; the largest: " + ", ".join(stats.largest_pages[:3]))
    if not keep:
        shutil.rmtree(root, ignore_errors=True)  # a 5000-news corpus with its site is large
    return result


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", default=os.environ.get("BENCH_N") or "100 1000", help="news counts, e.g. \"100 1000 5000\" (BENCH_N); 0: none, only the images")
    parser.add_argument("--large", action="store_true", default=bool(os.environ.get("BENCH_LARGE")), help="add N=5000 (BENCH_LARGE=1)")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("BENCH_SEED", "13")))
    parser.add_argument("--images", type=int, default=int(os.environ.get("BENCH_IMAGES", "200")), help="photos for the image measurement; 0 skips it")
    parser.add_argument("--skip", default=os.environ.get("BENCH_SKIP", ""), help=f"comma-separated steps to leave out: {', '.join(STEPS)}")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results.md")
    parser.add_argument("--keep", type=Path, help="work in this folder (emptied first) and keep the corpora and sites (default: a temporary folder)")
    args = parser.parse_args(argv)
    sizes = sorted({int(n) for n in args.n.replace(",", " ").split() if int(n) > 0} | ({5000} if args.large else set()))
    skip = {step.strip() for step in args.skip.split(",") if step.strip()}

    started = time.perf_counter()
    meta = {"started": datetime.now().strftime("%Y-%m-%d %H:%M"), "commit": git("rev-parse", "--short", "HEAD"),
            "dirty": bool(git("status", "--porcelain", "--untracked-files=no")), "cpus": os.cpu_count(),
            "load": load(), "build_date": BUILD_DATE.isoformat(),
            "build_time": BUILD_TIME, "seed": args.seed, "sizes": sizes}
    if args.keep:
        shutil.rmtree(args.keep, ignore_errors=True)
        args.keep.mkdir(parents=True)
    with (contextlib.nullcontext(str(args.keep)) if args.keep else tempfile.TemporaryDirectory(prefix="bench-")) as folder:
        work = Path(folder)
        try:
            runs = []
            for n in sizes:
                runs.append(measure_n(n, args.seed, work, skip, keep=bool(args.keep)))
            images = None
            if args.images:
                from bench.images import measure_images

                log(f"images: {args.images} photos")
                images = {**measure_images(work, args.images, args.seed), "load": load()}
                log(f"images: warm {images['warm_over_none']:+.1%} over none")
        except BenchError as exc:
            print(exc, file=sys.stderr)
            return 1
    meta["seconds"] = time.perf_counter() - started
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "bench.json").write_text(json.dumps({"meta": meta, "runs": runs, "images": images}, indent=2, ensure_ascii=False), encoding="utf-8")
    report = render(meta, runs, images)
    args.out.write_text(report, encoding="utf-8")
    print(report)
    print(f"(written to {args.out}; raw figures in {ARTIFACTS / 'bench.json'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
