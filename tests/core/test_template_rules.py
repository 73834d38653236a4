"""core.templates: applying a template, saving a plan as a template, copying a plan for another person."""

from __future__ import annotations

import dataclasses
import datetime as dt

from careplan.core.enums import Category, GoalDomain, Kind, Side
from careplan.core.library import Library, LibraryGoal, LibraryIntervention, Template
from careplan.core.model import (
    Carer,
    Contact,
    Dosage,
    Goal,
    Intervention,
    Patient,
    Photo,
    Plan,
    Programme,
    Therapist,
)
from careplan.core.templates import (
    apply_template,
    copy_for_another_patient,
    name_key,
    personal_details_in,
    template_additions,
    template_counts,
    template_from_plan,
)

TURN = LibraryIntervention(
    code="ex.turn",
    kind=Kind.EXERCISE,
    title="Turn away from the pull",
    instructions="Slowly turn your head {away_side}.",
    categories=frozenset({Category.CERVICAL}),
    source="test",
    dosage=Dosage(reps=5),
)
SHRUG = LibraryIntervention(
    code="ex.shrug",
    kind=Kind.EXERCISE,
    title="Shoulder shrug",
    instructions="Lift both shoulders.",
    categories=frozenset({Category.CERVICAL}),
    source="test",
)
MIDLINE = LibraryGoal(code="goal.midline", domain=GoalDomain.POSTURE, text="Hold the head in the middle for ___ s")
STARTER = Template(
    code="template.neck",
    category=Category.CERVICAL,
    title="Neck starter",
    approach="Gentle first.",
    interventions=("ex.turn", "ex.shrug", "ex.gone"),
    goals=("goal.midline",),
)
LIBRARY = Library(version="2026.11", interventions=(TURN, SHRUG), goals=(MIDLINE,), templates=(STARTER,))
AMIRA = Patient(
    "Amira", "Okafor", dt.date(2016, 3, 14), identifier="943 476 5919", carers=(Carer("Grace Okafor", "mother"),)
)


def test_a_starter_template_adds_what_the_plan_lacks_once() -> None:
    blank = Plan(title="", category=Category.CERVICAL, pull_side=Side.RIGHT)
    plan = apply_template(blank, LIBRARY, STARTER)
    # A code the library lacks is left out; directions are written for the pull to the right.
    assert [i.catalog_code for i in plan.interventions] == ["ex.turn", "ex.shrug"]
    assert plan.interventions[0].instructions == "Slowly turn your head to the left."
    assert [g.code for g in plan.goals] == ["goal.midline"]
    assert plan.title == "Neck starter" and plan.template == "template.neck" and plan.catalog_version == "2026.11"
    assert apply_template(plan, LIBRARY, STARTER) == plan
    assert template_counts(STARTER) == (3, 1)


def test_what_apply_would_add_is_counted_by_apply_itself() -> None:
    """Plan details offers Apply only when it would add something: a code the library lacks, or an item
    the plan has, is not counted; an own template's items written for a plan are."""
    blank = Plan(title="", category=Category.CERVICAL)
    assert template_additions(blank, LIBRARY, STARTER) == (2, 1)  # ex.gone is not in the library
    applied = apply_template(blank, LIBRARY, STARTER)
    assert template_additions(applied, LIBRARY, STARTER) == (0, 0)
    assert template_additions(applied.replace(goals=()), LIBRARY, STARTER) == (0, 1)
    own = template_from_plan(neck_plan(), LIBRARY, code="own.neck", title="Neck, gentle")
    written = sum(not i.catalog_code for i in own.items)
    assert written and template_additions(applied, LIBRARY, own) == (written, len(own.plan_goals) - 1)


def test_two_names_are_the_same_in_any_case_and_spacing() -> None:
    assert name_key("  Neck:   FIRST weeks ") == name_key("neck: first weeks") == "neck: first weeks"
    assert name_key("Neck!") != name_key("Neck") and name_key("   ") == ""


def test_a_titled_plan_keeps_its_title_and_its_first_template() -> None:
    plan = Plan(
        title="Mine", category=Category.CERVICAL, template="template.other", interventions=(SHRUG.to_intervention(),)
    )
    applied = apply_template(plan, LIBRARY, STARTER)
    assert applied.title == "Mine" and applied.template == "template.other"
    assert [i.catalog_code for i in applied.interventions] == ["ex.shrug", "ex.turn"]


