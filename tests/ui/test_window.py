"""The main window: lists, search, reviews due, files, handouts, settings, keyboard and screen readers."""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from careplan.services.plans import list_patients
from careplan.settings import load_settings

from support.db import FIXTURES, FIXTURES_BAD
from ui_helpers import TODAY, is_pdf, print_to, seed_plan


def shown_names(window: Any) -> list[str]:
    proxy = window.patients.patient_proxy
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


@pytest.fixture
def three(qtbot: Any, store: Any, window: Any) -> list[Any]:
    seeded = [
        seed_plan(
            store,
            "Amira",
            "Okafor",
            dt.date(2016, 3, 14),
            identifier="943 476 5919",
            review=TODAY - dt.timedelta(days=3),
            title="Neck posture",
        ),
        seed_plan(store, "Zoë", "Ávila", dt.date(1980, 12, 1), review=TODAY + dt.timedelta(days=14), title="Hand"),
        seed_plan(
            store,
            "Ben",
            "Ode",
            dt.date(2016, 3, 14),
            identifier="485 777 3456",
            review=TODAY + dt.timedelta(days=15),
            title="Walking",
        ),
    ]
    window.patients.reload_lists()
    qtbot.waitUntil(lambda: not window.patients.reviews_pending)
    return seeded


# --- the patient list and search ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", ["Ode, Ben", "Okafor, Amira", "Ávila, Zoë"]),
        ("amira", ["Okafor, Amira"]),
        ("zoe avila", ["Ávila, Zoë"]),
        ("2016-03-14", ["Ode, Ben", "Okafor, Amira"]),
        ("14/03/2016", ["Ode, Ben", "Okafor, Amira"]),
        ("943 476 5919", ["Okafor, Amira"]),
        ("4857773456", ["Ode, Ben"]),
        ("nobody", []),
    ],
)
def test_search_by_name_birth_date_or_identifier(
    qtbot: Any, window: Any, three: Any, typed: str, expected: list[str]
) -> None:
    window.patients.patient_table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    window.patients.patient_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    qtbot.keyClicks(window.patients.search, typed)
    assert sorted(shown_names(window)) == sorted(expected)
    total = "3 patients" if not typed else f"{len(expected)} of 3 patients"
    assert window.patients.patient_count.text() == total


def test_typing_in_the_list_searches(qtbot: Any, window: Any, three: Any) -> None:
    window.show()
    window.patients.patient_table.setFocus()
    qtbot.keyClicks(window.patients.patient_table, "oka")
    assert window.patients.search.text() == "oka"
    assert shown_names(window) == ["Okafor, Amira"]


def test_enter_on_a_patient_opens_the_plan(qtbot: Any, window: Any, three: Any) -> None:
    qtbot.keyClicks(window.patients.search, "zoe")
    with qtbot.waitSignal(window.session.plan_opened):
        qtbot.keyClick(window.patients.search, Qt.Key.Key_Return)
    assert window.editor.record().plan_id == three[1].plan_id


def test_sorting_by_each_column(window: Any, three: Any) -> None:
    table = window.patients.patient_table
    table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert shown_names(window)[0] == "Ávila, Zoë"
    table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    assert shown_names(window) == ["Okafor, Amira", "Ávila, Zoë", "Ode, Ben"]
    table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    assert shown_names(window)[0] == "Ávila, Zoë"  # no identifier sorts last, so first descending


def test_a_patient_with_several_plans_chooses(qtbot: Any, window: Any, dialogs: Any, store: Any) -> None:
    first = seed_plan(store, title="Neck posture")
    with store.sessions.begin() as s:
        from careplan.services.plans import create_plan

        second = create_plan(s, first.__class__(first.plan.replace(title="Later plan"), first.patient))
    window.patients.reload_lists()
    patient = window.patients.patient_model.patients[0]
    assert patient.number_of_plans == 2
    dialogs.answer("choose_plan", second.plan_id)
    assert window.session.open_patient(patient)
    assert window.editor.record().plan.title == "Later plan"
    (args,) = dialogs.of("choose_plan")
    assert args[0].id == patient.id
    # "New plan" from the chooser starts one.
    from careplan.core.enums import Category

    from ui_helpers import choose_new_plan

    dialogs.answer("choose_plan", "new")
    dialogs.answer("new_plan", choose_new_plan(Category.GENERALISED, None))
    assert window.session.open_patient(patient)
    assert window.editor.record().plan_id is None
    assert window.editor.record().plan.category is Category.GENERALISED
    assert window.isWindowModified(), "a plan never saved counts as unsaved"


