"""Re-evaluation: dated assessments and botulinum toxin injections of one patient.

A plan is re-evaluated at each review: how far each goal was reached (Goal Attainment Scaling),
pain, dystonia scales, classification levels, range of motion and hip migration.  Assessments
and injections belong to the patient, are dated and signed, and link to the plan revision that
was current.  These snapshots are immutable and hold no database or Qt objects, like
:mod:`careplan.core.model`; every layer above derives its fields from them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from careplan.core.enums import Side, ToxinPhase
from careplan.core.model import TEXT_MAX, TITLE_MAX
from careplan.core.scales import (
    GAS_LEVELS,
    GAS_RATING_RANGE,
    InvalidValue,
    RomMovement,
    ScaleDefinition,
    check_gas_levels,
    check_name,
    signed_level,
)

if TYPE_CHECKING:  # only for annotations
    from careplan.core.library import LibraryIntervention

#: The assumed correlation between goal outcomes in the GAS T-score formula.
GAS_RHO = 0.3
#: The level at goal setting: -1 as a rule, -2 where no worse outcome is possible (Turner-Stokes 2009).
GAS_BASELINES = (-2, -1)
#: Pain scores run 0-10 on every scale offered.
PAIN_RANGE = (0, 10)
#: GMFCS and MACS levels I-V.
CLASSIFICATION_LEVELS = (1, 5)
#: Reimers' migration percentage: 0 (covered) to 100 (fully out of the socket).
MIGRATION_RANGE = (0, 100)
#: Any joint angle outside this range is a typing error whatever the movement (each movement in
#: the scales catalog has its own, narrower plausible range).
DEGREES_RANGE = (-180, 360)


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_int(name: str, value: object, low: int, high: int, what: str, signed: bool = False) -> None:
    """A whole number from ``low`` to ``high``, or ValueError naming the field in plain words."""
    show = signed_level if signed else str
    if not _whole(value) or not low <= value <= high:  # type: ignore[operator]
        raise InvalidValue(f"{name}: {what} must be a whole number from {show(low)} to {show(high)} (got {value!r})")


def _check_optional_text(name: str, value: object, what: str, limit: int = TEXT_MAX) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise InvalidValue(f"{name}: {what} must be text (got {value!r})")
    if len(value) > limit:
        raise InvalidValue(f"{name}: {what} must be at most {limit} characters (got {len(value)})")


def _check_not_future(name: str, value: object, what: str) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidValue(f"{name}: {what} must be a date (got {value!r})")
    if value > dt.date.today():
        raise InvalidValue(f"{name}: {what} {value.isoformat()} is in the future; record it on or after the day")


def _check_unique(name: str, keys: Iterable[object], what: str) -> None:
    seen: set[object] = set()
    for key in keys:
        if key in seen:
            raise InvalidValue(f"{name}: {what} {key} is recorded twice in one assessment")
        seen.add(key)


class PainScale(StrEnum):
    """How pain was rated; every scale gives a 0-10 score."""

    NRS = "nrs"  # numeric rating scale, self-report
    FACES = "faces"  # Faces Pain Scale - Revised (0, 2, 4, 6, 8, 10), self-report by a child
    FLACC = "flacc"  # observational (face, legs, activity, cry, consolability)
    R_FLACC = "r_flacc"  # revised FLACC, for people with cognitive impairment


class RomMode(StrEnum):
    ACTIVE = "active"
    PASSIVE = "passive"


class Classification(StrEnum):
    """Classification systems recorded as a level I-V only (the descriptors are copyrighted)."""

    GMFCS = "gmfcs"
    MACS = "macs"


_E = TypeVar("_E", bound=StrEnum)


def _enum(name: str, value: object, kind: type[_E], what: str) -> _E:
    """``value`` as a member of ``kind`` (a stored string is accepted), or ValueError listing the choices."""
    try:
        return kind(str(value))
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise InvalidValue(f"{name}: {what} must be one of {choices} (got {value!r})") from None


def _set(obj: object, name: str, value: object) -> None:
    object.__setattr__(obj, name, value)


@dataclass(frozen=True, slots=True)
class GoalRating:
    """One goal of the plan at one assessment: how far it was reached."""

    #: The goal as it was written in the plan (kept, so later plan changes do not rewrite history).
    goal_text: str
    #: The level reached, -2 ... +2.
    achieved: int
    #: The level at goal setting (usually -1; -2 where no worse outcome is possible).
    baseline: int = -1
    importance: int = 2
    difficulty: int = 2
    #: The five level descriptions written at goal setting (-2 ... +2), where there were any.
    levels: tuple[str, ...] = ()
    goal_code: str | None = None
    comment: str | None = None

    def __post_init__(self) -> None:
        check_name("goal_text", self.goal_text, "the goal's wording", TEXT_MAX)
        _check_int("achieved", self.achieved, GAS_LEVELS[0], GAS_LEVELS[-1], "the level reached", signed=True)
        if not _whole(self.baseline) or self.baseline not in GAS_BASELINES:
            raise InvalidValue(
                "baseline: the level at goal setting must be -1, or -2 when no worse outcome is possible "
                f"(got {self.baseline!r})"
            )
        low, high = GAS_RATING_RANGE
        _check_int("importance", self.importance, low, high, "how important the goal is (0 not at all to 3 very)")
        _check_int("difficulty", self.difficulty, low, high, "how hard the goal is (0 not at all to 3 very)")
        check_gas_levels("levels", self.levels)
        _check_optional_text("comment", self.comment, "the comment")

    @property
    def weight(self) -> int:
        """The goal's weight in the T-score: importance x difficulty (Turner-Stokes 2009)."""
        return self.importance * self.difficulty


