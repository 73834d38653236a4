"""Handouts inside the program: preview each audience's PDF, print it, save it.

The PDF is rendered from the editor's current snapshot on a worker thread
(ReportLab, through ``services.handouts.render_record``, the same code as
``careplan handout``), shown with QPdfView, and printed by drawing each page
(QPdfDocument.render) into the printer.  Above the pages, the readiness panel lists what the
handout would print wrong; while there is anything, the pages carry DRAFT and printing or saving
asks first and makes a copy marked DRAFT (the rule ``careplan handout`` keeps without --draft).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from careplan.core.audience import NAME_ONLY, HandoutPrivacy, fitting_audiences
from careplan.core.enums import Audience
from careplan.core.library import Library
from careplan.core.model import ClinicDetails, Plan, PlanRecord
from careplan.core.readiness import Problem
from careplan.ui.files import PDF_FILES, FileDialogs, safe_file_name, with_suffix, write_file
from careplan.ui.messages import Notice
from careplan.ui.ops import Progress, Task, explain, report, run_with_progress
from careplan.ui.readiness_panel import ReadinessPanel
from careplan.ui.screen import available, fit_on_screen, fitted
from careplan.ui.state import WindowState
from careplan.ui.widgets import named

log = logging.getLogger(__name__)

#: (record, audience, library, clinic, paper, large_print, draft) -> PDF bytes
Renderer = Callable[[PlanRecord, Audience, Library, ClinicDetails, str, bool, bool], bytes]

AUDIENCE_TABS = (
    (Audience.FAMILY, "Family"),
    (Audience.SCHOOL, "School"),
    (Audience.WORK, "Work and daily life"),
    (Audience.CLINICIAN, "Clinician summary"),
)

#: The first is the default: the whole page fitted in the window, as it will print.
_ZOOMS = (
    ("Whole page", QPdfView.ZoomMode.FitInView, 1.0),
    ("Page width", QPdfView.ZoomMode.FitToWidth, 1.0),
    ("100%", QPdfView.ZoomMode.Custom, 1.0),
    ("150%", QPdfView.ZoomMode.Custom, 1.5),
)

#: The size the preview asks for the first time it opens (then the size the therapist left it at):
#: as tall as the screen allows, for a whole page; the screen's free part bounds it (``ui/screen.py``).
PREVIEW_SIZE = QSize(1000, 2000)

#: Pages are drawn into the printer at most this sharp (a 1200 dpi A4 page would take 560 MB).
PRINT_MAX_DPI = 300


def render_handout(
    record: PlanRecord,
    audience: Audience,
    library: Library,
    clinic: ClinicDetails,
    paper: str,
    large_print: bool,
    draft: bool = False,
    privacy: HandoutPrivacy = NAME_ONLY,
) -> bytes:
    from careplan.services.handouts import render_record

    return render_record(
        record, audience, library, clinic, paper=paper, large_print=large_print, privacy=privacy, draft=draft
    )


def handout_file_name(record: PlanRecord, audience: Audience, large_print: bool = False) -> str:
    what = audience.handout_name
    large = " (large print)" if large_print else ""
    return f"{safe_file_name(record.patient.full_name, 'patient')} - {what}{large}.pdf"


def page_size(paper: str) -> QPageSize:
    return QPageSize(QPageSize.PageSizeId.Letter if paper == "Letter" else QPageSize.PageSizeId.A4)


def print_pdf(document: QPdfDocument, printer: QPrinter, max_dpi: int = PRINT_MAX_DPI) -> int:
    """Draw every page of ``document`` into ``printer``, each scaled to fit the page; returns the page count."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be started")
    try:
        dpi = min(printer.resolution(), max_dpi)
        area = printer.pageLayout().paintRectPixels(printer.resolution())
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            image = document.render(page, QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72)))
            scale = min(area.width() / image.width(), area.height() / image.height())
            w, h = image.width() * scale, image.height() * scale
            target = QRectF((area.width() - w) / 2, (area.height() - h) / 2, w, h)
            painter.drawImage(target, image)
    finally:
        painter.end()
    return document.pageCount()


#: At most this many problems are listed in the question before printing (the panel lists them all).
PROBLEMS_SHOWN = 12
#: How long the preview waits after the last edit of the plan before checking it again.
RECHECK_DELAY_MS = 400


