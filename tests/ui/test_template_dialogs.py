"""Save as my template, and Copy plan from another patient: the real dialogs, driven by qtbot, on a real
SQLite file.  A template and a copy carry the plan, never the person it was written for."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from careplan.core.enums import Category
from careplan.core.library import Library
from careplan.core.model import Patient, Plan, PlanRecord, Therapist
from careplan.paths import AppPaths
from careplan.planfile import dumps, to_document
from careplan.services import plans
from careplan.services.library import full_library
from careplan.services.store import Store
from careplan.services.transfer import import_plan
from careplan.storage.models import OwnTemplateRow, PlanRow
from careplan.ui.editor.document import PlanDocument
from careplan.ui.ops import Ops
from careplan.ui.plan_dialogs import NewPlanDialog
from careplan.ui.template_dialogs import CopyPlanDialog, SaveTemplateDialog, copy_plan_for, save_as_template

from support.db import doc_bytes
from support.plans import full_document
from ui_helpers import TODAY

#: What the first patient's plan file holds about her that no template or copy may carry.
PERSONAL = (
    "Łukasz",
    "Nguyễn-Ní Bhriain",
    "2012-02-29",
    "485 777 3456",
    "Жанна Ахмедова",
    "Scoil Bhríde",
    "Daily mirror practice",
    "anxious about injections",
    "Bleton principles",
    "Dr A. Rahman",
)


def first_patients_plan() -> dict[str, Any]:
    doc = full_document()
    doc["plan"].pop("template")
    doc["own_library"].pop("templates")
    doc.pop("assessments"), doc.pop("injections")  # re-evaluation is not what these dialogs are about
    return doc


@pytest.fixture
def ops(store: Store, paths: AppPaths) -> Ops:
    return Ops(store, paths.log_file)


@pytest.fixture
def two_patients(store: Store) -> tuple[PlanRecord, Patient]:
    """Łukasz's neck plan, and Ben, who has none yet."""
    with store.sessions.begin() as s:
        source = import_plan(s, doc_bytes(first_patients_plan()), Library(version="t"), "a.json", "Jo Patel")
        ben = plans.create_plan(
            s, PlanRecord(Plan("Old plan", Category.GENERALISED), Patient("Ben", "Carter", TODAY.replace(year=1980)))
        )
    return source, ben.patient


def driven(monkeypatch: pytest.MonkeyPatch, cls: type[QDialog], drive: Callable[[Any], None]) -> list[Any]:
    """Make ``cls.exec`` show the real dialog, let ``drive`` work it as a user would, and return its result."""
    seen: list[Any] = []

    def exec_(dialog: Any) -> int:
        dialog.show()
        seen.append(dialog)
        drive(dialog)
        return dialog.result()

    monkeypatch.setattr(cls, "exec", exec_)
    return seen


def stored_templates(store: Store) -> list[dict[str, Any]]:
    with store.reads.begin() as s:
        return list(s.scalars(OwnTemplateRow.__table__.select().with_only_columns(OwnTemplateRow.content)))


