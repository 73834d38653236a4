"""Photos on handouts: checked before the build, scaled to fit a box keeping their shape."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image

from careplan.core.model import Photo
from careplan.export.errors import HandoutError

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"


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
    """Decode ``photo`` fully; raise HandoutError naming ``what`` if it is not a usable PNG or JPEG.

    ``what`` completes the sentence "The photo attached to ..." or names the image, e.g.
    ``"the photo attached to 'Chin tuck'"``.
    """
    if photo is None:
        return None
    problem = f"{what[0].upper()}{what[1:]} is not a readable PNG or JPEG image."
    data = photo.data
    if not data or not (data.startswith(_PNG_MAGIC) or data.startswith(_JPEG_MAGIC)):
        raise HandoutError(problem)
    try:
        reader = ImageReader(io.BytesIO(data))
        width, height = reader.getSize()
        reader.getRGBData()  # decodes every pixel: a truncated file fails here, not mid-build
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError... for bad data
        raise HandoutError(problem) from exc
    if width < 1 or height < 1:
        raise HandoutError(problem)
    return CheckedImage(data=data, width=int(width), height=int(height))
