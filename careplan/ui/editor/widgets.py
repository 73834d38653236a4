"""Small widgets the editor's pages share: optional numbers and dates, caution and problem boxes."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QResizeEvent, QTextCursor, QTextOption, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from careplan.ui.date_field import DateField
from careplan.ui.editor.labels import strip_mnemonic

#: Shown in a number or date field that holds nothing.
NOT_SET = "not set"

#: Property set on controls that only change what is shown (search, filters): read-only mode leaves them on.
VIEW_CONTROL = "careplanViewControl"


def buddy_label(text: str, widget: QWidget, accessible_name: str | None = None) -> QLabel:
    """A label with a mnemonic for ``widget``; the widget is named after it for screen readers."""
    label = QLabel(text)
    label.setBuddy(widget)
    widget.setAccessibleName(accessible_name or strip_mnemonic(text))
    return label


def mark_view_control(widget: QWidget) -> QWidget:
    widget.setProperty(VIEW_CONTROL, True)
    return widget


class OptionalSpinBox(QSpinBox):
    """A whole number between ``low`` and ``high``, or nothing (shown as "not set" one below ``low``)."""

    value_edited = Signal(object)  # int | None

    def __init__(self, low: int, high: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._low = low
        self.setRange(low - 1, high)
        self.setSpecialValueText(NOT_SET)
        self.setValue(low - 1)
        self.setAccelerated(True)
        self.valueChanged.connect(lambda _v: self.value_edited.emit(self.optional_value()))

    def optional_value(self) -> int | None:
        value = self.value()
        return None if value < self._low else value

    def set_optional_value(self, value: int | None) -> None:
        blocked = self.blockSignals(True)
        self.setValue(self._low - 1 if value is None else value)
        self.blockSignals(blocked)


class OptionalDateEdit(DateField):
    """A plan date (start, review, a goal's target): typed or picked, empty when not set.

    ``label_text`` carries the mnemonic for the label the page puts beside it.
    """

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(strip_mnemonic(text), parent=parent)
        self.label_text = text


class ElidedLabel(QLabel):
    """A fixed number of lines that never wrap: a line too long ends in "…"; the whole text is in
    the tooltip and the accessible name.

    For a header above controls: a label that wraps and unwraps as its text changes moves
    everything below it under the therapist's mouse.  Lines are separated by newlines; a text of
    fewer lines keeps the room of the others, so the height never changes.
    """

    def __init__(self, lines: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._lines = lines
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self.setAccessibleName(text.replace("\n", "  ·  "))
        self._elide()

    def _elide(self) -> None:
        width = self.contentsRect().width()
        lines = (self._full.split("\n") + [""] * self._lines)[: self._lines]
        metrics = self.fontMetrics()
        self.setText("\n".join(metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())


class TextBox(QPlainTextEdit):
    """Multi-line text, wrapped at word boundaries, where Tab moves on to the next field.

    With ``fit`` (the default) the box is as tall as its wrapped text, from ``lines`` up to
    ``max_lines`` whole lines, so no line is ever shown cut in half; past that it scrolls.
    Without, it takes the room its layout gives it (at least ``lines`` high).
    """

    def __init__(self, lines: int = 3, parent: QWidget | None = None, *, fit: bool = True, max_lines: int = 12) -> None:
        super().__init__(parent)
        self._lines = lines
        self._max_lines = max(lines, max_lines)
        self._fit = fit
        self.setTabChangesFocus(True)
        self.setUndoRedoEnabled(False)  # undo goes through the plan's undo stack
        self.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        if fit:
            self.document().documentLayout().documentSizeChanged.connect(lambda _size: self._fit_height())
            self._fit_height()

    def shown_lines(self) -> int:
        """How many lines the text takes when wrapped at the box's width now."""
        count = 0
        block = self.document().begin()
        while block.isValid():
            layout = block.layout()
            count += max(layout.lineCount() if layout is not None else 0, 1)
            block = block.next()
        return count

    def _height_for(self, lines: int) -> int:
        margins = self.contentsMargins()
        document = int(self.document().documentMargin() * 2)
        return self.fontMetrics().lineSpacing() * lines + margins.top() + margins.bottom() + document + 2

    def _fit_height(self) -> None:
        lines = min(max(self.shown_lines(), self._lines), self._max_lines)
        height = self._height_for(lines)
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit:
            self._fit_height()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self._height_for(self._lines))

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self._height_for(self._lines))

    def text(self) -> str:
        return self.toPlainText()

    def set_text(self, text: str) -> None:
        if self.toPlainText() != text:
            blocked = self.blockSignals(True)
            self.setPlainText(text)
            self.moveCursor(QTextCursor.MoveOperation.End)  # as a line edit does: typing goes on at the end
            self.blockSignals(blocked)


