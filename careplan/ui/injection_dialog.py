"""Recording a botulinum toxin injection: when, where, by whom; the product and dose if known.

The injecting clinic keeps the full record; the plan needs the date (its toxin phase today is
counted from the last injection) and enough to say which muscles were treated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from careplan.core.assessments import Injection
from careplan.errors import UserFacingError
from careplan.ui.date_field import DateField
from careplan.ui.formatting import format_date
from careplan.ui.widgets import ProblemLabel, named

_FIELD_MAX = 200


def _line(name: str, placeholder: str) -> QLineEdit:
    edit = named(QLineEdit(), name)
    edit.setMaxLength(_FIELD_MAX)
    edit.setPlaceholderText(placeholder)
    return edit


def _text(edit: QLineEdit) -> str | None:
    return " ".join(edit.text().split()) or None


class InjectionDialog(QDialog):
    """One injection session of the patient: a new one, or the correction of a stored one
    (``correcting``: the dialog opens filled with it and saves over it)."""

    def __init__(
        self,
        given_by: str = "",
        patient_name: str = "",
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        correcting: Injection | None = None,
    ) -> None:
        super().__init__(parent)
        self.correcting = correcting
        of = f" of {patient_name}" if patient_name else ""
        if correcting is not None:
            self.setWindowTitle(f"Correct the injection of {format_date(correcting.date)}{of}")
        else:
            self.setWindowTitle(f"Botulinum toxin injection{of}")
        named(self, self.windowTitle())
        about = QLabel(
            "Record the injection so the plan can show where the patient is in the cycle "
            "(gentle work in the first weeks, the most practice when the effect is strongest)."
        )
        about.setWordWrap(True)
        self.date = DateField("Date of the injection", allow_future=False, today=today)
        self.date.set_date(today())
        self.muscles = _line("Muscles or region injected", "e.g. left sternocleidomastoid")
        self.given_by = _line("Given by", "e.g. Dr Ahmed, neurology clinic")
        self.given_by.setText(given_by)
        self.product = _line("Product (optional)", "optional")
        self.dose = _line("Dose (optional)", "optional, e.g. 300 units in total")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("&Date:", self.date)
        form.addRow("&Muscles or region:", self.muscles)
        form.addRow("&Given by:", self.given_by)
        form.addRow("&Product:", self.product)
        form.addRow("D&ose:", self.dose)
        self.problem = ProblemLabel("the injection")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        saving = "Save correction" if correcting is not None else "Save injection"
        self.ok_button.setText(saving)
        named(self.ok_button, saving)
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        for edit in (self.muscles, self.given_by):
            edit.textChanged.connect(lambda _t: self.validate())
        self.date.problem_changed.connect(lambda _p: self.validate())
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        self._result: Injection | None = None
        if correcting is not None:
            self.date.set_date(correcting.date)
            for edit, value in (
                (self.muscles, correcting.muscles),
                (self.given_by, correcting.given_by),
                (self.product, correcting.product),
                (self.dose, correcting.dose),
            ):
                edit.setText(value or "")
        self.validate()

    def problems(self) -> list[str]:
        found = []
        if self.date.problem():
            found.append(f"Date: {self.date.problem()}")
        elif self.date.date() is None:
            found.append("Date: enter the date of the injection.")
        if not _text(self.muscles):
            found.append("Muscles or region: say which muscles or region were injected.")
        if not _text(self.given_by):
            found.append("Given by: enter who gave the injection (a name or a role).")
        return found

    def validate(self) -> bool:
        found = self.problems()
        self.problem.show_problem("\n".join(found) if found else None)
        self.ok_button.setEnabled(not found)
        return not found

    def injection(self) -> Injection:
        date = self.date.date()
        if date is None:
            raise ValueError("Date: enter the date of the injection.")
        return Injection(
            date=date,
            muscles=_text(self.muscles) or "",
            given_by=_text(self.given_by) or "",
            product=_text(self.product),
            dose=_text(self.dose),
            id=self.correcting.id if self.correcting else None,
            version=self.correcting.version if self.correcting else None,
        )

    def _on_accept(self) -> None:
        if not self.validate():
            return
        try:
            self._result = self.injection()
        except (ValueError, UserFacingError) as exc:  # the core's own checks, naming the field
            self.problem.show_problem(str(exc))
            return
        self.accept()

    def result_injection(self) -> Injection | None:
        return self._result

    @classmethod
    def ask(
        cls, parent: QWidget | None, given_by: str = "", patient_name: str = "", correcting: Injection | None = None
    ) -> Injection | None:
        dialog = cls(given_by, patient_name, parent, correcting=correcting)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_injection()
