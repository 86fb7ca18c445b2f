"""make bench: build speed, linearity and page sizes on generated regions; figures and ratios, no pass/fail.

Builds the fixture region grown to N and 2N news items (with N/4 projects and N/10 events), once
cold and once with a warm image cache, and reports seconds, the growth ratio (2.0 = linear),
HTML sizes, and the size of the search bundle against what one query fetches – and against the
index that Material's built-in search would download on every page view.

The image part adds BENCH_IMAGES (200) generated camera-sized photos, one per news item, and
compares the same region built without any image against a second (warm-cache) build with them:
the image pipeline's cost once every derivative is cached (target: at most 5 % more).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1] / "hooks")]

from helpers import ARTIFACTS, build_region, make_region  # noqa: E402

BUILD_DATE = "2024-05-01"


def grow(root: Path, news: int) -> None:
    """Add generated news, projects and events to a copy of the fixture region."""
    start = date(2015, 1, 1)
    cities, fields = ["lindenau", "eichberg"], ["verwaltung", "mobilitaet", "energie"]
    for number in range(news):
        day = start + timedelta(days=number * 3 % 3000)
        (root / "content" / "aktuelles" / f"{day.isoformat()}-meldung-{number}.md").write_text(
            f"---\ntitle: Meldung {number}\ndate: {day.isoformat()}\nsummary: Zusammenfassung der Meldung {number}.\n"
            f"cities: [{cities[number % 2]}]\naction_fields: [{fields[number % 3]}]\n---\n\n"
            + "\n\n".join(f"Absatz {p} der Meldung {number} über digitale Verwaltung, Mobilität und Energie." for p in range(6)) + "\n",
            encoding="utf-8")
    for number in range(news // 4):
        (root / "data" / "projects" / f"projekt-{number}.yml").write_text(
            f"title: Projekt {number}\nsummary: Ein erzeugtes Projekt.\ncities: [{cities[number % 2]}]\n"
            f"action_fields: [{fields[number % 3]}]\nstatus: laufend\nstart: 2020-{number % 12 + 1:02d}\nupdated: 2024-01-01\n",
            encoding="utf-8")
    for number in range(news // 10):
        day = start + timedelta(days=number * 11)
        (root / "data" / "events" / f"termin-{number}.yml").write_text(
            f"title: Termin {number}\nstart: {day.isoformat()}T10:00\nend: {day.isoformat()}T12:00\n"
            f"location:\n  name: Rathaus\ncities: [{cities[number % 2]}]\nupdated: {day.isoformat()}\n",
            encoding="utf-8")


def add_images(root: Path, count: int) -> None:
    """A photo-like picture (gradient, shapes, some grain) for each of the first ``count`` generated news items."""
    from PIL import Image, ImageDraw

    folder = root / "content" / "bilder" / "bench"
    folder.mkdir(parents=True)
    news = sorted((root / "content" / "aktuelles").glob("*-meldung-*.md"))[:count]
    for number, path in enumerate(news):
        sky = Image.linear_gradient("L").resize((1600, 1067)).convert("RGB")
        grain = Image.effect_noise((1600, 1067), 12).convert("RGB")
        photo = Image.blend(sky, grain, 0.15)
        draw = ImageDraw.Draw(photo)
        for shape in range(12):
            x, y = (number * 97 + shape * 131) % 1400, (number * 53 + shape * 89) % 900
            draw.rectangle((x, y, x + 200, y + 150), fill=((number * 40 + shape * 20) % 255, 120, (shape * 30) % 255))
        photo.save(folder / f"foto-{number}.jpg", quality=85)
        text = path.read_text(encoding="utf-8").replace(
            "\n---\n", f"\nimage:\n  src: bilder/bench/foto-{number}.jpg\n  alt: Erzeugtes Rauschbild Nummer {number} für die Messung\n---\n", 1)
        path.write_text(text, encoding="utf-8")


def measure_images(count: int, workdir: Path) -> dict:
    """The same region without images, and with ``count`` images: cold, then warm (cache filled)."""
    def timed(root: Path, name: str) -> tuple[float, float]:
        """Wall-clock seconds and the build's CPU seconds (less disturbed by other work on the machine)."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        build_region(root, BUILD_DATE, site_dir=workdir / name)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    plain = make_region(workdir / "images-none")
    grow(plain, count)
    with_images = make_region(workdir / "images-some")
    grow(with_images, count)
    add_images(with_images, count)
    timed(plain, "none-0")  # the first build warms Python's and the disk's caches
    cold = timed(with_images, "some-cold")
    # interleaved and the fastest of three each: other work on the machine hits both sides alike
    nones, warms = [], []
    for round_ in range(3):
        nones.append(timed(plain, f"none-{round_ + 1}"))
        warms.append(timed(with_images, f"some-warm-{round_ + 1}"))
    none, warm = min(w for w, _ in nones), min(w for w, _ in warms)
    none_cpu, warm_cpu = min(c for _, c in nones), min(c for _, c in warms)
    return {
        "images": count,
        "no_images_seconds": round(none, 2),
        "images_cold_seconds": round(cold[0], 2),
        "images_warm_seconds": round(warm, 2),
        "warm_vs_no_images": round(warm / none, 3),
        "no_images_cpu_seconds": round(none_cpu, 2),
        "images_warm_cpu_seconds": round(warm_cpu, 2),
        "warm_vs_no_images_cpu": round(warm_cpu / none_cpu, 3),
        "cold_vs_warm": round(cold[0] / warm, 2),
    }


