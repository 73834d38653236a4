"""The item models: Qt's model tester, sorting, and search by name, date of birth or identifier."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt

from careplan.core.enums import Category
from careplan.core.model import RevisionInfo
from careplan.services.plans import PatientSummary, PlanSummary
from careplan.ui.formatting import format_date, parse_date, review_status
from careplan.ui.models import (
    PatientFilterProxyModel,
    PatientTableModel,
    ReviewsTableModel,
    RevisionTableModel,
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


def test_revision_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    model = RevisionTableModel()
    model.set_revisions([RevisionInfo(1, NOW, "Jo Patel"), RevisionInfo(2, NOW, None)])
    qtmodeltester.check(model, force_py=True)


def test_empty_models_pass_the_model_tester(qtmodeltester: Any) -> None:
    for model in (PatientTableModel(), ReviewsTableModel(), RevisionTableModel()):
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


def test_revisions_newest_first() -> None:
    model = RevisionTableModel()
    model.set_revisions([RevisionInfo(1, NOW, "Jo Patel"), RevisionInfo(2, NOW, None)])
    assert [model.index(r, 0).data() for r in range(2)] == ["2 (current)", "1"]
    assert model.index(0, 2).data() == "(not recorded)"


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
