"""Saving: conflicts with another desktop, unsaved-changes prompts, drafts and crash recovery."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from careplan.core.model import Dosage
from careplan.services.plans import (
    list_patients,
    list_revisions,
    load_patient,
    load_patient_version,
    load_plan,
    patient_history,
    save_patient,
    save_plan,
)
from careplan.services.store import open_store
from careplan.storage.db import sqlite_url
from careplan.ui.drafts import DraftStore

from ui_helpers import seed_plan


def set_reps(qtbot: Any, window: Any, reps: int, row: int = 0) -> None:
    editor = window.editor
    editor.tabs.setCurrentIndex(1)
    editor.items_panel.select_row(row)
    with qtbot.waitSignal(editor.plan_changed):
        editor.item_editor.dosage["reps"].setValue(reps)


@pytest.fixture
def other_desktop(paths: Any) -> Any:
    """A second store on the same SQLite file: another desktop of the clinic."""
    other = open_store(sqlite_url(paths.database), paths, migrate=False)
    yield other
    other.close()


def save_elsewhere(other: Any, plan_id: int, reps: int, author: str = "Sam Jones") -> Any:
    """Another desktop opens the plan, changes the first item's repeats and saves."""
    with other.sessions.begin() as s:
        theirs = load_plan(s, plan_id)
        items = list(theirs.plan.interventions)
        items[0] = dataclasses.replace(items[0], dosage=Dosage(reps=reps))
        return save_plan(s, dataclasses.replace(theirs, plan=theirs.plan.replace(interventions=tuple(items))), author)


def test_conflict_then_save_as_copy(qtbot: Any, window: Any, dialogs: Any, store: Any, other_desktop: Any) -> None:
    seeded = seed_plan(store)
    assert window.open_plan(seeded.plan_id)
    set_reps(qtbot, window, 15)
    save_elsewhere(other_desktop, seeded.plan_id, 30)

    dialogs.answer("conflict", "copy")
    with qtbot.waitSignal(window.session.plan_saved) as saved:
        assert window.save()
    ((who, when, action),) = dialogs.of("conflict")
    assert who == "Sam Jones" and when and action == "save"
    copy = saved.args[0]
    assert copy.plan_id != seeded.plan_id
    assert copy.plan.title == "Neck posture (copy)"
    assert window.editor.record().plan_id == copy.plan_id
    assert not window.isWindowModified()
    with store.sessions.begin() as s:
        # Theirs is untouched; mine is a new plan for the same patient.
        assert load_plan(s, seeded.plan_id).plan.interventions[0].dosage.reps == 30
        assert load_plan(s, copy.plan_id).plan.interventions[0].dosage.reps == 15
        (patient,) = list_patients(s)
        assert len(patient.plans) == 2
        assert [r.number for r in list_revisions(s, seeded.plan_id)] == [1, 2]


def test_conflict_then_reload(qtbot: Any, window: Any, dialogs: Any, store: Any, other_desktop: Any) -> None:
    seeded = seed_plan(store)
    window.open_plan(seeded.plan_id)
    set_reps(qtbot, window, 15)
    save_elsewhere(other_desktop, seeded.plan_id, 30)
    dialogs.answer("conflict", "reload")
    assert window.save()
    shown = window.editor.record()
    assert shown.plan.interventions[0].dosage.reps == 30
    assert shown.revision.number == 2
    assert not window.isWindowModified()
    with store.sessions.begin() as s:
        assert len(list_patients(s)[0].plans) == 1


def test_conflict_cancelled_keeps_the_changes(
    qtbot: Any, window: Any, dialogs: Any, store: Any, other_desktop: Any
) -> None:
    seeded = seed_plan(store)
    window.open_plan(seeded.plan_id)
    set_reps(qtbot, window, 15)
    save_elsewhere(other_desktop, seeded.plan_id, 30)
    dialogs.answer("conflict", "cancel")
    assert not window.save()
    assert window.isWindowModified()
    assert window.editor.record().plan.interventions[0].dosage.reps == 15


@pytest.mark.parametrize("choice", ["cancel", "discard", "save"])
def test_closing_with_unsaved_changes_asks(qtbot: Any, window: Any, dialogs: Any, store: Any, choice: str) -> None:
    seeded = seed_plan(store)
    window.show()
    window.open_plan(seeded.plan_id)
    set_reps(qtbot, window, 15)
    window.session.write_draft()  # written on a worker
    drafts = DraftStore(window.paths.drafts)
    qtbot.waitUntil(lambda: drafts.path_for(seeded.plan_id).exists())

    dialogs.answer("unsaved", choice)
    window.close()
    (what,) = dialogs.of("unsaved")
    assert what == ("Neck posture (Amira Okafor)",)
    assert window.isVisible() is (choice == "cancel")
    with store.sessions.begin() as s:
        reps = load_plan(s, seeded.plan_id).plan.interventions[0].dosage.reps
    assert reps == (15 if choice == "save" else 10)
    assert drafts.path_for(seeded.plan_id).exists() is (choice == "cancel")


