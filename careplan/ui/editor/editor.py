"""``PlanEditorWidget``: the whole plan editor, as the main window embeds it.

Four pages in tabs: Plan details, Items (library | items | item editor side by side),
Goals, Programme & notes.  A line above the tabs always says whose plan it is, its
category and how many items carry cautions.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from careplan.core.enums import Category, ToxinPhase
from careplan.core.library import Library
from careplan.core.model import Plan, PlanRecord
from careplan.ui.editor.details_page import PlanDetailsPage
from careplan.ui.editor.document import Location, PlanDocument
from careplan.ui.editor.goals_page import GoalsPage
from careplan.ui.editor.item_editor import ItemEditor
from careplan.ui.editor.items_panel import PlanItemsPanel
from careplan.ui.editor.labels import format_date
from careplan.ui.editor.library_panel import LibraryBrowser, RepeatEntryDialog
from careplan.ui.editor.own_entry_dialog import OwnEntrySaver
from careplan.ui.editor.programme_page import ProgrammePage
from careplan.ui.editor.widgets import VIEW_CONTROL, ElidedLabel, OptionalDateEdit, UndoKeysFilter
from careplan.ui.messages import Notice

_PAGES = ("details", "items", "goals", "programme")

_STYLE = """
QLabel#paneHeading { font-weight: bold; }
QLabel#planHeader { font-weight: bold; padding: 4px 2px; }
QLabel#readOnlyBanner { background: #e8eef7; border: 1px solid #4a6fa5; border-radius: 3px; padding: 4px 8px; }
"""


class PlanEditorWidget(QWidget):
    """Edits one care plan; every change is a step on ``undo_stack``."""

    #: The new ``Plan`` after every edit, undo or redo (not after ``load``).
    plan_changed = Signal(object)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planEditor")
        self.setStyleSheet(_STYLE)
        self.document = PlanDocument(library, self)
        self.undo_stack = self.document.undo_stack
        self._record: PlanRecord | None = None
        #: Where the person is in the botulinum toxin cycle today, in words (None: no injection recorded).
        self._toxin_position: str | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        # Two lines whatever the text (cut with "…", whole in the tooltip): a header that wrapped and
        # unwrapped while the therapist typed moved the tabs and fields under the mouse.
        self.header = ElidedLabel(lines=2)
        self.header.setObjectName("planHeader")
        layout.addWidget(self.header)
        self.read_only_banner = QLabel()
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.hide()
        layout.addWidget(self.read_only_banner)

        self.details_page = PlanDetailsPage(self.document)
        self.library_browser = LibraryBrowser(self.document)
        self.items_panel = PlanItemsPanel(self.document)
        self.item_editor = ItemEditor(self.document)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        # The three panes' least widths add up to what the whole editor needs: 150% scaling on a 1366x768
        # screen leaves it about 880 points (the patient list gives way), a read-only revision window 859.
        self.library_browser.setMinimumWidth(236)
        self.items_panel.setMinimumWidth(190)
        # As wide as its fields need (about 400 px): narrower, it scrolled sideways at 150% scaling.
        fields = self.item_editor.widget()
        scroll_bar = self.item_editor.verticalScrollBar().sizeHint().width()
        self.item_editor.setMinimumWidth(max(340, fields.minimumSizeHint().width() + scroll_bar if fields else 0))
        for pane, stretch in ((self.library_browser, 3), (self.items_panel, 3), (self.item_editor, 5)):
            self.splitter.addWidget(pane)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        self.splitter.setSizes([370, 330, 620])
        self.goals_page = GoalsPage(self.document)
        self.programme_page = ProgrammePage(self.document)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.details_page, "Plan &details")
        self.tabs.addTab(self.splitter, "&Items")
        self.tabs.addTab(self.goals_page, "&Goals")
        self.tabs.addTab(self.programme_page, "P&rogramme && notes")  # Alt+P is the Plan menu
        self.tabs.tabBar().setAccessibleName("Plan editor pages")
        layout.addWidget(self.tabs, 1)

        self.items_panel.current_row_changed.connect(self.item_editor.set_row)
        self.programme_page.review_date_requested.connect(self._go_to_review_date)
        self.document.plan_changed.connect(self._plan_changed)
        self.document.location_revealed.connect(self._reveal)
        self.document.read_only_changed.connect(self._apply_read_only)
        self.document.refused.connect(lambda text: Notice.error(self, "The plan is full", text))
        self.document.confirm_repeat = lambda entries: RepeatEntryDialog.ask(self, entries)
        self.document.library_changed.connect(lambda _l: self._update_header(self.document.plan))

        self._undo_keys = UndoKeysFilter(self.undo_stack, self)
        for widget in self.findChildren(QWidget):
            if isinstance(widget, (QLineEdit, QAbstractSpinBox, QPlainTextEdit, QTextEdit)) and not widget.property(
                VIEW_CONTROL
            ):
                widget.installEventFilter(self._undo_keys)
        QWidget.setTabOrder(self.library_browser.new_button, self.items_panel.view)
        QWidget.setTabOrder(self.items_panel.remove_button, self.item_editor.title)
        self._plan_changed(self.document.plan, None)

    # -- the contract the main window uses -------------------------------------------------

    def set_library(self, library: Library) -> None:
        """A new library (for instance after the therapist added an own entry elsewhere)."""
        self.document.set_library(library)

    def set_toxin_phase(self, position: str | None, phase: ToxinPhase | None) -> None:
        """Show where the person is in the toxin cycle ("Week 3 of 12 after the injection on 2 Nov 2026")
        in the header, and mark the library entries that suit that phase (None, None: no injection)."""
        self._toxin_position = position
        self.library_browser.model.set_toxin_phase(phase)
        self._update_header(self.document.plan)

    def set_own_entry_saver(self, saver: OwnEntrySaver | None) -> None:
        """How to store a new own library entry: takes the entry, returns it stored, with its code."""
        self.library_browser.set_own_entry_saver(saver)

    def load(self, record: PlanRecord) -> None:
        """Show ``record``'s plan with an empty, clean undo history."""
        self._record = record
        self.item_editor.photo_problem.show_problem(None)
        self.document.set_patient(record.patient)
        self.document.load(record.plan)
        self.items_panel.select_row(0)
        self.goals_page.select_row(0)
        if self.document.read_only:
            self._apply_read_only(True)  # the banner names the revision now shown

    def record(self) -> PlanRecord:
        """The plan as it stands now, with the ids, version and patient it was loaded with."""
        if self._record is None:
            raise RuntimeError("no plan is loaded in the editor")
        return replace(self._record, plan=self.document.plan)

    def mark_saved(self, record: PlanRecord) -> None:
        """The plan was saved as ``record``: take its ids, version and revision; the history stays."""
        if self._record is None:
            self._record = replace(record, plan=self.document.plan)
        else:
            self._record = replace(
                self._record,
                patient=record.patient,
                plan_id=record.plan_id,
                version=record.version,
                revision=record.revision,
            )
        self.undo_stack.setClean()
        self._update_header(self.document.plan)

    def set_read_only(self, read_only: bool) -> None:
        """Show without allowing changes (an old revision): fields stay selectable and scrollable."""
        self.document.set_read_only(read_only)  # read_only_changed -> _apply_read_only

    def is_read_only(self) -> bool:
        return self.document.read_only

    def apply_template(self, template_code: str) -> None:
        """Add the starter template's items and goals (one undo step); KeyError for an unknown code."""
        self.document.apply_template(template_code)

    def plan(self) -> Plan:
        return self.document.plan

    def focus_field(self, kind: str, index: int | None = None, field: str = "") -> QWidget:
        """Show and focus the place a readiness problem names (``careplan.core.readiness.Problem``'s
        ``kind``, ``index`` and ``field``): the item or goal selected, the field's box focused, or the
        row itself when the problem is the whole item or goal.  Returns the widget given focus."""
        scroller: QScrollArea | None = None
        found: object = None
        if kind == "item":
            self.tabs.setCurrentWidget(self.splitter)
            self.items_panel.select_row(index)
            found, scroller = getattr(self.item_editor, field, None) if field else None, self.item_editor
            fallback: QWidget = self.items_panel.view
        elif kind == "goal":
            self.tabs.setCurrentWidget(self.goals_page)
            self.goals_page.select_row(index)
            found = {"text": self.goals_page.text, "target_date": self.goals_page.target}.get(field)
            fallback = self.goals_page.view
        else:  # the plan's own fields and the therapist on it
            page = scroller = self.details_page
            self.tabs.setCurrentWidget(page)
            plan_fields = {"title": page.title, "summary": page.summary, "review_date": page.review_date}
            found = (page.therapist_fields if kind == "therapist" else plan_fields).get(field)
            fallback = page.title
        target = found if isinstance(found, QWidget) else fallback
        if isinstance(target, OptionalDateEdit):
            target = target.edit  # the date's text, where the therapist types
        if scroller is not None and target is not fallback:
            scroller.ensureWidgetVisible(target)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        return target

    # -- inside ------------------------------------------------------------------------

    def _plan_changed(self, plan: Plan, before: Plan | None) -> None:
        self._update_header(plan)
        counts = (len(plan.interventions), len(plan.goals))
        self.tabs.setTabText(1, f"&Items ({counts[0]})")
        self.tabs.setTabText(2, f"&Goals ({counts[1]})")
        if before is not None:
            self.plan_changed.emit(plan)

    def _update_header(self, plan: Plan) -> None:
        who = []
        if self._record is not None:
            who.append(self._record.patient.full_name)
        who.append(plan.title or "Untitled plan")
        category = plan.category.label
        if plan.category is Category.CERVICAL and plan.cervical_form:
            category += f", {plan.cervical_form.label.lower()}"
        if plan.category is Category.DYSTONIC_CP and plan.gmfcs_level:
            category += f", GMFCS {('I', 'II', 'III', 'IV', 'V')[plan.gmfcs_level - 1]}"
        parts = [category]
        if plan.review_date:
            parts.append(f"review {format_date(plan.review_date)}")
        if self._toxin_position:
            parts.append(self._toxin_position)
        cautions = self.document.cautions()
        cautioned = len({c.item_index for c in cautions if c.item_index is not None})
        if cautioned:
            parts.append(f"⚠ {cautioned} item{'s' * (cautioned != 1)} with cautions")
        if any(c.item_index is None for c in cautions):
            parts.append("⚠ plan caution (see Items)")
        # Whose plan on the first line; what it is and what needs care on the second.
        self.header.set_full_text("  ·  ".join(who) + "\n" + "  ·  ".join(parts))

    def _reveal(self, location: Location) -> None:
        self.tabs.setCurrentIndex(_PAGES.index(location.page))
        if location.page == "items":
            self.items_panel.select_row(location.row)
        elif location.page == "goals":
            self.goals_page.select_row(location.row)
        elif location.page == "programme":
            self.programme_page.select_adjustment(location.row)

    def _go_to_review_date(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.details_page.ensureWidgetVisible(self.details_page.review_date)
        self.details_page.review_date.setFocus()

    def _apply_read_only(self, read_only: bool) -> None:
        for widget in self.findChildren(QWidget):
            if widget.property(VIEW_CONTROL) or self._skip_for_read_only(widget):
                continue
            if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox)):
                widget.setReadOnly(read_only)
            elif isinstance(widget, (QComboBox, QCheckBox, QAbstractButton)):
                widget.setEnabled(not read_only)
        for panel in (self.details_page, self.library_browser, self.items_panel, self.item_editor):
            panel.update_actions()
        self.goals_page.update_actions()
        self.programme_page.update_actions()
        if read_only:
            revision = self._record.revision if self._record else None
            text = "Read only: you are looking at an earlier revision; nothing here can be changed."
            if revision is not None:
                text = f"Read only: revision {revision.number}, saved {format_date(revision.saved_at.date())}."
            self.read_only_banner.setText(text)
        self.read_only_banner.setVisible(read_only)

    @staticmethod
    def _skip_for_read_only(widget: QWidget) -> bool:
        """Parts of other controls: a spin box's line edit, tab-bar arrows, a calendar, a search box's clear button."""
        parent = widget.parentWidget()
        while parent is not None:
            if isinstance(parent, (QAbstractSpinBox, QTabBar, QCalendarWidget)) or parent.property(VIEW_CONTROL):
                return True
            parent = parent.parentWidget()
        return False
