"""The Unicode font family every handout is set in (shipped in ``resources/fonts``).

DejaVu Sans covers Latin (Irish, Polish, Vietnamese...), Greek and Cyrillic, so
names print as written.  Fonts are parsed and registered once per process:
ReportLab's font registry is process-wide, and reading four TrueType files
costs far more than building a handout.
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from careplan.core.resources import resource_path

#: The family name used in ``<b>``/``<i>`` markup and styles.
FAMILY = "DejaVuSans"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}

_lock = threading.Lock()
_registered = False


class FontMissingError(RuntimeError):
    """A shipped font file is missing or unreadable (a broken installation)."""


def register_fonts() -> str:
    """Register the DejaVu Sans family with ReportLab (once) and return its family name."""
    global _registered
    if _registered:
        return FAMILY
    with _lock:
        if _registered:
            return FAMILY
        registered = set(pdfmetrics.getRegisteredFontNames())
        for name, filename in _FILES.items():
            if name in registered:
                continue
            path = resource_path("fonts", filename)
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except Exception as exc:  # ReportLab raises its own TTFError or OSError
                raise FontMissingError(f"The handout font {path} cannot be read: {exc}") from exc
        pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
        _registered = True
    return FAMILY