def test_save_as_template_then_a_new_plan_from_it_for_another_patient(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, store: Store, ops: Ops, library: Library, two_patients: Any
) -> None:
    source, ben = two_patients
    with store.reads.begin() as s:
        start = full_library(s, library)

    def fill(dialog: SaveTemplateDialog) -> None:
        assert not dialog.target.isEnabled()  # no template of one's own yet: nothing to replace
        dialog.name.selectAll()
        qtbot.keyClicks(dialog.name, "Neck, unstable: first weeks")
        qtbot.keyClicks(dialog.about, "Glides before any stretch.")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    shown = driven(monkeypatch, SaveTemplateDialog, fill)
    with qtbot.waitSignal(ops.changed) as changed:
        saved = save_as_template(None, ops, source, start, "Jo Patel")
    assert changed.args == [frozenset({"library"})]
    assert saved is not None and saved.title == "Neck, unstable: first weeks" and saved.version == 1
    labels = [label.text() for label in shown[0].findChildren(QLabel)]
    assert any("From this Cervical (neck) plan: 7 items, 3 goals" in t and "never keeps" in t for t in labels), labels
    [content] = stored_templates(store)
    text = json.dumps(content, ensure_ascii=False)
    for personal in PERSONAL:
        assert personal not in text, personal

    # The New plan dialog lists it beside the starter templates, first, and says what it holds.
    with store.reads.begin() as s:
        now = full_library(s, library)
    dialog = NewPlanDialog(now, ben.full_name)
    qtbot.addWidget(dialog)
    dialog.select(Category.CERVICAL)
    first = dialog.templates.item(0)
    assert first.text() == "Your template: Neck, unstable: first weeks"
    assert dialog.templates.item(1).text().startswith("Starter template: ")
    dialog.templates.setCurrentRow(0)
    assert "Glides before any stretch." in dialog.template_about.text()
    assert "Starts with 7 items and 3 goals saved from one of your plans" in dialog.template_about.text()
    assert dialog.title.text() == "Neck, unstable: first weeks"
    choice = dialog.choice()
    assert choice.template_code == saved.code

    # Started for Ben the way the window starts a plan: the editor applies the chosen template (one undo step).
    document = PlanDocument(now)
    document.load(Plan(title=choice.title, category=choice.category, therapist=Therapist("Jo Patel"), start_date=TODAY))
    document.set_patient(ben)
    assert document.apply_template(choice.template_code)
    plan = document.plan
    assert [i.title for i in plan.interventions] == [i.title for i in source.plan.interventions]
    assert [i.dosage for i in plan.interventions] == [i.dosage for i in source.plan.interventions]
    assert [g.text for g in plan.goals] == [g.text for g in source.plan.goals]
    assert plan.programme == source.plan.programme and plan.template == saved.code
    new_file = dumps(to_document(PlanRecord(plan, ben)))
    for personal in PERSONAL:
        assert personal not in new_file, personal
    document.undo_stack.undo()
    assert document.plan.interventions == () and document.plan.template is None


def test_replacing_a_template_changed_on_another_computer_is_refused(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, store: Store, ops: Ops, library: Library, two_patients: Any
) -> None:
    from careplan.services.templates import replace_own_template
    from careplan.ui import messages

    source, _ = two_patients

    def new(dialog: SaveTemplateDialog) -> None:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    driven(monkeypatch, SaveTemplateDialog, new)
    with store.reads.begin() as s:
        read_here = full_library(s, library)
    saved = save_as_template(None, ops, source, read_here, "Jo Patel")
    assert saved is not None
    with store.reads.begin() as s:
        read_here = full_library(s, library)  # this desktop now shows version 1
    with store.sessions.begin() as s:  # another desktop replaces it
        replace_own_template(s, saved.code, saved.__class__(**{**_fields(saved), "approach": "theirs"}), 1, "Sam Reid")
    before = stored_templates(store)
    errors: list[str] = []
    monkeypatch.setattr(messages.Notice, "error", classmethod(lambda cls, parent, title, text, *a: errors.append(text)))

    def replace(dialog: SaveTemplateDialog) -> None:
        assert dialog.target.isEnabled()
        dialog.target.setCurrentIndex(1)
        assert dialog.name.text() == saved.title
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    driven(monkeypatch, SaveTemplateDialog, replace)
    assert save_as_template(None, ops, source, read_here, "Jo Patel") is None
    assert len(errors) == 1 and "changed on another computer by Sam Reid" in errors[0]
    assert stored_templates(store) == before


def _fields(template: Any) -> dict[str, Any]:
    import dataclasses

    return {f.name: getattr(template, f.name) for f in dataclasses.fields(template)}


def test_a_template_naming_the_patient_is_refused_and_nothing_is_stored(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, store: Store, ops: Ops, library: Library, two_patients: Any
) -> None:
    from careplan.ui import messages

    source, _ = two_patients
    errors: list[str] = []
    monkeypatch.setattr(messages.Notice, "error", classmethod(lambda cls, parent, title, text, *a: errors.append(text)))

    def named_after_her(dialog: SaveTemplateDialog) -> None:
        dialog.name.setText("Łukasz's neck plan")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    driven(monkeypatch, SaveTemplateDialog, named_after_her)
    with store.reads.begin() as s:
        start = full_library(s, library)
    assert save_as_template(None, ops, source, start, "Jo Patel") is None
    assert len(errors) == 1 and "the title mentions 'Łukasz'" in errors[0] and "not saved" in errors[0]
    assert stored_templates(store) == []


