"""Words the editor shows for codes: body regions, audiences, dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from careplan.core.enums import BODY_REGIONS, Audience

#: Body regions offered as checkboxes, in head-to-foot order (the library's region codes).
REGIONS: tuple[str, ...] = BODY_REGIONS

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def region_label(code: str) -> str:
    """``left_arm`` -> ``Left arm``."""
    return code.replace("_", " ").strip().capitalize()


def audiences_text(audiences: Iterable[Audience]) -> str:
    chosen = set(audiences)
    return ", ".join(a.label for a in Audience if a in chosen)


def format_date(value: dt.date | None) -> str:
    """``14 Mar 2016``: the same on every desktop whatever its locale."""
    if value is None:
        return ""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def strip_mnemonic(text: str) -> str:
    """``&Title:`` -> ``Title`` (for accessible names made from label text)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(":").strip()
