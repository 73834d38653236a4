"""``DateField``: a date the therapist types (day, month, year in the desktop's order) or picks.

Why not ``QDateEdit``: its sections fight typing (selecting all and typing "14/05/2017" gave
"Not entered4052017" once a special "empty" value was set), and it cannot hold "no date"
except as a fake minimum date, so its calendar opened at January 1900.  Here the date is
plain text checked when the therapist leaves the field: empty means "not entered", the hint
shows the order to type in, and the calendar opens at the date typed (or a sensible day).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QFrame, QHBoxLayout, QLineEdit, QToolButton, QVBoxLayout, QWidget

#: The earliest date any field accepts (a date of birth before this is a typing slip).
EARLIEST = dt.date(1900, 1, 1)
_LATEST = dt.date(2200, 12, 31)
_NAMES = {"d": "DD", "M": "MM", "y": "YYYY"}


def _order_and_separator(locale: QLocale) -> tuple[str, str]:
    """("dMy", "/") for a British desktop, ("Mdy", "/") for an American one: the order to type in."""
    pattern = locale.dateFormat(QLocale.FormatType.ShortFormat)
    order = "".join(dict.fromkeys(c for c in pattern if c in "dMy"))
    if sorted(order) != sorted("dMy"):
        order = "dMy"
    found = re.search(r"[dMy]+([^dMy])", pattern)
    separator = found.group(1) if found and not found.group(1).isspace() else "/"
    return order, separator


def date_hint(locale: QLocale | None = None) -> str:
    """ "DD/MM/YYYY": how to type a date on this desktop."""
    order, sep = _order_and_separator(locale or QLocale())
    return sep.join(_NAMES[c] for c in order)


def format_typed(value: dt.date, locale: QLocale | None = None) -> str:
    """``value`` as it is typed on this desktop, with a four-digit year ("14/05/2017")."""
    order, sep = _order_and_separator(locale or QLocale())
    parts = {"d": f"{value.day:02d}", "M": f"{value.month:02d}", "y": f"{value.year:04d}"}
    return sep.join(parts[c] for c in order)


def parse_typed(text: str, today: dt.date, locale: QLocale | None = None) -> dt.date | None:
    """The date ``text`` means in the desktop's order, or None when it is not one.

    Any separator works ("14/5/2017", "14.05.2017", "14 5 2017") and so do eight digits
    ("14052017"); a two-digit year is the latest such year not after next year (so "17" is 2017).
    """
    order, _sep = _order_and_separator(locale or QLocale())
    digits = text.strip()
    groups = re.findall(r"\d+", digits)
    if re.fullmatch(r"\d{8}", digits):
        widths = {"d": 2, "M": 2, "y": 4}
        groups, at = [], 0
        for c in order:
            groups.append(digits[at : at + widths[c]])
            at += widths[c]
    if len(groups) != 3 or re.sub(r"[\d\s./\-]", "", digits):
        return None
    values = dict(zip(order, (int(g) for g in groups), strict=True))
    year = values["y"]
    if len(groups[order.index("y")]) <= 2:
        year += (today.year + 1) // 100 * 100
        if year > today.year + 1:
            year -= 100
    try:
        return dt.date(year, values["M"], values["d"])
    except ValueError:
        return None


class _CalendarPopup(QFrame):
    """The calendar under the field: a click or Enter picks a day, Escape closes it."""

    picked = Signal(QDate)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.calendar)
        self.calendar.activated.connect(self._pick)
        self.calendar.clicked.connect(self._pick)

    def _pick(self, day: QDate) -> None:
        self.picked.emit(day)
        self.close()


class DateField(QWidget):
    """A date typed as text (empty: not entered) with a calendar button beside it.

    ``date()`` is the date the text holds now (None when empty or not a date); ``problem()``
    says in words what is wrong with the text, if anything.  ``date_edited`` fires when the
    therapist finishes typing (Enter, Tab, leaving the field) or picks a day, with the new date.
    """

    date_edited = Signal(object)  # dt.date | None
    #: The problem text after the therapist finished typing ("" when there is none).
    problem_changed = Signal(str)

    def __init__(
        self,
        name: str,
        *,
        allow_future: bool = True,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._name = name
        self._allow_future = allow_future
        self._today = today
        self._last: dt.date | None = None
        #: The day the calendar opens at when no date is entered (the owner may say better).
        self.default_date: Callable[[], dt.date] = today
        hint = date_hint()
        self.edit = QLineEdit()
        self.edit.setAccessibleName(name)
        self.edit.setAccessibleDescription(f"Type the date as {hint}, or leave it empty if not known")
        self.edit.setPlaceholderText(f"Not entered ({hint})")
        self.edit.setToolTip(f"Type the date as {hint}, for example {format_typed(dt.date(2017, 5, 14))}")
        self.edit.setMaxLength(20)
        width = self.edit.fontMetrics().horizontalAdvance(self.edit.placeholderText()) + 24
        self.edit.setMinimumWidth(width)
        self.calendar_button = QToolButton()
        self.calendar_button.setText("Calendar…")
        self.calendar_button.setAccessibleName(f"Choose the {name.lower()} from a calendar")
        self.calendar_button.setToolTip("Open a calendar (or press Alt+Down in the date)")
        self.calendar_button.clicked.connect(self.open_calendar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.calendar_button)
        layout.addStretch(1)
        self.setFocusProxy(self.edit)
        self.popup: _CalendarPopup | None = None
        self.edit.editingFinished.connect(self._finished)
        self.edit.installEventFilter(self)

    # -- reading and writing ------------------------------------------------------------------

    def text(self) -> str:
        return self.edit.text()

    def date(self) -> dt.date | None:
        """The date typed (None: empty, or not a date that is allowed: see ``problem``)."""
        value = parse_typed(self.edit.text(), self._today())
        return value if value is not None and self._allowed(value) is None else None

    def is_empty(self) -> bool:
        return not self.edit.text().strip()

    def set_date(self, value: dt.date | None) -> None:
        """Show ``value`` (None: empty) without reporting an edit."""
        self._last = value
        self.edit.setText(format_typed(value) if value is not None else "")
        self.problem_changed.emit(self.problem())

    def problem(self) -> str:
        """What is wrong with the text, in words ("" when it is empty or a good date)."""
        text = self.edit.text().strip()
        if not text:
            return ""
        value = parse_typed(text, self._today())
        if value is None:
            example = format_typed(dt.date(2017, 5, 14))
            return f"“{text}” is not a date: type the {self._name.lower()} as {date_hint()}, for example {example}."
        return self._allowed(value) or ""

    def _allowed(self, value: dt.date) -> str | None:
        if value < EARLIEST or value > _LATEST:
            return f"Check the year of the {self._name.lower()}: {value.year} cannot be right."
        if not self._allow_future and value > self._today():
            return f"The {self._name.lower()} cannot be in the future (today is {format_typed(self._today())})."
        return None

    def set_editable(self, editable: bool) -> None:
        self.edit.setReadOnly(not editable)
        self.calendar_button.setEnabled(editable)

    # -- the calendar -------------------------------------------------------------------------

    def open_calendar(self) -> None:
        """The calendar, at the date typed or else ``default_date()`` (never at 1900)."""
        if self.edit.isReadOnly():
            return
        if self.popup is None:
            self.popup = _CalendarPopup(self)
            self.popup.picked.connect(self._picked)
        calendar = self.popup.calendar
        calendar.setMinimumDate(QDate(EARLIEST.year, EARLIEST.month, EARLIEST.day))
        latest = _LATEST if self._allow_future else self._today()
        calendar.setMaximumDate(QDate(latest.year, latest.month, latest.day))
        start = self.date() or min(self.default_date(), latest)
        calendar.setSelectedDate(QDate(start.year, start.month, start.day))
        calendar.setCurrentPage(start.year, start.month)
        self.popup.adjustSize()
        self.popup.move(self.edit.mapToGlobal(QPoint(0, self.edit.height())))
        self.popup.show()
        calendar.setFocus()

    def _picked(self, day: QDate) -> None:
        self.edit.setText(format_typed(dt.date(day.year(), day.month(), day.day())))
        self.edit.setFocus()
        self._finished()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.open_calendar()
                return True
        return False

    # -- finishing ----------------------------------------------------------------------------

    def _finished(self) -> None:
        """Tidy a good date into the desktop's form, say what is wrong with a bad one, report a change."""
        problem = self.problem()
        value = self.date()
        if value is not None:
            tidy = format_typed(value)
            if self.edit.text() != tidy:
                self.edit.setText(tidy)
        self.problem_changed.emit(problem)
        if problem:
            return
        if value != self._last:
            self._last = value
            self.date_edited.emit(value)
