"""The item models: Qt's model tester, sorting, and search by name, date of birth or identifier."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt

from careplan.core.enums import Category
from careplan.services.plans import PatientSummary, PlanSummary
from careplan.ui.formatting import format_date, parse_date, review_status
from careplan.ui.models import (
    PatientFilterProxyModel,
    PatientTableModel,
    ReviewsTableModel,
)

TODAY = dt.date(2027, 2, 10)
NOW = dt.datetime(2027, 2, 1, 9, 30, tzinfo=dt.UTC)


def plan(plan_id: int, patient_id: int, name: str, review: dt.date | None, title: str = "Plan") -> PlanSummary:
    return PlanSummary(plan_id, patient_id, name, title, Category.CERVICAL, review, 1, NOW)


def patients() -> list[PatientSummary]:
    return [
        PatientSummary(
            1, "Amira", "Okafor", dt.date(2016, 3, 14), "943 476 5919", (plan(1, 1, "Amira Okafor", TODAY),)
        ),
        PatientSummary(2, "Zoë", "Ávila", dt.date(1980, 12, 1), None, ()),
        PatientSummary(
            3,
            "Łukasz",
            "Nguyễn",
            dt.date(2012, 2, 29),
            "485 777 3456",
            (plan(2, 3, "Łukasz Nguyễn", dt.date(2027, 1, 2)), plan(3, 3, "Łukasz Nguyễn", None)),
        ),
        PatientSummary(4, "Ахмед", "Иванов", dt.date(2016, 3, 14), "A-77", ()),
    ]


@pytest.fixture
def patient_model() -> PatientTableModel:
    model = PatientTableModel()
    model.set_patients(patients(), TODAY)
    return model


@pytest.fixture
def proxy(patient_model: PatientTableModel) -> PatientFilterProxyModel:
    proxy = PatientFilterProxyModel()
    proxy.setSourceModel(patient_model)
    return proxy


def shown_ids(proxy: PatientFilterProxyModel) -> list[int]:
    return [proxy.index(r, 0).data(Qt.ItemDataRole.UserRole).id for r in range(proxy.rowCount())]


def test_patient_model_passes_the_model_tester(qtmodeltester: Any, patient_model: PatientTableModel) -> None:
    qtmodeltester.check(patient_model, force_py=True)


def test_patient_proxy_passes_the_model_tester(qtmodeltester: Any, proxy: PatientFilterProxyModel) -> None:
    proxy.set_query("okafor")
    qtmodeltester.check(proxy, force_py=True)


def test_reviews_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    model = ReviewsTableModel()
    model.set_plans([plan(1, 1, "Amira Okafor", TODAY - dt.timedelta(days=3)), plan(2, 2, "B C", TODAY)], TODAY)
    qtmodeltester.check(model, force_py=True)


def test_empty_models_pass_the_model_tester(qtmodeltester: Any) -> None:
    for model in (PatientTableModel(), ReviewsTableModel()):
        qtmodeltester.check(model, force_py=True)


def test_patient_columns(patient_model: PatientTableModel) -> None:
    def row(patient_id: int) -> list[str]:
        r = patient_model.row_of(patient_id)
        return [patient_model.index(r, c).data() for c in range(patient_model.columnCount())]

    assert row(1) == ["Okafor, Amira", "14 Mar 2016", "943 476 5919", "1", "10 Feb 2027"]
    assert row(3)[3:] == ["2", "2 Jan 2027 (overdue)"]
    assert patient_model.index(patient_model.row_of(3), 4).data(Qt.ItemDataRole.ToolTipRole) == "Overdue by 39 days"
    # Sorted by family name from the start, whatever order the rows came in.
    assert [p.id for p in patient_model.patients] == [2, 3, 1, 4]
    assert patient_model.headerData(0, Qt.Orientation.Horizontal) == "Name"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [1, 2, 3, 4]),
        ("amira", [1]),
        ("OKA", [1]),
        ("amira okafor", [1]),
        ("zoe", [2]),  # accents need not be typed
        ("avila", [2]),
        ("Łukasz", [3]),
        ("ахмед", [4]),
        ("2016-03-14", [1, 4]),
        ("14/03/2016", [1, 4]),
        ("14.3.2016", [1, 4]),
        ("29/02/2012", [3]),
        ("9434765919", [1]),  # identifier without its spaces
        ("943 476 5919", [1]),  # or with them
        ("476", [1]),
        ("a-77", [4]),
        ("okafor 14/03/2016", [1]),  # every word must match
        ("okafor 2012-02-29", []),
        ("31/02/2016", []),  # not a date, and no name holds it
        ("nobody", []),
    ],
)
def test_search(proxy: PatientFilterProxyModel, query: str, expected: list[int]) -> None:
    proxy.set_query(query)
    proxy.sort(0)
    assert sorted(shown_ids(proxy)) == expected


@pytest.mark.parametrize(
    ("column", "order"),
    [
        (PatientTableModel.NAME, [2, 3, 1, 4]),  # Ávila sorts as Avila; Cyrillic after Latin
        (PatientTableModel.BORN, [2, 3, 1, 4]),
        (PatientTableModel.IDENTIFIER, [3, 1, 4, 2]),  # a patient without one goes last
        (PatientTableModel.PLANS, [2, 4, 1, 3]),
        (PatientTableModel.NEXT_REVIEW, [3, 1, 2, 4]),  # soonest first, none last
    ],
)
def test_sorting(proxy: PatientFilterProxyModel, column: int, order: list[int]) -> None:
    proxy.sort(column, Qt.SortOrder.AscendingOrder)
    assert shown_ids(proxy) == order


def test_reviews_mark_overdue_in_words_and_colour() -> None:
    model = ReviewsTableModel()
    model.set_plans(
        [
            plan(1, 1, "Amira Okafor", TODAY - dt.timedelta(days=1), "Neck"),
            plan(2, 2, "Ben Ode", TODAY, "Hand"),
            plan(3, 3, "Cy Dee", TODAY + dt.timedelta(days=14), "Walk"),
        ],
        TODAY,
    )
    status = [model.index(r, ReviewsTableModel.STATUS).data() for r in range(3)]
    assert status == ["Overdue by 1 day", "Due today", "Due in 14 days"]
    assert model.index(0, ReviewsTableModel.STATUS).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(1, ReviewsTableModel.STATUS).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(0, ReviewsTableModel.STATUS).data(Qt.ItemDataRole.FontRole).bold()


def test_dates() -> None:
    assert parse_date("2016-03-14") == dt.date(2016, 3, 14)
    assert parse_date("14/03/2016") == dt.date(2016, 3, 14)
    assert parse_date("1/2/2016") == dt.date(2016, 2, 1)
    assert parse_date("2016-02-30") is None
    assert parse_date("14/03/16") is None
    assert parse_date("okafor") is None
    assert format_date(dt.date(2016, 3, 4)) == "4 Mar 2016"
    assert review_status(TODAY, TODAY) == ("Due today", False)
    assert review_status(None, TODAY) == ("", False)


# --- the paged patient list (SQL mode) --------------------------------------------------------------------


class FakeSource:
    """What the window gives the model: pages in name order after a key, and counts; records each read."""

    def __init__(self, people: list[PatientSummary]) -> None:
        self.people = sorted(people, key=lambda p: (p.name_key, p.id))
        self.reads: list[tuple[str, Any, int, bool]] = []

    def _matching(self, query: str) -> list[PatientSummary]:
        return [p for p in self.people if query.lower() in p.name_key] if query.strip() else self.people

    def page(self, query: str, after: Any, limit: int, descending: bool) -> list[PatientSummary]:
        self.reads.append((query, after, limit, descending))
        rows = self._matching(query)
        if descending:
            rows = rows[::-1]
            rows = [p for p in rows if after is None or (p.name_key, p.id) < after]
        else:
            rows = [p for p in rows if after is None or (p.name_key, p.id) > after]
        return rows[:limit]

    def count(self, query: str) -> int:
        return len(self._matching(query))


def many(n: int) -> list[PatientSummary]:
    return [
        PatientSummary(
            i,
            f"Given{i:04d}",
            f"Family{i:04d}",
            dt.date(2000, 1, 1) + dt.timedelta(days=i),
            None,
            plan_count=i % 3,
            next_review=TODAY if i % 3 else None,
            name_key=f"family{i:04d}\tgiven{i:04d}",
        )
        for i in range(1, n + 1)
    ]


def test_paged_model_reads_a_page_at_a_time(qtmodeltester: Any) -> None:
    source = FakeSource(many(450))
    model = PatientTableModel(page_size=200)
    model.attach(source, TODAY)
    assert model.rowCount() == 200 and model.total == 450 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 400
    model.fetchMore()
    assert model.rowCount() == 450 and not model.canFetchMore()
    assert [r[1] for r in source.reads] == [None, ("family0200\tgiven0200", 200), ("family0400\tgiven0400", 400)]
    assert model.index(0, PatientTableModel.PLANS).data() == "1"
    qtmodeltester.check(model, force_py=True)


def test_paged_model_searches_through_its_source_and_updates_one_row() -> None:
    source = FakeSource(many(450))
    model = PatientTableModel(page_size=200)
    proxy = PatientFilterProxyModel()
    proxy.setSourceModel(model)
    model.attach(source, TODAY)
    proxy.set_query("family01")
    assert source.reads[-1][0] == "family01"
    assert model.matched == 100 and proxy.rowCount() == 100 and not model.canFetchMore()
    changed = dataclasses.replace(model.patients[5], given_name="Renamed", plan_count=7)
    seen: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b: seen.append((a.row(), b.row())))
    assert model.update_patient(changed)
    assert seen == [(5, 5)] and model.index(5, PatientTableModel.PLANS).data() == "7"
    assert not model.update_patient(dataclasses.replace(changed, id=9999))


def test_paged_model_sorts_by_name_in_sql_and_by_other_columns_in_memory() -> None:
    source = FakeSource(many(450))
    model = PatientTableModel(page_size=200)
    model.attach(source, TODAY)
    model.sort(PatientTableModel.NAME, Qt.SortOrder.DescendingOrder)
    assert source.reads[-1][3] is True and model.patients[0].id == 450 and model.rowCount() == 200
    model.sort(PatientTableModel.BORN, Qt.SortOrder.DescendingOrder)
    assert model.rowCount() == 450 and not model.canFetchMore()  # every row read, then sorted
    assert model.patients[0].id == 450
