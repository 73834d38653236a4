"""Photos on handouts: checked before the build, scaled to fit a box keeping their shape."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image

from careplan.core.model import Photo
from careplan.export.errors import HandoutError


@dataclass(frozen=True, slots=True)
class CheckedImage:
    """Image bytes known to decode, with their size in pixels."""

    data: bytes
    width: int
    height: int

    def flowable(self, max_width: float, max_height: float, h_align: str = "LEFT") -> Image:
        """An Image flowable as large as fits in ``max_width`` x ``max_height`` points, shape kept."""
        scale = min(max_width / self.width, max_height / self.height)
        image = Image(io.BytesIO(self.data), width=self.width * scale, height=self.height * scale)
        image.hAlign = h_align
        return image


def check_image(photo: Photo | None, what: str) -> CheckedImage | None:
    """Check ``photo`` through the picture gate (``careplan.images``); raise HandoutError naming
    ``what`` and the reason if it is not a usable PNG or JPEG.

    Photos are checked when they come in (a plan file, the desktop); this second check is for those
    stored before that (an older database), so a damaged or enormous one is named before layout
    instead of failing half-way or taking hundreds of MB: "The photo attached to 'Chin tuck' is not a
    complete JPEG image (the file is cut short)."  What prints is the gate's copy: upright and at most
    2000 pixels, so an old 80-megapixel photo does not make an 80-megapixel PDF.

    ``what`` completes the sentence "The photo attached to ..." or names the image, e.g.
    ``"the photo attached to 'Chin tuck'"``.
    """
    if photo is None:
        return None
    # The picture gate (Pillow's ImageOps and friends) loads only for a handout that has a photo.
    from careplan.images import ImageProblem
    from careplan.images import check_image as gate

    try:
        checked = gate(photo.data)
    except ImageProblem as exc:
        raise HandoutError(f"{what[0].upper()}{what[1:]} {exc}.") from None
    try:
        width, height = ImageReader(io.BytesIO(checked.data)).getSize()
    except Exception as exc:  # pragma: no cover - the gate wrote or fully decoded these bytes
        raise HandoutError(f"{what[0].upper()}{what[1:]} is not a readable PNG or JPEG image.") from exc
    return CheckedImage(data=checked.data, width=int(width), height=int(height))
