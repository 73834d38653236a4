"""Re-evaluation in the main window: assessments, injections, the Progress view and "Start review".

``Reevaluation`` does for the window what ``HandoutActions`` does for handouts: its commands act on
the open plan and its patient, every read and write goes through ``Ops`` (on a worker thread, in a
transaction of its own), and a refusal is said in plain words by the error's own message.

- New assessment: the form (``assessment_dialog``) against the plan's goals, the last values beside
  each field; saved linked to the plan's current revision.
- Record an injection (``injection_dialog``); the editor's header then shows the toxin phase today
  and the library marks the entries that suit it.
- Progress (``progress_view``): the patient's measures over time, injections and revisions marked,
  and the recorded assessments and injections, each to correct (the same form, filled) or delete.
- Start review: a due plan opened, assessed, then the offer to revise it, the revision's note
  naming the assessment ("Review after assessment of 30 Nov 2026").
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from careplan.core.assessments import Assessment, Injection, ToxinCyclePosition
from careplan.core.enums import Audience
from careplan.core.model import PlanRecord
from careplan.ui.formatting import format_date
from careplan.ui.messages import Notice
from careplan.ui.ops import PLANS

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from careplan.export.progress_series import Measure
    from careplan.ui.main_window import MainWindow
    from careplan.ui.progress_view import Marker, ProgressView

# The forms, the charts (QtCharts) and the services are imported when first used: not at start.

log = logging.getLogger(__name__)


def review_note(assessment: Assessment) -> str:
    """The change note of the revision made after a review: it names the assessment it follows."""
    return f"Review after assessment of {format_date(assessment.date)}"


def toxin_words(position: ToxinCyclePosition) -> str:
    """ "Week 3 of 12 after the injection on 2 Nov 2026": the header's words for the toxin phase today."""
    when = format_date(position.injection_date)
    if position.week <= position.cycle_weeks:
        return f"Week {position.week} of {position.cycle_weeks} after the injection on {when}"
    return f"Week {position.week} after the injection on {when} (the usual cycle is {position.cycle_weeks} weeks)"


