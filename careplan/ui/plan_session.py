"""The plan session: the one plan open in the main window, from opening to closing.

Opening, starting (new patient, new plan), saving (with conflicts between desktops), patient
details, drafts (the autosave safety copy, offered back after a crash), plan files (import,
export), History and restoring a revision, and the "keep your changes?" question before the
open plan goes away.  Who does each recorded thing (``actor``) and the activity log of reads
(``audit_read``) are here too, as every recorded action of the window goes through them.
"""

from __future__ import annotations

import dataclasses
import logging
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

from careplan.core.model import Patient, Plan, PlanRecord
from careplan.ui.contract import EditorFactory, PlanEditor
from careplan.ui.drafts import DraftStore, DraftWriter
from careplan.ui.files import PLAN_FILES, FileDialogs, safe_file_name, with_suffix, write_file
from careplan.ui.formatting import format_datetime
from careplan.ui.messages import ConflictDialog, Notice, RecoverDraftDialog, UnsavedChangesDialog
from careplan.ui.ops import LIBRARY, PATIENTS, PLANS, explain
from careplan.ui.patient_dialog import PatientFormDialog
from careplan.ui.plan_dialogs import NEW_PLAN, NewPlanDialog, PlanChooserDialog
from careplan.ui.widgets import named

if TYPE_CHECKING:
    from careplan.core.assessments import Assessment, Injection
    from careplan.core.library import LibraryIntervention
    from careplan.services.audit import Action, Actor
    from careplan.services.errors import PlanConflict
    from careplan.services.plans import PatientSummary
    from careplan.settings import Settings
    from careplan.ui.history import HistoryDialog, RevisionWindow
    from careplan.ui.main_window import MainWindow

log = logging.getLogger(__name__)

AUTOSAVE_INTERVAL_MS = 60_000


