"""Each of these windows fits a 1366x768 clinic screen at 150% scaling (911x485 points free under a
taskbar): opened there, its buttons are on the screen, and its layout can shrink to fit."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QWidget
from test_readiness_panel import seed_unready

from careplan.core.enums import Category, Kind
from careplan.settings import Settings
from careplan.ui import screen
from careplan.ui.editor.own_entry_dialog import OwnEntryDialog
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


def test_a_new_library_entry_fits_and_its_fields_scroll(qtbot: Any) -> None:
    """The new-entry form is taller than a 1366x768 screen at 150%: its fields scroll, and Save and
    Cancel stay on the screen whichever kind of entry (and so which fields) is chosen."""
    dialog = OwnEntryDialog(Category.GENERALISED, lambda entry: entry)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.kind.hasFocus())  # the cursor starts in Kind, not on the scrolling part
    for kind in (Kind.REFERRAL, Kind.ORTHOSIS, Kind.ADVICE, Kind.EXERCISE):
        dialog.kind.setCurrentIndex(list(Kind).index(kind))
        assert_fits(dialog)
    assert dialog.scroller.verticalScrollBar().maximum() > 0
    dialog.scroller.verticalScrollBar().setValue(0)
    dialog.dosage["days_per_week"].setFocus()
    qtbot.waitUntil(lambda: dialog.dosage["days_per_week"].hasFocus())
    qtbot.keyClick(dialog.dosage["days_per_week"], Qt.Key.Key_Tab)  # to the last field: scrolled into view
    assert dialog.dosage["minutes"].hasFocus()
    qtbot.waitUntil(lambda: dialog.scroller.verticalScrollBar().value() > 0)


def test_a_kind_with_more_fields_keeps_the_buttons_on_the_screen(qtbot: Any) -> None:
    dialog = OwnEntryDialog(Category.GENERALISED, lambda entry: entry)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(list(Kind).index(Kind.EDUCATION))
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.move(SMALL.x() + 20, SMALL.y() + 300)
    qtbot.waitUntil(lambda: dialog.y() == SMALL.y() + 300)
    dialog.kind.setCurrentIndex(list(Kind).index(Kind.EXERCISE))  # the dosage box: taller
    assert dialog.frameGeometry().bottom() <= SMALL.bottom(), dialog.frameGeometry()
    assert dialog.y() >= SMALL.y()


@pytest.mark.parametrize("kind", list(Kind))
def test_a_new_library_entry_does_not_scroll_on_a_screen_with_room(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, kind: Kind
) -> None:
    """At 100% (1366x768 with a taskbar) every field of every kind shows at once, as before they could scroll."""
    monkeypatch.setattr(screen, "available", lambda widget: QRect(0, 0, 1366, 728))
    dialog = OwnEntryDialog(Category.GENERALISED, lambda entry: entry)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(list(Kind).index(kind))
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.scroller.verticalScrollBar().maximum() == 0
    assert dialog.body.height() >= dialog.body.sizeHint().height()


def test_a_problem_below_the_fields_makes_the_entry_taller_where_there_is_room(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100% the dialog grows by the problem's lines, as it did before its fields could scroll."""
    monkeypatch.setattr(screen, "available", lambda widget: QRect(0, 0, 1366, 728))
    dialog = OwnEntryDialog(Category.GENERALISED, lambda entry: entry)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = dialog.height()
    dialog.categories[Category.GENERALISED].setChecked(False)
    dialog.instructions.setPlainText("x" * 20_000)
    dialog.accept()  # no title, no category, instructions too long: three problems, several lines
    assert dialog.problem.isVisible() and "title" in dialog.problem.text()
    assert dialog.height() >= before + dialog.problem.heightForWidth(dialog.problem.width())
    assert dialog.scroller.verticalScrollBar().maximum() == 0
