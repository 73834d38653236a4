"""Pydantic models of the plan file (format 2), as ``docs/plan-file.md`` defines it.

These models validate an import and generate ``resources/schema/plan-file.schema.json``.
They describe the file only; ``careplan.planfile.convert`` turns them into core
snapshots and back.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from careplan.core.assessments import Classification, PainScale, RomMode
from careplan.core.enums import (
    Audience,
    Category,
    CervicalForm,
    EquipmentStatus,
    GoalDomain,
    Kind,
    NeckLevel,
    Pattern,
    Setting,
    Side,
)
from careplan.core.library import OWN_PREFIX
from careplan.core.limits import NOUNS
from careplan.core.model import DOSAGE_RANGES, SCHOOL_DAYS_RANGE, TEXT_MAX, TITLE_MAX
from careplan.core.scales import GAS_LEVELS, GAS_RATING_RANGE
from careplan.core.text import check_text
from careplan.images import MAX_BYTES

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _stored(info: ValidationInfo) -> bool:
    """True when validating a plan Careplan stored itself (a revision, a draft): the text and count
    rules below are for what comes in at the door, and must not make an older plan unreadable."""
    return bool(info.context and info.context.get("stored"))


def _text_rule(multiline: bool) -> Any:
    def check(value: str, info: ValidationInfo) -> str:
        if _stored(info):
            return value
        try:
            return check_text(value, multiline=multiline)
        except ValueError as exc:
            raise PydanticCustomError("text_character", str(exc)) from None

    return AfterValidator(check)


#: One line of text: a name, a title, a phone number (no tabs or line breaks).
_ONE_LINE = _text_rule(multiline=False)
#: Text that may run over several lines: instructions, notes (tabs and new lines allowed).
_LINES = _text_rule(multiline=True)
#: The two text rules, and whether each allows several lines (read by ``planfile.saving``).
TEXT_RULES = ((_ONE_LINE, False), (_LINES, True))


def _at_most(field: str, holder: str = "a plan") -> Any:
    """A list limited to what a real plan needs (``careplan.core.limits``), with a plain message."""
    noun, limit = NOUNS[field]

    def check(values: list[Any], info: ValidationInfo) -> list[Any]:
        if len(values) > limit and not _stored(info):
            raise PydanticCustomError(
                "too_many",
                "has {count} {noun}; {holder} can hold at most {limit}",
                {"count": f"{len(values):,}", "noun": noun, "holder": holder, "limit": limit},
            )
        return values

    return [AfterValidator(check), Field(json_schema_extra={"maxItems": limit})]


def _iso_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError(
            "date_format",
            "must be a date written YYYY-MM-DD, e.g. 2026-11-20 (got {got})",
            {"got": repr(value)},
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "date_impossible", "is not a real calendar date (got {got})", {"got": repr(value)}
        ) from None


Title = Annotated[
    str,
    Strict(),
    StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX),
    _ONE_LINE,
]
Text = Annotated[str, Strict(), StringConstraints(max_length=TEXT_MAX), _LINES]
ShortText = Annotated[str, Strict(), StringConstraints(max_length=TITLE_MAX), _ONE_LINE]
Name = Annotated[
    str,
    Strict(),
    StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX),
    _ONE_LINE,
]
#: A body region named in a plan (free text in a plan file; the library keeps to its own codes).
RegionText = Annotated[str, Strict(), StringConstraints(min_length=1, max_length=60), _ONE_LINE]
IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
]


def _bounded(low: int, high: int) -> Any:
    return Annotated[int, Strict(), Field(ge=low, le=high)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class CarerModel(_Model):
    name: Name
    relationship: ShortText | None = None
    phone: ShortText | None = None


class SchoolModel(_Model):
    name: ShortText | None = None
    contact_name: ShortText | None = None
    phone: ShortText | None = None
    email: ShortText | None = None


class PatientModel(_Model):
    given_name: Name
    family_name: Name
    date_of_birth: IsoDate
    identifier: ShortText | None = None
    carers: Annotated[list[CarerModel], *_at_most("carers")] = []
    school: SchoolModel | None = None


class TherapistModel(_Model):
    name: ShortText | None = None
    role: ShortText | None = None
    phone: ShortText | None = None
    email: ShortText | None = None


GoalText = Annotated[str, Strict(), StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_MAX), _LINES]
#: A goal's importance or difficulty for Goal Attainment Scaling (0-3; the weight is their product).
GasRating = Annotated[int, Strict(), Field(ge=GAS_RATING_RANGE[0], le=GAS_RATING_RANGE[1])]
#: A Goal Attainment Scaling level, -2 (much less than expected) ... +2 (much more than expected).
GasLevel = Annotated[int, Strict(), Field(ge=GAS_LEVELS[0], le=GAS_LEVELS[-1])]


def _five_levels(values: list[str]) -> list[str]:
    if len(values) != len(GAS_LEVELS):
        raise PydanticCustomError(
            "gas_levels",
            "must hold five level descriptions, for -2, -1, 0, +1 and +2 in that order (got {count})",
            {"count": len(values)},
        )
    return values


#: What one GAS level means, e.g. "Joins carpet time for 10 minutes" (several lines allowed).
GasText = Annotated[str, Strict(), StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_MAX), _LINES]
GasTexts = Annotated[
    list[GasText],
    AfterValidator(_five_levels),
    Field(
        description="Goal Attainment Scaling: what each level means, -2, -1, 0 (expected), +1, +2.",
        json_schema_extra={"minItems": 5, "maxItems": 5},
    ),
]


class GoalModel(_Model):
    domain: GoalDomain
    text: GoalText
    target_date: IsoDate | None = None
    code: ShortText | None = Field(default=None, description="Library goal this goal was made from.")
    gas: GasTexts | None = None
    importance: GasRating | None = Field(default=None, description="0-3; left out: 2.")
    difficulty: GasRating | None = Field(default=None, description="0-3; left out: 2.")


class DosageModel(_Model):
    sets: _bounded(*DOSAGE_RANGES["sets"]) | None = None  # type: ignore[valid-type]
    reps: _bounded(*DOSAGE_RANGES["reps"]) | None = None  # type: ignore[valid-type]
    hold_seconds: _bounded(*DOSAGE_RANGES["hold_seconds"]) | None = None  # type: ignore[valid-type]
    rest_seconds: _bounded(*DOSAGE_RANGES["rest_seconds"]) | None = None  # type: ignore[valid-type]
    times_per_day: _bounded(*DOSAGE_RANGES["times_per_day"]) | None = None  # type: ignore[valid-type]
    days_per_week: _bounded(*DOSAGE_RANGES["days_per_week"]) | None = None  # type: ignore[valid-type]
    minutes: _bounded(*DOSAGE_RANGES["minutes"]) | None = None  # type: ignore[valid-type]


class PhotoModel(_Model):
    media_type: Literal["image/png", "image/jpeg"]
    #: The picture gate (``careplan.images``) refuses a picture over MAX_BYTES, naming the item; the
    #: schema documents the same limit in base64 characters (4 per 3 bytes) for other tools.
    data: Annotated[
        str,
        Strict(),
        Field(description="The image, base64-encoded.", json_schema_extra={"maxLength": 4 * -(-MAX_BYTES // 3)}),
    ]


class InterventionModel(_Model):
    catalog_code: ShortText | None = Field(
        default=None, description="Library entry; fields left out are taken from it."
    )
    kind: Kind | None = None
    title: Title | None = None
    instructions: Text | None = None
    school_instructions: Text | None = None
    dosage: DosageModel | None = None
    side: Side | None = None
    setting: Setting | None = None
    status: EquipmentStatus | None = None
    wear_schedule: Text | None = None
    skin_checks: Text | None = None
    to: ShortText | None = Field(default=None, description="Referral: the service referred to.")
    reason: Text | None = Field(default=None, description="Referral: why.")
    audiences: list[Audience] | None = None
    clinician_note: Text | None = None
    photo: PhotoModel | None = None
    school_days: (
        Annotated[
            int,
            Strict(),
            Field(
                ge=SCHOOL_DAYS_RANGE[0],
                le=SCHOOL_DAYS_RANGE[1],
                description="An item the family and the school both do: the days a week the school does it; "
                "home does the rest of its days a week.",
            ),
        ]
        | None
    ) = None

    @model_validator(mode="after")
    def _kind_and_title_or_code(self) -> InterventionModel:
        if self.catalog_code is None and (self.kind is None or self.title is None):
            missing = " and ".join(n for n in ("kind", "title") if getattr(self, n) is None)
            raise PydanticCustomError(
                "kind_title_or_code",
                "needs a kind and a title, or a catalog_code from the library ({missing} missing)",
                {"missing": missing},
            )
        return self


class ProgrammeModel(_Model):
    visits: Text | None = None
    home_practice: Text | None = None
    adjustments: Annotated[list[Text], *_at_most("adjustments")] = []


class ContactModel(_Model):
    role: ShortText
    phone: ShortText
    name: ShortText | None = None


class PlanModel(_Model):
    title: Title
    category: Category
    regions: Annotated[list[RegionText], *_at_most("regions")] = []
    therapist: TherapistModel | None = None
    start_date: IsoDate | None = None
    review_date: IsoDate | None = None
    summary: Text | None = None
    goals: Annotated[list[GoalModel], *_at_most("goals")] = []
    interventions: Annotated[list[InterventionModel], *_at_most("interventions")] = []
    programme: ProgrammeModel | None = None
    clinical_notes: Text | None = None
    cervical_form: CervicalForm | None = Field(
        default=None, description="Cervical dystonia: stable or unstable, where recorded."
    )
    gmfcs_level: _bounded(1, 5) | None = Field(  # type: ignore[valid-type]
        default=None, description="Gross Motor Function Classification System level, 1-5."
    )
    catalog_version: ShortText | None = Field(
        default=None, description="Version of the library the items were taken from."
    )
    patterns: list[Pattern] = Field(
        default=[], description="The direction of the pull (neck, jaw, hand task), where recorded."
    )
    pull_side: Literal["left", "right"] | None = Field(
        default=None, description="The side the head turns or tilts towards (or the jaw moves towards)."
    )
    neck_level: NeckLevel | None = Field(
        default=None, description="Neck dystonia: head on neck (caput), neck on trunk (collis) or mixed."
    )
    contacts: Annotated[list[ContactModel], *_at_most("contacts")] = Field(
        default=[], description="The team's numbers, printed on the dystonia action plan."
    )
    template: ShortText | None = Field(
        default=None, description="The starter or own template the plan was started from (its code)."
    )

    @field_validator("patterns")
    @classmethod
    def _patterns_once(cls, values: list[Pattern]) -> list[Pattern]:
        if len(set(values)) != len(values):
            raise PydanticCustomError("repeated", "lists a pattern more than once")
        return values

    @model_validator(mode="after")
    def _review_after_start(self) -> PlanModel:
        if self.start_date and self.review_date and self.review_date < self.start_date:
            raise PydanticCustomError(
                "review_before_start",
                "review_date: must not be before the start date {start} (got {review})",
                {"start": self.start_date.isoformat(), "review": self.review_date.isoformat()},
            )
        return self


def _own_code(value: str) -> str:
    if not value.startswith(OWN_PREFIX) or len(value) <= len(OWN_PREFIX):
        raise PydanticCustomError(
            "own_code",
            "a therapist's own entry needs a code starting with '{prefix}' (got {got})",
            {"prefix": OWN_PREFIX, "got": repr(value)},
        )
    return value


OwnCode = Annotated[str, Strict(), StringConstraints(max_length=120), _ONE_LINE, AfterValidator(_own_code)]


class CautionModel(_Model):
    text: Text
    family: Text | None = None
    categories: list[Category] = []
    regions: Annotated[list[ShortText], *_at_most("regions")] = []
    cervical_forms: list[CervicalForm] = []
    patterns: list[Pattern] = []


class OwnInterventionModel(_Model):
    """A therapist's own library entry, carried with a plan that uses it."""

    code: OwnCode
    kind: Kind
    title: Title
    instructions: Text = ""
    school_instructions: Text | None = None
    clinician_note: Text | None = None
    dosage: DosageModel | None = None
    wear_schedule: Text | None = None
    skin_checks: Text | None = None
    setting: Setting | None = None
    status: EquipmentStatus | None = None
    referral_to: ShortText | None = None
    referral_reason: Text | None = None
    audiences: list[Audience] = []
    categories: list[Category] = []
    regions: Annotated[list[ShortText], *_at_most("regions")] = []
    cautions: Annotated[list[CautionModel], *_at_most("cautions")] = []
    source: ShortText = ""


