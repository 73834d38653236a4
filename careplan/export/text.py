"""Turning user text and values into safe Paragraph markup and plain words."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from xml.sax.saxutils import escape

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# Control characters other than tab and newline (the plan file forbids them; be safe anyway).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NEWLINES = re.compile(r"\r\n?|\u2028|\u2029")


def clean(text: str | None) -> str:
    """NFKC-normalised text without control characters, newlines as ``\\n``."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _NEWLINES.sub("\n", text)
    text = text.replace("\t", "    ")
    return _CONTROL.sub("", text).strip()


def markup(text: str | None) -> str:
    """User text as Paragraph markup: normalised, XML-escaped, newlines as ``<br/>``."""
    return escape(clean(text)).replace("\n", "<br/>")


def one_line(text: str | None) -> str:
    """Normalised text on one line (for page headers and metadata)."""
    return " ".join(clean(text).split())


def long_date(value: dt.date | None) -> str:
    """``14 March 2016`` (en-GB, independent of the machine's locale)."""
    if value is None:
        return ""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def short_date(value: dt.date | None) -> str:
    """``14 Mar 2016``."""
    if value is None:
        return ""
    return f"{value.day} {_MONTHS[value.month - 1][:3]} {value.year}"


def join_words(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    words = [w for w in words if w]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def region_words(code: str) -> str:
    """``left_arm`` -> ``left arm``."""
    return clean(code).replace("_", " ")
