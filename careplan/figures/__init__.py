"""Line drawings of exercises and positions: a figure from a pose, props and marks, as plain shapes.

Pure Python (no Qt, no ReportLab, no database): ``careplan.export.figures`` paints the shapes into
handouts and ``careplan.ui.figure_widget`` onto the screen, from the same ``Drawing``.

The names below are loaded when first used (PEP 562): a handout whose drawings come from the cache
(``careplan.figures.shipped``) never imports the loader (pydantic, tomllib) or the geometry.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

__all__ = ["FIGURES_DIR", "Drawing", "Figure", "FigureError", "keep_drawings_in", "load_figures", "render"]

#: Where the drawn figures are kept between runs (``careplan.figures.shipped``), named once at start;
#: None: they are drawn every run.
cache_folder: Path | None = None


def keep_drawings_in(folder: Path) -> None:
    """Keep the drawn figures in ``folder`` (the user's cache folder, ``AppPaths.cache``).

    Here rather than in ``shipped`` so that naming the folder at start costs a command nothing."""
    global cache_folder
    cache_folder = Path(folder)


def __getattr__(name: str) -> Any:
    if name == "FIGURES_DIR":
        from careplan.core.resources import resource_path

        return resource_path("figures")
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
