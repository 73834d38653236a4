"""Re-evaluation in the main window, on a real SQLite file: an assessment saved against the open plan
(careplan.ui.reevaluation), "Start review" with its offer to revise the plan, a toxin injection and the
phase it puts the plan in, the Progress view, and a refused save that changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import delete

from careplan.core.assessments import Assessment, HipMigration, Injection, PainRating
from careplan.core.enums import Category, GoalDomain, ToxinPhase
from careplan.core.model import Goal, Patient, Plan, PlanRecord
from careplan.services.assessments import add_injection, assess_plan, list_assessments, list_injections
from careplan.services.audit import Actor
from careplan.services.history import revision_history
from careplan.services.plans import create_plan
from careplan.storage.models import PlanRow
from careplan.ui.assessment_dialog import AssessmentDialog, AssessmentSetting
from careplan.ui.injection_dialog import InjectionDialog
from careplan.ui.progress_view import ProgressView
from careplan.ui.reevaluation import review_note

TODAY = dt.date.today()
LEVELS = ("Sits 1 minute", "Sits 5 minutes", "Sits through a lesson", "Sits through two lessons", "Sits all morning")
GOALS = (
    Goal(GoalDomain.POSTURE, "Sit through a lesson in the classroom chair", gas=LEVELS, importance=3),
    Goal(GoalDomain.PAIN, "Sleep through the night without hip pain"),
)


def _seed(store: Any) -> PlanRecord:
    plan = Plan(
        "Sitting and sleep",
        Category.DYSTONIC_CP,
        goals=GOALS,
        gmfcs_level=4,
        review_date=TODAY - dt.timedelta(days=3),
    )
    record = PlanRecord(plan, Patient("Amara", "Okafor", dt.date(2018, 5, 14)))
    with store.sessions.begin() as session:
        return create_plan(session, record, "Jo Patel")


def _earlier(store: Any, plan_id: int) -> Assessment:
    earlier = Assessment(
        TODAY - dt.timedelta(days=91),
        "Jo Patel",
        pain=(PainRating(6),),
        hips=HipMigration(28, 35),
    )
    with store.sessions.begin() as session:
        return assess_plan(session, Actor.named("Jo Patel"), plan_id, earlier)


def _fill(qtbot: Any, seen: list[AssessmentDialog], before_save: Any = None) -> Any:
    """The assessment form's answer: the real form, filled and saved through its own button."""

    def answer(parent: Any, setting: AssessmentSetting) -> Assessment | None:
        dialog = AssessmentDialog(setting, parent)
        qtbot.addWidget(dialog)
        seen.append(dialog)
        dialog.goal_rows[0].level.setCurrentIndex(dialog.goal_rows[0].level.findData(1))
        dialog.goal_rows[1].level.setCurrentIndex(dialog.goal_rows[1].level.findData(0))
        dialog.pain.setValue(3)
        dialog.hip_left.setValue(31)
        if before_save is not None:
            before_save()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.result_assessment()

    return answer