@dataclass(frozen=True, slots=True)
class PainRating:
    score: int
    scale: PainScale = PainScale.NRS
    #: Where the pain is, in the therapist's words (e.g. "neck", "left hip"), where recorded.
    site: str | None = None

    def __post_init__(self) -> None:
        _set(self, "scale", _enum("scale", self.scale, PainScale, "the pain scale"))
        _check_int("score", self.score, *PAIN_RANGE, "the pain score")
        if self.scale is PainScale.FACES and self.score % 2:
            raise InvalidValue(f"score: on the faces scale the score is 0, 2, 4, 6, 8 or 10 (got {self.score})")
        _check_optional_text("site", self.site, "where the pain is", TITLE_MAX)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True, slots=True)
class ScaleScore:
    """A dystonia scale: item scores (public-domain scales only) or totals (licensed scales)."""

    #: The scale's code in the scales catalog (e.g. "bads", "twstrs").
    scale: str
    #: The total; for an item-scored scale, computed from the items.
    total: float | None = None
    #: Subscale totals by subscale code (e.g. TWSTRS severity, disability, pain).
    subscores: tuple[tuple[str, float], ...] = ()
    #: Item scores by item code, for scales whose items are public domain (e.g. BADS regions).
    items: tuple[tuple[str, int], ...] = ()

    def __post_init__(self) -> None:
        check_name("scale", self.scale, "the scale", TITLE_MAX)
        if self.total is not None and (not _number(self.total) or self.total < 0):
            raise InvalidValue(f"total: the {self.scale} total must be a number of 0 or more (got {self.total!r})")
        for code, value in self.subscores:
            if not _number(value) or value < 0:
                raise InvalidValue(
                    f"subscores: the {self.scale} {code} score must be a number of 0 or more (got {value!r})"
                )
        for code, item in self.items:
            if not _whole(item) or item < 0:
                raise InvalidValue(
                    f"items: the {self.scale} {code} score must be a whole number of 0 or more (got {item!r})"
                )
        _check_unique("subscores", (code for code, _ in self.subscores), f"the {self.scale} subscale")
        _check_unique("items", (code for code, _ in self.items), f"the {self.scale} item")
        if self.total is None and not self.subscores and not self.items:
            raise InvalidValue(f"total: give the {self.scale} total, a subscale score or the item scores")


@dataclass(frozen=True, slots=True)
class ClassificationLevel:
    system: Classification
    level: int

    def __post_init__(self) -> None:
        _set(self, "system", _enum("system", self.system, Classification, "the classification"))
        low, high = CLASSIFICATION_LEVELS
        _check_int("level", self.level, low, high, f"the {self.system.value.upper()} level (I-V)")

    @property
    def roman(self) -> str:
        """The level as it is usually written: I to V."""
        return ("I", "II", "III", "IV", "V")[self.level - 1]


