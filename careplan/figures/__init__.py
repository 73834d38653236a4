"""Line drawings of exercises and positions: a figure from a pose, props and marks, as plain shapes.

Pure Python (no Qt, no ReportLab, no database): ``careplan.export.figures`` paints the shapes into
handouts and ``careplan.ui.figure_widget`` onto the screen, from the same ``Drawing``.

The names below are loaded when first used (PEP 562): a handout whose drawings come from the cache
(``careplan.figures.shipped``) never imports the loader (pydantic, tomllib) or the geometry.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from careplan.figures.drawing import render
    from careplan.figures.errors import FigureError
    from careplan.figures.library import Figure, load_figures
    from careplan.figures.primitives import Drawing

    FIGURES_DIR: Path

#: Where each name lives.
_WHERE = {
    "render": "careplan.figures.drawing",
    "Figure": "careplan.figures.library",
    "load_figures": "careplan.figures.library",
    "FigureError": "careplan.figures.errors",
    "Drawing": "careplan.figures.primitives",
}

__all__ = ["FIGURES_DIR", "Drawing", "Figure", "FigureError", "load_figures", "render"]


def __getattr__(name: str) -> Any:
    if name == "FIGURES_DIR":
        from careplan.core.resources import resource_path

        return resource_path("figures")
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
