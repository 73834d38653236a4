"""careplan.core.assessments, part two: the toxin cycle ("week 3 of 12" and its phase), the hip
surveillance interval by GMFCS level, migration percentage and age, and why a review is due."""

from __future__ import annotations

import datetime as dt

import pytest

from careplan.catalog import load_library
from careplan.core.assessments import (
    DueReason,
    HipMigration,
    Injection,
    ReviewReason,
    ToxinCyclePosition,
    add_months,
    entries_for_phase,
    entries_out_of_phase,
    hip_surveillance,
    hip_surveillance_date,
    review_reasons,
    toxin_cycle_position,
    toxin_phase,
    toxin_review_date,
)
from careplan.core.enums import ToxinPhase
from careplan.core.scales import InvalidValue

INJECTED = dt.date(2026, 9, 1)


# --- the toxin cycle -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("week", "phase"),
    [
        (0, ToxinPhase.EARLY),
        (2, ToxinPhase.EARLY),
        (3, ToxinPhase.PEAK),
        (8, ToxinPhase.PEAK),
        (9, ToxinPhase.WANING),
        (12, ToxinPhase.WANING),
        (20, ToxinPhase.WANING),
    ],
)
def test_the_phase_of_each_week(week: int, phase: ToxinPhase) -> None:
    assert toxin_phase(week) is phase


def test_a_negative_week_is_refused() -> None:
    with pytest.raises(InvalidValue, match=r"^week: the week of the cycle must be 0 or more \(got -1\)$"):
        toxin_phase(-1)


@pytest.mark.parametrize(
    ("days", "week", "phase", "text"),
    [
        (0, 0, ToxinPhase.EARLY, "week 0 of 12"),
        (20, 2, ToxinPhase.EARLY, "week 2 of 12"),
        (21, 3, ToxinPhase.PEAK, "week 3 of 12"),
        (62, 8, ToxinPhase.PEAK, "week 8 of 12"),
        (63, 9, ToxinPhase.WANING, "week 9 of 12"),
        (84, 12, ToxinPhase.WANING, "week 12 of 12"),
        (98, 14, ToxinPhase.WANING, "week 14 (the usual cycle is 12 weeks)"),
    ],
)
def test_the_position_in_the_cycle(days: int, week: int, phase: ToxinPhase, text: str) -> None:
    position = toxin_cycle_position([INJECTED], INJECTED + dt.timedelta(days=days))
    assert position == ToxinCyclePosition(INJECTED, week, phase)
    assert position.text == text
    assert position.review_window is (week >= 10)


def test_the_latest_injection_up_to_today_counts() -> None:
    earlier = Injection(dt.date(2026, 6, 1), "Neck", "Dr Lee")
    later = Injection(INJECTED, "Neck", "Dr Lee")
    today = INJECTED + dt.timedelta(days=30)
    position = toxin_cycle_position([later, earlier], today)
    assert position is not None and position.injection_date == INJECTED and position.week == 4
    # Seen from before the later injection, the earlier one's cycle is running.
    before = toxin_cycle_position([later, earlier], INJECTED - dt.timedelta(days=1))
    assert before is not None and before.injection_date == dt.date(2026, 6, 1) and before.week == 13


def test_no_injection_or_a_lapsed_cycle_has_no_position() -> None:
    assert toxin_cycle_position([], INJECTED) is None
    assert toxin_cycle_position([INJECTED + dt.timedelta(days=1)], INJECTED) is None  # not yet given
    assert toxin_cycle_position([INJECTED], INJECTED + dt.timedelta(weeks=24, days=6)) is not None
    assert toxin_cycle_position([INJECTED], INJECTED + dt.timedelta(weeks=25)) is None


def test_the_toxin_review_falls_at_the_start_of_week_10() -> None:
    assert toxin_review_date(INJECTED) == dt.date(2026, 11, 10)  # 70 days later
    position = toxin_cycle_position([INJECTED], toxin_review_date(INJECTED))
    assert position is not None and position.week == 10 and position.review_window


