"""Sizing a window to the screen it opens on.

A clinic desktop is often 1366x768, and at 150% scaling Qt sees it as 910x512 points: a window
given a fixed size in points (900x700, say) then runs off the bottom of the screen, with its
buttons out of reach.  Windows that want a size ask for it through :func:`fit_on_screen`, which
gives them at most what the screen has free (the taskbar excluded) and centres them there.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: Room kept for the window's title bar and frame, which the window system adds outside the size given.
FRAME_ALLOWANCE = QSize(16, 40)


def available(widget: QWidget) -> QRect:
    """The part of the widget's screen (or the primary screen) that windows may use."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fitted(wanted: QSize, room: QRect) -> QSize:
    """``wanted``, shrunk where it would not fit in ``room`` with the window's frame around it."""
    return QSize(
        max(1, min(wanted.width(), room.width() - FRAME_ALLOWANCE.width())),
        max(1, min(wanted.height(), room.height() - FRAME_ALLOWANCE.height())),
    )


def fit_on_screen(widget: QWidget, wanted: QSize) -> QSize:
    """Give ``widget`` the size it wants, or as much of it as the screen has free, centred; returns the size."""
    room = available(widget)
    size = fitted(wanted, room)
    widget.resize(size)
    widget.move(room.x() + (room.width() - size.width()) // 2, room.y() + (room.height() - size.height()) // 2)
    return size
