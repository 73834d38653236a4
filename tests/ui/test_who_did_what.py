"""Who did what, in the desktop: the first-start question, every action recorded, the Activity tab."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from careplan.services.audit import Actor, events_for
from careplan.services.plans import list_revisions
from careplan.settings import Settings, load_settings
from careplan.ui.therapist_dialog import TherapistDialog

from support.db import FIXTURES
from ui_helpers import print_to, seed_plan

LOGIN = "loginmarker"


def _events(store: Any, plan_id: int | None = None) -> list[tuple[Any, ...]]:
    with store.reads.begin() as s:
        return [(e.who, e.role, e.action, e.revision, e.detail) for e in reversed(events_for(s, plan_id=plan_id))]


# --- the dialog ----------------------------------------------------------------------------------------


def test_the_dialog_needs_a_name_and_refuses_control_characters(qtbot: Any) -> None:
    dialog = TherapistDialog(reason="Careplan records who saves plans: enter your name to go on.")
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.name_edit, "   ")
    assert not dialog.ok.isEnabled(), "spaces are not a name"
    dialog.name_edit.setText("Jo\x07 Patel")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == 0, "not accepted"
    assert "control character" in dialog.problem.text()
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "Amaka Eze")
    qtbot.keyClicks(dialog.role_edit, "Neurophysiotherapist")
    assert dialog.problem.isHidden()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert (dialog.actor().name, dialog.actor().role) == ("Amaka Eze", "Neurophysiotherapist")


def test_later_closes_without_a_name(qtbot: Any) -> None:
    dialog = TherapistDialog("", "")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.rejected):
        dialog.later.click()


# --- first start ---------------------------------------------------------------------------------------


def named_settings(name: str, role: str = "") -> Any:
    """A first-start answer: the settings it was given, with the therapist's name and role typed in."""
    return lambda settings: replace(settings, therapist=replace(settings.therapist, name=name, role=role))


def test_first_start_asks_and_remembers(make_window: Any, dialogs: Any, paths: Any) -> None:
    window = make_window(settings=Settings())
    dialogs.answer("first_start", named_settings("Amaka Eze", "Neurophysiotherapist"))
    assert window.session.first_start()
    assert dialogs.of("first_start") == [(Settings(),)]
    stored = load_settings(paths.config).therapist
    assert (stored.name, stored.role) == ("Amaka Eze", "Neurophysiotherapist")
    assert window.settings.therapist.name == "Amaka Eze"
    assert not window.session.first_start(), "asked once"
    assert len(dialogs.of("first_start")) == 1


def test_a_named_therapist_is_not_asked(window: Any, dialogs: Any) -> None:
    assert not window.session.first_start()
    assert dialogs.of("first_start") == [] and dialogs.of("therapist") == []


