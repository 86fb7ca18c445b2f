"""Image checks and derivatives with Pillow: every image named in YAML or front matter is opened once,
refused with a clear message when it is broken or oversized, and resized into WebP derivatives
that are cached by content hash between builds (.cache/images/).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, UnidentifiedImageError

WIDTHS = (480, 960, 1600)
MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
QUALITY = 80
RECIPE = f"webp-q{QUALITY}-v1"  # part of every cache key: change it when the derivatives change
RASTER = (".jpg", ".jpeg", ".png", ".webp", ".gif")


@dataclass(frozen=True)
class Variant:
    path: str  # below the site root
    width: int
    height: int
    cache_file: Path


@dataclass(frozen=True)
class Rendition:
    """An image as pages use it: intrinsic size and resized variants (smallest first)."""

    src: str
    width: int
    height: int
    variants: tuple[Variant, ...]

    @property
    def default(self) -> Variant:
        """The variant for src= and for feeds: 960 px wide, or the largest below."""
        fitting = [v for v in self.variants if v.width <= 960]
        return fitting[-1] if fitting else self.variants[0]

    @property
    def largest(self) -> Variant:
        return self.variants[-1]

    @property
    def srcset(self) -> list[tuple[str, int]]:
        return [(variant.path, variant.width) for variant in self.variants]


def inspect(path: Path) -> tuple[tuple[int, int] | None, str | None]:
    """Size in pixels, or a problem an editor can act on."""
    if path.suffix.lower() not in RASTER:
        return None, None  # SVG: vector, nothing to check or resize
    size = path.stat().st_size
    if size > MAX_BYTES:
        return None, f"ist {size / 1024 / 1024:.0f} MB groß – höchstens {MAX_BYTES // 1024 // 1024} MB sind erlaubt; bitte kleiner speichern"
    try:
        with Image.open(path) as image:
            dimensions = image.size
            if dimensions[0] * dimensions[1] > MAX_PIXELS:
                return None, f"hat {dimensions[0]}×{dimensions[1]} Pixel – höchstens {MAX_PIXELS // 1_000_000} Megapixel sind erlaubt; bitte verkleinern"
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        return None, "ist kein lesbares Bild (beschädigt oder ein anderes Format) – bitte als JPEG, PNG, WebP oder GIF neu speichern"
    return dimensions, None


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes() + RECIPE.encode()).hexdigest()[:16]


def rendition(content_dir: Path, src: str, cache_dir: Path) -> Rendition | None:
    """The derivatives of one image, made once and then taken from the cache."""
    source = content_dir / src
    if source.suffix.lower() not in RASTER:
        return None
    digest = _digest(source)
    stem = PurePosixPath(src).stem
    with Image.open(source) as image:
        width, height = image.size
        variants = []
        widths = [w for w in WIDTHS if w < width] + [min(width, WIDTHS[-1])]
        for target in sorted(set(widths)):
            target_height = round(height * target / width)
            cache_file = cache_dir / f"{digest}-{target}.webp"
            if not cache_file.exists():
                cache_dir.mkdir(parents=True, exist_ok=True)
                frame = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
                resized = frame.resize((target, target_height), Image.Resampling.LANCZOS)
                partial = cache_file.with_suffix(f".{os.getpid()}.tmp")
                resized.save(partial, "WEBP", quality=QUALITY, method=6)
                partial.replace(cache_file)  # atomic: a cancelled build leaves no half-written file
            variants.append(Variant(f"bilder/varianten/{stem}-{digest[:8]}-{target}.webp", target, target_height, cache_file))
    return Rendition(src, width, height, tuple(variants))


def renditions(content_dir: Path, sources: set[str], cache_dir: Path) -> dict[str, Rendition]:
    result = {}
    for src in sorted(sources):
        made = rendition(content_dir, src, cache_dir)
        if made is not None:
            result[src] = made
    return result