# --- reviews due ---------------------------------------------------------------------------------------


def test_reviews_due_lists_passed_and_coming_reviews(window: Any, three: Any, store: Any) -> None:
    model = window.patients.reviews_model
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert rows == [
        ["Amira Okafor", "7 Feb 2027", "Overdue by 3 days", "Neck posture", "Review date"],
        ["Zoë Ávila", "24 Feb 2027", "Due in 14 days", "Hand", "Review date"],
    ]
    assert window.patients.reviews_dock.windowTitle() == "Reviews due (2, 1 overdue)"
    assert window.patients.reviews_pages.currentWidget() is window.patients.reviews_table
    # Opening one from the list.
    window.patients.reviews_table.setCurrentIndex(model.index(1, 0))
    window.patients._on_review_activated(model.index(1, 0))
    assert window.editor.record().plan_id == three[1].plan_id


def test_no_reviews_due_says_so(qtbot: Any, window: Any, store: Any) -> None:
    seed_plan(store, review=TODAY + dt.timedelta(days=60))
    with qtbot.waitSignal(window.patients.reviews_loaded) as loaded:
        window.patients.reload_lists()
    assert loaded.args == [0]
    assert window.patients.reviews_model.rowCount() == 0
    assert window.patients.reviews_pages.currentWidget() is window.patients.reviews_empty
    assert window.patients.reviews_dock.windowTitle() == "Reviews due (0)"


def test_saving_a_review_date_updates_the_lists(qtbot: Any, window: Any, store: Any) -> None:
    seeded = seed_plan(store, review=TODAY + dt.timedelta(days=60))
    window.open_plan(seeded.plan_id)
    assert window.patients.reviews_model.rowCount() == 0
    editor = window.editor
    window.patients.reload_lists()
    editor.document.edit(editor.plan().replace(review_date=TODAY + dt.timedelta(days=2)), "Review date")
    row = window.patients.patient_model.row_of(seeded.patient.id)
    # Only that patient's row is read again, not the whole list.
    with (
        qtbot.assertNotEmitted(window.patients.patients_loaded),
        qtbot.waitSignal(window.patients.patient_row_updated) as updated,
    ):
        window.save()
    assert updated.args == [seeded.patient.id]
    qtbot.waitUntil(lambda: not window.patients.reviews_pending)
    assert window.patients.reviews_model.rowCount() == 1
    assert window.patients.patient_model.index(row, 4).data() == "12 Feb 2027"


# --- plan files ----------------------------------------------------------------------------------------


def test_import_a_plan_file(window: Any, dialogs: Any, store: Any, example_doc: Any) -> None:

    dialogs.answer("open_path", FIXTURES / "example-plan.json")
    assert window.session.import_plan_file()
    record = window.editor.record()
    assert record.patient.full_name == "Amira Okafor"
    assert record.plan.title == example_doc["plan"]["title"]
    assert not window.isWindowModified()
    assert shown_names(window) == ["Okafor, Amira"]


@pytest.mark.parametrize("bad", ["reps-zero.json", "truncated.json", "unknown-category.json"])
def test_a_bad_plan_file_shows_the_command_line_message_and_changes_nothing(
    window: Any, dialogs: Any, store: Any, paths: Any, bad: str
) -> None:
    from careplan.cli import build_parser, run

    seed_plan(store)
    path = FIXTURES_BAD / bad
    dialogs.answer("open_path", path)
    assert not window.session.import_plan_file()
    ((title, text),) = dialogs.errors()
    assert title == "Cannot import the plan file"
    err = io.StringIO()
    assert run(build_parser().parse_args(["--as", "Jo Patel", "import", str(path)]), paths, io.StringIO(), err) == 2
    assert err.getvalue() == f"careplan import: {text}\n"
    with store.sessions.begin() as s:
        assert [p.full_name for p in list_patients(s)] == ["Amira Okafor"]
    assert not window.has_plan


