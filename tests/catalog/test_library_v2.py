"""Library v2 (issue 8): each finding of the specialist review, checked on the shipped library.

One test (or more) per numbered finding, named after it, so a regression names what came back.
"""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from careplan.catalog import load_library
from careplan.catalog.describe import catalog_json, counts
from careplan.core.action_plan import ACTION_PLAN_CODE, NO_NUMBER, personal_action_plan
from careplan.core.cautions import FORM_UNKNOWN_NOTE, cautions_for, hip_surveillance_text
from careplan.core.enums import Audience, Category, CervicalForm, Kind, Pattern, Side
from careplan.core.library import Library, LibraryIntervention
from careplan.core.model import Carer, ClinicDetails, Contact, Patient, Plan, Therapist

MIN_INTERVENTIONS = 220
MIN_EXERCISES = 90
MIN_GOALS = 50
MIN_PER_CATEGORY = 25
MIN_NECK_EXERCISES = 40

#: Flesch reading ease: every family or school text, and the median over all of them.
EASE_FLOOR = 60
EASE_MEDIAN = 70


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def entry(library: Library, code: str) -> LibraryIntervention:
    found = library.intervention(code)
    assert found is not None, f"{code} is missing from the library"
    return found


def words(e: LibraryIntervention) -> str:
    parts = (
        e.instructions,
        e.school_instructions,
        e.wear_schedule,
        e.skin_checks,
        *(c.family or "" for c in e.cautions),
    )
    return "\n".join(p for p in parts if p)


def family_cautions(e: LibraryIntervention) -> str:
    return " ".join(c.family or "" for c in e.cautions)


def plan_of(*codes: str, library: Library, **extra: object) -> Plan:
    items = tuple(entry(library, c).to_intervention(extra.get("pull_side")) for c in codes)  # type: ignore[arg-type]
    return Plan(title="Test", interventions=items, **extra)  # type: ignore[arg-type]


# --- targets -------------------------------------------------------------------------------------


def test_the_library_meets_the_depth_targets(library: Library) -> None:
    n = counts(library)
    print(json.dumps(n, indent=1))
    assert n["interventions"] >= MIN_INTERVENTIONS
    assert n["by_kind"]["exercise"] >= MIN_EXERCISES
    assert n["goals"] >= MIN_GOALS
    assert min(n["per_category"].values()) >= MIN_PER_CATEGORY


def test_neck_has_forty_exercises_tagged_by_pattern(library: Library) -> None:
    neck = [e for e in library.interventions if e.kind is Kind.EXERCISE and e.code.startswith("neck.")]
    assert len(neck) >= MIN_NECK_EXERCISES
    tagged = [e for e in neck if e.patterns]
    # Relaxation, trunk and balance work suit every pattern; the directional work is tagged.
    assert len(tagged) >= 20, "the directional neck exercises say which patterns they suit"
    assert {p for e in neck for p in e.patterns} >= {
        Pattern.TORTICOLLIS,
        Pattern.LATEROCOLLIS,
        Pattern.ANTEROCOLLIS,
        Pattern.RETROCOLLIS,
    }
    assert sum(1 for e in neck if e.easier or e.harder) >= 10, "exercises link into progressions"


def test_progressions_point_both_ways_where_they_link(library: Library) -> None:
    for e in library.interventions:
        for code in (e.easier, e.harder):
            if code:
                assert library.intervention(code) is not None, (e.code, code)


@pytest.mark.parametrize("category", list(Category), ids=str)
def test_every_category_has_a_starter_template(library: Library, category: Category) -> None:
    assert library.templates_for(category)


@pytest.mark.parametrize(
    "code",
    [
        "template.cervical_torticollis",
        "template.cervical_laterocollis",
        "template.cervical_retrocollis",
        "template.hand_writers_cramp",
        "template.hand_musician",
        "template.child_gmfcs_1_2",
        "template.child_gmfcs_3",
        "template.child_gmfcs_4_5",
        "template.generalised_adult",
    ],
)
def test_the_common_patterns_have_starter_templates(library: Library, code: str) -> None:
    assert library.template(code) is not None


def test_every_goal_has_five_gas_levels(library: Library) -> None:
    for goal in library.goals:
        assert len(goal.gas) == 5, goal.code
        assert len(set(goal.gas)) == 5, goal.code