class PlanSession(QObject):
    """The open plan of ``window``: the editor, its drafts and every way of opening, saving and closing it."""

    plan_opened = Signal(object)
    plan_saved = Signal(object)
    plan_closed = Signal()
    draft_written = Signal(str)

    def __init__(
        self, window: MainWindow, editor_factory: EditorFactory, autosave_interval_ms: int = AUTOSAVE_INTERVAL_MS
    ) -> None:
        super().__init__(window)
        self.window = window
        self.editor_factory = editor_factory
        self.drafts = DraftStore(window.paths.drafts)
        self.draft_writer = DraftWriter(self.drafts, window.ops, self)
        self.draft_writer.written.connect(self.draft_written)
        self.draft_writer.failed.connect(self._draft_failed)
        self.editor: PlanEditor | None = None
        self.editor_area: QScrollArea | None = None
        self.history_dialog: HistoryDialog | None = None
        self._draft_dirty = False
        self._open = False
        self._audit_warned = False
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(autosave_interval_ms)
        self.autosave_timer.timeout.connect(self.write_draft)

    # ================================================================================== the editor

    def ensure_editor(self) -> PlanEditor:
        if self.editor is not None:
            return self.editor
        editor = self.editor_factory(self.window.library, self.window)
        # The editor is a widget (the window shows it); the protocol says what else the window uses of it.
        assert isinstance(editor, QWidget)
        named(editor, "Plan editor")
        editor.set_own_entry_saver(self.save_own_entry)
        self.window.undo_group.addStack(editor.undo_stack)
        self.window.undo_group.setActiveStack(editor.undo_stack)
        editor.undo_stack.cleanChanged.connect(self._clean_changed)
        editor.undo_stack.indexChanged.connect(self._on_edited)
        editor.plan_changed.connect(self._on_plan_changed)
        # Should the editor ever need more room than the screen has (a small screen, 150% scaling),
        # it scrolls instead of pushing the window past the edge of the screen.
        area = QScrollArea()
        area.setObjectName("editor_area")
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(editor)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.window.central.addWidget(area)
        self.editor, self.editor_area = editor, area
        return editor

    def _show_editor(self) -> None:
        if self.editor_area is not None:
            self.window.central.setCurrentWidget(self.editor_area)

    @property
    def has_plan(self) -> bool:
        return self._open and self.editor is not None

    def current_record(self) -> PlanRecord | None:
        return self.editor.record() if self._open and self.editor is not None else None

    def is_modified(self) -> bool:
        return self._open and self.editor is not None and not self.editor.undo_stack.isClean()

    def show_record(self, record: PlanRecord, *, unsaved: bool = False, template: str | None = None) -> None:
        """Put ``record`` in the editor; ``unsaved``: it has changes not yet in the database."""
        editor = self.ensure_editor()
        editor.set_read_only(False)
        editor.load(record)
        if template:
            editor.apply_template(template)
        if unsaved or record.plan_id is None:
            editor.undo_stack.resetClean()
        was_open = self._open
        self._open = True
        self._draft_dirty = unsaved
        if not was_open:
            self.window.patients.make_room(plan_open=True)
        self._show_editor()
        self.window.undo_group.setActiveStack(editor.undo_stack)
        self._show_saved(record)
        self.update_title()
        self.window.update_actions()
        self.window.patients.select_patient(record.patient.id)
        self.autosave_timer.start()
        if isinstance(editor, QWidget):
            editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.plan_opened.emit(record)

    def _show_saved(self, record: PlanRecord) -> None:
        label = self.window.saved_label
        if record.revision is not None:
            label.setText(f"Revision {record.revision.number}, saved {format_datetime(record.revision.saved_at)}")
        elif record.plan_id is None:
            label.setText("Not saved yet")
        else:
            label.setText("")

    def _on_edited(self, _index: int = 0) -> None:
        self._draft_dirty = True

    def _on_plan_changed(self, _snapshot: object = None) -> None:
        self._draft_dirty = True
        self.update_title()

    def update_title(self) -> None:
        record = self.current_record()
        if record is None:
            self.window.setWindowTitle("Careplan")
            self.window.setWindowModified(False)
            return
        self.window.setWindowTitle(f"{record.patient.full_name}: {record.plan.title}[*] - Careplan")
        self.window.setWindowModified(self.is_modified())

    @Slot(bool)
    def _clean_changed(self, _clean: bool) -> None:
        """A method of this object, not a lambda, so Qt drops the connection with it: quitting after Don't
        save deletes the undo stack, which says it is clean again once the window is gone."""
        self.update_title()

    def plan_label(self) -> str:
        record = self.current_record()
        if record is None:
            return "the plan"
        return f"{record.plan.title} ({record.patient.full_name})"

    def status(self, text: str, ms: int = 8000) -> None:
        self.window.statusBar().showMessage(text, ms)

    # ================================================================================== closing

    def maybe_keep_changes(self) -> bool:
        """Before the open plan goes away: True when it may (saved, discarded or unchanged)."""
        if not self.is_modified():
            return True
        choice = UnsavedChangesDialog.ask(self.window, self.plan_label())
        if choice == "save":
            return self.save()
        if choice == "discard":
            record = self.ensure_editor().record()
            self.draft_writer.delete(record.plan_id)
            log.info("discarded unsaved changes to plan %s", record.plan_id)
            return True
        return False

    def close_plan(self) -> bool:
        if not self.has_plan:
            return True
        if not self.maybe_keep_changes():
            return False
        self._close_editor()
        return True

    def _close_editor(self) -> None:
        self.autosave_timer.stop()
        self._open = False
        self._draft_dirty = False
        if self.editor is not None:
            self.editor.undo_stack.clear()
        self.window.central.setCurrentWidget(self.window.welcome)
        self.window.patients.make_room(plan_open=False)
        self.window.saved_label.clear()
        self.update_title()
        self.window.update_actions()
        self.plan_closed.emit()

    # ================================================================================== opening

    def open_plan(self, plan_id: int) -> bool:
        if self.has_plan and self.ensure_editor().record().plan_id == plan_id:
            self._show_editor()
            return True
        if not self.maybe_keep_changes():
            return False
        from careplan.services.audit import Action
        from careplan.services.plans import load_plan

        actor = self.actor("opens plans")
        if actor is None:
            return False
        result = self.window.ops.read(lambda s: load_plan(s, plan_id), parent=self.window)
        if not result.ok or result.value is None:
            return False
        self.show_record(result.value)
        log.info("opened plan %s", plan_id)
        self.audit_read(actor, Action.OPENED, result.value)
        return True

    def open_patient(self, patient: PatientSummary) -> bool:
        from careplan.services.plans import patient_summary

        if patient.number_of_plans and not patient.plans:
            patient_id = patient.id
            result = self.window.ops.read(lambda s: patient_summary(s, patient_id), parent=self.window)
            if not result.ok or result.value is None:
                return False
            patient = result.value
        if not patient.plans:
            return self.new_plan_for(patient.id)
        if len(patient.plans) == 1:
            return self.open_plan(patient.plans[0].plan_id)
        chosen = PlanChooserDialog.ask(self.window, patient)
        if chosen is None:
            return False
        if chosen == NEW_PLAN:
            return self.new_plan_for(patient.id)
        return self.open_plan(int(chosen))

    # ================================================================================== new patients and plans

    def new_patient(self) -> bool:
        if not self.maybe_keep_changes():
            return False
        actor = self.actor("adds patients")
        if actor is None:
            return False
        patient = PatientFormDialog.ask(self.window)
        if patient is None:
            return False
        from careplan.services.audit import Action, recorded
        from careplan.services.plans import save_patient

        result = self.window.ops.run_op(
            lambda s: recorded(s, actor, Action.CREATED, save_patient(s, patient, author=actor.name)),
            parent=self.window,
            changes={PATIENTS},
        )
        if not result.ok or result.value is None:
            return False
        log.info("added patient %s", result.value.id)
        return self._start_plan(result.value)

    def new_plan_for_selected(self) -> bool:
        if self.has_plan:
            patient_id = self.ensure_editor().record().patient.id
        else:
            selected = self.window.patients.selected_patient()
            patient_id = selected.id if selected else None
        if patient_id is None:
            return False
        return self.new_plan_for(patient_id)

    def new_plan_for(self, patient_id: int) -> bool:
        from careplan.services.plans import load_patient

        if not self.maybe_keep_changes():
            return False
        result = self.window.ops.read(lambda s: load_patient(s, patient_id), parent=self.window)
        if not result.ok or result.value is None:
            return False
        return self._start_plan(result.value)

    def _start_plan(self, patient: Patient) -> bool:
        """A new plan for ``patient`` (the open plan's changes were already kept or dropped)."""
        window = self.window
        choice = NewPlanDialog.ask(window, window.library, patient.full_name)
        if choice is None:
            return False
        plan = Plan(
            title=choice.title,
            category=choice.category,
            therapist=window.settings.default_therapist(),
            start_date=window.today(),
            catalog_version=window.shipped.version if choice.template_code else None,
        )
        self.show_record(PlanRecord(plan, patient), unsaved=True, template=choice.template_code)
        log.info("started a new plan (%s)", "template" if choice.template_code else "blank")
        return True

    def edit_patient(self) -> bool:
        """Patient details: saved against the version they were opened at; if another desktop changed
        them meanwhile, both versions are shown and the user reloads or keeps theirs knowingly."""
        from careplan.services.audit import Action, recorded
        from careplan.services.errors import PatientConflict
        from careplan.services.plans import load_patient_version, save_patient_version
        from careplan.ui.patient_conflict import PatientConflictDialog

        window, ops = self.window, self.window.ops
        record = self.current_record()
        if record is not None and record.patient.id is not None:
            patient_id: int | None = record.patient.id
        else:
            selected = window.patients.selected_patient()
            patient_id = selected.id if selected else None
        if patient_id is None:
            return False
        open_here = record is not None and record.patient.id == patient_id
        if open_here and self.is_modified():
            Notice.info(
                window,
                "Save the plan first",
                "The open plan has unsaved changes. Save them (or close the plan without saving) "
                "before changing the patient's details.",
            )
            return False
        pid = patient_id
        loaded = ops.read(lambda s: load_patient_version(s, pid), parent=window)
        if not loaded.ok or loaded.value is None:
            return False
        patient, version = loaded.value
        actor = self.actor("changes patients' details")
        if actor is None:
            return False
        author = actor.name
        changed = PatientFormDialog.ask(window, patient)
        if changed is None:
            return False
        try:
            result = ops.run_op(
                lambda s: recorded(s, actor, Action.SAVED, save_patient_version(s, changed, version, author)),
                parent=window,
                changes=(),
                passthrough=(PatientConflict,),
                title="Patient details not saved",
            )
        except PatientConflict as conflict:
            log.info("patient %s: another desktop changed the details first", pid)
            when = format_datetime(conflict.saved_at) if conflict.saved_at else None
            choice = PatientConflictDialog.ask(window, conflict.mine, conflict.theirs, conflict.saved_by, when)
            if choice == "reload":
                self._patient_saved(pid, record if open_here else None)
                self.status("Showing the details as saved on the other computer.")
            if choice != "keep":
                return False
            # Keep mine, having seen theirs: saved over the version now shown (theirs stays in the history).
            # Should yet another change land in between, this is refused like the first.
            mine, seen = conflict.mine, conflict.current_version
            result = ops.run_op(
                lambda s: recorded(s, actor, Action.SAVED, save_patient_version(s, mine, seen, author)),
                parent=window,
                changes=(),
                title="Patient details not saved",
            )
        if not result.ok or result.value is None:
            return False
        self._patient_saved(pid, record if open_here else None)
        self.status("Patient details saved.", 5000)
        return True

    def _patient_saved(self, patient_id: int, record: PlanRecord | None) -> None:
        """The patient's row, the reviews due and, when that patient's plan is open, its header change."""
        from careplan.services.plans import load_patient

        self.window.patients.refresh_patient(patient_id)
        if record is not None and record.plan_id is not None:
            now = self.window.ops.read(lambda s: load_patient(s, patient_id), parent=self.window)
            if now.ok and now.value is not None:
                self.ensure_editor().mark_saved(dataclasses.replace(record, patient=now.value))
                self.update_title()

    # ================================================================================== who does it

    def actor(self, what: str) -> Actor | None:
        """The therapist doing something that is recorded (``what``: "saves plans"); when no name is set
        they are asked for it, and without one it is not done (None).  Never the computer's login."""
        from careplan.services.audit import Actor
        from careplan.services.errors import UserError

        t = self.window.settings.therapist
        if t.name:
            try:
                return Actor.named(t.name, t.role)
            except UserError:
                pass  # a name edited by hand into the settings file: ask again
        if self.ask_who(f"Careplan records who {what}: enter your name to go on."):
            t = self.window.settings.therapist
            return Actor.named(t.name, t.role)
        self.status(f"Not done: Careplan records who {what}, and needs your name for it.", 10000)
        return None

    def ask_who(self, reason: str | None = None) -> bool:
        """Ask the therapist's name and role and keep them in the settings; False when put off."""
        from careplan.ui.therapist_dialog import TherapistDialog

        window = self.window
        t = window.settings.therapist
        chosen = TherapistDialog.ask(window, t.name, t.role, reason)
        if chosen is None:
            return False
        therapist = dataclasses.replace(t, name=chosen.name, role=chosen.role or "")
        self._keep_settings(dataclasses.replace(window.settings, therapist=therapist), "Your name")
        log.info("the therapist's name was set")
        return True

    def _keep_settings(self, settings: Settings, what: str) -> None:
        """Use ``settings`` from now on and save them; a file that cannot be written is said (they are
        used until Careplan is closed)."""
        from careplan.settings import SettingsError, save_settings

        window = self.window
        try:
            save_settings(window.paths.config, settings)
        except (OSError, SettingsError) as exc:
            Notice.error(window, f"{what} not saved", f"{exc}. Careplan uses them until it is closed.")
        window.settings = settings

    def first_start(self) -> bool:
        """At start without a therapist's name in the settings: ask once for the therapist's and the clinic's
        details, which every new plan and handout then carry (it may be put off)."""
        from careplan.ui.therapist_dialog import FirstStartDialog

        if self.window.settings.therapist.name:
            return False
        chosen = FirstStartDialog.ask(self.window, self.window.settings)
        if chosen is None:
            return False
        self._keep_settings(chosen, "Your details")
        log.info("the therapist's and clinic's details were set at first start")
        return True

    def audit_read(self, actor: Actor, action: Action, record: PlanRecord, detail: str | None = None) -> bool:
        """Record a read that was done; when the log cannot be written, warn once (then in the status bar)."""
        from careplan.services.audit import NOT_RECORDED, record_read

        ops = self.window.ops
        if ops.store is not None:
            sessions = ops.store.sessions
            # Written on a worker, the window painting meanwhile (a slow server does not freeze it).
            written = ops.call(lambda: record_read(sessions, actor, action, record, detail), parent=self.window)
            if written.ok and written.value:
                return True
        if not self._audit_warned:
            self._audit_warned = True
            Notice.error(self.window, "Not recorded in the activity log", NOT_RECORDED)
        self.status(NOT_RECORDED, 10000)
        return False

    # ================================================================================== saving

    def save(self) -> bool:
        """Save the open plan as a new revision; on a conflict, offer reload or save as a copy."""
        if not self.has_plan:
            return False
        from careplan.services.audit import Action, recorded
        from careplan.services.errors import PlanConflict
        from careplan.services.plans import save_plan

        actor = self.actor("saves plans")
        if actor is None:
            return False
        window = self.window
        record = self.ensure_editor().record()
        library, action = window.library, Action.CREATED if record.plan_id is None else Action.SAVED
        note = window.change_note.text()
        new_patient = record.patient.id is None
        try:
            result = window.ops.run_op(
                lambda s: recorded(s, actor, action, save_plan(s, record, actor.name, library, note)),
                parent=window,
                # A new patient joins the list; otherwise only that patient's row changes (below).
                changes={PLANS, PATIENTS} if new_patient else (),
                passthrough=(PlanConflict,),
                title="Not saved",
            )
        except PlanConflict as conflict:
            log.info("save of plan %s refused: another desktop saved first", record.plan_id)
            return self._resolve_conflict(conflict, record)
        if not result.ok or result.value is None:
            return False
        if not new_patient:
            window.patients.refresh_patient(result.value.patient.id)
        window.change_note.clear()
        self._saved(record, result.value, "Saved")
        return True

    def _saved(self, before: PlanRecord, saved: PlanRecord, what: str) -> None:
        editor = self.ensure_editor()
        editor.mark_saved(saved)
        editor.undo_stack.setClean()
        self.draft_writer.delete(before.plan_id)
        if before.plan_id != saved.plan_id:
            self.draft_writer.delete(saved.plan_id)
        self._draft_dirty = False
        self._show_saved(saved)
        self.update_title()
        self.window.update_actions()
        number = saved.revision.number if saved.revision else "?"
        self.status(f"{what}: {saved.plan.title}, revision {number}.")
        log.info("saved plan %s revision %s", saved.plan_id, number)
        self.plan_saved.emit(saved)

    def _resolve_conflict(self, conflict: PlanConflict, record: PlanRecord, action: str = "save") -> bool:
        from careplan.services.audit import Action, recorded
        from careplan.services.plans import load_plan, save_as_copy

        window = self.window
        when = format_datetime(conflict.saved_at) if conflict.saved_at else None
        choice = ConflictDialog.ask(window, conflict.saved_by, when, action)
        if choice == "reload":
            plan_id = conflict.plan_id
            result = window.ops.read(lambda s: load_plan(s, plan_id), parent=window)
            if not result.ok or result.value is None:
                return False
            self.draft_writer.delete(record.plan_id)
            self.show_record(result.value)
            self.status("Reloaded the plan as it was saved on the other computer.")
            return True
        if choice == "copy":
            actor, library = self.actor("saves plans"), window.library
            if actor is None:
                return False
            result = window.ops.run_op(
                lambda s: recorded(s, actor, Action.CREATED, save_as_copy(s, record, actor.name, library), "a copy"),
                parent=window,
                changes={PLANS, PATIENTS},
            )
            if not result.ok or result.value is None:
                return False
            copy = result.value
            self.draft_writer.delete(record.plan_id)
            self.show_record(copy)
            self._show_saved(copy)
            self.status(f"Saved your version as a copy: {copy.plan.title}.")
            self.plan_saved.emit(copy)
            return True
        return False

    def save_own_entry(self, entry: LibraryIntervention) -> LibraryIntervention:
        """For the editor: store a therapist's own library entry, then show it in the library.

        A failure is raised as a UserError in plain words: the editor's entry form shows it
        beside the form, with the entry still there to correct.
        """
        from careplan.services.errors import UserError
        from careplan.services.library import add_own_intervention

        try:
            result = self.window.ops.run_op(
                lambda s: add_own_intervention(s, entry),
                parent=self.window,
                changes={LIBRARY},
                passthrough=(Exception,),
            )
        except UserError:
            raise
        except Exception as exc:
            _title, text, expected = explain(exc, self.window.paths.log_file)
            if not expected:
                log.error("saving an own library entry failed", exc_info=(type(exc), exc, exc.__traceback__))
            raise UserError(text) from None
        assert result.value is not None
        log.info("added an own library entry")
        return result.value

    # ================================================================================== drafts

    def write_draft(self) -> Path | None:
        """Start writing the open plan's draft if it changed since the last one (the autosave timer calls
        this); the path it goes to.  It is written on a worker (``draft_written`` then says where), after
        any draft still being written."""
        if not self.is_modified() or not self._draft_dirty:
            return None
        from careplan.services.plans import own_entries_used

        record = self.ensure_editor().record()
        items, goals = own_entries_used(record.plan, self.window.library)
        self._draft_dirty = False
        return self.draft_writer.write(record, items, goals)

    def _draft_failed(self, exc: BaseException) -> None:
        """A full disk must not stop the therapist working: said in the status bar, tried again next time."""
        self._draft_dirty = self._open
        self.status(f"Could not keep a safety copy of your changes: {exc}")

    def settle_drafts(self) -> None:
        """Before the window closes: wait (painting) for the drafts being written or deleted."""
        self.draft_writer.settle(self.window)

    def offer_drafts(self) -> bool:
        """At start: offer back what a crash left unsaved; True if one was reopened."""
        from careplan.planfile import PlanFileError
        from careplan.services.errors import NotFoundError
        from careplan.services.plans import load_patient

        window = self.window
        self.draft_writer.settle(window)
        for draft in self.drafts.drafts():
            if not RecoverDraftDialog.ask(window, draft.title, format_datetime(draft.saved_at)):
                self.draft_writer.delete(draft.plan_id)
                log.info("discarded a draft of plan %s", draft.plan_id)
                continue
            try:
                record = draft.read_record()
            except PlanFileError as exc:
                Notice.error(window, "Cannot recover the changes", f"The saved changes cannot be read: {exc}")
                continue
            patient_id = record.patient.id
            if patient_id is not None and window.ops.store is not None:
                try:
                    found = partial(load_patient, patient_id=patient_id)
                    window.ops.read(found, parent=window, passthrough=(NotFoundError,))
                except NotFoundError:
                    # The patient is gone from this database: saving makes them anew.
                    record = PlanRecord(record.plan, dataclasses.replace(record.patient, id=None))
            self.show_record(record, unsaved=True)
            self.status("Recovered your unsaved changes: check them, then save.", 10000)
            log.info("recovered a draft of plan %s", draft.plan_id)
            return True
        return False

    # ================================================================================== plan files

    def import_plan_file(self) -> bool:
        from careplan.planfile import PlanFileError
        from careplan.services.audit import Action, recorded
        from careplan.services.transfer import import_plan

        if not self.maybe_keep_changes():
            return False
        actor = self.actor("imports plans")
        if actor is None:
            return False
        window = self.window
        path = FileDialogs.open_path(window, "Import a plan file", PLAN_FILES)
        if path is None:
            return False
        shipped = window.shipped
        try:
            result = window.ops.run_op(
                lambda s: recorded(
                    s,
                    actor,
                    Action.IMPORTED,
                    import_plan(s, _read_plan_file(path), shipped, source=path.name, author=actor.name),
                    "plan file",
                ),
                parent=window,
                passthrough=(PlanFileError,),
                title="Cannot import the plan file",
            )
        except PlanFileError as exc:
            log.info("import refused: %s", type(exc).__name__)
            Notice.error(window, "Cannot import the plan file", f"Cannot import {exc}")
            return False
        if not result.ok or result.value is None:
            return False
        record = result.value
        log.info("imported plan %s", record.plan_id)
        self.show_record(record)
        self.status(f"Imported {record.plan.title} for {record.patient.full_name}.")
        return True

    def export_plan_file(self) -> Path | None:
        from careplan.services.audit import Action
        from careplan.services.transfer import export_record

        record = self.current_record()
        actor = self.actor("exports plans") if record is not None else None
        if record is None or actor is None:
            return None
        window = self.window
        suggested = f"{safe_file_name(record.patient.full_name, 'patient')} - {safe_file_name(record.plan.title)}.json"
        path = FileDialogs.save_path(window, "Export the plan file", suggested, PLAN_FILES)
        if path is None:
            return None
        path = with_suffix(path, ".json")
        library = window.library
        carried = self._assessments_of(record)  # the file carries the patient's assessments and injections
        if carried is None:
            return None
        text = export_record(record, library, *carried)
        if not window.ops.call(lambda: write_file(path, text.encode()), parent=window).ok:
            return None
        self.status(f"Exported the plan file to {path}.")
        log.info("exported plan %s to a file", record.plan_id)
        self.audit_read(actor, Action.EXPORTED, record, "plan file")
        return path

    def _assessments_of(self, record: PlanRecord) -> tuple[list[Assessment], list[Injection]] | None:
        from careplan.services.assessments import list_assessments, list_injections

        patient_id = record.patient.id
        if patient_id is None:
            return [], []
        found = self.window.ops.read(
            lambda s: (list_assessments(s, patient_id), list_injections(s, patient_id)), parent=self.window
        )
        return found.value if found.ok else None

    # ================================================================================== history

    def show_history(self) -> HistoryDialog | None:
        from careplan.ui.history import HistoryDialog

        record = self.current_record()
        if record is None or record.plan_id is None:
            return None
        window = self.window
        dialog = HistoryDialog(
            window.ops, record.plan_id, record.plan.title, window.library, self.editor_factory, window.state, window
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.restore_requested.connect(lambda number: self.restore_revision(number, dialog))
        dialog.revision_opened.connect(self._revision_opened)
        dialog.show()
        self.history_dialog = dialog
        return dialog

    def _revision_opened(self, window: RevisionWindow) -> None:
        """An old revision shown read-only is a plan opened: recorded with its number."""
        from careplan.services.audit import Action

        actor = self.actor("opens plans")
        if actor is not None:
            self.audit_read(actor, Action.OPENED, window.record, "read-only")

    def restore_revision(self, number: int, history: HistoryDialog | None = None) -> bool:
        from careplan.services.audit import Action, recorded
        from careplan.services.errors import PlanConflict
        from careplan.services.plans import restore_revision

        record = self.current_record()
        actor = self.actor("restores revisions") if record is not None and record.plan_id is not None else None
        if record is None or record.plan_id is None or actor is None:
            return False
        if self.is_modified():
            choice = UnsavedChangesDialog.ask(self.window, self.plan_label())
            if choice == "cancel":
                return False
            if choice == "save" and not self.save():
                return False
            record = self.ensure_editor().record()
        plan_id, version = record.plan_id, record.version
        assert plan_id is not None
        try:
            result = self.window.ops.run_op(
                lambda s: recorded(
                    s,
                    actor,
                    Action.RESTORED,
                    restore_revision(s, plan_id, number, version, actor.name),
                    f"revision {number}",
                ),
                parent=self.window,
                changes={PLANS, PATIENTS},
                passthrough=(PlanConflict,),
                title="Not restored",
            )
        except PlanConflict as conflict:
            done = self._resolve_conflict(conflict, self._restored_copy(plan_id, number, record), "restore")
            if history is not None:
                history.reload()
            return done
        if not result.ok or result.value is None:
            return False
        restored = result.value
        self.draft_writer.delete(plan_id)
        self.show_record(restored)
        number_now = restored.revision.number if restored.revision else "?"
        self.status(f"Restored revision {number} as revision {number_now}.")
        self.plan_saved.emit(restored)
        if history is not None:
            history.restored()  # the read-only windows close; History shows the new revision, marked a restore
        return True

    def _restored_copy(self, plan_id: int, number: int, current: PlanRecord) -> PlanRecord:
        """What "save as a copy" keeps after a refused restore: the old revision's plan."""
        from careplan.services.plans import load_revision

        result = self.window.ops.read(lambda s: load_revision(s, plan_id, number), parent=self.window)
        if result.ok and result.value is not None:
            return PlanRecord(result.value.plan, current.patient, plan_id, current.version)
        return current


def _read_plan_file(path: Path) -> bytes:
    """The file's bytes (read on the import's worker thread: a network share may be slow)."""
    from careplan.services.errors import UserError

    try:
        return path.read_bytes()
    except OSError as exc:
        raise UserError(f"Cannot import {path}: {exc.strerror or exc}.") from None
