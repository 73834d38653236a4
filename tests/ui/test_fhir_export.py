"""File → Export as FHIR… in the desktop (careplan.ui.fhir_dialog), on a real SQLite file: the real dialog
driven by qtbot (version, collection or document, confidential notes off by default with their warning),
the file written whole and owner-only through Ops, recorded in the activity log; a refusal writes nothing."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from careplan.core.assessments import Assessment, PainRating
from careplan.core.enums import Category, GoalDomain
from careplan.core.model import Goal, Patient, Plan, PlanRecord, Therapist
from careplan.export.fhir_read import read_bundle
from careplan.services.assessments import assess_plan
from careplan.services.audit import Actor, events_for
from careplan.services.plans import create_plan
from careplan.ui.fhir_dialog import FhirExportDialog

from ui_helpers import exercise

FINDINGS = "Zebrafinding: left adductors tighter"
NOTES = "Quillnote: mother reports poor sleep"


JO = Therapist("Jo Patel", "Neurophysiotherapist")


def _seed(store: Any, therapist: Therapist = JO) -> PlanRecord:
    plan = Plan(
        "Sitting and sleep",
        Category.DYSTONIC_CP,
        therapist=therapist,
        goals=(Goal(GoalDomain.POSTURE, "Sit through a lesson in the classroom chair"),),
        interventions=(exercise(),),
        clinical_notes=NOTES,
    )
    with store.sessions.begin() as session:
        record = create_plan(session, PlanRecord(plan, Patient("Amara", "Okafor", dt.date(2018, 5, 14))), "Jo Patel")
        assert record.plan_id is not None
        assess_plan(
            session,
            Actor.named("Jo Patel"),
            record.plan_id,
            Assessment(dt.date(2026, 11, 2), "Jo Patel", pain=(PainRating(4),), findings=FINDINGS),
        )
    return record


def _answer(qtbot: Any, seen: list[FhirExportDialog], version: str, document: bool, confidential: bool) -> Any:
    """The real dialog, set as the therapist would and accepted with its own button."""

    def answer(cls: Any, parent: Any, patient_name: str = "") -> Any:
        dialog = FhirExportDialog(patient_name, parent)
        qtbot.addWidget(dialog)
        seen.append(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert not dialog.confidential.isChecked()  # off by default
        assert dialog.included.text() == "Confidential notes are left out unless you tick the box."
        assert dialog.warning.text().startswith("Confidential notes are the plan's clinical notes")
        dialog.version.setCurrentIndex(dialog.version.findData(version))
        if document:
            qtbot.mouseClick(dialog.document, Qt.MouseButton.LeftButton)
        if confidential:
            box = dialog.confidential  # clicked on its tick box (the widget is as wide as the dialog)
            qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
            assert box.isChecked()
            assert "The confidential notes will be in the file." in dialog.included.text()
            warning = dialog.warning  # the whole warning still shows: nothing cut off
            qtbot.waitUntil(lambda: warning.height() >= warning.heightForWidth(warning.width()))
        with qtbot.waitSignal(dialog.accepted):
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.options()

    return classmethod(answer)


def _audit(store: Any, plan_id: int) -> list[str]:
    with store.reads.begin() as s:
        return [e.detail or "" for e in events_for(s, plan_id=plan_id) if e.action == "exported"]


@pytest.mark.parametrize(("version", "document"), [("R4B", False), ("R5", True)])
def test_export_as_fhir_writes_the_open_plan_and_its_assessments(
    qtbot: Any,
    window: Any,
    store: Any,
    dialogs: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    version: str,
    document: bool,
) -> None:
    seeded = _seed(store)
    assert window.open_plan(seeded.plan_id)
    seen: list[FhirExportDialog] = []
    monkeypatch.setattr(FhirExportDialog, "ask", _answer(qtbot, seen, version, document, confidential=False))
    target = tmp_path / "export"
    dialogs.answer("save_path", target)
    assert window.fhir.action.isEnabled()
    with qtbot.waitSignal(window.fhir.exported) as written:
        window.fhir.action.trigger()
    assert written.args == [target.with_name("export.json")]
    assert dialogs.of("save_path") == [("Amara Okafor - Sitting and sleep.json",)]
    data = target.with_name("export.json").read_bytes()
    read = read_bundle(data, version)
    assert read.type == ("document" if document else "collection")
    assert read.title == "Sitting and sleep"
    assert [(o.date, o.value) for o in read.observations] == [(dt.date(2026, 11, 2), 4)]
    for words in (FINDINGS, NOTES):
        assert words not in data.decode()
    if os.name == "posix":
        assert stat.S_IMODE(target.with_name("export.json").stat().st_mode) == 0o600
    shape = "document" if document else "collection"
    assert _audit(store, seeded.plan_id) == [f"FHIR {version} {shape}"]


def test_confidential_notes_go_in_only_when_ticked_and_the_log_says_so(
    qtbot: Any, window: Any, store: Any, dialogs: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = _seed(store)
    assert window.open_plan(seeded.plan_id)
    monkeypatch.setattr(FhirExportDialog, "ask", _answer(qtbot, [], "R4B", False, confidential=True))
    target = tmp_path / "with-notes.json"
    dialogs.answer("save_path", target)
    with qtbot.waitSignal(window.fhir.exported):
        window.fhir.action.trigger()
    text = target.read_text(encoding="utf-8")
    assert FINDINGS in text and NOTES in text
    assert _audit(store, seeded.plan_id) == ["FHIR R4B collection (with confidential notes)"]


def test_cancelling_the_dialog_asks_for_no_file_and_writes_nothing(
    qtbot: Any, window: Any, store: Any, dialogs: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = _seed(store)
    assert window.open_plan(seeded.plan_id)

    def cancel(cls: Any, parent: Any, patient_name: str = "") -> Any:
        dialog = FhirExportDialog(patient_name, parent)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        with qtbot.waitSignal(dialog.rejected):
            qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton)
        return None

    monkeypatch.setattr(FhirExportDialog, "ask", classmethod(cancel))
    assert window.fhir.export_fhir() is None
    assert dialogs.of("save_path") == []
    assert _audit(store, seeded.plan_id) == []


def test_a_document_without_a_therapist_is_refused_in_words_and_the_old_file_stays(
    qtbot: Any, window: Any, store: Any, dialogs: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = _seed(store, Therapist())
    assert window.open_plan(seeded.plan_id)
    monkeypatch.setattr(FhirExportDialog, "ask", _answer(qtbot, [], "R4B", True, confidential=False))
    target = tmp_path / "bundle.json"
    target.write_bytes(b"an earlier bundle")
    dialogs.answer("save_path", target)
    assert window.fhir.export_fhir() is None
    ((title, text),) = dialogs.errors()
    assert title == "FHIR export not written"
    assert "A FHIR document needs an author: the plan names no therapist." in text
    assert target.read_bytes() == b"an earlier bundle"
    assert _audit(store, seeded.plan_id) == []


def test_the_action_sits_after_export_plan_file_and_needs_an_open_plan(window: Any) -> None:
    actions = window.menus["file"].actions()
    assert actions[actions.index(window.act.export_plan) + 1] is window.fhir.action
    assert window.fhir.action.text() == "Export as F&HIR…"
    assert not window.fhir.action.isEnabled()
    assert window.fhir.export_fhir() is None  # nothing open: nothing asked
