"""run_op, work on a worker thread, drafts, typed window settings and writing files."""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QSettings
from sqlalchemy import text

from careplan.planfile import PlanFileError
from careplan.services.errors import PlanConflict, UserError
from careplan.services.plans import list_patients, save_patient
from careplan.ui.drafts import DraftStore
from careplan.ui.files import safe_file_name, with_suffix, write_file
from careplan.ui.ops import LIBRARY, PATIENTS, PLANS, Cancelled, Ops, Task, explain, run_with_progress
from careplan.ui.state import BoolOption, IntOption, TextOption, WindowState

from ui_helpers import seed_plan


@pytest.fixture
def ops(store: Any, paths: Any) -> Ops:
    return Ops(store, paths.log_file)


def test_run_op_commits_and_says_what_changed(qtbot: Any, ops: Ops, dialogs: Any) -> None:
    from careplan.core.model import Patient

    with qtbot.waitSignal(ops.changed) as changed:
        result = ops.run_op(
            lambda s: save_patient(s, Patient("Ben", "Ode", dt.date(2016, 1, 1))), parent=None, changes={PATIENTS}
        )
    assert result.ok and result.value.id is not None
    assert changed.args == [frozenset({PATIENTS})]
    with ops.store.sessions.begin() as s:
        assert [p.full_name for p in list_patients(s)] == ["Ben Ode"]


def test_a_failed_op_rolls_back_and_is_shown(qtbot: Any, ops: Ops, dialogs: Any) -> None:
    from careplan.core.model import Patient

    def half_then_fail(session: Any) -> None:
        save_patient(session, Patient("Ben", "Ode", dt.date(2016, 1, 1)))
        raise UserError("That identifier belongs to another patient.")

    with qtbot.assertNotEmitted(ops.changed):
        result = ops.run_op(half_then_fail, parent=None)
    assert not result.ok and isinstance(result.error, UserError)
    assert dialogs.errors() == [("Not done", "That identifier belongs to another patient.")]
    with ops.store.sessions.begin() as s:
        assert list_patients(s) == []


def test_an_unexpected_failure_is_logged_and_names_the_log_file(ops: Ops, dialogs: Any, caplog: Any) -> None:
    def bug(session: Any) -> None:
        raise KeyError("oops")

    assert not ops.run_op(bug, parent=None).ok
    ((title, message),) = dialogs.errors()
    assert title == "Something went wrong" and str(ops.log_file) in message
    assert "unexpected failure" in caplog.text


def test_passthrough_errors_reach_the_caller(ops: Ops, dialogs: Any) -> None:
    def conflict(session: Any) -> None:
        raise PlanConflict(1, 1, 2)

    with pytest.raises(PlanConflict):
        ops.run_op(conflict, parent=None, passthrough=(PlanConflict,))
    assert dialogs.of("error") == []


def test_a_database_that_stops_answering_is_said_plainly(paths: Any) -> None:
    from sqlalchemy.exc import OperationalError

    exc = OperationalError("select 1", {}, Exception("server closed the connection unexpectedly"))
    title, text_, expected = explain(exc, paths.log_file)
    assert expected and title == "The database did not answer"
    assert "server closed the connection unexpectedly" in text_ and "Nothing was changed" in text_


def test_explain_plan_file_errors(paths: Any) -> None:
    title, text_, expected = explain(PlanFileError(["plan.title: must not be empty"], "a.json"), paths.log_file)
    assert (title, text_, expected) == ("Cannot read the plan file", "a.json: plan.title: must not be empty", True)


def test_task_runs_on_another_thread(qtbot: Any) -> None:
    threads: list[Any] = []

    def work(progress: Any) -> int:
        threads.append(threading.current_thread())
        progress(1, 2, "half")
        return 42

    task = Task(work)
    with qtbot.waitSignal(task.finished) as done, qtbot.waitSignal(task.progressed) as progressed:
        task.start()
    assert done.args == [42]
    assert progressed.args == [1, 2, "half"]
    assert threads[0] is not threading.main_thread()


def test_run_with_progress_keeps_the_event_loop_turning(qtbot: Any) -> None:
    from PySide6.QtCore import QTimer

    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    release = threading.Event()
    QTimer.singleShot(100, release.set)

    def slow(progress: Any) -> str:
        assert release.wait(5)
        return "opened"

    assert run_with_progress(None, "Opening…", slow, show_after_ms=20) == "opened"
    timer.stop()
    assert len(ticks) >= 5, "the window kept drawing while the work ran"


def test_run_with_progress_raises_what_the_work_raised(qtbot: Any) -> None:
    def fail(progress: Any) -> None:
        raise UserError("no")

    with pytest.raises(UserError):
        run_with_progress(None, "Working…", fail)


def test_cancelled_work_stops_at_its_next_progress_report(qtbot: Any) -> None:
    def work(progress: Any) -> None:
        progress.cancel()
        progress(1, 3)

    with pytest.raises(Cancelled):
        run_with_progress(None, "Working…", work, cancellable=True)


def test_a_change_reaches_the_screens_of_what_it_touched(ops: Ops, dialogs: Any) -> None:
    """Each screen redraws when its topic is among what changed (as the window does): a change that
    does not say what it touched redraws every screen; one that says reaches only its own."""
    redrawn: list[str] = []

    def screen(topic: str) -> Any:
        return lambda topics: redrawn.append(topic) if topic in topics else None

    for topic in (PATIENTS, PLANS, LIBRARY):
        ops.changed.connect(screen(topic))
    assert ops.run_op(lambda s: None, parent=None).ok
    assert sorted(redrawn) == ["library", "patients", "plans"]
    redrawn.clear()
    assert ops.run_op(lambda s: None, parent=None, changes={LIBRARY}).ok
    assert redrawn == ["library"]
    redrawn.clear()
    assert ops.run_op(lambda s: None, parent=None, changes=()).ok
    assert redrawn == []