@dataclass(frozen=True, slots=True)
class RomMeasurement:
    """Range of motion of one movement of one joint, in degrees."""

    #: The movement's code in the scales catalog's list of movements (e.g. "neck_rotation").
    movement: str
    degrees: int
    side: Side | None = None
    mode: RomMode = RomMode.PASSIVE

    def __post_init__(self) -> None:
        check_name("movement", self.movement, "the movement", TITLE_MAX)
        if self.side is not None:
            _set(self, "side", _enum("side", self.side, Side, "the side"))
        _set(self, "mode", _enum("mode", self.mode, RomMode, "active or passive"))
        low, high = DEGREES_RANGE
        _check_int("degrees", self.degrees, low, high, f"the range of {self.movement} in degrees")


@dataclass(frozen=True, slots=True)
class HipMigration:
    """Reimers' migration percentage of each hip, from an AP pelvis X-ray."""

    left_percent: int | None = None
    right_percent: int | None = None

    def __post_init__(self) -> None:
        low, high = MIGRATION_RANGE
        for name, side in (("left_percent", "left"), ("right_percent", "right")):
            value = getattr(self, name)
            if value is not None:
                _check_int(name, value, low, high, f"the {side} hip's migration percentage")
        if self.left_percent is None and self.right_percent is None:
            raise InvalidValue("left_percent: give the migration percentage of at least one hip")

    @property
    def worst(self) -> int:
        """The larger migration percentage: the hip that decides the surveillance interval."""
        return max(p for p in (self.left_percent, self.right_percent) if p is not None)


@dataclass(frozen=True, slots=True)
class Assessment:
    """One dated re-evaluation of a patient, by a named therapist."""

    date: dt.date
    therapist: str
    goals: tuple[GoalRating, ...] = ()
    pain: tuple[PainRating, ...] = ()
    scales: tuple[ScaleScore, ...] = ()
    classifications: tuple[ClassificationLevel, ...] = ()
    rom: tuple[RomMeasurement, ...] = ()
    hips: HipMigration | None = None
    #: Free-text findings, for clinicians only (never on a family or school page).
    findings: str | None = None
    #: The plan and its revision that were current when the person was assessed.
    plan_id: int | None = None
    plan_revision: int | None = None
    #: Database id and optimistic-lock version; None until stored.
    id: int | None = None
    version: int | None = None

    def __post_init__(self) -> None:
        _check_not_future("date", self.date, "the assessment date")
        check_name("therapist", self.therapist, "the name of the therapist who assessed")
        _check_optional_text("findings", self.findings, "the findings")
        _check_unique("scales", (s.scale for s in self.scales), "the scale")
        _check_unique("classifications", (c.system.value.upper() for c in self.classifications), "the level of")
        _check_unique(
            "rom",
            (f"{r.movement} ({r.side.value if r.side else 'no side'}, {r.mode.value})" for r in self.rom),
            "the range of motion of",
        )
        if self.plan_revision is not None and self.plan_id is None:
            raise InvalidValue("plan_revision: a plan revision needs the plan it belongs to")
        if not (
            self.goals or self.pain or self.scales or self.classifications or self.rom or self.hips or self.findings
        ):
            raise InvalidValue("goals: record at least one goal rating, score, measurement or finding")

    @property
    def gas_t_score(self) -> float | None:
        return gas_t_score(self.goals)

    @property
    def gas_baseline_t_score(self) -> float | None:
        return gas_baseline_t_score(self.goals)

    def classification(self, system: Classification) -> int | None:
        return next((c.level for c in self.classifications if c.system is system), None)

    def scale(self, code: str) -> ScaleScore | None:
        return next((s for s in self.scales if s.scale == code), None)


@dataclass(frozen=True, slots=True)
class Injection:
    """One botulinum toxin injection session."""

    date: dt.date
    #: The muscles or region injected, in the injector's words.
    muscles: str
    #: Who gave it (name or role).
    given_by: str
    #: Product and dose, where recorded (optional: the injecting clinic keeps the record).
    product: str | None = None
    dose: str | None = None
    id: int | None = None
    version: int | None = None

    def __post_init__(self) -> None:
        _check_not_future("date", self.date, "the injection date")
        check_name("muscles", self.muscles, "the muscles or region injected", TEXT_MAX)
        check_name("given_by", self.given_by, "who gave the injection")
        _check_optional_text("product", self.product, "the product", TITLE_MAX)
        _check_optional_text("dose", self.dose, "the dose", TITLE_MAX)


# --- Goal Attainment Scaling ----------------------------------------------------------------------