def test_library_entries_for_the_phase_and_out_of_it() -> None:
    library = load_library()
    peak = {e.code for e in entries_for_phase(library.interventions, ToxinPhase.PEAK)}
    waning = {e.code for e in entries_for_phase(library.interventions, ToxinPhase.WANING)}
    flagged_in_waning = {e.code for e in entries_out_of_phase(library.interventions, ToxinPhase.WANING)}
    assert "neck.eyes_closed_midline" in peak and "neck.eyes_closed_midline" in flagged_in_waning
    assert "neck.turn_against_pull" in waning and "neck.turn_against_pull" not in flagged_in_waning
    assert "toxin.cycle_overview" in peak and "toxin.cycle_overview" in waning
    untagged = next(e for e in library.interventions if not e.toxin_phases)
    assert untagged.code not in peak | waning | flagged_in_waning


# --- hip surveillance ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "gmfcs", "age", "months", "refer", "reason"),
    [
        (20, 4, 3, 6, False, "GMFCS IV: X-ray every 6 months for the first 2 years of surveillance"),
        (20, 5, 2, 6, False, "GMFCS V: X-ray every 6 months for the first 2 years of surveillance"),
        (25, 4, 6, 12, False, "GMFCS IV: X-ray every 12 months until the skeleton is mature"),
        (29, 5, 12, 12, False, "GMFCS V: X-ray every 12 months until the skeleton is mature"),
        (30, 5, 12, 6, True, "migration 30% is 30% or more: the hip is displacing; refer to orthopaedics"),
        (15, 3, 4, 12, False, "GMFCS III: X-ray every 12 months until the hips are stable"),
        (10, 2, 3, 12, False, "GMFCS II: X-ray every 12 months until the hips are stable, then at 4-5 years"),
        (10, 2, 6, 24, False, "GMFCS II: next X-ray at 8-10 years of age"),
        (10, 2, 9, 12, False, "GMFCS II: next X-ray at 8-10 years of age"),
        (10, 2, 11, None, False, "GMFCS II with stable hips after 8-10 years of age: surveillance can end"),
        (None, 1, 2, None, False, "GMFCS I: review at 3 years of age; no X-ray once GMFCS I is confirmed"),
        (5, 1, 4, None, False, "GMFCS I: no routine hip X-ray needed"),
        (31, 2, 6, 6, True, "migration 31% is 30% or more: the hip is displacing; refer to orthopaedics"),
        (45, None, 6, 6, True, "migration 45% is 30% or more"),
        (20, None, 6, None, False, "record the GMFCS level to work out when the next hip X-ray is due"),
    ],
)
def test_the_next_hip_x_ray(
    percent: int | None, gmfcs: int | None, age: int, months: int | None, refer: bool, reason: str
) -> None:
    plan = hip_surveillance(percent, gmfcs, age)
    assert plan is not None
    assert (plan.months, plan.refer) == (months, refer)
    assert plan.reason.startswith(reason), plan.reason


def test_no_hip_surveillance_without_data_or_past_19() -> None:
    assert hip_surveillance(None, None, 5) is None
    assert hip_surveillance(20, 4, 20) is None
    assert hip_surveillance(20, 4, 19) is not None


def test_rules_beyond_the_confirmed_pathway_are_marked_unchecked() -> None:
    assert hip_surveillance(20, 4, 3).checked  # type: ignore[union-attr]
    assert not hip_surveillance(35, 4, 3).checked  # type: ignore[union-attr]
    assert not hip_surveillance(10, 2, 6).checked  # type: ignore[union-attr]
    assert not hip_surveillance(10, 2, 11).checked  # type: ignore[union-attr]
    assert hip_surveillance(10, 3, 6).checked  # type: ignore[union-attr]


def test_add_months_keeps_to_the_calendar() -> None:
    assert add_months(dt.date(2026, 1, 31), 6) == dt.date(2026, 7, 31)
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2026, 12, 15), 12) == dt.date(2027, 12, 15)


def test_the_date_of_the_next_hip_x_ray() -> None:
    born = dt.date(2023, 1, 1)
    assert hip_surveillance_date(dt.date(2026, 1, 31), HipMigration(20, 25), 4, born) == dt.date(2026, 7, 31)
    assert hip_surveillance_date(dt.date(2027, 3, 1), HipMigration(right_percent=20), 4, born) == dt.date(2028, 3, 1)
    assert hip_surveillance_date(dt.date(2026, 1, 31), HipMigration(5, 5), 1, born) is None


# --- why a review is due ---------------------------------------------------------------------------

TODAY = dt.date(2026, 11, 30)
BORN = dt.date(2022, 3, 1)