def measure(news: int, workdir: Path) -> dict:
    root = make_region(workdir / f"region-{news}")
    grow(root, news)
    environ_note = os.environ.pop("SOURCE_DATE_EPOCH", None)
    started = time.perf_counter()
    site = build_region(root, BUILD_DATE, search=True)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    build_region(root, BUILD_DATE, site_dir=workdir / f"again-{news}", search=True)
    warm = time.perf_counter() - started
    if environ_note:
        os.environ["SOURCE_DATE_EPOCH"] = environ_note
    html = [p for p in site.rglob("*.html")]
    sizes = [p.stat().st_size for p in html]
    bundle = site / "pagefind"
    query_files = [bundle / "pagefind.js", bundle / "pagefind-worker.js", *bundle.glob("wasm.de.pagefind"), *bundle.glob("*.pf_meta")]
    chunks = sorted((bundle / "index").glob("*.pf_index"), key=lambda p: p.stat().st_size)
    fragments = sorted((bundle / "fragment").glob("*.pf_fragment"), key=lambda p: p.stat().st_size)
    query_bytes = sum(p.stat().st_size for p in query_files) + (chunks[-1].stat().st_size if chunks else 0) + sum(p.stat().st_size for p in fragments[-20:])
    return {
        "news": news,
        "pages": len(html),
        "cold_seconds": round(cold, 2),
        "warm_seconds": round(warm, 2),
        "html_median_bytes": int(statistics.median(sizes)),
        "html_max_bytes": max(sizes),
        "home_bytes": (site / "index.html").stat().st_size,
        "news_page_bytes": (site / "aktuelles" / "2024" / "forum-einladung" / "index.html").stat().st_size,
        "search_bundle_bytes": sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file()),
        "search_query_bytes_upper_bound": query_bytes,
    }


def stock_search_index(news: int, workdir: Path) -> int:
    """Bytes of Material's built-in search index for the same region: every page load fetches it."""
    root = make_region(workdir / f"stock-{news}")
    grow(root, news)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8").replace("plugins: []", "plugins:\n  - search")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    site = build_region(root, BUILD_DATE)
    return (site / "search" / "search_index.json").stat().st_size


def main() -> None:
    base = int(os.environ.get("BENCH_NEWS", "300"))
    image_count = int(os.environ.get("BENCH_IMAGES", "200"))
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        image_report = measure_images(image_count, workdir) if image_count else {}
        if os.environ.get("BENCH_ONLY_IMAGES"):
            print(json.dumps(image_report, indent=2))
            return
        small = measure(base, workdir)
        large = measure(base * 2, workdir)
        large["material_search_index_bytes"] = stock_search_index(base * 2, workdir)
        small["material_search_index_bytes"] = None
    report = {
        "images": image_report,
        "small": small,
        "large": large,
        "ratios": {
            "build_time_2x_content": round(large["cold_seconds"] / small["cold_seconds"], 2),
            "pages_2x_content": round(large["pages"] / small["pages"], 2),
            "home_size_2x_content": round(large["home_bytes"] / small["home_bytes"], 3),
            "news_page_size_2x_content": round(large["news_page_bytes"] / small["news_page_bytes"], 3),
            "warm_vs_cold": round(large["warm_seconds"] / large["cold_seconds"], 2),
            "query_vs_bundle": round(large["search_query_bytes_upper_bound"] / large["search_bundle_bytes"], 3),
            "pagefind_query_vs_material_index": round(large["search_query_bytes_upper_bound"] / large["material_search_index_bytes"], 3),
        },
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "bench.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"{'':32}{'N=' + str(base):>14}{'N=' + str(base * 2):>14}")
    for key in large:
        print(f"{key:32}{str(small[key] if small[key] is not None else '–'):>14}{large[key]:>14}")
    print()
    for key, value in report["ratios"].items():
        print(f"{key:32}{value:>14}")
    print()
    for key, value in image_report.items():
        print(f"{key:32}{value:>14}")
    print(f"\n(also in {ARTIFACTS / 'bench.json'})")


if __name__ == "__main__":
    main()
