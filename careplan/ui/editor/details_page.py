"""The "Plan details" page: category, starter template, title, regions, dates, therapist, summary."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from careplan.core.cautions import involved_regions
from careplan.core.enums import Category, CervicalForm, NeckLevel, Pattern, Side
from careplan.core.library import Template
from careplan.core.model import TITLE_MAX, Contact, Plan, Therapist
from careplan.core.templates import template_additions
from careplan.ui.editor.bindings import Binder
from careplan.ui.editor.delegates import TwoLineDelegate
from careplan.ui.editor.document import Location, PlanDocument
from careplan.ui.editor.labels import REGIONS, region_label
from careplan.ui.editor.models import ROLE_SUBTITLE
from careplan.ui.editor.widgets import CautionBox, LineBox, OptionalDateEdit, ProblemLabel, TextBox, buddy_label

_HERE = Location("details")

#: Categories where the plan can record a GMFCS level (children with generalised dystonia too).
_GMFCS_CATEGORIES = frozenset({Category.DYSTONIC_CP, Category.GENERALISED})
_CONTACT_COLUMNS = ("Role", "Name", "Phone")

_CERVICAL_FORMS: list[tuple[str, CervicalForm | None]] = [
    ("Not recorded", None),
    ("Stable: alternating arm movements steady the head", CervicalForm.STABLE),
    ("Unstable: alternating arm movements make it worse", CervicalForm.UNSTABLE),
]
_PULL_SIDES: list[tuple[str, Side | None]] = [
    ("Not recorded", None),
    ("Left: the head (or jaw) turns or tilts to the left", Side.LEFT),
    ("Right: the head (or jaw) turns or tilts to the right", Side.RIGHT),
]
_NECK_LEVELS: list[tuple[str, NeckLevel | None]] = [("Not recorded", None)] + [(n.label, n) for n in NeckLevel]
#: Which patterns the details page offers, by the region they belong to.
_PATTERN_GROUPS: dict[str, tuple[Pattern, ...]] = {
    region: tuple(p for p in Pattern if p.region == region) for region in ("neck", "jaw", "eyes", "hand")
}
_GMFCS: list[tuple[str, int | None]] = [("Not recorded", None)] + [
    (f"Level {roman}", n) for n, roman in enumerate(("I", "II", "III", "IV", "V"), start=1)
]


def _narrow(combo: QComboBox) -> None:
    """A combo as wide as its column gives, not as its longest entry: long entries made the left
    column push the plan's title and summary out of sight at 1366 px."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(16)
    combo.currentIndexChanged.connect(lambda _i: combo.setToolTip(combo.currentText()))