class OwnGoalModel(_Model):
    code: OwnCode
    domain: GoalDomain
    text: Annotated[str, Strict(), StringConstraints(min_length=1, max_length=TEXT_MAX), _LINES]
    categories: list[Category] = []


class OwnTemplateModel(_Model):
    """A therapist's own template, carried with a plan started from it: what a new plan starts with.
    It holds nothing about a person: an item's side, photo, clinician_note and school_days are not
    kept, and goals carry no target_date."""

    code: OwnCode
    title: Title
    category: Category
    approach: Text = Field(default="", description="What the template is for, in the therapist's words.")
    interventions: Annotated[list[InterventionModel], *_at_most("interventions")] = []
    goals: Annotated[list[GoalModel], *_at_most("goals")] = []
    programme: ProgrammeModel | None = None


class OwnLibraryModel(_Model):
    interventions: Annotated[list[OwnInterventionModel], *_at_most("interventions")] = []
    goals: Annotated[list[OwnGoalModel], *_at_most("goals")] = []
    templates: Annotated[list[OwnTemplateModel], *_at_most("templates")] = Field(
        default=[], description="The therapist's own template the plan was started from."
    )


# --- re-evaluation (format 2) --------------------------------------------------------------------

#: A code in the scales catalog (a scale, a subscale, an item, a movement).
Code = Annotated[str, Strict(), StringConstraints(min_length=1, max_length=60, pattern=r"^[a-z0-9_.]+$")]
Percent = Annotated[int, Strict(), Field(ge=0, le=100)]


