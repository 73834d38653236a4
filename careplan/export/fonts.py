"""The fonts every handout is set in (shipped in ``resources/fonts``), and what they can print.

DejaVu Sans covers Latin (Irish, Polish, Vietnamese...), Greek and Cyrillic, so
names print as written.  Two TrueType fallbacks print what it lacks: Droid Sans
Fallback (Chinese and Japanese) and NanumGothic (Korean).  ReportLab reads only
TrueType outlines (Noto Sans CJK is CFF), and a Paragraph does not fall back
from one font to another by itself: ``print_runs`` cuts text into runs, each with
the font that has its characters, and ``careplan.export.text.markup`` wraps each
run in ``<font name=...>``.  A character no font has is never dropped: it prints as
``[U+1F642]`` and ``unprintable`` names it so ``careplan check`` and the desktop
can warn before printing.

Fonts are parsed and registered once per process: ReportLab's font registry is
process-wide.  The fallbacks (8.7 MB) are read only when some text needs them.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterator

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from careplan.core.resources import resource_path
from careplan.errors import UserFacingError

#: The family name used in ``<b>``/``<i>`` markup and styles.
FAMILY = "DejaVuSans"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"

#: DejaVu Sans regular under a second name, whose bold and italic are itself: for the few
#: characters (some Arabic, Tifinagh, N'Ko, mathematical letters) only the regular face has.
UPRIGHT = "DejaVuSansUpright"

#: Fallback fonts, in the order they are tried, each printed upright and regular
#: (neither has a bold or italic face; a bold CJK name prints in the regular weight).
FALLBACKS = {
    "DroidSansFallback": "DroidSansFallbackFull.ttf",
    "NanumGothic": "NanumGothic.ttf",
}

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}

#: Characters that are not printed as glyphs: line breaks are handled by the markup.
_LAYOUT = frozenset("\n")

_lock = threading.Lock()
_registered = False
#: Characters every DejaVu face has, and those only the regular face has.
_dejavu_all: frozenset[int] = frozenset()
_dejavu_regular: frozenset[int] = frozenset()
#: (font name, characters it has) for each fallback, once loaded.
_fallbacks: tuple[tuple[str, frozenset[int]], ...] | None = None
_upright_ready = False


class FontMissingError(UserFacingError, RuntimeError):
    """A shipped font file is missing or unreadable (a broken installation)."""


def _load(name: str, filename: str) -> TTFont:
    path = resource_path("fonts", filename)
    try:
        font = TTFont(name, str(path))
    except Exception as exc:  # ReportLab raises its own TTFError or OSError
        raise FontMissingError(f"The handout font {path} cannot be read: {exc}") from exc
    pdfmetrics.registerFont(font)
    return font


def _same_in_every_style(family: str, font: str) -> None:
    """``<font name=family>`` inside ``<b>`` or ``<i>`` keeps using ``font`` (no bold face to find)."""
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(family, bold, italic, font)


def register_fonts() -> str:
    """Register the DejaVu Sans family with ReportLab (once) and return its family name."""
    global _registered, _dejavu_all, _dejavu_regular
    if _registered:
        return FAMILY
    with _lock:
        if _registered:
            return FAMILY
        registered = set(pdfmetrics.getRegisteredFontNames())
        faces = []
        for name, filename in _FILES.items():
            if name in registered:
                faces.append(pdfmetrics.getFont(name))
            else:
                faces.append(_load(name, filename))
        pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
        covered = [frozenset(face.face.charToGlyph) for face in faces]
        _dejavu_regular = covered[0]
        _dejavu_all = frozenset.intersection(*covered)
        _registered = True
    return FAMILY


def _fallback_fonts() -> tuple[tuple[str, frozenset[int]], ...]:
    """The fallback fonts, parsed and registered the first time a character needs them."""
    global _fallbacks
    if _fallbacks is not None:
        return _fallbacks
    register_fonts()
    with _lock:
        if _fallbacks is None:
            loaded = []
            for name, filename in FALLBACKS.items():
                font = _load(name, filename)
                _same_in_every_style(name, name)
                loaded.append((name, frozenset(font.face.charToGlyph)))
            _fallbacks = tuple(loaded)
    return _fallbacks


def _upright() -> str:
    """Register ``UPRIGHT`` the first time a character needs it."""
    global _upright_ready
    if not _upright_ready:
        with _lock:
            if UPRIGHT not in pdfmetrics.getRegisteredFontNames():
                _load(UPRIGHT, _FILES[REGULAR])
                _same_in_every_style(UPRIGHT, UPRIGHT)
            _upright_ready = True
    return UPRIGHT


def font_for(char: str) -> str | None:
    """The font that prints ``char``: ``""`` for the style's own DejaVu face, or a font name;
    None when no bundled font has it."""
    if not _registered:
        register_fonts()
    code = ord(char)
    if code in _dejavu_all or char in _LAYOUT:
        return ""
    if code in _dejavu_regular:
        return _upright()
    for name, covered in _fallback_fonts():
        if code in covered:
            return name
    return None


def code_point(char: str) -> str:
    """``[U+1F642]``: what prints in place of a character no bundled font has."""
    return f"[U+{ord(char):04X}]"


def print_runs(text: str) -> Iterator[tuple[str, str]]:
    """``text`` as (font, run) pairs: font ``""`` is the style's own DejaVu face.

    A character no bundled font has comes out as its code point, ``[U+1F642]``, in
    the style's face: visibly there, never a silent box or gap.
    """
    register_fonts()
    font = ""
    run: list[str] = []
    for char in text:
        wanted = font_for(char)
        shown = char
        if wanted is None:
            wanted, shown = "", code_point(char)
        if wanted != font and run:
            yield font, "".join(run)
            run = []
        font = wanted
        run.append(shown)
    if run:
        yield font, "".join(run)


def unprintable(text: str) -> set[str]:
    """The characters of ``text`` that no bundled font can print (they print as ``[U+....]``)."""
    register_fonts()
    return {char for char in set(text) if font_for(char) is None}


def right_to_left(text: str) -> bool:
    """Whether ``text`` holds right-to-left letters (Arabic, Hebrew...).

    DejaVu has their glyphs, but ReportLab neither reorders them nor joins Arabic
    letters, so such words print left to right and unjoined: reported, not hidden.
    """
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


# ------------------------------------------------------------------ drawing on the canvas


def string_width(text: str, font: str, size: float) -> float:
    """The printed width of ``text`` set in ``font``, fallbacks included."""
    return sum(pdfmetrics.stringWidth(run, _face(f, font), size) for f, run in print_runs(text))


def draw_string(canvas: Canvas, x: float, y: float, text: str, font: str, size: float, *, right: bool = False) -> None:
    """``canvas.drawString`` (or ``drawRightString``) with the fallback fonts for what ``font`` lacks."""
    if right:
        x -= string_width(text, font, size)
    for wanted, run in print_runs(text):
        face = _face(wanted, font)
        canvas.setFont(face, size)
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, face, size)


def _face(wanted: str, font: str) -> str:
    return wanted or font