def test_export_the_plan_file(window: Any, dialogs: Any, store: Any, tmp_path: Path) -> None:
    seeded = seed_plan(store)
    window.open_plan(seeded.plan_id)
    dialogs.answer("save_path", tmp_path / "amira")
    path = window.session.export_plan_file()
    assert path == tmp_path / "amira.json"
    doc = json.loads(path.read_text("utf-8"))
    assert doc["patient"]["given_name"] == "Amira"
    assert dialogs.of("save_path") == [("Amira Okafor - Neck posture.json",)]


def test_export_handouts_writes_three_pdfs(qtbot: Any, window: Any, dialogs: Any, store: Any, tmp_path: Path) -> None:
    seeded = seed_plan(store)
    window.open_plan(seeded.plan_id)
    dialogs.answer("folder", tmp_path)
    written = window.handouts.export_handouts()
    assert [p.name for p in written] == [
        "Amira Okafor - family handout.pdf",
        "Amira Okafor - school handout.pdf",
        "Amira Okafor - clinician summary.pdf",
    ]
    for path in written:
        assert is_pdf(path) >= 1


def test_export_handouts_for_an_adult_leaves_out_the_school_handout_and_adds_work(
    window: Any, dialogs: Any, store: Any, tmp_path: Path
) -> None:
    seeded = seed_plan(store, "Sam", "Reed", dt.date(1981, 5, 2))
    window.open_plan(seeded.plan_id)
    dialogs.answer("folder", tmp_path)
    written = window.handouts.export_handouts()
    assert [p.name for p in written] == [
        "Sam Reed - family handout.pdf",
        "Sam Reed - work and daily life handout.pdf",
        "Sam Reed - clinician summary.pdf",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)


def test_save_handout_as_pdf_from_the_menu(window: Any, dialogs: Any, store: Any, tmp_path: Path) -> None:
    seeded = seed_plan(store)
    window.open_plan(seeded.plan_id)
    window.state.set(window.state.preview_audience, "clinician")
    dialogs.answer("save_path", tmp_path / "summary.pdf")
    assert window.handouts.save_handout_pdf() == tmp_path / "summary.pdf"
    assert dialogs.of("save_path") == [("Amira Okafor - clinician summary.pdf",)]
    assert is_pdf(tmp_path / "summary.pdf") >= 1


def test_print_goes_through_the_print_dialog(window: Any, dialogs: Any, store: Any, tmp_path: Path) -> None:

    seeded = seed_plan(store)
    window.open_plan(seeded.plan_id)
    out = tmp_path / "printed.pdf"

    dialogs.answer("print", print_to(out))
    assert window.handouts.print_handout()
    assert is_pdf(out) >= 1
    dialogs.answer("print", False)
    assert not window.handouts.print_handout()


# --- patients ------------------------------------------------------------------------------------------


def test_edit_patient_details(qtbot: Any, window: Any, dialogs: Any, store: Any) -> None:
    seeded = seed_plan(store)
    window.open_plan(seeded.plan_id)

    def rename(parent: Any, patient: Any) -> Any:
        return patient.__class__(**{**{f: getattr(patient, f) for f in patient.__slots__}, "given_name": "Amina"})

    dialogs.answer("patient", rename)
    assert window.session.edit_patient()
    assert window.editor.record().patient.given_name == "Amina"
    assert shown_names(window) == ["Okafor, Amina"]
    # Not while the open plan has unsaved changes.
    editor = window.editor
    editor.document.edit(editor.plan().replace(title="Changed"), "Title")
    assert not window.session.edit_patient()
    assert dialogs.of("info")[-1][0] == "Save the plan first"


def test_cancelling_the_new_patient_form_changes_nothing(window: Any, dialogs: Any, store: Any) -> None:
    dialogs.answer("patient", None)
    assert not window.session.new_patient()
    assert window.patients.patient_model.rowCount() == 0
    assert not window.has_plan


# --- settings ------------------------------------------------------------------------------------------


def test_settings_are_saved_and_used(window: Any, dialogs: Any, paths: Any, settings: Any) -> None:
    changed = replace(settings, paper="Letter")
    dialogs.answer("settings", changed)
    assert window.open_settings()
    assert load_settings(paths.config).paper == "Letter"
    assert window.settings.paper == "Letter"


