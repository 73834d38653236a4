"""Small shared pieces: accessible names, inline problem labels, standard icons."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QLabel, QSizePolicy, QStyle, QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, description: str | None = None) -> W:
    """Give ``widget`` the name a screen reader says (and a tooltip-free description)."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
    return widget


class ProblemLabel(QLabel):
    """A problem shown beside the field it concerns; empty and hidden when there is none."""

    def __init__(self, field_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("color: #a31515;")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        named(self, f"Problem with {field_name}")
        self.hide()

    def show_problem(self, text: str | None) -> None:
        self.setText(text or "")
        self.setVisible(bool(text))


def standard_icon(pixmap: QStyle.StandardPixmap, theme: str | None = None) -> QIcon:
    if theme and QIcon.hasThemeIcon(theme):
        return QIcon.fromTheme(theme)
    style = QApplication.style()
    return style.standardIcon(pixmap) if style else QIcon()
