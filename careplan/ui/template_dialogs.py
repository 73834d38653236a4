"""Saving a plan as one of your own templates, renaming and deleting them, and copying a plan from
another patient.

Both dialogs only choose; the work is done by ``careplan.services.templates`` through the window's
``Ops`` (off the GUI thread), so a failure is one plain message and changes nothing.  Dialogs have an
``ask()`` classmethod that tests replace or drive.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyleOptionFrame,
    QVBoxLayout,
    QWidget,
)

from careplan.core.library import Library, Template
from careplan.core.model import PlanRecord, Therapist
from careplan.core.templates import name_key, template_counts
from careplan.ui.formatting import format_date
from careplan.ui.screen import fit_on_screen
from careplan.ui.widgets import ProblemLabel, named

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from careplan.services.plans import PatientSummary
    from careplan.ui.main_window import MainWindow
    from careplan.ui.ops import Ops

#: What a template never holds, as the dialog says it.
LEFT_OUT = (
    "A template keeps the items with their dosage and wording, the goals and the programme. It never keeps "
    "the person's name, date of birth, notes, summary, photos, dates, sides or the team's numbers."
)


@dataclass(frozen=True)
class TemplateChoice:
    """What the therapist chose: a name and description, and the template to replace (None: a new one)."""

    title: str
    approach: str
    replace: Template | None = None


class SaveTemplateDialog(QDialog):
    """Name the template (or pick one of yours of the same category to replace) and describe it."""

    def __init__(self, record: PlanRecord, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        plan = record.plan
        self.setWindowTitle("Save as my template")
        named(self, self.windowTitle())
        self._own = [t for t in library.templates_for(plan.category) if t.is_own]

        self.target = named(QComboBox(), "Save as")
        self.target.addItem("A new template", None)
        for template in self._own:
            self.target.addItem(f"Replace “{template.title}”", template.code)
        self.target.setEnabled(bool(self._own))
        self.name = named(QLineEdit(plan.title), "Template name")
        self.name.setMaxLength(200)
        self.name_problem = ProblemLabel("template name")
        self.about = named(QPlainTextEdit(), "What the template is for")
        self.about.setPlaceholderText("e.g. Unstable neck, first weeks after an injection")
        self.about.setTabChangesFocus(True)
        self.about.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        items, goals = len(plan.interventions), len(plan.goals)
        summary = QLabel(
            f"From this {plan.category.label} plan: {items} item{'s' * (items != 1)}, "
            f"{goals} goal{'s' * (goals != 1)} and the programme.\n{LEFT_OUT}"
        )
        summary.setWordWrap(True)

        form = QFormLayout()
        form.addRow(_buddy("&Save as:", self.target), self.target)
        form.addRow(_buddy("&Name:", self.name), self.name)
        form.addRow("", self.name_problem)
        form.addRow(_buddy("&Description:", self.about), self.about)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Save template")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self.target.currentIndexChanged.connect(self._on_target)
        self.name.textChanged.connect(self._validate)
        self._validate()
        longest = max(
            (plan.title, *(t.title for t in library.templates)), key=self.name.fontMetrics().horizontalAdvance
        )
        wider = max(0, _line_edit_width(self.name, longest) - self.name.sizeHint().width())
        fit_on_screen(self, QSize(max(560, self.sizeHint().width() + wider), self.sizeHint().height()))

    def _on_target(self) -> None:
        chosen = self.replacing()
        if chosen is not None:
            self.name.setText(chosen.title)
            self.about.setPlainText(chosen.approach)
        self._validate()

    def replacing(self) -> Template | None:
        code = self.target.currentData()
        return next((t for t in self._own if t.code == code), None)

    def _validate(self) -> None:
        key = name_key(self.name.text())
        replacing = self.replacing()
        taken = next(
            (t.title for t in self._own if name_key(t.title) == key and (replacing is None or t is not replacing)),
            None,
        )
        if not key:
            problem: str | None = "Enter a name for the template."
        elif taken is not None:
            problem = f"You already have a template called “{taken}”: choose “Replace” above, or another name."
        else:
            problem = None
        self.name_problem.show_problem(problem)
        self.save_button.setEnabled(problem is None)

    def choice(self) -> TemplateChoice:
        return TemplateChoice(" ".join(self.name.text().split()), self.about.toPlainText().strip(), self.replacing())

    @classmethod
    def ask(cls, parent: QWidget | None, record: PlanRecord, library: Library) -> TemplateChoice | None:
        dialog = cls(record, library, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()


def _line_edit_width(edit: QLineEdit, text: str) -> int:
    """How wide ``edit`` must be to show ``text`` whole (as QLineEdit itself sizes: 2 px each side, its
    text margins and its frame): a starter template's title suggested as the name was cut at 560 px."""
    margins = edit.textMargins()
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    inner = QSize(edit.fontMetrics().horizontalAdvance(text) + 4 + margins.left() + margins.right() + 1, 1)
    return edit.style().sizeFromContents(QStyle.ContentsType.CT_LineEdit, option, inner, edit).width()


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def save_as_template(
    parent: QWidget | None, ops: Ops, record: PlanRecord, library: Library, author: str | None
) -> Template | None:
    """Ask, then store the open plan as the therapist's own template (or replace one, at the version
    read: a template changed meanwhile on another computer is a conflict, shown, and nothing saved)."""
    from careplan.services.templates import replace_own_template, save_own_template, template_of_plan
    from careplan.ui.ops import LIBRARY

    choice = SaveTemplateDialog.ask(parent, record, library)
    if choice is None:
        return None

    def store(session: Session) -> Template:
        made = template_of_plan(record.plan, record.patient, library, title=choice.title, approach=choice.approach)
        old = choice.replace
        if old is not None and old.version is not None:
            return replace_own_template(session, old.code, made, old.version, author)
        return save_own_template(session, made, author)

    result = ops.run_op(store, parent=parent, changes={LIBRARY}, title="Save as my template")
    return result.value if result.ok else None


