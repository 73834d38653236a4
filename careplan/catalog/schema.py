"""The shape of the library files, checked with pydantic as each file is read.

Every table in a file is one entry.  The models forbid unknown fields so a
misspelt key (``instuctions``) is reported rather than silently ignored.
Bounds come from ``careplan.core.model`` so the library and the plan file agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from careplan.core.audience import default_audiences
from careplan.core.enums import (
    BODY_REGIONS,
    AgeGroup,
    Audience,
    Category,
    CervicalForm,
    EquipmentStatus,
    GoalDomain,
    Kind,
    Pattern,
    Setting,
    SourceType,
    ToxinPhase,
)
from careplan.core.library import OWN_PREFIX, SIDE_PLACEHOLDERS, placeholders_in
from careplan.core.model import DOSAGE_RANGES, TEXT_MAX, TITLE_MAX
from careplan.core.scales import Licence, TotalFrom
from careplan.core.text import check_text

#: Lowercase words joined by dots, at least two parts: ``neck.mirror_midline_hold``.
CODE_PATTERN = re.compile(r"[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+")

#: Body-region codes an entry may name (plan files allow free text; the library keeps to these).
KNOWN_REGIONS: frozenset[str] = frozenset(BODY_REGIONS)

#: A goal's text marks the number or time to fill in with this blank.
GOAL_BLANK = "___"

#: Goal Attainment Scaling: five levels, -2 to +2 (Kiresuk and Sherman 1968; Turner-Stokes 2009).
GAS_LEVELS = 5

_T = TypeVar("_T")


def _fail(message: str) -> PydanticCustomError:
    """A validation error whose message is exactly ``message`` (no placeholders)."""
    return PydanticCustomError("catalog", message)


def _text_checker(limit: int, multiline: bool = True) -> Callable[[str], str]:
    def check(value: str) -> str:
        value = value.strip()
        if not value:
            raise _fail("must not be empty")
        if len(value) > limit:
            raise _fail(f"must be at most {limit} characters (got {len(value)})")
        try:
            return check_text(value, multiline=multiline)
        except ValueError as exc:
            raise _fail(str(exc)) from None

    return check


def _check_code(value: str) -> str:
    if not CODE_PATTERN.fullmatch(value):
        raise _fail(f"must be lowercase words joined by dots, such as 'neck.mirror_midline_hold' (got {value!r})")
    if value.startswith(OWN_PREFIX):
        raise _fail(f"codes starting with {OWN_PREFIX!r} are kept for therapists' own entries (got {value!r})")
    return value


def _check_region(value: str) -> str:
    if value not in KNOWN_REGIONS:
        raise _fail(f"{value!r} is not a body region the library knows (use one of {', '.join(sorted(KNOWN_REGIONS))})")
    return value


#: A source key: lowercase letters, digits and underscores (``bleton2010``).
SOURCE_KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]*")


def _check_source_key(value: str) -> str:
    if not SOURCE_KEY_PATTERN.fullmatch(value):
        raise _fail(f"must be lowercase letters, digits and underscores, such as 'bleton2010' (got {value!r})")
    return value


def _check_placeholders(value: str) -> str:
    unknown = placeholders_in(value) - set(SIDE_PLACEHOLDERS)
    if unknown:
        known = ", ".join("{" + name + "}" for name in SIDE_PLACEHOLDERS)
        raise _fail(f"holds {{{sorted(unknown)[0]}}}, which the program cannot fill in (use {known})")
    return value


Title = Annotated[StrictStr, AfterValidator(_text_checker(TITLE_MAX, multiline=False))]
Text = Annotated[StrictStr, AfterValidator(_text_checker(TEXT_MAX))]
#: Family or school wording: may name a direction with {away_side} or {toward_side}.
Wording = Annotated[StrictStr, AfterValidator(_text_checker(TEXT_MAX)), AfterValidator(_check_placeholders)]
SourceKey = Annotated[StrictStr, AfterValidator(_check_source_key)]
Code = Annotated[StrictStr, AfterValidator(_check_code)]
Region = Annotated[StrictStr, AfterValidator(_check_region)]


def _dose(name: str) -> Any:
    low, high = DOSAGE_RANGES[name]
    return Field(default=None, ge=low, le=high)


def _unique(values: list[_T]) -> list[_T]:
    seen: set[object] = set()
    for value in values:
        if value in seen:
            raise _fail(f"lists {str(value)!r} twice")
        seen.add(value)
    return values


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DosageEntry(_Strict):
    """Default dosage of an exercise; fields and ranges exactly as ``DOSAGE_RANGES``."""

    sets: StrictInt | None = _dose("sets")
    reps: StrictInt | None = _dose("reps")
    hold_seconds: StrictInt | None = _dose("hold_seconds")
    rest_seconds: StrictInt | None = _dose("rest_seconds")
    times_per_day: StrictInt | None = _dose("times_per_day")
    days_per_week: StrictInt | None = _dose("days_per_week")
    minutes: StrictInt | None = _dose("minutes")

    @model_validator(mode="after")
    def _not_empty(self) -> DosageEntry:
        if all(getattr(self, name) is None for name in DOSAGE_RANGES):
            raise _fail(f"give at least one of {', '.join(DOSAGE_RANGES)}")
        return self


class CautionEntry(_Strict):
    text: Text
    family: Text | None = None
    categories: list[Category] = []
    regions: list[Region] = []
    cervical_forms: list[CervicalForm] = []
    patterns: list[Pattern] = []

    @field_validator("categories", "cervical_forms", "regions", "patterns")
    @classmethod
    def _no_repeats(cls, values: list[Any]) -> list[Any]:
        return _unique(values)

    @model_validator(mode="after")
    def _forms_need_cervical(self) -> CautionEntry:
        if self.cervical_forms and self.categories and Category.CERVICAL not in self.categories:
            raise _fail("cervical_forms only matters for cervical dystonia: add 'cervical' to categories")
        return self


class InterventionEntry(_Strict):
    """One ``[[intervention]]`` table."""

    code: Code
    kind: Kind
    title: Title
    instructions: Wording
    categories: Annotated[list[Category], Field(min_length=1)]
    sources: Annotated[list[SourceKey], Field(min_length=1)]
    school_instructions: Wording | None = None
    clinician_note: Text | None = None
    dosage: DosageEntry | None = None
    wear_schedule: Text | None = None
    skin_checks: Text | None = None
    setting: Setting | None = None
    status: EquipmentStatus | None = None
    referral_to: Title | None = None
    referral_reason: Text | None = None
    audiences: Annotated[list[Audience], Field(min_length=1)] | None = None
    regions: list[Region] = []
    cautions: list[CautionEntry] = []
    patterns: list[Pattern] = []
    forms: list[CervicalForm] = []
    easier: Code | None = None
    harder: Code | None = None
    toxin_phases: list[ToxinPhase] = []
    ages: list[AgeGroup] = []
    #: Advice whose main message is a body position (lying, sitting, standing): it needs a drawing.
    positioning: bool | None = None

    @field_validator("categories", "audiences", "sources", "patterns", "forms", "toxin_phases", "ages")
    @classmethod
    def _no_repeats(cls, values: list[Any] | None) -> list[Any] | None:
        return None if values is None else _unique(values)

    @field_validator("regions")
    @classmethod
    def _no_repeated_regions(cls, values: list[str]) -> list[str]:
        return _unique(values)


#: Fields that belong to some kinds only: field -> (kinds it may appear on, kinds that need it).
KIND_FIELDS: dict[str, tuple[frozenset[Kind], frozenset[Kind]]] = {
    "dosage": (frozenset({Kind.EXERCISE, Kind.EQUIPMENT}), frozenset({Kind.EXERCISE})),
    "wear_schedule": (frozenset({Kind.ORTHOSIS}), frozenset({Kind.ORTHOSIS})),
    "skin_checks": (frozenset({Kind.ORTHOSIS}), frozenset({Kind.ORTHOSIS})),
    "setting": (frozenset({Kind.ADVICE}), frozenset({Kind.ADVICE})),
    "positioning": (frozenset({Kind.ADVICE}), frozenset()),
    "status": (frozenset({Kind.EQUIPMENT}), frozenset()),
    "referral_to": (frozenset({Kind.REFERRAL}), frozenset({Kind.REFERRAL})),
    "referral_reason": (frozenset({Kind.REFERRAL}), frozenset({Kind.REFERRAL})),
}

_KIND_NOUN = {
    Kind.EXERCISE: "an exercise",
    Kind.ORTHOSIS: "an orthosis",
    Kind.EQUIPMENT: "equipment",
    Kind.ADVICE: "advice",
    Kind.REFERRAL: "a referral",
    Kind.EDUCATION: "education",
}


def kind_problems(entry: InterventionEntry) -> list[tuple[str, str]]:
    """(field, message) for each field that does not fit the entry's kind, and each caution a
    family or school would read without its plain wording."""
    problems: list[tuple[str, str]] = []

    audiences = set(entry.audiences or default_audiences(entry.kind, entry.setting))
    if audiences - {Audience.CLINICIAN}:
        for n, caution in enumerate(entry.cautions, start=1):
            if caution.family is None:
                problems.append(
                    (f"cautions[{n}].family", "is required: families or schools see this entry, so say it plainly too")
                )
    for name, (allowed, needed) in KIND_FIELDS.items():
        present = getattr(entry, name) is not None
        if present and entry.kind not in allowed:
            kinds = " or ".join(k.value for k in sorted(allowed))
            problems.append((name, f"only used for {kinds} (this entry is {_KIND_NOUN[entry.kind]})"))
        elif not present and entry.kind in needed:
            problems.append((name, f"is required for {_KIND_NOUN[entry.kind]}"))
    return problems


class GoalEntry(_Strict):
    """One ``[[goal]]`` table: a measurable goal with a ``___`` blank."""

    code: Code
    domain: GoalDomain
    text: Text
    sources: Annotated[list[SourceKey], Field(min_length=1)]
    gas: Annotated[list[Text], Field(min_length=GAS_LEVELS, max_length=GAS_LEVELS)]
    categories: list[Category] = []
    ages: list[AgeGroup] = []

    @field_validator("text")
    @classmethod
    def _has_blank(cls, value: str) -> str:
        if GOAL_BLANK not in value:
            raise _fail(f"must hold a {GOAL_BLANK} blank for the number or time to fill in")
        return value

    @field_validator("categories", "sources", "ages", "gas")
    @classmethod
    def _no_repeats(cls, values: list[Any]) -> list[Any]:
        return _unique(values)


class TemplateEntry(_Strict):
    """One ``[[template]]`` table: a starter plan for one category."""

    code: Code
    category: Category
    title: Title
    approach: Text
    interventions: Annotated[list[StrictStr], Field(min_length=1)]
    sources: Annotated[list[SourceKey], Field(min_length=1)]
    goals: list[StrictStr] = []
    patterns: list[Pattern] = []
    ages: list[AgeGroup] = []
    gmfcs: list[Annotated[StrictInt, Field(ge=1, le=5)]] = []

    @field_validator("interventions", "goals", "sources", "patterns", "ages", "gmfcs")
    @classmethod
    def _no_repeats(cls, values: list[Any]) -> list[Any]:
        return _unique(values)


class SourceEntry(_Strict):
    """One ``[[source]]`` table: a work that entries cite by its ``key``."""

    key: SourceKey
    type: SourceType
    authors: Title
    #: Leave out for a web page that shows no date ("n.d." is printed).
    year: Annotated[StrictInt, Field(ge=1900, le=2100)] | None = None
    title: Text
    published_in: Text
    checked: bool
    doi: Annotated[StrictStr, Field(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    url: Annotated[StrictStr, Field(pattern=r"^https?://\S+$")] | None = None


class ActionLevelEntry(_Strict):
    """One level of the dystonia action plan (``[[action_level]]``)."""

    colour: Literal["green", "amber", "red"]
    heading: Title
    signs: Annotated[list[Text], Field(min_length=1)]
    actions: Annotated[list[Text], Field(min_length=1)]
    call: list[Literal["emergency", "family", "therapist", "team", "clinic"]] = []


class ActionPlanEntry(_Strict):
    """``[action_plan]``: the dystonia action plan's wording, before it is personalised."""

    title: Title
    intro: Text
    triggers: Annotated[list[Text], Field(min_length=1)]
    sources: Annotated[list[SourceKey], Field(min_length=1)]
    levels: Annotated[list[ActionLevelEntry], Field(min_length=3, max_length=3)]

    @model_validator(mode="after")
    def _green_amber_red(self) -> ActionPlanEntry:
        if [level.colour for level in self.levels] != ["green", "amber", "red"]:
            raise _fail("levels must be green, then amber, then red")
        if "emergency" not in self.levels[-1].call or self.levels[-1].call[0] != "emergency":
            raise _fail("the red level must call the emergency number first")
        return self


