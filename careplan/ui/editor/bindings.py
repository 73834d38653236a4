"""Two-way links between editor widgets and one value of the plan.

A ``Field`` reads its value from the plan to show it, and turns what the therapist
types into an edit of the document.  ``refresh`` only touches a widget whose shown
value differs from the plan's, so the cursor stays put while typing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

from careplan.core.model import Plan
from careplan.ui.editor.widgets import OptionalDateEdit, OptionalSpinBox, TextBox

Read = Callable[[Plan], Any]
Commit = Callable[[Any], object]


def optional_text(text: str) -> str | None:
    """An empty field means "nothing"; anything else is kept exactly as typed."""
    return text if text else None


@dataclass(eq=False)
class Field:
    widget: Any
    read: Read
    get: Callable[[], Any]
    show: Callable[[Any], None]

    def refresh(self, plan: Plan) -> None:
        value = self.read(plan)
        if value != self.get():
            self.show(value)


class Binder:
    """The fields of one page: ``refresh(plan)`` after every change of the plan."""

    def __init__(self) -> None:
        self.fields: list[Field] = []

    def refresh(self, plan: Plan) -> None:
        for field in self.fields:
            field.refresh(plan)

    def _add(self, field: Field) -> Field:
        self.fields.append(field)
        return field

    def line(self, widget: QLineEdit, read: Read, commit: Commit, *, required: bool = False) -> Field:
        """A one-line text; empty means None unless ``required`` (then it is the empty string)."""

        def get() -> str | None:
            return widget.text() if required else optional_text(widget.text())

        def show(value: str | None) -> None:
            blocked = widget.blockSignals(True)
            widget.setText(value or "")
            widget.blockSignals(blocked)

        widget.textEdited.connect(lambda _t: commit(get()))
        return self._add(Field(widget, read, get, show))

    def text(self, widget: TextBox, read: Read, commit: Commit) -> Field:
        def get() -> str | None:
            return optional_text(widget.text())

        widget.textChanged.connect(lambda: commit(get()))
        return self._add(Field(widget, read, get, lambda v: widget.set_text(v or "")))

    def number(self, widget: OptionalSpinBox, read: Read, commit: Commit) -> Field:
        widget.value_edited.connect(commit)
        return self._add(Field(widget, read, widget.optional_value, widget.set_optional_value))

    def choice(self, widget: QComboBox, options: Sequence[tuple[str, Any]], read: Read, commit: Commit) -> Field:
        """A combo filled with ``options`` (label, value); the value may be None ("not recorded")."""
        values = [value for _label, value in options]
        widget.clear()
        for label, _value in options:
            widget.addItem(label)

        def get() -> Any:
            index = widget.currentIndex()
            return values[index] if 0 <= index < len(values) else None

        def show(value: Any) -> None:
            blocked = widget.blockSignals(True)
            widget.setCurrentIndex(values.index(value) if value in values else 0)
            widget.blockSignals(blocked)

        widget.currentIndexChanged.connect(lambda _i: commit(get()))
        return self._add(Field(widget, read, get, show))

    def check(self, widget: QCheckBox, read: Read, commit: Commit) -> Field:
        def show(value: bool) -> None:
            blocked = widget.blockSignals(True)
            widget.setChecked(bool(value))
            widget.blockSignals(blocked)

        widget.toggled.connect(commit)
        return self._add(Field(widget, read, widget.isChecked, show))

    def date(self, widget: OptionalDateEdit, read: Read, commit: Commit) -> Field:
        widget.date_edited.connect(commit)
        return self._add(Field(widget, read, widget.date, widget.set_date))
