"""The image pipeline's cost once its cache is warm: the same corpus without any image, and with one
camera-sized photo (1600 × 1067) on each of ``count`` news items – first cold (every derivative is
computed), then warm. Target: a warm build with the photos at most 5 % over the build without."""

from __future__ import annotations

import re
from pathlib import Path

from bench.corpus import build_corpus, make_images
from bench.pipeline import BUILD_DATE, build_site

FOLDER = "bilder/messung"


def add_photos(root: Path, count: int, seed: int) -> int:
    """A photo as `image:` of each of the first ``count`` published news items without one; returns how many."""
    def candidate(path: Path) -> bool:
        text = path.read_text(encoding="utf-8")
        return "\nimage:" not in text and "\ndraft: true" not in text and path.name[:10] <= BUILD_DATE.isoformat()

    news = [path for path in sorted((root / "content" / "aktuelles").glob("*.md")) if candidate(path)][:count]
    photos = make_images(root / "content" / FOLDER, len(news), seed, size=(1600, 1067), prefix="aufnahme")
    for number, (path, photo) in enumerate(zip(news, photos)):
        text = path.read_text(encoding="utf-8")
        header = (f"image:\n  src: {FOLDER}/{photo.name}\n  alt: Messaufnahme Nummer {number} mit bunten Rechtecken vor grauem Verlauf\n"
                  "  credit: Projektbüro\n")
        path.write_text(re.sub(r"\n---\n", "\n" + header + "---\n", text, count=1), encoding="utf-8")
    return len(news)


def measure_images(workdir: Path, count: int, seed: int, rounds: int = 3) -> dict:
    news = count + count // 5  # some news are drafts or scheduled: enough published ones for ``count`` photos
    plain = build_corpus(workdir / "images-none", news, seed, images=0).root
    with_images = build_corpus(workdir / "images-some", news, seed, images=0).root
    photos = add_photos(with_images, count, seed)
    build_site(plain)  # the first build warms Python's and the disk's caches
    cold = build_site(with_images)
    # interleaved, and the fastest of each: other work on the machine hits both sides alike
    nones, warms = [], []
    for _ in range(rounds):
        nones.append(build_site(plain))
        warms.append(build_site(with_images))
    none, warm = min(nones, key=lambda r: r.wall), min(warms, key=lambda r: r.wall)
    none_cpu, warm_cpu = min(r.cpu for r in nones), min(r.cpu for r in warms)
    return {
        "news": news, "photos": photos, "rounds": rounds,
        "none_wall": none.wall, "none_cpu": none_cpu,
        "cold_wall": cold.wall, "cold_cpu": cold.cpu,
        "warm_wall": warm.wall, "warm_cpu": warm_cpu,
        "warm_over_none": warm.wall / none.wall - 1, "warm_over_none_cpu": warm_cpu / none_cpu - 1,
        # where the time goes, in the fastest build of each kind
        "stages": {"none": none.stages, "cold": cold.stages, "warm": warm.stages},
        "phases": {"none": none.phases, "cold": cold.phases, "warm": warm.phases},
    }
