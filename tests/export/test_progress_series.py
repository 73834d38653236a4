"""The series a progress report charts (``careplan.export.progress_series``): the right numbers, on
the right dates, and the right word (better or worse) for each measure's direction."""

from __future__ import annotations

import datetime as dt

import pytest

from careplan.core.assessments import Assessment, HipMigration, PainRating, PainScale, ScaleScore, gas_t_score
from careplan.export.progress_series import (
    Better,
    Change,
    Measure,
    Series,
    changes,
    direction_word,
    goal_dates,
    goal_tracks,
    progress_measures,
)

from progress_samples import MOVEMENTS, SCALES, SIT, goal, monthly, sparse, worked_example


def by_key(measures: list[Measure]) -> dict[str, Measure]:
    return {m.key: m for m in measures}


def values(series: Series) -> list[float]:
    return [v for _d, v in series.points]


def test_worked_example_numbers() -> None:
    assessments, _injections, _revisions = worked_example()
    found = by_key(progress_measures(assessments, SCALES, MOVEMENTS))
    assert list(found) == ["gas", "pain", "scale:bads", "rom:hip_abduction", "hips"]
    gas = found["gas"].series[0]
    assert values(gas) == [gas_t_score(a.goals) for a in assessments]
    assert [round(v, 1) for v in values(gas)] == [31.7, 40.9, 50.0, 59.1]
    assert values(found["pain"].series[0]) == [6, 4, 3, 2]
    # BADS scored item by item: the total is the sum of the eight regions.
    assert values(found["scale:bads"].series[0]) == [16, 14, 11, 9]
    assert found["scale:bads"].title == "Barry-Albright Dystonia Scale (BADS)"
    assert (found["scale:bads"].low, found["scale:bads"].high) == (0, 32)
    left, right = found["hips"].series
    assert (left.label, values(left)) == ("Left hip", [28, 30, 33, 35])
    assert (right.label, values(right)) == ("Right hip", [22, 22, 24, 25])
    rom = found["rom:hip_abduction"]
    assert rom.title == "Range of motion: Hip abduction"
    assert [(s.label, values(s)) for s in rom.series] == [("Left, passive", [20, 30]), ("Right, passive", [25, 30])]
    assert [d for d, _v in rom.series[0].points] == [dt.date(2026, 1, 12), dt.date(2026, 8, 3)]


@pytest.mark.parametrize(
    ("key", "line", "since_first", "word"),
    [
        ("gas", 0, 27.4, "better"),  # higher GAS is better
        ("pain", 0, -4, "better"),  # lower pain is better
        ("scale:bads", 0, -7, "better"),  # lower dystonia scale score is better
        ("rom:hip_abduction", 0, 10, "better"),  # more range is better
        ("hips", 0, 7, "worse"),  # more hip migration is worse
    ],
)
def test_direction_of_each_measure(key: str, line: int, since_first: float, word: str) -> None:
    assessments, _i, _r = worked_example()
    measure = by_key(progress_measures(assessments, SCALES, MOVEMENTS))[key]
    change = Change(measure, measure.series[line])
    assert change.since_first == pytest.approx(since_first, abs=0.05)
    assert direction_word(change.since_first, measure.better) == word


def test_direction_words() -> None:
    assert direction_word(2, Better.HIGHER) == "better"
    assert direction_word(-2, Better.HIGHER) == "worse"
    assert direction_word(-2, Better.LOWER) == "better"
    assert direction_word(2, Better.LOWER) == "worse"
    assert direction_word(0, Better.LOWER) == "no change"
    assert direction_word(None, Better.LOWER) == ""


def test_a_scale_whose_higher_score_is_better() -> None:
    """The catalog says which way a scale improves (a scale of function, not of severity)."""
    adds = by_key(progress_measures(sparse(), SCALES))["scale:adds"]
    assert adds.better is Better.HIGHER
    change = Change(adds, adds.series[0])
    assert (change.since_first, direction_word(change.since_first, adds.better)) == (15, "better")


def test_a_scale_the_catalog_does_not_know_is_named_by_its_code_and_lower_is_better() -> None:
    measure = by_key(progress_measures(sparse()))["scale:adds"]
    assert (measure.title, measure.better, measure.high) == ("ADDS", Better.LOWER, None)


def test_missing_measures_leave_gaps_not_zeros() -> None:
    found = by_key(progress_measures(sparse(), SCALES))
    assert list(found) == ["gas", "pain", "scale:adds", "hips"]
    pain = found["pain"]
    assert pain.series[0].label == "FLACC (observed)"
    assert pain.series[0].points == ((dt.date(2026, 1, 5), 8), (dt.date(2026, 5, 4), 5))
    assert [s.label for s in found["hips"].series] == ["Left hip"]  # no right hip was measured
    assert found["hips"].dates() == [dt.date(2026, 3, 2), dt.date(2026, 7, 6)]