class NotReadyDialog:
    """Before a handout of a plan that is not ready is printed or saved: a copy marked DRAFT, or nothing."""

    @classmethod
    def ask(cls, parent: QWidget | None, problems: list[Problem], action: str) -> bool:
        shown = [f"• {p}" for p in problems[:PROBLEMS_SHOWN]]
        if len(problems) > PROBLEMS_SHOWN:
            shown.append(f"…and {len(problems) - PROBLEMS_SHOWN} more (the list above the preview shows them all).")
        return Notice.confirm(
            parent,
            "This plan is not ready to print",
            "A handout of this plan would print wrong:\n\n"
            + "\n".join(shown)
            + "\n\nCorrect the plan first (Preview handouts lists each problem with a button that goes to it), "
            'or make a copy with "DRAFT" across every page.',
            yes=f"{action} as draft",
        )


def print_as_draft(
    parent: QWidget | None,
    record: PlanRecord,
    library: Library,
    clinic: ClinicDetails,
    today: dt.date,
    action: str,
) -> bool | None:
    """Whether the handout must be printed as a draft: False when the plan is ready, True when it is
    not and the therapist chose "Print as draft", None when they cancelled.  One rule with
    ``careplan handout``, which refuses unless --draft: the same check, ``not_ready``."""
    from careplan.services.handouts import not_ready

    problems = not_ready(record, library, clinic, today)
    if not problems:
        return False
    return True if NotReadyDialog.ask(parent, problems, action) else None


class PrintDialogs:
    @classmethod
    def ask(cls, parent: QWidget | None, printer: QPrinter) -> bool:
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle("Print handout")
        return dialog.exec() == QDialog.DialogCode.Accepted


