"""History: what each revision changed, which revision is a restore, and what a restore leaves open."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import shiboken6
from PySide6.QtCore import Qt

from careplan.core.enums import GoalDomain
from careplan.core.history import RevisionSummary
from careplan.core.model import Goal
from careplan.services.plans import list_revisions
from careplan.ui.history import HistoryDialog, RevisionHistoryModel, RevisionWindow, change_details, change_summary

from ui_helpers import seed_plan

NOW = dt.datetime(2027, 1, 5, 10, 0, tzinfo=dt.UTC)


def save_edit(qtbot: Any, window: Any, **changes: Any) -> None:
    editor = window.editor
    editor.document.edit(editor.plan().replace(**changes), "Edit")
    with qtbot.waitSignal(window.session.plan_saved):
        assert window.save()


def open_history(qtbot: Any, window: Any) -> HistoryDialog:
    """Plan → History, once the revisions are read (on a worker thread)."""
    history = window.session.show_history()
    with qtbot.waitSignal(history.revisions_loaded):
        pass
    return history


def row_text(history: HistoryDialog, row: int) -> list[str]:
    model = history.model
    return [model.index(row, column).data() for column in range(model.columnCount())]


def test_history_says_what_each_revision_changed(qtbot: Any, window: Any, store: Any) -> None:
    seeded = seed_plan(store)
    window.open_plan(seeded.plan_id)
    goal = Goal(GoalDomain.POSTURE, "Holds her head upright for a whole lesson")
    save_edit(qtbot, window, title="Neck and shoulders", goals=(goal,))
    history: HistoryDialog = open_history(qtbot, window)
    assert history.model.headers[-1] == "What changed"
    newest, first = row_text(history, 0), row_text(history, 1)
    assert newest[0] == "2 (current)" and newest[2] == "Jo Patel"
    assert newest[3] == "Title changed to “Neck and shoulders” (and 1 more change)"
    assert first[3] == "First saved version of the plan"
    # The details below the list tell the whole change, in the clinician summary's words.
    details = history.details.toPlainText()
    assert "• Title changed to “Neck and shoulders”" in details
    assert "• Goal added: “Holds her head upright for a whole lesson”" in details
    history.select_number(1)
    assert "First saved version of the plan" in history.details.toPlainText()
    history.close()


def test_a_restore_is_marked_and_leaves_one_history_window(qtbot: Any, window: Any, dialogs: Any, store: Any) -> None:
    seeded = seed_plan(store)
    window.open_plan(seeded.plan_id)
    save_edit(qtbot, window, title="Second title")
    history: HistoryDialog = open_history(qtbot, window)
    history.select_number(1)
    with qtbot.waitSignal(history.revision_opened) as opened:
        history.open_button.click()
    revision: RevisionWindow = opened.args[0]
    assert revision.isVisible()
    dialogs.answer("confirm", True)
    with qtbot.waitSignal(window.session.plan_saved):
        revision.restore_button.click()
    # The main window shows the plan as restored; the read-only window of the old state is gone,
    # and the one window of the history left open shows the restore, marked as one.
    assert window.editor.record().plan.title == "Neck posture"
    qtbot.waitUntil(lambda: not shiboken6.isValid(revision) or not revision.isVisible())
    assert history.windows == []
    assert history.isVisible()
    qtbot.waitUntil(lambda: history.model.rowCount() == 3)
    assert [r.number for r in history.model.revisions] == [3, 2, 1]
    newest = row_text(history, 0)
    assert newest[0] == "3 (current)"
    assert newest[3].startswith("Restored from revision 1")
    assert "Title changed to “Neck posture”" in history.details.toPlainText()
    assert "Restored from revision 1." in history.details.toPlainText()
    with store.reads.begin() as s:
        assert [r.number for r in list_revisions(s, seeded.plan_id)] == [1, 2, 3]
    history.close()


def test_the_summary_line_and_details_of_a_revision() -> None:
    plain = RevisionSummary(2, NOW, "Jo Patel", None, ("Item added: “Chin tucks”",))
    assert change_summary(plain) == "Item added: “Chin tucks”"
    noted = RevisionSummary(3, NOW, None, "After the injection", ("A", "B"))
    assert change_summary(noted) == "After the injection (and 2 more changes)"
    assert "Note: After the injection\nWhat changed since the revision before:\n• A\n• B" in change_details(noted)
    restore = RevisionSummary(4, NOW, None, "restored revision 1", ("A",), restored_from=1)
    assert change_summary(restore) == "Restored from revision 1 (and 1 more change)"
    assert "Note:" not in change_details(restore), "the restore's own note is said as the mark"
    same = RevisionSummary(5, NOW, None, None, ())
    assert change_summary(same) == "Saved without changes to the plan"


def test_the_revision_history_model(qtmodeltester: Any) -> None:
    model = RevisionHistoryModel()
    model.set_revisions(
        [
            RevisionSummary(1, NOW, "Jo Patel", None, ("First saved version of the plan",)),
            RevisionSummary(2, NOW, None, None),
        ]
    )
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(RevisionHistoryModel(), force_py=True)
    assert model.index(0, 0).data() == "2 (current)" and model.index(1, 0).data() == "1"
    assert model.index(0, 2).data() == "(not recorded)"
    assert "Revision 1" in model.index(1, 3).data(Qt.ItemDataRole.ToolTipRole)


def mnemonics(widget: Any) -> list[str]:
    """The Alt+letter of every button, label and tab in ``widget`` (lower case)."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QTabWidget

    texts = [w.text() for w in widget.findChildren(QAbstractButton) + widget.findChildren(QLabel)]
    texts += [tabs.tabText(i) for tabs in widget.findChildren(QTabWidget) for i in range(tabs.count())]
    found = [re.search(r"&([^&])", text.replace("&&", "")) for text in texts]
    return [m.group(1).lower() for m in found if m]


def test_each_alt_letter_of_the_history_does_one_thing(qtbot: Any, window: Any, store: Any) -> None:
    window.open_plan(seed_plan(store).plan_id)
    history: HistoryDialog = open_history(qtbot, window)
    letters = mnemonics(history)
    assert {"r", "a", "v", "o", "t"} <= set(letters)
    assert len(letters) == len(set(letters)), sorted(letters)
    history.close()


def test_revisions_that_cannot_be_read_are_said_and_nothing_is_offered(
    qtbot: Any, window: Any, store: Any, monkeypatch: Any
) -> None:
    import careplan.services.history as service
    from careplan.services.errors import UserError

    window.open_plan(seed_plan(store).plan_id)

    def unreadable(session: Any, plan_id: int) -> list[RevisionSummary]:
        raise UserError("The database is busy: another program is holding it")

    monkeypatch.setattr(service, "revision_history", unreadable)
    history: HistoryDialog = window.session.show_history()
    with qtbot.waitSignal(history.revisions_loaded) as loaded:
        pass
    assert loaded.args == [-1]
    assert history.details.toPlainText() == (
        "The revisions cannot be shown: The database is busy: another program is holding it"
    )
    assert history.model.rowCount() == 0
    assert not history.open_button.isEnabled() and not history.restore_button.isEnabled()
    history.close()