# --- drafts ------------------------------------------------------------------------------------------


def test_drafts_round_trip(store: Any, paths: Any) -> None:
    seeded = seed_plan(store)
    drafts = DraftStore(paths.drafts)
    assert drafts.drafts() == []
    when = dt.datetime(2027, 2, 1, 9, 0, tzinfo=dt.UTC)
    path = drafts.write(seeded, now=when)
    (draft,) = drafts.drafts()
    assert (draft.path, draft.plan_id, draft.patient_id, draft.version, draft.title, draft.saved_at) == (
        path,
        seeded.plan_id,
        seeded.patient.id,
        seeded.version,
        "Neck posture",
        when,
    )
    record = draft.read_record()
    assert record.plan == seeded.plan
    assert record.patient.full_name == "Amira Okafor" and record.patient.id == seeded.patient.id
    drafts.delete(seeded.plan_id)
    assert drafts.drafts() == [] and list(paths.drafts.iterdir()) == []


def test_a_draft_without_its_description_is_still_offered_but_only_as_a_copy(store: Any, paths: Any) -> None:
    seeded = seed_plan(store)
    drafts = DraftStore(paths.drafts)
    drafts.write(seeded)
    (paths.drafts / f"plan-{seeded.plan_id}.meta.json").write_text("{broken")
    (draft,) = drafts.drafts()
    assert draft.plan_id == seeded.plan_id and draft.version is None and draft.title == "Neck posture"


def test_a_damaged_draft_says_so(store: Any, paths: Any) -> None:
    seeded = seed_plan(store)
    drafts = DraftStore(paths.drafts)
    path = drafts.write(seeded)
    path.write_text(path.read_text()[:50])
    (draft,) = drafts.drafts()
    with pytest.raises(PlanFileError):
        draft.read_record()


def test_draft_files_are_plan_files(store: Any, paths: Any) -> None:
    seeded = seed_plan(store)
    path = DraftStore(paths.drafts).write(seeded)
    assert json.loads(path.read_text("utf-8"))["format"] == "careplan-plan"


# --- typed window settings ---------------------------------------------------------------------------


def test_window_state_defaults_and_garbage(paths: Any) -> None:
    state = WindowState(paths.config)
    assert state.get(WindowState.preview_audience) == "family"
    assert state.get(WindowState.preview_large_print) is False
    assert state.get(WindowState.main_geometry) == QByteArray()
    state.settings.setValue("preview/audience", "martians")
    state.settings.setValue("preview/large_print", "perhaps")
    state.settings.setValue("patients/sort_column", "99")
    assert state.get(WindowState.preview_audience) == "family"
    assert state.get(WindowState.preview_large_print) is False
    assert state.get(WindowState.patient_sort_column) == 0
    state.set(WindowState.preview_large_print, True)
    state.set(WindowState.preview_audience, "school")
    state.sync()
    again = WindowState(paths.config)
    assert again.get(WindowState.preview_large_print) is True
    assert again.get(WindowState.preview_audience) == "school"
    assert (paths.config / "window-state.ini").exists()


def test_options_convert(tmp_path: Path) -> None:
    qs = QSettings(str(tmp_path / "x.ini"), QSettings.Format.IniFormat)
    assert BoolOption("b", True).get(qs) is True
    qs.setValue("b", "false")
    assert BoolOption("b", True).get(qs) is False
    qs.setValue("i", "3")
    assert IntOption("i", 0, 0, 4).get(qs) == 3
    assert TextOption("t", "x").get(qs) == "x"


# --- files -------------------------------------------------------------------------------------------


def test_write_file_is_whole_or_nothing(tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    write_file(target, b"%PDF-1.4 one")
    write_file(target, b"%PDF-1.4 two")
    assert target.read_bytes() == b"%PDF-1.4 two"
    with pytest.raises(UserError, match="Nothing was written"):
        write_file(tmp_path / "missing" / "a.pdf", b"x")
    assert with_suffix(Path("x/handout"), ".pdf") == Path("x/handout.pdf")
    assert with_suffix(Path("x/handout.PDF"), ".pdf") == Path("x/handout.PDF")
    assert safe_file_name("Zoë / Ávila: plan?") == "Zoë Ávila plan"
    assert safe_file_name("///") == "plan"


def test_sqlite_is_really_used(store: Any) -> None:
    with store.sessions.begin() as s:
        assert s.execute(text("pragma foreign_keys")).scalar() == 1


def test_the_waiting_box_goes_when_the_work_ends_even_under_a_modal_window(qtbot: Any) -> None:
    """A modal window opened during a wait (the first-start question at start-up) runs its own loop, so
    the wait's loop cannot return until it closes; "Loading…" must still go the moment the work ends."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog

    from careplan.ui.ops import wait_for

    release = threading.Event()
    seen: dict[str, Any] = {}

    def loading() -> list[QProgressDialog]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]

    def ask() -> None:
        question = QDialog()
        question.setModal(True)

        def work_ends_while_asked() -> None:
            seen["loading while asked"] = bool(loading())
            release.set()
            try:
                qtbot.waitUntil(lambda: not loading(), timeout=3000)
            except qtbot.TimeoutError:
                pass
            finally:
                seen["loading after the work"] = bool(loading())
                question.accept()

        QTimer.singleShot(0, work_ends_while_asked)
        question.exec()

    QTimer.singleShot(50, ask)
    task = Task(lambda _progress: release.wait(10) and "read")
    assert wait_for(None, "Loading…", task.start(), show_after_ms=0, defer_input=True) == "read"
    assert seen == {"loading while asked": True, "loading after the work": False}