def test_choosing_another_database_switches_to_it(
    qtbot: Any, window: Any, dialogs: Any, paths: Any, settings: Any, store: Any, tmp_path: Path
) -> None:
    seed_plan(store)
    window.patients.reload_lists()
    assert window.patients.patient_model.rowCount() == 1
    other = tmp_path / "other.sqlite3"
    url = f"sqlite+pysqlite:///{other}"
    dialogs.answer("settings", replace(settings, database_url=url))
    with qtbot.waitSignal(window.store_switched):
        assert window.open_settings()
    assert window.patients.patient_model.rowCount() == 0
    assert other.exists()
    assert "other.sqlite3" in window.db_label.text()


# --- the window itself ---------------------------------------------------------------------------------


def test_standard_shortcuts(window: Any) -> None:
    def keys(action: Any) -> set[str]:
        return {k.toString() for k in action.shortcuts()}

    def standard(key: QKeySequence.StandardKey) -> set[str]:
        return {k.toString() for k in QKeySequence.keyBindings(key)}

    K = QKeySequence.StandardKey
    assert standard(K.New) <= keys(window.act.new_patient)
    assert standard(K.Open) <= keys(window.act.open)
    assert standard(K.Save) <= keys(window.act.save)
    assert standard(K.Undo) <= keys(window.act.undo)
    assert standard(K.Redo) <= keys(window.act.redo)
    assert standard(K.Print) <= keys(window.act.print)
    assert keys(window.act.export_handouts) == {"Ctrl+E"}
    for action in (
        window.act.import_plan,
        window.act.export_plan,
        window.act.save_pdf,
        window.act.preview,
        window.act.history,
        window.act.settings,
        window.act.quit,
    ):
        assert action.text() and action.shortcuts(), action.text()


def test_actions_follow_the_open_plan(window: Any, store: Any) -> None:
    assert not window.act.save.isEnabled() and not window.act.history.isEnabled()
    seeded = seed_plan(store)
    window.open_plan(seeded.plan_id)
    assert window.act.save.isEnabled() and window.act.history.isEnabled() and window.act.preview.isEnabled()
    window.session.close_plan()
    assert not window.act.preview.isEnabled()


def test_title_shows_the_plan_and_the_modified_flag(qtbot: Any, window: Any, store: Any) -> None:
    assert window.windowTitle() == "Careplan"
    seeded = seed_plan(store)
    window.open_plan(seeded.plan_id)
    assert window.windowTitle() == "Amira Okafor: Neck posture[*] - Careplan"
    assert not window.isWindowModified()
    editor = window.editor
    with qtbot.waitSignal(editor.undo_stack.cleanChanged):
        editor.document.edit(editor.plan().replace(title="Neck and shoulder"), "Title")
    assert window.isWindowModified()
    assert window.windowTitle() == "Amira Okafor: Neck and shoulder[*] - Careplan"
    window.act.undo.trigger()
    assert not window.isWindowModified()


def test_window_layout_is_remembered(make_window: Any) -> None:
    first = make_window()
    first.show()
    first.resize(700, 500)  # the offscreen screen is 800 by 600
    first.patients.patients_dock.hide()
    first.close()
    second = make_window()
    second.show()
    assert second.size().width() == 700
    assert not second.patients.patients_dock.isVisible()


def test_status_bar_names_the_database(window: Any) -> None:
    assert window.db_label.text() == "Database: this computer"


# --- the therapist's own library entries ---------------------------------------------------------------


def test_own_entries_are_stored_and_offered(window: Any, store: Any) -> None:
    from careplan.core.enums import Category, Kind
    from careplan.core.library import LibraryIntervention
    from careplan.services.errors import UserError

    seeded = seed_plan(store)
    window.open_plan(seeded.plan_id)
    entry = LibraryIntervention(
        code="",
        kind=Kind.EXERCISE,
        title="Wall slide",
        instructions="Slide up the wall.",
        categories=frozenset({Category.CERVICAL}),
        source="own",
    )
    saved = window.session.save_own_entry(entry)
    assert saved.code.startswith("own.")
    assert window.library.intervention(saved.code) == saved
    assert window.editor.document.library.intervention(saved.code) == saved
    with pytest.raises(UserError, match="already has an entry"):
        window.session.save_own_entry(saved)


