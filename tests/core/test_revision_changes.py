"""``core.history``: what changed between two revisions, the change note rule, restores."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from careplan.core.enums import Category, GoalDomain, Kind
from careplan.core.history import (
    ITEM_FIELDS,
    NOTE_MAX,
    OTHER_PLAN_FIELDS,
    PROGRAMME_FIELDS,
    check_note,
    restore_note,
    restored_from,
    revision_changes,
)
from careplan.core.model import Dosage, Goal, Intervention, Plan, Programme

CHIN_TUCK = Intervention(Kind.EXERCISE, "Chin tuck", "Tuck the chin.", dosage=Dosage(reps=10))
SHRUG = Intervention(Kind.EXERCISE, "Shoulder shrug", "Lift both shoulders.")
WALK = Goal(GoalDomain.MOBILITY, "Walk to the shop without a rest", dt.date(2027, 3, 1))
PAIN = Goal(GoalDomain.PAIN, "Neck pain no more than 3 out of 10", dt.date(2027, 3, 1))
BEFORE = Plan(
    "Neck posture",
    Category.CERVICAL,
    start_date=dt.date(2026, 11, 1),
    review_date=dt.date(2027, 2, 1),
    goals=(WALK, PAIN),
    interventions=(CHIN_TUCK, SHRUG),
    programme=Programme(visits="Weekly"),
)


def test_the_same_plan_changed_nothing() -> None:
    assert revision_changes(BEFORE, dataclasses.replace(BEFORE)) == []


def test_item_added_and_removed_by_title() -> None:
    stretch = Intervention(Kind.EXERCISE, "Side stretch", "Lean away.")
    after = BEFORE.replace(interventions=(CHIN_TUCK, stretch))
    assert revision_changes(BEFORE, after) == ["Item added: “Side stretch”", "Item removed: “Shoulder shrug”"]


def test_an_item_kept_but_edited_names_what_changed() -> None:
    edited = dataclasses.replace(CHIN_TUCK, dosage=Dosage(reps=15), clinician_note="Watch the jaw")
    after = BEFORE.replace(interventions=(edited, SHRUG))
    assert revision_changes(BEFORE, after) == ["Item changed: “Chin tuck” (dosage, clinician note)"]


def test_an_item_twice_then_once_is_one_removed() -> None:
    twice = BEFORE.replace(interventions=(CHIN_TUCK, CHIN_TUCK, SHRUG))
    assert revision_changes(twice, BEFORE) == ["Item removed: “Chin tuck”"]


def test_goal_target_date_moved_is_a_goal_changed() -> None:
    moved = dataclasses.replace(WALK, target_date=dt.date(2027, 6, 1))
    after = BEFORE.replace(goals=(moved, PAIN))
    assert revision_changes(BEFORE, after) == [
        "Goal changed: “Walk to the shop without a rest” (target date 1 March 2027 → 1 June 2027)"
    ]


def test_goal_reworded_a_little_is_changed_and_a_new_one_added() -> None:
    reworded = dataclasses.replace(WALK, text="Walk to the shop and back without a rest")
    sleep = Goal(GoalDomain.SELF_MANAGEMENT, "Settle to sleep within half an hour")
    after = BEFORE.replace(goals=(reworded, PAIN, sleep))
    assert revision_changes(BEFORE, after) == [
        "Goal changed: “Walk to the shop and back without a rest” (was “Walk to the shop without a rest”)",
        "Goal added: “Settle to sleep within half an hour”",
    ]


def test_goal_removed() -> None:
    assert revision_changes(BEFORE, BEFORE.replace(goals=(PAIN,))) == [
        "Goal removed: “Walk to the shop without a rest”"
    ]


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        (dt.date(2027, 2, 1), dt.date(2027, 5, 3), "Review date moved from 1 February 2027 to 3 May 2027"),
        (None, dt.date(2027, 5, 3), "Review date set to 3 May 2027"),
        (dt.date(2027, 2, 1), None, "Review date removed (was 1 February 2027)"),
    ],
)
def test_review_date(old: dt.date | None, new: dt.date | None, line: str) -> None:
    assert revision_changes(BEFORE.replace(review_date=old), BEFORE.replace(review_date=new)) == [line]


def test_programme_and_plan_fields() -> None:
    after = BEFORE.replace(
        title="Neck posture and pain",
        programme=Programme(visits="Fortnightly", adjustments=("Raise the screen",)),
        clinical_notes="Botulinum toxin on 3 March",
        gmfcs_level=None,
        regions=("neck",),
    )
    assert revision_changes(BEFORE, after) == [
        "Title changed to “Neck posture and pain”",
        "Programme changed: visits, adjustments",
        "Clinical notes changed",
        "Also changed: body regions",
    ]


def test_every_field_of_a_plan_is_reported_somewhere() -> None:
    """A field added to the plan model later must not change a plan without a line in its history."""
    own_lines = {"title", "category", "start_date", "review_date", "therapist", "summary"}
    own_lines |= {"goals", "interventions", "programme", "clinical_notes"}
    plan_fields = {f.name for f in dataclasses.fields(Plan)}
    assert plan_fields == own_lines | set(OTHER_PLAN_FIELDS)
    assert set(ITEM_FIELDS) == {f.name for f in dataclasses.fields(Intervention)} - {"title"}
    assert set(PROGRAMME_FIELDS) == {f.name for f in dataclasses.fields(Programme)}


def test_change_note_rule() -> None:
    assert check_note("  Moved the review after the injection  ") == "Moved the review after the injection"
    assert check_note("   ") is None and check_note(None) is None
    assert check_note("x" * NOTE_MAX) == "x" * NOTE_MAX
    with pytest.raises(ValueError, match=f"201 characters long; at most {NOTE_MAX} fit"):
        check_note("x" * (NOTE_MAX + 1))
    with pytest.raises(ValueError, match="control character, U\\+001B \\(ESC\\)"):
        check_note("moved \x1b[2J review")
    with pytest.raises(ValueError, match="one line of text"):
        check_note("two\nlines")


def test_restore_note_is_read_back() -> None:
    assert restored_from(restore_note(7)) == 7
    assert restored_from("Restored after the review") is None
    assert restored_from(None) is None
