"""Correcting or deleting a recorded assessment or injection from the Progress view, on a real SQLite
file (careplan.ui.reevaluation, careplan.ui.progress_view): the list of what was recorded, the same
forms as when recording opened filled with the stored values, the correction stored and charted, a
delete asked first (kind and date named) and refreshed everywhere, and a change made meanwhile on
another computer refused in plain words with nothing overwritten."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from careplan.core.assessments import Assessment, HipMigration, Injection, PainRating
from careplan.core.enums import Category, GoalDomain
from careplan.core.model import Goal, Patient, Plan, PlanRecord
from careplan.services.assessments import (
    add_injection,
    assess_plan,
    delete_assessment,
    list_assessments,
    list_injections,
    update_assessment,
)
from careplan.services.audit import Actor
from careplan.services.plans import create_plan
from careplan.storage.models import AuditEventRow
from careplan.ui import messages
from careplan.ui.assessment_dialog import AssessmentDialog, AssessmentSetting
from careplan.ui.formatting import format_date
from careplan.ui.injection_dialog import InjectionDialog
from careplan.ui.progress_view import ProgressView

TODAY = dt.date.today()
EARLIER, LATER, INJECTED = (TODAY - dt.timedelta(days=n) for n in (120, 30, 70))
GOAL = Goal(GoalDomain.POSTURE, "Sit through a lesson in the classroom chair", importance=3)


def _seed(store: Any) -> tuple[PlanRecord, Assessment, Injection]:
    """A plan due for review, two assessments (the later one to correct) and an injection ten weeks ago."""
    plan = Plan("Sitting", Category.DYSTONIC_CP, goals=(GOAL,), review_date=TODAY - dt.timedelta(days=3))
    with store.sessions.begin() as session:
        record = create_plan(session, PlanRecord(plan, Patient("Amara", "Okafor", dt.date(2018, 5, 14))), "Jo Patel")
        actor = Actor.named("Jo Patel")
        assert record.plan_id is not None and record.patient.id is not None
        assess_plan(session, actor, record.plan_id, Assessment(EARLIER, "Jo Patel", pain=(PainRating(7),)))
        later = assess_plan(
            session,
            actor,
            record.plan_id,
            Assessment(LATER, "Jo Patel", pain=(PainRating(6, site="left hip"),), hips=HipMigration(28, 35)),
        )
        injection = add_injection(session, actor, record.patient.id, Injection(INJECTED, "neck", "Dr Ahmed"))
    return record, later, injection


def _view(window: Any, record: PlanRecord) -> ProgressView:
    assert window.open_plan(record.plan_id)
    window.act.progress.trigger()
    view = window.reevaluation.progress_view
    assert isinstance(view, ProgressView)
    view.tabs.setCurrentIndex(2)
    return view


def _rows(view: ProgressView) -> list[tuple[str, ...]]:
    model = view.recorded_model
    return [tuple(model.data(model.index(r, c)) for c in range(4)) for r in range(model.rowCount())]


def _pick(view: ProgressView, kind: type, day: dt.date) -> None:
    model = view.recorded_model
    (number,) = [
        r for r in range(model.rowCount()) if isinstance(model.record(r), kind) and model.record(r).date == day
    ]
    view.recorded.selectRow(number)


def _events(store: Any) -> list[tuple[str, str, str | None]]:
    with store.sessions.begin() as session:
        rows = session.execute(select(AuditEventRow.who, AuditEventRow.action, AuditEventRow.detail))
        return [(r.who, str(r.action), r.detail) for r in rows]


def _chart_values(view: ProgressView, measure: str) -> list[str]:
    model = view.model
    return [model.row(r).value for r in range(model.rowCount()) if model.row(r).measure == measure]


def test_the_list_shows_what_was_recorded_and_the_keyboard_reaches_correct_and_delete(
    qtbot: Any, window: Any, store: Any
) -> None:
    record, _later, _injection = _seed(store)
    view = _view(window, record)
    assert _rows(view) == [
        (format_date(LATER), "Assessment", "Jo Patel", "Pain, hip migration"),
        (format_date(INJECTED), "Botulinum toxin injection", "Dr Ahmed", "neck"),
        (format_date(EARLIER), "Assessment", "Jo Patel", "Pain"),
    ]
    assert view.recorded.accessibleName() == "Recorded assessments and injections"
    assert not view.correct_button.isEnabled() and not view.delete_button.isEnabled()
    view.activateWindow()
    view.recorded.setFocus()
    qtbot.waitUntil(view.recorded.hasFocus)
    qtbot.keyClick(view.recorded, Qt.Key.Key_Down)
    assert view.selected_record() is not None
    assert view.correct_button.isEnabled() and view.delete_button.isEnabled()
    assert view.correct_button.text() == "C&orrect…" and view.delete_button.text() == "&Delete…"
    assert view.correct_button.accessibleName() and view.delete_button.accessibleName()


def test_an_assessment_is_corrected_in_its_own_form_filled_with_the_stored_values_and_charted(
    qtbot: Any, window: Any, store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    record, later, _injection = _seed(store)
    view = _view(window, record)
    assert _chart_values(view, "Pain (0-10)") == ["7", "6"]
    seen: list[AssessmentDialog] = []

    def answer(parent: Any, setting: AssessmentSetting) -> Assessment | None:
        dialog = AssessmentDialog(setting, parent)
        qtbot.addWidget(dialog)
        seen.append(dialog)
        dialog.pain.setValue(3)  # the slip: 6 typed for 3
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.result_assessment()

    monkeypatch.setattr(AssessmentDialog, "ask", classmethod(lambda cls, parent, setting: answer(parent, setting)))
    _pick(view, Assessment, LATER)
    view.correct_button.click()
    (dialog,) = seen
    # The same form, filled with what is stored; the last values are those before it.
    assert dialog.windowTitle() == f"Correct the assessment of {format_date(LATER)} of Amara Okafor"
    assert dialog.ok_button.text() == "Save correction"
    assert (dialog.date.date(), dialog.therapist.text(), dialog.pain_site.text()) == (LATER, "Jo Patel", "left hip")
    assert (dialog.hip_left.value(), dialog.hip_right.value()) == (28, 35)
    assert dialog.pain_last.text() == f"Last: 7 (NRS) on {format_date(EARLIER)}"
    with store.sessions.begin() as session:
        stored = list_assessments(session, record.patient.id)[-1]
    assert stored == dataclasses.replace(later, pain=(PainRating(3, site="left hip"),), version=2)
    assert _chart_values(view, "Pain (0-10)") == ["7", "3"]
    assert view.selected_record() == stored  # the corrected one stays selected
    assert _events(store)[-1] == ("Jo Patel", "changed", "assessment")
    assert window.statusBar().currentMessage() == f"The assessment of {format_date(LATER)} is corrected."


def test_an_injection_is_corrected_and_the_toxin_phase_follows(
    qtbot: Any, make_window: Any, store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    record, _later, injection = _seed(store)
    window = make_window(today=dt.date.today)
    view = _view(window, record)
    qtbot.waitUntil(lambda: f"after the injection on {format_date(INJECTED)}" in window.editor.header.full_text())
    moved = TODAY - dt.timedelta(weeks=2, days=1)

    def answer(parent: Any, given_by: str, patient_name: str, correcting: Injection | None = None) -> Any:
        dialog = InjectionDialog(given_by, patient_name, parent, correcting=correcting)
        qtbot.addWidget(dialog)
        assert (dialog.date.date(), dialog.muscles.text(), dialog.given_by.text()) == (INJECTED, "neck", "Dr Ahmed")
        assert dialog.ok_button.text() == "Save correction"
        dialog.date.set_date(moved)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.result_injection()

    monkeypatch.setattr(InjectionDialog, "ask", classmethod(lambda cls, *a, **k: answer(*a, **k)))
    _pick(view, Injection, INJECTED)
    view.correct_button.click()
    with store.sessions.begin() as session:
        (stored,) = list_injections(session, record.patient.id)
    assert stored == dataclasses.replace(injection, date=moved, version=2)
    qtbot.waitUntil(
        lambda: f"Week 2 of 12 after the injection on {format_date(moved)}" in window.editor.header.full_text()
    )
    assert (format_date(moved), "Botulinum toxin injection", "Dr Ahmed", "neck") in _rows(view)


def test_a_delete_asks_first_naming_the_kind_and_date_and_keep_it_changes_nothing(
    qtbot: Any, make_window: Any, store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    record, _later, _injection = _seed(store)
    window = make_window(today=dt.date.today)
    reviews = window.patients.reviews_model
    qtbot.waitUntil(lambda: reviews.rowCount() == 1)
    assert reviews.data(reviews.index(0, reviews.WHY)) == "Hip surveillance, Review date, Toxin cycle"
    view = _view(window, record)
    asked: list[tuple[str, str, str]] = []
    answers = [False, True]

    def confirm(parent: Any, title: str, text: str, yes: str, no: str = "Cancel") -> bool:
        asked.append((title, text, yes))
        return answers.pop(0)

    monkeypatch.setattr(messages.Notice, "confirm", classmethod(lambda cls, *a: confirm(*a)))
    before = _events(store)
    _pick(view, Injection, INJECTED)
    assert not window.reevaluation.delete_selected()  # "Keep it"
    assert _events(store) == before and len(_rows(view)) == 3
    assert window.reevaluation.delete_selected()
    title, text, yes = asked[0]
    assert (title, yes) == ("Delete the injection?", "Delete the injection")
    assert text.startswith(f"Delete the injection of {format_date(INJECTED)}?") and "neck" not in text
    assert asked[1] == asked[0]
    with store.sessions.begin() as session:
        assert list_injections(session, record.patient.id) == []
    assert [r[1] for r in _rows(view)] == ["Assessment", "Assessment"]
    assert _events(store)[-1] == ("Jo Patel", "deleted", "injection")
    # The reviews due are worked out again: no toxin cycle any more.
    qtbot.waitUntil(
        lambda: (
            reviews.rowCount() == 1 and reviews.data(reviews.index(0, reviews.WHY)) == "Hip surveillance, Review date"
        )
    )
    assert view.selected_record() is None and not view.delete_button.isEnabled()


def test_a_change_made_meanwhile_on_another_computer_is_said_and_nothing_is_overwritten(
    qtbot: Any, window: Any, store: Any, dialogs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    record, later, _injection = _seed(store)
    view = _view(window, record)
    theirs = dataclasses.replace(later, pain=(PainRating(5, site="left hip"),))

    def answer(parent: Any, setting: AssessmentSetting) -> Assessment | None:
        dialog = AssessmentDialog(setting, parent)
        qtbot.addWidget(dialog)
        dialog.pain.setValue(3)
        with store.sessions.begin() as session:  # another desktop saves its own correction meanwhile
            update_assessment(session, Actor.named("Sam Lee"), theirs)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.result_assessment()

    monkeypatch.setattr(AssessmentDialog, "ask", classmethod(lambda cls, parent, setting: answer(parent, setting)))
    _pick(view, Assessment, LATER)
    assert window.reevaluation.correct_selected() is None
    ((title, text),) = dialogs.errors()
    assert title == "Correction not saved"
    assert text.startswith(f"The assessment of {LATER:%d %b %Y} was changed on another computer by Sam Lee")
    assert "Your changes were not saved." in text
    with store.sessions.begin() as session:
        stored = list_assessments(session, record.patient.id)[-1]
    assert stored == dataclasses.replace(theirs, version=2)  # theirs, not overwritten
    assert _events(store)[-1] == ("Sam Lee", "changed", "assessment")
    # The view shows what is stored now, still selected, ready to correct again.
    assert _chart_values(view, "Pain (0-10)") == ["7", "5"]
    assert view.selected_record() == stored


def test_deleting_one_deleted_meanwhile_on_another_computer_is_said(
    qtbot: Any, window: Any, store: Any, dialogs: Any
) -> None:
    record, later, _injection = _seed(store)
    view = _view(window, record)
    _pick(view, Assessment, LATER)
    with store.sessions.begin() as session:
        delete_assessment(session, Actor.named("Sam Lee"), later)
    before = _events(store)
    dialogs.answer("confirm", True)
    assert not window.reevaluation.delete_selected()
    ((title, text),) = dialogs.errors()
    assert title == "Not deleted"
    assert f"The assessment of {LATER:%d %b %Y} was deleted on another computer" in text
    assert _events(store) == before
    assert [r[0] for r in _rows(view)] == [format_date(INJECTED), format_date(EARLIER)]


def test_a_correction_saved_unchanged_gives_back_exactly_what_was_stored(qtbot: Any, library: Any) -> None:
    """Every field the form shows is filled (goals, pain, item-scored scale, levels, range of motion, hips,
    findings) and what it does not show (a goal's comment, a second pain rating) is kept."""
    from pathlib import Path

    from careplan.core.assessments import check_assessment
    from careplan.services.assessments import assessment_from_file

    fixture = Path(__file__).resolve().parents[1] / "data" / "fixtures" / "assessment" / "review-2026-11.json"
    read = assessment_from_file(fixture.read_bytes(), fixture.name)
    stored = dataclasses.replace(
        check_assessment(read, library.scales, library.movements),
        pain=(*read.pain, PainRating(4, site="neck")),
        plan_id=3,
        plan_revision=2,
        id=11,
        version=4,
    )
    assert stored.goals[0].comment and stored.scales and stored.rom and stored.classifications and stored.findings
    setting = AssessmentSetting(
        plan=Plan("Carpet time", Category.DYSTONIC_CP),  # the rated goal is not in this plan: shown from the rating
        therapist="Someone else",
        scales=library.scales,
        movements=library.movements,
        correcting=stored,
    )
    dialog = AssessmentDialog(setting)
    qtbot.addWidget(dialog)
    assert [row.goal.text for row in dialog.goal_rows] == [stored.goals[0].goal_text]
    assert dialog.ok_button.isEnabled(), dialog.problem.text()
    assert dialog.checked() == stored


def test_after_another_patients_plan_is_opened_the_view_corrects_nothing_and_says_why(
    qtbot: Any, window: Any, store: Any, dialogs: Any
) -> None:
    record, _later, _injection = _seed(store)
    view = _view(window, record)
    other = PlanRecord(Plan("Neck", Category.CERVICAL), Patient("Leo", "Hughes", dt.date(1980, 4, 10)))
    with store.sessions.begin() as session:
        other = create_plan(session, other, "Jo Patel")
    assert window.open_plan(other.plan_id)
    _pick(view, Assessment, LATER)
    before = _events(store)
    assert window.reevaluation.correct_selected() is None
    assert not window.reevaluation.delete_selected()
    assert [title for title, _text in dialogs.of("info")] == ["Another patient's plan is open"] * 2
    assert _events(store) == before and len(_rows(view)) == 3  # still Amara's, not refreshed with Leo's