def gas_t_score(ratings: Sequence[GoalRating], *, at_baseline: bool = False) -> float | None:
    """The GAS T-score of a set of goals (Kiresuk and Sherman 1968; Turner-Stokes 2009).

    T = 50 + 10·Σwᵢxᵢ / √((1−ρ)Σwᵢ² + ρ(Σwᵢ)²), with ρ = 0.3 and wᵢ = importance × difficulty.
    50 means every goal was reached as expected; about 10 points is one standard deviation.
    ``None`` when there are no goals (there is nothing to score).  When every weight is 0 (each
    goal rated "not at all" important or difficult) the goals count equally (wᵢ = 1), as in the
    unweighted form of the formula; otherwise a goal weighted 0 does not count.  With
    ``at_baseline`` the levels at goal setting are scored instead of the levels reached.
    """
    if not ratings:
        return None
    weights = [r.weight for r in ratings]
    if not any(weights):
        weights = [1] * len(ratings)
    levels = [r.baseline if at_baseline else r.achieved for r in ratings]
    weighted = sum(w * x for w, x in zip(weights, levels, strict=True))
    spread = math.sqrt((1 - GAS_RHO) * sum(w * w for w in weights) + GAS_RHO * sum(weights) ** 2)
    return 50 + 10 * weighted / spread


def gas_baseline_t_score(ratings: Sequence[GoalRating]) -> float | None:
    """The T-score the goals had when they were set (usually about 37-40: every goal at -1)."""
    return gas_t_score(ratings, at_baseline=True)


def check_assessment(
    assessment: Assessment,
    scales: Iterable[ScaleDefinition],
    movements: Iterable[RomMovement],
) -> Assessment:
    """``assessment`` checked against the scales catalog, with each item-scored total computed.

    Raises ValueError naming the scale or movement that is unknown or out of range.
    """
    by_code = {s.code: s for s in scales}
    moves = {m.code: m for m in movements}
    checked = []
    for score in assessment.scales:
        definition = by_code.get(score.scale)
        if definition is None:
            raise InvalidValue(f"scales: {score.scale!r} is not a scale Careplan knows (use {', '.join(by_code)})")
        checked.append(definition.check(score))
    for measurement in assessment.rom:
        movement = moves.get(measurement.movement)
        if movement is None:
            raise InvalidValue(
                f"rom: {measurement.movement!r} is not a movement Careplan knows (use {', '.join(moves)})"
            )
        movement.check(measurement)
    return replace(assessment, scales=tuple(checked))


# --- the botulinum toxin cycle --------------------------------------------------------------------

#: A toxin cycle lasts about 12 weeks: the effect is clear by week 2, strongest about week 4, and
#: re-injection comes at about 12 weeks (Odergren 1998; resources/catalog/toxin-cycle.toml).
TOXIN_CYCLE_WEEKS = 12
#: The first week of each phase: early weeks 0-2, peak weeks 3-8, waning from week 9.
TOXIN_PHASE_STARTS = ((ToxinPhase.EARLY, 0), (ToxinPhase.PEAK, 3), (ToxinPhase.WANING, 9))
#: The review before the next injection is planned for weeks 10-12 of the cycle.
TOXIN_REVIEW_WEEKS = (10, 12)
#: With no new injection for twice the usual cycle, the person is taken to be off toxin: no phase.
TOXIN_CYCLE_LAPSES_AFTER_WEEKS = 2 * TOXIN_CYCLE_WEEKS


def toxin_phase(week: int) -> ToxinPhase:
    """The phase of week ``week`` after an injection (week 0 is the first seven days)."""
    if week < 0:
        raise InvalidValue(f"week: the week of the cycle must be 0 or more (got {week})")
    return [phase for phase, start in TOXIN_PHASE_STARTS if week >= start][-1]


@dataclass(frozen=True, slots=True)
class ToxinCyclePosition:
    """Where a person is in the cycle of their last toxin injection."""

    injection_date: dt.date
    #: Whole weeks since the injection: 0 in the first seven days.
    week: int
    phase: ToxinPhase
    cycle_weeks: int = TOXIN_CYCLE_WEEKS

    @property
    def text(self) -> str:
        """``week 3 of 12``; past the usual cycle, ``week 14 (the usual cycle is 12 weeks)``."""
        if self.week <= self.cycle_weeks:
            return f"week {self.week} of {self.cycle_weeks}"
        return f"week {self.week} (the usual cycle is {self.cycle_weeks} weeks)"

    @property
    def review_window(self) -> bool:
        """True in weeks 10-12 and after: the time to review before the next injection."""
        return self.week >= TOXIN_REVIEW_WEEKS[0]


