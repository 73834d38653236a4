"""Ready to print: what a handout of a plan would print wrong, each problem named by its place.

Pure: a plan record, the cautions that apply to it, the library, the clinic's details and
today's date in; a list of problems out.  ``careplan check`` prints the list, ``careplan
handout`` refuses to print while it is not empty (unless asked for a draft) and the desktop
shows it above the preview.  Characters no font can print are found by the export layer
(it knows the fonts) and joined to this list in ``careplan.services.handouts``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from careplan.core.enums import CervicalForm, Kind
from careplan.core.library import Library
from careplan.core.model import AppliedCaution, ClinicDetails, Goal, Intervention, PlanRecord

#: Text left to be filled in: a run of underscores (the library's goals: "___ seconds", "___ out of
#: 10"), "TBC"/"TBD" or "??".  Not an ellipsis: "count one, two, three..." is ordinary wording.
BLANK = re.compile(r"_{2,}|\?\?|\bTB[CD]\b")

#: Item kinds whose whole content is their instructions (an exercise or advice with none prints as a bare title).
_NEEDS_INSTRUCTIONS = frozenset({Kind.EXERCISE, Kind.ADVICE, Kind.EDUCATION})


@dataclass(frozen=True)
class Problem:
    """One thing a handout would print wrong.  ``place`` names where to fix it for a person ("Goal 2",
    "Item 3 (Chin tucks)", "Review date"); ``kind`` with ``index`` and ``field`` say the same for a
    program (the desktop's links go there)."""

    place: str
    message: str
    item_index: int | None = None
    goal_index: int | None = None
    #: "plan" (the plan's own fields), "therapist" (contact details) or "" (items and goals).
    page: str = ""
    #: The model field to correct ("review_date", "instructions", "target_date"), or "" when the
    #: problem is the item or goal as a whole.
    field: str = ""

    @property
    def kind(self) -> str:
        """Where the problem is: "item", "goal", "plan", "therapist", or "" (not one place: a
        character no font can print is named by ``place`` only)."""
        if self.item_index is not None:
            return "item"
        if self.goal_index is not None:
            return "goal"
        return self.page

    @property
    def index(self) -> int | None:
        """The item's or goal's position in the plan (0-based), for the "item" and "goal" kinds."""
        return self.item_index if self.item_index is not None else self.goal_index

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


def readiness_problems(
    record: PlanRecord,
    cautions: Sequence[AppliedCaution],
    library: Library,
    clinic: ClinicDetails,
    today: dt.date,
) -> list[Problem]:
    """Every problem, in the order a therapist meets the fields: plan, goals, items, contact."""
    return [
        *_plan_problems(record, today),
        *_goal_problems(record, today),
        *_item_problems(record, cautions, library),
        *_contact_problems(record, clinic),
    ]


def _item_place(index: int, item: Intervention) -> str:
    return f"Item {index + 1} ({item.title.strip() or 'no title'})"


def _blank(text: str | None) -> str | None:
    """The blank left in ``text`` ("___"), or None when it is filled in."""
    found = BLANK.search(text or "")
    return found.group(0) if found else None


def _plan_problems(record: PlanRecord, today: dt.date) -> Iterator[Problem]:
    plan = record.plan
    for label, field, text in (("Plan title", "title", plan.title), ("Plan summary", "summary", plan.summary)):
        blank = _blank(text)
        if blank:
            yield Problem(label, f'has a blank to fill in ("{blank}")', page="plan", field=field)
    if plan.review_date is not None and plan.review_date < today:
        yield Problem(
            "Review date",
            f"{plan.review_date:%d %B %Y} has passed: the handout would say the plan will be looked at again then",
            page="plan",
            field="review_date",
        )


def _goal_problems(record: PlanRecord, today: dt.date) -> Iterator[Problem]:
    review = record.plan.review_date
    for index, goal in enumerate(record.plan.goals):
        place = f"Goal {index + 1}"
        blank = _blank(goal.text)
        if blank:
            yield Problem(place, f'has a blank to fill in ("{blank}"): {_short(goal)}', goal_index=index, field="text")
        if goal.target_date is not None and review is not None and goal.target_date > review:
            yield Problem(
                place,
                f"its target date ({goal.target_date:%d %B %Y}) is after the review date ({review:%d %B %Y})",
                goal_index=index,
                field="target_date",
            )


def _short(goal: Goal) -> str:
    text = " ".join(goal.text.split())
    return text if len(text) <= 60 else text[:59] + "…"


def _item_problems(record: PlanRecord, cautions: Sequence[AppliedCaution], library: Library) -> Iterator[Problem]:
    plan = record.plan
    for index, item in enumerate(plan.interventions):
        place = _item_place(index, item)
        for field in ("title", "instructions", "school_instructions", "wear_schedule"):
            blank = _blank(getattr(item, field))
            if blank:
                label = field.replace("_", " ") + (" have" if field.endswith("instructions") else " has")
                yield Problem(place, f'the {label} a blank to fill in ("{blank}")', item_index=index, field=field)
        if item.kind in _NEEDS_INSTRUCTIONS and not (item.instructions or "").strip():
            yield Problem(
                place, "has no instructions: it would print as a bare title", item_index=index, field="instructions"
            )
        if item.school_days is not None and item.school_days > item.days_a_week:
            yield Problem(
                place,
                f"the school is to do it on {item.school_days} days a week, but it is done on only {item.days_a_week}",
                item_index=index,
                field="school_days",
            )
        entry = library.intervention(item.catalog_code) if item.catalog_code else None
        if (
            entry is not None
            and plan.cervical_form is CervicalForm.UNSTABLE
            and entry.forms
            and CervicalForm.UNSTABLE not in entry.forms
        ):
            yield Problem(
                place,
                "is meant for stable neck dystonia only; this plan records the unstable form",
                item_index=index,
            )
    for caution in cautions:
        if caution.item_index is not None and caution.family_text is None:
            item = plan.interventions[caution.item_index]
            yield Problem(
                _item_place(caution.item_index, item),
                "a caution applies to it but has no wording for the family or school: "
                + " ".join(caution.text.split())[:80],
                item_index=caution.item_index,
            )


def _contact_problems(record: PlanRecord, clinic: ClinicDetails) -> Iterator[Problem]:
    therapist = record.plan.therapist
    if not any(((therapist.phone or "").strip(), (therapist.email or "").strip(), (clinic.phone or "").strip())):
        yield Problem(
            "Therapist",
            "no phone number or email for the therapist and no clinic phone: "
            'the handout would say "call your therapist" with no number',
            page="therapist",
            field="phone",
        )