class LineBox(TextBox):
    """One line of text (a title) that wraps onto the next lines instead of scrolling out of sight:
    Enter moves on, pasted line breaks become spaces, and it holds at most ``max_length`` characters."""

    def __init__(self, max_length: int, parent: QWidget | None = None) -> None:
        super().__init__(lines=1, parent=parent, max_lines=4)
        self._max_length = max_length
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.textChanged.connect(self._keep_to_one_line)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    def _keep_to_one_line(self) -> None:
        text = self.toPlainText()
        tidy = text.replace("\r", " ").replace("\n", " ").replace("\u2029", " ")[: self._max_length]
        if tidy != text:
            cursor = self.textCursor()
            at = min(cursor.position(), len(tidy))
            self.setPlainText(tidy)  # textChanged again: the edit is reported once, tidy
            cursor = self.textCursor()
            cursor.setPosition(at)
            self.setTextCursor(cursor)


class ProblemLabel(QLabel):
    """A problem with a field, in words, beside the field; hidden when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problem")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet("QLabel#problem { color: #a4000f; font-weight: bold; }")
        self.hide()

    def show_problem(self, text: str | None) -> None:
        self.setText(f"⚠ {text}" if text else "")
        self.setAccessibleDescription(text or "")
        self.setVisible(bool(text))


def breakable(text: str) -> str:
    """``text`` with places a narrow label may break a long code ("advice.dystonia_action_plan"):
    a zero-width space after each dot or underscore inside a word, so it wraps instead of being cut."""
    return re.sub(r"(?<=[^\W\d])([._])(?=[^\W\d])", "\\1\u200b", text)


class CautionBox(QFrame):
    """The cautions for one item, in an amber box that is hard to miss; hidden when there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cautionBox")
        self.setStyleSheet(
            "QFrame#cautionBox { background: #fff4ce; border: 2px solid #c77700; border-radius: 4px; }"
            "QFrame#cautionBox QLabel { color: #3d2600; background: transparent; border: none; }"
        )
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        self.setAccessibleName("Cautions")
        self.hide()

    def set_cautions(self, texts: tuple[str, ...], heading: str) -> None:
        if not texts:
            self.hide()
            return
        self.heading.setText(f"⚠ {heading}")
        self.body.setText("\n\n".join(f"• {breakable(t)}" for t in texts))
        self.setAccessibleDescription(" ".join(texts))
        self.show()


class ConfidentialBanner(QFrame):
    """The red-edged notice above the confidential notes: a "CONFIDENTIAL" badge and a sentence."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confidential")
        self.setStyleSheet(
            "QFrame#confidential { background: #fde7e9; border: 2px solid #a4000f; border-radius: 4px; }"
            "QFrame#confidential QLabel { color: #5c0008; background: transparent; border: none; }"
            "QFrame#confidential QLabel#badge { color: white; background: #a4000f; border-radius: 3px;"
            " padding: 2px 6px; font-weight: bold; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 10, 6)
        badge = QLabel("CONFIDENTIAL")
        badge.setObjectName("badge")
        label = QLabel(text)
        label.setWordWrap(True)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        layout.addWidget(badge)
        layout.addWidget(label, 1)
        self.label = label
        self.setAccessibleName(text)


class UndoKeysFilter(QObject):
    """Sends Undo and Redo keys in text fields to the plan's undo stack, not the field's own history.

    The main window's Undo action then gets the shortcut; without one (an embedding
    that has no menu), the key press itself is turned into the stack's undo or redo.
    """

    def __init__(self, stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stack = stack

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(event, QKeyEvent):
            undo = event.matches(QKeySequence.StandardKey.Undo)
            redo = event.matches(QKeySequence.StandardKey.Redo)
            if undo or redo:
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.ignore()  # let the window's shortcut have it
                    return True
                (self._stack.undo if undo else self._stack.redo)()
                return True
        return False


def view_shortcut(view: QAbstractItemView, text: str, keys: QKeySequence, slot: object) -> QAction:
    """A keyboard shortcut that works only while ``view`` has focus (move up/down, remove)."""
    action = QAction(text, view)
    action.setShortcut(keys)
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(slot)
    view.addAction(action)
    return action


def current_row(view: QAbstractItemView) -> int:
    """The row of the view's current index, or -1 when there is none."""
    index = view.currentIndex()
    return index.row() if index.isValid() else -1
