"""Helpers for the desktop tests: filling the real dialogs, seeding the database, finding things."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from careplan.core.enums import Audience, Category, Kind
from careplan.core.library import Library
from careplan.core.model import Dosage, Intervention, Patient, Plan, PlanRecord
from careplan.services.plans import create_plan
from careplan.services.store import Store
from careplan.ui.patient_dialog import PatientFormDialog
from careplan.ui.plan_dialogs import NewPlanChoice, NewPlanDialog

TODAY = dt.date(2027, 2, 10)


def fill_patient_form(qtbot: Any, given: str, family: str, born: dt.date, identifier: str = "") -> Any:
    """An answer for the patient dialog: types into the real form and returns what it gives."""

    def answer(parent: QWidget | None, patient: Patient | None) -> Patient | None:
        dialog = PatientFormDialog(patient, parent)
        qtbot.addWidget(dialog)
        assert not dialog.ok_button.isEnabled()
        qtbot.keyClicks(dialog.given, given)
        qtbot.keyClicks(dialog.family, family)
        dialog.born.set_date(born)
        if identifier:
            qtbot.keyClicks(dialog.identifier, identifier)
        qtbot.mouseClick(dialog.add_carer, Qt.MouseButton.LeftButton)
        dialog.carers.item(0, 0).setText("Grace Okafor")
        dialog.carers.item(0, 1).setText("mother")
        assert dialog.ok_button.isEnabled(), dialog.problems()
        return dialog.patient()

    return answer


def choose_new_plan(category: Category, template_code: str | None) -> Any:
    """An answer for the new-plan dialog: picks in the real dialog and returns its choice."""

    def answer(parent: QWidget | None, library: Library, name: str) -> NewPlanChoice:
        dialog = NewPlanDialog(library, name, parent)
        dialog.select(category, template_code)
        choice = dialog.choice()
        dialog.deleteLater()
        return choice

    return answer


def exercise(title: str = "Chin tuck", reps: int = 10) -> Intervention:
    return Intervention(
        kind=Kind.EXERCISE,
        title=title,
        instructions="Slowly.",
        dosage=Dosage(sets=2, reps=reps),
        audiences=frozenset({Audience.FAMILY, Audience.SCHOOL}),
    )


def seed_plan(
    store: Store,
    given: str = "Amira",
    family: str = "Okafor",
    born: dt.date = dt.date(2016, 3, 14),
    *,
    title: str = "Neck posture",
    review: dt.date | None = None,
    identifier: str | None = None,
    author: str | None = "Jo Patel",
) -> PlanRecord:
    plan = Plan(title=title, category=Category.CERVICAL, review_date=review, interventions=(exercise(),))
    record = PlanRecord(plan, Patient(given, family, born, identifier))
    with store.sessions.begin() as session:
        return create_plan(session, record, author)


def is_pdf(path: Path) -> int:
    """The page count of a PDF file that pypdf can read."""
    from pypdf import PdfReader

    data = path.read_bytes()
    assert data.startswith(b"%PDF"), data[:20]
    return len(PdfReader(path).pages)


def print_to(path: Path) -> Any:
    """The print dialog's answer: "print" to a PDF file at ``path`` instead of a printer."""

    def to_file(printer: Any) -> bool:
        from PySide6.QtPrintSupport import QPrinter

        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printer.setResolution(96)
        return True

    return to_file