class LibraryHeader(_Strict):
    """``library.toml``: the version plans record, and who looks after the library."""

    version: Annotated[StrictStr, Field(pattern=r"^\d{4}\.\d{2}(?:\.\d+)?$")]
    title: Title | None = None
    maintainer: Text | None = None


#: A scale, item, subscale or movement code: one lowercase word (``bads``, ``neck_rotation``),
#: as assessments and plan files record it.
SIMPLE_CODE_PATTERN = re.compile(r"[a-z][a-z0-9_]*")


def _check_simple_code(value: str) -> str:
    if not SIMPLE_CODE_PATTERN.fullmatch(value):
        raise _fail(f"must be lowercase letters, digits and underscores, such as 'neck_rotation' (got {value!r})")
    return value


SimpleCode = Annotated[StrictStr, AfterValidator(_check_simple_code)]
Score = StrictInt | StrictFloat


class ScaleItemEntry(_Strict):
    """One item of a public-domain scale (``[[scale.items]]``), with a descriptor for each score."""

    code: SimpleCode
    name: Title
    low: Annotated[StrictInt, Field(ge=0)] = 0
    high: Annotated[StrictInt, Field(ge=1, le=100)]
    descriptors: Annotated[list[Text], Field(min_length=2)]


class SubscaleEntry(_Strict):
    code: SimpleCode
    name: Title
    low: Annotated[Score, Field(ge=0)] = 0
    high: Annotated[Score, Field(gt=0)]


