"""Line drawings of exercises and positions: a figure from a pose, props and marks, as plain shapes.

Pure Python (no Qt, no ReportLab, no database): ``careplan.export.figures`` paints the shapes into
handouts and ``careplan.ui.figure_widget`` onto the screen, from the same ``Drawing``.
"""

from careplan.core.resources import resource_path
from careplan.figures.drawing import render
from careplan.figures.library import Figure, FigureError, load_figures
from careplan.figures.primitives import Drawing

FIGURES_DIR = resource_path("figures")

__all__ = ["FIGURES_DIR", "Drawing", "Figure", "FigureError", "load_figures", "render"]
