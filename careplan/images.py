"""The one gate every picture passes before it is kept: a photo in a plan file, a photo chosen in
the desktop program, the clinic logo.

Checking the first bytes is not enough: a file cut short, garbage after a valid header, or a
header that claims 65,535 x 65,535 pixels all start like a PNG or JPEG, import, and then break
every handout.  So the gate, cheapest check first:

1. the size in bytes (:data:`MAX_BYTES`), before anything is read;
2. the format, from the header only (PNG or JPEG; others are named so the therapist knows what
   to convert);
3. the size in pixels from the header, before a single pixel is decoded, so a decompression bomb
   costs nothing: a PNG at most :data:`MAX_PIXELS`; a JPEG at most :data:`MAX_JPEG_PIXELS`, because
   a JPEG is decoded straight at 1/2, 1/4 or 1/8 scale (libjpeg's DCT scaling), so the 48- to
   108-megapixel modes of today's phones cost less memory than a 12-megapixel photo did before;
4. every pixel decoded (a truncated or damaged file fails here, never in a handout);
5. turned upright by its EXIF orientation, scaled to at most :data:`MAX_SIDE` pixels on the
   longest side (plenty for a handout photo a few inches wide at 300 dpi), and written again
   without metadata: EXIF (camera, time, GPS position), comments and text chunks are not kept.

A picture already upright, small enough and free of metadata keeps its bytes, so exporting and
importing a plan again does not re-compress its photos each time.

Pillow is the one image library; this module uses it without Qt or ReportLab.  It is its own
layer (pyproject.toml), below the plan file, the settings and the handouts, which all use it, and
above core (which stays pure Python).
"""

from __future__ import annotations

import io
import os
import re
import warnings
from pathlib import Path
from typing import Any

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from careplan.core.model import Photo

#: A file larger than this is refused before it is read (a phone photo is 2-8 MB).
MAX_BYTES = 20 * 1024 * 1024
#: A PNG larger than this is refused before it is decoded (decoded in full: 40 megapixels is 120 MB).
MAX_PIXELS = 40_000_000
#: A JPEG larger than this is refused before it is decoded.  Below it, a JPEG is decoded at the smallest
#: of 1/2, 1/4, 1/8 scale that still gives MAX_SIDE pixels, never more than MAX_PIXELS (120 megapixels
#: at 1/4 scale is 7.5 megapixels, 22 MB).  Pillow itself refuses anything over 179 megapixels.
MAX_JPEG_PIXELS = 120_000_000
#: Longest side kept, in pixels: 2000 px prints 17 cm wide at 300 dpi, larger than any handout photo.
MAX_SIDE = 2000
JPEG_QUALITY = 85
#: A PNG without transparency larger than this once written is kept as a JPEG instead (a photo saved
#: as PNG); a drawing or a screenshot stays a sharp PNG.
PNG_AS_JPEG_BYTES = 1_500_000

