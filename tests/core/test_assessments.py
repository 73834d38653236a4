"""Assessments: every value checked on entry with a message naming the field and its range; the
GAS T-score against examples worked by hand; scale totals against the scale's definition."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pytest

from careplan.core.assessments import (
    Assessment,
    Classification,
    ClassificationLevel,
    GoalRating,
    HipMigration,
    Injection,
    PainRating,
    PainScale,
    RomMeasurement,
    RomMode,
    ScaleScore,
    check_assessment,
    gas_baseline_t_score,
    gas_t_score,
)
from careplan.core.enums import GoalDomain, Side
from careplan.core.model import Goal
from careplan.core.scales import InvalidValue, Licence, RomMovement, ScaleDefinition, ScaleItem, Subscale, TotalFrom

TODAY = dt.date.today()
LEVELS = ("much less", "less", "as expected", "more", "much more")


def rating(achieved: int, importance: int = 2, difficulty: int = 2, baseline: int = -1) -> GoalRating:
    return GoalRating("Sit for ___ minutes", achieved, baseline, importance, difficulty)


# --- GAS T-score: T = 50 + 10·Σwx / √(0.7·Σw² + 0.3·(Σw)²) -------------------------------------


def test_no_goals_have_no_t_score() -> None:
    assert gas_t_score([]) is None
    assert gas_baseline_t_score([]) is None


@pytest.mark.parametrize("count", [1, 2, 3, 5])
def test_every_goal_reached_as_expected_scores_50(count: int) -> None:
    assert gas_t_score([rating(0)] * count) == 50


def test_one_goal_one_level_short_scores_40() -> None:
    # 50 + 10·(−1) / √(0.7·1 + 0.3·1) = 50 − 10/1 = 40
    assert gas_t_score([rating(-1)]) == pytest.approx(40.0)


def test_three_equal_goals_all_at_minus_one() -> None:
    # Σwx = −3; √(0.7·3 + 0.3·9) = √4.8 = 2.19089; 50 − 30/2.19089 = 36.307
    assert gas_t_score([rating(-1)] * 3) == pytest.approx(36.307, abs=0.001)


def test_four_equal_goals_all_at_minus_one() -> None:
    # √(0.7·4 + 0.3·16) = √7.6 = 2.75681; 50 − 40/2.75681 = 35.490
    assert gas_t_score([rating(-1)] * 4) == pytest.approx(35.490, abs=0.001)


def test_three_equal_goals_all_at_plus_two() -> None:
    # 50 + 60/2.19089 = 77.386
    assert gas_t_score([rating(2)] * 3) == pytest.approx(77.386, abs=0.001)


def test_weighted_goals() -> None:
    # weights 3·2 = 6, 2·1 = 2, 1·3 = 3; Σwx = 6·1 + 2·0 + 3·(−1) = 3
    # Σw² = 36 + 4 + 9 = 49; (Σw)² = 121; √(0.7·49 + 0.3·121) = √70.6 = 8.40238
    # 50 + 30/8.40238 = 53.570
    goals = [rating(1, 3, 2), rating(0, 2, 1), rating(-1, 1, 3)]
    assert gas_t_score(goals) == pytest.approx(53.570, abs=0.001)


def test_equal_weights_give_the_same_score_whatever_the_weight() -> None:
    # The formula is unchanged when every weight is multiplied by the same number.
    levels = [1, -1, 2]
    assert gas_t_score([rating(x, 1, 1) for x in levels]) == pytest.approx(
        gas_t_score([rating(x, 3, 3) for x in levels])
    )


def test_all_weights_zero_counts_the_goals_equally() -> None:
    # Two goals rated 0 for importance: equal weights; 50 + 40/√(0.7·2 + 0.3·4) = 50 + 40/1.61245 = 74.807
    assert gas_t_score([rating(2, 0, 3), rating(2, 3, 0)]) == pytest.approx(74.807, abs=0.001)


def test_a_goal_weighted_zero_does_not_count_beside_weighted_ones() -> None:
    assert gas_t_score([rating(2, 0, 3), rating(0, 2, 2)]) == 50


def test_baseline_t_score_scores_the_levels_at_goal_setting() -> None:
    goals = [rating(2), rating(1), rating(0, baseline=-2)]
    # baselines −1, −1, −2, equal weights 4: Σwx = −16; √(0.7·48 + 0.3·144) = √76.8 = 8.76356
    # 50 − 160/8.76356 = 31.742
    assert gas_baseline_t_score(goals) == pytest.approx(31.742, abs=0.001)
    assessment = Assessment(TODAY, "Jo Patel", goals=tuple(goals))
    assert assessment.gas_baseline_t_score == gas_baseline_t_score(goals)
    assert assessment.gas_t_score == gas_t_score(goals)


def test_the_score_rises_with_each_level_reached() -> None:
    scores = [gas_t_score([rating(x), rating(0)]) for x in (-2, -1, 0, 1, 2)]
    assert scores == sorted(scores)
    assert all(s is not None and math.isfinite(s) for s in scores)


# --- validation on entry ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: rating(3), "achieved: the level reached must be a whole number from -2 to +2 (got 3)"),
        (lambda: rating(-3), "achieved: the level reached must be a whole number from -2 to +2 (got -3)"),
        (lambda: rating(True), "achieved: the level reached must be a whole number from -2 to +2 (got True)"),
        (lambda: rating(0, baseline=0), "baseline: the level at goal setting must be -1, or -2 when no worse"),
        (lambda: rating(0, importance=4), "importance: how important the goal is (0 not at all to 3 very)"),
        (lambda: rating(0, difficulty=-1), "difficulty: how hard the goal is (0 not at all to 3 very)"),
        (lambda: GoalRating("  ", 0), "goal_text: the goal's wording is required"),
        (lambda: GoalRating("Sit", 0, levels=("a", "b")), "levels: write all five levels, -2 to +2, or none (got 2)"),
        (lambda: GoalRating("Sit", 0, levels=("a", "b", " ", "d", "e")), "levels: the text of level 0 is required"),
        (lambda: PainRating(11), "score: the pain score must be a whole number from 0 to 10 (got 11)"),
        (lambda: PainRating(-1), "score: the pain score must be a whole number from 0 to 10 (got -1)"),
        (lambda: PainRating(5, PainScale.FACES), "score: on the faces scale the score is 0, 2, 4, 6, 8 or 10 (got 5)"),
        (lambda: PainRating(2, "smileys"), "scale: the pain scale must be one of nrs, faces, flacc, r_flacc"),  # type: ignore[arg-type]
        (
            lambda: ClassificationLevel(Classification.GMFCS, 6),
            "level: the GMFCS level (I-V) must be a whole number from 1 to 5",
        ),
        (
            lambda: ClassificationLevel(Classification.MACS, 0),
            "level: the MACS level (I-V) must be a whole number from 1 to 5",
        ),
        (
            lambda: HipMigration(left_percent=101),
            "left_percent: the left hip's migration percentage must be a whole number from 0 to 100",
        ),
        (lambda: HipMigration(right_percent=-5), "right_percent: the right hip's migration percentage must be a whole"),
        (lambda: HipMigration(), "left_percent: give the migration percentage of at least one hip"),
        (
            lambda: RomMeasurement("hip_abduction", 400),
            "degrees: the range of hip_abduction in degrees must be a whole number from -180 to 360",
        ),
        (
            lambda: RomMeasurement("hip_abduction", 30, mode="resisted"),
            "mode: active or passive must be one of active, passive",
        ),  # type: ignore[arg-type]
        (lambda: ScaleScore("bads"), "total: give the bads total, a subscale score or the item scores"),
        (lambda: ScaleScore("tsui", total=-1), "total: the tsui total must be a number of 0 or more (got -1)"),
        (lambda: ScaleScore("tsui", total=math.nan), "total: the tsui total must be a number of 0 or more (got nan)"),
        (lambda: ScaleScore("bads", items=(("neck", 2), ("neck", 3))), "items: the bads item neck is recorded twice"),
        (
            lambda: ScaleScore("bads", items=(("neck", 1.5),)),
            "items: the bads neck score must be a whole number of 0 or more",
        ),  # type: ignore[arg-type]
        (lambda: Assessment(TODAY, " "), "therapist: the name of the therapist who assessed is required"),
        (
            lambda: Assessment(TODAY, "Jo Patel"),
            "goals: record at least one goal rating, score, measurement or finding",
        ),
        (
            lambda: Assessment(TODAY + dt.timedelta(days=1), "Jo Patel", findings="ok"),
            f"date: the assessment date {(TODAY + dt.timedelta(days=1)).isoformat()} is in the future",
        ),
        (
            lambda: Assessment(TODAY, "Jo Patel", scales=(ScaleScore("tsui", 3), ScaleScore("tsui", 4))),
            "scales: the scale tsui is recorded twice in one assessment",
        ),
        (
            lambda: Assessment(
                TODAY,
                "Jo Patel",
                classifications=(
                    ClassificationLevel(Classification.GMFCS, 2),
                    ClassificationLevel(Classification.GMFCS, 3),
                ),
            ),
            "classifications: the level of GMFCS is recorded twice in one assessment",
        ),
        (
            lambda: Assessment(TODAY, "Jo Patel", findings="ok", plan_revision=2),
            "plan_revision: a plan revision needs the plan it belongs to",
        ),
        (
            lambda: Injection(TODAY + dt.timedelta(days=3), "Neck", "Dr Lee"),
            "date: the injection date",
        ),
        (lambda: Injection(TODAY, "", "Dr Lee"), "muscles: the muscles or region injected is required"),
        (lambda: Injection(TODAY, "Neck", " "), "given_by: who gave the injection is required"),
        (
            lambda: Goal(GoalDomain.POSTURE, "Sit", importance=4),
            "importance: how important the goal is must be a whole number from 0",
        ),
        (
            lambda: Goal(GoalDomain.POSTURE, "Sit", difficulty=-1),
            "difficulty: how hard the goal is must be a whole number from 0",
        ),
        (
            lambda: Goal(GoalDomain.POSTURE, "Sit", gas=("one",)),
            "gas: write all five levels, -2 to +2, or none (got 1)",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 40 else None,
)
def test_bad_values_are_refused_naming_the_field_and_its_range(make: object, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        make()  # type: ignore[operator]
    assert str(raised.value).startswith(message), str(raised.value)


def test_the_error_carries_the_field_and_the_reason_for_a_form_to_show() -> None:
    with pytest.raises(InvalidValue) as raised:
        PainRating(12)
    assert raised.value.field == "score"
    assert raised.value.reason == "the pain score must be a whole number from 0 to 10 (got 12)"
    assert isinstance(raised.value, ValueError)


def test_good_values_are_kept() -> None:
    assessment = Assessment(
        date=TODAY,
        therapist="Jo Patel",
        goals=(GoalRating("Sit for ___ minutes", 1, levels=LEVELS, goal_code="goal.sit"),),
        pain=(PainRating(4, PainScale.FACES, site="left hip"), PainRating(3, "flacc")),  # type: ignore[arg-type]
        scales=(ScaleScore("tsui", 7),),
        classifications=(ClassificationLevel("gmfcs", 4), ClassificationLevel(Classification.MACS, 3)),  # type: ignore[arg-type]
        rom=(
            RomMeasurement("hip_abduction", 30, Side.LEFT),
            RomMeasurement("hip_abduction", 25, Side.RIGHT),
            RomMeasurement("hip_abduction", 35, Side.RIGHT, RomMode.ACTIVE),
            RomMeasurement("ankle_dorsiflexion", -15, "left"),  # type: ignore[arg-type]
        ),
        hips=HipMigration(left_percent=22, right_percent=41),
        findings="Tone higher on the left.",
    )
    assert assessment.pain[1].scale is PainScale.FLACC  # a stored string becomes the enum
    assert assessment.classification(Classification.GMFCS) == 4
    assert assessment.classifications[0].roman == "IV"
    assert assessment.rom[3].side is Side.LEFT
    assert assessment.hips is not None and assessment.hips.worst == 41
    assert assessment.scale("tsui") == ScaleScore("tsui", 7)
    assert assessment.scale("bads") is None


def test_goal_gas_fields_default_and_weight() -> None:
    goal = Goal(GoalDomain.POSTURE, "Sit for ___ minutes")
    assert (goal.gas, goal.importance, goal.difficulty) == ((), 2, 2)
    assert Goal(GoalDomain.POSTURE, "Sit", gas=LEVELS, importance=0, difficulty=3).gas == LEVELS
    assert rating(0, 3, 2).weight == 6


def test_the_same_movement_may_be_recorded_per_side_and_mode_but_not_twice() -> None:
    left = RomMeasurement("hip_abduction", 30, Side.LEFT)
    with pytest.raises(
        ValueError, match=r"^rom: the range of motion of hip_abduction \(left, passive\) is recorded twice"
    ):
        Assessment(TODAY, "Jo Patel", rom=(left, dataclasses.replace(left, degrees=35)))


# --- scale definitions -----------------------------------------------------------------------------

BADS_LIKE = ScaleDefinition(
    code="bads",
    name="Barry-Albright Dystonia Scale",
    short_name="BADS",
    low=0,
    high=8,
    total_from=TotalFrom.ITEMS,
    licence=Licence.PUBLIC_DOMAIN,
    licence_note="public domain",
    items=(ScaleItem("neck", "Neck", 0, 4, ("0", "1", "2", "3", "4")), ScaleItem("trunk", "Trunk", 0, 4)),
)
TWSTRS_LIKE = ScaleDefinition(
    code="twstrs",
    name="Toronto Western Spasmodic Torticollis Rating Scale",
    short_name="TWSTRS",
    low=0,
    high=85,
    total_from=TotalFrom.SUBSCALES,
    licence=Licence.UNCLEAR,
    licence_note="licence unclear: totals only",
    subscales=(
        Subscale("severity", "severity", 0, 35),
        Subscale("disability", "disability", 0, 30),
        Subscale("pain", "pain", 0, 20),
    ),
)
ADDS_LIKE = ScaleDefinition(
    code="adds",
    name="Arm Dystonia Disability Scale",
    short_name="ADDS",
    low=0,
    high=100,
    total_from=TotalFrom.ENTERED,
    licence=Licence.UNCLEAR,
    licence_note="licence unclear: totals only",
    whole_numbers=False,
    higher_is_better=True,
)
HIP_ABDUCTION = RomMovement("hip_abduction", "Hip abduction", "hip", 0, 45, -30, 90)


def test_an_item_scored_scale_adds_up_its_items() -> None:
    checked = BADS_LIKE.check(ScaleScore("bads", items=(("trunk", 1), ("neck", 3))))
    assert checked.total == 4
    assert BADS_LIKE.check(ScaleScore("bads", total=4, items=(("neck", 3), ("trunk", 1)))).total == 4


def test_a_subscale_scored_scale_adds_up_its_subscales_when_all_are_given() -> None:
    whole = ScaleScore("twstrs", subscores=(("severity", 20), ("disability", 12), ("pain", 9)))
    assert TWSTRS_LIKE.check(whole).total == 41
    part = ScaleScore("twstrs", subscores=(("severity", 20),))
    assert TWSTRS_LIKE.check(part).total is None


def test_an_entered_total_may_hold_a_fraction_where_the_scale_allows() -> None:
    assert ADDS_LIKE.check(ScaleScore("adds", 52.4)).total == 52.4
    assert ADDS_LIKE.range_text == "0-100"


@pytest.mark.parametrize(
    ("definition", "score", "message"),
    [
        (
            BADS_LIKE,
            ScaleScore("bads", items=(("neck", 5), ("trunk", 0))),
            "items: the BADS Neck score must be from 0 to 4 (got 5)",
        ),
        (BADS_LIKE, ScaleScore("bads", items=(("neck", 1),)), "items: score every part of the BADS; missing: Trunk"),
        (
            BADS_LIKE,
            ScaleScore("bads", items=(("eyes", 1), ("neck", 1), ("trunk", 1))),
            "items: 'eyes' is not a part of the BADS (use neck, trunk)",
        ),
        (
            BADS_LIKE,
            ScaleScore("bads", total=7, items=(("neck", 3), ("trunk", 1))),
            "total: the BADS total is the sum of its parts, 4 (got 7); check the scores",
        ),
        (BADS_LIKE, ScaleScore("bads", total=9), "total: the BADS total must be from 0 to 8 (got 9)"),
        (
            TWSTRS_LIKE,
            ScaleScore("twstrs", items=(("rotation", 2),)),
            "items: the TWSTRS is recorded as totals only, not item by item (licence unclear",
        ),
        (
            TWSTRS_LIKE,
            ScaleScore("twstrs", subscores=(("disability", 31),)),
            "subscores: the TWSTRS disability score must be from 0 to 30 (got 31)",
        ),
        (
            TWSTRS_LIKE,
            ScaleScore("twstrs", subscores=(("mood", 3),)),
            "subscores: 'mood' is not a subscale of the TWSTRS (use severity, disability, pain)",
        ),
        (
            TWSTRS_LIKE,
            ScaleScore("twstrs", subscores=(("pain", 9.5),)),
            "subscores: the TWSTRS pain score must be a whole number from 0 to 20 (got 9.5)",
        ),
        (
            TWSTRS_LIKE,
            ScaleScore("twstrs", total=40, subscores=(("severity", 20), ("disability", 12), ("pain", 9))),
            "total: the TWSTRS total is the sum of its parts, 41 (got 40)",
        ),
        (TWSTRS_LIKE, ScaleScore("twstrs", total=86), "total: the TWSTRS total must be from 0 to 85 (got 86)"),
        (ADDS_LIKE, ScaleScore("adds", 100.5), "total: the ADDS total must be from 0 to 100 (got 100.5)"),
        (
            ADDS_LIKE,
            ScaleScore("adds", subscores=(("writing", 2),)),
            "subscores: 'writing' is not a subscale of the ADDS (use none: give the total only)",
        ),
    ],
)
def test_scores_outside_the_scale_are_refused(definition: ScaleDefinition, score: ScaleScore, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        definition.check(score)
    assert str(raised.value).startswith(message), str(raised.value)


def test_check_assessment_computes_totals_and_checks_movements() -> None:
    assessment = Assessment(
        TODAY,
        "Jo Patel",
        scales=(ScaleScore("bads", items=(("neck", 2), ("trunk", 2))),),
        rom=(RomMeasurement("hip_abduction", -10, Side.LEFT),),
    )
    checked = check_assessment(assessment, [BADS_LIKE, TWSTRS_LIKE], [HIP_ABDUCTION])
    assert checked.scales[0].total == 4
    assert checked.rom == assessment.rom
    assert assessment.scales[0].total is None  # the snapshot given is unchanged


@pytest.mark.parametrize(
    ("assessment", "message"),
    [
        (
            Assessment(TODAY, "Jo Patel", scales=(ScaleScore("udrs", 3),)),
            "scales: 'udrs' is not a scale Careplan knows (use bads, twstrs)",
        ),
        (
            Assessment(TODAY, "Jo Patel", rom=(RomMeasurement("hip_abduction", 120, Side.LEFT),)),
            "degrees: 120 degrees of hip abduction is outside the plausible range -30 to 90 degrees "
            "(usual range 0 to 45)",
        ),
        (
            Assessment(TODAY, "Jo Patel", rom=(RomMeasurement("toe_wiggle", 10),)),
            "rom: 'toe_wiggle' is not a movement Careplan knows (use hip_abduction)",
        ),
    ],
)
def test_check_assessment_refuses_unknown_scales_and_implausible_angles(assessment: Assessment, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        check_assessment(assessment, [BADS_LIKE, TWSTRS_LIKE], [HIP_ABDUCTION])
    assert str(raised.value).startswith(message), str(raised.value)
