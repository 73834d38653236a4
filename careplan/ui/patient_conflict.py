"""Another desktop changed a patient's details while they were being edited here.

The dialog shows both versions side by side, field by field, with the differences marked, and
offers two ways on: reload (take theirs, drop mine) or keep mine (after seeing the difference;
theirs stays in the patient's history).  Nothing is written until the user chooses.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from careplan.core.model import Patient
from careplan.ui.formatting import format_date
from careplan.ui.widgets import named

PatientChoice = Literal["reload", "keep", "cancel"]

_CHANGED = QColor(255, 243, 205)


def patient_fields(patient: Patient) -> list[tuple[str, str]]:
    """(label, value) for every detail of a patient, in the form's order."""
    rows = [
        ("Given name", patient.given_name),
        ("Family name", patient.family_name),
        ("Date of birth", format_date(patient.date_of_birth)),
        ("Identifier", patient.identifier or ""),
    ]
    for i, carer in enumerate(patient.carers, 1):
        who = ", ".join(x for x in (carer.name, carer.relationship, carer.phone) if x)
        rows.append((f"Carer {i}", who))
    school = patient.school
    rows += [
        ("School", school.name or "" if school else ""),
        ("School contact", school.contact_name or "" if school else ""),
        ("School phone", school.phone or "" if school else ""),
        ("School email", school.email or "" if school else ""),
    ]
    return rows


def differences(mine: Patient, theirs: Patient) -> list[tuple[str, str, str]]:
    """(label, theirs, mine) for every row of either version; equal rows too, in order."""
    a, b = dict(patient_fields(theirs)), dict(patient_fields(mine))
    labels = list(
        dict.fromkeys([label for label, _ in patient_fields(theirs)] + [lb for lb, _ in patient_fields(mine)])
    )
    return [(label, a.get(label, ""), b.get(label, "")) for label in labels]


class PatientConflictDialog(QDialog):
    def __init__(
        self, mine: Patient, theirs: Patient, who: str | None, when: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("The patient's details changed elsewhere")
        named(self, "The patient's details changed elsewhere")
        self.choice: PatientChoice = "cancel"
        by = f" by {who}" if who else ""
        at = f" at {when}" if when else ""
        intro = QLabel(
            f"{theirs.full_name}'s details were changed on another computer{by}{at}, after you opened them here. "
            "Your changes were not saved. The differences are marked below."
        )
        intro.setWordWrap(True)
        self.table = named(QTableWidget(), "Both versions of the patient's details")
        rows = differences(mine, theirs)
        self.table.setColumnCount(3)
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(["", "Saved on the other computer", "Yours"])
        bold = QFont(self.font())
        bold.setBold(True)
        self.changed_rows: list[str] = []
        for r, (label, theirs_text, mine_text) in enumerate(rows):
            cells = [QTableWidgetItem(label), QTableWidgetItem(theirs_text), QTableWidgetItem(mine_text)]
            if theirs_text != mine_text:
                self.changed_rows.append(label)
                for cell in cells:
                    cell.setBackground(QBrush(_CHANGED))
                cells[0].setFont(bold)
                cells[0].setText(f"{label} (differs)")
            for c, cell in enumerate(cells):
                self.table.setItem(r, c, cell)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox()
        self.reload_button = buttons.addButton("&Reload their version", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.keep_button = buttons.addButton("&Keep mine", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.reload_button.setToolTip("Show the details as they are now; your changes here are discarded")
        self.keep_button.setToolTip("Save your details over theirs; theirs stay in the patient's history")
        self.reload_button.clicked.connect(lambda: self._done("reload"))
        self.keep_button.clicked.connect(lambda: self._done("keep"))
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, 420)
        self.cancel_button.setFocus()

    def _done(self, choice: PatientChoice) -> None:
        self.choice = choice
        self.accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, mine: Patient, theirs: Patient, who: str | None, when: str | None
    ) -> PatientChoice:
        dialog = cls(mine, theirs, who, when, parent)
        dialog.exec()
        return dialog.choice
