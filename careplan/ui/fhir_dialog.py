"""File → Export as FHIR…: the open plan and its patient's assessments as an HL7 FHIR Bundle.

``FhirExportDialog`` asks what the file holds (FHIR R4B or R5, a collection or a document, and the
confidential notes, left out unless the therapist ticks them, with a warning saying where they
would go); then a save-file dialog; then ``FhirExport`` builds and checks the bundle on an Ops
worker (``careplan.services.fhir``: the open snapshot, the stored assessments and injections),
writes it whole and owner-only (``ui.files.write_file``) and records it in the activity log, as the
PDF exports do.  A plan that cannot be exported (a document with no therapist named) is said in the
error's own words, and nothing is written.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from careplan.ui.files import FileDialogs, safe_file_name, with_suffix, write_file
from careplan.ui.widgets import named

# careplan.export (and the FHIR models) load when the dialog is first used, not at start.
if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from careplan.export.fhir import FhirOptions
    from careplan.ui.main_window import MainWindow

log = logging.getLogger(__name__)

FHIR_FILES = "FHIR JSON (*.json);;All files (*)"
VERSION_WORDS = {
    "R4B": "FHIR R4B (most health records accept the R4 family)",
    "R5": "FHIR R5",
}
CONFIDENTIAL_WARNING = (
    "Confidential notes are the plan's clinical notes, each item's note for clinicians, the findings of "
    "each assessment and the comments on goal ratings. Include them only when the record you send the "
    "file to may hold them, and keep the file as safe as the patient's notes."
)


class FhirExportDialog(QDialog):
    """What the FHIR file holds: the version, a collection or a document, and the confidential notes."""

    def __init__(self, patient_name: str = "", parent: QWidget | None = None) -> None:
        from careplan.export.fhir_checks import VERSIONS

        super().__init__(parent)
        self.setWindowTitle(f"Export as FHIR{': ' + patient_name if patient_name else ''}")
        named(self, "Export as FHIR")
        about = QLabel(
            "Writes the plan, its goals and items, and the patient's assessments and toxin injections as an "
            "HL7 FHIR file for the electronic health record."
        )
        about.setWordWrap(True)
        self.version = named(QComboBox(), "FHIR version")
        for code in VERSIONS:
            self.version.addItem(VERSION_WORDS[code], code)
        self.collection = named(QRadioButton("&Collection of resources"), "Collection of resources")
        self.document = named(QRadioButton("&Document (with a cover Composition)"), "Document")
        self.collection.setChecked(True)
        self.shape = QButtonGroup(self)
        for button in (self.collection, self.document):
            self.shape.addButton(button)
        shape_row = QHBoxLayout()
        shape_row.addWidget(self.collection)
        shape_row.addWidget(self.document)
        shape_row.addStretch(1)
        self.confidential = named(QCheckBox("Include &confidential notes"), "Include confidential notes")
        self.confidential.setChecked(False)
        # One line that says what this file will hold (it changes with the tick), then the warning (it does not:
        # the dialog keeps its size).
        self.included = named(QLabel(), "Confidential notes in the file")
        self.warning = named(QLabel(CONFIDENTIAL_WARNING), "About confidential notes")
        self.warning.setWordWrap(True)
        self.confidential.toggled.connect(self._show_warning)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("&Version:", self.version)
        form.addRow("Form:", shape_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Export…")
        named(self.ok_button, "Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.confidential)
        layout.addWidget(self.included)
        layout.addWidget(self.warning)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        self._show_warning(False)

    def _show_warning(self, included: bool) -> None:
        """The warning is always there; ticked, the line above it says plainly that the notes go in the file."""
        self.included.setText(
            "<b>The confidential notes will be in the file.</b>"
            if included
            else "Confidential notes are left out unless you tick the box."
        )

    def options(self) -> FhirOptions:
        from careplan.export.fhir import FhirOptions

        return FhirOptions(
            version=str(self.version.currentData()),
            document=self.document.isChecked(),
            include_confidential_notes=self.confidential.isChecked(),
        )

    @classmethod
    def ask(cls, parent: QWidget | None, patient_name: str = "") -> FhirOptions | None:
        dialog = cls(patient_name, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        options = dialog.options() if accepted else None
        dialog.deleteLater()
        return options


class FhirExport(QObject):
    """File → Export as FHIR… for the plan open in ``window``."""

    #: The file just written.
    exported = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.action = QAction("Export as F&HIR…", window)
        self.action.setObjectName("export_fhir")
        tip = "Save the plan and its assessments as an HL7 FHIR file for the electronic health record"
        self.action.setToolTip(tip)
        self.action.setStatusTip(tip)
        self.action.triggered.connect(self.export_fhir)
        window.addAction(self.action)

    def install_in(self, menu: object, after: QAction) -> None:
        """Put the action in the File menu, right after ``after`` (Export plan file…)."""
        from PySide6.QtWidgets import QMenu

        assert isinstance(menu, QMenu)
        actions = menu.actions()
        following = actions[actions.index(after) + 1] if after in actions[:-1] else None
        menu.insertAction(following, self.action) if following is not None else menu.addAction(self.action)

    def export_fhir(self) -> Path | None:
        from careplan.services.audit import Action
        from careplan.services.fhir import record_fhir

        window, session = self.window, self.window.session
        record = session.current_record()
        actor = session.actor("exports plans") if record is not None else None
        if record is None or actor is None:
            return None
        options = FhirExportDialog.ask(window, record.patient.full_name)
        if options is None:
            return None
        suggested = f"{safe_file_name(record.patient.full_name, 'patient')} - {safe_file_name(record.plan.title)}.json"
        path = FileDialogs.save_path(window, "Export the plan as FHIR", suggested, FHIR_FILES)
        if path is None:
            return None
        path = with_suffix(path, ".json")
        library = window.library

        def build(s: Session) -> bytes:
            return record_fhir(s, record, library, options)

        made = window.ops.read(build, parent=window, title="FHIR export not written")
        data = made.value
        if not made.ok or data is None:
            return None
        if not window.ops.call(lambda: write_file(path, data), parent=window).ok:
            return None
        session.status(f"Exported the plan as {options.audit_detail} to {path}.")
        log.info("exported plan %s as FHIR %s", record.plan_id, options.version)
        session.audit_read(actor, Action.EXPORTED, record, options.audit_detail)
        self.exported.emit(path)
        return path


def install_fhir_export(window: MainWindow) -> FhirExport:
    """The window's File → Export as FHIR… (one call in ``MainWindow.__init__``)."""
    export = FhirExport(window)
    export.install_in(window.menus["file"], window.act.export_plan)
    return export
