"""Who is using Careplan: asked at first start, and again when something recorded is done without a name.

Every save, print, export, import and opened plan is recorded under the therapist's own name
(never the computer's login, which a clinic often shares).  The dialog can be put off ("Later"):
a therapist who starts Careplan to look something up is not stopped, but the first thing that
is recorded asks again, and is not done without a name.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from careplan.services.audit import MAX_NAME, Actor
from careplan.services.errors import UserError
from careplan.ui.widgets import ProblemLabel, named


class TherapistDialog(QDialog):
    """The therapist's name (required to go on) and role (optional)."""

    def __init__(self, name: str = "", role: str = "", reason: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Who is using Careplan?")
        named(self, self.windowTitle())
        about = QLabel(
            (reason + "\n\n" if reason else "")
            + "Careplan records who saves, prints, exports and opens each plan, as health records must. "
            "Enter your own name (not the computer's login); you can change it later in Settings."
        )
        about.setWordWrap(True)
        self.name_edit = named(QLineEdit(name), "Your name")
        self.name_edit.setMaxLength(MAX_NAME)
        self.name_edit.setPlaceholderText("e.g. Jo Patel")
        self.role_edit = named(QLineEdit(role), "Your role")
        self.role_edit.setMaxLength(MAX_NAME)
        self.role_edit.setPlaceholderText("e.g. Neurophysiotherapist")
        self.problem = ProblemLabel("your name")
        form = QFormLayout()
        form.addRow("Your &name:", self.name_edit)
        form.addRow("", self.problem)
        form.addRow("Your &role:", self.role_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.later = self.buttons.addButton("&Later", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.name_edit.textChanged.connect(lambda _t: self._update())
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())
        self._update()

    def _update(self) -> None:
        self.ok.setEnabled(bool(self.name_edit.text().strip()))
        self.problem.show_problem(None)

    def actor(self) -> Actor:
        """The name and role as typed (UserError for a control character)."""
        return Actor.named(self.name_edit.text(), self.role_edit.text())

    def _on_accept(self) -> None:
        try:
            self.actor()
        except UserError as exc:
            self.problem.show_problem(str(exc))
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, name: str = "", role: str = "", reason: str | None = None) -> Actor | None:
        """The therapist as they named themselves, or None when they chose Later."""
        dialog = cls(name, role, reason, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.actor()
