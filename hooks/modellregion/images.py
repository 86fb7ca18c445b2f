"""The one image pipeline: checks, alt-text rule and privacy-safe derivatives for every raster image.

Every JPEG, PNG, WebP or GIF below content/ – named in YAML, front matter or a Markdown body – is
turned upright (EXIF orientation), converted to sRGB, stripped of every piece of metadata (EXIF,
GPS, XMP, IPTC, ICC) and published only as re-encoded derivatives: WebP and a JPEG (PNG when the
image is transparent) fallback at 480/960/1600 px, a 1200 px preview for social media and feeds,
and a full-size copy of at most 2400 px at the original's own address. The original file is never
published. Derivatives are cached under .cache/images/<hash>/ by content hash and recipe, so a
build with unchanged images opens no image at all. SVG files pass through untouched.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import posixpath
import re
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Mapping, NamedTuple
from urllib.parse import unquote, urlsplit

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

WIDTHS = (480, 960, 1600)
SOCIAL_WIDTH = 1200  # og:image, feed enclosures and JSON-LD
FULL_MAX = 2400  # the longest side of the re-encoded full-size copy
MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_ANIMATION_PIXELS = 100_000_000  # frames × width × height of an animated image
WEBP_QUALITY = 80
JPEG_QUALITY = 82
RECIPE = f"v2-webp{WEBP_QUALITY}-jpeg{JPEG_QUALITY}-{'-'.join(map(str, WIDTHS))}-s{SOCIAL_WIDTH}-f{FULL_MAX}"  # part of every cache key
RASTER = (".jpg", ".jpeg", ".png", ".webp", ".gif")
VECTOR = (".svg",)
VARIANT_DIR = "bilder/varianten"
# The content column of Material's layout: both sidebars from 76.25em, the table of contents from
# 60em, the full width minus the page padding on phones.
CONTENT_SIZES = "(min-width: 76.25em) 38rem, (min-width: 60em) calc(100vw - 16rem), calc(100vw - 2.4rem)"

_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF"}
_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
_SUFFIX = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
_READABLE = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}
_FIX = "bitte als JPEG, PNG, WebP oder GIF speichern"


# ---------------------------------------------------------------------------------------
# Alt text


PLACEHOLDERS = {
    "bild", "bilder", "foto", "fotos", "image", "img", "grafik", "abbildung", "abb", "logo", "photo", "picture", "pic",
    "symbolbild", "titelbild", "beispielbild", "platzhalter", "placeholder", "screenshot", "icon", "alt", "alttext",
    "alt-text", "alternativtext", "beschreibung", "bildbeschreibung", "todo", "tbd", "xxx", "test", "untitled",
    "ohne titel", "kein bild", "teaser", "header", "banner", "thumbnail", "dsc", "img", "image description",
}
_NUMBERED = re.compile(r"^(bild|foto|image|img|grafik|abbildung|abb|photo|picture|dsc|dscn|pxl|screenshot)[\s_\-.:]*\d+$")
_DECORATIVE_HINT = "(oder `decorative: true` mit `alt: \"\"` für reinen Schmuck)"
MIN_ALT_WORDS = 3


def alt_problem(alt: str | None, src: str, decorative: bool) -> str | None:
    """What is wrong with an image's text alternative, in German, or None when it says something.

    A decorative image must have an empty alt; any other image needs a description of at least
    three words that is neither a placeholder ("Bild", "Foto" …) nor the file name.
    """
    text = " ".join((alt or "").split())
    if decorative:
        if text:
            return (f"ein Schmuckbild (decorative) hat einen leeren Alternativtext, hier steht „{text}“ – "
                    "bitte `alt: \"\"` setzen oder `decorative` entfernen, wenn das Bild etwas zeigt, das man wissen muss")
        return None
    if not text:
        return f"der Alternativtext fehlt – bitte in einigen Worten beschreiben, was das Bild zeigt {_DECORATIVE_HINT}"
    folded = text.casefold().strip(" .:;,!?-–_()[]\"'„“”")
    if folded in PLACEHOLDERS or _NUMBERED.match(folded):
        return f"„{text}“ ist kein Alternativtext – bitte in einigen Worten beschreiben, was das Bild zeigt {_DECORATIVE_HINT}"
    name = PurePosixPath(urlsplit(src).path).name.casefold()
    stem = PurePosixPath(name).stem
    if folded in {name, stem, re.sub(r"[-_.]+", " ", stem).strip()}:
        return f"„{text}“ ist der Dateiname, kein Alternativtext – bitte in einigen Worten beschreiben, was das Bild zeigt {_DECORATIVE_HINT}"
    words = re.findall(r"\w+", text)
    if len(words) < MIN_ALT_WORDS:
        return (f"„{text}“ ist als Alternativtext zu knapp ({len(words)} {'Wort' if len(words) == 1 else 'Wörter'}) – "
                f"bitte in mindestens {MIN_ALT_WORDS} Wörtern beschreiben, was das Bild zeigt, "
                "z. B. „Rufbus an der Haltestelle Rathaus“")
    return None


# ---------------------------------------------------------------------------------------
# Images in Markdown bodies


class BodyImage(NamedTuple):
    """An image a Markdown body shows; ``needle`` is the text that finds it in the file, ``line`` 1-based."""

    src: str
    alt: str | None
    decorative: bool
    needle: str
    line: int = 0
    credit: str | None = None


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_INLINE = re.compile(
    r"!\[(?P<alt>(?:[^\[\]\\]|\\.|\[[^\]]*\])*)\]"
    r"\(\s*<?(?P<src>[^\s)>]+)>?(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
    r"(?:\{(?P<attrs>[^}\n]*)\})?"
)
_REFERENCE_USE = re.compile(r"!\[(?P<alt>(?:[^\[\]\\]|\\.)*)\]\s?\[(?P<ref>[^\]]*)\](?:\{(?P<attrs>[^}\n]*)\})?")
_REFERENCE_DEF = re.compile(r"^\s{0,3}\[(?P<ref>[^\]]+)\]:\s*<?(?P<src>[^\s>]+)>?", re.MULTILINE)
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_HTML_ATTR = re.compile(r"([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_ATTR_LIST = re.compile(r"([^\s=]+)=(\"[^\"]*\"|'[^']*'|[^\s]+)|(\S+)")


def _attr_list(source: str | None) -> dict[str, str]:
    """The attributes of a Python-Markdown attr_list such as ``{: decorative credit="Anna Beispiel" }``."""
    attrs: dict[str, str] = {}
    for key, value, word in _ATTR_LIST.findall((source or "").lstrip(":")):
        if key:
            attrs[key] = value.strip("\"'")
        elif word and not word.startswith((".", "#")):
            attrs[word] = word
    return attrs


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def body_images(markdown: str) -> list[BodyImage]:
    """Every image a Markdown body shows, in order: ``![Alt](bild.jpg)``, reference images and raw ``<img>``.

    Images inside code (fenced blocks, `code spans`) are text and are skipped. ``{: decorative }``
    after an image marks it as decorative; ``{: credit="…" }`` gives its credit.
    """
    definitions = {m["ref"].casefold(): m["src"] for m in _REFERENCE_DEF.finditer(markdown)}
    found: list[BodyImage] = []
    fence: str | None = None
    for number, raw in enumerate(markdown.splitlines(), start=1):
        opener = _FENCE.match(raw)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            continue
        if opener:
            fence = opener.group(1)
            continue
        line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), raw)
        hits = []
        for match in _INLINE.finditer(line):
            attrs = _attr_list(match["attrs"])
            hits.append((match.start(), BodyImage(match["src"], _unescape(match["alt"]), "decorative" in attrs, match.group(0), number, attrs.get("credit"))))
        for match in _REFERENCE_USE.finditer(line):
            ref = (match["ref"] or match["alt"]).casefold()
            if ref in definitions:
                attrs = _attr_list(match["attrs"])
                hits.append((match.start(), BodyImage(definitions[ref], _unescape(match["alt"]), "decorative" in attrs, match.group(0), number, attrs.get("credit"))))
        for match in _HTML_IMG.finditer(line):
            attrs = {k.lower(): (v[1:-1] if v[:1] in "\"'" else v) if v else None for k, v in _HTML_ATTR.findall(match.group(0)[4:].rstrip("/>"))}
            decorative = "decorative" in attrs or attrs.get("role") in ("presentation", "none")
            hits.append((match.start(), BodyImage(attrs.get("src") or "", attrs.get("alt"), decorative, match.group(0), number, attrs.get("credit"))))
        found.extend(image for _, image in sorted(hits, key=lambda hit: hit[0]))
    return found


def field_image_problems(html: str, content_dir: Path, cache_dir: Path | None = None) -> list[str]:
    """Problems of the images in a rendered Markdown field from YAML (their paths are relative to
    content/, like image.src; a decorative image has no place in a text field)."""
    if "<img" not in html:
        return []
    import lxml.html

    problems = []
    for img in lxml.html.fragment_fromstring(html, create_parent="div").iter("img"):
        src = img.get("src")
        if not src:
            continue  # refused by the text renderer (another host) and reported there
        label = f"Bild „{src}“: "
        alt = alt_problem(img.get("alt"), src, False)
        if alt:
            problems.append(label + alt.replace(f" {_DECORATIVE_HINT}", ""))
        problem = source_problem(content_dir, src, cache_dir=cache_dir)
        if problem:
            problems.append(problem)
    return problems


def resolve_body_src(page_src_uri: str, src: str) -> str | None:
    """A body image's path relative to content/ (Markdown paths are relative to the page's file),
    or None for a URL with a scheme or host (reported elsewhere) or a path that leaves content/."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(posixpath.dirname(page_src_uri), path)
    normal = posixpath.normpath(joined)
    if normal.startswith("../") or normal == ".." or normal.startswith("/"):
        return None
    return normal


