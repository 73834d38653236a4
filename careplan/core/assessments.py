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
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from careplan.core.enums import Category, Side
from careplan.core.model import TEXT_MAX, TITLE_MAX

if TYPE_CHECKING:  # only for annotations: core.library imports this module
    from careplan.core.library import Source

#: Goal Attainment Scaling levels: -2 much less than expected ... 0 expected ... +2 much more.
GAS_LEVELS = (-2, -1, 0, 1, 2)
#: Importance and difficulty of a goal are each rated 0-3 (Turner-Stokes 2009); weight = product.
GAS_RATING_RANGE = (0, 3)
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


class InvalidValue(ValueError):
    """A value an assessment, injection or scale cannot hold.

    The message starts with the field's name and a colon (``score: the pain score must be a whole
    number from 0 to 10 (got 11)``); ``field`` is that name and ``reason`` the words after it, so a
    form can show the reason beside the field and a file import can prefix where it was read.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        field_name, _, reason = message.partition(": ")
        self.field = field_name
        self.reason = reason


def _signed(level: int) -> str:
    return f"+{level}" if level > 0 else str(level)


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_int(name: str, value: object, low: int, high: int, what: str, signed: bool = False) -> None:
    """A whole number from ``low`` to ``high``, or ValueError naming the field in plain words."""
    show = _signed if signed else str
    if not _whole(value) or not low <= value <= high:  # type: ignore[operator]
        raise InvalidValue(f"{name}: {what} must be a whole number from {show(low)} to {show(high)} (got {value!r})")


def _check_name(name: str, value: object, what: str, limit: int = TITLE_MAX) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(f"{name}: {what} is required")
    if len(value) > limit:
        raise InvalidValue(f"{name}: {what} must be at most {limit} characters (got {len(value)})")


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
        _check_name("goal_text", self.goal_text, "the goal's wording", TEXT_MAX)
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


def check_gas_levels(name: str, levels: Sequence[str]) -> None:
    """Five level texts (-2 ... +2) or none; shared with the plan's ``Goal.gas``."""
    if not levels:
        return
    if len(levels) != len(GAS_LEVELS):
        raise InvalidValue(f"{name}: write all five levels, -2 to +2, or none (got {len(levels)})")
    for level, text in zip(GAS_LEVELS, levels, strict=True):
        _check_name(name, text, f"the text of level {_signed(level)}", TEXT_MAX)


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
        _check_name("scale", self.scale, "the scale", TITLE_MAX)
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
        _check_name("movement", self.movement, "the movement", TITLE_MAX)
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
        _check_name("therapist", self.therapist, "the name of the therapist who assessed")
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
        _check_name("muscles", self.muscles, "the muscles or region injected", TEXT_MAX)
        _check_name("given_by", self.given_by, "who gave the injection")
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


# --- the scales catalog ---------------------------------------------------------------------------


class Licence(StrEnum):
    """Whether a scale's wording may be shipped, which decides what Careplan records of it."""

    #: Items and descriptors may be shipped: scored item by item, the total computed.
    PUBLIC_DOMAIN = "public_domain"
    #: The owner's permission is needed for each use: the total (and subscale totals) only.
    PERMISSION = "permission"
    #: The licence could not be confirmed: treated like PERMISSION.
    UNCLEAR = "unclear"


class TotalFrom(StrEnum):
    """Where a scale's total comes from."""

    ITEMS = "items"  # the sum of the item scores (BADS)
    SUBSCALES = "subscales"  # the sum of the subscale totals, when all are given (TWSTRS)
    ENTERED = "entered"  # entered as scored on the licensed form (CDQ-24, ADDS)


