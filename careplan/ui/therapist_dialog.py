"""Who is using Careplan: asked at first start, and again when something recorded is done without a name.

Every save, print, export, import and opened plan is recorded under the therapist's own name
(never the computer's login, which a clinic often shares).  The dialog can be put off ("Later"):
a therapist who starts Careplan to look something up is not stopped, but the first thing that
is recorded asks again, and is not done without a name.

At first start (:class:`FirstStartDialog`) the same question comes with the rest of what Settings
hold about the therapist and the clinic, asked once: every new plan then names the therapist with
their phone and email (``Settings.default_therapist``, which ``careplan new`` uses too), and every
handout carries the clinic's letterhead (``Settings.clinic_details``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from careplan.services.audit import MAX_NAME, Actor
from careplan.services.errors import UserError
from careplan.ui.screen import fit_on_screen
from careplan.ui.widgets import ProblemLabel, named

if TYPE_CHECKING:
    from careplan.settings import Settings


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


#: The fields first start asks, by their place in the settings: (section, field) -> (label, placeholder).
FIRST_START_FIELDS: dict[tuple[str, str], tuple[str, str]] = {
    ("therapist", "name"): ("Your &name:", "e.g. Jo Patel"),
    ("therapist", "role"): ("Your &role:", "e.g. Neurophysiotherapist"),
    ("therapist", "phone"): ("Your &phone:", "the number families call"),
    ("therapist", "email"): ("Your e&mail:", ""),
    ("clinic", "name"): ("Clinic n&ame:", "e.g. Northside Clinic"),
    ("clinic", "phone"): ("Clinic p&hone:", ""),
    ("clinic", "address"): ("Clinic a&ddress:", ""),
    ("clinic", "emergency_number"): ("Emer&gency number:", "999"),
}


class FirstStartDialog(QDialog):
    """At the first start: the therapist's details (the name is needed to save) and the clinic's, in one
    go; "Later" puts it all off (Settings hold the same fields, to fill or change at any time)."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.original = settings
        self.setWindowTitle("Welcome to Careplan")
        named(self, self.windowTitle())
        about = QLabel(
            "Careplan records who saves, prints, exports and opens each plan, as health records must: enter your "
            "own name (not the computer's login). Your details are filled into every new plan, and the clinic's "
            "head every handout. Everything but your name can be left empty; all of it can be changed later in "
            "Edit → Settings."
        )
        about.setWordWrap(True)
        self.edits: dict[tuple[str, str], QLineEdit | QPlainTextEdit] = {}
        boxes = QHBoxLayout()
        for section, title in (("therapist", "You"), ("clinic", "Your clinic")):
            box = named(QGroupBox(title), title)
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            for (sec, field), (label, placeholder) in FIRST_START_FIELDS.items():
                if sec == section:
                    edit = self._edit(sec, field, label, placeholder)
                    self.edits[sec, field] = edit
                    form.addRow(label, edit)
            boxes.addWidget(box, 1)
        name_edit = self.edits["therapist", "name"]
        assert isinstance(name_edit, QLineEdit)
        self.name_edit = name_edit
        self.problem = ProblemLabel("the details")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
        self.later = self.buttons.addButton("&Later", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)
        self.name_edit.textChanged.connect(lambda: self._update())
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(boxes)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.edits["clinic", "emergency_number"].setToolTip(
            "Printed first on every handout and the dystonia action plan (999, 112, 911...)"
        )
        fit_on_screen(self, QSize(780, self.sizeHint().height()))
        self._update()

    def _edit(self, section: str, field: str, label: str, placeholder: str) -> QLineEdit | QPlainTextEdit:
        value = getattr(getattr(self.original, section), field)
        name = label.replace("&", "").rstrip(":")
        if field == "address":
            area = named(QPlainTextEdit(value), name)
            area.setTabChangesFocus(True)
            area.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
            return area
        line = named(QLineEdit(value), name)
        line.setMaxLength(MAX_NAME if field == "name" and section == "therapist" else 200)
        line.setPlaceholderText(placeholder)
        return line

    def _update(self) -> None:
        self.save_button.setEnabled(bool(self.name_edit.text().strip()))
        self.problem.show_problem(None)

    def typed(self) -> dict[tuple[str, str], str]:
        return {
            place: edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()
            for place, edit in self.edits.items()
        }

    def settings(self) -> Settings:
        """The settings with what was typed (UserError naming the field and what is wrong with it)."""
        from careplan.settings import SettingsError, settings_as_dict, settings_from_dict

        typed = self.typed()
        Actor.named(typed["therapist", "name"], typed["therapist", "role"])  # a control character: UserError
        data = settings_as_dict(self.original)
        for (section, field), value in typed.items():
            data[section][field] = value
        data["clinic"]["emergency_number"] = data["clinic"]["emergency_number"].strip() or "999"
        try:
            return settings_from_dict(data)
        except SettingsError as exc:
            place = exc.place[:2]
            label, _placeholder = FIRST_START_FIELDS.get((place[0], place[-1]), (".".join(place), ""))
            raise UserError(f"{label.replace('&', '').rstrip(':')}: {exc.problem}.") from None

    def _on_accept(self) -> None:
        try:
            self.settings()
        except UserError as exc:
            self.problem.show_problem(f"{exc} Correct it, then press Save again.")
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, settings: Settings) -> Settings | None:
        """The settings with the therapist's and clinic's details filled in, or None when put off (Later)."""
        dialog = cls(settings, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.settings()