def _injection_date(injection: Injection | dt.date) -> dt.date:
    return injection.date if isinstance(injection, Injection) else injection


def toxin_cycle_position(injections: Iterable[Injection | dt.date], today: dt.date) -> ToxinCyclePosition | None:
    """The cycle of the latest injection on or before ``today``; None with no injection, or when the
    last one was more than twice the usual cycle ago (no toxin cycle runs any more)."""
    dates = [d for d in map(_injection_date, injections) if d <= today]
    if not dates:
        return None
    last = max(dates)
    week = (today - last).days // 7
    if week > TOXIN_CYCLE_LAPSES_AFTER_WEEKS:
        return None
    return ToxinCyclePosition(injection_date=last, week=week, phase=toxin_phase(week))


def toxin_review_date(injection_date: dt.date) -> dt.date:
    """The first day of week 10 after an injection: the review falls due before the next cycle."""
    return injection_date + dt.timedelta(weeks=TOXIN_REVIEW_WEEKS[0])


def entries_for_phase(entries: Iterable[LibraryIntervention], phase: ToxinPhase) -> tuple[LibraryIntervention, ...]:
    """Library entries tagged as suiting ``phase`` (to suggest now)."""
    return tuple(e for e in entries if phase in e.toxin_phases)


def entries_out_of_phase(entries: Iterable[LibraryIntervention], phase: ToxinPhase) -> tuple[LibraryIntervention, ...]:
    """Library entries tagged for other phases only (to flag in a plan: not the time for them)."""
    return tuple(e for e in entries if e.toxin_phases and phase not in e.toxin_phases)


# --- hip surveillance -----------------------------------------------------------------------------

#: A migration percentage of this or more is a displacing hip: refer to orthopaedics (AACPDM 2017;
#: Queensland's population surveillance fast-tracks MP >= 30% to orthopaedic review).
HIP_DISPLACED_PERCENT = 30
#: The care pathway covers children and young people up to 19 years of age (AACPDM 2017).
HIP_SURVEILLANCE_MAX_AGE = 19


@dataclass(frozen=True, slots=True)
class HipSurveillance:
    """When the next hip X-ray (AP pelvis) is due, and why, in a therapist's words."""

    #: Months to the next X-ray; None when no X-ray is needed.
    months: int | None
    reason: str
    #: True when the hip needs an orthopaedic opinion now.
    refer: bool = False
    #: False where the rule goes beyond what was confirmed in the published pathway (see the README).
    checked: bool = True