def body_image_problems(markdown: str, page_src_uri: str, content_dir: Path, cache_dir: Path | None = None) -> list[tuple[int, str, str]]:
    """Every problem of the images in one Markdown body as (line, needle, German message)."""
    problems = []
    for image in body_images(markdown):
        parts = urlsplit(image.src)
        if parts.scheme or parts.netloc:
            continue  # another host: the body check for foreign resources reports it
        label = f"Bild „{image.src}“: " if image.src else "Bild: "
        alt = alt_problem(image.alt, image.src, image.decorative)
        if alt:
            problems.append((image.line, image.needle, label + alt))
        if not image.src:
            problems.append((image.line, image.needle, "ein <img> ohne src – bitte den Pfad zur Bilddatei angeben"))
            continue
        target = resolve_body_src(page_src_uri, image.src)
        if target is None:
            problems.append((image.line, image.needle, f"„{image.src}“ liegt außerhalb von content/ – bitte das Bild unter content/ ablegen und relativ zur Seite verlinken, z. B. ../bilder/foto.jpg"))
            continue
        problem = source_problem(content_dir, target, cache_dir=cache_dir, shown=image.src)
        if problem:
            problems.append((image.line, image.needle, problem))
    return problems


# ---------------------------------------------------------------------------------------
# Checks


