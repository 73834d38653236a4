"""The one error a handout build reports to the person who asked for it."""

from __future__ import annotations

from careplan.errors import UserFacingError


class HandoutError(UserFacingError):
    """A handout cannot be made; the message says why in plain words, naming the item.

    For example: ``The photo attached to 'Chin tuck' is not a readable PNG or JPEG image.``
    """
