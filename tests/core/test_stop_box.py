"""The stop box follows the plan: splint, equipment and injection lines only where they apply."""

from __future__ import annotations

import re

import pytest

from careplan.catalog import load_library
from careplan.core.action_plan import ACTION_PLAN_CODE
from careplan.core.cautions import SKIN_MARK_MINUTES
from careplan.core.enums import Audience, Category, Kind
from careplan.core.model import Intervention, Plan
from careplan.core.stop_box import (
    ACTION_PLAN,
    EQUIPMENT,
    GENERAL,
    SPLINT,
    TOXIN_CODE_PREFIX,
    TOXIN_LIMB,
    TOXIN_NECK,
    TOXIN_REFERRAL_CODE,
    StopBox,
    has_toxin,
    stop_box,
)

HOME_SCHOOL = frozenset({Audience.FAMILY, Audience.SCHOOL})


def item(kind: Kind, title: str = "An item", code: str | None = None, audiences=HOME_SCHOOL) -> Intervention:
    return Intervention(kind=kind, title=title, instructions="Do it.", audiences=audiences, catalog_code=code)


EXERCISE = item(Kind.EXERCISE, "Chin tuck")
SPLINT_ITEM = item(Kind.ORTHOSIS, "Resting hand splint")
FRAME = item(Kind.EQUIPMENT, "Standing frame")
NECK_REPORT = item(Kind.EDUCATION, "What to report after neck injections", "toxin.report_after_neck_injection")
ACTION = item(Kind.ADVICE, "Dystonia action plan", ACTION_PLAN_CODE)


def plan(*items: Intervention, category: Category = Category.DYSTONIC_CP, **kw: object) -> Plan:
    return Plan(title="Plan", category=category, interventions=items, **kw)  # type: ignore[arg-type]


def box(p: Plan, audience: Audience = Audience.FAMILY, where: str | None = None) -> StopBox:
    return stop_box(p, audience, name="Amira", emergency_number="112", action_plan_where=where)


def said(b: StopBox) -> str:
    return " ".join([b.emergency, b.heading, *b.lines])


@pytest.mark.parametrize("audience", [Audience.FAMILY, Audience.SCHOOL, Audience.CLINICIAN])
def test_general_lines_always_and_emergency_number_first(audience: Audience) -> None:
    b = box(plan(), audience)
    assert b.groups == (GENERAL,)
    assert b.emergency.startswith("In an emergency, call 112 first")
    assert "trouble breathing or swallowing" in b.emergency and "spasms that will not stop" in b.emergency
    assert any("spasms" in line for line in b.lines) and any("pain" in line for line in b.lines)
    assert b.lines[-1].endswith(".") and all(line.endswith(";") for line in b.lines[:-1])


def test_no_orthosis_no_splint_or_skin_lines() -> None:
    text = said(box(plan(EXERCISE, FRAME)))
    assert "splint" not in text.lower()
    assert SPLINT not in box(plan(EXERCISE, FRAME)).groups


@pytest.mark.parametrize("audience", [Audience.FAMILY, Audience.SCHOOL])
def test_an_orthosis_brings_splint_and_skin_lines_with_the_one_minutes_value(audience: Audience) -> None:
    b = box(plan(SPLINT_ITEM), audience)
    assert SPLINT in b.groups
    text = said(b)
    assert "splint" in text and "blisters" in text
    assert {int(n) for n in re.findall(r"(\d+) minutes", text)} == {SKIN_MARK_MINUTES}


def test_a_splint_the_school_does_not_see_gives_the_school_no_splint_lines() -> None:
    home_only = item(Kind.ORTHOSIS, "Night splint", audiences=frozenset({Audience.FAMILY}))
    assert SPLINT in box(plan(home_only), Audience.FAMILY).groups
    assert SPLINT not in box(plan(home_only), Audience.SCHOOL).groups
    # The clinician is shown the family's lines, told about the family.
    clinician, family = box(plan(home_only), Audience.CLINICIAN), box(plan(home_only), Audience.FAMILY)
    assert clinician.lines == family.lines and clinician.groups == family.groups
    assert "your therapist" not in said(clinician).lower() and "Amira's therapist" in clinician.emergency


def test_equipment_lines_only_with_equipment() -> None:
    assert EQUIPMENT not in box(plan(EXERCISE, SPLINT_ITEM)).groups
    assert "wheelchair" not in said(box(plan(EXERCISE, SPLINT_ITEM)))
    with_frame = box(plan(FRAME))
    assert EQUIPMENT in with_frame.groups
    assert "standing frame" in said(with_frame) and "broken" in said(with_frame)
    assert {int(n) for n in re.findall(r"(\d+) minutes", said(with_frame))} <= {SKIN_MARK_MINUTES}


