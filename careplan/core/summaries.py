"""The rows of the patient list and the reviews due: plain snapshots, read by the store
(``services.plans``) and, at start-up, by the light first-page reader (``storage.quick_read``)
without SQLAlchemy, so the window can show the list before the database layer is imported."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from careplan.core.enums import Category


@dataclass(frozen=True, slots=True)
class PlanSummary:
    plan_id: int
    patient_id: int
    patient_name: str
    title: str
    category: Category
    review_date: dt.date | None
    revision: int
    updated_at: dt.datetime


@dataclass(frozen=True, slots=True)
class PatientSummary:
    """A row of the patient list.  ``plans`` is filled where a caller needs them (``patient_summary``,
    ``list_patients``); a page of the list carries only ``plan_count`` and ``next_review``."""

    id: int
    given_name: str
    family_name: str
    date_of_birth: dt.date
    identifier: str | None
    plans: tuple[PlanSummary, ...] = ()
    plan_count: int | None = None
    next_review: dt.date | None = None
    name_key: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def number_of_plans(self) -> int:
        return self.plan_count if self.plan_count is not None else len(self.plans)

    @property
    def soonest_review(self) -> dt.date | None:
        if self.plan_count is not None:
            return self.next_review
        return min((p.review_date for p in self.plans if p.review_date), default=None)
