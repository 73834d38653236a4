"""``careplan.core.summaries``: a row of the patient list counts its plans and finds the soonest review
the same way whether it carries its plans (``patient_summary``) or only their count (a page of the list)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from careplan.core.enums import Category
from careplan.core.summaries import PatientSummary, PlanSummary


def plan(plan_id: int, review: dt.date | None) -> PlanSummary:
    return PlanSummary(plan_id, 7, "Zoë Ávila", "Neck", Category.CERVICAL, review, 1, dt.datetime(2026, 11, 1, 9))


def test_a_row_with_its_plans_counts_them_and_finds_the_soonest_review() -> None:
    row = PatientSummary(7, "Zoë", "Ávila", dt.date(2016, 3, 14), None, (plan(1, dt.date(2027, 3, 1)), plan(2, None)))
    assert (row.full_name, row.number_of_plans, row.soonest_review) == ("Zoë Ávila", 2, dt.date(2027, 3, 1))
    assert PatientSummary(8, "Ben", "Ode", dt.date(2010, 1, 1), "1").soonest_review is None


def test_a_row_of_a_page_trusts_its_count_and_review_over_the_plans_it_does_not_carry() -> None:
    row = PatientSummary(7, "Zoë", "Ávila", dt.date(2016, 3, 14), None, plan_count=3, next_review=dt.date(2026, 12, 1))
    assert (row.number_of_plans, row.soonest_review) == (3, dt.date(2026, 12, 1))
    none = dataclasses.replace(row, plan_count=0, next_review=None)
    assert (none.number_of_plans, none.soonest_review) == (0, None)


def test_rows_are_snapshots() -> None:
    row = PatientSummary(7, "Zoë", "Ávila", dt.date(2016, 3, 14), None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.given_name = "Zoe"  # type: ignore[misc]