# --- sources -------------------------------------------------------------------------------------

UNTRACEABLE = re.compile(r"historic mirror protocol|^BMC Neurology 2023$|Paleg and Livingstone", re.IGNORECASE)


def test_every_entry_goal_and_template_names_a_source(library: Library) -> None:
    for e in library.interventions:
        assert e.sources, f"{e.code} has no source"
    for g in library.goals:
        assert g.sources, f"{g.code} has no source"
    for t in library.templates:
        assert t.sources, f"{t.code} has no source"


def test_no_untraceable_source_is_cited(library: Library) -> None:
    for s in library.sources:
        assert not UNTRACEABLE.search(s.title), s.key
        assert s.authors and s.title and s.published_in, s.key


def test_sources_by_type_are_counted(library: Library) -> None:
    cited = [s for e in library.interventions for s in e.sources]
    by_type: dict[str, int] = {}
    for e in library.interventions:
        kinds = sorted({s.type.value for s in e.sources})
        for kind in kinds:
            by_type[kind] = by_type.get(kind, 0) + 1
    print("entries citing each type of source:", by_type, "citations:", len(cited))
    assert (
        by_type.get("journal", 0) + by_type.get("guideline", 0) + by_type.get("consensus", 0)
        >= len(library.interventions) // 2
    ), "most entries rest on a paper, a guideline or a consensus"


def test_catalog_json_carries_every_source(library: Library) -> None:
    data = catalog_json(library)
    keys = {s["key"] for s in data["sources"]}
    for item in (*data["interventions"], *data["goals"], *data["templates"]):
        assert item["sources"], item["code"]
        assert set(item["sources"]) <= keys, item["code"]
    assert all(g["gas"] for g in data["goals"])
    assert data["counts"]["interventions"] == len(library.interventions)


# --- the numbered findings -----------------------------------------------------------------------


def test_finding_1_school_who_to_call_puts_the_emergency_number_first(library: Library) -> None:
    text = words(entry(library, "school.who_to_call")).lower()
    assert "call the family first" not in text
    assert "emergency" in text
    assert text.index("emergency") < text.index("family")


def test_finding_2_the_action_plan_has_three_levels_and_red_calls_the_emergency_number_first(
    library: Library,
) -> None:
    text = library.action_plan
    assert text is not None
    assert [level.colour for level in text.levels] == ["green", "amber", "red"]
    red = text.levels[-1]
    assert red.call[0] == "emergency"
    signs = " ".join(red.signs + text.levels[1].signs).lower()
    for sign in ("sleep", "sweat", "urine", "drinking", "breathing"):
        assert sign in signs, sign
    triggers = " ".join(text.triggers).lower()
    for trigger in ("pain", "infection", "constipation", "medicine", "baclofen pump", "stimulator"):
        assert trigger in triggers, trigger
    assert {s.key for s in text.sources} >= {"allen2014", "lumsden2013"}
    assert entry(library, ACTION_PLAN_CODE).kind is Kind.ADVICE


def test_finding_2_the_action_plan_is_personalised_with_the_numbers(library: Library) -> None:
    assert library.action_plan is not None
    patient = Patient(
        "Amira", "Haddad", __import__("datetime").date(2015, 3, 1), carers=(Carer("Leila", "mother", "07700 900123"),)
    )
    plan = Plan(
        title="t",
        category=Category.DYSTONIC_CP,
        therapist=Therapist(name="Sam Lee", phone="0161 496 0000"),
        contacts=(Contact(role="Neurology team", phone="0161 496 0999"),),
    )
    personal = personal_action_plan(library.action_plan, plan, patient, ClinicDetails(emergency_number="112"))
    red = personal.levels[-1]
    assert [c.number for c in red.calls] == ["112", "07700 900123", "0161 496 0999"]
    assert personal.missing_numbers() == ()
    bare = personal_action_plan(library.action_plan, Plan(title="t", category=Category.GENERALISED), patient)
    assert "The team (neurology or community nursing)" in bare.missing_numbers()
    assert any(c.number == NO_NUMBER for level in bare.levels for c in level.calls)