_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
#: Formats a therapist may hold that we do not print, by their first bytes: named in the message.
_OTHER_FORMATS = (
    (re.compile(rb"GIF8[79]a"), "a GIF image"),
    (re.compile(rb"RIFF....WEBP", re.DOTALL), "a WebP image"),
    (re.compile(rb"....ftyp(heic|heix|mif1|msf1|hevc)", re.DOTALL), "an HEIC photo (as iPhones save them)"),
    (re.compile(rb"....ftypavif", re.DOTALL), "an AVIF image"),
    (re.compile(rb"BM"), "a BMP image"),
    (re.compile(rb"II\*\x00|MM\x00\*"), "a TIFF image"),
    (re.compile(rb"%PDF"), "a PDF document"),
    (re.compile(rb"\s*(<\?xml[^>]*>\s*)?<svg", re.IGNORECASE), "an SVG drawing"),
    (re.compile(rb"\s*<(!doctype html|html)", re.IGNORECASE), "a web page"),
)
_TRUNCATED = re.compile(r"truncated|premature end|end of file|unexpected end", re.IGNORECASE)
_BOMB_PIXELS = re.compile(r"\((\d+) pixels\)")
#: Metadata Pillow reads that says nothing about the pixels; anything else is stripped by a rewrite.
_HARMLESS_INFO = frozenset({"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "progressive", "progression"})
_HARMLESS_INFO |= {"gamma", "srgb", "chromaticity", "aspect", "transparency", "interlace", "adobe", "adobe_transform"}


class ImageProblem(ValueError):
    """Why a picture is refused: a phrase that follows "the photo" or "the logo", e.g.
    ``is not a complete JPEG image (the file is cut short)``."""


def check_image(data: bytes) -> Photo:
    """``data`` as a picture ready to keep and print; raises ImageProblem saying why not."""
    if not data:
        raise ImageProblem("is empty (the file holds no picture)")
    if len(data) > MAX_BYTES:
        raise _too_large(len(data))
    image = _open(data)
    kind = image.format or "?"
    _check_pixels(kind, *image.size)
    stored_side = max(image.size)  # before _decode: a large JPEG is decoded at a smaller scale
    _decode(image, kind, data)
    if stored_side <= MAX_SIDE and _keep_as_is(image, data):
        return Photo(_FORMATS[kind], data)
    return _rewrite(image, kind)


def read_image_file(path: Path) -> Photo:
    """The picture in ``path`` through :func:`check_image`; its size is checked before it is read.

    Raises ImageProblem, or OSError when the file cannot be read at all.
    """
    with path.open("rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size > MAX_BYTES:
            raise _too_large(size)
        data = file.read(MAX_BYTES + 1)
    return check_image(data)


def read_image_bytes(path: Path) -> bytes:
    """The first MAX_BYTES + 1 bytes of ``path``: enough for :func:`check_image` to say what is wrong
    with a file it refused, without reading a file of any size into memory."""
    with path.open("rb") as file:
        return file.read(MAX_BYTES + 1)


def _too_large(size: int) -> ImageProblem:
    shown = f"{size / 1_048_576:.1f} MB" if size != MAX_BYTES + 1 else f"over {MAX_BYTES // 1_048_576} MB"
    return ImageProblem(f"is too large ({shown}); a picture can be at most {MAX_BYTES // 1_048_576} MB")


def _open(data: bytes) -> ImageFile.ImageFile:
    """Read the header only; PNG and JPEG, nothing else."""
    try:
        with warnings.catch_warnings():
            # Pillow warns between its own limit and twice it; ours (MAX_PIXELS) is lower and checked next.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data), formats=tuple(_FORMATS))
    except Image.DecompressionBombError as exc:
        found = _BOMB_PIXELS.search(str(exc))
        size = f" ({int(found.group(1)) / 1e6:,.0f} megapixels)" if found else ""
        raise ImageProblem(
            f"is far too large{size}; a picture can be at most {MAX_PIXELS // 1_000_000} megapixels "
            f"(a JPEG photo {MAX_JPEG_PIXELS // 1_000_000})"
        ) from None
    except UnidentifiedImageError:
        raise ImageProblem(_not_png_or_jpeg(data)) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        # A PNG or JPEG header so broken that Pillow cannot even read the size.
        raise ImageProblem(_broken_header(data)) from None


def _not_png_or_jpeg(data: bytes) -> str:
    start = data[:512]
    if start.startswith(b"\x89PNG\r\n\x1a\n") or start.startswith(b"\xff\xd8\xff"):
        return _broken_header(data)
    for pattern, name in _OTHER_FORMATS:
        if pattern.match(start):
            return f"is {name}, not a PNG or JPEG image (save it as JPEG or PNG first)"
    return "is not a PNG or JPEG image"


def _claimed(data: bytes) -> str:
    return "PNG image" if data.startswith(b"\x89PNG") else "JPEG image"


def _cut_short(data: bytes) -> bool:
    """No end marker: a PNG ends with its IEND chunk, a JPEG with FF D9 (some cameras pad after it)."""
    if data.startswith(b"\x89PNG"):
        return b"IEND" not in data[-64:]
    return b"\xff\xd9" not in data[-4096:]


def _broken_header(data: bytes) -> str:
    if _cut_short(data):
        return f"is not a complete {_claimed(data)} (the file is cut short)"
    return f"is a damaged {_claimed(data)} (its header cannot be read)"


def _check_pixels(kind: str, width: int, height: int) -> None:
    if width < 1 or height < 1:
        raise ImageProblem(f"has no pixels ({width} × {height})")
    limit, what = (MAX_JPEG_PIXELS, "a JPEG photo") if kind == "JPEG" else (MAX_PIXELS, f"a {kind} picture")
    if width * height > limit:
        raise ImageProblem(
            f"is {width:,} × {height:,} pixels ({width * height / 1e6:,.0f} megapixels); {what} can be at most "
            f"{limit // 1_000_000} megapixels (make it smaller first)"
        )


def _decode(image: ImageFile.ImageFile, kind: str, data: bytes) -> None:
    """Decode every pixel; a JPEG larger than needed is decoded at 1/2, 1/4 or 1/8 scale (less memory;
    libjpeg still reads every byte, so a file cut short is still caught)."""
    width, height = image.size
    if kind == "JPEG" and max(width, height) > MAX_SIDE:
        # Ask for the print size of the whole picture (not a square), so a long thin panorama is
        # scaled by its long side too.
        scale = MAX_SIDE / max(width, height)
        target = (max(1, round(width * scale)), max(1, round(height * scale)))
        image.draft(image.mode if image.mode in ("RGB", "L", "CMYK") else "RGB", target)
        if image.size[0] * image.size[1] > MAX_PIXELS:  # libjpeg scales by 1/8 at most
            raise ImageProblem(f"is {width:,} × {height:,} pixels, too long and thin to print (make it smaller first)")
    if ImageFile.LOAD_TRUNCATED_IMAGES:  # pragma: no cover - nothing in Careplan sets it
        raise ImageProblem("cannot be checked (Pillow is set to accept cut-short images)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image.load()
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, Image.DecompressionBombError) as exc:
        if _TRUNCATED.search(str(exc)) or _cut_short(data):
            raise ImageProblem(f"is not a complete {kind} image (the file is cut short)") from None
        raise ImageProblem(f"is a damaged {kind} image (its picture data cannot be decoded)") from None
    if _cut_short(data):
        # Every pixel decoded but the end marker is missing: a copy that stopped early, refused
        # like any other (the rows could be the padding of a broken transfer).
        raise ImageProblem(f"is not a complete {kind} image (the file is cut short)")


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(0x0112, 1))
    except (ValueError, TypeError, SyntaxError, OSError):
        return 1


def _keep_as_is(image: ImageFile.ImageFile, data: bytes) -> bool:
    """Upright, small, 8-bit colour and without metadata: the file is kept byte for byte."""
    info = {str(key) for key in image.info}
    applist = [name for name, _ in getattr(image, "applist", []) if name not in ("APP0", "APP14")]
    return (
        max(image.size) <= MAX_SIDE
        and image.mode in ("RGB", "RGBA", "L", "LA", "P")
        and _orientation(image) == 1
        and not applist
        and info <= _HARMLESS_INFO
        and not getattr(image, "text", None)
        and (image.format == "JPEG" or len(data) <= PNG_AS_JPEG_BYTES)
    )


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def _rewrite(image: Image.Image, kind: str) -> Photo:
    # Each step makes a copy only when it changes something: a 12-megapixel photo is 36 MB a copy.
    upright = image if _orientation(image) == 1 else (ImageOps.exif_transpose(image) or image)
    if upright.mode.startswith("I"):  # 16-bit greyscale PNG: scale to 8 bits, do not clip
        upright = upright.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    alpha = _has_alpha(upright)
    mode = "RGBA" if alpha else ("L" if upright.mode in ("L", "1") else "RGB")
    if upright.mode != mode:
        upright = upright.convert(mode)
    upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    if kind == "PNG" or alpha:
        png = _encode(upright, "PNG", optimize=True)
        if alpha or len(png) <= PNG_AS_JPEG_BYTES:
            return Photo("image/png", png)
    return Photo("image/jpeg", _encode(upright, "JPEG", quality=JPEG_QUALITY, optimize=True))


def _encode(image: Image.Image, kind: str, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **options)  # no exif=, icc_profile= or pnginfo=: no metadata is written
    return out.getvalue()
