"""Sizing a window to the screen it opens on.

A clinic desktop is often 1366x768, and at 150% scaling Qt sees it as 910x512 points: a window
given a fixed size in points (900x700, say) then runs off the bottom of the screen, with its
buttons out of reach.  Windows that want a size ask for it through :func:`fit_on_screen`, which
gives them at most what the screen has free (the taskbar excluded) and centres them there.

A widget's screen is always asked for through :func:`screen_of`, never its own ``screen`` method: see there.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

#: Room kept for the window's title bar and frame, which the window system adds outside the size given.
FRAME_ALLOWANCE = QSize(16, 40)


def screen_of(widget: QWidget) -> QScreen:
    """The screen the widget's window is on (the primary screen when it is on none), as ``QWidget::screen``
    finds it, but through QGuiApplication's static functions.

    Why not the widget's own ``screen`` method: PySide (6.11) makes the QScreen returned by an object's own method a
    Python child of that object.  When the garbage collector later frees that object in a reference cycle
    (a dialog, say), PySide hands the QScreen's ownership to Python and deletes the application's only
    QScreen; Qt still lists it, and the next screen lookup anywhere reads freed memory and the program
    crashes (``tests/ui/test_screen_lookup.py`` shows it).  Static functions give the QScreen no parent."""
    return QGuiApplication.screenAt(widget.window().geometry().center()) or QGuiApplication.primaryScreen()


def available(widget: QWidget) -> QRect:
    """The part of the widget's screen (or the primary screen) that windows may use."""
    return screen_of(widget).availableGeometry()


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