def hip_surveillance(migration_percent: int | None, gmfcs_level: int | None, age_years: int) -> HipSurveillance | None:
    """The next hip X-ray for a child with cerebral palsy, from the worse hip's migration percentage,
    the GMFCS level and the age (AACPDM care pathway 2017; Australian guidelines, Wynter 2014).

    None when there is nothing to survey: no level and no X-ray, or past the pathway's age.  The
    pathway also weighs gait type and the change since the last X-ray, which Careplan does not
    record: the intervals below are the regular ones, and an unstable hip needs the team's judgement.
    """
    if (migration_percent is None and gmfcs_level is None) or age_years > HIP_SURVEILLANCE_MAX_AGE:
        return None
    if migration_percent is not None and migration_percent >= HIP_DISPLACED_PERCENT:
        return HipSurveillance(
            6,
            f"migration {migration_percent}% is {HIP_DISPLACED_PERCENT}% or more: the hip is displacing; refer to "
            "orthopaedics and repeat the X-ray in 6 months or as they advise",
            refer=True,
            checked=False,
        )
    if gmfcs_level is None:
        return HipSurveillance(None, "record the GMFCS level to work out when the next hip X-ray is due")
    if gmfcs_level == 1:
        if age_years < 3:
            return HipSurveillance(None, "GMFCS I: review at 3 years of age; no X-ray once GMFCS I is confirmed")
        return HipSurveillance(None, "GMFCS I: no routine hip X-ray needed")
    if gmfcs_level == 2:
        if age_years < 5:
            return HipSurveillance(12, "GMFCS II: X-ray every 12 months until the hips are stable, then at 4-5 years")
        if age_years < 10:
            return HipSurveillance(
                max(12, (8 - age_years) * 12), "GMFCS II: next X-ray at 8-10 years of age", checked=False
            )
        return HipSurveillance(
            None, "GMFCS II with stable hips after 8-10 years of age: surveillance can end", checked=False
        )
    if gmfcs_level == 3:
        return HipSurveillance(12, "GMFCS III: X-ray every 12 months until the hips are stable")
    if age_years < 4:
        return HipSurveillance(
            6, f"GMFCS {('IV', 'V')[gmfcs_level - 4]}: X-ray every 6 months for the first 2 years of surveillance"
        )
    return HipSurveillance(
        12, f"GMFCS {('IV', 'V')[gmfcs_level - 4]}: X-ray every 12 months until the skeleton is mature"
    )


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months (31 January + 1 month is 28 or 29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def hip_surveillance_date(
    assessed: dt.date, hips: HipMigration, gmfcs_level: int | None, date_of_birth: dt.date
) -> dt.date | None:
    """The date the next hip X-ray falls due after the X-ray of ``assessed``; None when none is needed."""
    plan = hip_surveillance(hips.worst, gmfcs_level, _age(date_of_birth, assessed))
    if plan is None or plan.months is None:
        return None
    return add_months(assessed, plan.months)


# --- why a review is due --------------------------------------------------------------------------


class ReviewReason(StrEnum):
    REVIEW_DATE = "review_date"
    TOXIN_CYCLE = "toxin_cycle"
    HIP_SURVEILLANCE = "hip_surveillance"

    @property
    def label(self) -> str:
        return {
            "review_date": "Review date",
            "toxin_cycle": "Toxin cycle",
            "hip_surveillance": "Hip surveillance",
        }[self.value]


@dataclass(frozen=True, slots=True)
class DueReason:
    """One reason a plan's review is due: what, when, and the details in plain words."""

    reason: ReviewReason
    due: dt.date
    detail: str = ""

    @property
    def words(self) -> str:
        """``Toxin cycle: week 10 of 12 since the injection on 2026-09-01``."""
        return f"{self.reason.label}: {self.detail}" if self.detail else self.reason.label


def review_reasons(
    *,
    today: dt.date,
    review_date: dt.date | None = None,
    injections: Iterable[Injection | dt.date] = (),
    hips: HipMigration | None = None,
    hips_assessed: dt.date | None = None,
    gmfcs_level: int | None = None,
    date_of_birth: dt.date | None = None,
    last_assessed: dt.date | None = None,
    within_days: int = 14,
) -> tuple[DueReason, ...]:
    """Every reason a review is due by ``today`` + ``within_days``, soonest first.

    - the plan's review date;
    - the toxin cycle: from week 10 after the latest injection (review before the next one), while
      the cycle runs (no reason once it has lapsed, see ``TOXIN_CYCLE_LAPSES_AFTER_WEEKS``) and until
      an assessment (``last_assessed``) on or after that day;
    - hip surveillance: the next X-ray the last migration percentage, GMFCS level and age imply;
      a displacing hip (``refer``) is due at once, from its X-ray, until a later assessment.
    """
    horizon = today + dt.timedelta(days=within_days)
    reasons: list[DueReason] = []
    if review_date is not None and review_date <= horizon:
        reasons.append(DueReason(ReviewReason.REVIEW_DATE, review_date, "the plan's review date"))
    position = toxin_cycle_position(injections, today)
    if position is not None:
        due = toxin_review_date(position.injection_date)
        reviewed = last_assessed is not None and last_assessed >= due
        if due <= horizon and not reviewed:
            detail = f"{position.text} since the injection on {position.injection_date.isoformat()}"
            reasons.append(DueReason(ReviewReason.TOXIN_CYCLE, due, f"{detail}: review before the next injection"))
    if hips is not None and hips_assessed is not None and date_of_birth is not None:
        plan = hip_surveillance(hips.worst, gmfcs_level, _age(date_of_birth, hips_assessed))
        seen_since = last_assessed is not None and last_assessed > hips_assessed
        if plan is not None and plan.refer and not seen_since:  # a displacing hip cannot wait 6 months
            reasons.append(DueReason(ReviewReason.HIP_SURVEILLANCE, hips_assessed, f"refer now ({plan.reason})"))
        elif plan is not None and plan.months is not None:
            due_x_ray = add_months(hips_assessed, plan.months)
            if due_x_ray <= horizon:
                reasons.append(DueReason(ReviewReason.HIP_SURVEILLANCE, due_x_ray, f"hip X-ray due ({plan.reason})"))
    return tuple(sorted(reasons, key=lambda r: (r.due, r.reason.value)))