def _arm_swing_entries(library: Library) -> list[LibraryIntervention]:
    return [
        e
        for e in library.interventions
        if any(CervicalForm.UNSTABLE in c.cervical_forms for c in e.cautions)
        and re.search(r"swing|danc|music|ball", f"{e.title} {e.instructions}", re.IGNORECASE)
    ]


def test_finding_3_a_segmental_plan_with_the_neck_gets_the_unstable_neck_caution(library: Library) -> None:
    entries = _arm_swing_entries(library)
    assert entries, "the library has arm-swing, music or ball entries with an unstable-neck caution"
    segmental = [e for e in entries if e.suits(Category.SEGMENTAL)]
    assert segmental
    e = segmental[0]
    neck_and_arm = plan_of(e.code, library=library, category=Category.SEGMENTAL, regions=("neck", "left_arm"))
    found = [c for c in cautions_for(neck_and_arm, library) if c.item_index == 0]
    assert any(FORM_UNKNOWN_NOTE in c.text for c in found)
    assert all(c.family_text for c in found if FORM_UNKNOWN_NOTE in c.text)
    unstable = neck_and_arm.replace(cervical_form=CervicalForm.UNSTABLE)
    assert [c for c in cautions_for(unstable, library) if c.item_index == 0]
    stable = neck_and_arm.replace(cervical_form=CervicalForm.STABLE)
    assert not [c for c in cautions_for(stable, library) if c.item_index == 0 and "unstable" in c.text.lower()]


def test_finding_3_neck_cautions_follow_the_region_not_the_category(library: Library) -> None:
    for e in _arm_swing_entries(library):
        for c in e.cautions:
            if CervicalForm.UNSTABLE in c.cervical_forms:
                assert "neck" in c.regions or not c.categories or c.categories - {Category.CERVICAL}, e.code


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_finding_4_hip_surveillance_for_every_child_with_cp_with_its_interval(library: Library, level: int) -> None:
    plan = Plan(title="t", category=Category.DYSTONIC_CP, gmfcs_level=level)
    texts = [c.text for c in cautions_for(plan, library, age=7)]
    assert hip_surveillance_text(level) in texts
    assert ("every 12 months" in hip_surveillance_text(3)) and ("every 6 months" in hip_surveillance_text(5))


def test_finding_4_a_generalised_child_with_gmfcs_gets_hip_surveillance(library: Library) -> None:
    plan = Plan(title="t", category=Category.GENERALISED, gmfcs_level=3)
    assert hip_surveillance_text(3) in [c.text for c in cautions_for(plan, library, age=10)]


PRESSURE = re.compile(r"skin|pressure|red mark|sore", re.IGNORECASE)


@pytest.mark.parametrize(
    "code",
    [
        "equipment.specialist_seating",
        "equipment.tilt_in_space",
        "equipment.manual_wheelchair",
        "equipment.powered_wheelchair",
        "equipment.adaptive_buggy",
        "equipment.sleep_system",
        "orthosis.head_support",
    ],
)
def test_finding_5_seating_and_lying_equipment_cautions_on_pressure_areas(library: Library, code: str) -> None:
    e = entry(library, code)
    assert any(PRESSURE.search(c.text) for c in e.cautions), code
    assert any(c.family and PRESSURE.search(c.family) for c in e.cautions), code


def test_finding_5_never_tilted_back_to_eat_or_drink_is_in_the_family_text(library: Library) -> None:
    e = entry(library, "equipment.tilt_in_space")
    family = f"{e.instructions} {family_cautions(e)}".lower()
    assert re.search(r"eat|drink", family) and "tilt" in family


BONE = re.compile(r"force", re.IGNORECASE)


@pytest.mark.parametrize(
    "code", ["general.range_routine", "general.front_lying", "school.handling", "child.careful_handling"]
)
def test_finding_6_bone_fragility_caution_where_joints_are_moved(library: Library, code: str) -> None:
    e = entry(library, code)
    assert any(BONE.search(c.text) and c.family and BONE.search(c.family) for c in e.cautions), code
    assert any(re.search(r"swollen|swelling", c.family or "", re.IGNORECASE) for c in e.cautions), code


def test_finding_6_standing_frames_carry_the_bone_caution(library: Library) -> None:
    frames = [e for e in library.interventions if "standing frame" in e.title.lower()]
    assert frames
    for e in frames:
        assert any(BONE.search(c.text) or re.search(r"swollen|crying|cries", c.family or "", re.I) for c in e.cautions)