def test_one_assessment_has_no_change() -> None:
    assessments, _i, _r = worked_example()
    for change in changes(progress_measures(assessments[:1], SCALES, MOVEMENTS)):
        assert change.previous is None
        assert change.since_first is None and change.since_previous is None


def test_since_previous_uses_the_last_value_recorded() -> None:
    """A measure skipped at the last-but-one assessment changes since the value before it."""
    visits = [
        Assessment(dt.date(2026, 1, 1), "Jo", pain=(PainRating(7),)),
        Assessment(dt.date(2026, 2, 1), "Jo", pain=(PainRating(5),)),
        Assessment(dt.date(2026, 3, 1), "Jo", hips=HipMigration(20, 20)),
        Assessment(dt.date(2026, 4, 1), "Jo", pain=(PainRating(6),)),
    ]
    pain = by_key(progress_measures(visits))["pain"]
    change = Change(pain, pain.series[0])
    assert change.previous == (dt.date(2026, 2, 1), 5)
    assert (change.since_previous, direction_word(change.since_previous, pain.better)) == (1, "worse")
    assert (change.since_first, direction_word(change.since_first, pain.better)) == (-1, "better")


def test_pain_by_scale_and_site_and_subscale_lines() -> None:
    visits = [
        Assessment(
            dt.date(2026, 1, 1),
            "Jo",
            pain=(PainRating(4, PainScale.NRS, "neck"), PainRating(2, PainScale.NRS, "left shoulder")),
            scales=(ScaleScore("twstrs2", total=40, subscores=(("severity", 20), ("disability", 12), ("pain", 8))),),
        ),
        Assessment(dt.date(2026, 4, 1), "Jo", pain=(PainRating(3, PainScale.NRS, "neck"),)),
    ]
    found = by_key(progress_measures(visits, SCALES))
    assert [(s.label, values(s)) for s in found["pain"].series] == [
        ("Numeric rating, neck", [4, 3]),
        ("Numeric rating, left shoulder", [2]),
    ]
    twstrs2 = found["scale:twstrs2"]
    assert twstrs2.title == "Revised Toronto Western Spasmodic Torticollis Rating Scale (TWSTRS-2)"
    assert (twstrs2.low, twstrs2.high, twstrs2.better) == (0, 85, Better.LOWER)
    assert [(s.label, values(s)) for s in twstrs2.series] == [
        ("Total", [40]),
        ("Motor severity", [20]),  # the subscale's name in the catalog
        ("Disability", [12]),
        ("Pain", [8]),
    ]


def test_order_of_assessments_does_not_matter() -> None:
    assessments, _i, _r = worked_example()
    assert progress_measures(list(reversed(assessments)), SCALES) == progress_measures(assessments, SCALES)


def test_goals_tracked_by_code_else_by_wording() -> None:
    visits = [
        Assessment(dt.date(2026, 1, 1), "Jo", goals=(goal(SIT, -1), goal("Walk to class", -2, code="g.walk"))),
        Assessment(
            dt.date(2026, 5, 1),
            "Jo",
            goals=(goal("  sit at the TABLE for a whole meal ", 0), goal("Walk to the classroom", -1, code="g.walk")),
        ),
    ]
    tracks = goal_tracks(visits)
    assert [(t.text, [r.achieved for _d, r in t.ratings]) for t in tracks] == [
        ("sit at the TABLE for a whole meal", [-1, 0]),
        ("Walk to the classroom", [-2, -1]),  # the latest wording of a goal reworded in the library
    ]
    assert goal_dates(visits) == [dt.date(2026, 1, 1), dt.date(2026, 5, 1)]


def test_ten_years_monthly() -> None:
    found = by_key(progress_measures(monthly(120), SCALES, MOVEMENTS))
    assert len(found["pain"].series[0].points) == 120
    assert values(found["scale:bads"].series[0])[:3] == [0, 1, 2]
    assert found["rom:elbow_extension"].series[0].label == "Left, active"


def test_values_print_with_a_minus_sign_and_unit() -> None:
    hips = by_key(progress_measures(sparse()))["hips"]
    assert hips.value(-2, signed=True) == "−2%"
    assert hips.value(3, signed=True) == "+3%"
    gas = by_key(progress_measures(worked_example()[0]))["gas"]
    assert gas.value(31.66) == "31.7"
