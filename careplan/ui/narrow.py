"""A window too narrow for the patient list and the plan side by side: they take turns.

At 150% scaling a 1366x768 screen is 910x512 points; the editor needs about 814 of them and the
patient list about 350, so side by side the plan scrolled sideways.  Now, while a plan is open in
a window that narrow:

- the Patients and Reviews due docks give way (they hide) and the plan has the whole width;
- the "Patient list" button at the right of the editor's tabs (or File → Open patient…, Ctrl+O,
  or View → Patients) brings the list back, wide, in the plan's place; the plan stays open, and
  the middle of the window says whose plan it is, with a "Back to the plan" button;
- choosing a patient there opens their plan, and the list gives way again.

The docks come back by themselves when the plan closes or the window is made wide enough.  The
window's layout is saved as the user left it: a dock the user closed stays closed, a dock that only
gave way is saved as shown, so a wide screen the next day shows the usual layout.  On a wide window
(1366x768 at 100%) none of this happens.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QPushButton, QTabWidget, QToolButton, QVBoxLayout, QWidget

from careplan.ui.widgets import named

if TYPE_CHECKING:
    from careplan.ui.main_window import MainWindow

#: Room kept between the list and the plan (the dock's separator and frame).
SLACK = 12


class NarrowLayout(QObject):
    """Decides, on every resize and every plan opened or closed, whether the list and the plan fit
    side by side, and when they do not, which of the two the window shows."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        pane = window.patients
        self.docks: tuple[QDockWidget, ...] = (pane.patients_dock, pane.reviews_dock)
        #: Docks hidden here because there was no room (not ones the user closed).
        self.gave_way: list[QDockWidget] = []
        #: Narrow, a plan open, and the list shown in the plan's place.
        self.listing = False
        self._busy = False
        self.aside = self._build_aside()
        window.central.addWidget(self.aside)
        self.list_button = named(QToolButton(), "Show the patient list")
        self.list_button.setText("Patient list")
        self.list_button.setToolTip("Show the patient list in the plan's place; the plan stays open (Ctrl+O)")
        self.list_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.list_button.clicked.connect(pane.focus_search)
        self.list_button.hide()
        window.session.plan_opened.connect(self._plan_opened)
        window.session.plan_closed.connect(self.update)
        for dock in self.docks:
            dock.visibilityChanged.connect(self._dock_shown_or_hidden)
        window.central.currentChanged.connect(self._page_changed)
        window.installEventFilter(self)

    def _build_aside(self) -> QWidget:
        """What the middle of the window shows while the list has the plan's place."""
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        self.aside_title = QLabel()
        self.aside_title.setTextFormat(Qt.TextFormat.RichText)
        self.aside_title.setWordWrap(True)
        self.aside_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.aside_text = text = QLabel()
        text.setTextFormat(Qt.TextFormat.PlainText)  # a plan's title is shown as typed
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.back_button = named(QPushButton("&Back to the plan"), "Back to the plan")
        self.back_button.clicked.connect(self.back_to_plan)
        for widget in (self.aside_title, text):
            layout.addWidget(widget)
        layout.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        return page

    # ================================================================================== deciding

    def too_narrow(self) -> bool:
        """A plan is open and the window has less room than the list and the plan's editor need."""
        area = self.window.session.editor_area
        editor = area.widget() if area is not None else None
        if not self.window.session.has_plan or editor is None:
            return False
        needed = editor.minimumSizeHint().width() + self.window.patients.narrow_dock + SLACK
        return self.window.width() < needed

    def update(self) -> None:
        """Show the list and the plan side by side, or the plan alone, or the list in its place."""
        if self._busy:
            return
        self._busy = True
        try:
            narrow = self.too_narrow()
            if not narrow:
                self.listing = False
                self.give_back()
            elif self.listing:
                self._show_list()
            else:
                self._show_plan()
            self.list_button.setVisible(narrow and not self.listing)
        finally:
            self._busy = False

    def give_back(self) -> None:
        """Show the docks that gave way again (the plan closed, the window widened or is closing)."""
        returned, self.gave_way = self.gave_way, []
        for dock in returned:
            dock.show()
        session = self.window.session
        if session.has_plan and session.editor_area is not None:
            if self.window.central.currentWidget() is self.aside:
                self.window.central.setCurrentWidget(session.editor_area)
            if returned:
                self.window.patients.make_room(plan_open=True)

    def closing(self) -> None:
        """The window closes and saves its layout: docks that only gave way are saved as shown, and
        nothing here reacts to them coming back or to the window going."""
        self._busy = True
        self.listing = False
        self.give_back()

    def _show_plan(self) -> None:
        for dock in self.docks:
            if not dock.isHidden():
                dock.hide()
                self.gave_way.append(dock)
        if self.window.session.editor_area is not None:
            self.window.central.setCurrentWidget(self.window.session.editor_area)

    def _show_list(self) -> None:
        returned, self.gave_way = self.gave_way, []
        for dock in returned:
            dock.show()
        record = self.window.session.current_record()
        if record is not None:
            plan = record.plan.title or "Untitled plan"
            self.aside_title.setText(f"<h3>{html.escape(record.patient.full_name)}</h3>")
            self.aside_text.setText(
                f"Their plan “{plan}” is still open.\nChoose a patient to open their plan, or go back to this one."
            )
        self.window.central.setCurrentWidget(self.aside)
        pane = self.window.patients
        self.window.resizeDocks([pane.patients_dock], [pane.wide_dock], Qt.Orientation.Horizontal)

    # ================================================================================== what starts it

    def _plan_opened(self, _record: object) -> None:
        self.listing = False
        self._attach_button()
        self.update()

    def _attach_button(self) -> None:
        """The "Patient list" button sits at the right of the editor's tabs, where the row has room."""
        tabs = getattr(self.window.session.editor, "tabs", None)
        if isinstance(tabs, QTabWidget) and tabs.cornerWidget(Qt.Corner.TopRightCorner) is not self.list_button:
            tabs.setCornerWidget(self.list_button, Qt.Corner.TopRightCorner)
            QWidget.setTabOrder(tabs.tabBar(), self.list_button)  # Tab goes from the tabs to the button

    def _dock_shown_or_hidden(self, visible: bool) -> None:
        """The user brought the list back (a button, Ctrl+O, the View menu), or closed it again."""
        if self._busy or not self.too_narrow():
            return
        if visible and not self.listing:
            self.listing = True
            self.update()
        elif not visible and self.listing and self.window.isVisible() and self.window.patients.patients_dock.isHidden():
            self.back_to_plan()

    def _page_changed(self, _index: int) -> None:
        """The plan shown again while the list had its place (the same patient chosen again)."""
        area = self.window.session.editor_area
        if not self._busy and self.listing and area is not None and self.window.central.currentWidget() is area:
            self.back_to_plan()

    def back_to_plan(self) -> None:
        self.listing = False
        self.update()
        editor = self.window.session.editor
        if isinstance(editor, QWidget) and editor.isVisible():
            editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Resize:
            self.update()
        return False
