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

Parsing a TrueType file (``TTFontFile.extractInfo``: names, metrics, the character map, every
glyph's width and place) costs a handout about 50-90 ms for the four DejaVu faces, the same work
every run.  When the program has a cache folder (``careplan.core.cache_folder``, set by
``careplan.app`` to the user's cache folder), each parsed font is kept there as a pickle
(``careplan.core.cached``: owner-only, written atomically, unpickled only from a file this account
owns and no one else can change) under a key of the program, Python and ReportLab versions, the
ReportLab settings a font is made with, and the size and modification time of the font file, this
module and ReportLab's font parser; any change means the file is parsed again.  A font is only
kept after its copy read back from the pickle proved equal to the parsed one in every attribute,
so a cached font prints the same glyphs, widths and subsets.  Without a cache folder (tests, a
script that imports the package) fonts are parsed as before.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import pickle
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace
from reportlab.pdfgen.canvas import Canvas

from careplan import __version__
from careplan.core.cache_folder import cache_folder
from careplan.core.cached import read_cached, stamps_of, write_cached
from careplan.core.resources import resource_path
from careplan.errors import UserFacingError

log = logging.getLogger(__name__)

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
    font = parsed_font(name, resource_path("fonts", filename), cache_folder())
    pdfmetrics.registerFont(font)
    return font


# ------------------------------------------------------------------ parsed fonts kept between runs

#: The cache files' folder inside the cache folder; one file per font name.
CACHE_SUBFOLDER = "fonts"
#: Attributes that cannot be pickled, made again on loading: a TTFont's per-document subsets (a
#: WeakKeyDictionary, empty on a new font) and its face's font-unit scale (a lambda of ``unitsPerEm``).
_FONT_REMADE = ("face", "state")
_FACE_REMADE = ("_pdfScale",)
#: Values a restored scale must give exactly as ReportLab's own before a font is kept.
_SCALE_PROBES = (0, 1, -205, 0.5, 7, 1229, 2048, 65535)


def parsed_font(name: str, path: Path, cache: Path | None) -> TTFont:
    """The TrueType font in ``path`` under ``name``: from ``cache`` when it holds this very font, else
    parsed (and kept in ``cache``).  Raises FontMissingError when the file cannot be read."""
    store = key = None
    if cache is not None:
        store = Path(cache) / CACHE_SUBFOLDER / f"{name}.pickle"
        try:
            key = _cache_key(name, path)
        except OSError:  # a font file that cannot be looked at: let the parser say what is wrong
            key = None
    if store is not None and key is not None:
        with _collector_paused():
            kept = read_cached(store, key)
        font = _restored(kept, name)
        if font is not None:
            return font
    try:
        font = TTFont(name, str(path))
    except Exception as exc:  # ReportLab raises its own TTFError or OSError
        raise FontMissingError(f"The handout font {path} cannot be read: {exc}") from exc
    if store is not None and key is not None:
        kept = _keepable(font)
        if kept is not None:
            write_cached(store, key, kept)
    return font


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector held off while a font is unpickled: a font is some 50,000 small
    objects (no cycles), whose allocation would otherwise start collections of the whole heap
    that cost more than the unpickling itself (15 ms against 20-70 ms for the four faces)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _cache_key(name: str, path: Path) -> tuple[Any, ...]:
    """What a parsed font is made from: the versions, ReportLab's font settings, and the font file's
    and the parsing code's size and time."""
    files = stamps_of((Path(path), Path(__file__), Path(ttfonts.__file__)))
    settings = (
        rl_config.ttfAsciiReadable,
        repr(ttfonts.unShapedFontGlob),
        ttfonts.uharfbuzz is not None,
    )
    return (__version__, sys.version, reportlab.Version, name, settings, files)


def _keepable(font: TTFont) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """``font`` as plain attributes to pickle, or None when its copy would not be the same font."""
    if type(font) is not TTFont or type(font.face) is not TTFontFace or len(font.state):
        return None
    kept = (_without(vars(font), _FONT_REMADE), _without(vars(font.face), _FACE_REMADE))
    try:
        copy = _restored(pickle.loads(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)), font.fontName)
    except Exception as exc:  # a ReportLab whose fonts hold something pickle cannot copy
        log.info("the font %s is not kept in the cache: %s", font.fontName, type(exc).__name__)
        return None
    if copy is None or not _same_font(copy, font):
        log.info("the font %s is not kept in the cache: its copy differs", font.fontName)
        return None
    return kept


def _restored(kept: object, name: str) -> TTFont | None:
    """The TTFont made from attributes ``_keepable`` kept, or None when ``kept`` is not such a font."""
    if not (isinstance(kept, tuple) and len(kept) == 2 and all(isinstance(part, dict) for part in kept)):
        return None
    font_state, face_state = kept
    units = face_state.get("unitsPerEm")
    if font_state.get("fontName") != name or not isinstance(units, int) or units <= 0:
        return None
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(face_state)
    face._pdfScale = _scale(units)
    font = TTFont.__new__(TTFont)
    font.__dict__.update(font_state)
    font.face = face
    font.state = WeakKeyDictionary()
    return font


def _scale(units_per_em: int) -> Callable[[float], float]:
    """Font units to thousandths of an em, as ``TTFontFile.extractInfo`` makes it (a lambda pickle
    cannot store); ``_keepable`` checks it gives the same numbers as ReportLab's own."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _same_font(copy: TTFont, font: TTFont) -> bool:
    """Whether ``copy`` has every attribute of ``font`` (names with their decoded text, metrics, the
    character map, widths, glyph places, the file's bytes) and scales font units the same."""
    for mine, theirs, remade in ((copy, font, _FONT_REMADE), (copy.face, font.face, _FACE_REMADE)):
        ours, original = _without(vars(mine), remade), _without(vars(theirs), remade)
        if {k: _comparable(v) for k, v in ours.items()} != {k: _comparable(v) for k, v in original.items()}:
            return False
    return all(copy.face._pdfScale(x) == font.face._pdfScale(x) for x in _SCALE_PROBES)


def _comparable(value: Any) -> Any:
    """``value`` in a form ``==`` compares by content: a name with its decoded text (ReportLab's
    ``TTFNameBytes``), a plain object (the font's ``TTEncoding``) by its class and attributes."""
    if isinstance(value, bytes):
        return (type(value), bytes(value), getattr(value, "ustr", None))
    if type(value).__eq__ is object.__eq__ and hasattr(value, "__dict__"):
        return (type(value), vars(value))
    return value


def _without(attributes: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in attributes.items() if k not in names}


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
    if _dejavu_all.issuperset(map(ord, text.replace("\n", ""))):  # the usual case, in one pass in C
        if text:
            yield "", text
        return
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
    if _dejavu_all.issuperset(map(ord, text)):  # the usual case, in one pass in C
        return set()
    return {char for char in set(text) if font_for(char) is None}


def right_to_left(text: str) -> bool:
    """Whether ``text`` holds right-to-left letters (Arabic, Hebrew...).

    DejaVu has their glyphs, but ReportLab neither reorders them nor joins Arabic
    letters, so such words print left to right and unjoined: reported, not hidden.
    """
    if text.isascii():  # the usual case, in one pass in C: no letter before U+0590 is right-to-left
        return False
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in set(text) if char >= "\u0590")


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