def test_finding_7_the_other_hand_can_cramp_too(library: Library) -> None:
    e = entry(library, "home.pause_trigger_task")
    assert re.search(r"other hand", words(e), re.IGNORECASE)
    assert re.search(r"spread|cramp|start", family_cautions(e) + e.instructions, re.IGNORECASE)


def test_finding_8_jaw_opening_is_never_trained_in_jaw_opening_dystonia(library: Library) -> None:
    opening = entry(library, "jaw.slow_opening")
    assert "lock" in opening.instructions.lower()
    assert any(Pattern.JAW_OPENING in c.patterns for c in opening.cautions)
    assert Pattern.JAW_OPENING not in opening.patterns
    closing = entry(library, "jaw.slow_closing")
    assert Pattern.JAW_OPENING in closing.patterns
    plan = plan_of("jaw.slow_opening", library=library, category=Category.FOCAL_OTHER, patterns=(Pattern.JAW_OPENING,))
    assert [c for c in cautions_for(plan, library) if c.item_index == 0 and c.family_text]


@pytest.mark.parametrize("code", ["neck.back_to_wall", "neck.hands_knees_head_hold"])
def test_finding_9_retrocollis_is_flagged(library: Library, code: str) -> None:
    e = entry(library, code)
    assert any(Pattern.RETROCOLLIS in c.patterns and c.family for c in e.cautions), code
    plan = plan_of(code, library=library, category=Category.CERVICAL, patterns=(Pattern.RETROCOLLIS,), pull_side=None)
    assert [c for c in cautions_for(plan, library) if c.item_index == 0]


def test_finding_9_gentle_lengthening_does_not_say_tilt_for_every_pattern(library: Library) -> None:
    e = entry(library, "neck.gentle_lengthening")
    assert "tilt" not in e.instructions.lower() or e.patterns <= {Pattern.LATEROCOLLIS}


def test_finding_10_toxin_entries_ask_to_report_swallowing_and_neck_weakness(library: Library) -> None:
    toxin = [e for e in library.interventions if re.search(r"botulinum|toxin", f"{e.title} {e.instructions}", re.I)]
    assert toxin
    neck = entry(library, "toxin.report_after_neck_injection")
    text = neck.instructions.lower()
    assert "swallow" in text and "neck" in text and ("voice" in text or "weak" in text)


def test_finding_11_foot_dystonia_gets_a_neurology_review_and_driving_advice_exists(library: Library) -> None:
    foot = library.template("template.foot")
    assert foot is not None and "referral.neurology_review_foot" in foot.interventions
    assert re.search(r"parkinson", entry(library, "referral.neurology_review_foot").clinician_note or "", re.I)
    driving = entry(library, "driving.licence_rules")
    assert "licen" in driving.instructions.lower()
    assert driving.suits(Category.FOCAL_OTHER)


def test_finding_12_no_fixed_promise_of_the_same_learning(library: Library) -> None:
    for e in library.interventions:
        assert "same learning as" not in words(e).lower(), e.code


def test_finding_13_water_exercise_covers_supervision_fits_swallowing_and_warm_up(library: Library) -> None:
    text = words(entry(library, "general.water_exercise")).lower()
    assert re.search(r"supervis|someone with you", text)
    for needed in ("fit", "swallow", "warm"):
        assert needed in text, needed


def test_finding_14_skin_marks_fade_in_twenty_minutes_everywhere(library: Library) -> None:
    for e in library.interventions:
        for text in (e.skin_checks, e.instructions, family_cautions(e)):
            assert not re.search(
                r"\b30 minutes\b[^.]*\b(?:mark|red)|\b(?:mark|red)[^.]*\b30 minutes", text or "", re.I
            ), e.code
        if e.kind is Kind.ORTHOSIS:
            assert e.skin_checks and "20 minutes" in e.skin_checks, e.code


@pytest.mark.parametrize("code", ["orthosis.finger_splint", "orthosis.lycra_suit"])
def test_finding_14_splints_have_numbered_donning_steps(library: Library, code: str) -> None:
    text = entry(library, code).instructions
    assert re.search(r"^1\.", text, re.M) and re.search(r"^2\.", text, re.M), code


