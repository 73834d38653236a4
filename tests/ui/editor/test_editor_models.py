"""Every item model of the editor passes Qt's model tester, before and after edits."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from careplan.core.enums import Category, Kind
from careplan.ui.editor.document import PlanDocument
from careplan.ui.editor.models import (
    ITEM_ROWS_MIME,
    ROLE_CAUTIONS,
    AdjustmentsListModel,
    GoalsTableModel,
    LibraryFilterProxyModel,
    LibraryTableModel,
    PlanItemsListModel,
    _diff,
    library_mime,
)

from editor_samples import WEIGHTS_CAUTION, make_library, make_rich_plan


@pytest.fixture
def document(qapp) -> PlanDocument:  # type: ignore[no-untyped-def]
    doc = PlanDocument(make_library())
    doc.load(make_rich_plan())
    return doc


def test_library_models_pass_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = LibraryTableModel(make_library())
    qtmodeltester.check(model)
    proxy = LibraryFilterProxyModel()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_category(Category.CERVICAL)
    proxy.set_search("neck")
    qtmodeltester.check(proxy)


def test_library_filters_narrow_by_text_kind_category_and_region() -> None:
    model = LibraryTableModel(make_library())
    proxy = LibraryFilterProxyModel()
    proxy.setSourceModel(model)

    def titles() -> list[str]:
        return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]

    proxy.set_category(Category.CERVICAL)
    assert titles() == [
        "Chin tuck in front of a mirror",
        "Shoulder shrugs with hand weights",
        "Kitchen counter neck glide",
    ]
    proxy.set_search("WEIGHTS shoulder")
    assert titles() == ["Shoulder shrugs with hand weights"]
    proxy.set_search("")
    proxy.set_category(None)
    proxy.set_kind(Kind.ORTHOSIS)
    assert titles() == ["Ankle-foot orthoses"]
    proxy.set_kind(None)
    proxy.set_region("hand")
    assert titles() == ["Writing with a thick pen grip"]


def test_own_entries_are_marked_yours() -> None:
    model = LibraryTableModel(make_library())
    row = model.row_of("own.kitchen_stretch")
    assert row is not None
    assert model.index(row, 2).data() == "Yours"
    assert model.index(0, 2).data() == "Library"


def test_plan_models_pass_the_model_tester_through_edits(qtmodeltester, document: PlanDocument) -> None:  # type: ignore[no-untyped-def]
    items = PlanItemsListModel(document)
    goals = GoalsTableModel(document)
    adjustments = AdjustmentsListModel(document)
    for model in (items, goals, adjustments):
        qtmodeltester.check(model)
    # The tester stays attached and checks every signal the edits below cause.
    document.add_codes(["cp.afo", "neck.chin_tuck"], 1)
    document.move_item(0, 3)
    document.remove_items([2])
    document.remove_goal(0)
    document.edit(document.plan.replace(interventions=()), "Clear")
    assert items.rowCount() == 0
    document.undo_stack.undo()  # the clearing
    assert (items.rowCount(), goals.rowCount()) == (5, 1)
    document.undo_stack.undo()  # the goal's removal
    assert (items.rowCount(), goals.rowCount(), adjustments.rowCount()) == (5, 2, 2)
    assert [items.index(r).data() for r in range(5)] == [i.title for i in document.plan.interventions]


def test_items_model_marks_cautioned_rows(document: PlanDocument) -> None:
    model = PlanItemsListModel(document)
    assert model.index(1).data(ROLE_CAUTIONS) == (WEIGHTS_CAUTION,)
    assert model.index(0).data(ROLE_CAUTIONS) == ()
    assert "caution" in model.index(1).data(Qt.ItemDataRole.AccessibleTextRole)


def test_dropping_library_codes_adds_them_at_the_drop_row(document: PlanDocument) -> None:
    model = PlanItemsListModel(document)
    mime = library_mime(["cp.standing_frame"])
    assert model.canDropMimeData(mime, Qt.DropAction.CopyAction, 1, 0, QModelIndex())
    assert model.dropMimeData(mime, Qt.DropAction.CopyAction, 1, 0, QModelIndex())
    assert document.plan.interventions[1].catalog_code == "cp.standing_frame"
    assert document.undo_stack.count() == 1


def test_dropping_own_rows_moves_the_item(document: PlanDocument) -> None:
    model = PlanItemsListModel(document)
    titles = [i.title for i in document.plan.interventions]
    mime = model.mimeData([model.index(0)])
    assert mime.hasFormat(ITEM_ROWS_MIME)
    # Dropped below the third row: it lands third.
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    assert [i.title for i in document.plan.interventions] == [titles[1], titles[2], titles[0], titles[3]]
    # QListView's internal move goes through moveRows.
    assert model.moveRows(QModelIndex(), 2, 1, QModelIndex(), 0)
    assert [i.title for i in document.plan.interventions] == titles


def test_rows_from_another_document_are_refused(document: PlanDocument) -> None:
    other = PlanDocument(make_library())
    other.load(make_rich_plan())
    mime = PlanItemsListModel(other).mimeData([PlanItemsListModel(other).index(0)])
    assert not PlanItemsListModel(document).canDropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())


def test_adjustments_edit_in_place_is_undoable(document: PlanDocument) -> None:
    model = AdjustmentsListModel(document)
    assert model.setData(model.index(0), "Laptop stand at eye level")
    assert document.plan.programme.adjustments[0] == "Laptop stand at eye level"
    assert not model.setData(model.index(0), "   ")  # an empty adjustment is refused, not stored
    document.undo_stack.undo()
    assert document.plan.programme.adjustments[0] == "Raise the laptop on a stand"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("abc", "abc", (3, 0, 0)),
        ("abc", "abXc", (2, 0, 1)),
        ("abc", "ac", (1, 1, 0)),
        ("abc", "bca", (0, 3, 3)),
        ("", "ab", (0, 0, 2)),
        ("aa", "aaa", (2, 0, 1)),
    ],
)
def test_diff_finds_the_changed_run(old: str, new: str, expected: tuple[int, int, int]) -> None:
    assert _diff(list(old), list(new)) == expected