def test_a_long_list_is_read_a_page_at_a_time(qtbot: Any, window: Any, store: Any) -> None:
    from careplan.core.enums import Category
    from careplan.core.model import Patient, Plan, PlanRecord
    from careplan.services.plans import create_plan

    with store.sessions.begin() as s:
        for i in range(450):
            patient = Patient(f"Given{i:03d}", f"Family{i:03d}", dt.date(2000, 1, 1) + dt.timedelta(days=i))
            create_plan(s, PlanRecord(Plan(f"Plan {i}", Category.HAND), patient))
    window.show()
    window.patients.reload_lists()
    model = window.patients.patient_model
    assert model.rowCount() == 200 and model.canFetchMore()
    assert window.patients.patient_count.text() == "450 patients"
    window.patients.patient_table.scrollToBottom()  # the view asks for more as it nears the end
    qtbot.waitUntil(lambda: model.rowCount() > 200)
    assert shown_names(window)[:2] == ["Family000, Given000", "Family001, Given001"]
    qtbot.keyClicks(window.patients.search, "family123")
    qtbot.waitUntil(lambda: window.patients.patient_proxy.rowCount() == 1)
    assert shown_names(window) == ["Family123, Given123"]
    assert window.patients.patient_count.text() == "1 of 450 patients"


def test_waiting_for_the_database_can_be_cancelled_even_when_it_hangs(qtbot: Any) -> None:
    """ "Opening the database…" with Cancel: the wait ends at once, even though the work cannot check for
    it (a server that does not answer); what the work returns later is handed over to be closed."""
    import threading

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

    from careplan.ui.ops import Cancelled, Task, wait_for

    stuck = threading.Event()

    def hangs(_progress: Any) -> str:
        stuck.wait(30)
        return "opened too late"

    task = Task(hangs).start()
    late: list[str] = []
    task.on_abandoned = late.append

    def press_cancel() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.labelText() == "Opening the database…":
                widget.findChild(QPushButton).click()

    QTimer.singleShot(0, press_cancel)
    with pytest.raises(Cancelled):
        wait_for(None, "Opening the database…", task, cancellable=True, show_after_ms=0)
    assert not task.is_done
    stuck.set()
    qtbot.waitUntil(lambda: task.is_done)
    assert late == ["opened too late"]


def test_the_daily_backup_runs_in_the_background_after_the_start(
    qtbot: Any, window: Any, store: Any, paths: Any
) -> None:
    from careplan.storage.backup import list_backups

    seed_plan(store)
    assert list_backups(paths.backups) == []  # opening the database made none
    task = window.backup_in_background()
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=10_000) as done:
        pass
    assert done.args[0] is not None and len(list_backups(paths.backups)) == 1
    # Nothing changed since: the next start makes no copy.
    again = window.backup_in_background()
    with qtbot.waitSignal(again.finished, timeout=10_000) as second:
        pass
    assert second.args == [None] and len(list_backups(paths.backups)) == 1


def test_cancel_while_opening_the_database_goes_to_the_settings(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, paths: Any
) -> None:
    """A server that does not answer: Cancel on "Opening the database…" offers Settings at once."""
    import threading

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

    from careplan.settings import Settings
    from careplan.ui import application
    from careplan.ui.ops import Task
    from careplan.ui.settings_dialog import SettingsDialog

    stuck = threading.Event()

    def hangs(_progress: Any) -> Any:
        stuck.wait(30)
        raise RuntimeError("opened too late")

    asked: list[str] = []

    def settings_asked(cls: Any, parent: Any, settings: Any, paths: Any, start_tab: str = "") -> None:
        asked.append(start_tab)
        return None  # the user closes Settings: Careplan offers to open again

    monkeypatch.setattr(SettingsDialog, "ask", classmethod(settings_asked))
    monkeypatch.setattr(
        application.DatabaseProblemDialog, "ask", staticmethod(lambda parent, text, restore_first=False: "quit")
    )
    opened = [Task(hangs).start()]

    def opener_after_cancel(*_args: Any) -> Any:
        def fails(_progress: Any) -> Any:
            raise OSError("still no server")

        return fails

    monkeypatch.setattr(application, "_opener", opener_after_cancel)

    def press_cancel() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.labelText() == "Opening the database…":
                widget.findChild(QPushButton).click()
                return
        QTimer.singleShot(20, press_cancel)

    QTimer.singleShot(0, press_cancel)
    first_look, _settings = application.open_store_interactively(paths, Settings(), None, started=opened[0])
    stuck.set()
    assert asked == ["database"], "Cancel opens Settings on the database page"
    assert first_look is None  # then the next try failed and the user chose Quit