def test_an_assessment_is_saved_against_the_open_plan_with_the_last_values_beside_it(
    qtbot: Any, window: Any, store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = _seed(store)
    _earlier(store, seeded.plan_id)  # type: ignore[arg-type]
    assert window.open_plan(seeded.plan_id)
    seen: list[AssessmentDialog] = []
    monkeypatch.setattr(
        AssessmentDialog, "ask", classmethod(lambda cls, parent, setting: _fill(qtbot, seen)(parent, setting))
    )
    with qtbot.waitSignal(window.reevaluation.assessment_saved) as saved:
        window.act.new_assessment.trigger()
    dialog = seen[0]
    # The goals of the plan with their five levels; the therapist from the settings; the last values.
    assert [row.goal.text for row in dialog.goal_rows] == [g.text for g in GOALS]
    assert dialog.goal_rows[0].level.itemText(1) == "-2: Sits 1 minute"
    assert dialog.goal_rows[0].importance.value() == 3
    assert dialog.therapist.text() == "Jo Patel"
    assert dialog.pain_last.text().startswith("Last: 6 (NRS) on ")
    stored = saved.args[0]
    with store.sessions.begin() as session:
        assessments = list_assessments(session, seeded.patient.id)
    assert assessments[-1] == stored
    assert (stored.plan_id, stored.plan_revision) == (seeded.plan_id, 1)
    assert [g.achieved for g in stored.goals] == [1, 0]
    assert stored.goals[0].levels == LEVELS and stored.goals[0].importance == 3
    assert stored.hips == HipMigration(31, None)
    assert stored.gas_t_score is not None and stored.gas_t_score > 50


def test_start_review_offers_to_revise_the_plan_and_the_revision_names_the_assessment(
    qtbot: Any, window: Any, store: Any, dialogs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = _seed(store)
    monkeypatch.setattr(
        AssessmentDialog, "ask", classmethod(lambda cls, parent, setting: _fill(qtbot, [])(parent, setting))
    )
    dialogs.answer("confirm", True)  # "Revise the plan?"
    stored = window.reevaluation.start_review(seeded.plan_id)
    assert stored is not None and window.has_plan
    assert [title for (title,) in dialogs.of("confirm")] == ["Revise the plan?"]
    assert window.change_note.text() == review_note(stored) == f"Review after assessment of {_shown(TODAY)}"
    later = dt.date.today() + dt.timedelta(days=90)
    window.editor.document.edit(window.editor.record().plan.replace(review_date=later), "Move the review")
    assert window.save()
    with store.sessions.begin() as session:
        revisions = revision_history(session, seeded.plan_id)
    assert revisions[-1].note == f"Review after assessment of {_shown(TODAY)}"


def test_an_injection_puts_the_plan_in_its_toxin_phase_and_marks_the_library(
    qtbot: Any, make_window: Any, store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(today=dt.date.today)  # injections cannot be dated in the future
    seeded = _seed(store)
    assert window.open_plan(seeded.plan_id)
    assert "after the injection" not in window.editor.header.full_text()
    injected = TODAY - dt.timedelta(weeks=3, days=2)

    def answer(parent: Any, given_by: str = "", patient_name: str = "") -> Injection | None:
        dialog = InjectionDialog(given_by, patient_name, parent)
        qtbot.addWidget(dialog)
        dialog.date.set_date(injected)
        qtbot.keyClicks(dialog.muscles, "both hamstrings")
        qtbot.keyClicks(dialog.given_by, "Dr Ahmed")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.result_injection()

    monkeypatch.setattr(InjectionDialog, "ask", classmethod(lambda cls, *a: answer(*a)))
    with qtbot.waitSignal(window.reevaluation.injection_saved):
        window.act.record_injection.trigger()
    with store.sessions.begin() as session:
        (stored,) = list_injections(session, seeded.patient.id)
    assert (stored.date, stored.muscles, stored.given_by) == (injected, "both hamstrings", "Dr Ahmed")
    qtbot.waitUntil(
        lambda: f"Week 3 of 12 after the injection on {_shown(injected)}" in window.editor.header.full_text()
    )
    model = window.editor.library_browser.model
    peak = {e.code for e in window.library.interventions if ToxinPhase.PEAK in e.toxin_phases}
    marked = {model.entry(r).code for r in range(model.rowCount()) if model.suits_phase(model.entry(r))}
    assert marked == peak and marked
    # The phase is worked out again when the plan is opened later.
    assert window.session.close_plan() and window.open_plan(seeded.plan_id)
    qtbot.waitUntil(lambda: "Week 3 of 12" in window.editor.header.full_text())


def test_the_progress_view_charts_the_patients_assessments_with_injections_and_revisions(
    qtbot: Any, window: Any, store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = _seed(store)
    _earlier(store, seeded.plan_id)  # type: ignore[arg-type]
    with store.sessions.begin() as session:
        actor = Actor.named("Jo Patel")
        assess_plan(session, actor, seeded.plan_id, Assessment(TODAY, "Jo Patel", pain=(PainRating(4),)))  # type: ignore[arg-type]
        add_injection(session, actor, seeded.patient.id, Injection(TODAY - dt.timedelta(days=30), "neck", "Dr Ahmed"))  # type: ignore[arg-type]
    assert window.open_plan(seeded.plan_id)
    window.act.progress.trigger()
    view = window.reevaluation.progress_view
    assert isinstance(view, ProgressView) and view.isVisible()
    titles = [v.chart().title() for v in view.chart_views]
    assert titles[0].startswith("Pain") and any(t.startswith("Hip migration") for t in titles)
    rows = [tuple(view.model.data(view.model.index(r, c)) for c in range(4)) for r in range(view.model.rowCount())]
    assert (_shown(TODAY), "Pain (0-10)", "Numeric rating", "4") in rows
    assert (_shown(TODAY - dt.timedelta(days=30)), "Botulinum toxin injection", "", "neck") in rows
    assert any(measure == "Plan revision" for _d, measure, _l, _v in rows)
    # An injection recorded while the view is open shows in it at once.
    before = view.model.rowCount()
    monkeypatch.setattr(
        InjectionDialog, "ask", classmethod(lambda cls, *a: Injection(TODAY - dt.timedelta(days=2), "hip", "Dr A"))
    )
    window.act.record_injection.trigger()
    assert view.model.rowCount() == before + 1


def test_a_plan_deleted_meanwhile_is_said_and_no_assessment_is_stored(
    qtbot: Any, window: Any, store: Any, dialogs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = _seed(store)
    assert window.open_plan(seeded.plan_id)

    def delete_elsewhere() -> None:  # another desktop deletes the plan while the form is open
        with store.sessions.begin() as session:
            session.execute(delete(PlanRow).where(PlanRow.id == seeded.plan_id))

    monkeypatch.setattr(
        AssessmentDialog,
        "ask",
        classmethod(lambda cls, parent, setting: _fill(qtbot, [], delete_elsewhere)(parent, setting)),
    )
    assert window.reevaluation.new_assessment() is None
    ((title, text),) = dialogs.errors()
    assert title == "Assessment not saved"
    assert f"no plan with id {seeded.plan_id}" in text
    with store.sessions.begin() as session:
        assert list_assessments(session, seeded.patient.id) == []


def _shown(day: dt.date) -> str:
    from careplan.ui.formatting import format_date

    return format_date(day)


def test_the_reviews_due_say_why_each_is_due(qtbot: Any, make_window: Any, store: Any) -> None:
    seeded = _seed(store)  # its review date passed three days ago
    with store.sessions.begin() as session:
        add_injection(
            session,
            Actor.named("Jo Patel"),
            seeded.patient.id,
            Injection(TODAY - dt.timedelta(weeks=10), "neck", "Dr A"),
        )
    window = make_window(today=dt.date.today)
    model = window.patients.reviews_model
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    why = model.data(model.index(0, model.WHY))
    assert why == "Review date, Toxin cycle"
    full = model.data(model.index(0, model.WHY), Qt.ItemDataRole.AccessibleTextRole)
    assert full.startswith("Review date") and "Toxin cycle: week 10 of 12" in full
    assert model.data(model.index(0, model.STATUS)) == "Overdue by 3 days"
    assert "Why: " in model.data(model.index(0, model.PATIENT), Qt.ItemDataRole.ToolTipRole)


def test_the_exported_plan_file_carries_the_assessments_and_injections(
    qtbot: Any, window: Any, store: Any, dialogs: Any, tmp_path: Any
) -> None:
    seeded = _seed(store)
    stored = _earlier(store, seeded.plan_id)  # type: ignore[arg-type]
    with store.sessions.begin() as session:
        add_injection(session, Actor.named("Jo Patel"), seeded.patient.id, Injection(TODAY, "neck", "Dr Ahmed"))  # type: ignore[arg-type]
    assert window.open_plan(seeded.plan_id)
    target = tmp_path / "amara.json"
    dialogs.answer("save_path", target)
    assert window.session.export_plan_file() == target
    document = json.loads(target.read_text("utf-8"))
    assert document["format_version"] == 2
    assert [a["date"] for a in document["assessments"]] == [stored.date.isoformat()]
    assert [i["muscles"] for i in document["injections"]] == ["neck"]


def test_start_review_from_the_reviews_due_opens_the_plan_and_the_form(
    qtbot: Any, window: Any, store: Any, dialogs: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = _seed(store)
    window.patients.reload_lists()
    table, model = window.patients.reviews_table, window.patients.reviews_model
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    table.setCurrentIndex(model.index(0, 0))
    (start,) = [a for a in table.actions() if a.text() == "Start review…"]
    assert table.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    seen: list[AssessmentDialog] = []
    monkeypatch.setattr(AssessmentDialog, "ask", classmethod(lambda cls, parent, s: _fill(qtbot, seen)(parent, s)))
    dialogs.answer("confirm", False)  # "Revise the plan?": not now
    with qtbot.waitSignal(window.reevaluation.assessment_saved):
        start.trigger()
    assert window.session.current_record().plan_id == seeded.plan_id
    assert seen[0].setting.plan_id == seeded.plan_id
    assert window.change_note.text() == ""  # not revised now: no note waiting


def test_the_progress_view_saves_the_report_and_the_family_page_as_pdf(
    qtbot: Any, window: Any, store: Any, dialogs: Any, tmp_path: Any
) -> None:
    from pypdf import PdfReader

    from careplan.services.audit import events_for

    seeded = _seed(store)
    with store.sessions.begin() as session:
        assess_plan(
            session,
            Actor.named("Jo Patel"),
            seeded.plan_id,  # type: ignore[arg-type]
            Assessment(TODAY, "Jo Patel", pain=(PainRating(4),), findings="Marked right hip adductor tone"),
        )
    assert window.open_plan(seeded.plan_id)
    window.act.progress.trigger()
    view = window.reevaluation.progress_view
    assert view is not None

    def text(path: Any) -> str:
        return " ".join(page.extract_text() for page in PdfReader(path).pages)

    dialogs.answer("save_path", tmp_path / "report")  # the suffix is added
    qtbot.mouseClick(view.save_report, Qt.MouseButton.LeftButton)
    report = text(tmp_path / "report.pdf")
    assert "Progress report: Amara Okafor" in report and "Marked right hip adductor tone" in report
    dialogs.answer("save_path", tmp_path / "family.pdf")
    qtbot.mouseClick(view.save_family, Qt.MouseButton.LeftButton)
    family = text(tmp_path / "family.pdf")
    assert "How Amara is doing" in family and "adductor" not in family and "Pain" not in family
    assert [name for (name,) in dialogs.of("save_path")] == [
        "Amara Okafor - progress report.pdf",
        "Amara Okafor - family progress page.pdf",
    ]
    with store.sessions.begin() as session:
        details = [e.detail for e in events_for(session, plan_id=seeded.plan_id)]
    assert "progress report (PDF)" in details and "family progress page (PDF)" in details
    # Cancelled: nothing written.
    dialogs.answer("save_path", None)
    qtbot.mouseClick(view.save_report, Qt.MouseButton.LeftButton)
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["family.pdf", "report.pdf"]
