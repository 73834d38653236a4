"""Typing a date (the date of birth first): keyboard, the desktop's order, empty, calendar, the future.

These drive the real New patient dialog with key presses, as a therapist would: select
all, type the digits, Tab on.  The desktop's language decides the order (a British desktop
types day/month/year, an American one month/day/year), so each test sets it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtWidgets import QApplication

from careplan.ui.patient_dialog import PatientFormDialog
from careplan.ui.screen import available

from ui_helpers import TODAY

UK = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
US = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


@pytest.fixture
def uk() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(UK)
    yield
    QLocale.setDefault(before)


@pytest.fixture
def us() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(US)
    yield
    QLocale.setDefault(before)


def _dialog(qtbot: Any) -> PatientFormDialog:
    dialog = PatientFormDialog(today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


def _retype(qtbot: Any, field: Any, text: str) -> None:
    """Focus the field, select everything in it (Ctrl+A), type ``text`` and Tab on, as a therapist does."""
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    target = QApplication.focusWidget()
    qtbot.keyClick(target, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(target, text)
    qtbot.keyClick(target, Qt.Key.Key_Tab)


def _shown_text(field: Any) -> str:
    return str(getattr(field, "edit", field).text())


def test_the_date_of_birth_is_typed_with_the_keyboard(qtbot: Any, uk: None) -> None:
    dialog = _dialog(qtbot)
    qtbot.keyClicks(dialog.given, "Amira")
    qtbot.keyClicks(dialog.family, "Okafor")
    _retype(qtbot, dialog.born, "14/05/2017")
    assert _shown_text(dialog.born) == "14/05/2017"  # not "Not entered4052017"
    assert dialog.date_of_birth() == dt.date(2017, 5, 14)
    assert dialog.born_problem.isHidden()
    assert dialog.ok_button.isEnabled()
    # Select all and type again: the new date replaces the old one whole.
    _retype(qtbot, dialog.born, "3.9.2016")
    assert dialog.date_of_birth() == dt.date(2016, 9, 3)
    assert _shown_text(dialog.born) == "03/09/2016"  # tidied into the desktop's form
    _retype(qtbot, dialog.born, "01022015")
    assert dialog.date_of_birth() == dt.date(2015, 2, 1)


def test_typing_follows_the_desktops_order(qtbot: Any, us: None) -> None:
    from careplan.ui.date_field import date_hint, format_typed, parse_typed

    dialog = _dialog(qtbot)
    assert "MM/DD/YYYY" in dialog.born.edit.placeholderText()
    _retype(qtbot, dialog.born, "05/14/2017")
    assert dialog.date_of_birth() == dt.date(2017, 5, 14)
    assert parse_typed("14/05/2017", TODAY, US) is None  # there is no 14th month
    assert date_hint(UK) == "DD/MM/YYYY" and format_typed(dt.date(2017, 5, 14), UK) == "14/05/2017"
    assert parse_typed("14/05/17", TODAY, UK) == dt.date(2017, 5, 14)
    assert parse_typed("14/05/30", TODAY, UK) == dt.date(1930, 5, 14)  # a two-digit year is never far ahead


def test_an_empty_date_says_not_entered_and_typing_still_works(qtbot: Any, uk: None) -> None:
    dialog = _dialog(qtbot)
    field = dialog.born
    assert field.edit.text() == "" and dialog.date_of_birth() is None
    assert field.edit.placeholderText() == "Not entered (DD/MM/YYYY)"
    assert dialog.problems()["born"] == "Enter the date of birth."
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field.edit)
    qtbot.keyClicks(field.edit, "1405")
    assert field.edit.text() == "1405"  # what was typed, and nothing else
    assert dialog.born_problem.isHidden()  # no shouting at a date half typed
    qtbot.keyClicks(field.edit, "2017")
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)
    assert dialog.date_of_birth() == dt.date(2017, 5, 14)
    # Emptied again: not entered, named as missing, not as a broken date.
    _retype(qtbot, field, "")
    field.edit.clear()
    field.edit.editingFinished.emit()
    assert dialog.date_of_birth() is None and dialog.problems()["born"] == "Enter the date of birth."


# A popup asks the window system to raise it and grab the keyboard; offscreen has neither, and says so.
@pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing", "does not support propagateSizeHints"
)
def test_the_calendar_opens_at_today_or_at_the_date_typed(qtbot: Any, uk: None) -> None:
    dialog = _dialog(qtbot)
    qtbot.mouseClick(dialog.born.calendar_button, Qt.MouseButton.LeftButton)
    popup = dialog.born.popup
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    calendar = popup.calendar
    assert (calendar.yearShown(), calendar.monthShown()) == (TODAY.year, TODAY.month)  # not January 1900
    assert calendar.maximumDate() == QDate(TODAY.year, TODAY.month, TODAY.day)  # no birthdays ahead
    popup.close()
    dialog.activateWindow()  # offscreen has no window manager to give it back
    qtbot.waitUntil(dialog.isActiveWindow)
    _retype(qtbot, dialog.born, "14/05/2017")
    dialog.born.edit.setFocus()
    qtbot.keyClick(dialog.born.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # the keyboard way
    qtbot.waitUntil(popup.isVisible)
    assert (calendar.yearShown(), calendar.monthShown()) == (2017, 5)
    assert calendar.selectedDate() == QDate(2017, 5, 14)
    # Picking a day with the keyboard fills the field in.
    days = calendar.focusProxy()  # the calendar's table of days takes its keys
    qtbot.keyClick(days, Qt.Key.Key_Right)
    qtbot.keyClick(days, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert dialog.born.edit.text() == "15/05/2017"
    assert dialog.date_of_birth() == dt.date(2017, 5, 15)


def test_a_future_date_of_birth_is_refused_with_a_clear_message(qtbot: Any, uk: None) -> None:
    dialog = _dialog(qtbot)
    qtbot.keyClicks(dialog.given, "Amira")
    qtbot.keyClicks(dialog.family, "Okafor")
    _retype(qtbot, dialog.born, "01/01/2030")
    assert dialog.date_of_birth() is None
    assert not dialog.ok_button.isEnabled()
    assert dialog.born_problem.isVisible()
    assert dialog.born_problem.text() == "The date of birth cannot be in the future (today is 10/02/2027)."
    assert _shown_text(dialog.born) == "01/01/2030"  # kept, for the therapist to correct


def test_a_typing_slip_is_named_in_words(qtbot: Any, uk: None) -> None:
    dialog = _dialog(qtbot)
    _retype(qtbot, dialog.born, "31/02/2017")
    assert dialog.date_of_birth() is None
    assert dialog.born_problem.text() == (
        "“31/02/2017” is not a date: type the date of birth as DD/MM/YYYY, for example 14/05/2017."
    )
    _retype(qtbot, dialog.born, "14/05/1890")
    assert "Check the year" in dialog.born_problem.text()


def test_the_new_patient_dialog_keeps_its_size_as_problems_come_and_go(qtbot: Any, uk: None) -> None:
    dialog = _dialog(qtbot)
    size = dialog.size()
    ok_at = dialog.ok_button.mapTo(dialog, dialog.ok_button.rect().topLeft())
    school_at = dialog.school_email.mapTo(dialog, dialog.school_email.rect().topLeft())

    def unchanged() -> None:
        QApplication.processEvents()
        assert dialog.size() == size
        assert dialog.ok_button.mapTo(dialog, dialog.ok_button.rect().topLeft()) == ok_at
        assert dialog.school_email.mapTo(dialog, dialog.school_email.rect().topLeft()) == school_at

    qtbot.keyClicks(dialog.school_email, "not-an-address")
    assert dialog.school_problem.isVisible()
    unchanged()
    dialog.add_carer.click()
    dialog.carers.item(0, 2).setText("07700 900123")
    assert dialog.carers_problem.isVisible()
    unchanged()
    qtbot.keyClicks(dialog.given, "A")
    qtbot.keyClick(dialog.given, Qt.Key.Key_Backspace)  # "Enter the given name." appears
    assert dialog.given_problem.isVisible()
    unchanged()
    _retype(qtbot, dialog.born, "31/02/2017")  # a two-line problem appears
    assert dialog.born_problem.isVisible()
    unchanged()
    qtbot.keyClicks(dialog.given, "Amira")
    _retype(qtbot, dialog.born, "14/05/2017")
    dialog.school_email.clear()
    dialog.carers.item(0, 0).setText("Grace Okafor")
    assert dialog.born_problem.isHidden() and dialog.given_problem.isHidden() and dialog.school_problem.isHidden()
    unchanged()
    # The longest date problem fits the two lines kept for it.
    _retype(qtbot, dialog.born, "31/02/2017")
    label = dialog.born_problem
    assert label.heightForWidth(label.width()) <= label.height()
    unchanged()


def test_the_new_patient_dialog_fits_the_screen_and_its_buttons_stay_in_sight(qtbot: Any, uk: None) -> None:
    dialog = _dialog(qtbot)
    screen = available(dialog)
    assert dialog.height() <= screen.height()  # a short screen (1366x768 at 150 %): the fields scroll
    bottom = dialog.ok_button.mapTo(dialog, dialog.ok_button.rect().bottomLeft()).y()
    assert bottom <= dialog.height()
    # The last field is reached by scrolling, and the keyboard takes the view there.
    dialog.school_email.setFocus()
    qtbot.waitUntil(dialog.school_email.hasFocus)
    QApplication.processEvents()
    viewport = dialog.scroller.viewport()
    top = dialog.school_email.mapTo(viewport, dialog.school_email.rect().topLeft()).y()
    assert top >= 0 and top + dialog.school_email.height() <= viewport.height()