@functools.lru_cache(maxsize=4096)
def _digest_of(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.blake2b(RECIPE.encode(), digest_size=16)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def digest(path: Path, cache_dir: Path | None = None) -> str:
    """Content hash of a file together with the recipe (a new recipe makes new derivatives).

    With ``cache_dir``, a file whose size and modification time are unchanged since it was last
    hashed is not read again (the index is .cache/images/digests.json, keyed by path).
    """
    stat = path.stat()
    if cache_dir is None:
        return _digest_of(str(path), stat.st_size, stat.st_mtime_ns)
    index = _digest_index(str(cache_dir))
    stamp = [stat.st_size, stat.st_mtime_ns]
    known = index.get(str(path))
    if known and known[:2] == stamp:
        return known[2]
    value = _digest_of(str(path), stat.st_size, stat.st_mtime_ns)
    index[str(path)] = [*stamp, value]
    _write_atomic(cache_dir / "digests.json", json.dumps(index, sort_keys=True).encode())
    return value


@functools.lru_cache(maxsize=8)
def _digest_index(cache_dir: str) -> dict:
    try:
        return json.loads((Path(cache_dir) / "digests.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.0f}".replace(".", ",")


def _inspect_image(path: Path, shown: str) -> tuple[tuple[int, int] | None, str | None]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format not in _READABLE:
                    return None, f"„{shown}“ ist eine {image.format}-Datei – {_FIX}"
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return None, (f"„{shown}“ hat {width} × {height} Pixel ({_megapixels(width * height)} Megapixel) – erlaubt sind höchstens "
                                  f"{_megapixels(MAX_PIXELS)} Megapixel; bitte kleiner speichern, z. B. 4000 Pixel breit")
                frames = getattr(image, "n_frames", 1) if image.format != "MPO" else 1
                if frames > 1 and frames * width * height > MAX_ANIMATION_PIXELS:
                    return None, (f"„{shown}“ ist eine Animation aus {frames} Einzelbildern zu {width} × {height} Pixeln – erlaubt sind zusammen "
                                  f"höchstens {_megapixels(MAX_ANIMATION_PIXELS)} Megapixel; bitte kürzen, verkleinern oder als Standbild speichern")
                for frame in range(frames):  # verify() misses a cut-off file: decode every pixel
                    image.seek(frame)
                    image.load()
                orientation = image.getexif().get(0x0112)
                if orientation in (5, 6, 7, 8):
                    width, height = height, width
                return (width, height), None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return None, (f"„{shown}“ ist zu groß zum Öffnen (mehr als {_megapixels(MAX_PIXELS)} Megapixel, womöglich eine "
                      "absichtlich aufgeblähte Datei) – bitte das Bild kleiner speichern, z. B. 4000 Pixel breit")
    except UnidentifiedImageError:
        return None, f"„{shown}“ ist keine lesbare Bilddatei – {_FIX}"
    except OSError as exc:
        if "truncated" in str(exc) or "broken data stream" in str(exc):
            return None, f"„{shown}“ ist unvollständig (die Datei bricht mitten im Bild ab) – bitte das Bild neu exportieren und erneut ablegen"
        return None, f"„{shown}“ ist beschädigt und lässt sich nicht lesen – bitte das Bild neu exportieren und erneut ablegen"
    except Exception:  # noqa: BLE001 - Pillow raises many kinds for broken files; an editor needs one sentence
        return None, f"„{shown}“ ist beschädigt und lässt sich nicht lesen – bitte das Bild neu exportieren und erneut ablegen"


def inspect(path: Path, *, shown: str | None = None, cache_dir: Path | None = None) -> tuple[tuple[int, int] | None, str | None]:
    """The upright size in pixels of an image file, or a German problem that starts with the file's name.

    SVG gives (None, None): it is published as it is. With ``cache_dir`` the verdict is remembered
    by content hash, so an unchanged image is decoded once, not at every build.
    """
    shown = shown or path.name
    suffix = path.suffix.lower()
    if suffix in VECTOR:
        return None, None
    if suffix not in RASTER:
        return None, f"„{shown}“ ist keine Bilddatei – erlaubt sind .jpg, .jpeg, .png, .webp, .gif und .svg"
    if path.is_symlink() or not path.is_file():
        return None, f"„{shown}“ gibt es nicht – bitte die Datei unter content/ ablegen oder den Pfad korrigieren"
    size = path.stat().st_size
    if size > MAX_BYTES:
        return None, f"„{shown}“ ist {size / 1024 / 1024:.0f} MB groß – erlaubt sind höchstens {MAX_BYTES // 1024 // 1024} MB; bitte kleiner speichern"
    if size == 0:
        return None, f"„{shown}“ ist leer – bitte die Bilddatei erneut ablegen"
    record = cache_dir / digest(path, cache_dir) / "inspect.json" if cache_dir else None
    if record and record.is_file():
        known = json.loads(record.read_text(encoding="utf-8"))
        return (tuple(known["size"]) if known["size"] else None), (known["problem"].replace("\0", shown) if known["problem"] else None)
    dimensions, problem = _inspect_image(path, "\0")
    if record:
        _write_atomic(record, json.dumps({"size": dimensions, "problem": problem}).encode())
    return dimensions, (problem.replace("\0", shown) if problem else None)


def source_problem(content_dir: Path, src: str, *, cache_dir: Path | None = None, shown: str | None = None) -> str | None:
    """What is wrong with an image path relative to content/ (outside, missing, not an image, broken)."""
    shown = shown or src
    path = PurePosixPath(src)
    if "\\" in src or path.is_absolute() or ".." in path.parts or src.startswith("~"):
        return f"„{shown}“ liegt außerhalb von content/ – bitte einen Pfad unterhalb von content/ angeben, z. B. bilder/foto.jpg"
    if path.suffix.lower() not in RASTER + VECTOR:
        return f"„{shown}“ ist keine Bilddatei – erlaubt sind .jpg, .jpeg, .png, .webp, .gif und .svg"
    return inspect(content_dir / src, shown=shown, cache_dir=cache_dir)[1]


# ---------------------------------------------------------------------------------------
# Derivatives


@dataclass(frozen=True)
class Variant:
    path: str  # below the site root
    width: int
    height: int
    cache_file: Path
    mime: str = "image/webp"


@dataclass(frozen=True)
class Rendition:
    """An image as pages use it: upright size, WebP variants and their JPEG/PNG fallbacks (smallest
    first), the social-media preview and the re-encoded full-size copy at the original's address."""

    src: str
    width: int
    height: int
    variants: tuple[Variant, ...]
    fallbacks: tuple[Variant, ...]
    social: Variant
    full: Variant

    @property
    def default(self) -> Variant:
        """The fallback for <img src>: 960 px wide, or the largest below."""
        fitting = [v for v in self.fallbacks if v.width <= 960]
        return fitting[-1] if fitting else self.fallbacks[0]

    @property
    def largest(self) -> Variant:
        return self.variants[-1]

    @property
    def srcset(self) -> list[tuple[str, int]]:
        return [(variant.path, variant.width) for variant in self.variants]

    @property
    def fallback_srcset(self) -> list[tuple[str, int]]:
        return [(variant.path, variant.width) for variant in self.fallbacks]

    def srcset_from(self, prefix: str, fallback: bool = False) -> str:
        """srcset for a page whose way to the site root is ``prefix`` (MkDocs' base_url, e.g. ../..)."""
        start = prefix.rstrip("/") + "/" if prefix not in ("", ".") else ""
        return ", ".join(f"{start}{v.path} {v.width}w" for v in (self.fallbacks if fallback else self.variants))

    @property
    def fallback_mime(self) -> str:
        return self.fallbacks[0].mime

    def files(self) -> list[Variant]:
        """Everything to publish for this image."""
        return [*self.variants, *self.fallbacks, self.social, self.full]


def _write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    partial.write_bytes(data)
    partial.replace(target)  # a cancelled build leaves no half-written file


def _slug(stem: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", stem.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss"))
    return words.strip("-")[:60] or "bild"


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa") or "transparency" in image.info


def _to_srgb(image: Image.Image) -> Image.Image:
    """Colours converted to sRGB through the embedded ICC profile (if any); 8-bit RGB or RGBA out."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        # 16-bit greyscale: scale to 8 bit (convert("L") would clip everything above 255 to white)
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    elif image.mode == "F":
        image = image.convert("L")
    alpha = None
    if _has_alpha(image):
        image = image.convert("RGBA")
        alpha = image.getchannel("A")
        if alpha.getextrema()[0] == 255:
            alpha = None  # an alpha channel that hides nothing: treat as opaque
        image = image.convert("RGB")
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken profile: fall back to Pillow's plain conversion below
    if image.mode != "RGB":
        image = image.convert("RGB")
    if alpha is not None:
        image.putalpha(alpha)
    return image


def _clean_base(source: Path) -> tuple[Image.Image, tuple[int, int]]:
    """The image upright, in sRGB, at most FULL_MAX px on its longest side, as a new image with no
    metadata at all (a fresh Image carries no info, EXIF, XMP or ICC profile to any encoder)."""
    with Image.open(source) as image:
        image.seek(0)  # animations are shown as their first frame
        width, height = image.size
        original = _upright_size(image)
        if image.format in ("JPEG", "MPO") and image.mode in ("RGB", "L") and max(width, height) > FULL_MAX:
            scale = FULL_MAX / max(width, height)
            image.draft(image.mode, (round(width * scale), round(height * scale)))  # decode at 1/2, 1/4 … size: faster
        upright = ImageOps.exif_transpose(image) or image
        upright.info.setdefault("icc_profile", image.info.get("icc_profile"))
        if not upright.info.get("icc_profile"):
            upright.info.pop("icc_profile", None)
        converted = _to_srgb(upright)
    if max(converted.size) > FULL_MAX:
        converted.thumbnail((FULL_MAX, FULL_MAX), Image.Resampling.LANCZOS)
    fresh = Image.frombytes(converted.mode, converted.size, converted.tobytes())
    return fresh, original


def _upright_size(image: Image.Image) -> tuple[int, int]:
    width, height = image.size
    return (height, width) if image.getexif().get(0x0112) in (5, 6, 7, 8) else (width, height)


def _resized(base: Image.Image, width: int) -> Image.Image:
    height = max(1, round(base.height * width / base.width))
    if (width, height) == base.size:
        return base
    if base.mode == "RGBA":  # premultiplied, or transparent pixels bleed their colour into the edges
        return base.convert("RGBa").resize((width, height), Image.Resampling.LANCZOS).convert("RGBA")
    return base.resize((width, height), Image.Resampling.LANCZOS)


def _encode(image: Image.Image, format_: str) -> bytes:
    out = io.BytesIO()
    if format_ == "WEBP":
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    elif format_ == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif format_ == "PNG":
        image.save(out, "PNG", optimize=False, compress_level=7)
    elif format_ == "GIF":
        image.convert("RGBA" if image.mode == "RGBA" else "RGB").save(out, "GIF")
    return out.getvalue()


def _widths(width: int) -> list[int]:
    """WIDTHS up to the image's own width (never upscaled), and the image's width when it is smaller."""
    return sorted({w for w in WIDTHS if w < width} | {min(width, WIDTHS[-1])})


def _plan(src: str, key: str, base_size: tuple[int, int], alpha: bool) -> list[dict]:
    """Role, format, cache file, published path and size of every derivative of ``src``."""
    width, height = base_size
    stem = f"{VARIANT_DIR}/{_slug(PurePosixPath(src).stem)}-{key[:10]}"
    fallback = "PNG" if alpha else "JPEG"
    full_format = _FORMATS[PurePosixPath(src).suffix.lower()]  # the original's address keeps its type
    entries = []
    for target in _widths(width):
        size = (target, max(1, round(height * target / width)))
        entries.append({"role": "variant", "format": "WEBP", "file": f"w{target}.webp", "path": f"{stem}-{target}.webp", "size": size})
        entries.append({"role": "fallback", "format": fallback, "file": f"w{target}{_SUFFIX[fallback]}", "path": f"{stem}-{target}{_SUFFIX[fallback]}", "size": size})
    social = min(SOCIAL_WIDTH, width)
    entries.append({"role": "social", "format": fallback, "file": f"social{_SUFFIX[fallback]}",
                    "path": f"{stem}-social-{social}{_SUFFIX[fallback]}", "size": (social, max(1, round(height * social / width)))})
    entries.append({"role": "full", "format": full_format, "file": f"full{_SUFFIX[full_format]}", "path": src, "size": (width, height)})
    return entries


def _assemble(entries: list[dict], src: str, folder: Path, original: tuple[int, int]) -> Rendition:
    groups: dict[str, list[Variant]] = {"variant": [], "fallback": [], "social": [], "full": []}
    for entry in entries:
        groups[entry["role"]].append(Variant(entry["path"], entry["size"][0], entry["size"][1], folder / entry["file"], _MIME[entry["format"]]))
    return Rendition(src, original[0], original[1], tuple(groups["variant"]), tuple(groups["fallback"]), groups["social"][0], groups["full"][0])


def rendition(content_dir: Path, src: str, cache_dir: Path) -> Rendition | None:
    """The derivatives of one image, made once and then taken from the cache (None for SVG).

    The cache folder is named by the content hash and recipe; its manifest.json records the sizes,
    so a warm build reads one small JSON file per image and never opens the picture itself.
    """
    source = content_dir / src
    if source.suffix.lower() not in RASTER:
        return None
    key = digest(source, cache_dir)
    folder = cache_dir / key
    manifest_file = folder / "manifest.json"
    try:
        cached = set(os.listdir(folder))  # one system call instead of one per derivative
    except OSError:
        cached = set()
    if "manifest.json" in cached:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
        entries = _plan(src, key, tuple(manifest["base"]), manifest["alpha"])
        if all(entry["file"] in cached for entry in entries):
            return _assemble(entries, src, folder, tuple(manifest["original"]))
    base, original = _clean_base(source)
    alpha = base.mode == "RGBA"
    entries = _plan(src, key, base.size, alpha)
    for entry in entries:
        _write_atomic(folder / entry["file"], _encode(_resized(base, entry["size"][0]), entry["format"]))
    _write_atomic(manifest_file, json.dumps({"recipe": RECIPE, "original": original, "base": base.size, "alpha": alpha}).encode())
    return _assemble(entries, src, folder, original)


def renditions(content_dir: Path, sources: Iterable[str], cache_dir: Path) -> dict[str, Rendition]:
    result = {}
    for src in sorted(set(sources)):
        made = rendition(content_dir, src, cache_dir)
        if made is not None:
            result[src] = made
    return result


_SVG_ROOT = re.compile(r"<svg\b[^>]*>", re.IGNORECASE | re.DOTALL)
_SVG_LENGTH = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(px)?\s*$")


def svg_size(path: Path) -> tuple[int, int] | None:
    """An SVG's intrinsic size (width/height in px, else its viewBox), for width and height on <img>."""
    try:
        head = path.read_bytes()[:65536].decode("utf-8", errors="replace")
    except OSError:
        return None
    root = _SVG_ROOT.search(head)
    if not root:
        return None
    attributes = {k.lower(): (v[1:-1] if v[:1] in "\"'" else v) for k, v in _HTML_ATTR.findall(root.group(0)[4:].rstrip("/>")) if v}
    width, height = (_SVG_LENGTH.match(attributes.get(name, "")) for name in ("width", "height"))
    if width and height:
        return round(float(width.group(1))), round(float(height.group(1)))
    box = attributes.get("viewbox", "").replace(",", " ").split()
    try:
        if len(box) == 4 and float(box[2]) > 0 and float(box[3]) > 0:
            return round(float(box[2])), round(float(box[3]))
    except ValueError:
        return None
    return None


def is_raster(path: str) -> bool:
    return PurePosixPath(path).suffix.lower() in RASTER


# ---------------------------------------------------------------------------------------
# HTML: <picture> for images in rendered bodies, and plain <img> for feeds


def _srcset(pairs: Iterable[tuple[str, int]], url: Callable[[str], str]) -> str:
    return ", ".join(f"{url(path)} {width}w" for path, width in pairs)


def picture_element(rendition: Rendition, alt: str, url: Callable[[str], str], *, sizes: str = CONTENT_SIZES, eager: bool = False):
    """<picture> with a WebP <source>, a JPEG/PNG <img> fallback, width, height and lazy loading."""
    from lxml.html import Element

    picture = Element("picture")
    source = Element("source", type="image/webp", srcset=_srcset(rendition.srcset, url), sizes=sizes)
    picture.append(source)
    default = rendition.default
    img = Element("img", src=url(default.path), srcset=_srcset(rendition.fallback_srcset, url), sizes=sizes,
                  width=str(default.width), height=str(default.height), alt=alt)
    img.set("loading", "eager" if eager else "lazy")
    img.set("decoding", "async")
    picture.append(img)
    return picture


def rewrite_body_images(html: str, locate: Callable[[str], str | None], renditions_: Mapping[str, Rendition], url: Callable[[str], str],
                        vector_size: Callable[[str], tuple[int, int] | None] = lambda _src: None) -> str:
    """Every <img> of a rendered body that shows a raster image below content/ becomes a <picture>
    with variants; ``{: decorative }`` becomes alt="", ``{: credit="…" }`` a figure caption.

    ``locate`` turns an <img src> of the rendered page into the image's path below content/;
    ``url`` turns a path below the site root into a URL for that page; an SVG gets width and
    height from ``vector_size`` and lazy loading, and stays as it is otherwise.
    """
    if "<img" not in html:
        return html
    import lxml.html
    from lxml.html import Element

    root = lxml.html.fragment_fromstring(html, create_parent="div")
    changed = False
    for img in list(root.iter("img")):
        parent = img.getparent()
        if parent is None or parent.tag == "picture":
            continue
        src = locate(img.get("src") or "")
        rendition_ = renditions_.get(src) if src else None
        if rendition_ is None:
            size = vector_size(src) if src and src.lower().endswith(VECTOR) else None
            if size:
                img.set("src", url(src))
                if img.get("decorative") is not None:
                    img.set("alt", "")
                    del img.attrib["decorative"]
                if not (img.get("width") or img.get("height")):
                    img.set("width", str(size[0]))
                    img.set("height", str(size[1]))
                img.set("loading", img.get("loading") or "lazy")
                img.set("decoding", "async")
                changed = True
            continue
        decorative = img.get("decorative") is not None
        credit = img.get("credit")
        picture = picture_element(rendition_, "" if decorative else (img.get("alt") or ""), url)
        if img.get("title"):
            picture[-1].set("title", img.get("title"))
        for name in ("class", "id"):
            if img.get(name):
                picture[-1].set(name, img.get(name))
        picture.tail = img.tail
        alone = parent.tag == "p" and not (parent.text or "").strip() and len(parent) == 1 and not (img.tail or "").strip()
        if credit and alone:
            figure = Element("figure", {"class": "mr-figure"})
            picture.tail = None
            figure.append(picture)
            caption = Element("figcaption")
            caption.text = f"Foto: {credit}"
            figure.append(caption)
            figure.tail = parent.tail
            parent.getparent().replace(parent, figure)
        else:
            parent.replace(img, picture)
            if credit:
                note = Element("small", {"class": "mr-credit"})
                note.text = f" (Foto: {credit})"
                note.tail = picture.tail
                picture.tail = None
                picture.addnext(note)
        changed = True
    if not changed:
        return html
    inner = (root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    return inner.replace("</source>", "")  # libxml2 predates HTML5's void <source>


def flatten_pictures(root) -> None:
    """Feed readers know <img>, not <picture> or srcset: keep the fallback <img> and its src only."""
    for picture in list(root.iter("picture")):
        img = next(picture.iter("img"), None)
        if img is None:
            picture.drop_tree()
            continue
        for name in ("srcset", "sizes", "loading", "decoding"):
            img.attrib.pop(name, None)
        img.tail = picture.tail
        picture.getparent().replace(picture, img)
