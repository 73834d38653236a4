"""A plan's revision history as the clinician summary and the History view show it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from careplan.core.history import RevisionSummary, restored_from, revision_changes
from careplan.core.model import Plan
from careplan.services.errors import UserError
from careplan.services.stored import plan_from_content
from careplan.storage.models import PlanRevisionRow

#: The "what changed" line of a revision whose stored plan cannot be read back (the rest still prints).
UNREADABLE = "This revision could not be read, so what it changed is not known"
#: The "what changed" line of a revision after one that could not be read (nothing to compare it with).
AFTER_UNREADABLE = "The revision before could not be read, so what this one changed is not known"
#: The "what changed" line of a plan's first revision.
FIRST = "First saved version of the plan"


def revision_history(session: Session, plan_id: int) -> list[RevisionSummary]:
    """Every revision of the plan, oldest first, each with what it changed of the one before.

    One query (by the index on ``plan_id``) however many revisions there are.  A revision whose
    stored plan cannot be read is listed with :data:`UNREADABLE` as its change, and the revision
    after it with :data:`AFTER_UNREADABLE` (each revision is compared only with the one just before
    it): a damaged row never stops a handout.
    A plan with no revisions (an unknown id) gives an empty list.
    """
    rows = session.execute(
        select(
            PlanRevisionRow.number,
            PlanRevisionRow.saved_at,
            PlanRevisionRow.author,
            PlanRevisionRow.note,
            PlanRevisionRow.content,
        )
        .where(PlanRevisionRow.plan_id == plan_id)
        .order_by(PlanRevisionRow.number)
    ).all()
    out: list[RevisionSummary] = []
    previous: Plan | None = None
    for number, saved_at, author, note, content in rows:
        try:
            plan = plan_from_content(content)
        except UserError:
            changes: tuple[str, ...] = (UNREADABLE,)
            previous = None
        else:
            if previous is not None:
                changes = tuple(revision_changes(previous, plan))
            else:
                changes = (AFTER_UNREADABLE,) if out else (FIRST,)
            previous = plan
        out.append(RevisionSummary(number, saved_at, author, note, changes, restored_from(note)))
    return out
