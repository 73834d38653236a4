"""Each of these windows fits a 1366x768 clinic screen at 150% scaling (911x485 points free under a
taskbar): opened there, its buttons are on the screen, and its layout can shrink to fit."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget
from test_readiness_panel import seed_unready

from careplan.settings import Settings
from careplan.ui import screen
from careplan.ui.guide import GuideDialog, guide_text
from careplan.ui.preview import HandoutPreviewDialog
from careplan.ui.settings_dialog import SettingsDialog
from careplan.ui.state import WindowState
from careplan.ui.therapist_dialog import FirstStartDialog

from ui_helpers import TODAY, seed_plan

SMALL = QRect(0, 0, 911, 485)


@pytest.fixture(autouse=True)
def small_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(screen, "available", lambda widget: SMALL)


def assert_fits(dialog: QWidget) -> None:
    room = screen.fitted(SMALL.size(), SMALL)
    assert dialog.width() <= room.width() and dialog.height() <= room.height(), dialog.size()
    hint = dialog.minimumSizeHint()
    assert hint.width() <= room.width() and hint.height() <= room.height(), hint


def test_settings_fit(qtbot: Any, settings: Settings, paths: Any) -> None:
    dialog = SettingsDialog(settings, paths)
    qtbot.addWidget(dialog)
    assert_fits(dialog)


def test_first_start_fits(qtbot: Any) -> None:
    dialog = FirstStartDialog(Settings())
    qtbot.addWidget(dialog)
    assert_fits(dialog)


def test_the_guide_fits(qtbot: Any, paths: Any) -> None:
    dialog = GuideDialog(guide_text(paths, []))
    qtbot.addWidget(dialog)
    assert_fits(dialog)


def test_history_and_a_revision_fit(qtbot: Any, window: Any, store: Any) -> None:
    window.open_plan(seed_plan(store).plan_id)
    history = window.session.show_history()
    assert_fits(history)
    qtbot.waitUntil(lambda: history.model.rowCount() == 1)
    with qtbot.waitSignal(history.revision_opened) as opened:
        history.open_button.click()
    assert_fits(opened.args[0])
    history.close()


def test_the_preview_of_an_unready_plan_fits(
    qtbot: Any, store: Any, library: Any, settings: Settings, paths: Any
) -> None:
    dialog = HandoutPreviewDialog(
        seed_unready(store), library, settings.clinic_details(), "A4", WindowState(paths.config), paths.log_file,
        today=lambda: TODAY,
    )  # fmt: skip
    qtbot.addWidget(dialog)
    assert len(dialog.problems) == 4
    assert_fits(dialog)


def test_the_main_window_fits_the_first_time(qtbot: Any, tmp_path: Any) -> None:
    """The first start on a 1366x768 screen at 150% (no size saved yet): the window is not 1280x760 points."""
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    WindowState(tmp_path / "config").restore_main_window(window)
    room = screen.fitted(SMALL.size(), SMALL)
    assert (window.width(), window.height()) == (room.width(), room.height())
    assert window.x() >= SMALL.x() and window.y() >= SMALL.y()
