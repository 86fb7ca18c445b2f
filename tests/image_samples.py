"""Pictures made by Pillow for the image tests: a camera photo with GPS and Orientation 6, a transparent
PNG, a print (CMYK) JPEG, and the metadata check that every published file must pass."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageCms

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def portrait_photo(path: Path, size=(3000, 2000)) -> Path:
    """A camera JPEG stored lying on its side with Orientation 6, GPS, artist, camera and an ICC profile.
    The stored left half is dark: upright, the picture is dark at the top and light at the bottom."""
    image = Image.new("RGB", size, (240, 240, 240))
    image.paste((20, 20, 20), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x013B] = "Anna Fotografin"  # Artist
    exif[0x0110] = "Kamera X100"  # Model
    exif[GPS_IFD] = {1: "N", 2: (51.0, 15.0, 30.0), 3: "E", 4: (7.0, 9.0, 0.0)}
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, exif=exif.tobytes(), icc_profile=srgb, quality=90, xmp=XMP)
    data = path.read_bytes()
    path.write_bytes(data[:2] + _iptc_segment("Anna Fotografin") + data[2:])  # IPTC by-line in a Photoshop APP13
    return path


XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
       b'xmlns:dc="http://purl.org/dc/elements/1.1/"><rdf:Description><dc:creator>Anna Fotografin</dc:creator>'
       b'</rdf:Description></rdf:RDF></x:xmpmeta>')


def _iptc_segment(byline: str) -> bytes:
    value = byline.encode()
    iptc = b"\x1c\x02\x50" + len(value).to_bytes(2, "big") + value  # record 2, dataset 80: By-line
    if len(iptc) % 2:
        iptc += b"\0"
    resource = b"8BIM" + (0x0404).to_bytes(2, "big") + b"\0\0" + len(iptc).to_bytes(4, "big") + iptc
    body = b"Photoshop 3.0\0" + resource
    return b"\xff\xed" + (len(body) + 2).to_bytes(2, "big") + body


def transparent_png(path: Path, size=(1000, 500)) -> Path:
    image = Image.new("RGBA", size, (0, 0, 255, 0))
    image.paste((255, 0, 0, 255), (size[0] // 10, size[1] // 5, size[0] * 4 // 10, size[1] * 4 // 5))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


def cmyk_jpeg(path: Path, size=(800, 600)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("CMYK", size, (0, 255, 255, 0)).save(path)  # pure red in print colours
    return path


def metadata_of(path: Path) -> dict:
    """Every kind of metadata a published file could leak (empty values: none)."""
    data = path.read_bytes()
    with Image.open(path) as image:
        exif = image.getexif()
        return {
            "exif": dict(exif),
            "gps": dict(exif.get_ifd(GPS_IFD)),
            "icc": image.info.get("icc_profile"),
            "xmp": image.info.get("xmp") or image.info.get("XML:com.adobe.xmp"),
            "raw_exif": b"Exif\x00\x00" in data or (path.suffix == ".webp" and b"EXIF" in data),
            "raw_xmp": b"http://ns.adobe.com/xap" in data,
            "raw_icc": b"ICC_PROFILE" in data or b"iCCP" in data or b"ICCP" in data,
            "raw_iptc": b"Photoshop 3.0" in data,
            "text": b"Anna Fotografin" in data or b"Kamera X100" in data,
        }


def assert_clean(path: Path) -> None:
    found = metadata_of(path)
    assert not any(found.values()), f"{path} keeps metadata: { {k: v for k, v in found.items() if v} }"