def test_opening_another_plan_asks_first(qtbot: Any, window: Any, dialogs: Any, store: Any) -> None:
    first = seed_plan(store)
    second = seed_plan(store, "Ben", "Ode", title="Hand plan")
    window.open_plan(first.plan_id)
    set_reps(qtbot, window, 15)
    dialogs.answer("unsaved", "cancel")
    assert not window.open_plan(second.plan_id)
    assert window.editor.record().plan_id == first.plan_id
    dialogs.answer("unsaved", "discard")
    assert window.open_plan(second.plan_id)
    assert window.editor.record().plan_id == second.plan_id


def test_closing_without_changes_asks_nothing(window: Any, store: Any) -> None:
    seeded = seed_plan(store)
    window.show()
    window.open_plan(seeded.plan_id)
    window.close()
    assert not window.isVisible()


def test_autosave_writes_a_draft_and_a_new_window_offers_it_back(
    qtbot: Any, make_window: Any, dialogs: Any, store: Any, paths: Any
) -> None:
    seeded = seed_plan(store)
    first = make_window(autosave_interval_ms=30)
    first.open_plan(seeded.plan_id)
    assert first.session.autosave_timer.isActive()
    set_reps(qtbot, first, 17)
    with qtbot.waitSignal(first.session.draft_written, timeout=5000) as written:
        pass
    draft = Path(written.args[0])
    assert draft == paths.drafts / f"plan-{seeded.plan_id}.json"
    doc = json.loads(draft.read_text("utf-8"))
    assert doc["format"] == "careplan-plan"
    assert doc["plan"]["interventions"][0]["dosage"]["reps"] == 17
    meta = json.loads((paths.drafts / f"plan-{seeded.plan_id}.meta.json").read_text("utf-8"))
    assert meta["plan_id"] == seeded.plan_id and meta["version"] == seeded.version
    # Nothing changed since: the timer does not write it again.
    assert first.session.write_draft() is None

    # The program "crashes": the window goes without asking; the draft stays.
    first.session.autosave_timer.stop()
    first.editor.undo_stack.setClean()
    first.close()

    second = make_window()
    dialogs.answer("recover", True)
    assert second.session.offer_drafts()
    ((title, when),) = dialogs.of("recover")
    assert title == "Neck posture" and when
    record = second.editor.record()
    assert record.plan_id == seeded.plan_id
    assert record.plan.interventions[0].dosage.reps == 17
    assert second.isWindowModified(), "recovered changes are unsaved changes"
    with qtbot.waitSignal(second.session.plan_saved):
        assert second.save()
    qtbot.waitUntil(lambda: not draft.exists())
    with store.sessions.begin() as s:
        assert load_plan(s, seeded.plan_id).plan.interventions[0].dosage.reps == 17


def test_a_declined_draft_is_deleted(qtbot: Any, window: Any, dialogs: Any, store: Any, paths: Any) -> None:
    seeded = seed_plan(store)
    window.open_plan(seeded.plan_id)
    set_reps(qtbot, window, 17)
    path = window.session.write_draft()
    window.editor.undo_stack.setClean()
    window.session.close_plan()
    dialogs.answer("recover", False)
    assert not window.session.offer_drafts()
    qtbot.waitUntil(lambda: not window.session.draft_writer.pending)  # deleted on a worker
    assert not path.exists()
    assert list(paths.drafts.iterdir()) == []


def test_a_new_plan_draft_comes_back_for_its_patient(qtbot: Any, make_window: Any, dialogs: Any, store: Any) -> None:
    from careplan.core.enums import Category

    from ui_helpers import choose_new_plan

    seeded = seed_plan(store)
    first = make_window()
    dialogs.answer("new_plan", choose_new_plan(Category.HAND, "template.hand_writers_cramp"))
    assert first.session.new_plan_for(seeded.patient.id)
    assert first.session.write_draft() == first.paths.drafts / "plan-new.json"
    first.editor.undo_stack.setClean()
    second = make_window()
    dialogs.answer("recover", True)
    assert second.session.offer_drafts()
    record = second.editor.record()
    assert record.plan_id is None and record.patient.id == seeded.patient.id
    assert second.save()
    with store.sessions.begin() as s:
        (patient,) = list_patients(s)
        assert len(patient.plans) == 2