# --- renaming and deleting own templates (Plan → Manage my templates…) -----------------------------------


class RenameTemplateDialog(QDialog):
    """A new name for one of the therapist's templates; a name another of the category's own templates
    has is said at once (the service refuses it too, for a name taken on another computer meanwhile)."""

    def __init__(self, template: Template, taken: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._template = template
        self._taken = {name_key(t): t for t in taken}
        self.setWindowTitle(f"Rename “{template.title}”")
        named(self, "Rename template")
        self.name = named(QLineEdit(template.title), "New name")
        self.name.setMaxLength(200)
        self.name.selectAll()
        self.problem = ProblemLabel("new name")
        note = QLabel(
            f"A {template.category.label} template. Plans started from it keep their items and still show "
            "where they came from."
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.rename_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.rename_button.setText("Rename")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_buddy("&New name:", self.name))
        layout.addWidget(self.name)
        layout.addWidget(self.problem)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._validate)
        self._validate()
        wide = _line_edit_width(self.name, max(template.title, "M" * 40, key=len))
        fit_on_screen(self, QSize(max(480, wide + 24), self.sizeHint().height()))

    def _validate(self) -> None:
        key = name_key(self.name.text())
        taken = self._taken.get(key)
        if not key:
            problem: str | None = "Enter a name for the template."
        elif taken is not None:
            problem = f"You already have a {self._template.category.label} template called “{taken}”."
        else:
            problem = None
        self.problem.show_problem(problem)
        self.rename_button.setEnabled(problem is None and " ".join(self.name.text().split()) != self._template.title)

    def new_name(self) -> str:
        return " ".join(self.name.text().split())

    @classmethod
    def ask(cls, parent: QWidget | None, template: Template, taken: list[str]) -> str | None:
        dialog = cls(template, taken, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.new_name()


class DeleteTemplateQuestion:
    """Delete one of your templates? Cancel is the default: a delete cannot be undone."""

    @classmethod
    def ask(cls, parent: QWidget | None, template: Template) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete template",
            f"Delete your template “{template.title}”?",
            QMessageBox.StandardButton.NoButton,
            parent,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(
            f"It leaves the {template.category.label} list of New plan on every computer that uses this database. "
            "Plans started from it keep their items. This cannot be undone."
        )
        box.setAccessibleName("Delete template")
        delete = box.addButton("Delete template", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is delete


class ManageTemplatesDialog(QDialog):
    """Plan → Manage my templates…: the therapist's own templates, each to rename or delete.  Each change
    names the version the list was read at: one changed on another computer meanwhile is a conflict,
    shown, and the list is read again; nothing is overwritten."""

    EMPTY = "You have no templates of your own yet. Open a plan and choose Plan → Save as my template…"

    def __init__(self, ops: Ops, author: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.author = author
        self.templates: list[Template] = []
        self.setWindowTitle("My templates")
        named(self, self.windowTitle())
        self.list = named(QListWidget(), "Your templates")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.about = named(QLabel(), "About the template")
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        self.about.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        note = QLabel(
            "Starter templates come with Careplan and cannot be renamed or deleted. "
            "Plans started from a template keep their items when it is renamed or deleted."
        )
        note.setWordWrap(True)
        self.rename_button = QPushButton("&Rename…")
        self.delete_button = QPushButton("&Delete…")
        self.rename_button.clicked.connect(self.rename)
        self.delete_button.clicked.connect(self.delete)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.rename_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(_buddy("&Your templates:", self.list))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.about)
        layout.addLayout(row)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.list.currentRowChanged.connect(lambda _row: self._show_chosen())
        self.refresh()
        # Fits a 1366x768 screen at 150% scaling; the list takes what the dialog is given.
        fit_on_screen(self, QSize(560, 440))

    def refresh(self, keep: str | None = None) -> None:
        """Read the templates again (after a change here or a conflict with another computer)."""
        from careplan.services.library import own_templates

        result = self.ops.read(own_templates, parent=self, title="My templates")
        self.templates = list(result.value or [])
        self.list.clear()
        for template in self.templates:
            items, goals = template_counts(template)
            self.list.addItem(
                f"{template.title}\n{template.category.label}: {items} item{'s' * (items != 1)}, "
                f"{goals} goal{'s' * (goals != 1)}"
            )
        codes = [t.code for t in self.templates]
        self.list.setCurrentRow(codes.index(keep) if keep in codes else (0 if codes else -1))
        self._show_chosen()

    def chosen(self) -> Template | None:
        row = self.list.currentRow()
        return self.templates[row] if 0 <= row < len(self.templates) else None

    def _show_chosen(self) -> None:
        template = self.chosen()
        if template is None:
            self.about.setText(self.EMPTY if not self.templates else "")
        else:
            self.about.setText(template.approach or "No description.")
        self.rename_button.setEnabled(template is not None)
        self.delete_button.setEnabled(template is not None)

    def rename(self) -> bool:
        from careplan.services.templates import rename_own_template
        from careplan.ui.ops import LIBRARY

        template = self.chosen()
        if template is None:
            return False
        taken = [t.title for t in self.templates if t.category is template.category and t.code != template.code]
        name = RenameTemplateDialog.ask(self, template, taken)
        if name is None:
            return False
        result = self.ops.run_op(
            lambda s: rename_own_template(s, template.code, name, template.version, self.author),
            parent=self,
            changes={LIBRARY},
            title="Template not renamed",
        )
        self.refresh(template.code)
        return result.ok

    def delete(self) -> bool:
        from careplan.services.templates import delete_own_template
        from careplan.ui.ops import LIBRARY

        template = self.chosen()
        if template is None or not DeleteTemplateQuestion.ask(self, template):
            return False
        result = self.ops.run_op(
            lambda s: delete_own_template(s, template.code, template.version),
            parent=self,
            changes={LIBRARY},
            title="Template not deleted",
        )
        self.refresh()
        return result.ok


# --- copying a plan from another patient ---------------------------------------------------------------


class CopyPlanDialog(QDialog):
    """Find the other patient (as in the patient list), then choose one of their plans."""

    #: Patients listed at a time; typing more of the name narrows them.
    LIMIT = 50

    def __init__(self, ops: Ops, patient_name: str, patient_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self._exclude = patient_id
        self.setWindowTitle(f"Copy a plan for {patient_name}")
        named(self, self.windowTitle())
        self.search = named(QLineEdit(), "Find patient")
        self.search.setPlaceholderText("Name, date of birth or identifier")
        self.search.setClearButtonEnabled(True)
        self.patients = named(QListWidget(), "Patients")
        self.plans = named(QListWidget(), "Their plans")
        self.status = named(QLabel(), "Found")
        note = QLabel(
            f"The copy takes the plan's items, goals and programme for {patient_name}; it starts today. "
            "It takes none of the other patient's details, notes, summary, photos, team numbers or history. "
            "Check the pattern, side and dates before you save it."
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.copy_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.copy_button.setText("Copy plan")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(_buddy("&Find patient:", self.search))
        layout.addWidget(self.search)
        layout.addWidget(self.status)
        layout.addWidget(self.patients, 3)
        layout.addWidget(_buddy("&Plan to copy:", self.plans))
        layout.addWidget(self.plans, 2)
        layout.addWidget(note)
        layout.addWidget(self.buttons)

        # A search runs when typing pauses, not at every key.
        self._pause = QTimer(self, singleShot=True, interval=250)
        self._pause.timeout.connect(self.search_now)
        self.search.textChanged.connect(lambda _text: self._pause.start())
        self.patients.currentItemChanged.connect(lambda _now, _before: self._show_plans())
        self.plans.currentItemChanged.connect(lambda _now, _before: self._update())
        self.plans.itemActivated.connect(lambda _item: self.accept() if self.chosen() else None)
        self.search_now()
        # Fits a 1366x768 screen at 150% scaling; the lists take what the dialog is given.
        self.resize(560, 420)

    def search_now(self) -> None:
        """List the patients matching what is typed (the first ``LIMIT``, in name order)."""
        from careplan.services.plans import patient_page

        text = self.search.text()
        result = self.ops.read(lambda s: patient_page(s, text, limit=self.LIMIT + 1), parent=self)
        found = [p for p in (result.value or []) if p.id != self._exclude]
        self.patients.clear()
        for patient in found[: self.LIMIT]:
            count = patient.number_of_plans
            item = QListWidgetItem(
                f"{patient.full_name}, born {format_date(patient.date_of_birth)}: {count} plan{'s' * (count != 1)}"
            )
            item.setData(Qt.ItemDataRole.UserRole, patient.id)
            if not count:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.patients.addItem(item)
        more = " (type more of the name to narrow them)" if len(found) > self.LIMIT else ""
        shown = min(len(found), self.LIMIT)
        self.status.setText(f"{shown} patient{'s' * (shown != 1)}{more}" if found else "No other patient matches.")
        first = next(
            (r for r in range(self.patients.count()) if self.patients.item(r).flags() & Qt.ItemFlag.ItemIsEnabled), -1
        )
        self.patients.setCurrentRow(first)
        self._show_plans()

    def _show_plans(self) -> None:
        from careplan.services.plans import patient_summary

        self.plans.clear()
        item = self.patients.currentItem()
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsEnabled:
            patient_id = int(item.data(Qt.ItemDataRole.UserRole))
            result = self.ops.read(lambda s: patient_summary(s, patient_id), parent=self)
            summary: PatientSummary | None = result.value
            for plan in sorted(summary.plans if summary else (), key=lambda p: p.updated_at, reverse=True):
                review = f", review {format_date(plan.review_date)}" if plan.review_date else ""
                row = QListWidgetItem(f"{plan.title}\n{plan.category.label}{review}, revision {plan.revision}")
                row.setData(Qt.ItemDataRole.UserRole, plan.plan_id)
                self.plans.addItem(row)
            self.plans.setCurrentRow(0)
        self._update()

    def _update(self) -> None:
        self.copy_button.setEnabled(self.chosen() is not None)

    def chosen(self) -> int | None:
        item = self.plans.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    @classmethod
    def ask(cls, parent: QWidget | None, ops: Ops, patient_name: str, patient_id: int | None) -> int | None:
        dialog = cls(ops, patient_name, patient_id, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()


def copy_plan_for(
    parent: QWidget | None, ops: Ops, patient_id: int, patient_name: str, therapist: Therapist, today: dt.date
) -> tuple[PlanRecord, PlanRecord] | None:
    """Ask which plan, then make the copy for ``patient_id``: (the plan read, the new unsaved plan)."""
    from careplan.services.templates import copy_of_plan

    plan_id = CopyPlanDialog.ask(parent, ops, patient_name, patient_id)
    if plan_id is None:
        return None
    result = ops.read(
        lambda s: copy_of_plan(s, plan_id, patient_id, therapist=therapist, today=today),
        parent=parent,
        title="Copy plan",
    )
    return result.value if result.ok else None


# --- the window's two commands (wired in ``careplan.ui.actions``) ---------------------------------------


def save_template_command(window: MainWindow) -> bool:
    """Plan → Save as my template…: the open plan as one of the therapist's own templates."""
    record = window.session.current_record()
    if record is None:
        return False
    saved = save_as_template(window, window.ops, record, window.library, window.settings.therapist.name or None)
    if saved is None:
        return False
    window.session.status(
        f"Saved as your template “{saved.title}”: New plan lists it for {saved.category.label}.", 10000
    )
    return True


def manage_templates_command(window: MainWindow) -> None:
    """Plan → Manage my templates…: rename or delete the therapist's own templates."""
    ManageTemplatesDialog(window.ops, window.settings.therapist.name or None, window).exec()


def copy_plan_command(window: MainWindow) -> bool:
    """Plan → Copy plan from another patient…: a copy for the patient open or selected, opened unsaved;
    reading the other patient's plan is recorded in its activity log."""
    from careplan.services.audit import Action

    session = window.session
    record = session.current_record()
    selected = window.patients.selected_patient()
    if record is not None and record.patient.id is not None:
        patient_id, name = record.patient.id, record.patient.full_name
    elif selected is not None:
        patient_id, name = selected.id, selected.full_name
    else:
        return False
    if not session.maybe_keep_changes():
        return False
    actor = session.actor("copies plans")
    if actor is None:
        return False
    made = copy_plan_for(window, window.ops, patient_id, name, window.settings.default_therapist(), window.today())
    if made is None:
        return False
    source, copy = made
    session.audit_read(actor, Action.OPENED, source, "copied to another patient")
    session.show_record(copy, unsaved=True)
    session.status("Copied: check the pattern, side and dates, then save the plan.", 10000)
    return True