def test_put_off_then_saving_asks_again_and_without_a_name_nothing_is_saved(
    make_window: Any, dialogs: Any, store: Any, paths: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("USER", LOGIN)
    monkeypatch.setenv("LOGNAME", LOGIN)
    seeded = seed_plan(store)
    window = make_window(settings=Settings())
    dialogs.answer("first_start", None)
    assert not window.session.first_start()
    # Opening is recorded, so it asks; put off again, the plan does not open.
    dialogs.answer("therapist", None)
    assert not window.open_plan(seeded.plan_id)
    assert not window.has_plan
    assert "needs your name" in window.statusBar().currentMessage()
    reason = dialogs.of("therapist")[0][2]
    assert "records who opens plans" in reason
    # Now named: the plan opens, is saved under that name, and the settings keep it.
    dialogs.answer("therapist", Actor("Sam Lee", None))
    assert window.open_plan(seeded.plan_id)
    editor = window.editor
    editor.document.edit(editor.plan().replace(title="Second title"), "Title")
    assert window.save()
    with store.reads.begin() as s:
        assert [r.author for r in list_revisions(s, seeded.plan_id)] == ["Jo Patel", "Sam Lee"]
    assert _events(store) == [("Sam Lee", None, "opened", 1, None), ("Sam Lee", None, "saved", 2, None)]
    assert load_settings(paths.config).therapist.name == "Sam Lee"
    assert LOGIN not in repr(_events(store))


# --- every action recorded -----------------------------------------------------------------------------


def test_every_desktop_action_is_recorded_with_the_therapists_name(
    window: Any, dialogs: Any, store: Any, caplog: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.INFO)
    monkeypatch.setenv("USER", LOGIN)
    seeded = seed_plan(store)
    plan_id = seeded.plan_id
    assert window.open_plan(plan_id)
    editor = window.editor
    editor.document.edit(editor.plan().replace(title="Second title"), "Title")
    assert window.save()
    window.state.set(window.state.preview_audience, "family")
    dialogs.answer("save_path", tmp_path / "family.pdf")
    assert window.handouts.save_handout_pdf()

    dialogs.answer("print", print_to(tmp_path / "printed.pdf"))
    assert window.handouts.print_handout()
    dialogs.answer("save_path", tmp_path / "plan.json")
    assert window.session.export_plan_file()
    dialogs.answer("folder", tmp_path)
    assert window.handouts.export_handouts()
    assert window.session.restore_revision(1)
    jo = ("Jo Patel", "Neurophysiotherapist")
    assert _events(store, plan_id) == [
        (*jo, "opened", 1, None),
        (*jo, "saved", 2, None),
        (*jo, "exported", 2, "family handout (PDF)"),
        (*jo, "printed", 2, "family handout"),
        (*jo, "exported", 2, "plan file"),
        (*jo, "exported", 2, "family, school, clinician handouts (PDF, to a folder)"),
        (*jo, "restored", 3, "revision 1"),
    ]
    window.session.close_plan()
    dialogs.answer("open_path", FIXTURES / "example-plan.json")
    assert window.session.import_plan_file()
    imported = window.editor.record()
    assert _events(store, imported.plan_id) == [(*jo, "imported", 1, "plan file")]
    assert LOGIN not in repr(_events(store))
    # The log says what was done to which plan number, never whose plan it is.
    log_text = caplog.text
    assert f"opened plan {plan_id}" in log_text
    for clinical in ("Amira", "Okafor", "Neck posture", "Second title", LOGIN):
        assert clinical not in log_text


def test_a_read_that_cannot_be_recorded_warns_once_and_keeps_the_plan_open(
    window: Any, dialogs: Any, store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = seed_plan(store)
    other = seed_plan(store, "Ben", "Adeyemi", title="Hand")
    monkeypatch.setattr("careplan.services.audit.record_read", lambda *a, **k: False)
    assert window.open_plan(seeded.plan_id)
    ((title, text),) = dialogs.errors()
    assert title == "Not recorded in the activity log" and "could not write it to the activity log" in text
    assert window.open_plan(other.plan_id) and window.has_plan
    assert len(dialogs.errors()) == 1, "warned once"
    assert "activity log" in window.statusBar().currentMessage()


# --- the Activity tab ----------------------------------------------------------------------------------


def test_the_activity_tab_lists_the_plans_events(qtbot: Any, window: Any, dialogs: Any, store: Any) -> None:
    seeded = seed_plan(store)
    other = seed_plan(store, "Ben", "Adeyemi", title="Hand")
    window.open_plan(other.plan_id)
    window.open_plan(seeded.plan_id)
    editor = window.editor
    editor.document.edit(editor.plan().replace(title="Second title"), "Title")
    with qtbot.waitSignal(window.session.plan_saved):
        window.save()
    history = window.session.show_history()
    qtbot.waitUntil(lambda: history.activity_model.rowCount() == 2 and history.model.rowCount() == 2)
    history.tabs.setCurrentIndex(1)
    model = history.activity_model
    rows = [[model.index(r, c).data() for c in (1, 2, 3, 4, 5)] for r in range(model.rowCount())]
    assert rows == [
        ["Jo Patel", "Neurophysiotherapist", "saved", "2", ""],
        ["Jo Patel", "Neurophysiotherapist", "opened", "1", ""],
    ]
    assert model.index(0, 0).data()  # the local time
    assert model.index(0, 6).data()  # the computer
    assert "newest first (2)" in history.activity_status.text()
    # A restore reloads both tabs.
    dialogs.answer("confirm", True)
    with qtbot.waitSignal(history.activity_loaded) as loaded:
        history.select_number(1)
        history.restore_button.click()
    assert loaded.args == [3] and model.index(0, 3).data() == "restored"
    qtbot.waitUntil(lambda: history.model.rowCount() == 3)
    # An old revision opened read-only is recorded too.
    with qtbot.waitSignal(history.activity_loaded) as loaded:
        history.select_number(1)
        history.open_selected()
        history.load_activity()
    assert [model.index(0, c).data() for c in (3, 4, 5)] == ["opened", "1", "read-only"]
    history.close()


def test_the_activity_model_passes_the_model_tester(qtmodeltester: Any, store: Any) -> None:
    from careplan.services.audit import Action, record_read
    from careplan.ui.models import AuditTableModel

    seeded = seed_plan(store)
    for action in (Action.OPENED, Action.PRINTED, Action.EXPORTED):
        assert record_read(store.sessions, Actor("Jo Patel", "Physio", "pc-1"), action, seeded, "family handout")
    model = AuditTableModel()
    with store.reads.begin() as s:
        model.set_events(events_for(s))
    assert model.rowCount() == 3 and model.columnCount() == 7
    qtmodeltester.check(model)


def test_an_empty_activity_says_so(qtbot: Any, window: Any, store: Any) -> None:
    from careplan.ui.history import HistoryDialog

    seeded = seed_plan(store)
    dialog = HistoryDialog(
        window.ops, seeded.plan_id, "Neck posture", window.library, window.editor_factory, window.state
    )
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.activity_status.text() == "Nothing recorded for this plan yet.")


def test_printing_and_saving_from_the_preview_are_recorded(
    qtbot: Any, window: Any, dialogs: Any, store: Any, tmp_path: Path
) -> None:
    seeded = seed_plan(store)
    assert window.open_plan(seeded.plan_id)
    preview = window.handouts.preview_handouts()
    qtbot.waitUntil(lambda: preview.pdf_bytes() is not None, timeout=20_000)
    assert preview.problems == [], "the seeded plan is ready to print: no draft question comes first"
    dialogs.answer("save_path", tmp_path / "from-preview.pdf")
    with qtbot.waitSignal(preview.handout_out):
        assert preview.save_pdf() == tmp_path / "from-preview.pdf"

    dialogs.answer("print", print_to(tmp_path / "printed.pdf"))
    with qtbot.waitSignal(preview.handout_out):
        assert preview.print_handout()
    jo = ("Jo Patel", "Neurophysiotherapist")
    assert _events(store, seeded.plan_id)[-2:] == [
        (*jo, "exported", 1, "family handout (PDF)"),
        (*jo, "printed", 1, "family handout"),
    ]