def test_each_reason_with_its_date_soonest_first() -> None:
    reasons = review_reasons(
        today=TODAY,
        review_date=dt.date(2026, 12, 1),
        injections=[Injection(INJECTED, "Both calves", "Dr Lee"), dt.date(2026, 6, 2)],
        hips=HipMigration(22, 28),
        hips_assessed=dt.date(2026, 6, 1),  # age 4 at the X-ray, GMFCS IV: 12 months
        gmfcs_level=4,
        date_of_birth=BORN,
    )
    assert reasons == (
        DueReason(
            ReviewReason.TOXIN_CYCLE,
            dt.date(2026, 11, 10),
            "week 12 of 12 since the injection on 2026-09-01: review before the next injection",
        ),
        DueReason(ReviewReason.REVIEW_DATE, dt.date(2026, 12, 1), "the plan's review date"),
    )
    assert reasons[0].words.startswith("Toxin cycle: week 12 of 12")
    assert reasons[1].words == "Review date: the plan's review date"


def test_hip_surveillance_is_a_reason_when_its_x_ray_falls_due() -> None:
    reasons = review_reasons(
        today=TODAY,
        hips=HipMigration(22, 35),
        hips_assessed=dt.date(2026, 6, 1),
        gmfcs_level=4,
        date_of_birth=BORN,
        last_assessed=dt.date(2026, 7, 1),
    )
    assert [(r.reason, r.due) for r in reasons] == [(ReviewReason.HIP_SURVEILLANCE, dt.date(2026, 12, 1))]
    assert reasons[0].words.startswith("Hip surveillance: hip X-ray due (migration 35% is 30% or more")


@pytest.mark.parametrize("last_assessed", [None, dt.date(2026, 6, 1)])
def test_a_displacing_hip_is_due_for_referral_at_once_not_in_six_months(last_assessed: dt.date | None) -> None:
    # Migration >= 30% means an orthopaedic referral now: due from the X-ray until a later assessment.
    reasons = review_reasons(
        today=TODAY,
        hips=HipMigration(22, 35),
        hips_assessed=dt.date(2026, 6, 1),
        gmfcs_level=4,
        date_of_birth=BORN,
        last_assessed=last_assessed,
    )
    assert [(r.reason, r.due) for r in reasons] == [(ReviewReason.HIP_SURVEILLANCE, dt.date(2026, 6, 1))]
    assert reasons[0].words.startswith("Hip surveillance: refer now (migration 35% is 30% or more")


def test_nothing_is_due_beyond_the_horizon_or_after_a_lapsed_cycle() -> None:
    assert review_reasons(today=TODAY, review_date=dt.date(2026, 12, 15)) == ()
    assert len(review_reasons(today=TODAY, review_date=dt.date(2026, 12, 14))) == 1
    assert review_reasons(today=TODAY, injections=[TODAY - dt.timedelta(weeks=30)]) == ()
    # Week 10 starts in 21 days: not yet; in 14 days: due (the horizon is 14 days, inclusive).
    assert review_reasons(today=TODAY, injections=[TODAY - dt.timedelta(weeks=7)]) == ()
    due = review_reasons(today=TODAY, injections=[TODAY - dt.timedelta(weeks=8)])
    assert [(r.reason, r.due) for r in due] == [(ReviewReason.TOXIN_CYCLE, TODAY + dt.timedelta(days=14))]
    assert review_reasons(today=TODAY, injections=[TODAY - dt.timedelta(weeks=8)], within_days=13) == ()
    # Without the date of birth the hip interval cannot be worked out: no reason rather than a guess.
    assert review_reasons(today=TODAY, hips=HipMigration(50, 50), hips_assessed=dt.date(2025, 1, 1)) == ()


def test_an_assessment_in_the_review_window_answers_the_toxin_reason() -> None:
    injected = [INJECTED]
    due = toxin_review_date(INJECTED)
    assert review_reasons(today=TODAY, injections=injected, last_assessed=due) == ()
    assert review_reasons(today=TODAY, injections=injected, last_assessed=TODAY) == ()
    still = review_reasons(today=TODAY, injections=injected, last_assessed=due - dt.timedelta(days=1))
    assert [r.reason for r in still] == [ReviewReason.TOXIN_CYCLE]


def test_review_reason_labels() -> None:
    assert [r.label for r in ReviewReason] == ["Review date", "Toxin cycle", "Hip surveillance"]