class GoalRatingModel(_Model):
    """How far one goal of the plan was reached at an assessment."""

    text: GoalText = Field(description="The goal as it was written in the plan.")
    achieved: GasLevel = Field(description="The level reached, -2 ... +2.")
    baseline: GasLevel | None = Field(default=None, description="The level at goal setting; left out: -1.")
    importance: GasRating | None = Field(default=None, description="0-3; left out: 2.")
    difficulty: GasRating | None = Field(default=None, description="0-3; left out: 2.")
    gas: GasTexts | None = None
    code: ShortText | None = Field(default=None, description="Library goal the goal was made from.")
    comment: Text | None = None


class PainModel(_Model):
    score: Annotated[int, Strict(), Field(ge=0, le=10)] = Field(description="0 (no pain) ... 10 (worst).")
    scale: PainScale = Field(default=PainScale.NRS, description="How it was rated; left out: nrs.")
    site: ShortText | None = Field(default=None, description="Where, in the therapist's words.")


class ScaleScoreModel(_Model):
    scale: Code = Field(description="The scale's code in the scales catalog, e.g. bads, twstrs.")
    total: Annotated[float, Strict()] | None = Field(
        default=None, description="The total; for a scale scored item by item, computed from the items."
    )
    subscores: dict[Code, Annotated[float, Strict()]] = Field(default={}, description="Subscale totals by code.")
    items: dict[Code, Annotated[int, Strict()]] = Field(
        default={}, description="Item scores by code (public-domain scales only, e.g. BADS regions)."
    )


