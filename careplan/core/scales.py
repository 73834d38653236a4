"""The scales catalog's definitions and the Goal Attainment Scaling levels: what the library and a plan's
goals need, without the records of an assessment (:mod:`careplan.core.assessments`).

A scale Careplan can record (its range, subscales and items, from ``resources/catalog/scales.toml``),
a range-of-motion movement with its plausible range, and the five GAS levels every goal may describe.
The library holds the definitions, so every handout loads this module; the assessment records load
only where assessments are read or written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from careplan.core.enums import Category
from careplan.core.model import TEXT_MAX, TITLE_MAX

if TYPE_CHECKING:  # only for annotations: core.library imports this module
    from careplan.core.assessments import RomMeasurement, ScaleScore
    from careplan.core.library import Source

#: Goal Attainment Scaling levels: -2 much less than expected ... 0 expected ... +2 much more.
GAS_LEVELS = (-2, -1, 0, 1, 2)
#: Importance and difficulty of a goal are each rated 0-3 (Turner-Stokes 2009); weight = product.
GAS_RATING_RANGE = (0, 3)


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


def signed_level(level: int) -> str:
    return f"+{level}" if level > 0 else str(level)


def check_name(name: str, value: object, what: str, limit: int = TITLE_MAX) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(f"{name}: {what} is required")
    if len(value) > limit:
        raise InvalidValue(f"{name}: {what} must be at most {limit} characters (got {len(value)})")


def check_gas_levels(name: str, levels: Sequence[str]) -> None:
    """Five level texts (-2 ... +2) or none; shared with the plan's ``Goal.gas``."""
    if not levels:
        return
    if len(levels) != len(GAS_LEVELS):
        raise InvalidValue(f"{name}: write all five levels, -2 to +2, or none (got {len(levels)})")
    for level, text in zip(GAS_LEVELS, levels, strict=True):
        check_name(name, text, f"the text of level {signed_level(level)}", TEXT_MAX)


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
    #: False for an angle measured as a deficit (the popliteal angle: larger is tighter), so a
    #: report calls a fall in degrees "better".
    higher_is_better: bool = True

    def check(self, measurement: RomMeasurement) -> None:
        if not self.plausible_low <= measurement.degrees <= self.plausible_high:
            raise InvalidValue(
                f"degrees: {measurement.degrees} degrees of {self.label.lower()} is outside the plausible range "
                f"{self.plausible_low} to {self.plausible_high} degrees (usual range {self.normal_low} to "
                f"{self.normal_high}); check the measurement"
            )
