"""Photos on handouts (careplan.export.images): checked before the build with the item named, and
scaled into their box keeping their shape."""

from __future__ import annotations

import io

import pytest
from PIL import Image as PILImage

from careplan.core.model import Photo
from careplan.export import HandoutError
from careplan.export.images import CheckedImage, check_image

from support.images import png_bytes


def jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 80, 40)).save(out, "JPEG")
    return out.getvalue()


def test_no_photo_is_no_image() -> None:
    assert check_image(None, "the photo attached to 'Chin tuck'") is None


def test_a_good_photo_comes_back_with_its_size() -> None:
    checked = check_image(Photo("image/png", png_bytes(40, 30)), "the photo attached to 'Chin tuck'")
    assert checked is not None and (checked.width, checked.height) == (40, 30)
    assert PILImage.open(io.BytesIO(checked.data)).size == (40, 30)


@pytest.mark.parametrize(
    ("size", "printed"),
    [
        ((4000, 1000), (2000, 500)),  # decoded at 1/2 scale: exactly 2000 pixels (was kept at 4000)
        ((8000, 1200), (2000, 300)),  # at 1/4 scale
        ((4100, 1000), (2000, 488)),
        ((2000, 1500), (2000, 1500)),  # small enough: kept as it is
    ],
)
def test_an_old_large_photo_prints_at_most_two_thousand_pixels(size: tuple[int, int], printed: tuple[int, int]) -> None:
    """Stored before the gate scaled photos: the handout gets the gate's copy, not 80 megapixels."""
    checked = check_image(Photo("image/jpeg", jpeg(*size)), "the photo attached to 'Standing frame'")
    assert checked is not None and (checked.width, checked.height) == printed
    assert PILImage.open(io.BytesIO(checked.data)).size == printed


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "is empty (the file holds no picture)"),
        (jpeg(50, 40)[:200], "is not a complete JPEG image (the file is cut short)"),
        (b"GIF89a" + b"\0" * 40, "is a GIF image, not a PNG or JPEG image (save it as JPEG or PNG first)"),
    ],
    ids=["empty", "cut-short", "not-png-or-jpeg"],
)
def test_a_damaged_photo_is_refused_naming_the_item(data: bytes, reason: str) -> None:
    with pytest.raises(HandoutError) as refused:
        check_image(Photo("image/jpeg", data), "the photo attached to 'Chin tuck'")
    message = str(refused.value)
    assert message.startswith(f"The photo attached to 'Chin tuck' {reason}")  # a sentence: capital first
    assert message.endswith(".")


@pytest.mark.parametrize(
    ("size", "box", "drawn"),
    [
        ((400, 200), (100.0, 100.0), (100.0, 50.0)),  # wide: the width limits
        ((200, 400), (100.0, 100.0), (50.0, 100.0)),  # tall: the height limits
        ((10, 10), (300.0, 120.0), (120.0, 120.0)),  # small: enlarged to fit, still square
    ],
)
def test_a_photo_fills_its_box_keeping_its_shape(
    size: tuple[int, int], box: tuple[float, float], drawn: tuple[float, float]
) -> None:
    image = CheckedImage(png_bytes(*size), *size).flowable(*box, h_align="CENTER")
    assert (image.drawWidth, image.drawHeight) == pytest.approx(drawn)
    assert image.hAlign == "CENTER"