def test_an_empty_name_cannot_be_saved(qtbot: Any, library: Library, two_patients: Any) -> None:
    source, _ = two_patients
    dialog = SaveTemplateDialog(source, library)
    qtbot.addWidget(dialog)
    dialog.name.clear()
    assert not dialog.save_button.isEnabled() and dialog.name_problem.text() == "Enter a name for the template."
    qtbot.keyClicks(dialog.name, "Neck")
    assert dialog.save_button.isEnabled()


def test_copy_a_plan_from_another_patient(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, store: Store, ops: Ops, two_patients: Any
) -> None:
    source, ben = two_patients
    with store.reads.begin() as s:
        plan_rows_before = s.query(PlanRow).count()

    def choose(dialog: CopyPlanDialog) -> None:
        # Ben himself is never offered; typing part of the other patient's name finds her.
        names = [dialog.patients.item(r).text() for r in range(dialog.patients.count())]
        assert names == ["Łukasz Nguyễn-Ní Bhriain, born 29 Feb 2012: 1 plan"]
        qtbot.keyClicks(dialog.search, "zzz")
        qtbot.waitUntil(lambda: dialog.status.text() == "No other patient matches.")
        assert not dialog.copy_button.isEnabled()
        dialog.search.clear()
        qtbot.keyClicks(dialog.search, "nguyen")
        qtbot.waitUntil(lambda: dialog.plans.count() == 1)
        assert dialog.plans.item(0).text().startswith("Neck posture and pain\n")
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)

    driven(monkeypatch, CopyPlanDialog, choose)
    made = copy_plan_for(None, ops, ben.id, ben.full_name, Therapist("Jo Patel"), TODAY)
    assert made is not None
    read, copy = made
    assert read.plan_id == source.plan_id and copy.plan_id is None and copy.patient == ben
    assert [i.title for i in copy.plan.interventions] == [i.title for i in source.plan.interventions]
    assert [g.text for g in copy.plan.goals] == [g.text for g in source.plan.goals]
    assert copy.plan.programme == source.plan.programme and copy.plan.start_date == TODAY
    text = dumps(to_document(copy))
    for personal in PERSONAL:
        assert personal not in text, personal
    with store.reads.begin() as s:
        assert s.query(PlanRow).count() == plan_rows_before  # a copy is unsaved until the therapist saves it


def test_cancelling_the_copy_changes_nothing(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, store: Store, ops: Ops, two_patients: Any
) -> None:
    _, ben = two_patients
    driven(monkeypatch, CopyPlanDialog, lambda dialog: dialog.reject())
    assert copy_plan_for(None, ops, ben.id, ben.full_name, Therapist(), TODAY) is None


# --- the window's commands ------------------------------------------------------------------------------


def test_the_window_saves_a_template_and_starts_the_next_patients_plan_from_it(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, window: Any, dialogs: Any, store: Store, two_patients: Any
) -> None:
    from ui_helpers import choose_new_plan

    source, ben = two_patients
    assert not window.act.save_template.isEnabled()
    assert window.open_plan(source.plan_id)
    assert window.act.save_template.isEnabled()

    def fill(dialog: SaveTemplateDialog) -> None:
        dialog.name.setText("Neck starter")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    driven(monkeypatch, SaveTemplateDialog, fill)
    window.act.save_template.trigger()
    assert "Saved as your template “Neck starter”" in window.statusBar().currentMessage()
    [code] = [t.code for t in window.library.templates if t.is_own]  # the window's library was read again
    assert window.editor.record().plan == source.plan  # the plan itself is untouched
    dialogs.answer("new_plan", choose_new_plan(Category.CERVICAL, code))
    assert window.session.new_plan_for(ben.id)
    started = window.editor.record()
    assert started.patient.id == ben.id and started.plan.template == code
    assert [i.title for i in started.plan.interventions] == [i.title for i in source.plan.interventions]
    assert window.save()
    with store.reads.begin() as s:
        stored = plans.load_plan(s, window.editor.record().plan_id)
    assert [g.text for g in stored.plan.goals] == [g.text for g in source.plan.goals]
    text = dumps(to_document(stored))
    for personal in PERSONAL:
        assert personal not in text, personal