def test_toxin_lines_only_with_toxin() -> None:
    without = box(plan(EXERCISE, SPLINT_ITEM, FRAME, category=Category.CERVICAL))
    assert not {TOXIN_NECK, TOXIN_LIMB} & set(without.groups)
    assert "injection" not in said(without)
    neck = box(plan(EXERCISE, NECK_REPORT, category=Category.CERVICAL))
    assert TOXIN_NECK in neck.groups and TOXIN_LIMB not in neck.groups
    text = said(neck)
    for sign in ("swallowing", "weak neck", "voice"):
        assert sign in text
    assert "Rodrigues et al. 2020" in neck.sources


def test_limb_injections_get_the_limb_lines() -> None:
    cycle = item(Kind.EDUCATION, "Your exercises through the injection cycle", "toxin.cycle_overview")
    b = box(plan(cycle, category=Category.DYSTONIC_CP, regions=("left_leg",)))
    assert TOXIN_LIMB in b.groups and TOXIN_NECK not in b.groups
    # Where the plan says neither, both are printed (the safe side).
    unsaid = box(plan(cycle, category=Category.DYSTONIC_CP))
    assert {TOXIN_NECK, TOXIN_LIMB} <= set(unsaid.groups)


def test_the_toxin_rule() -> None:
    assert has_toxin(plan(item(Kind.REFERRAL, "Toxin clinic", TOXIN_REFERRAL_CODE)))
    assert has_toxin(plan(NECK_REPORT))
    # A mention of injections "if you have them" is not toxin in the plan.
    maybe = item(Kind.EDUCATION, "Injections and your exercises", "education.injections_and_exercise")
    assert not has_toxin(plan(maybe))


def test_the_rule_matches_the_library() -> None:
    """Every toxin entry belongs to the injection cycle.  (Other entries may carry ``toxin_phases``
    too: they say when an exercise suits the cycle, not that the person has injections.)"""
    library = load_library()
    toxin = [e for e in library.interventions if e.code.startswith(TOXIN_CODE_PREFIX)]
    assert toxin
    for entry in toxin:
        assert entry.toxin_phases, entry.code
    assert library.intervention(TOXIN_REFERRAL_CODE) is not None


def test_action_plan_pointer_replaces_the_spasm_line() -> None:
    p = plan(ACTION, EXERCISE)
    pointed = box(p, where="on the last page")
    assert ACTION_PLAN in pointed.groups
    pointer = next(line for line in pointed.lines if "action plan" in line)
    assert "on the last page" in pointer and "green, amber and red" in pointer
    assert not any("do not settle with rest" in line for line in pointed.lines)
    # Not printed on this handout (no page): the usual spasm line, no pointer.
    plain = box(p, where=None)
    assert ACTION_PLAN not in plain.groups and any("do not settle with rest" in line for line in plain.lines)
    # No action plan item: no pointer, wherever the caller thinks the page is.
    assert ACTION_PLAN not in box(plan(EXERCISE), where="on page 4").groups


def test_children_who_do_not_walk_get_the_swollen_limb_line() -> None:
    assert "swollen" in said(box(plan(FRAME, gmfcs_level=5)))
    assert "swollen" not in said(box(plan(FRAME, gmfcs_level=2)))


def test_school_is_told_whom_to_tell_and_never_your_therapist() -> None:
    b = box(
        plan(EXERCISE, SPLINT_ITEM, FRAME, NECK_REPORT, ACTION, category=Category.CERVICAL),
        Audience.SCHOOL,
        "on page 3",
    )
    text = said(b)
    assert "your therapist" not in text.lower()
    assert "first-aid" in b.emergency and b.emergency.index("112") < b.emergency.index("first-aid")
    assert "not sure how to do" not in text  # the home-only line


def test_every_source_is_cited_in_the_library() -> None:
    shorts = {s.short for s in load_library().sources}
    everything = plan(EXERCISE, SPLINT_ITEM, FRAME, NECK_REPORT, ACTION, gmfcs_level=4)
    for audience in (Audience.FAMILY, Audience.SCHOOL):
        b = box(everything, audience, "on the last page")
        assert b.sources and set(b.sources) <= shorts, set(b.sources) - shorts


def test_work_wording_for_an_employer_or_carer() -> None:
    at_work = frozenset({Audience.WORK})
    splint, frame = item(Kind.ORTHOSIS, "Splint", audiences=at_work), item(Kind.EQUIPMENT, "Chair", audiences=at_work)
    b = stop_box(plan(splint, frame), Audience.WORK, name="Daniel", emergency_number="999", contact="Jo on 0161")
    assert b.heading == "Stop and get help if you notice:"
    assert b.emergency.startswith("In an emergency, call 999 first") and b.emergency.endswith("tell Daniel's family.")
    assert b.otherwise == "Otherwise, with Daniel's agreement, contact Jo on 0161."
    assert SPLINT in b.groups and EQUIPMENT in b.groups
    assert "your therapist" not in said(b).lower()
