"""The handouts of the open plan: preview, print, save as PDF, export all to a folder.

Every handout the desktop makes goes through ``HandoutActions.renderer`` (the clinician summary
carries the plan's revision history) and is rendered on a worker thread with progress; each
output is recorded in the activity log under the therapist's name.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from careplan.core.enums import Audience
from careplan.ui.files import PDF_FILES, FileDialogs, SavedFilesDialog, open_folder, with_suffix, write_file
from careplan.ui.ops import Cancelled, Progress, report, run_with_progress
from careplan.ui.state import WindowState

if TYPE_CHECKING:
    from careplan.core.audience import HandoutPrivacy
    from careplan.core.library import Library
    from careplan.core.model import ClinicDetails, PlanRecord
    from careplan.services.audit import Actor
    from careplan.ui.main_window import MainWindow
    from careplan.ui.preview import HandoutPreviewDialog

log = logging.getLogger(__name__)

T = TypeVar("T")


def handout_name(audience: Audience, large: bool) -> str:
    """ "family handout", "clinician summary", "school handout (large print)"."""
    return audience.handout_name + (" (large print)" if large else "")


#: Renders one handout: (record, audience, library, clinic, paper, large print, draft, privacy) -> PDF bytes.
Renderer = Callable[..., bytes]


class HandoutActions(QObject):
    """Preview, Print, Save as PDF and Export handouts for the plan open in ``window``."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.preview_dialog: HandoutPreviewDialog | None = None

    def name_actions(self, *_args: object) -> None:
        """Print and Save as PDF say which handout they make ("Print family handout…"): the one last
        chosen in the preview that fits the open plan's patient."""
        act, record = self.window.act, self.window.session.current_record()
        name = handout_name(*self._chosen_audience(record)) if record is not None else "handout"
        for action, text, tip in (
            (act.print, f"&Print {name}…", f"Print the {name}"),
            (act.save_pdf, f"Save {name} as P&DF…", f"Save the {name} as a PDF file"),
        ):
            action.setText(text)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{tip} ({keys})" if keys else tip)
            action.setStatusTip(tip)

    def preview_handouts(self) -> HandoutPreviewDialog | None:
        from careplan.ui.preview import HandoutPreviewDialog

        window, session = self.window, self.window.session
        record = session.current_record()
        if record is None:
            return None
        settings = window.settings
        dialog = HandoutPreviewDialog(
            record,
            window.library,
            settings.clinic_details(),
            settings.paper,
            window.state,
            window.paths.log_file,
            window,
            today=window.today,
            renderer=self.renderer(),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Ready to print: the panel's buttons go to the place to correct; the panel follows the edits.
        dialog.readiness.go_to.connect(lambda kind, index, field: self.go_to_problem(dialog, kind, index, field))
        session.ensure_editor().plan_changed.connect(dialog.plan_edited)
        session.plan_opened.connect(dialog.plan_opened)
        # Printing and saving from the preview are recorded like the main window's own.
        dialog.may_output = lambda what: session.actor(what) is not None
        dialog.handout_out.connect(lambda how, audience, large: self.audit_preview_output(dialog, how, audience, large))
        # The handout chosen there is the one Print and Save as PDF make: they say so at once.
        dialog.tabs.currentChanged.connect(self.name_actions)
        dialog.large_print.toggled.connect(self.name_actions)
        dialog.show()
        self.preview_dialog = dialog
        return dialog

    def audit_preview_output(self, dialog: HandoutPreviewDialog, how: str, audience: Audience, large: bool) -> None:
        from careplan.services.audit import Action, handout_detail

        session = self.window.session
        actor = session.actor("prints handouts" if how == "printed" else "saves handouts")
        if actor is None:
            return
        detail = handout_detail([(audience, large)])
        if how == "printed":
            session.audit_read(actor, Action.PRINTED, dialog.record, detail)
        else:
            session.audit_read(actor, Action.EXPORTED, dialog.record, detail + " (PDF)")

    def go_to_problem(self, dialog: HandoutPreviewDialog, kind: str, index: int | None, field: str) -> QWidget | None:
        """Show the place a readiness problem names: the clinic's phone in Settings (the preview checks
        again), or the field in the editor (the preview closes: opened again, it checks afresh)."""
        window = self.window
        if kind == "clinic":
            if window.open_settings("clinic"):
                dialog.set_clinic(window.settings.clinic_details())
            return None
        dialog.close()
        window.activateWindow()
        window.statusBar().showMessage("Correct it here, then preview the handouts again to check.", 10000)
        return window.session.ensure_editor().focus_field(kind, index, field)

    def save_handout_pdf(self) -> Path | None:
        from careplan.services.audit import Action, handout_detail
        from careplan.ui.preview import handout_file_name

        window, session = self.window, self.window.session
        ready = self._ready_to_output("saves handouts", "Save")
        if ready is None:
            return None
        record, actor, draft = ready
        audience, large = self._chosen_audience(record)
        path = FileDialogs.save_path(
            window,
            f"Save the {audience.label.lower()} handout as PDF",
            handout_file_name(record, audience, large),
            PDF_FILES,
        )
        if path is None:
            return None
        path = with_suffix(path, ".pdf")
        rendered = self.render(record, [(audience, large)], "Making the handout", draft=draft)
        if not rendered:
            return None
        data = rendered[0]
        if not window.ops.call(lambda: write_file(path, data), parent=window).ok:
            return None
        window.statusBar().showMessage(f"Saved the {handout_name(audience, large)} to {path}.", 8000)
        session.audit_read(actor, Action.EXPORTED, record, handout_detail([(audience, large)]) + " (PDF)")
        return path

    def print_handout(self) -> bool:
        from PySide6.QtCore import QBuffer, QByteArray
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPrintSupport import QPrinter

        from careplan.services.audit import Action, handout_detail
        from careplan.services.errors import UserError
        from careplan.ui.preview import PrintDialogs, page_size, print_pdf

        window, session = self.window, self.window.session
        ready = self._ready_to_output("prints handouts", "Print")
        if ready is None:
            return False
        record, actor, draft = ready
        audience, large = self._chosen_audience(record)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(page_size(window.settings.paper))
        if not PrintDialogs.ask(window, printer):
            return False
        rendered = self.render(record, [(audience, large)], "Preparing the handout for printing", draft=draft)
        if not rendered:
            return False
        buffer = QBuffer()
        buffer.setData(QByteArray(rendered[0]))
        buffer.open(QBuffer.OpenModeFlag.ReadOnly)
        document = QPdfDocument(window)
        document.load(buffer)
        try:
            pages = print_pdf(document, printer)
        except OSError as exc:
            report(window, UserError(f"Could not print: {exc}."), window.paths.log_file)
            return False
        finally:
            document.close()
            document.deleteLater()
        pages_sent = f"{pages} page{'s' if pages != 1 else ''}"
        window.statusBar().showMessage(
            f"Sent {pages_sent} of the {handout_name(audience, large)} to the printer.", 8000
        )
        session.audit_read(actor, Action.PRINTED, record, handout_detail([(audience, large)]))
        return True

    def export_handouts(self) -> list[Path] | None:
        from careplan.core.audience import fitting_audiences
        from careplan.services.audit import Action, handout_detail

        window, session = self.window, self.window.session
        ready = self._ready_to_output("saves handouts", "Save")
        if ready is None:
            return None
        record, actor, draft = ready
        folder = FileDialogs.folder(window, "Choose a folder for the handouts")
        if folder is None:
            return None
        large = window.state.get(WindowState.preview_large_print)
        fitting = fitting_audiences(record.patient)
        audiences = [(a, large and a is not Audience.CLINICIAN) for a in Audience if a in fitting]
        written = self.render_to(folder, record, audiences, "Saving the handouts", draft)
        if written is None:
            return None
        window.statusBar().showMessage(f"Saved {len(written)} handouts to {folder}.", 8000)
        session.audit_read(actor, Action.EXPORTED, record, handout_detail(audiences) + " (PDF, to a folder)")
        names = [path.name for path in written]
        if SavedFilesDialog.ask(window, folder, names) and not open_folder(folder):
            window.statusBar().showMessage(f"Could not open {folder}: open it from your file manager.", 10000)
        return written

    # ================================================================================== rendering

    def render(
        self, record: PlanRecord, audiences: list[tuple[Audience, bool]], label: str, draft: bool = False
    ) -> list[bytes] | None:
        """Render handouts on a worker thread, with progress; ``draft``: "DRAFT" across every page
        (a plan not ready to print).  None when stopped or failed (the user was told)."""
        return self._rendered(record, audiences, label, draft, lambda data, _audience, _large: data)

    def render_to(
        self, folder: Path, record: PlanRecord, audiences: list[tuple[Audience, bool]], label: str, draft: bool = False
    ) -> list[Path] | None:
        """Render handouts and write each to ``folder`` under its usual name, on a worker thread."""
        from careplan.ui.preview import handout_file_name

        def write(data: bytes, audience: Audience, large: bool) -> Path:
            target = folder / handout_file_name(record, audience, large)
            write_file(target, data)
            return target

        return self._rendered(record, audiences, label, draft, write)

    def _rendered(
        self,
        record: PlanRecord,
        audiences: list[tuple[Audience, bool]],
        label: str,
        draft: bool,
        keep: Callable[[bytes, Audience, bool], T],
    ) -> list[T] | None:
        window = self.window
        library, clinic, paper = window.library, window.settings.clinic_details(), window.settings.paper
        privacy, render_handout = window.settings.handout_privacy(), self.renderer()

        def work(progress: Progress) -> list[T]:
            out: list[T] = []
            for i, (audience, large) in enumerate(audiences):
                progress(i, len(audiences), f"{label} ({audience.label.lower()}, {i + 1} of {len(audiences)})…")
                data = render_handout(record, audience, library, clinic, paper, large, draft, privacy)
                out.append(keep(data, audience, large))
            progress(len(audiences), len(audiences))
            return out

        try:
            return run_with_progress(window, f"{label}…", work, cancellable=len(audiences) > 1)
        except Cancelled:
            window.statusBar().showMessage("Stopped.", 5000)
            return None
        except Exception as exc:
            report(window, exc, window.paths.log_file)
            return None

    def renderer(self) -> Renderer:
        """Makes the desktop's handouts (preview, Print, Save as PDF, Export): the clinician summary
        carries the plan's revision history, read in one query on the worker thread that renders it."""
        from careplan.services.handouts import handout_history, render_record

        ops, default_privacy = self.window.ops, self.window.settings.handout_privacy()

        def render(
            record: PlanRecord,
            audience: Audience,
            library: Library,
            clinic: ClinicDetails,
            paper: str,
            large_print: bool,
            draft: bool = False,
            privacy: HandoutPrivacy | None = None,
        ) -> bytes:
            history = ops.read_on_this_worker(lambda s: handout_history(s, record.plan_id, audience))
            return render_record(
                record,
                audience,
                library,
                clinic,
                paper=paper,
                large_print=large_print,
                privacy=privacy if privacy is not None else default_privacy,
                draft=draft,
                history=history,
            )

        return render

    def _ready_to_output(self, what: str, action: str) -> tuple[PlanRecord, Actor, bool] | None:
        """(the open plan, who is doing it, whether it prints as a DRAFT) before a handout leaves the
        program; None when no plan is open, no one says who they are, or they stop at "not ready"."""
        session = self.window.session
        record = session.current_record()
        actor = session.actor(what) if record is not None else None
        if record is None or actor is None:
            return None
        draft = self._print_as_draft(record, action)
        return None if draft is None else (record, actor, draft)

    def _print_as_draft(self, record: PlanRecord, action: str) -> bool | None:
        """False: the plan is ready to print; True: it is not and the therapist chose a copy marked
        DRAFT ("Print as draft"); None: they cancelled (see ``careplan.ui.preview.print_as_draft``)."""
        from careplan.ui.preview import print_as_draft

        w = self.window
        return print_as_draft(w, record, w.library, w.settings.clinic_details(), w.today(), action)

    def _chosen_audience(self, record: PlanRecord) -> tuple[Audience, bool]:
        """The audience last chosen in the preview, or the family handout when that one does not fit
        this person (a school handout for an adult)."""
        from careplan.core.audience import audience_misfit

        audience = Audience(self.window.state.get(WindowState.preview_audience))
        if audience_misfit(record.patient, audience) is not None:
            audience = Audience.FAMILY
        large = self.window.state.get(WindowState.preview_large_print) and audience is not Audience.CLINICIAN
        return audience, large