class ScaleEntry(_Strict):
    """One ``[[scale]]`` table (``scales.toml``): a scale an assessment can record."""

    code: SimpleCode
    name: Title
    short_name: Title
    low: Annotated[Score, Field(ge=0)] = 0
    high: Annotated[Score, Field(gt=0)]
    total_from: TotalFrom
    licence: Licence
    licence_note: Text
    sources: Annotated[list[SourceKey], Field(min_length=1)]
    categories: list[Category] = []
    subscales: list[SubscaleEntry] = []
    items: list[ScaleItemEntry] = []
    whole_numbers: StrictBool = True
    higher_is_better: StrictBool = False
    range_note: Text | None = None

    @field_validator("categories", "sources")
    @classmethod
    def _no_repeats(cls, values: list[Any]) -> list[Any]:
        return _unique(values)


def _span(low: float, high: float) -> str:
    return f"{low:g}-{high:g}"


def scale_problems(entry: ScaleEntry) -> list[tuple[str, str]]:
    """(field, message) for each part of a scale that does not fit the rest: ranges that do not add
    up, items shipped for a licensed scale, descriptors that do not match the scores."""
    problems: list[tuple[str, str]] = []
    if entry.low >= entry.high:
        problems.append(("high", f"must be more than low ({entry.low:g})"))
    if entry.items and entry.licence is not Licence.PUBLIC_DOMAIN:
        problems.append(("items", "only a public-domain scale may ship its items; record the total of a licensed one"))
    problems.extend(_part_problems("items", entry.items))
    problems.extend(_part_problems("subscales", entry.subscales))
    for n, item in enumerate(entry.items, start=1):
        scores = item.high - item.low + 1
        if len(item.descriptors) != scores:
            problems.append(
                (
                    f"items[{n}].descriptors",
                    f"give one descriptor for each score {item.low}-{item.high} "
                    f"({scores}, got {len(item.descriptors)})",
                )
            )
    if entry.total_from is TotalFrom.ITEMS:
        problems.extend(_sum_problems(entry, entry.items, "items"))
    elif entry.total_from is TotalFrom.SUBSCALES:
        problems.extend(_sum_problems(entry, entry.subscales, "subscales"))
    if entry.total_from is TotalFrom.ENTERED and entry.items:
        problems.append(("total_from", "a scale scored item by item has its total computed: use total_from = 'items'"))
    return problems