class Reevaluation(QObject):
    """The window's re-evaluation commands, for the open plan and its patient."""

    #: The assessment just stored (with its id and version).
    assessment_saved = Signal(object)
    injection_saved = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.progress_view: ProgressView | None = None
        #: Whose progress the view shows: another patient's plan may be opened while it stays open.
        self._progress_patient: int | None = None
        window.session.plan_opened.connect(lambda _record: self.show_toxin_phase())

    # -- what is open

    def _stored_record(self, what: str) -> PlanRecord | None:
        """The open plan, saved (an assessment links to a stored revision); None, said, when there is none."""
        session = self.window.session
        record = session.current_record()
        if record is None:
            return None
        if record.plan_id is None or session.is_modified():
            if not Notice.confirm(
                self.window,
                "Save the plan first",
                f"{what.capitalize()} is kept with the saved plan. Save the plan now and go on?",
                "Save and go on",
            ):
                return None
            if not session.save():
                return None
            record = session.current_record()
        return record

    def _history(self, patient_id: int) -> tuple[list[Assessment], list[Injection]] | None:
        from careplan.services.assessments import list_assessments, list_injections

        def read(s: Session) -> tuple[list[Assessment], list[Injection]]:
            return list_assessments(s, patient_id), list_injections(s, patient_id)

        result = self.window.ops.read(read, parent=self.window, title="Cannot read the assessments")
        return result.value if result.ok else None

    # -- assessments

    def new_assessment(self) -> Assessment | None:
        """Assess the patient against the open plan; returns what was stored (None: cancelled or refused)."""
        record = self._stored_record("an assessment")
        if record is None or record.plan_id is None or record.patient.id is None:
            return None
        actor = self.window.session.actor("records assessments")
        if actor is None:
            return None
        history = self._history(record.patient.id)
        if history is None:
            return None
        from careplan.ui.assessment_dialog import AssessmentDialog, AssessmentSetting

        library = self.window.library
        setting = AssessmentSetting(
            plan=record.plan,
            therapist=self.window.settings.therapist.name or actor.name,
            scales=library.scales,
            movements=library.movements,
            history=history[0],
            plan_id=record.plan_id,
            plan_revision=record.revision.number if record.revision else None,
            patient_name=record.patient.full_name,
        )
        assessment = AssessmentDialog.ask(self.window, setting)
        if assessment is None:
            return None
        from careplan.services.assessments import assess_plan

        plan_id = record.plan_id
        result = self.window.ops.run_op(
            lambda s: assess_plan(s, actor, plan_id, assessment, library),
            parent=self.window,
            changes={PLANS},
            title="Assessment not saved",
        )
        if not result.ok or result.value is None:
            return None
        saved = result.value
        self.window.session.status(f"Assessment of {format_date(saved.date)} saved.")
        log.info("assessment saved for plan %s", plan_id)
        self.assessment_saved.emit(saved)
        self._refresh_progress()
        return saved

    def start_review(self, plan_id: int | None = None) -> Assessment | None:
        """Open the due plan (or keep the open one), assess, then offer to revise the plan with a note
        naming the assessment."""
        if plan_id is not None and not self.window.session.open_plan(plan_id):
            return None
        saved = self.new_assessment()
        if saved is None:
            return None
        if Notice.confirm(
            self.window,
            "Revise the plan?",
            "The assessment is saved. Revise the plan now (goals, items, the next review date)? "
            f"The revision's note will say “{review_note(saved)}”.",
            "Revise the plan",
            "Not now",
        ):
            self.window.change_note.setText(review_note(saved))
            editor = self.window.session.editor
            if editor is not None:
                editor.focus_field("review_date")
            self.window.session.status("Change the plan, then save: the revision's note names the assessment.")
        return saved

    # -- injections

    def record_injection(self) -> Injection | None:
        record = self.window.session.current_record()
        if record is None or record.patient.id is None:
            Notice.info(self.window, "Save the patient first", "Save the plan once, then record the injection.")
            return None
        actor = self.window.session.actor("records injections")
        if actor is None:
            return None
        history = self._history(record.patient.id)
        if history is None:
            return None
        from careplan.ui.injection_dialog import InjectionDialog

        last = max(history[1], key=lambda i: i.date, default=None)
        injection = InjectionDialog.ask(self.window, last.given_by if last else "", record.patient.full_name)
        if injection is None:
            return None
        from careplan.services.assessments import add_injection

        patient_id, plan_id = record.patient.id, record.plan_id
        result = self.window.ops.run_op(
            lambda s: add_injection(s, actor, patient_id, injection, plan_id),
            parent=self.window,
            changes={PLANS},
            title="Injection not saved",
        )
        if not result.ok or result.value is None:
            return None
        self.window.session.status(f"Injection of {format_date(injection.date)} saved.")
        self.injection_saved.emit(result.value)
        self.show_toxin_phase()
        self._refresh_progress()
        return result.value

    def show_toxin_phase(self, today: dt.date | None = None) -> None:
        """The editor's header: where the patient is in the toxin cycle today; the library: what suits it.
        Read in the background (``Ops.query``): opening a plan never waits for it."""
        from careplan.core.assessments import toxin_cycle_position

        session = self.window.session
        record, editor = session.current_record(), session.editor
        if editor is None:
            return
        if record is None or record.patient.id is None:
            editor.set_toxin_phase(None, None)
            return
        patient_id, day = record.patient.id, today or self.window.today()

        def read(s: Session) -> ToxinCyclePosition | None:
            from careplan.services.assessments import list_injections  # imported on the worker thread

            return toxin_cycle_position(list_injections(s, patient_id), day)

        def show(position: ToxinCyclePosition | None) -> None:
            current, shown = session.current_record(), session.editor
            if shown is None or current is None or current.patient.id != patient_id:
                return  # another plan was opened meanwhile
            shown.set_toxin_phase(toxin_words(position) if position else None, position.phase if position else None)

        self.window.ops.query(read, parent=self.window).success(show).run_in_background()

    # -- progress

    def _progress(self, record: PlanRecord) -> tuple[list[Measure], list[Marker], list[Assessment | Injection]] | None:
        from careplan.export.progress_series import progress_measures
        from careplan.services.assessments import list_assessments, list_injections
        from careplan.services.history import revision_history
        from careplan.ui.progress_view import Marker, MarkerKind

        patient_id, plan_id = record.patient.id, record.plan_id
        assert patient_id is not None
        library = self.window.library

        def read(s: Session) -> tuple[list[Measure], list[Marker], list[Assessment | Injection]]:
            assessments = list_assessments(s, patient_id)
            injections = list_injections(s, patient_id)
            markers = [Marker(i.date, MarkerKind.INJECTION, i.muscles) for i in injections]
            if plan_id is not None:
                markers += [
                    Marker(
                        r.saved_at.date(),
                        MarkerKind.REVISION,
                        f"Revision {r.number}" + (f": {r.note}" if r.note else ""),
                    )
                    for r in revision_history(s, plan_id)
                ]
            measures = list(progress_measures(assessments, library.scales, library.movements))
            return measures, markers, [*assessments, *injections]

        result = self.window.ops.read(read, parent=self.window, title="Cannot show the progress")
        return result.value if result.ok else None

    def show_progress(self) -> ProgressView | None:
        record = self.window.session.current_record()
        if record is None or record.patient.id is None:
            return None
        found = self._progress(record)
        if found is None:
            return None
        from careplan.ui.progress_view import ProgressView

        measures, markers, records = found
        if self.progress_view is not None:
            self.progress_view.close()
        view = ProgressView(record.patient.full_name, measures, markers, self.window, records)
        self._progress_patient = record.patient.id
        view.save_report.clicked.connect(lambda: self.save_progress_pdf(Audience.CLINICIAN))
        view.save_family.clicked.connect(lambda: self.save_progress_pdf(Audience.FAMILY))
        view.correct_button.clicked.connect(self.correct_selected)
        view.delete_button.clicked.connect(self.delete_selected)
        view.finished.connect(lambda _r: setattr(self, "progress_view", None))
        view.show()
        self.progress_view = view
        return view

    def save_progress_pdf(self, audience: Audience) -> Path | None:
        """The open plan's progress report (clinician) or family page as a PDF file the therapist names;
        read on a worker (``services.progress``), written whole or not at all, recorded in the activity log."""
        from careplan.services.audit import Action
        from careplan.services.progress import progress_pdf
        from careplan.ui.files import PDF_FILES, FileDialogs, with_suffix, write_file
        from careplan.ui.preview import safe_file_name

        window = self.window
        record = window.session.current_record()
        plan_id = record.plan_id if record is not None else None
        actor = window.session.actor("writes progress reports") if plan_id is not None else None
        if record is None or plan_id is None or actor is None:
            return None
        what = "progress report" if audience is Audience.CLINICIAN else "family progress page"
        parent = self.progress_view or window
        suggested = f"{safe_file_name(record.patient.full_name, 'patient')} - {what}.pdf"
        path = FileDialogs.save_path(parent, f"Save the {what} as PDF", suggested, PDF_FILES)
        if path is None:
            return None
        path = with_suffix(path, ".pdf")
        library, clinic, paper, day = (
            window.library,
            window.settings.clinic_details(),
            window.settings.paper,
            window.today(),
        )

        def read(s: Session) -> bytes:
            return progress_pdf(s, plan_id, audience, library, clinic, paper=paper, today=day)

        made = window.ops.read(read, parent=parent, title=f"Cannot make the {what}")
        data = made.value
        if not made.ok or data is None:
            return None
        if not window.ops.call(lambda: write_file(path, data), parent=parent).ok:
            return None
        window.statusBar().showMessage(f"Saved the {what} to {path}.", 8000)
        window.session.audit_read(actor, Action.EXPORTED, record, f"{what} (PDF)")
        return path

    def _refresh_progress(self) -> None:
        view, record = self.progress_view, self.window.session.current_record()
        if view is None or record is None or record.patient.id != self._progress_patient:
            return
        found = self._progress(record)
        if found is not None:
            view.show_progress(*found)

    # -- correcting and deleting what was recorded (from the Progress view's list)

    def _selected(self) -> tuple[ProgressView, Assessment | Injection, PlanRecord] | None:
        """The view, its selected entry and the open plan, when the open plan is still the view's patient's."""
        view = self.progress_view
        chosen = view.selected_record() if view is not None else None
        record = self.window.session.current_record()
        if view is None or chosen is None:
            return None
        if record is None or record.patient.id != self._progress_patient:
            Notice.info(
                view,
                "Another patient's plan is open",
                "This Progress window is for a patient whose plan is no longer open. "
                "Open their plan, then open Progress again to correct or delete what was recorded.",
            )
            return None
        return view, chosen, record

    def correct_selected(self) -> Assessment | Injection | None:
        """Open the selected assessment or injection in its own form, filled with what is stored, and save
        the correction over it: a change or delete made meanwhile on another computer is refused in plain
        words (RecordConflict) and nothing is overwritten; the view then shows what is stored now."""
        selected = self._selected()
        if selected is None:
            return None
        view, chosen, record = selected
        corrected: Assessment | Injection | None
        if isinstance(chosen, Assessment):
            actor = self.window.session.actor("corrects assessments")
            corrected = self._ask_assessment(view, record, chosen) if actor else None
        else:
            actor = self.window.session.actor("corrects injections")
            corrected = self._ask_injection(view, record, chosen) if actor else None
        if actor is None or corrected is None:
            return None
        from careplan.services.assessments import update_assessment, update_injection

        library, what, changed = self.window.library, recorded_word(chosen), corrected

        def write(s: Session) -> Assessment | Injection:
            if isinstance(changed, Assessment):
                return update_assessment(s, actor, changed, library)
            return update_injection(s, actor, changed)

        result = self.window.ops.run_op(write, parent=view, changes={PLANS}, title="Correction not saved")
        saved = result.value if result.ok else None
        if saved is not None:
            self.window.session.status(f"The {what} of {format_date(saved.date)} is corrected.")
            log.info("%s %s corrected", what, saved.id)
        self._after_change(saved if saved is not None else chosen)
        return saved

    def _ask_assessment(self, view: ProgressView, record: PlanRecord, stored: Assessment) -> Assessment | None:
        from careplan.ui.assessment_dialog import AssessmentDialog, AssessmentSetting

        assert record.patient.id is not None
        history = self._history(record.patient.id)
        if history is None:
            return None
        # Another plan's assessment: only the goals it rated (the open plan's goals are not its goals).
        plan = record.plan if stored.plan_id == record.plan_id else record.plan.replace(goals=())
        library = self.window.library
        setting = AssessmentSetting(
            plan=plan,
            therapist=stored.therapist,
            scales=library.scales,
            movements=library.movements,
            history=[a for a in history[0] if (a.date, a.id or 0) < (stored.date, stored.id or 0)],
            plan_id=stored.plan_id,
            plan_revision=stored.plan_revision,
            patient_name=record.patient.full_name,
            correcting=stored,
        )
        return AssessmentDialog.ask(view, setting)

    def _ask_injection(self, view: ProgressView, record: PlanRecord, stored: Injection) -> Injection | None:
        from careplan.ui.injection_dialog import InjectionDialog

        return InjectionDialog.ask(view, stored.given_by, record.patient.full_name, correcting=stored)

    def delete_selected(self) -> bool:
        """Delete the selected assessment or injection after a confirmation naming its kind and date (one
        recorded on the wrong patient); refused, nothing deleted, when it changed meanwhile elsewhere."""
        selected = self._selected()
        if selected is None:
            return False
        view, chosen, _record = selected
        what, when = recorded_word(chosen), format_date(chosen.date)
        if not Notice.confirm(
            view,
            f"Delete the {what}?",
            f"Delete the {what} of {when}? It is removed from the charts, the tables and the reports, "
            "and the reviews due are worked out again. This cannot be undone.",
            f"Delete the {what}",
            "Keep it",
        ):
            return False
        actor = self.window.session.actor(f"deletes {what}s")
        if actor is None:
            return False
        from careplan.services.assessments import delete_assessment, delete_injection

        result = self.window.ops.run_op(
            (
                (lambda s: delete_assessment(s, actor, chosen))
                if isinstance(chosen, Assessment)
                else (lambda s: delete_injection(s, actor, chosen))
            ),
            parent=view,
            changes={PLANS},
            title="Not deleted",
        )
        if result.ok:
            self.window.session.status(f"The {what} of {when} is deleted.")
            log.info("%s %s deleted", what, chosen.id)
        self._after_change(None)
        return result.ok

    def _after_change(self, keep: Assessment | Injection | None) -> None:
        """After a correction or delete (done or refused): the view, the toxin phase and the selection as stored now."""
        self._refresh_progress()
        self.show_toxin_phase()
        if keep is not None and self.progress_view is not None:
            self.progress_view.select_record(keep.id, type(keep))


def recorded_word(record: Assessment | Injection) -> str:
    """ "assessment" or "injection": the word in the confirmations and the status bar (never its content)."""
    return "assessment" if isinstance(record, Assessment) else "injection"
