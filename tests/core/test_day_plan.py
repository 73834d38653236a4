"""The person's day (careplan.core.day_plan): which position an item puts the person in, the rows of
the 24-hour positioning chart, and who does a shared item.  (The printed timetable and chart:
tests/export/test_school_day.py.)"""

from __future__ import annotations

import pytest

from careplan.core.day_plan import (
    Position,
    does_at_home,
    does_at_school,
    has_positioning_equipment,
    position_of,
    positioned_items,
    who_short,
    who_words,
)
from careplan.core.enums import Audience, Category, Kind
from careplan.core.model import Dosage, Intervention, Plan

HOME, SCHOOL, CLINICIAN = frozenset({Audience.FAMILY}), frozenset({Audience.SCHOOL}), frozenset({Audience.CLINICIAN})
BOTH = HOME | SCHOOL


def item(title: str, kind: Kind = Kind.EQUIPMENT, code: str | None = None, **fields: object) -> Intervention:
    fields.setdefault("audiences", BOTH)
    return Intervention(kind, title, catalog_code=code, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("given", "position"),
    [
        (item("Anything", code="equipment.prone_stander"), Position.STANDING),  # by library code first
        (item("Lying at night", Kind.ADVICE, code="home.lying_at_night"), Position.SLEEPING),
        (item("Standing frame", code="own.frame"), Position.STANDING),  # own entry: by its title
        (item("Sleep system, lying on the side"), Position.SLEEPING),  # sleep is checked before lying
        (item("  Side-Lyer  for play"), Position.LYING),
        (item("Wheelchair (manual)"), Position.SITTING),
        (item("Sit to stand", Kind.EXERCISE), None),  # an exercise is not time spent standing
        (item("A seat in assembly", Kind.ADVICE), None),  # advice is placed by its code only
        (item("Standing frame", code="equipment.walking_frame"), None),  # a library entry not listed
        (item("Communication aid"), None),
    ],
    ids=lambda value: value.title if isinstance(value, Intervention) else str(value),
)
def test_the_position_an_item_puts_the_person_in(given: Intervention, position: Position | None) -> None:
    assert position_of(given) is position


def test_the_chart_lists_positions_in_order_with_one_row_per_position_and_equipment() -> None:
    plan = Plan(
        "Postural management",
        Category.GENERALISED,
        interventions=(
            item("Sleep system"),  # 0
            item("Using the sleep system safely", Kind.ADVICE, code="child.sleep_system_safety"),  # 1: the same row
            item("Classroom chair", audiences=SCHOOL),  # 2
            item("Side lying play", Kind.ADVICE, code="child.side_lying_play"),  # 3: no lying equipment, so a row
            item("Prone stander"),  # 4
            item("Seating review", audiences=CLINICIAN),  # 5: clinician only, never on the chart
            item("Tilt-in-space chair", audiences=HOME),  # 6
        ),
    )
    rows = [(p.position, p.index) for p in positioned_items(plan)]
    assert rows == [
        (Position.STANDING, 4),
        (Position.SITTING, 2),
        (Position.SITTING, 6),
        (Position.LYING, 3),
        (Position.SLEEPING, 0),
    ]
    assert has_positioning_equipment(plan)


def test_advice_alone_makes_rows_but_no_chart() -> None:
    plan = Plan(
        "Advice", Category.GENERALISED, interventions=(item("Side lying", Kind.ADVICE, "child.side_lying_play"),)
    )
    assert [p.position for p in positioned_items(plan)] == [Position.LYING]
    assert not has_positioning_equipment(plan)
    assert not has_positioning_equipment(Plan("Empty", Category.GENERALISED))


@pytest.mark.parametrize(
    ("school_days", "per_week", "words", "short", "at_school", "at_home"),
    [
        (None, None, "Home and school: agree who does this on which days, so it is done every day, not twice.",
         "Home and school: agree days", True, True),
        (None, 5, "Home and school: agree who does this on which days, so it is done 5 days a week, not twice.",
         "Home and school: agree days", True, True),
        (3, None, "School on 3 days a week; home on the other 4 days.", "School 3 days, home 4 days", True, True),
        (1, 2, "School on one day a week; home on the other one day.", "School one day, home one day", True, True),
        (0, None, "Home does this (7 days a week); not at school.", "Home", False, True),
        (5, 5, "School does this (5 days a week); not at home.", "School (5 days a week)", True, False),
    ],
)  # fmt: skip
def test_who_does_a_shared_item(
    school_days: int | None, per_week: int | None, words: str, short: str, at_school: bool, at_home: bool
) -> None:
    dosage = Dosage(reps=10, days_per_week=per_week) if per_week else None
    shared = item("Standing", Kind.EXERCISE, school_days=school_days, dosage=dosage)
    assert (who_words(shared), who_short(shared)) == (words, short)
    assert (does_at_school(shared), does_at_home(shared)) == (at_school, at_home)


def test_an_item_for_one_reader_is_done_by_that_reader() -> None:
    home_only, school_only = item("Stretch", Kind.EXERCISE, audiences=HOME), item("Seat", audiences=SCHOOL)
    assert (who_short(home_only), who_short(school_only)) == ("Home", "School")
    assert (does_at_home(home_only), does_at_school(home_only)) == (True, False)
    assert (does_at_home(school_only), does_at_school(school_only)) == (False, True)


def test_more_school_days_than_a_school_week_are_refused_naming_the_field() -> None:
    with pytest.raises(ValueError, match=r"^school_days: must be between 0 and 5 \(got 8\)$"):
        item("Standing", Kind.EXERCISE, school_days=8)