def test_a_draft_overtaken_by_another_desktop_ends_in_the_conflict_dialog(
    qtbot: Any, make_window: Any, dialogs: Any, store: Any, other_desktop: Any
) -> None:
    seeded = seed_plan(store)
    first = make_window()
    first.open_plan(seeded.plan_id)
    set_reps(qtbot, first, 17)
    first.session.write_draft()
    first.editor.undo_stack.setClean()
    save_elsewhere(other_desktop, seeded.plan_id, 40)
    second = make_window()
    dialogs.answer("recover", True)
    second.session.offer_drafts()
    dialogs.answer("conflict", "copy")
    assert second.save()
    with store.sessions.begin() as s:
        assert load_plan(s, seeded.plan_id).plan.interventions[0].dosage.reps == 40


# --- two desktops editing one patient ----------------------------------------------------------------------


def change_elsewhere(other: Any, patient_id: int, author: str = "Sam Jones") -> Any:
    """Another desktop opens Edit patient, changes the identifier and the carer's phone, and saves."""
    from careplan.core.model import Carer

    with other.sessions.begin() as s:
        theirs, version = load_patient_version(s, patient_id)
        carers = (Carer("Grace Okafor", "mother", "07700 900999"),)
        return save_patient(s, dataclasses.replace(theirs, identifier="NEW-77", carers=carers), version, author)


def opened_then_changed_elsewhere(other: Any, patient_id: int, given: str) -> Any:
    """An answer for the patient form: while it is open here, another desktop saves its change."""

    def answer(parent: Any, patient: Any) -> Any:
        change_elsewhere(other, patient_id)
        return dataclasses.replace(patient, given_name=given)

    return answer


def test_patient_changed_elsewhere_shows_both_versions_then_reload(
    qtbot: Any, window: Any, dialogs: Any, store: Any, other_desktop: Any
) -> None:
    seeded = seed_plan(store)
    window.open_plan(seeded.plan_id)
    dialogs.answer("patient", opened_then_changed_elsewhere(other_desktop, seeded.patient.id, "Amina"))
    dialogs.answer("patient_conflict", "reload")
    assert not window.session.edit_patient()
    ((mine, theirs, who, _when),) = dialogs.of("patient_conflict")
    assert mine.given_name == "Amina" and mine.identifier == seeded.patient.identifier
    assert theirs.given_name == seeded.patient.given_name and theirs.identifier == "NEW-77" and who == "Sam Jones"
    # Reload: theirs everywhere, mine dropped, nothing written over theirs.
    with store.reads.begin() as s:
        stored = load_patient(s, seeded.patient.id)
    assert stored.identifier == "NEW-77" and stored.given_name == seeded.patient.given_name
    assert window.editor.record().patient == stored
    # A later plan save does not bring the old details back either.
    set_reps(qtbot, window, 9)
    assert window.save()
    with store.reads.begin() as s:
        assert load_patient(s, seeded.patient.id).identifier == "NEW-77"


def test_patient_changed_elsewhere_then_keep_mine(
    qtbot: Any, window: Any, dialogs: Any, store: Any, other_desktop: Any
) -> None:
    seeded = seed_plan(store)
    window.patients.reload_lists()
    window.patients.select_patient(seeded.patient.id)
    dialogs.answer("patient", opened_then_changed_elsewhere(other_desktop, seeded.patient.id, "Amina"))
    dialogs.answer("patient_conflict", "keep")
    assert window.session.edit_patient()
    with store.reads.begin() as s:
        stored = load_patient(s, seeded.patient.id)
        history = patient_history(s, seeded.patient.id)
    assert stored.given_name == "Amina" and stored.identifier == seeded.patient.identifier
    # Theirs is not lost: it is the version before mine in the history.
    assert [h.patient.identifier for h in history][-2] == "NEW-77"
    assert [h.author for h in history][-2] == "Sam Jones"
    name = window.patients.patient_model.index(window.patients.patient_model.row_of(seeded.patient.id), 0).data()
    assert name == "Okafor, Amina"


def test_the_conflict_dialog_marks_the_differences(qtbot: Any) -> None:
    import datetime as dt

    from careplan.core.model import Carer, Patient
    from careplan.ui.patient_conflict import PatientConflictDialog

    theirs = Patient("Amira", "Okafor", dt.date(2016, 3, 14), "NEW-77", (Carer("Grace", "mother", "1"),))
    mine = Patient("Amina", "Okafor", dt.date(2016, 3, 14), "943", (Carer("Grace", "mother", "1"),))
    dialog = PatientConflictDialog(mine, theirs, "Sam Jones", "10:00 on 10 Feb 2027")
    qtbot.addWidget(dialog)
    assert dialog.changed_rows == ["Given name", "Identifier"]
    table = dialog.table
    cells = {
        table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text()) for r in range(table.rowCount())
    }
    assert cells["Given name (differs)"] == ("Amira", "Amina")
    assert cells["Family name"] == ("Okafor", "Okafor")
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert dialog.choice == "keep"