class ClassificationModel(_Model):
    system: Classification
    level: Annotated[int, Strict(), Field(ge=1, le=5)] = Field(description="Level I-V written 1-5.")


class RomModel(_Model):
    movement: Code = Field(description="The movement's code in the scales catalog, e.g. hip_abduction.")
    degrees: Annotated[int, Strict()]
    side: Side | None = None
    mode: RomMode = Field(default=RomMode.PASSIVE, description="active or passive; left out: passive.")


class HipsModel(_Model):
    left_percent: Percent | None = Field(default=None, description="Reimers' migration percentage, left hip.")
    right_percent: Percent | None = Field(default=None, description="Reimers' migration percentage, right hip.")


class AssessmentModel(_Model):
    """One dated re-evaluation of the patient, by a named therapist (``careplan assess`` reads one)."""

    date: IsoDate
    therapist: Name
    goals: Annotated[list[GoalRatingModel], *_at_most("goals", "an assessment")] = []
    pain: Annotated[list[PainModel], *_at_most("pain", "an assessment")] = []
    scales: Annotated[list[ScaleScoreModel], *_at_most("scales", "an assessment")] = []
    classifications: Annotated[list[ClassificationModel], *_at_most("classifications", "an assessment")] = []
    rom: Annotated[list[RomModel], *_at_most("rom", "an assessment")] = []
    hips: HipsModel | None = None
    findings: Text | None = Field(default=None, description="Clinician only: never on a family or school page.")


class InjectionModel(_Model):
    """One botulinum toxin injection session."""

    date: IsoDate
    muscles: Annotated[
        str, Strict(), StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_MAX), _LINES
    ] = Field(description="The muscles or region injected, in the injector's words.")
    given_by: Name = Field(description="Who gave it (a name or a role).")
    product: ShortText | None = None
    dose: ShortText | None = None


class PlanFileModel(_Model):
    """One patient and one care plan, with the patient's assessments and injections (format 2)."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="Careplan plan file",
        json_schema_extra={"$id": "https://careplan.example/schema/plan-file-2.json"},
    )

    format: Literal["careplan-plan"]
    format_version: Literal[1, 2]
    patient: PatientModel
    plan: PlanModel
    own_library: OwnLibraryModel | None = Field(
        default=None, description="The therapist's own library entries (and own template) this plan uses."
    )
    assessments: Annotated[list[AssessmentModel], *_at_most("assessments", "a plan file")] = Field(
        default=[], description="The patient's assessments, oldest first (format 2)."
    )
    injections: Annotated[list[InjectionModel], *_at_most("injections", "a plan file")] = Field(
        default=[], description="The patient's botulinum toxin injections, oldest first (format 2)."
    )


def json_schema() -> dict[str, Any]:
    schema = PlanFileModel.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
