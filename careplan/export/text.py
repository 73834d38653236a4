"""Turning user text and values into safe Paragraph markup and plain words."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from html import escape

from careplan.export import fonts

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

#: Line endings and separators of every kind (CR LF, CR, NEL, VT, FF, U+2028, U+2029) become ``\n``.
_NEWLINES = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
#: Control characters other than newline (the plan file forbids them; be safe anyway).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
#: Invisible format characters, removed: they print nothing and change no meaning on paper.
#: Soft hyphen, Mongolian vowel separator, zero-width space/joiners, bidi marks, embeddings
#: and isolates (ReportLab neither reorders nor shapes, so they would only print as boxes),
#: word joiner and invisible operators, variation selectors and the byte order mark.
_INVISIBLE = re.compile(
    "[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufe00-\ufe0f\ufeff\U000e0100-\U000e01ef]"
)
#: CJK compatibility ideographs: NFC would swap them for the unified form (a different glyph
#: in a person's name), so they are left as typed.
_CJK_COMPATIBILITY = re.compile("([\uf900-\ufaff\U0002f800-\U0002fa1f]+)")


def _compose(text: str) -> str:
    """NFC (canonical composition: ``e`` + combining acute becomes ``é``), which never changes
    meaning, unlike NFKC (``3²`` would become ``32``, ``½`` become ``1⁄2``)."""
    parts = _CJK_COMPATIBILITY.split(text)
    return "".join(part if i % 2 else unicodedata.normalize("NFC", part) for i, part in enumerate(parts))


def clean(text: str | None) -> str:
    """Text as typed, made safe to print: composed (NFC), newlines as ``\\n``, tabs as spaces,
    without control or invisible characters.  Superscripts, fractions and units are kept."""
    if not text:
        return ""
    text = _NEWLINES.sub("\n", text)
    text = _compose(text)
    text = text.replace("\t", "    ")
    text = _INVISIBLE.sub("", text)
    return _CONTROL.sub("", text).strip()


def markup(text: str | None) -> str:
    """User text as Paragraph markup: cleaned, XML-escaped, newlines as ``<br/>``, and each run
    the DejaVu faces lack set in the font that has it (see ``fonts.print_runs``)."""
    out = []
    for font, run in fonts.print_runs(clean(text)):
        piece = escape(run, quote=False)  # &, < and > as XML wants; xml.sax.saxutils would load urllib
        out.append(f'<font name="{font}">{piece}</font>' if font else piece)
    return "".join(out).replace("\n", "<br/>")


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
