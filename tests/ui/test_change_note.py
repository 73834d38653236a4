"""The desktop's "What changed?" note beside Save, and the revision history in its clinician summary."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import func, select
from test_saving import set_reps

from careplan.core.enums import Audience
from careplan.core.history import NOTE_MAX
from careplan.services.plans import load_plan
from careplan.storage.models import PlanRevisionRow

from ui_helpers import seed_plan


def notes(store: Any, plan_id: int) -> list[str | None]:
    with store.reads.begin() as s:
        return list(
            s.scalars(
                select(PlanRevisionRow.note).where(PlanRevisionRow.plan_id == plan_id).order_by(PlanRevisionRow.number)
            )
        )


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages)


def test_the_note_is_saved_with_the_revision_then_cleared(qtbot: Any, window: Any, store: Any) -> None:
    note = window.change_note
    assert not note.isEnabled()
    seeded = seed_plan(store)
    assert window.open_plan(seeded.plan_id)
    assert note.isEnabled() and note.text() == "" and note.maxLength() == NOTE_MAX
    set_reps(qtbot, window, 15)
    qtbot.keyClicks(note, "  Fewer repeats after the injection  ")
    with qtbot.waitSignal(window.session.plan_saved):
        qtbot.keyClick(note, Qt.Key.Key_Return)
    assert note.text() == ""
    set_reps(qtbot, window, 12)
    with qtbot.waitSignal(window.session.plan_saved):
        assert window.save()
    assert notes(store, seeded.plan_id) == [None, "Fewer repeats after the injection", None]


def test_a_note_typed_for_one_plan_never_goes_with_another(qtbot: Any, window: Any, store: Any) -> None:
    first, second = seed_plan(store), seed_plan(store, "Ben", "Ito", title="Hand")
    assert window.open_plan(first.plan_id)
    qtbot.keyClicks(window.change_note, "Meant for Amira")
    assert window.open_plan(second.plan_id)
    assert window.change_note.text() == ""


def test_a_bad_note_saves_nothing_and_is_kept_to_correct(qtbot: Any, window: Any, dialogs: Any, store: Any) -> None:
    seeded = seed_plan(store)
    assert window.open_plan(seeded.plan_id)
    set_reps(qtbot, window, 15)
    window.change_note.setText("Moved \u202eweiver")
    assert not window.save()
    ((title, text),) = dialogs.errors()
    assert title == "Not saved" and "change note" in text and "reverses how the text" in text
    assert window.change_note.text() == "Moved \u202eweiver" and window.isWindowModified()
    with store.reads.begin() as s:
        assert s.scalar(select(func.count()).select_from(PlanRevisionRow)) == 1
        assert load_plan(s, seeded.plan_id).plan.interventions[0].dosage.reps == 10


def test_the_clinician_preview_carries_the_history(qtbot: Any, window: Any, store: Any) -> None:
    seeded = seed_plan(store)
    assert window.open_plan(seeded.plan_id)
    set_reps(qtbot, window, 15)
    window.change_note.setText("Fewer repeats after the injection")
    with qtbot.waitSignal(window.session.plan_saved):
        assert window.save()
    window.state.set(window.state.preview_audience, Audience.CLINICIAN.value)
    dialog = window.handouts.preview_handouts()
    with qtbot.waitSignal(dialog.rendered, timeout=20_000) as rendered:
        pass
    assert rendered.args == ["clinician"]
    text = pdf_text(dialog.pdf_bytes())
    assert "Revision history" in text and "Fewer repeats after the injection" in text
    assert "Item changed: “Chin tuck” (dosage)" in text
    with qtbot.waitSignal(dialog.rendered, timeout=20_000) as rendered:
        dialog.tabs.setCurrentIndex(0)
    assert rendered.args == ["family"]
    family = pdf_text(dialog.pdf_bytes())
    assert "Revision history" not in family and "injection" not in family
    dialog.close()
