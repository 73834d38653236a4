"""The patient list and the reviews due at a clinic desktop's 1366x768: every cell shown is shown whole."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QStyle, QTableView
from pytestqt.exceptions import TimeoutError

from ui_helpers import TODAY, seed_plan

PEOPLE = [
    ("Thomas", "Brennan-Whitfield", dt.date(2009, 7, 8), "901 442 7781", 8),
    ("Zoë", "Ávila", dt.date(1980, 12, 1), "485 777 3456", -6),
    ("Mei", "Chen", dt.date(1988, 11, 23), None, -120),
    ("Ахмед", "Иванов", dt.date(2011, 9, 30), "612 009 4410", 12),
]


def cut_cells(table: QTableView) -> list[str]:
    """Every cell of a shown column whose text is wider than its column, or a column past the table's edge."""
    model, problems = table.model(), []
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    edge = table.viewport().width()
    for column in range(model.columnCount()):
        if table.isColumnHidden(column):
            continue
        width = table.columnWidth(column)
        if table.columnViewportPosition(column) + width > edge:
            problems.append(f"column {column} ends past the table's edge")
        for row in range(model.rowCount()):
            index = model.index(row, column, QModelIndex())
            text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            font = index.data(Qt.ItemDataRole.FontRole)
            metrics = QFontMetrics(font if isinstance(font, QFont) else table.font())
            if metrics.horizontalAdvance(text) + margin > width:
                problems.append(f"{text!r} ({metrics.horizontalAdvance(text)} px) in a column of {width} px")
    return problems


@pytest.fixture
def seeded(store: Any) -> Any:
    return [
        seed_plan(
            store,
            given,
            family,
            born,
            identifier=ident,
            title="Neck posture and pain",
            review=TODAY + dt.timedelta(days=days),
        )
        for given, family, born, ident, days in PEOPLE
    ]


def test_no_cell_of_either_list_is_cut_at_1366x768(window: Any, seeded: Any, qtbot: Any) -> None:
    pane = window.patients
    pane.reload_lists()
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    # (The reviews due may be read in the background: wait for them.)
    qtbot.waitUntil(
        lambda: "Due in 8 days" in [pane.reviews_model.index(r, 2).data() for r in range(pane.reviews_model.rowCount())]
    )
    for state in ("no plan open", "a plan open"):
        if state == "a plan open":
            assert window.open_plan(seeded[0].plan_id)
            qtbot.waitUntil(lambda: pane.patients_dock.width() <= pane.narrow_dock + 2)
        for table in (pane.patient_table, pane.reviews_table):
            with contextlib.suppress(TimeoutError):
                qtbot.waitUntil(lambda table=table: not cut_cells(table), timeout=2000)
            assert not cut_cells(table), (state, table.accessibleName(), cut_cells(table))
            assert not table.horizontalScrollBar().isVisible()
        # The names, dates of birth, patients and the state of their reviews always show.
        assert not pane.patient_table.isColumnHidden(0) and not pane.patient_table.isColumnHidden(1)
        assert not pane.reviews_table.isColumnHidden(0) and not pane.reviews_table.isColumnHidden(2)
    # With the plan open, the list is narrow: the columns that do not fit whole are hidden, not cut.
    assert pane.patient_table.isColumnHidden(3) or pane.patient_table.isColumnHidden(4)


def test_a_wider_list_shows_the_other_columns_again(window: Any, seeded: Any, qtbot: Any) -> None:
    pane = window.patients
    pane.reload_lists()
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_plan(seeded[0].plan_id)
    qtbot.waitUntil(lambda: pane.patient_table.isColumnHidden(4))
    assert window.session.close_plan()
    qtbot.waitUntil(lambda: not any(pane.patient_table.isColumnHidden(c) for c in range(5)))
    # Patient, review, status and why (the plan's title when there is room for it too).
    qtbot.waitUntil(lambda: not any(pane.reviews_table.isColumnHidden(c) for c in (0, 1, 2, 4)))
    assert not cut_cells(pane.patient_table) and not cut_cells(pane.reviews_table)