def _show(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass(frozen=True, slots=True)
class ScaleItem:
    """One item of a public-domain scale, e.g. a BADS body region scored 0-4."""

    code: str
    name: str
    low: int
    high: int
    #: What each score means, from ``low`` to ``high``, in Careplan's own words.
    descriptors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Subscale:
    code: str
    name: str
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class ScaleDefinition:
    """A dystonia scale Careplan can record, from ``resources/catalog/scales.toml``."""

    code: str
    name: str
    short_name: str
    low: float
    high: float
    total_from: TotalFrom
    licence: Licence
    #: Why only totals are recorded (or why items may be), for the therapist.
    licence_note: str
    categories: frozenset[Category] = frozenset()
    subscales: tuple[Subscale, ...] = ()
    items: tuple[ScaleItem, ...] = ()
    #: False for scales that allow fractions (a percentage such as the ADDS 52.4%).
    whole_numbers: bool = True
    #: True where a higher score is better (ADDS: 100% is no disability); charts say so.
    higher_is_better: bool = False
    #: Where the ranges could not be confirmed in a published source, why (shown with the scale).
    range_note: str | None = None
    sources: tuple[Source, ...] = field(default=(), compare=False)

    def suits(self, category: Category) -> bool:
        return not self.categories or category in self.categories

    @property
    def range_text(self) -> str:
        return f"{_show(self.low)}-{_show(self.high)}"

    def check(self, score: ScaleScore) -> ScaleScore:
        """``score`` checked against this scale, with its total computed where the scale computes it.

        Raises ValueError naming the scale, the part and its allowed range.
        """
        items = self._checked_items(score)
        subscores = self._checked_subscores(score)
        total = score.total
        computed: float | None = None
        if self.total_from is TotalFrom.ITEMS and items:
            computed = sum(items.values())
        elif self.total_from is TotalFrom.SUBSCALES and self.subscales and len(subscores) == len(self.subscales):
            computed = sum(subscores.values())
        if computed is not None:
            if total is not None and total != computed:
                raise InvalidValue(
                    f"total: the {self.short_name} total is the sum of its parts, {_show(computed)} "
                    f"(got {_show(total)}); check the scores"
                )
            total = computed
        if total is not None:
            self._check_value("total", f"the {self.short_name} total", total, self.low, self.high)
        return replace(score, total=total)

    def _check_value(self, name: str, what: str, value: float, low: float, high: float) -> None:
        if self.whole_numbers and not float(value).is_integer():
            raise InvalidValue(
                f"{name}: {what} must be a whole number from {_show(low)} to {_show(high)} (got {value:g})"
            )
        if not low <= value <= high:
            raise InvalidValue(f"{name}: {what} must be from {_show(low)} to {_show(high)} (got {_show(value)})")

    def _checked_items(self, score: ScaleScore) -> dict[str, int]:
        given = dict(score.items)
        if given and not self.items:
            raise InvalidValue(
                f"items: the {self.short_name} is recorded as totals only, not item by item ({self.licence_note})"
            )
        known = {item.code: item for item in self.items}
        for code in given:
            if code not in known:
                raise InvalidValue(f"items: {code!r} is not a part of the {self.short_name} (use {', '.join(known)})")
        if given:
            missing = [item.name for item in self.items if item.code not in given]
            if missing:
                raise InvalidValue(f"items: score every part of the {self.short_name}; missing: {', '.join(missing)}")
            for item in self.items:
                self._check_value(
                    "items", f"the {self.short_name} {item.name} score", given[item.code], item.low, item.high
                )
        return given

    def _checked_subscores(self, score: ScaleScore) -> dict[str, float]:
        given = dict(score.subscores)
        known = {sub.code: sub for sub in self.subscales}
        for code, value in given.items():
            sub = known.get(code)
            if sub is None:
                parts = ", ".join(known) or "none: give the total only"
                raise InvalidValue(f"subscores: {code!r} is not a subscale of the {self.short_name} (use {parts})")
            self._check_value("subscores", f"the {self.short_name} {sub.name} score", value, sub.low, sub.high)
        return given


@dataclass(frozen=True, slots=True)
class RomMovement:
    """A joint movement whose range is measured, with the range a measurement can plausibly take."""

    code: str
    label: str
    joint: str
    #: The usual full range in degrees (shown beside the entry field).
    normal_low: int
    normal_high: int
    #: A measurement outside this range is a typing or measuring error.
    plausible_low: int
    plausible_high: int

    def check(self, measurement: RomMeasurement) -> None:
        if not self.plausible_low <= measurement.degrees <= self.plausible_high:
            raise InvalidValue(
                f"degrees: {measurement.degrees} degrees of {self.label.lower()} is outside the plausible range "
                f"{self.plausible_low} to {self.plausible_high} degrees (usual range {self.normal_low} to "
                f"{self.normal_high}); check the measurement"
            )


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
