"""Which cautions apply to a plan (careplan.core.cautions), on a small library built here."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pytest

from careplan.core import cautions as rules
from careplan.core.action_plan import ACTION_PLAN_CODE
from careplan.core.cautions import (
    ACTION_PLAN_MISSING_TEXT,
    FORM_UNKNOWN_NOTE,
    GMFCS_MISSING_TEXT,
    HIP_SURVEILLANCE_CODE,
    NECK_PATTERN_MISSING_TEXT,
    PATTERN_UNKNOWN_NOTE,
    SIDE_MISSING_TEXT,
    SKIN_CHECKS_MISSING_FAMILY,
    SKIN_CHECKS_MISSING_TEXT,
    WHOLE_PLAN,
    cautions_for,
    has_hip_surveillance,
    hip_surveillance_text,
)
from careplan.core.enums import Category, CervicalForm, Kind, Pattern, Side, SourceType
from careplan.core.library import Caution, Library, LibraryIntervention, Source
from careplan.core.model import AppliedCaution, Dosage, Intervention, Plan

HIP_SURVEILLANCE_TEXT = hip_surveillance_text(4)
ALL = frozenset(Category)
CERVICAL = frozenset({Category.CERVICAL})

STRETCH = "Stretching can make the pull worse for a while in some people."
NECK_WEIGHTS = "Leave out heavy weights for the arms and shoulders."
ARM_SWING = "Swinging the arms can make the head shake more in some people."
HAND_PRACTICE = "Keep practice of the task that brings on the cramp short."
TIGHT = "A splint that is too tight can hurt the skin."


def _text(rule_name: str) -> str:
    return next(r.text for r in rules.KEYWORD_RULES if r.name == rule_name)


WEIGHTS_RULE = _text("heavy_weights")
SPORTS_RULE = _text("twisting_sports")
SWING_RULE = _text("arm_swing_dance_ball")
LONG_TASK_RULE = _text("long_task_practice")
STRETCH_RULE = _text("stretch_massage")
STATIC_RULE = _text("long_static_posture")
TIGHT_RULE = _text("tight_orthosis")


def _entry(
    code: str, kind: Kind, title: str, instructions: str, *cautions: Caution, **extra: object
) -> LibraryIntervention:
    return LibraryIntervention(
        code=code,
        kind=kind,
        title=title,
        instructions=instructions,
        categories=ALL,
        source="Test 2020",
        sources=(TEST_SOURCE,),
        cautions=cautions,
        **extra,  # type: ignore[arg-type]
    )


TEST_SOURCE = Source(
    key="test2020",
    type=SourceType.JOURNAL,
    authors="Test A",
    year=2020,
    title="A test",
    published_in="Test Journal",
)

LIBRARY = Library(
    version="test",
    interventions=(
        _entry("neck.hold", Kind.EXERCISE, "Mirror hold", "Hold your head in the middle.", dosage=Dosage(reps=10)),
        _entry(
            "neck.lengthen",
            Kind.EXERCISE,
            "Gentle lengthening",
            "Tilt your head away from the tight side. Do not stretch too far.",
            Caution(STRETCH),
        ),
        _entry(
            "general.strength",
            Kind.EXERCISE,
            "Light strength work",
            "Use a light band.",
            Caution(NECK_WEIGHTS, categories=frozenset({Category.CERVICAL, Category.SEGMENTAL})),
        ),
        _entry(
            "neck.arm_swing",
            Kind.EXERCISE,
            "Walking with an arm swing",
            "Let your arms swing in turn as you walk.",
            Caution(ARM_SWING, categories=CERVICAL, cervical_forms=frozenset({CervicalForm.UNSTABLE})),
        ),
        _entry(
            "hand.instrument",
            Kind.EXERCISE,
            "Slow practice on your instrument",
            "Play a short piece slowly.",
            Caution(HAND_PRACTICE, categories=frozenset({Category.HAND})),
            dosage=Dosage(minutes=10),
        ),
        _entry(
            "orthosis.afo",
            Kind.ORTHOSIS,
            "Ankle-foot splints",
            "Push the heel right down.",
            Caution(TIGHT),
            Caution(TIGHT),
            wear_schedule="For standing.",
            skin_checks="Look for red marks.",
        ),
        _entry(
            HIP_SURVEILLANCE_CODE,
            Kind.REFERRAL,
            "Hip surveillance",
            "We are asking for hip X-rays.",
            referral_to="Orthopaedics",
            referral_reason="Hip surveillance",
        ),
        _entry("education.pacing", Kind.EDUCATION, "Pacing", "Rest before you are worn out."),
    ),
)


def from_library(code: str, **changes: object) -> Intervention:
    entry = LIBRARY.intervention(code)
    assert entry is not None
    return dataclasses.replace(entry.to_intervention(), **changes)  # type: ignore[arg-type]


HIP = from_library(HIP_SURVEILLANCE_CODE)
ACTION = Intervention(kind=Kind.ADVICE, title="Dystonia action plan", catalog_code=ACTION_PLAN_CODE)


def own(title: str, instructions: str | None = None, kind: Kind = Kind.EXERCISE, **extra: object) -> Intervention:
    return Intervention(kind=kind, title=title, instructions=instructions, **extra)  # type: ignore[arg-type]


def plan(category: Category, *items: Intervention, **extra: object) -> Plan:
    """A plan of ``items``; a neck plan records a pattern and side unless the test says otherwise."""
    if category is Category.CERVICAL:
        extra.setdefault("patterns", (Pattern.TORTICOLLIS,))
        extra.setdefault("pull_side", Side.RIGHT)
    return Plan(title="Test plan", category=category, interventions=items, **extra)  # type: ignore[arg-type]


def texts(found: tuple[AppliedCaution, ...]) -> list[str]:
    return [c.text for c in found]


# --- one case per category ------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryCase:
    items: tuple[Intervention, ...]
    expected: tuple[str, ...]
    regions: tuple[str, ...] = ()
    gmfcs_level: int | None = None
    cervical_form: CervicalForm | None = None


MIXED = (
    from_library("neck.hold"),
    from_library("neck.lengthen"),
    from_library("general.strength"),
    own("Bench press", "Lift dumbbells three times a week."),
    own("Golf lessons"),
    own("Piano practice", "Play for an hour without a break."),
)

CATEGORY_CASES: dict[Category, CategoryCase] = {
    Category.CERVICAL: CategoryCase(
        MIXED,
        (STRETCH, NECK_WEIGHTS, WEIGHTS_RULE, SPORTS_RULE),
        cervical_form=CervicalForm.STABLE,
    ),
    Category.HAND: CategoryCase(
        (*MIXED, from_library("hand.instrument")),
        (STRETCH, LONG_TASK_RULE, HAND_PRACTICE),
    ),
    Category.FOCAL_OTHER: CategoryCase(
        (*MIXED, own("Calf stretch", "Hold for 30 seconds.")),
        (STRETCH, STRETCH_RULE),
    ),
    # Neck and arm: the neck rules apply because the plan's regions include the neck.
    Category.SEGMENTAL: CategoryCase(
        MIXED,
        (STRETCH, NECK_WEIGHTS, WEIGHTS_RULE, SPORTS_RULE),
        regions=("neck", "left_arm"),
    ),
    Category.MULTIFOCAL: CategoryCase(
        (*MIXED, own("Desk work", "You can sit at the computer for hours.")),
        (STRETCH, STATIC_RULE),
        regions=("left_arm", "right_leg"),
    ),
    Category.HEMIDYSTONIA: CategoryCase(
        (
            from_library("orthosis.afo"),
            own("Night splint", kind=Kind.ORTHOSIS, wear_schedule="Tighten the straps as tight as possible."),
        ),
        (TIGHT, TIGHT_RULE, SKIN_CHECKS_MISSING_TEXT),
        regions=("left_arm", "left_leg"),
    ),
    Category.GENERALISED: CategoryCase(
        (from_library("education.pacing"), from_library("neck.arm_swing")),
        (HIP_SURVEILLANCE_TEXT, ACTION_PLAN_MISSING_TEXT),
        gmfcs_level=4,
    ),
    Category.DYSTONIC_CP: CategoryCase(
        (from_library("orthosis.afo"), own("Dance club", "Join the school dance club.")),
        (hip_surveillance_text(None), GMFCS_MISSING_TEXT, ACTION_PLAN_MISSING_TEXT, TIGHT),
    ),
}


@pytest.mark.parametrize("category", list(Category), ids=str)
def test_cautions_for_each_category(category: Category) -> None:
    case = CATEGORY_CASES[category]
    found = cautions_for(
        plan(
            category,
            *case.items,
            regions=case.regions,
            gmfcs_level=case.gmfcs_level,
            cervical_form=case.cervical_form,
        ),
        LIBRARY,
    )
    assert texts(found) == list(case.expected)


# --- stable and unstable neck dystonia ------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        (CervicalForm.STABLE, []),
        (CervicalForm.UNSTABLE, [ARM_SWING, SWING_RULE]),
        (None, [f"{ARM_SWING} {FORM_UNKNOWN_NOTE}", f"{SWING_RULE} {FORM_UNKNOWN_NOTE}"]),
    ],
    ids=["stable", "unstable", "not recorded"],
)
def test_arm_swinging_dance_and_ball_games_depend_on_the_form(form: CervicalForm | None, expected: list[str]) -> None:
    p = plan(
        Category.CERVICAL,
        from_library("neck.arm_swing"),
        own("Ball games", "Play football with friends, and try dancing."),
        cervical_form=form,
    )
    assert texts(cautions_for(p, LIBRARY)) == expected


def test_the_form_matters_only_in_neck_dystonia() -> None:
    p = plan(Category.HAND, from_library("neck.arm_swing"), own("Dance class"))
    assert cautions_for(p, LIBRARY) == ()


def test_neck_rules_reach_other_categories_through_the_neck_region() -> None:
    p = plan(Category.MULTIFOCAL, own("Dance class"), own("Tennis"), regions=("Neck", "right_foot"))
    assert texts(cautions_for(p, LIBRARY)) == [f"{SWING_RULE} {FORM_UNKNOWN_NOTE}", SPORTS_RULE]


# --- the therapist's own wording ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "rule"),
    [
        ("Do 3 sets on the weight machines", WEIGHTS_RULE),
        ("Kettlebell swings", WEIGHTS_RULE),
        ("Bench press twice a week", WEIGHTS_RULE),
        ("Squash with a friend", SPORTS_RULE),
        ("Badminton at the leisure centre", SPORTS_RULE),
        ("Racket sports are fine", SPORTS_RULE),
        ("Neck massage after work", STRETCH_RULE),
        ("Stretches for the neck", STRETCH_RULE),
        ("Stand at the desk all day", STATIC_RULE),
        ("Hours at the computer are fine", STATIC_RULE),
    ],
)
def test_keyword_rules_read_own_wording_in_neck_dystonia(wording: str, rule: str) -> None:
    p = plan(Category.CERVICAL, own("Activity", wording), cervical_form=CervicalForm.STABLE)
    assert texts(cautions_for(p, LIBRARY)) == [rule]


@pytest.mark.parametrize(
    "wording",
    [
        "Take weight through both legs in standing",  # weight-bearing is not weight training
        "Walk to the shops",
        "Sit for 10 minutes, then get up and move",
        "Write a shopping list",
    ],
)
def test_ordinary_wording_raises_no_caution(wording: str) -> None:
    for category in (Category.CERVICAL, Category.HAND):
        p = plan(category, own("Activity", wording), cervical_form=CervicalForm.STABLE)
        assert cautions_for(p, LIBRARY) == (), (category, wording)


@pytest.mark.parametrize(
    ("wording", "dosage", "flagged"),
    [
        ("Write for an hour each evening", None, True),
        ("Typing practice without a break", None, True),
        ("Violin practice, keep going until it cramps", None, True),
        ("Piano scales", Dosage(minutes=45), True),
        ("Piano scales", Dosage(minutes=10), False),
        ("Write five slow words", None, False),
        ("Sandpaper and coins for 30 minutes", Dosage(minutes=30), False),
    ],
)
def test_long_practice_of_the_triggering_task_in_hand_dystonia(
    wording: str, dosage: Dosage | None, flagged: bool
) -> None:
    p = plan(Category.HAND, own("Practice", wording, dosage=dosage))
    assert texts(cautions_for(p, LIBRARY)) == ([LONG_TASK_RULE] if flagged else [])


def test_unedited_library_wording_is_not_read_for_keywords() -> None:
    # The library entry says "stretch"; its own caution covers it, the keyword rule does not repeat it.
    p = plan(Category.CERVICAL, from_library("neck.lengthen"), cervical_form=CervicalForm.STABLE)
    assert texts(cautions_for(p, LIBRARY)) == [STRETCH]


def test_edited_library_items_are_read_for_what_the_therapist_added() -> None:
    edited = from_library("neck.hold", instructions="Hold your head in the middle, then play golf.")
    p = plan(Category.CERVICAL, edited, cervical_form=CervicalForm.STABLE)
    found = cautions_for(p, LIBRARY)
    assert texts(found) == [SPORTS_RULE]
    assert found[0].catalog_code == "neck.hold"


def test_wording_kept_from_the_library_is_not_flagged_when_other_text_is_edited() -> None:
    edited = from_library("neck.lengthen", title="Lengthening the left side")
    p = plan(Category.CERVICAL, edited, cervical_form=CervicalForm.STABLE)
    assert texts(cautions_for(p, LIBRARY)) == [STRETCH]


def test_a_longer_dosage_on_a_library_item_is_flagged() -> None:
    longer = from_library("hand.instrument", dosage=Dosage(minutes=60))
    p = plan(Category.HAND, longer)
    assert texts(cautions_for(p, LIBRARY)) == [HAND_PRACTICE, LONG_TASK_RULE]


def test_own_library_entries_keep_their_cautions_and_are_read_for_keywords() -> None:
    mine = LibraryIntervention(
        code="own.gym",
        kind=Kind.EXERCISE,
        title="Gym circuit",
        instructions="Dumbbells and rowing machine.",
        categories=CERVICAL,
        source="therapist",
        cautions=(Caution("Check with me before you add weight."),),
    )
    library = LIBRARY.with_own([mine])
    p = plan(Category.CERVICAL, mine.to_intervention(), cervical_form=CervicalForm.STABLE)
    assert texts(cautions_for(p, library)) == ["Check with me before you add weight.", WEIGHTS_RULE]


def test_an_unknown_catalog_code_is_read_as_own_wording() -> None:
    item = own("Golf", catalog_code="neck.retired_entry")
    found = cautions_for(plan(Category.CERVICAL, item, cervical_form=CervicalForm.STABLE), LIBRARY)
    assert [(c.text, c.catalog_code) for c in found] == [(SPORTS_RULE, "neck.retired_entry")]


def test_an_orthosis_without_skin_checks_is_flagged() -> None:
    bare = from_library("orthosis.afo", skin_checks=None)
    found = cautions_for(plan(Category.DYSTONIC_CP, bare, HIP, gmfcs_level=2), LIBRARY)
    assert texts(found) == [TIGHT, SKIN_CHECKS_MISSING_TEXT]
    assert found[-1].family_text == SKIN_CHECKS_MISSING_FAMILY


# --- de-duplication, order and the fields of each caution -------------------------------------------


def test_identical_texts_are_given_once_per_item() -> None:
    # The library entry lists the same caution twice.
    p = plan(Category.DYSTONIC_CP, from_library("orthosis.afo"), from_library("orthosis.afo"), HIP, gmfcs_level=2)
    found = cautions_for(p, LIBRARY)
    assert [(c.item_index, c.text) for c in found] == [(0, TIGHT), (1, TIGHT)]


def test_a_keyword_caution_the_library_already_gave_is_not_repeated() -> None:
    soft = _entry("neck.soft", Kind.EXERCISE, "Soft neck", "Let your neck go soft.", Caution(STRETCH_RULE))
    library = Library(version="test", interventions=(soft,))
    edited = Intervention(kind=Kind.EXERCISE, title="Soft neck and massage", catalog_code="neck.soft")
    found = cautions_for(plan(Category.CERVICAL, edited, cervical_form=CervicalForm.STABLE), library)
    assert texts(found) == [STRETCH_RULE]


def test_plan_cautions_come_first_then_items_in_plan_order() -> None:
    p = plan(
        Category.GENERALISED,
        own("Massage"),
        from_library("education.pacing"),
        from_library("neck.lengthen"),
        gmfcs_level=5,
    )
    found = cautions_for(p, LIBRARY)
    stretch_family = next(r.family for r in rules.KEYWORD_RULES if r.name == "stretch_massage")
    assert found == (
        AppliedCaution(
            item_title=WHOLE_PLAN,
            text=hip_surveillance_text(5),
            sources=rules.HIP_SURVEILLANCE_SOURCES,
        ),
        AppliedCaution(
            item_title=WHOLE_PLAN,
            text=ACTION_PLAN_MISSING_TEXT,
            sources=("Allen et al. 2014", "Lumsden et al. 2013"),
        ),
        AppliedCaution(
            item_title="Massage", text=STRETCH_RULE, item_index=0, catalog_code=None, family_text=stretch_family
        ),
        AppliedCaution(
            item_title="Gentle lengthening",
            text=STRETCH,
            item_index=2,
            catalog_code="neck.lengthen",
            sources=("Test 2020",),
        ),
    )


# --- plan-level rules -------------------------------------------------------------------------------


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_every_child_with_cp_gets_hip_surveillance_with_the_interval_of_the_level(level: int) -> None:
    without = cautions_for(plan(Category.DYSTONIC_CP, ACTION, gmfcs_level=level), LIBRARY, age=6)
    assert texts(without) == [hip_surveillance_text(level)]
    assert all(c.item_index is None and c.item_title == WHOLE_PLAN and c.family_text is None for c in without)
    with_referral = plan(Category.DYSTONIC_CP, ACTION, HIP, gmfcs_level=level)
    assert cautions_for(with_referral, LIBRARY, age=6) == ()


def test_gmfcs_three_gets_a_yearly_x_ray_and_four_and_five_six_monthly() -> None:
    assert "every 12 months" in hip_surveillance_text(3)
    assert "every 6 months" in hip_surveillance_text(4)
    assert "every 6 months" in hip_surveillance_text(5)
    assert "X-ray" in hip_surveillance_text(2)


def test_a_generalised_plan_of_a_child_can_record_gmfcs_and_gets_hip_surveillance() -> None:
    child = plan(Category.GENERALISED, ACTION, gmfcs_level=4)
    assert texts(cautions_for(child, LIBRARY, age=9)) == [hip_surveillance_text(4)]
    # Without a GMFCS level, a generalised plan is not a CP plan: no hip prompt.
    assert cautions_for(plan(Category.GENERALISED, ACTION), LIBRARY, age=9) == ()


def test_hip_surveillance_is_for_children_only() -> None:
    assert cautions_for(plan(Category.DYSTONIC_CP, ACTION, gmfcs_level=4), LIBRARY, age=30) == ()
    assert cautions_for(plan(Category.GENERALISED, ACTION, gmfcs_level=4), LIBRARY, age=30) == ()


def test_hip_surveillance_is_not_asked_for_in_other_categories() -> None:
    assert cautions_for(plan(Category.HEMIDYSTONIA, gmfcs_level=5), LIBRARY) == ()


def test_an_own_hip_referral_counts() -> None:
    referral = own("X-ray referral", kind=Kind.REFERRAL, referral_to="Orthopaedics", referral_reason="Hip migration")
    p = plan(Category.DYSTONIC_CP, referral, ACTION, gmfcs_level=5)
    assert has_hip_surveillance(p)
    assert cautions_for(p, LIBRARY) == ()
    other = own("Orthotics", kind=Kind.REFERRAL, referral_to="Orthotics", referral_reason="Shipping splints")
    assert not has_hip_surveillance(plan(Category.DYSTONIC_CP, other, gmfcs_level=5))


def test_dystonic_cp_without_a_gmfcs_level_asks_for_one() -> None:
    found = cautions_for(plan(Category.DYSTONIC_CP, HIP, ACTION), LIBRARY)
    assert found == (AppliedCaution(item_title=WHOLE_PLAN, text=GMFCS_MISSING_TEXT),)


@pytest.mark.parametrize(
    ("category", "level", "asked"),
    [
        (Category.GENERALISED, None, True),
        (Category.DYSTONIC_CP, 5, True),
        (Category.DYSTONIC_CP, 4, True),
        (Category.DYSTONIC_CP, 2, False),
        (Category.CERVICAL, None, False),
    ],
)
def test_severe_or_generalised_dystonia_is_asked_for_an_action_plan(
    category: Category, level: int | None, asked: bool
) -> None:
    without = cautions_for(plan(category, HIP, gmfcs_level=level), LIBRARY, age=40)
    assert (ACTION_PLAN_MISSING_TEXT in texts(without)) is asked
    assert ACTION_PLAN_MISSING_TEXT not in texts(cautions_for(plan(category, HIP, ACTION, gmfcs_level=level), LIBRARY))


# --- a clean plan -----------------------------------------------------------------------------------


@pytest.mark.parametrize("category", list(Category), ids=str)
def test_a_clean_plan_has_no_cautions(category: Category) -> None:
    p = plan(
        category,
        from_library("neck.hold"),
        from_library("education.pacing"),
        own("Walk to school", "Walk on the flat with a friend."),
        HIP,
        ACTION,
        gmfcs_level=2,
        cervical_form=CervicalForm.STABLE if category is Category.CERVICAL else None,
    )
    assert cautions_for(p, LIBRARY) == ()


def test_an_empty_plan_has_no_cautions() -> None:
    assert cautions_for(plan(Category.CERVICAL), LIBRARY) == ()


def test_a_neck_plan_without_a_pattern_or_side_asks_for_them() -> None:
    assert texts(cautions_for(plan(Category.CERVICAL, patterns=()), LIBRARY)) == [NECK_PATTERN_MISSING_TEXT]
    assert texts(cautions_for(plan(Category.CERVICAL, pull_side=None), LIBRARY)) == [SIDE_MISSING_TEXT]


# --- cautions follow regions, forms and patterns (library v2) ---------------------------------------

UNSTABLE_NECK = "Alternating arm movements can worsen unstable neck dystonia."
UNSTABLE_NECK_FAMILY = "Swinging the arms can make the head pull more. Stop if it does."
RETRO = "Pressing the head back into a wall reinforces retrocollis."
JAW = "Training jaw opening reinforces jaw-opening dystonia."

V2 = Library(
    version="test",
    interventions=(
        _entry(
            "general.arm_swing_walk",
            Kind.EXERCISE,
            "Walking with an arm swing",
            "Swing your arms in turn as you walk.",
            Caution(
                UNSTABLE_NECK,
                family=UNSTABLE_NECK_FAMILY,
                regions=frozenset({"neck"}),
                cervical_forms=frozenset({CervicalForm.UNSTABLE}),
            ),
            forms=frozenset({CervicalForm.STABLE}),
        ),
        _entry(
            "neck.back_to_wall",
            Kind.EXERCISE,
            "Back to the wall",
            "Stand with your back to a wall.",
            Caution(RETRO, family="Do not press your head back.", patterns=frozenset({Pattern.RETROCOLLIS})),
        ),
        _entry(
            "jaw.slow_opening",
            Kind.EXERCISE,
            "Slow opening",
            "Open your mouth slowly. Stop if the jaw locks.",
            Caution(JAW, family="Do not practise opening.", patterns=frozenset({Pattern.JAW_OPENING})),
            patterns=frozenset({Pattern.JAW_CLOSING, Pattern.JAW_DEVIATION}),
        ),
        _entry("neck.turn", Kind.EXERCISE, "Turning away", "Slowly turn your head {away_side}."),
    ),
)


def v2(code: str) -> Intervention:
    entry = V2.intervention(code)
    assert entry is not None
    return entry.to_intervention()


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        (None, [f"{UNSTABLE_NECK} {FORM_UNKNOWN_NOTE}"]),
        (
            CervicalForm.UNSTABLE,
            [
                UNSTABLE_NECK,
                "This entry suits the stable form of neck dystonia; the plan records "
                "the unstable form. Check that it suits this person.",
            ],
        ),
        (CervicalForm.STABLE, []),
    ],
    ids=["not recorded", "unstable", "stable"],
)
def test_a_segmental_plan_with_the_neck_involved_gets_the_unstable_neck_caution(
    form: CervicalForm | None, expected: list[str]
) -> None:
    p = plan(Category.SEGMENTAL, v2("general.arm_swing_walk"), regions=("neck", "left_arm"), cervical_form=form)
    found = cautions_for(p, V2)
    assert texts(found) == expected
    assert all(c.family_text == UNSTABLE_NECK_FAMILY for c in found if c.text.startswith(UNSTABLE_NECK))


def test_the_neck_caution_stays_away_from_plans_without_the_neck() -> None:
    p = plan(Category.SEGMENTAL, v2("general.arm_swing_walk"), regions=("left_arm", "left_hand"))
    assert cautions_for(p, V2) == ()


def test_the_neck_caution_reaches_a_whole_body_plan() -> None:
    p = plan(Category.DYSTONIC_CP, v2("general.arm_swing_walk"), HIP, ACTION, regions=("whole_body",), gmfcs_level=2)
    assert texts(cautions_for(p, V2)) == [f"{UNSTABLE_NECK} {FORM_UNKNOWN_NOTE}"]


@pytest.mark.parametrize(
    ("patterns", "expected"),
    [
        ((Pattern.RETROCOLLIS,), [RETRO]),
        ((Pattern.TORTICOLLIS,), []),
        ((), [NECK_PATTERN_MISSING_TEXT, f"{RETRO} " + PATTERN_UNKNOWN_NOTE.format(region="neck")]),
    ],
    ids=["retrocollis", "torticollis", "not recorded"],
)
def test_back_to_the_wall_is_flagged_for_retrocollis(patterns: tuple[Pattern, ...], expected: list[str]) -> None:
    p = plan(Category.CERVICAL, v2("neck.back_to_wall"), patterns=patterns)
    assert texts(cautions_for(p, V2)) == expected


def test_jaw_opening_is_not_trained_in_jaw_opening_dystonia() -> None:
    opening = plan(Category.FOCAL_OTHER, v2("jaw.slow_opening"), patterns=(Pattern.JAW_OPENING,))
    found = texts(cautions_for(opening, V2))
    assert found[0] == JAW
    assert "meant for Jaw closing, Jaw deviation" in found[1]
    closing = plan(Category.FOCAL_OTHER, v2("jaw.slow_opening"), patterns=(Pattern.JAW_CLOSING,))
    assert cautions_for(closing, V2) == ()
    unknown = plan(Category.FOCAL_OTHER, v2("jaw.slow_opening"), regions=("jaw",))
    assert texts(cautions_for(unknown, V2)) == [f"{JAW} " + PATTERN_UNKNOWN_NOTE.format(region="jaw")]
    # A plan that does not involve the jaw: the jaw caution is out of scope.
    assert cautions_for(plan(Category.FOCAL_OTHER, v2("jaw.slow_opening"), regions=("foot",)), V2) == ()


@pytest.mark.parametrize(
    ("side", "words"),
    [(Side.RIGHT, "to the left"), (Side.LEFT, "to the right"), (None, "away from the side it pulls to")],
)
def test_directions_are_filled_in_from_the_side_of_the_pull(side: Side | None, words: str) -> None:
    entry = V2.intervention("neck.turn")
    assert entry is not None
    assert entry.to_intervention(side).instructions == f"Slowly turn your head {words}."


def test_an_unedited_library_item_with_a_filled_side_is_not_read_as_own_wording() -> None:
    entry = V2.intervention("neck.turn")
    assert entry is not None
    p = plan(Category.CERVICAL, entry.to_intervention(Side.RIGHT), pull_side=Side.RIGHT)
    assert cautions_for(p, V2) == ()
