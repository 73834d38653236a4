"""Starting a plan (category, then a template or a blank plan) and picking one of a patient's plans."""

from __future__ import annotations

from dataclasses import dataclass
from types import EllipsisType
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from careplan.core.enums import Category
from careplan.core.library import Library
from careplan.core.templates import template_counts
from careplan.services.plans import PatientSummary
from careplan.ui.formatting import format_date
from careplan.ui.widgets import ProblemLabel, named

_BLANK = ""


@dataclass(frozen=True)
class NewPlanChoice:
    category: Category
    template_code: str | None
    title: str


class NewPlanDialog(QDialog):
    def __init__(self, library: Library, patient_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.setWindowTitle(f"New plan for {patient_name}")
        named(self, self.windowTitle())

        self.categories = named(QListWidget(), "Dystonia category")
        for category in Category:
            item = QListWidgetItem(category.label)
            item.setData(Qt.ItemDataRole.UserRole, category.value)
            item.setToolTip(category.description)
            self.categories.addItem(item)
        self.category_about = named(QLabel(), "About the category")
        self.category_about.setWordWrap(True)
        self.category_about.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)

        self.templates = named(QListWidget(), "Start from")
        self.templates.setWordWrap(True)
        self.templates.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.templates.setSpacing(2)
        self.template_about = named(QLabel(), "About the starting point")
        self.template_about.setWordWrap(True)
        self.template_about.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)

        self.title = named(QLineEdit(), "Plan title")
        self.title.setMaxLength(200)
        self.title_problem = ProblemLabel("plan title")
        self._title_edited = False
        self.title.textEdited.connect(self._on_title_edited)

        cat_label = QLabel("&1. Dystonia category:")
        cat_label.setBuddy(self.categories)
        tpl_label = QLabel("&2. Start from:")
        tpl_label.setBuddy(self.templates)
        title_label = QLabel("&3. Plan title:")
        title_label.setBuddy(self.title)

        left = QVBoxLayout()
        left.addWidget(cat_label)
        left.addWidget(self.categories, 1)
        left.addWidget(self.category_about)
        right = QVBoxLayout()
        right.addWidget(tpl_label)
        right.addWidget(self.templates, 1)
        right.addWidget(self.template_about)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Create plan")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(title_label)
        layout.addWidget(self.title)
        layout.addWidget(self.title_problem)
        layout.addWidget(self.buttons)

        self.categories.currentItemChanged.connect(self._on_category)
        self.templates.currentItemChanged.connect(self._on_template)
        self.title.textChanged.connect(self._validate)
        self.categories.setCurrentRow(0)
        self.resize(760, 480)

    def category(self) -> Category:
        item = self.categories.currentItem()
        return Category(item.data(Qt.ItemDataRole.UserRole)) if item else Category.CERVICAL

    def template_code(self) -> str | None:
        item = self.templates.currentItem()
        code = item.data(Qt.ItemDataRole.UserRole) if item else _BLANK
        return code or None

    def select(self, category: Category, template_code: str | EllipsisType | None = ...) -> None:
        """Choose a category and, unless left out, a template (None: the blank plan)."""
        for row in range(self.categories.count()):
            if self.categories.item(row).data(Qt.ItemDataRole.UserRole) == category.value:
                self.categories.setCurrentRow(row)
        if template_code is ...:
            return
        for row in range(self.templates.count()):
            if (self.templates.item(row).data(Qt.ItemDataRole.UserRole) or None) == template_code:
                self.templates.setCurrentRow(row)

    def _on_category(self) -> None:
        category = self.category()
        self.category_about.setText(category.description)
        self.templates.clear()
        # The therapist's own templates first (the ones they made for their patients), then the starter ones.
        templates = sorted(self.library.templates_for(category), key=lambda t: not t.is_own)
        for template in templates:
            kind = "Your template" if template.is_own else "Starter template"
            item = QListWidgetItem(f"{kind}: {template.title}")
            item.setData(Qt.ItemDataRole.UserRole, template.code)
            item.setToolTip(template.approach or template.title)
            self.templates.addItem(item)
        blank = QListWidgetItem("A blank plan")
        blank.setData(Qt.ItemDataRole.UserRole, _BLANK)
        self.templates.addItem(blank)
        self.templates.setCurrentRow(0)

    def _on_template(self) -> None:
        code = self.template_code()
        template = self.library.template(code) if code else None
        if template is not None:
            items, goals = template_counts(template)
            where = "saved from one of your plans" if template.is_own else "from the library"
            about = f"{template.approach}\n\n" if template.approach else ""
            counted = f"{items} item{'s' * (items != 1)} and {goals} goal{'s' * (goals != 1)}"
            self.template_about.setText(f"{about}Starts with {counted} {where}; you can change everything.")
        else:
            self.template_about.setText("An empty plan: add goals and items from the library yourself.")
        if not self._title_edited:
            self.title.setText(template.title if template else f"{self.category().label} care plan")

    def _on_title_edited(self) -> None:
        self._title_edited = True

    def _validate(self) -> None:
        empty = not self.title.text().strip()
        self.title_problem.show_problem("Enter a title for the plan." if empty else None)
        self.ok_button.setEnabled(not empty)

    def choice(self) -> NewPlanChoice:
        return NewPlanChoice(self.category(), self.template_code(), " ".join(self.title.text().split()))

    @classmethod
    def ask(cls, parent: QWidget | None, library: Library, patient_name: str) -> NewPlanChoice | None:
        dialog = cls(library, patient_name, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()


NEW_PLAN: Literal["new"] = "new"


class PlanChooserDialog(QDialog):
    """A patient with several plans: open which one, or start a new one."""

    def __init__(self, patient: PatientSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Plans for {patient.full_name}")
        named(self, self.windowTitle())
        self.plans = named(QListWidget(), "Plans")
        for plan in sorted(patient.plans, key=lambda p: p.updated_at, reverse=True):
            review = f", review {format_date(plan.review_date)}" if plan.review_date else ""
            item = QListWidgetItem(f"{plan.title}\n{plan.category.label}{review}, revision {plan.revision}")
            item.setData(Qt.ItemDataRole.UserRole, plan.plan_id)
            self.plans.addItem(item)
        self.plans.setCurrentRow(0)
        self.plans.itemActivated.connect(lambda _item: self.accept())
        label = QLabel(f"{patient.full_name} has {len(patient.plans)} plans. &Open which one?")
        label.setWordWrap(True)
        label.setBuddy(self.plans)
        self.new_button = named(QPushButton("&New plan…"), "New plan")
        self.new_button.clicked.connect(self._on_new)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.new_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.plans, 1)
        layout.addWidget(buttons)
        self._wants_new = False
        self.resize(480, 320)

    def _on_new(self) -> None:
        self._wants_new = True
        self.accept()

    def chosen(self) -> int | Literal["new"] | None:
        if self._wants_new:
            return NEW_PLAN
        item = self.plans.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item else None

    @classmethod
    def ask(cls, parent: QWidget | None, patient: PatientSummary) -> int | Literal["new"] | None:
        dialog = cls(patient, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()