def test_finding_14_the_afo_bends_the_hip_and_knee_first(library: Library) -> None:
    text = entry(library, "orthosis.afo").instructions.lower()
    assert "hip" in text and "knee" in text and "bend" in text


def test_finding_14_a_floor_sitter_goal_comes_with_the_floor_sitter(library: Library) -> None:
    for t in library.templates:
        goal_words = " ".join((library.goal(g).text if library.goal(g) else "") for g in t.goals).lower()  # type: ignore[union-attr]
        if "floor sitter" in goal_words:
            assert "equipment.floor_sitter" in t.interventions, t.code


# --- every caution a family meets has family words ---------------------------------------------------


def test_every_caution_on_a_family_or_school_item_has_family_wording(library: Library) -> None:
    missing = [
        e.code
        for e in library.interventions
        for c in e.cautions
        if e.effective_audiences() - {Audience.CLINICIAN} and not c.family
    ]
    assert missing == []


def test_placeholders_fill_in_for_both_sides(library: Library) -> None:
    sided = [e for e in library.interventions if "{away_side}" in e.instructions or "{toward_side}" in e.instructions]
    for e in sided:
        for side in (Side.LEFT, Side.RIGHT, None):
            text = e.to_intervention(side).instructions or ""
            assert "{" not in text, e.code


# --- plain English -------------------------------------------------------------------------------


def _family_facing(library: Library) -> Iterator[tuple[str, str]]:
    for e in library.interventions:
        for name in ("instructions", "school_instructions", "wear_schedule", "skin_checks"):
            value = getattr(e, name)
            if value:
                yield f"{e.code}.{name}", value
        for i, caution in enumerate(e.cautions, start=1):
            if caution.family:
                yield f"{e.code}.cautions[{i}].family", caution.family
    for goal in library.goals:
        yield goal.code, goal.text
        for level, text in zip(("-2", "-1", "0", "+1", "+2"), goal.gas, strict=False):
            yield f"{goal.code}.gas[{level}]", text
    for template in library.templates:
        yield f"{template.code}.approach", template.approach
    if library.action_plan:
        for level in library.action_plan.levels:
            yield f"action_plan.{level.colour}", " ".join(level.signs + level.actions)


@pytest.fixture(scope="module")
def flesch() -> Callable[[str], float]:
    import textstat

    return textstat.flesch_reading_ease


def test_family_and_school_text_reads_as_plain_english(library: Library, flesch: Callable[[str], float]) -> None:
    scores = sorted((flesch(text), where) for where, text in _family_facing(library))
    values = [score for score, _ in scores]
    median = statistics.median(values)
    print(f"Flesch reading ease over {len(values)} texts: median {median:.1f}, min {scores[0][0]:.1f} ({scores[0][1]})")
    assert median >= EASE_MEDIAN
    assert [(round(s, 1), w) for s, w in scores if s < EASE_FLOOR] == []


def test_the_catalog_readme_explains_adding_reviewing_and_retiring() -> None:
    readme = (Path(__file__).resolve().parents[2] / "resources" / "catalog" / "README.md").read_text(encoding="utf-8")
    for needed in ("Adding an entry", "Reviewing", "Retiring", "careplan catalog --check"):
        assert needed in readme, needed


def test_finding_12_the_school_handout_makes_no_fixed_promise_about_learning() -> None:
    from careplan.export import phrases

    text = phrases._COMMON_SCHOOL.lower()
    assert "same learning" not in text and "does not affect" not in text
    assert "learning disability" in text


def test_finding_14_the_handout_skin_check_agrees_with_the_library() -> None:
    from careplan.export import phrases

    for text in (phrases.DEFAULT_SKIN_CHECK, phrases.DEFAULT_SKIN_CHECK_SCHOOL):
        assert "20 minutes" in text and "30 minutes" not in text


def test_finding_8_a_jaw_exercise_alone_makes_the_plan_involve_the_jaw(library: Library) -> None:
    """A focal plan with no regions ticked still gets the jaw-opening caution, with a note to record the pattern."""
    plan = plan_of("jaw.slow_opening", library=library, category=Category.FOCAL_OTHER)
    found = [c.text for c in cautions_for(plan, library) if c.item_index == 0]
    assert any("record the pattern of the jaw dystonia" in text for text in found)
