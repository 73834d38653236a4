"""The handout preview as a window: sized to the screen it opens on, maximisable, its size remembered,
the whole page shown by default, and the readiness panel never pushing the pages off the screen."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtPdfWidgets import QPdfView
from test_readiness_panel import seed_unready

from careplan.ui.preview import HandoutPreviewDialog
from careplan.ui.screen import FRAME_ALLOWANCE, available, fitted
from careplan.ui.state import WindowState

from ui_helpers import TODAY, seed_plan


@pytest.fixture
def open_preview(qtbot: Any, store: Any, library: Any, settings: Any, paths: Any) -> Any:
    def make(record: Any = None) -> HandoutPreviewDialog:
        record = record or seed_plan(store)
        dialog = HandoutPreviewDialog(
            record,
            library,
            settings.clinic_details(),
            "A4",
            WindowState(paths.config),
            paths.log_file,
            today=lambda: TODAY,
        )
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.pdf_bytes() is not None, timeout=20_000)
        return dialog

    return make


def test_the_preview_opens_fitted_to_the_screen_whole_page_and_maximisable(qtbot: Any, open_preview: Any) -> None:
    dialog = open_preview()
    room = available(dialog)
    # As large as the screen's free part allows (an A4 page wants all the height there is), never larger.
    assert dialog.width() <= room.width() and dialog.height() <= room.height() - FRAME_ALLOWANCE.height()
    assert dialog.height() == room.height() - FRAME_ALLOWANCE.height(), "not a fixed 700 points high"
    assert dialog.windowFlags() & Qt.WindowType.WindowMaximizeButtonHint
    assert dialog.zoom.currentText() == "Whole page"
    assert dialog.view.zoomMode() is QPdfView.ZoomMode.FitInView


def test_the_preview_fits_a_1366x768_screen_at_150_percent() -> None:
    # At 150% a 1366x768 screen (taskbar 40 px) has 911x485 points free: the old 900x700 ran off it.
    room = QRect(0, 0, 911, 485)
    size = fitted(QSize(1000, 2000), room)
    assert size.width() <= 911 - FRAME_ALLOWANCE.width() and size.height() <= 485 - FRAME_ALLOWANCE.height()
    assert fitted(QSize(600, 400), room) == QSize(600, 400), "a window that fits keeps its size"


def test_the_readiness_panel_leaves_the_pages_most_of_the_window(
    qtbot: Any, open_preview: Any, store: Any, library: Any, settings: Any, paths: Any
) -> None:
    record = seed_unready(store)
    # Before the window is shown, the panel's rows have Qt's default 640x480: the list measured there
    # made the window 672 points high, which a 1366x768 screen at 150% (485 points free) cannot show.
    unshown = HandoutPreviewDialog(
        record, library, settings.clinic_details(), "A4", WindowState(paths.config), paths.log_file, today=lambda: TODAY
    )
    qtbot.addWidget(unshown)
    assert len(unshown.readiness.problems) == 4
    assert unshown.minimumSizeHint().height() < 485 - FRAME_ALLOWANCE.height()
    unshown.close()
    dialog = open_preview(record)
    qtbot.waitUntil(lambda: dialog.readiness.list_area.isVisible())
    assert dialog.minimumSizeHint().height() < 485 - FRAME_ALLOWANCE.height()
    assert dialog.readiness.list_area.maximumHeight() < dialog.height() // 3
    assert dialog.pages.height() > dialog.readiness.height()


def test_the_preview_remembers_its_size(qtbot: Any, open_preview: Any, paths: Any) -> None:
    dialog = open_preview()
    dialog.resize(640, 420)
    qtbot.waitUntil(lambda: dialog.size() == QSize(640, 420))
    dialog.accept()
    again = open_preview()
    assert again.size() == QSize(640, 420)


def test_a_size_left_on_a_larger_screen_is_fitted_to_this_one(qtbot: Any, open_preview: Any, paths: Any) -> None:
    dialog = open_preview()
    room = available(dialog)
    dialog.resize(room.width() + 400, room.height() + 400)
    state = WindowState(paths.config)
    state.set(WindowState.preview_geometry, QByteArray(dialog.saveGeometry()))
    dialog.close()
    again = open_preview()
    assert again.width() <= room.width() and again.height() <= room.height()
