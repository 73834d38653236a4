"""The plan editor shows where the person is in the botulinum toxin cycle, and marks the library
entries that suit that phase (careplan.ui.editor.models.LibraryTableModel.set_toxin_phase)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from careplan.catalog.loader import load_library
from careplan.core.enums import ToxinPhase
from careplan.core.model import PlanRecord
from careplan.ui.editor import PlanEditorWidget
from careplan.ui.editor.models import ROLE_SUITS_PHASE


def _marked(editor: PlanEditorWidget) -> set[str]:
    model = editor.library_browser.model
    return {
        model.entry(row).code for row in range(model.rowCount()) if model.data(model.index(row, 0), ROLE_SUITS_PHASE)
    }


def test_the_phase_shows_in_the_header_and_marks_the_entries_that_suit_it(qtbot, record: PlanRecord) -> None:  # type: ignore[no-untyped-def]
    library = load_library()
    editor = PlanEditorWidget(library)
    qtbot.addWidget(editor)
    editor.load(record)
    assert _marked(editor) == set()
    editor.set_toxin_phase("Week 3 of 12 after the injection on 2 Nov 2026", ToxinPhase.PEAK)
    assert "Week 3 of 12 after the injection on 2 Nov 2026" in editor.header.full_text()
    peak = {e.code for e in library.interventions if ToxinPhase.PEAK in e.toxin_phases}
    assert peak and _marked(editor) == peak
    model = editor.library_browser.model
    row = model.row_of(sorted(peak)[0])
    assert row is not None
    assert model.data(model.index(row, 1), Qt.ItemDataRole.DisplayRole).endswith(" · now")
    assert model.data(model.index(row, 0), Qt.ItemDataRole.AccessibleTextRole).endswith(
        "suits this point of the injection cycle"
    )
    assert "Suits this point of the injection cycle (weeks 3-8 after an injection)" in model.data(
        model.index(row, 0), Qt.ItemDataRole.ToolTipRole
    )
    unmarked = next(r for r in range(model.rowCount()) if model.entry(r).code not in peak)
    assert not model.data(model.index(unmarked, 1), Qt.ItemDataRole.DisplayRole).endswith(" · now")

    editor.set_toxin_phase(None, None)  # the injection record was removed: nothing marked
    assert _marked(editor) == set()
    assert "Week 3" not in editor.header.full_text()
