"""Ready to print, above the handout preview: what a handout of the plan would print wrong, with a
button beside each problem that takes the therapist to the place to correct it.

The problems are ``careplan.services.handouts.not_ready`` (the same check ``careplan check`` lists and
``careplan handout`` refuses on); each one's ``kind``, ``index`` and ``field`` say where it goes.  The
panel only shows them and says where a button leads: the preview checks, the main window goes there.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from careplan.core.readiness import Problem
from careplan.ui.widgets import named

#: The list scrolls inside the panel beyond this many problems, so the pages stay on the screen.
VISIBLE_ROWS = 3

_STYLE = """
QFrame#readinessPanel[ready="false"] { background: #fff4e5; border: 1px solid #c77700; border-radius: 3px; }
QFrame#readinessPanel[ready="true"] { background: #eaf6ea; border: 1px solid #3c8a3c; border-radius: 3px; }
QFrame#readinessPanel QScrollArea, QFrame#readinessPanel QScrollArea > QWidget > QWidget { background: transparent; }
QLabel#readinessHeading { font-weight: bold; }
"""

#: Where each kind of place is corrected, as the button says it: (kind, field) -> label; field "" for any.
_BUTTONS = {
    ("plan", "review_date"): "Go to the review date",
    ("plan", ""): "Go to the plan details",
    ("goal", ""): "Go to the goal",
    ("item", ""): "Go to the item",
}
#: No way to contact the therapist is corrected in either of two places.
CONTACT_LINKS = (
    ("therapist", "Add the therapist's phone to this plan"),
    ("clinic", "Add the clinic's phone in Settings"),
)


def links(problem: Problem) -> list[tuple[str, str]]:
    """The buttons beside ``problem``: (where, label); where is the problem's kind, or "clinic" for
    Settings.  None for a problem with no one place (a character no font can print)."""
    if problem.kind == "therapist":
        return list(CONTACT_LINKS)
    label = _BUTTONS.get((problem.kind, problem.field)) or _BUTTONS.get((problem.kind, ""))
    return [(problem.kind, label)] if label else []


class ReadinessPanel(QFrame):
    """The problems of the plan, or "Ready to print"; ``go_to`` says where the therapist asked to go."""

    #: (kind, index, field) of the place to show: a problem's own, or ("clinic", None, "phone").
    go_to = Signal(str, object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readinessPanel")
        self.setStyleSheet(_STYLE)
        named(self, "Ready to print")
        self.problems: list[Problem] = []
        self.heading = named(QLabel(), "Ready to print, summary")
        self.heading.setObjectName("readinessHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.rows = QWidget()
        self.grid = QGridLayout(self.rows)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(0, 1)
        self.list_area = named(QScrollArea(), "Problems to correct before printing")
        self.list_area.setWidgetResizable(True)
        self.list_area.setFrameShape(QFrame.Shape.NoFrame)
        self.list_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_area.setWidget(self.rows)
        # Once the rows are laid out (at the present width), the list's height is fitted to whole rows.
        self._fit = QTimer(self)
        self._fit.setSingleShot(True)
        self._fit.setInterval(0)
        self._fit.timeout.connect(self._fit_height)
        self.rows.installEventFilter(self)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.list_area)
        self.buttons: list[QPushButton] = []
        self.show_problems([])

    def is_ready(self) -> bool:
        return not self.problems

    def show_problems(self, problems: list[Problem]) -> None:
        """Replace the list (after a check); an empty list says plainly that the plan is ready."""
        self.problems = list(problems)
        for widget in self.rows.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            widget.deleteLater()
        while self.grid.count():
            self.grid.takeAt(0)
        self.buttons = []
        ready = not problems
        self.setProperty("ready", "true" if ready else "false")
        self.style().unpolish(self)
        self.style().polish(self)
        if ready:
            self.heading.setText("Ready to print: nothing in this plan would print wrong.")
        else:
            count = f"{len(problems)} thing{'s' if len(problems) != 1 else ''}"
            self.heading.setText(
                f"Not ready to print: {count} to correct. Until then the pages show DRAFT, and printing or "
                "saving makes a copy marked DRAFT."
            )
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, 0)
        for row, problem in enumerate(problems):
            self._add_row(row, problem)
        # The spare height goes below the last row: rows keep their own height, which _fit_height measures
        # (stretched to the list's height, each row's cell grew the list again, and the list the window).
        self.grid.setRowStretch(len(problems), 1)
        self.list_area.setVisible(not ready)
        self._fit_height()

    def _add_row(self, row: int, problem: Problem) -> None:
        text = QLabel(f"• {problem}")
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.grid.addWidget(text, row, 0, Qt.AlignmentFlag.AlignVCenter)
        box = QVBoxLayout()
        box.setSpacing(2)
        for where, label in links(problem):
            button = named(QPushButton(label), f"{label} ({problem.place})")
            button.setAutoDefault(False)
            index, field = (None, "phone") if where == "clinic" else (problem.index, problem.field)
            button.clicked.connect(lambda _c=False, w=where, i=index, f=field: self.go_to.emit(w, i, f))
            box.addWidget(button)
            self.buttons.append(button)
        self.grid.addLayout(box, row, 1, Qt.AlignmentFlag.AlignTop)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.rows and event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            self._fit.start()
        return False

    def _fit_height(self) -> None:
        """Tall enough for ``VISIBLE_ROWS`` whole problems (as wrapped at the present width), never
        a row cut in half; more scroll inside the panel."""
        rows = min(len(self.problems), VISIBLE_ROWS)
        if not rows:
            return
        cells = (self.grid.itemAtPosition(rows - 1, column) for column in (0, 1))
        bottom = max(cell.geometry().bottom() for cell in cells if cell is not None)
        if bottom <= 0 or not self.rows.isVisible():
            # Not laid out yet (the rows' next resize fits it; before the window is shown the rows have
            # Qt's default 640x480, which would make the window as tall): about two lines a problem.
            bottom = rows * 2 * self.fontMetrics().lineSpacing()
        height = bottom + 1 + 2 * self.list_area.frameWidth()
        if len(self.problems) > rows:
            height += self.grid.verticalSpacing() // 2  # a hint of the next row's gap: there is more
        if self.list_area.maximumHeight() != height:
            self.list_area.setMaximumHeight(height)
            self.list_area.setMinimumHeight(height)