def test_the_window_copies_a_plan_from_another_patient(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, window: Any, store: Store, two_patients: Any
) -> None:
    from careplan.services.audit import events_for

    source, ben = two_patients
    window.patients.reload_lists()
    window.patients.select_patient(ben.id)
    assert window.act.copy_plan.isEnabled()

    def choose(dialog: CopyPlanDialog) -> None:
        qtbot.keyClicks(dialog.search, "bhriain")
        qtbot.waitUntil(lambda: dialog.plans.count() == 1)
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)

    driven(monkeypatch, CopyPlanDialog, choose)
    window.act.copy_plan.trigger()
    copy = window.editor.record()
    assert copy.plan_id is None and copy.patient.id == ben.id and window.isWindowModified()
    assert [i.title for i in copy.plan.interventions] == [i.title for i in source.plan.interventions]
    assert "check the pattern, side and dates" in window.statusBar().currentMessage()
    with store.reads.begin() as s:
        read = [(e.action, e.detail, e.who) for e in events_for(s, plan_id=source.plan_id)]
    assert ("opened", "copied to another patient", "Jo Patel") in read
    assert window.save()
    with store.reads.begin() as s:
        stored = plans.load_plan(s, window.editor.record().plan_id)
    assert stored.patient.id == ben.id
    text = dumps(to_document(stored))
    for personal in PERSONAL:
        assert personal not in text, personal


# --- Plan → Manage my templates…: rename and delete -----------------------------------------------------


def _saved(store: Store, source: PlanRecord, *titles: str) -> list[Any]:
    from careplan.services.templates import save_own_template, template_of_plan

    with store.sessions.begin() as s:
        library = full_library(s, Library(version="t"))
        return [
            save_own_template(s, template_of_plan(source.plan, source.patient, library, title=t), "Jo Patel")
            for t in titles
        ]


