"""A stored plan with a realistic run of revisions (what the revision history tests and sample pages print)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import update
from sqlalchemy.orm import Session

from careplan.core.enums import GoalDomain, Kind
from careplan.core.model import Dosage, Goal, Intervention, PlanRecord
from careplan.services import plans
from careplan.services.transfer import import_plan
from careplan.storage.models import PlanRevisionRow

from support.db import doc_bytes, example_document

EMPTY_LIBRARY_VERSION = "test"
#: When each revision of :func:`five_revisions` was saved (UTC), so the printed times can be checked.
SAVED_AT = (
    dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC),
    dt.datetime(2026, 12, 4, 15, 5, tzinfo=dt.UTC),
    dt.datetime(2027, 1, 8, 11, 45, tzinfo=dt.UTC),
    dt.datetime(2027, 2, 19, 16, 20, tzinfo=dt.UTC),
    dt.datetime(2027, 2, 22, 8, 10, tzinfo=dt.UTC),
)
AUTHORS = ("Jo Patel", "Sam Lee", "Jo Patel", "Priya Raman", "Jo Patel")
NOTES = (
    None,
    "Added night positioning after the home visit",
    None,
    "Review: goal met, target moved",
    None,
)
STRETCH = "Calf stretch in long sitting"


def five_revisions(session: Session, shipped: object) -> int:
    """Import the example plan, then save four revisions of it: an item added, the review date
    moved and a goal changed, the stretch removed, and revision 2 restored.  Returns the plan id."""
    record = import_plan(session, doc_bytes(example_document()), shipped, author=AUTHORS[0])  # type: ignore[arg-type]
    assert record.plan_id is not None
    plan_id = record.plan_id
    stretch = Intervention(
        Kind.EXERCISE,
        STRETCH,
        instructions="Sit with legs long; loop a towel round the foot and pull gently for 20 seconds.",
        dosage=Dosage(reps=3, hold_seconds=20, times_per_day=1, days_per_week=5),
    )
    second = record.plan.replace(interventions=(*record.plan.interventions, stretch))
    record = plans.save_plan(session, dataclasses.replace(record, plan=second), AUTHORS[1], note=NOTES[1])
    goal = record.plan.goals[0]
    third = record.plan.replace(
        review_date=dt.date(2027, 5, 14),
        goals=(
            dataclasses.replace(goal, text=goal.text + ", for 10 minutes", target_date=dt.date(2027, 5, 14)),
            Goal(GoalDomain.PAIN, "Pain no more than 3 out of 10 after standing", dt.date(2027, 5, 14)),
        ),
    )
    record = plans.save_plan(session, dataclasses.replace(record, plan=third), AUTHORS[2], note=NOTES[2])
    fourth = record.plan.replace(interventions=tuple(i for i in record.plan.interventions if i.title != STRETCH))
    record = plans.save_plan(session, dataclasses.replace(record, plan=fourth), AUTHORS[3], note=NOTES[3])
    plans.restore_revision(session, plan_id, 2, record.version, AUTHORS[4])
    for number, at in enumerate(SAVED_AT, start=1):
        session.execute(
            update(PlanRevisionRow)
            .where(PlanRevisionRow.plan_id == plan_id, PlanRevisionRow.number == number)
            .values(saved_at=at)
        )
    return plan_id


def many_revisions(session: Session, shipped: object, count: int) -> PlanRecord:
    """The example plan saved ``count`` times, each save moving the review date by a day, with a note."""
    record = import_plan(session, doc_bytes(example_document()), shipped, author="Jo Patel")  # type: ignore[arg-type]
    for n in range(2, count + 1):
        review = record.plan.review_date + dt.timedelta(days=1)  # type: ignore[operator]
        record = plans.save_plan(
            session,
            dataclasses.replace(record, plan=record.plan.replace(review_date=review)),
            "Jo Patel" if n % 2 else "Sam Lee",
            note=f"Save number {n}",
        )
    return record