def neck_plan() -> Plan:
    turn = TURN.to_intervention(Side.RIGHT)
    edited = dataclasses.replace(SHRUG.to_intervention(), instructions="Lift both shoulders, Amira, then drop them.")
    own = Intervention(kind=Kind.ADVICE, title="Screen breaks", instructions="Every 20 minutes")
    return Plan(
        title="Amira's neck plan",
        category=Category.CERVICAL,
        therapist=Therapist("Jo Patel"),
        start_date=dt.date(2026, 11, 20),
        review_date=dt.date(2027, 2, 12),
        summary="Amira practises after school.",
        goals=(Goal(GoalDomain.POSTURE, "Hold the head in the middle for 30 s", dt.date(2027, 1, 15), "goal.midline"),),
        interventions=(
            dataclasses.replace(
                turn,
                side=Side.BOTH,
                clinician_note="Watch her left shoulder",
                photo=Photo("image/png", b"\x89PNG"),
                school_days=2,
            ),
            edited,
            own,
        ),
        programme=Programme(visits="Weekly", adjustments=("Raise the screen",)),
        clinical_notes="Anxious about injections.",
        pull_side=Side.RIGHT,
        contacts=(Contact("Neurology team", "0161 496 0100"),),
    )


def test_a_template_from_a_plan_keeps_the_clinical_content_only() -> None:
    template = template_from_plan(neck_plan(), LIBRARY, code="own.neck", title="Neck, gentle", approach="Start here.")
    assert [i.title for i in template.items] == ["Turn away from the pull", "Shoulder shrug", "Screen breaks"]
    assert template.items[0].dosage == Dosage(reps=5)
    # Unchanged library wording keeps its placeholder, so the next plan fills in its own side.
    assert template.items[0].instructions == "Slowly turn your head {away_side}."
    for item in template.items:
        assert item.side is None and item.photo is None and item.clinician_note is None and item.school_days is None
    assert [g.target_date for g in template.plan_goals] == [None]
    assert template.programme == Programme(visits="Weekly", adjustments=("Raise the screen",))
    assert template.interventions == ("ex.turn", "ex.shrug") and template.goals == ("goal.midline",)
    assert template_counts(template) == (3, 1)
    # The reworded item still names the person: saving it as a template is refused, naming where.
    assert personal_details_in(template, AMIRA) == ["item 2 (Shoulder shrug) instructions mentions 'Amira'"]
    clean = dataclasses.replace(template, items=(template.items[0], template.items[2]))
    assert personal_details_in(clean, AMIRA) == []
    named = dataclasses.replace(clean, title="For Grace Okafor's daughter")
    assert personal_details_in(named, AMIRA) == [
        "the title mentions 'Grace Okafor'",
        "the title mentions 'Okafor'",
    ]


def test_an_own_template_fills_the_next_plans_side() -> None:
    template = template_from_plan(neck_plan(), LIBRARY, code="own.neck", title="Neck, gentle")
    left = apply_template(Plan(title="", category=Category.CERVICAL, pull_side=Side.LEFT), LIBRARY, template)
    assert left.interventions[0].instructions == "Slowly turn your head to the right."
    unknown = apply_template(Plan(title="", category=Category.CERVICAL), LIBRARY, template)
    assert unknown.interventions[0].instructions == "Slowly turn your head away from the side it pulls to."
    assert unknown.title == "Neck, gentle" and unknown.template == "own.neck"
    assert unknown.programme == Programme(visits="Weekly", adjustments=("Raise the screen",))
    assert unknown.start_date is None and unknown.clinical_notes is None and unknown.summary is None
    # The programme fills only what the plan leaves empty.
    mine = Plan(title="x", category=Category.CERVICAL, programme=Programme(visits="Fortnightly", adjustments=("A",)))
    merged = apply_template(mine, LIBRARY, template).programme
    assert merged == Programme(visits="Fortnightly", adjustments=("A", "Raise the screen"))


def test_a_copy_for_another_person_moves_the_dates_and_leaves_the_person() -> None:
    plan = neck_plan()
    today = dt.date(2027, 3, 1)
    copy = copy_for_another_patient(plan, today, Therapist("Sam Lee"))
    assert copy.start_date == today and copy.review_date == today + dt.timedelta(days=84)
    assert copy.goals[0].target_date == today + dt.timedelta(days=56)
    assert copy.therapist == Therapist("Sam Lee")
    assert copy.summary is None and copy.clinical_notes is None and copy.contacts == ()
    assert all(i.photo is None and i.clinician_note is None and i.school_days is None for i in copy.interventions)
    assert [i.title for i in copy.interventions] == [i.title for i in plan.interventions]
    assert copy.programme == plan.programme and copy.pull_side is Side.RIGHT
    undated = copy_for_another_patient(plan.replace(start_date=None, review_date=None), today, Therapist())
    assert undated.review_date is None and undated.goals[0].target_date is None
