"""The patient form: names, date of birth, identifier, carers and school contact.

Problems (an empty name, a date of birth in the future) are shown beside the
field, and OK stays disabled until there are none.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from careplan.core.model import Carer, Patient, SchoolContact
from careplan.ui.date_field import DateField
from careplan.ui.screen import screen_of
from careplan.ui.widgets import ProblemLabel, named

_FIELD_MAX = 200
#: What the line beside the buttons says is missing, briefly.
_NEEDED = {
    "given": "the given name",
    "family": "the family name",
    "born": "a date of birth in the past",
    "carers": "a name for each carer",
    "school": "a school email address that works",
}


def _line(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(_FIELD_MAX)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return named(edit, name)


def _room(label: QLabel, lines: int) -> QWidget:
    """A holder keeping ``lines`` lines of room for ``label`` whether it shows a problem or not, so
    the dialog keeps its size and nothing moves under the mouse when a problem comes or goes."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(label)
    layout.addStretch(1)
    label.setWordWrap(True)
    holder.setFixedHeight(label.fontMetrics().lineSpacing() * lines + 2)
    holder.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return holder


def _text(edit: QLineEdit) -> str | None:
    return " ".join(edit.text().split()) or None


class PatientFormDialog(QDialog):
    """A new patient (``patient`` None) or changes to a stored one."""

    def __init__(self, patient: Patient | None = None, parent: QWidget | None = None, today: dt.date | None = None):
        super().__init__(parent)
        self._patient = patient
        self._today = today or dt.date.today()
        self.setWindowTitle("New patient" if patient is None else f"Patient details: {patient.full_name}")
        named(self, self.windowTitle())

        self.given = _line("Given name")
        self.family = _line("Family name")
        self.born = DateField("Date of birth", allow_future=False, today=lambda: self._today)
        #: The date of birth was finished (Enter, Tab) at least once since it was last typed in.
        self._born_finished = False
        self.identifier = _line("Identifier", "e.g. NHS or hospital number")

        self.given_problem = ProblemLabel("given name")
        self.family_problem = ProblemLabel("family name")
        self.born_problem = ProblemLabel("date of birth")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("&Given name:", self.given)
        form.addRow("", _room(self.given_problem, 1))
        form.addRow("&Family name:", self.family)
        form.addRow("", _room(self.family_problem, 1))
        form.addRow("Date of &birth:", self.born)
        form.addRow("", _room(self.born_problem, 2))
        form.addRow("&Identifier:", self.identifier)

        # Carers ---------------------------------------------------------------------------------
        self.carers = named(QTableWidget(0, 3), "Carers", "Name, relationship and phone of each carer")
        self.carers.setHorizontalHeaderLabels(["Name", "Relationship", "Phone"])
        self.carers.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.carers.verticalHeader().hide()
        self.carers.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.carers.setTabKeyNavigation(False)
        self.carers.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        self.add_carer = named(QPushButton("&Add carer"), "Add carer")
        self.remove_carer = named(QPushButton("&Remove carer"), "Remove the selected carer")
        self.carers_problem = ProblemLabel("carers")
        carer_buttons = QHBoxLayout()
        carer_buttons.addWidget(self.add_carer)
        carer_buttons.addWidget(self.remove_carer)
        carer_buttons.addStretch(1)
        carers_box = QGroupBox("Carers")
        carers_layout = QVBoxLayout(carers_box)
        carers_label = QLabel("People who look after the patient at &home:")
        carers_label.setBuddy(self.carers)
        carers_layout.addWidget(carers_label)
        carers_layout.addWidget(self.carers)
        carers_layout.addLayout(carer_buttons)
        carers_layout.addWidget(_room(self.carers_problem, 1))
        self.add_carer.clicked.connect(self._on_add_carer)
        self.remove_carer.clicked.connect(self._on_remove_carer)
        self.carers.itemChanged.connect(self.validate)
        self.carers.itemSelectionChanged.connect(self._update_buttons)

        # School ---------------------------------------------------------------------------------
        self.school_name = _line("School name")
        self.school_contact = _line("School contact name", "e.g. the SENCo or class teacher")
        self.school_phone = _line("School phone")
        self.school_email = _line("School email")
        self.school_problem = ProblemLabel("school email")
        school_box = QGroupBox("School or nursery")
        school_form = QFormLayout(school_box)
        school_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        school_form.addRow("&School:", self.school_name)
        school_form.addRow("C&ontact:", self.school_contact)
        school_form.addRow("&Phone:", self.school_phone)
        school_form.addRow("&Email:", self.school_email)
        school_form.addRow("", _room(self.school_problem, 1))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Save patient" if patient is not None else "Continue")
        named(self.ok_button, self.ok_button.text())
        named(self.buttons.button(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)

        # The fields scroll when the screen is too short for them (1366x768 at 150 %); the buttons never do.
        body = QWidget()
        fields = QVBoxLayout(body)
        fields.setContentsMargins(0, 0, 0, 0)
        fields.addLayout(form)
        fields.addWidget(carers_box)
        fields.addWidget(school_box)
        self.scroller = QScrollArea()
        self.scroller.setWidget(body)
        self._body = body
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = self._outer = QVBoxLayout(self)
        layout.addWidget(self.scroller, 1)
        self.hint = named(QLabel(), "What is still needed")
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        bottom = QHBoxLayout()
        bottom.addWidget(_room(self.hint, 2), 1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

        for edit in (self.given, self.family, self.identifier, self.school_email):
            edit.textChanged.connect(self.validate)
        self.born.edit.textEdited.connect(self._born_typed)
        self.born.problem_changed.connect(self._born_done)

        if patient is not None:
            self._fill(patient)
        self.validate()
        self._update_buttons()
        self.setMinimumWidth(520)
        self._fitted = False

    def showEvent(self, event: QShowEvent) -> None:
        if not self._fitted:  # once, when the style has given every field its real size
            self._fitted = True
            self._fit_screen()
        super().showEvent(event)

    def _fit_screen(self) -> None:
        """As tall as the fields need, but never taller than the screen (the fields scroll instead)."""
        width = max(self._body.minimumSizeHint().width() + 40, 520)
        inner = width - 2 * self._outer.contentsMargins().left()
        # Wrapped labels make the fields' height depend on their width: ask for this width's.
        fields = max(self._body.heightForWidth(inner), self._body.sizeHint().height())
        rest = self.sizeHint().height() - self.scroller.sizeHint().height()
        height = fields + rest
        height = min(height, screen_of(self).availableGeometry().height() - 40)  # 40: the window's title bar
        self.resize(width, height)

    # --- filling and reading ---------------------------------------------------------------------

    def _fill(self, patient: Patient) -> None:
        self.given.setText(patient.given_name)
        self.family.setText(patient.family_name)
        self.born.set_date(patient.date_of_birth)
        self.identifier.setText(patient.identifier or "")
        for carer in patient.carers:
            self._append_carer(carer.name, carer.relationship or "", carer.phone or "")
        school = patient.school or SchoolContact()
        self.school_name.setText(school.name or "")
        self.school_contact.setText(school.contact_name or "")
        self.school_phone.setText(school.phone or "")
        self.school_email.setText(school.email or "")

    def _append_carer(self, name: str = "", relationship: str = "", phone: str = "") -> int:
        row = self.carers.rowCount()
        self.carers.blockSignals(True)
        self.carers.insertRow(row)
        for col, value in enumerate((name, relationship, phone)):
            self.carers.setItem(row, col, QTableWidgetItem(value))
        self.carers.blockSignals(False)
        return row

    def _carer_rows(self) -> list[tuple[str, str, str]]:
        rows = []
        for row in range(self.carers.rowCount()):
            cells = []
            for col in range(3):
                item = self.carers.item(row, col)
                cells.append(" ".join((item.text() if item else "").split())[:_FIELD_MAX])
            rows.append((cells[0], cells[1], cells[2]))
        return rows

    def date_of_birth(self) -> dt.date | None:
        return self.born.date()

    def patient(self) -> Patient:
        """The patient as entered (call only when ``problems()`` is empty)."""
        born = self.date_of_birth()
        assert born is not None
        carers = tuple(Carer(n, r or None, p or None) for n, r, p in self._carer_rows() if n)
        school = SchoolContact(
            _text(self.school_name), _text(self.school_contact), _text(self.school_phone), _text(self.school_email)
        )
        has_school = any(dataclasses.astuple(school))
        return Patient(
            given_name=_text(self.given) or "",
            family_name=_text(self.family) or "",
            date_of_birth=born,
            identifier=_text(self.identifier),
            carers=carers,
            school=school if has_school else None,
            id=self._patient.id if self._patient else None,
        )

    # --- checking --------------------------------------------------------------------------------

    def problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if not _text(self.given):
            found["given"] = "Enter the given name."
        if not _text(self.family):
            found["family"] = "Enter the family name."
        if self.born.problem():
            found["born"] = self.born.problem()
        elif self.date_of_birth() is None:
            found["born"] = "Enter the date of birth."
        if any(not n and (r or p) for n, r, p in self._carer_rows()):
            found["carers"] = "Each carer needs a name (or remove the row)."
        email = _text(self.school_email)
        if email and ("@" not in email or email.startswith("@") or email.endswith("@")):
            found["school"] = "The school email does not look like an email address."
        return found

    def validate(self) -> bool:
        found = self.problems()
        self.given_problem.show_problem(found.get("given") if self.given.isModified() or self._shown else None)
        self.family_problem.show_problem(found.get("family") if self.family.isModified() or self._shown else None)
        self.born_problem.show_problem(found.get("born") if self._born_touched() or self._shown else None)
        self.carers_problem.show_problem(found.get("carers"))
        self.school_problem.show_problem(found.get("school"))
        self.ok_button.setEnabled(not found)
        self.ok_button.setToolTip("; ".join(found.values()))
        needed = [_NEEDED[k] for k in found if k in _NEEDED]
        self.hint.setText("Still needed: " + ", ".join(needed) + "." if needed else "")
        return not found

    #: After the first attempt every problem shows, not only those of fields already touched.
    _shown = False

    def _born_touched(self) -> bool:
        return self._born_finished

    def _born_typed(self, _text: str) -> None:
        # No shouting at a date half typed: its problem shows once the therapist leaves the field.
        self._born_finished = False
        self.validate()

    def _born_done(self, _problem: str) -> None:
        self._born_finished = not self.born.is_empty()
        self.validate()

    def show_all_problems(self) -> None:
        self._shown = True
        self.validate()

    # --- slots -----------------------------------------------------------------------------------

    def _on_add_carer(self) -> None:
        row = self._append_carer()
        self.carers.setCurrentCell(row, 0)
        self.carers.setFocus()
        item = self.carers.item(row, 0)
        if item is not None:
            self.carers.editItem(item)
        self._update_buttons()

    def _on_remove_carer(self) -> None:
        rows = sorted({i.row() for i in self.carers.selectedIndexes()}, reverse=True)
        if not rows and self.carers.currentRow() >= 0:
            rows = [self.carers.currentRow()]
        for row in rows:
            self.carers.removeRow(row)
        self._update_buttons()
        self.validate()

    def _update_buttons(self) -> None:
        self.remove_carer.setEnabled(self.carers.rowCount() > 0 and self.carers.currentRow() >= 0)

    def _on_accept(self) -> None:
        self.show_all_problems()
        if self.validate():
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, patient: Patient | None = None) -> Patient | None:
        dialog = cls(patient, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.patient()