def _part_problems(field: str, parts: Sequence[ScaleItemEntry | SubscaleEntry]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for n, part in enumerate(parts, start=1):
        if part.code in seen:
            problems.append((f"{field}[{n}].code", f"{part.code!r} is used twice in this scale"))
        seen.add(part.code)
        if part.low >= part.high:
            problems.append((f"{field}[{n}].high", f"must be more than low ({part.low:g})"))
    return problems


def _sum_problems(
    entry: ScaleEntry, parts: Sequence[ScaleItemEntry | SubscaleEntry], name: str
) -> list[tuple[str, str]]:
    """The total of a scale scored as the sum of its parts has the sum of their ranges."""
    if not parts:
        return [(name, f"is required: the total is the sum of the {name}")]
    low = sum(p.low for p in parts)
    high = sum(p.high for p in parts)
    if (entry.low, entry.high) == (low, high):
        return []
    return [
        (
            "high",
            f"the total's range must be the sum of the {name}' ranges, {_span(low, high)} "
            f"(got {_span(entry.low, entry.high)})",
        )
    ]


class MovementEntry(_Strict):
    """One ``[[movement]]`` table (``scales.toml``): a joint movement whose range is measured."""

    code: SimpleCode
    label: Title
    joint: Title
    normal: Annotated[list[Annotated[StrictInt, Field(ge=-180, le=360)]], Field(min_length=2, max_length=2)]
    plausible: Annotated[list[Annotated[StrictInt, Field(ge=-180, le=360)]], Field(min_length=2, max_length=2)]
    higher_is_better: StrictBool = True

    @model_validator(mode="after")
    def _plausible_holds_normal(self) -> MovementEntry:
        (low, high), (p_low, p_high) = self.normal, self.plausible
        if low >= high or p_low >= p_high:
            raise _fail("each range is [lowest, highest] degrees, lowest first")
        if not (p_low <= low and high <= p_high):
            raise _fail(f"the plausible range {p_low} to {p_high} must hold the normal range {low} to {high}")
        return self


#: Table name in a data file -> the model of each of its entries.
TABLES: dict[str, type[_Strict]] = {
    "intervention": InterventionEntry,
    "goal": GoalEntry,
    "template": TemplateEntry,
    "source": SourceEntry,
    "scale": ScaleEntry,
    "movement": MovementEntry,
}
