"""Image checks and cached WebP derivatives."""

from pathlib import Path

from PIL import Image

from modellregion.images import inspect, rendition


def make(path: Path, size=(2000, 1000)) -> Path:
    Image.new("RGB", size, (200, 30, 30)).save(path)
    return path


def test_derivatives_keep_the_aspect_ratio_and_never_upscale(tmp_path):
    make(tmp_path / "gross.png")
    make(tmp_path / "klein.png", (300, 200))
    big = rendition(tmp_path, "gross.png", tmp_path / "cache")
    assert [(v.width, v.height) for v in big.variants] == [(480, 240), (960, 480), (1600, 800)]
    assert big.default.width == 960 and big.largest.width == 1600
    assert all(v.path.startswith("bilder/varianten/gross-") and v.path.endswith(".webp") for v in big.variants)
    with Image.open(big.default.cache_file) as derived:
        assert derived.format == "WEBP" and derived.size == (960, 480)
    small = rendition(tmp_path, "klein.png", tmp_path / "cache")
    assert [(v.width, v.height) for v in small.variants] == [(300, 200)]


def test_derivatives_are_cached_by_content(tmp_path):
    source = make(tmp_path / "foto.png")
    first = rendition(tmp_path, "foto.png", tmp_path / "cache")
    stamps = {v.cache_file: v.cache_file.stat().st_mtime_ns for v in first.variants}
    again = rendition(tmp_path, "foto.png", tmp_path / "cache")
    assert {v.cache_file: v.cache_file.stat().st_mtime_ns for v in again.variants} == stamps
    Image.new("RGB", (2000, 1000), (0, 0, 255)).save(source)  # same name, new picture: new derivatives
    changed = rendition(tmp_path, "foto.png", tmp_path / "cache")
    assert {v.cache_file for v in changed.variants}.isdisjoint(stamps)


def test_svg_is_left_alone(tmp_path):
    (tmp_path / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert rendition(tmp_path, "logo.svg", tmp_path / "cache") is None
    assert inspect(tmp_path / "logo.svg") == (None, None)


def test_inspect_reports_broken_and_truncated_files(tmp_path):
    (tmp_path / "kaputt.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really")
    size, problem = inspect(tmp_path / "kaputt.jpg")
    assert size is None and problem.startswith("ist kein lesbares Bild")
    good = make(tmp_path / "gut.png", (100, 50))
    assert inspect(good) == ((100, 50), None)