class HandoutPreviewDialog(QDialog):
    """Family, school and clinician handouts of one snapshot, rendered on a worker thread."""

    #: The audience whose PDF is now shown.
    rendered = Signal(str)
    #: Rendering failed (the message is shown inside the dialog).
    render_failed = Signal(str)
    #: The plan was checked again (the readiness panel shows the problems; empty: ready).
    checked = Signal(list)
    #: A handout left the program: ("printed" or "saved", the audience, large print).  The main
    #: window records it in the activity log, as it does for its own Print and Save.
    handout_out = Signal(str, object, bool)

    def __init__(
        self,
        record: PlanRecord,
        library: Library,
        clinic: ClinicDetails,
        paper: str,
        state: WindowState,
        log_file: Path,
        parent: QWidget | None = None,
        renderer: Renderer = render_handout,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.record = record
        self.today = today
        self.problems: list[Problem] = []
        self.library = library
        self.clinic = clinic
        self.paper = paper
        self.state = state
        self.log_file = log_file
        self.renderer = renderer
        #: Asked before a handout leaves the program ("prints handouts"): the main window asks the
        #: therapist's name, which the activity log records; False: not printed or saved.
        self.may_output: Callable[[str], bool] = lambda what: True
        self._cache: dict[tuple[Audience, bool], bytes] = {}
        self._task: Task | None = None
        self._buffer: QBuffer | None = None
        self.setWindowTitle(f"Handouts: {record.patient.full_name}, {record.plan.title}")
        named(self, "Handout preview")

        self.tabs = named(QTabBar(), "Handout for")
        self.tabs.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        #: Only the handouts that fit the person (careplan.core.audience.fitting_audiences).
        fitting = fitting_audiences(record.patient)
        self.offered = tuple((a, label) for a, label in AUDIENCE_TABS if a in fitting)
        for _audience, label in self.offered:
            self.tabs.addTab(label)
        self.large_print = named(QCheckBox("&Large print"), "Large print")
        self.paper_label = named(QLabel(f"Paper: {paper} (change it in Settings)"), "Paper size")
        for_label = QLabel("Handout &for:")
        for_label.setBuddy(self.tabs)

        self.document = QPdfDocument(self)
        self.view = named(QPdfView(), "Handout pages")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(_ZOOMS[0][1])
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.zoom = named(QComboBox(), "Zoom")
        for label, mode, factor in _ZOOMS:
            self.zoom.addItem(label, (mode, factor))
        self.zoom.currentIndexChanged.connect(self._on_zoom)
        zoom_label = QLabel("&Zoom:")
        zoom_label.setBuddy(self.zoom)
        self.busy = named(QLabel(), "Progress")
        self.busy.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.busy.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.busy)
        self.pages.addWidget(self.view)
        self.readiness = ReadinessPanel()
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(RECHECK_DELAY_MS)
        self._recheck.timeout.connect(self.refresh)

        self.print_button = named(QPushButton("&Print…"), "Print")
        self.print_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.save_button = named(QPushButton("&Save as PDF…"), "Save as PDF")
        self.close_button = named(QPushButton("Close"), "Close")
        self.print_button.clicked.connect(self.print_handout)
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.accept)

        top = QHBoxLayout()
        top.addWidget(for_label)
        top.addWidget(self.tabs)
        top.addSpacing(16)
        top.addWidget(self.large_print)
        top.addStretch(1)
        top.addWidget(self.paper_label)
        bottom = QHBoxLayout()
        bottom.addWidget(zoom_label)
        bottom.addWidget(self.zoom)
        bottom.addStretch(1)
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.readiness)
        layout.addWidget(self.pages, 1)
        layout.addLayout(bottom)

        audience = Audience(state.get(WindowState.preview_audience))
        self.tabs.setCurrentIndex(next((i for i, (a, _l) in enumerate(self.offered) if a is audience), 0))
        self.large_print.setChecked(state.get(WindowState.preview_large_print))
        self.tabs.currentChanged.connect(self._on_choice)
        self.large_print.toggled.connect(self._on_choice)

        # A window of its own that can be maximised; it opens at the size it was left at, or fitted to the screen.
        self.setWindowFlags(self.windowFlags() | Qt.WindowType.WindowMinMaxButtonsHint)
        geometry = state.get(WindowState.preview_geometry)
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            fit_on_screen(self, PREVIEW_SIZE)
        elif not self.isMaximized() and fitted(self.size(), available(self)) != self.size():
            fit_on_screen(self, self.size())  # left larger than this screen (another screen, or scaling changed)
        self.check()
        self._on_choice()

    # --- choosing and rendering ------------------------------------------------------------------

    def _on_zoom(self) -> None:
        mode, factor = self.zoom.currentData()
        self.view.setZoomMode(mode)
        if mode is QPdfView.ZoomMode.Custom:
            self.view.setZoomFactor(factor)

    def audience(self) -> Audience:
        return self.offered[max(self.tabs.currentIndex(), 0)][0]

    def is_large_print(self) -> bool:
        return self.large_print.isChecked() and self.audience() is not Audience.CLINICIAN

    def select(self, audience: Audience, large_print: bool = False) -> None:
        self.large_print.setChecked(large_print)
        self.tabs.setCurrentIndex(next(i for i, (a, _l) in enumerate(self.offered) if a is audience))

    def _on_choice(self) -> None:
        audience = self.audience()
        self.large_print.setEnabled(audience is not Audience.CLINICIAN)
        self.state.set(WindowState.preview_audience, audience.value)
        self.state.set(WindowState.preview_large_print, self.large_print.isChecked())
        key = (audience, self.is_large_print())
        if key in self._cache:
            self._show(key)
            return
        if self._task is not None:
            self._task.cancel()
        self.busy.setText(f"Preparing the {dict(AUDIENCE_TABS)[audience].lower()} handout…")
        self.pages.setCurrentWidget(self.busy)
        self.print_button.setEnabled(False)
        self.save_button.setEnabled(False)
        record, library, clinic, paper, renderer = self.record, self.library, self.clinic, self.paper, self.renderer
        large, draft = key[1], bool(self.problems)

        def work(progress: Progress) -> bytes:
            return renderer(record, audience, library, clinic, paper, large, draft)

        task = Task(work)
        task.finished.connect(lambda data, key=key, task=task: self._on_rendered(task, key, data))
        task.failed.connect(lambda exc, task=task: self._on_failed(task, exc))
        self._task = task
        task.start()

    def _on_rendered(self, task: Task, key: tuple[Audience, bool], data: bytes) -> None:
        if not shiboken6.isValid(self):
            return
        self._cache[key] = data
        if task is self._task:
            self._task = None
            self._show(key)

    def _on_failed(self, task: Task, exc: BaseException) -> None:
        if not shiboken6.isValid(self) or task is not self._task:
            return
        self._task = None
        _title, text, expected = explain(exc, self.log_file)
        if not expected:
            log.error("handout preview failed", exc_info=(type(exc), exc, exc.__traceback__))
        self.busy.setText(f"The handout could not be made.\n\n{text}")
        self.pages.setCurrentWidget(self.busy)
        self.render_failed.emit(text)

    def _show(self, key: tuple[Audience, bool]) -> None:
        if key != (self.audience(), self.is_large_print()):
            return
        buffer = QBuffer()
        buffer.setData(QByteArray(self._cache[key]))
        buffer.open(QBuffer.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        self._buffer = buffer  # the document reads from it: keep it alive
        self.pages.setCurrentWidget(self.view)
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self.rendered.emit(key[0].value)

    def pdf_bytes(self) -> bytes | None:
        return self._cache.get((self.audience(), self.is_large_print()))

    # --- ready to print --------------------------------------------------------------------------

    def check(self) -> list[Problem]:
        """Check the plan again (``not_ready``, the same check as ``careplan handout``) and show the result."""
        from careplan.services.handouts import not_ready

        self.problems = not_ready(self.record, self.library, self.clinic, self.today())
        self.readiness.show_problems(self.problems)
        self.checked.emit(self.problems)
        return self.problems

    def refresh(self) -> None:
        """The plan or the clinic changed: check again and draw the pages again (DRAFT or not)."""
        self._recheck.stop()
        self.check()
        self._cache.clear()
        self._on_choice()

    def plan_edited(self, plan: Plan) -> None:
        """The therapist changed the plan in the editor: check again once the typing pauses."""
        self.record = dataclasses.replace(self.record, plan=plan)
        self._recheck.start()

    def plan_opened(self, record: PlanRecord) -> None:
        """The editor shows ``record`` now: follow it when it is this plan again, close otherwise."""
        same = record.plan_id is not None and record.plan_id == self.record.plan_id
        if not same or record.patient.id != self.record.patient.id:
            self.close()
            return
        self.record = record
        self.refresh()

    def set_clinic(self, clinic: ClinicDetails) -> None:
        """The clinic's details changed in Settings (its phone counts as a way to contact the therapist)."""
        self.clinic = clinic
        self.refresh()

    def _allowed(self, action: str) -> bool:
        """Ready, or the therapist chose a copy marked DRAFT (the pages shown already carry it); and
        the therapist is known (printing and saving are recorded)."""
        if self.problems and not NotReadyDialog.ask(self, self.problems, action):
            return False
        return self.may_output("prints handouts" if action == "Print" else "saves handouts")

    # --- actions ---------------------------------------------------------------------------------

    def print_handout(self) -> bool:
        if self.pdf_bytes() is None or not self._allowed("Print"):
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(page_size(self.paper))
        printer.setDocName(handout_file_name(self.record, self.audience(), self.is_large_print()).removesuffix(".pdf"))
        if not PrintDialogs.ask(self, printer):
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            print_pdf(self.document, printer)
        except OSError as exc:
            QApplication.restoreOverrideCursor()
            from careplan.services.errors import UserError

            report(self, UserError(f"Could not print: {exc}."), self.log_file)
            return False
        QApplication.restoreOverrideCursor()
        log.info("printed a %s handout", self.audience().value)
        self.handout_out.emit("printed", self.audience(), self.is_large_print())
        return True

    def save_pdf(self) -> Path | None:
        data = self.pdf_bytes()
        if data is None or not self._allowed("Save"):
            return None
        suggested = handout_file_name(self.record, self.audience(), self.is_large_print())
        path = FileDialogs.save_path(self, "Save the handout as PDF", suggested, PDF_FILES)
        if path is None:
            return None
        path = with_suffix(path, ".pdf")
        try:
            run_with_progress(
                self, "Saving the handout…", lambda _progress: write_file(path, data)
            )  # off the GUI thread
        except Exception as exc:
            report(self, exc, self.log_file)
            return None
        log.info("saved a %s handout as PDF", self.audience().value)
        self.handout_out.emit("saved", self.audience(), self.is_large_print())
        return path

    def done(self, result: int) -> None:
        self.state.set(WindowState.preview_geometry, self.saveGeometry())
        if self._task is not None:
            self._task.cancel()
        self._recheck.stop()
        super().done(result)