def _months_later(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


class PlanDetailsPage(QScrollArea):
    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._binder = Binder()
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        grid = QGridLayout(body)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(18)
        left = QVBoxLayout()
        right = QVBoxLayout()
        left.addWidget(self._category_group())
        left.addWidget(self._template_group())
        left.addWidget(self._dates_group())
        left.addWidget(self._therapist_group())
        left.addStretch(1)
        right.addWidget(self._plan_group())
        right.addWidget(self._regions_group())
        right.addWidget(self._contacts_group())
        right.addStretch(1)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        self._grid, self._left, self._right = grid, left, right
        self.setWidget(body)
        self._set_tab_order()
        document.plan_changed.connect(self._plan_changed)
        document.library_changed.connect(lambda _l: self._fill_templates())
        self._plan_changed(document.plan, None)

    # -- one column or two ----------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """Two columns side by side when they fit, one under the other when not (150 % beside the
        patient list): the page scrolls down, never sideways."""
        left_width = self._left.minimumSize().width()
        right_width = self._right.minimumSize().width()
        spacing = self._grid.horizontalSpacing() + self._grid.contentsMargins().left() * 2
        side_by_side = left_width + right_width + spacing <= self.viewport().width()
        if side_by_side == (self._grid.itemAtPosition(0, 1) is not None):
            return
        self._grid.removeItem(self._right)
        if side_by_side:
            self._grid.addLayout(self._right, 0, 1)
            self._grid.setColumnStretch(1, 1)
        else:
            self._grid.addLayout(self._right, 1, 0)
            self._grid.setColumnStretch(1, 0)

    def is_one_column(self) -> bool:
        return self._grid.itemAtPosition(0, 1) is None

    # -- groups ------------------------------------------------------------------------

    def _category_group(self) -> QGroupBox:
        box = QGroupBox("Dystonia category")
        form = QFormLayout(box)
        self.category = QComboBox()
        self.category.setItemDelegate(TwoLineDelegate(self.category))
        self.category.view().setMinimumWidth(640)
        _narrow(self.category)
        for index, category in enumerate(Category):
            self.category.addItem(category.label)
            self.category.setItemData(index, category.description, ROLE_SUBTITLE)
            self.category.setItemData(index, category.description, Qt.ItemDataRole.ToolTipRole)
        self.category.currentIndexChanged.connect(self._category_chosen)
        form.addRow(buddy_label("Categor&y:", self.category, "Dystonia category"), self.category)
        self.category_description = QLabel()
        self.category_description.setWordWrap(True)
        self.category_description.setStyleSheet("color: palette(placeholder-text);")
        form.addRow(self.category_description)

        self.cervical_form = QComboBox()
        self._binder.choice(
            self.cervical_form,
            _CERVICAL_FORMS,
            lambda p: p.cervical_form,
            lambda v: self._edit("Change cervical form", cervical_form=v),
        )
        self.cervical_form_label = buddy_label("Cervical form:", self.cervical_form)
        self.cervical_form.setToolTip("Whether alternating arm movements steady the head (stable) or worsen it")
        form.addRow(self.cervical_form_label, self.cervical_form)

        self.gmfcs = QComboBox()
        self._binder.choice(
            self.gmfcs, _GMFCS, lambda p: p.gmfcs_level, lambda v: self._edit("Change GMFCS level", gmfcs_level=v)
        )
        self.gmfcs.setToolTip("Gross Motor Function Classification System level")
        self.gmfcs_label = buddy_label("GMFCS level:", self.gmfcs)
        form.addRow(self.gmfcs_label, self.gmfcs)

        # The pattern of the pull: cautions and exercise directions depend on it.
        self.pattern_boxes: dict[Pattern, QCheckBox] = {}
        self.pattern_rows: dict[str, QWidget] = {}
        for region, patterns in _PATTERN_GROUPS.items():
            row_widget = QWidget()
            grid = QGridLayout(row_widget)
            grid.setContentsMargins(0, 0, 0, 0)
            for n, pattern in enumerate(patterns):
                check = QCheckBox(pattern.label)
                check.setAccessibleName(f"Pattern: {pattern.label}")
                check.toggled.connect(self._patterns_edited)
                grid.addWidget(check, n // 2, n % 2)
                self.pattern_boxes[pattern] = check
            self.pattern_rows[region] = row_widget
            form.addRow(QLabel(f"Pattern ({region_label(region).lower()}):"), row_widget)
        self.pull_side = QComboBox()
        self._binder.choice(
            self.pull_side, _PULL_SIDES, lambda p: p.pull_side, lambda v: self._edit("Change side", pull_side=v)
        )
        self.pull_side.setToolTip("The side the pull goes to; exercises then say which way to turn in words")
        self.pull_side_label = buddy_label("Pull towards:", self.pull_side)
        form.addRow(self.pull_side_label, self.pull_side)
        self.neck_level = QComboBox()
        self._binder.choice(
            self.neck_level,
            _NECK_LEVELS,
            lambda p: p.neck_level,
            lambda v: self._edit("Change neck level", neck_level=v),
        )
        self.neck_level.setToolTip(
            "Whether the head moves on the neck (caput), the neck on the trunk (collis), or both"
        )
        self.neck_level_label = buddy_label("Neck level:", self.neck_level)
        form.addRow(self.neck_level_label, self.neck_level)
        self.plan_cautions = CautionBox()
        self.plan_cautions.setAccessibleName("Cautions for the whole plan")
        form.addRow(self.plan_cautions)
        self._category_form = form
        return box

    def _template_group(self) -> QGroupBox:
        box = QGroupBox("Start from a starter template")
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.template = QComboBox()
        _narrow(self.template)
        self.template.view().setMinimumWidth(560)  # the list shows whole titles
        self.template.currentIndexChanged.connect(self._show_approach)
        label = buddy_label("Starter te&mplate:", self.template)
        self.apply_button = QPushButton("&Apply template")
        self.apply_button.setAccessibleName("Apply starter template")
        self.apply_button.clicked.connect(self._apply_template)
        # The combo on a line of its own, the group's whole width: the longest starter title needs 512 px at
        # 100% and a row shared with its label and Apply gave it 415 (cut with "…").
        row.addWidget(label)
        row.addStretch(1)
        row.addWidget(self.apply_button)
        layout.addLayout(row)
        layout.addWidget(self.template)
        self.approach = QLabel()
        self.approach.setWordWrap(True)
        self.approach.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.approach)
        return box

    def _dates_group(self) -> QGroupBox:
        box = QGroupBox("Dates")
        form = QFormLayout(box)
        self.start_date = OptionalDateEdit("&Start date:")
        self.review_date = OptionalDateEdit("Re&view date:")
        self.review_date.default_date = self._default_review
        for widget in (self.start_date, self.review_date):
            widget.date_edited.connect(self._dates_edited)
            widget.problem_changed.connect(self._date_problem)
            form.addRow(buddy_label(widget.label_text, widget), widget)
        self.dates_problem = ProblemLabel()
        form.addRow(self.dates_problem)
        return box

    def _therapist_group(self) -> QGroupBox:
        box = QGroupBox("Therapist (printed as the contact on handouts)")
        form = QFormLayout(box)
        self.therapist_fields: dict[str, QLineEdit] = {}
        for name, label in (("name", "Name:"), ("role", "R&ole:"), ("phone", "Phone:"), ("email", "Email:")):
            edit = QLineEdit()
            edit.setMaxLength(TITLE_MAX)
            self._binder.line(edit, self._read_therapist(name), self._commit_therapist(name))
            form.addRow(buddy_label(label, edit, f"Therapist {label.strip('&:').replace('&', '').lower()}"), edit)
            self.therapist_fields[name] = edit
        return box

    def _contacts_group(self) -> QGroupBox:
        box = QGroupBox("Team contacts (printed on the dystonia action plan)")
        layout = QVBoxLayout(box)
        self.contacts = QTableWidget(0, len(_CONTACT_COLUMNS))
        self.contacts.setHorizontalHeaderLabels(list(_CONTACT_COLUMNS))
        header = self.contacts.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.contacts.verticalHeader().setVisible(False)
        self.contacts.setWordWrap(True)  # a long role or name wraps in its cell instead of being cut
        self.contacts.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.contacts.setAccessibleName("Team contacts")
        self.contacts.setMinimumHeight(110)
        self.contacts.itemChanged.connect(self._contacts_edited)
        layout.addWidget(self.contacts)
        row = QHBoxLayout()
        self.add_contact = QPushButton("Add num&ber")
        self.add_contact.clicked.connect(self._add_contact_row)
        self.remove_contact = QPushButton("Remove number")
        self.remove_contact.clicked.connect(self._remove_contact_row)
        row.addWidget(self.add_contact)
        row.addWidget(self.remove_contact)
        row.addStretch(1)
        layout.addLayout(row)
        hint = QLabel(
            "For example: Neurology team, community nurse, out-of-hours line. A contact needs a role and a phone."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(hint)
        return box

    def _add_contact_row(self) -> None:
        self.contacts.insertRow(self.contacts.rowCount())
        self.contacts.setCurrentCell(self.contacts.rowCount() - 1, 0)
        self.contacts.editItem(self.contacts.item(self.contacts.rowCount() - 1, 0) or self._blank_cell(0))

    def _blank_cell(self, column: int) -> QTableWidgetItem:
        row = self.contacts.rowCount() - 1
        item = QTableWidgetItem("")
        blocked = self.contacts.blockSignals(True)
        self.contacts.setItem(row, column, item)
        self.contacts.blockSignals(blocked)
        return item

    def _remove_contact_row(self) -> None:
        row = self.contacts.currentRow()
        if row >= 0:
            self.contacts.removeRow(row)
            self._contacts_edited()

    def _cell(self, row: int, column: int) -> str:
        item = self.contacts.item(row, column)
        return item.text().strip() if item else ""

    def _table_contacts(self) -> tuple[Contact, ...]:
        """The contacts the table holds; a row without a role or a phone is still being typed."""
        return tuple(
            Contact(role=self._cell(r, 0), name=self._cell(r, 1) or None, phone=self._cell(r, 2))
            for r in range(self.contacts.rowCount())
            if self._cell(r, 0) and self._cell(r, 2)
        )

    def _contacts_edited(self, _item: object = None) -> None:
        contacts = self._table_contacts()
        plan = self._document.plan
        if contacts != plan.contacts:
            self._document.edit(plan.replace(contacts=contacts), "Edit team contacts", location=_HERE)

    def _show_contacts(self, plan: Plan) -> None:
        if self._table_contacts() == plan.contacts:
            return  # a half-typed row stays while the therapist finishes it
        blocked = self.contacts.blockSignals(True)
        self.contacts.setRowCount(len(plan.contacts))
        for r, contact in enumerate(plan.contacts):
            for c, value in enumerate((contact.role, contact.name or "", contact.phone)):
                self.contacts.setItem(r, c, QTableWidgetItem(value))
        self.contacts.blockSignals(blocked)

    def _plan_group(self) -> QGroupBox:
        box = QGroupBox("Plan")
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        # Wraps onto a second line rather than hiding the end of a long title.
        self.title = LineBox(TITLE_MAX)
        self.title.setPlaceholderText("For example: Neck posture and daily exercises")
        self._binder.text(
            self.title, lambda p: p.title, lambda v: self._edit("Edit plan title", "title", title=v or "")
        )
        form.addRow(buddy_label("Plan tit&le:", self.title), self.title)
        self.title_problem = ProblemLabel()
        form.addRow(self.title_problem)
        self.summary = TextBox(lines=6)
        self.summary.setPlaceholderText("A plain-language overview for the family and school (printed on handouts)")
        self._binder.text(self.summary, lambda p: p.summary, lambda v: self._edit("Edit summary", "summary", summary=v))
        form.addRow(buddy_label("S&ummary:", self.summary), self.summary)
        return box

    def _regions_group(self) -> QGroupBox:
        box = QGroupBox("Body regions")
        layout = QVBoxLayout(box)
        grid = QGridLayout()
        self.region_boxes: dict[str, QCheckBox] = {}
        columns = 3
        for n, code in enumerate(REGIONS):
            check = QCheckBox(region_label(code))
            check.setAccessibleName(f"Region: {region_label(code)}")
            check.toggled.connect(self._regions_edited)
            grid.addWidget(check, n // columns, n % columns)
            self.region_boxes[code] = check
        layout.addLayout(grid)
        row = QHBoxLayout()
        self.other_regions = QLineEdit()
        self.other_regions.setPlaceholderText("Other regions, separated by commas")
        self.other_regions.textEdited.connect(self._regions_edited)
        row.addWidget(buddy_label("O&ther:", self.other_regions, "Other regions"))
        row.addWidget(self.other_regions, 1)
        layout.addLayout(row)
        return box

    def _set_tab_order(self) -> None:
        order: list[QWidget] = [
            self.category,
            self.cervical_form,
            self.gmfcs,
            *self.pattern_boxes.values(),
            self.pull_side,
            self.neck_level,
            self.template,
            self.apply_button,
            # The date fields whole: naming their parts made Tab loop back here from Remove number.
            self.start_date,
            self.review_date,
            *self.therapist_fields.values(),
            self.title,
            self.summary,
            *self.region_boxes.values(),
            self.other_regions,
            self.contacts,
            self.add_contact,
            self.remove_contact,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    # -- edits -------------------------------------------------------------------------

    def _edit(self, text: str, merge: str | None = None, **changes: object) -> None:
        plan = self._document.plan
        self._document.edit(plan.replace(**changes), text, merge_key=("plan", merge) if merge else None, location=_HERE)

    def _read_therapist(self, name: str) -> Callable[[Plan], object]:
        return lambda plan: getattr(plan.therapist, name)

    def _commit_therapist(self, name: str) -> Callable[[object], None]:
        return lambda value: self._edit_therapist(name, value)

    def _edit_therapist(self, name: str, value: object) -> None:
        plan = self._document.plan
        therapist: Therapist = replace(plan.therapist, **{name: value})  # type: ignore[arg-type]
        self._document.edit(
            plan.replace(therapist=therapist), "Edit therapist", merge_key=("therapist", name), location=_HERE
        )

    def _category_chosen(self, index: int) -> None:
        category = list(Category)[index]
        plan = self._document.plan
        if category is plan.category:
            return
        self._document.edit(
            plan.replace(
                category=category,
                cervical_form=plan.cervical_form if category is Category.CERVICAL else None,
                gmfcs_level=plan.gmfcs_level if category in _GMFCS_CATEGORIES else None,
            ),
            f"Change category to {category.label}",
            location=_HERE,
        )

    def _patterns_edited(self, _checked: bool = False) -> None:
        plan = self._document.plan
        wanted = tuple(p for p, check in self.pattern_boxes.items() if check.isChecked())
        if wanted != plan.patterns:
            keep_side = any(p.sided for p in wanted)
            self._document.edit(
                plan.replace(patterns=wanted, pull_side=plan.pull_side if keep_side else None),
                "Change pattern",
                location=_HERE,
            )

    def _apply_template(self) -> None:
        code = self.template.currentData()
        if code:
            self._document.apply_template(code)

    def _default_review(self) -> dt.date:
        start = self.start_date.date() or dt.date.today()
        return _months_later(start, 3)

    def _date_problem(self, _text: str) -> None:
        """A date typed wrong: say so beside the dates (the plan keeps its last good dates)."""
        problem = self.start_date.problem() or self.review_date.problem()
        self.dates_problem.show_problem(problem or None)

    def _dates_edited(self, _value: object = None) -> None:
        start, review = self.start_date.date(), self.review_date.date()
        if start and review and review < start:
            # The plan cannot hold this; say so beside the field and keep the last good dates.
            self.dates_problem.show_problem(
                "The review date is before the start date. Change one of them: until then the plan keeps "
                "its previous dates."
            )
            return
        self.dates_problem.show_problem(None)
        plan = self._document.plan
        self._document.edit(
            plan.replace(start_date=start, review_date=review),
            "Change dates",
            merge_key=("plan", "dates"),
            location=_HERE,
        )

    def _regions_edited(self, _value: object = None) -> None:
        plan = self._document.plan
        known = [code for code, check in self.region_boxes.items() if check.isChecked()]
        others = [part.strip() for part in self.other_regions.text().split(",") if part.strip()]
        wanted = known + [o for o in others if o not in known]
        # Keep the plan's order for regions it had; new ones go at the end.
        regions = [r for r in plan.regions if r in wanted] + [r for r in wanted if r not in plan.regions]
        self._document.edit(
            plan.replace(regions=tuple(dict.fromkeys(regions))),
            "Change body regions",
            merge_key=("plan", "regions") if isinstance(_value, str) else None,
            location=_HERE,
        )

    # -- showing the plan ----------------------------------------------------------------

    def _plan_changed(self, plan: Plan, before: Plan | None) -> None:
        self._binder.refresh(plan)
        index = list(Category).index(plan.category)
        if self.category.currentIndex() != index:
            blocked = self.category.blockSignals(True)
            self.category.setCurrentIndex(index)
            self.category.blockSignals(blocked)
        self.category_description.setText(plan.category.description)
        cervical = plan.category is Category.CERVICAL
        self._category_form.setRowVisible(self.cervical_form, cervical)
        self._category_form.setRowVisible(self.gmfcs, plan.category in _GMFCS_CATEGORIES)
        involved = involved_regions(plan)
        for region, row_widget in self.pattern_rows.items():
            shown = region in involved or "whole_body" in involved or any(p.region == region for p in plan.patterns)
            if plan.category is Category.FOCAL_OTHER and region in ("jaw", "eyes"):
                shown = True
            self._category_form.setRowVisible(row_widget, shown)
        for pattern, check in self.pattern_boxes.items():
            if check.isChecked() != (pattern in plan.patterns):
                blocked = check.blockSignals(True)
                check.setChecked(pattern in plan.patterns)
                check.blockSignals(blocked)
        self._category_form.setRowVisible(self.pull_side, any(p.sided for p in plan.patterns))
        self._category_form.setRowVisible(self.neck_level, any(p.region == "neck" for p in plan.patterns))
        if before is None or before.category is not plan.category:
            self._fill_templates()
        elif self._chosen_template() is None:
            self._choose_started_from()  # a template applied from elsewhere (the New plan dialog)
        else:
            self._show_approach()
        self.title_problem.show_problem(None if plan.title.strip() else "A plan needs a title.")
        if before is None or (before.start_date, before.review_date) != (plan.start_date, plan.review_date):
            self.start_date.set_date(plan.start_date)
            self.review_date.set_date(plan.review_date)
            self.dates_problem.show_problem(None)
        self._show_regions(plan)
        self._show_contacts(plan)
        whole_plan = tuple(c.text for c in self._document.cautions() if c.item_index is None)
        self.plan_cautions.set_cautions(whole_plan, "For the whole plan")

    def _show_regions(self, plan: Plan) -> None:
        for code, check in self.region_boxes.items():
            if check.isChecked() != (code in plan.regions):
                blocked = check.blockSignals(True)
                check.setChecked(code in plan.regions)
                check.blockSignals(blocked)
        others = [r for r in plan.regions if r not in self.region_boxes]
        typed = [part.strip() for part in self.other_regions.text().split(",") if part.strip()]
        if typed != others:
            self.other_regions.setText(", ".join(others))

    def _fill_templates(self) -> None:
        """The category's templates, with the one the plan was started from chosen (or none: never a guess)."""
        category = self._document.plan.category
        templates = self._document.library.templates_for(category)
        blocked = self.template.blockSignals(True)
        self.template.clear()
        self.template.addItem("Choose a starter template…" if templates else "No starter template for this category")
        for template in templates:
            self.template.addItem(template.title, template.code)
        self.template.blockSignals(blocked)
        self._choose_started_from()

    def _choose_started_from(self) -> None:
        """Choose the template the plan was started from (``plan.template``), when it is one of the
        category's; nothing otherwise: never a guess from the items the plan happens to hold."""
        code = self._document.plan.template
        index = self.template.findData(code) if code else 0
        blocked = self.template.blockSignals(True)
        self.template.setCurrentIndex(max(index, 0))
        self.template.blockSignals(blocked)
        self._show_approach()

    def _chosen_template(self) -> Template | None:
        code = self.template.currentData()
        return self._document.library.template(code) if code else None

    def _show_approach(self, _index: int = 0) -> None:
        template = self._chosen_template()
        # Where the box is too narrow for the whole title (150 %), it is in the tooltip, told to screen
        # readers, and on the approach's first line (the index is set with signals blocked: not left to _narrow).
        self.template.setToolTip(self.template.currentText())
        self.template.setAccessibleDescription(self.template.currentText())
        if self.template.count() <= 1:
            self.approach.setText(
                "No starter template for this category: start blank and add items from the library on the Items page."
            )
        elif template is None:
            self.approach.setText(self._not_chosen())
        else:
            items, goals = template_additions(self._document.plan, self._document.library, template)
            started = (
                "This plan was started from this template. " if template.code == self._document.plan.template else ""
            )
            if items or goals:
                counts = [f"{n} {word}{'s' * (n != 1)}" for n, word in ((items, "item"), (goals, "goal")) if n]
                added = (
                    f"Apply adds {' and '.join(counts)} the plan does not have; items already in the plan are "
                    "not added twice."
                )
            else:
                added = "The plan has every item and goal of this template."
            self.approach.setText(f"{template.title}\n{template.approach}\n\n{started}{added}")
        self.update_actions()

    def _not_chosen(self) -> str:
        """What the page says with no template chosen: where the plan came from, in so far as it is known."""
        plan = self._document.plan
        choose = "Choose one to see its approach and add its items and goals."
        if plan.template is None:
            return f"This plan was not started from a template. {choose}"
        known = self._document.library.template(plan.template)
        if known is None:
            return f"This plan was started from a template that is no longer in the library. {choose}"
        other = f", a {known.category.label} template" if known.category is not plan.category else ""
        return f"This plan was started from “{known.title}”{other}. {choose}"

    def update_actions(self) -> None:
        editable = not self._document.read_only
        template = self._chosen_template()
        # Apply only beside a template chosen that would add something: never beside a guess.
        adds = template is not None and any(template_additions(self._document.plan, self._document.library, template))
        self.apply_button.setVisible(adds)
        self.apply_button.setEnabled(editable)
        self.template.setEnabled(editable and self.template.count() > 1)
        for widget in (self.start_date, self.review_date):
            widget.set_editable(editable)