def _answer_box(qtbot: Any, button: str) -> dict[str, str]:
    """Press ``button`` on the next message box from inside its own loop; keep what it said."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    seen: dict[str, str] = {}

    def respond() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            QTimer.singleShot(10, respond)
            return
        seen.update(text=box.text(), more=box.informativeText(), default=box.defaultButton().text())
        next(b for b in box.buttons() if b.text().replace("&", "") == button).click()

    QTimer.singleShot(0, respond)
    return seen


def test_manage_my_templates_renames_and_deletes_from_the_plan_menu(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, window: Any, store: Store, two_patients: Any
) -> None:
    from careplan.ui.template_dialogs import ManageTemplatesDialog, RenameTemplateDialog

    source, _ = two_patients
    neck, jaw = _saved(store, source, "Neck", "Jaw")
    window.reload_library()
    assert window.act.manage_templates.isEnabled()  # no plan open: templates are managed all the same
    assert window.act.manage_templates in window.menus["plan"].actions()
    seen: dict[str, Any] = {}

    def rename(dialog: RenameTemplateDialog) -> None:
        from screen_checks import clipped_texts

        assert dialog.name.text() == "Neck" and not dialog.rename_button.isEnabled()  # unchanged: nothing to do
        dialog.name.selectAll()
        qtbot.keyClicks(dialog.name, " jaw ")
        assert dialog.problem.text() == "You already have a Cervical (neck) template called “Jaw”."
        assert not dialog.rename_button.isEnabled() and clipped_texts(dialog) == []
        dialog.name.selectAll()
        qtbot.keyClicks(dialog.name, "Neck:  first weeks")
        assert dialog.problem.text() == "" and dialog.rename_button.isEnabled()
        qtbot.mouseClick(dialog.rename_button, Qt.MouseButton.LeftButton)

    def manage(dialog: ManageTemplatesDialog) -> None:
        from screen_checks import clipped_texts, mnemonic_clashes, unnamed_controls

        qtbot.waitExposed(dialog)
        assert clipped_texts(dialog) == mnemonic_clashes(dialog) == unnamed_controls(dialog) == []
        rows = [dialog.list.item(r).text() for r in range(dialog.list.count())]
        assert rows == ["Jaw\nCervical (neck): 7 items, 3 goals", "Neck\nCervical (neck): 7 items, 3 goals"]
        dialog.list.setCurrentRow(1)
        driven(monkeypatch, RenameTemplateDialog, rename)
        assert dialog.rename()
        assert dialog.chosen() is not None and dialog.chosen().title == "Neck: first weeks"
        dialog.list.setCurrentRow(0)
        seen["cancelled"] = _answer_box(qtbot, "Cancel")
        assert not dialog.delete()
        assert dialog.list.count() == 2
        seen["asked"] = _answer_box(qtbot, "Delete template")
        assert dialog.delete()
        assert [dialog.list.item(r).text().split("\n")[0] for r in range(dialog.list.count())] == ["Neck: first weeks"]
        dialog.reject()

    driven(monkeypatch, ManageTemplatesDialog, manage)
    window.act.manage_templates.trigger()
    cancelled, asked = seen["cancelled"], seen["asked"]
    assert cancelled["text"] == "Delete your template “Jaw”?" and cancelled["default"] == "Cancel"
    assert "Plans started from it keep their items" in cancelled["more"] and asked["text"] == cancelled["text"]
    with store.reads.begin() as s:
        stored = s.execute(OwnTemplateRow.__table__.select()).mappings().all()
    assert [(r["code"], r["title"], r["version"]) for r in stored] == [(neck.code, "Neck: first weeks", 2)]
    # The window's library was read again: New plan lists the new name and not the deleted one.
    assert [t.title for t in window.library.templates if t.is_own] == ["Neck: first weeks"]
    assert window.library.template(jaw.code) is None


def test_a_rename_from_a_list_another_computer_changed_is_refused_and_the_list_read_again(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, store: Store, ops: Ops, two_patients: Any
) -> None:
    from careplan.services.templates import rename_own_template
    from careplan.ui import messages
    from careplan.ui.template_dialogs import ManageTemplatesDialog, RenameTemplateDialog

    source, _ = two_patients
    [neck] = _saved(store, source, "Neck")
    dialog = ManageTemplatesDialog(ops, "Jo Patel")
    qtbot.addWidget(dialog)
    with store.sessions.begin() as s:  # another desktop renames it while this list shows version 1
        rename_own_template(s, neck.code, "Neck (Sam)", 1, "Sam Reid")
    before = stored_templates(store)
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(
        messages.Notice, "error", classmethod(lambda cls, parent, title, text, *a: errors.append((title, text)))
    )
    monkeypatch.setattr(RenameTemplateDialog, "ask", classmethod(lambda cls, parent, template, taken: "Neck (Jo)"))
    assert not dialog.rename()
    [(title, text)] = errors
    assert title == "Template not renamed" and "was changed on another computer by Sam Reid" in text
    assert "Nothing was changed" in text
    assert stored_templates(store) == before
    assert dialog.list.item(0).text().startswith("Neck (Sam)\n")  # read again: the other change shows
    monkeypatch.setattr(messages.Notice, "error", classmethod(lambda *a: errors.append(("again", ""))))
    assert dialog.rename()  # now at the version shown, it goes through
    assert dialog.list.item(0).text().startswith("Neck (Jo)\n") and len(errors) == 1


def test_with_no_templates_of_ones_own_there_is_nothing_to_rename_or_delete(qtbot: Any, ops: Ops) -> None:
    from careplan.ui.template_dialogs import ManageTemplatesDialog

    dialog = ManageTemplatesDialog(ops, "Jo Patel")
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 0 and dialog.about.text() == ManageTemplatesDialog.EMPTY
    assert not dialog.rename_button.isEnabled() and not dialog.delete_button.isEnabled()
    assert not dialog.rename() and not dialog.delete()


def test_save_as_template_says_at_once_when_the_name_is_taken(
    qtbot: Any, store: Store, library: Library, two_patients: Any
) -> None:
    source, _ = two_patients
    _saved(store, source, "Neck", "Jaw")
    with store.reads.begin() as s:
        now = full_library(s, library)
    dialog = SaveTemplateDialog(source, now)
    qtbot.addWidget(dialog)
    dialog.name.setText("  neck ")
    said = "You already have a template called “Neck”: choose “Replace” above, or another name."
    assert dialog.name_problem.text() == said and not dialog.save_button.isEnabled()
    dialog.target.setCurrentIndex(dialog.target.findData("own.template_neck"))  # replacing it keeps its name
    assert dialog.name.text() == "Neck" and dialog.name_problem.text() == "" and dialog.save_button.isEnabled()
    dialog.name.setText("Jaw")  # but not the name of another of one's templates
    assert "called “Jaw”" in dialog.name_problem.text() and not dialog.save_button.isEnabled()
