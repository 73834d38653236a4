"""A therapist's whole round, through the real window and the real plan editor.

New patient -> plan from a template -> change a dosage -> undo, redo -> save ->
reopen -> history -> preview -> PDF.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from careplan.core.enums import Category, Kind
from careplan.services.plans import list_patients, list_revisions, load_plan
from careplan.ui.history import HistoryDialog, RevisionWindow
from careplan.ui.preview import HandoutPreviewDialog

from ui_helpers import choose_new_plan, fill_patient_form, is_pdf


def first_exercise_row(window: Any) -> int:
    items = window.editor.record().plan.interventions
    return next(i for i, item in enumerate(items) if item.kind is Kind.EXERCISE and item.dosage)


def test_new_patient_to_printed_handout(qtbot: Any, window: Any, dialogs: Any, store: Any, tmp_path: Path) -> None:
    window.show()
    # --- new patient, then a plan from the cervical template --------------------------------------
    dialogs.answer("patient", fill_patient_form(qtbot, "Amira", "Okafor", dt.date(2016, 3, 14), "943 476 5919"))
    dialogs.answer("new_plan", choose_new_plan(Category.CERVICAL, "template.cervical"))
    with qtbot.waitSignal(window.session.plan_opened):
        window.act.new_patient.trigger()
    editor = window.editor
    record = editor.record()
    assert record.plan_id is None and record.patient.id is not None
    assert record.patient.carers[0].name == "Grace Okafor"
    assert record.plan.category is Category.CERVICAL
    assert len(record.plan.interventions) > 0, "the template's items"
    assert window.isWindowModified()
    assert window.windowTitle().startswith("Amira Okafor: ")
    assert window.central.currentWidget() is window.session.editor_area
    assert window.patients.patient_model.rowCount() == 1  # the patient is stored at once

    # --- change a dosage through the item editor ---------------------------------------------------
    row = first_exercise_row(window)
    editor.tabs.setCurrentIndex(1)
    editor.items_panel.select_row(row)
    before = editor.record().plan.interventions[row].dosage
    spin = editor.item_editor.dosage["reps"]
    new_reps = (before.reps or 5) + 3
    with qtbot.waitSignal(editor.plan_changed):
        spin.setValue(new_reps)
    assert editor.record().plan.interventions[row].dosage.reps == new_reps

    # --- undo and redo from the window's actions ---------------------------------------------------
    assert window.act.undo.isEnabled()
    window.act.undo.trigger()
    assert editor.record().plan.interventions[row].dosage == before
    window.act.redo.trigger()
    assert editor.record().plan.interventions[row].dosage.reps == new_reps

    # --- save -------------------------------------------------------------------------------------
    with qtbot.waitSignal(window.session.plan_saved) as saved:
        window.act.save.trigger()
    stored = saved.args[0]
    assert stored.plan_id is not None and stored.revision.number == 1
    assert not window.isWindowModified()
    assert editor.undo_stack.isClean()
    assert "Revision 1" in window.saved_label.text()
    with store.sessions.begin() as s:
        assert load_plan(s, stored.plan_id).plan.interventions[row].dosage.reps == new_reps

    # A second change and save makes revision 2.
    with qtbot.waitSignal(editor.plan_changed):
        spin.setValue(new_reps + 1)
    assert window.isWindowModified()
    with qtbot.waitSignal(window.session.plan_saved):
        window.act.save.trigger()

    # --- close and reopen from the patient list ----------------------------------------------------
    assert window.session.close_plan()
    assert window.central.currentWidget() is window.welcome
    assert not window.act.save.isEnabled()
    qtbot.keyClicks(window.patients.search, "okafor")
    assert window.patients.patient_proxy.rowCount() == 1
    with qtbot.waitSignal(window.session.plan_opened):
        qtbot.keyClick(window.patients.search, Qt.Key.Key_Return)
    assert window.editor.record().plan.interventions[row].dosage.reps == new_reps + 1
    assert window.editor.record().revision.number == 2
    assert not window.isWindowModified()

    # --- history: two revisions, the first one read-only -------------------------------------------
    window.act.history.trigger()
    history: HistoryDialog = window.session.history_dialog
    qtbot.waitUntil(lambda: history.model.rowCount() == 2)
    assert [r.number for r in history.model.revisions] == [2, 1]
    assert history.model.index(0, 2).data() == "Jo Patel"
    history.select_number(1)
    with qtbot.waitSignal(history.revision_opened) as opened:
        history.open_button.click()
    old: RevisionWindow = opened.args[0]
    assert old.editor.is_read_only()
    assert old.editor.record().plan.interventions[row].dosage.reps == new_reps
    old.close()
    history.close()

    # --- preview, then save the family handout as a PDF --------------------------------------------
    window.state.set(window.state.preview_audience, "family")
    dialog: HandoutPreviewDialog = window.handouts.preview_handouts()
    with qtbot.waitSignal(dialog.rendered, timeout=20_000):
        pass
    assert dialog.document.pageCount() >= 1
    target = tmp_path / "amira family"
    # The template's goals keep their blanks ("___ seconds"): not ready, so saved as a draft when asked.
    assert any("blank" in p.message for p in dialog.problems)
    dialogs.answer("confirm", True)
    dialogs.answer("save_path", target)
    saved_pdf = dialog.save_pdf()
    assert saved_pdf == tmp_path / "amira family.pdf"
    assert is_pdf(saved_pdf) >= 1
    # The school tab renders its own handout.
    with qtbot.waitSignal(dialog.rendered, timeout=20_000) as rendered:
        dialog.tabs.setCurrentIndex(1)
    assert rendered.args == ["school"]
    dialog.close()

    with store.sessions.begin() as s:
        assert [r.number for r in list_revisions(s, stored.plan_id)] == [1, 2]
        assert [p.full_name for p in list_patients(s)] == ["Amira Okafor"]
