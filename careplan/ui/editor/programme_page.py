"""The "Programme & notes" page: visits, home practice, adjustments, and the confidential notes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from careplan.core.model import TEXT_MAX, Plan
from careplan.ui.editor.bindings import Binder
from careplan.ui.editor.document import Location, PlanDocument
from careplan.ui.editor.labels import format_date
from careplan.ui.editor.models import AdjustmentsListModel, set_adjustments
from careplan.ui.editor.widgets import ConfidentialBanner, TextBox, buddy_label, mark_view_control

CONFIDENTIAL = "Confidential — never printed on family or school handouts"
_BANNER = "Never printed on family or school handouts: for clinicians only."


class ProgrammePage(QScrollArea):
    #: The therapist asked to change the review date (it lives on the Plan details page).
    review_date_requested = Signal()

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._binder = Binder()
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        layout = QHBoxLayout(body)
        left = QVBoxLayout()
        right = QVBoxLayout()
        layout.addLayout(left, 1)
        layout.addSpacing(12)
        layout.addLayout(right, 1)
        self.setWidget(body)

        programme = QGroupBox("Programme")
        form = QFormLayout(programme)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.visits = TextBox(lines=2)
        self.visits.setPlaceholderText("For example: weekly for 6 weeks, then monthly")
        self._binder.text(self.visits, lambda p: p.programme.visits, self._commit("visits", "Edit visits"))
        form.addRow(buddy_label("&Visits:", self.visits), self.visits)
        self.home_practice = TextBox(lines=3)
        self.home_practice.setPlaceholderText("For example: ten minutes after school, five days a week")
        self._binder.text(
            self.home_practice,
            lambda p: p.programme.home_practice,
            self._commit("home_practice", "Edit home practice"),
        )
        form.addRow(buddy_label("H&ome practice:", self.home_practice), self.home_practice)
        review_row = QHBoxLayout()
        self.review_label = QLabel()
        self.review_label.setTextFormat(Qt.TextFormat.PlainText)
        self.review_button = QPushButton("Change…")
        self.review_button.setAccessibleName("Change the review date")
        self.review_button.setToolTip("The review date is set with the start date on the Plan details page")
        self.review_button.clicked.connect(self.review_date_requested)
        mark_view_control(self.review_button)  # only goes to another page: stays on when read-only
        review_row.addWidget(self.review_label, 1)
        review_row.addWidget(self.review_button)
        form.addRow("Review date:", review_row)
        left.addWidget(programme)

        adjustments = QGroupBox("Adjustments to the schedule or surroundings")
        box = QVBoxLayout(adjustments)
        self.adjustments_model = AdjustmentsListModel(document, self)
        self.adjustments = QListView()
        self.adjustments.setModel(self.adjustments_model)
        self.adjustments.setAccessibleName("Adjustments")
        self.adjustments.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.adjustments.setWordWrap(True)
        self.adjustments.setSpacing(3)
        self.adjustments.setMinimumHeight(90)
        self.adjustments.selectionModel().currentRowChanged.connect(lambda *_: self.update_actions())
        box.addWidget(self.adjustments, 1)
        hint = QLabel("Double-click or press F2 to change one.")
        hint.setStyleSheet("color: palette(placeholder-text);")
        box.addWidget(hint)
        row = QHBoxLayout()
        self.new_adjustment = QLineEdit()
        self.new_adjustment.setMaxLength(TEXT_MAX)
        self.new_adjustment.setPlaceholderText("e.g. stand for homework")
        self.new_adjustment.setToolTip("For example: stand at the kitchen counter for homework")
        self.new_adjustment.returnPressed.connect(self.add_adjustment)
        self.new_adjustment.textChanged.connect(lambda _t: self.update_actions())
        row.addWidget(buddy_label("New:", self.new_adjustment, "New adjustment"))
        row.addWidget(self.new_adjustment, 1)
        self.add_adjustment_button = QPushButton("&Add")
        self.add_adjustment_button.setAccessibleName("Add adjustment")
        self.add_adjustment_button.clicked.connect(self.add_adjustment)
        self.remove_adjustment_button = QPushButton("Re&move")
        self.remove_adjustment_button.setAccessibleName("Remove adjustment")
        self.remove_adjustment_button.clicked.connect(self.remove_adjustment)
        row.addWidget(self.add_adjustment_button)
        row.addWidget(self.remove_adjustment_button)
        box.addLayout(row)
        delete = QAction("Remove adjustment", self.adjustments)
        delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.remove_adjustment)
        self.adjustments.addAction(delete)
        self._delete_action = delete
        left.addWidget(adjustments, 1)

        notes = QGroupBox("Clinical notes")
        notes.setObjectName("clinicalNotes")
        notes_layout = QVBoxLayout(notes)
        self.confidential_banner = ConfidentialBanner(_BANNER)
        self.confidential_banner.setAccessibleName(CONFIDENTIAL)
        notes_layout.addWidget(self.confidential_banner)
        self.clinical_notes = TextBox(lines=6, fit=False)  # fills the column
        self.clinical_notes.setObjectName("confidentialNotes")
        self.clinical_notes.setStyleSheet(
            "QPlainTextEdit#confidentialNotes { background: #fff7f8; border: 1px solid #a4000f; }"
        )
        self.clinical_notes.setPlaceholderText("Assessment findings, reasoning, anything for clinicians only")
        self._binder.text(
            self.clinical_notes,
            lambda p: p.clinical_notes,
            lambda v: self._document.edit(
                self._document.plan.replace(clinical_notes=v),
                "Edit clinical notes",
                merge_key=("plan", "clinical_notes"),
                location=Location("programme"),
            ),
        )
        label = buddy_label("Confidential clinical no&tes:", self.clinical_notes, "Confidential clinical notes")
        self.clinical_notes.setAccessibleDescription(CONFIDENTIAL)
        notes_layout.addWidget(label)
        notes_layout.addWidget(self.clinical_notes, 1)
        right.addWidget(notes, 1)

        for first, second in (
            (self.visits, self.home_practice),
            (self.home_practice, self.review_button),
            (self.review_button, self.adjustments),
            (self.adjustments, self.new_adjustment),
            (self.new_adjustment, self.add_adjustment_button),
            (self.add_adjustment_button, self.remove_adjustment_button),
            (self.remove_adjustment_button, self.clinical_notes),
        ):
            QWidget.setTabOrder(first, second)

        document.plan_changed.connect(self._plan_changed)
        self._plan_changed(document.plan, None)

    def _commit(self, name: str, text: str) -> Callable[[object], None]:
        def commit(value: object) -> None:
            plan = self._document.plan
            programme = replace(plan.programme, **{name: value})  # type: ignore[arg-type]
            self._document.edit(
                plan.replace(programme=programme),
                text,
                merge_key=("programme", name),
                location=Location("programme"),
            )

        return commit

    def add_adjustment(self) -> None:
        text = self.new_adjustment.text().strip()
        if not text:
            return
        rows = self._document.plan.programme.adjustments
        if set_adjustments(self._document, (*rows, text), "Add adjustment", len(rows)):
            self.new_adjustment.clear()
            self.adjustments.setCurrentIndex(self.adjustments_model.index(len(rows)))

    def remove_adjustment(self) -> None:
        index = self.adjustments.currentIndex()
        if not index.isValid():
            return
        rows = list(self._document.plan.programme.adjustments)
        del rows[index.row()]
        set_adjustments(self._document, rows, "Remove adjustment", min(index.row(), len(rows) - 1))

    def select_adjustment(self, row: int | None) -> None:
        if row is not None and 0 <= row < self.adjustments_model.rowCount():
            self.adjustments.setCurrentIndex(self.adjustments_model.index(row))

    def _plan_changed(self, plan: Plan, _before: Plan | None) -> None:
        self._binder.refresh(plan)
        self.review_label.setText(
            format_date(plan.review_date) if plan.review_date else "Not set yet (set it on the Plan details page)"
        )
        self.update_actions()

    def update_actions(self) -> None:
        editable = not self._document.read_only
        self.add_adjustment_button.setEnabled(editable and bool(self.new_adjustment.text().strip()))
        self.remove_adjustment_button.setEnabled(editable and self.adjustments.currentIndex().isValid())
        self._delete_action.setEnabled(self.remove_adjustment_button.isEnabled())
