"""Immutable snapshots of patients and care plans.

Every layer above core passes these around: the editor holds one, an edit makes
a new one (``dataclasses.replace``), a save hands one to the storage service and
the PDF renderer reads one.  They hold no database or Qt objects.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

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

TITLE_MAX = 200
TEXT_MAX = 10_000

#: Inclusive bounds of each dosage field, as the plan file defines them.
DOSAGE_RANGES: dict[str, tuple[int, int]] = {
    "sets": (1, 20),
    "reps": (1, 200),
    "hold_seconds": (1, 600),
    "rest_seconds": (0, 600),
    "times_per_day": (1, 12),
    "days_per_week": (1, 7),
    "minutes": (1, 600),
}

#: Inclusive bounds of an item's school days a week (a school week has at most 5 days; 0: home does all).
SCHOOL_DAYS_RANGE = (0, 5)


@dataclass(frozen=True, slots=True)
class Dosage:
    """How much of an exercise: every field optional, whole numbers."""

    sets: int | None = None
    reps: int | None = None
    hold_seconds: int | None = None
    rest_seconds: int | None = None
    times_per_day: int | None = None
    days_per_week: int | None = None
    minutes: int | None = None

    def __post_init__(self) -> None:
        for name, (low, high) in DOSAGE_RANGES.items():
            value = getattr(self, name)
            if value is not None and not low <= value <= high:
                raise ValueError(f"dosage.{name}: must be between {low} and {high} (got {value})")

    def is_empty(self) -> bool:
        return all(getattr(self, name) is None for name in DOSAGE_RANGES)

    def items(self) -> Iterator[tuple[str, int]]:
        for name in DOSAGE_RANGES:
            value = getattr(self, name)
            if value is not None:
                yield name, value


@dataclass(frozen=True, slots=True)
class Carer:
    name: str
    relationship: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class SchoolContact:
    name: str | None = None
    contact_name: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class Patient:
    given_name: str
    family_name: str
    date_of_birth: dt.date
    identifier: str | None = None
    carers: tuple[Carer, ...] = ()
    school: SchoolContact | None = None
    #: Database id; None until stored.
    id: int | None = None

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def age_on(self, day: dt.date | None = None) -> int:
        """Age in whole years on ``day`` (today by default)."""
        day = day or dt.date.today()
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True, slots=True)
class Contact:
    """Someone in the person's team the family or school may need to call (printed on the action plan)."""

    role: str
    phone: str
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Therapist:
    name: str | None = None
    role: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class Goal:
    domain: GoalDomain
    text: str
    target_date: dt.date | None = None
    #: Library goal this was made from, if any.
    code: str | None = None
    #: Goal Attainment Scaling: the five levels -2 ... +2 written at goal setting (copied from the
    #: library goal when the goal is added), or none.
    gas: tuple[str, ...] = ()
    #: How important the goal is to the person and how hard it is, each 0-3 (Turner-Stokes 2009);
    #: their product weights the goal in the GAS T-score.
    importance: int = 2
    difficulty: int = 2

    def __post_init__(self) -> None:
        # Imported here: core.scales imports this module for its text limits.
        from careplan.core.scales import GAS_RATING_RANGE, check_gas_levels

        check_gas_levels("gas", self.gas)
        low, high = GAS_RATING_RANGE
        for name, what in (("importance", "how important the goal is"), ("difficulty", "how hard the goal is")):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ValueError(
                    f"{name}: {what} must be a whole number from {low} (not at all) to {high} (very) (got {value!r})"
                )


@dataclass(frozen=True, slots=True)
class Photo:
    """An image the therapist attached to an item (PNG or JPEG bytes)."""

    media_type: str
    data: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class Intervention:
    kind: Kind
    title: str
    instructions: str | None = None
    #: Wording for school staff where it differs from the family wording.
    school_instructions: str | None = None
    dosage: Dosage | None = None
    side: Side | None = None
    #: For advice: where it applies.
    setting: Setting | None = None
    #: For equipment.
    status: EquipmentStatus | None = None
    #: For orthoses: when to wear it, and what to look for on the skin.
    wear_schedule: str | None = None
    skin_checks: str | None = None
    #: For referrals.
    referral_to: str | None = None
    referral_reason: str | None = None
    audiences: frozenset[Audience] = frozenset()
    #: Library entry this item came from, if any.
    catalog_code: str | None = None
    #: A note for clinicians only (never on family or school handouts).
    clinician_note: str | None = None
    photo: Photo | None = None
    #: For an item both the family and the school do: on how many of its days a week the school does
    #: it (home does the rest), so a dose is neither doubled nor missed.  None: not agreed yet.
    school_days: int | None = None

    def __post_init__(self) -> None:
        if self.setting is Setting.SCHOOL and Audience.SCHOOL not in self.audiences:
            # The one rule for school items: advice whose setting is the school (an assembly seat, a
            # ground-floor classroom) reaches the school handout, whoever else reads it.
            object.__setattr__(self, "audiences", self.audiences | {Audience.SCHOOL})
        if self.school_days is None:
            return
        low, high = SCHOOL_DAYS_RANGE
        if not low <= self.school_days <= high:
            raise ValueError(f"school_days: must be between {low} and {high} (got {self.school_days})")

    @property
    def is_shared(self) -> bool:
        """Both the family and the school do it (so who does it on which days must be said)."""
        return Audience.FAMILY in self.audiences and Audience.SCHOOL in self.audiences

    @property
    def home_days(self) -> int | None:
        """The days a week the family does a shared item: its days a week (every day when unsaid)
        less the school's days; None when the school's days are not agreed.  (More school days than
        days a week is a readiness problem, not a crash: the editor may pass through it.)"""
        if self.school_days is None:
            return None
        return max(self.days_a_week - self.school_days, 0)

    @property
    def days_a_week(self) -> int:
        """Its days a week: the dosage's, or every day when the dosage does not say."""
        return self.dosage.days_per_week if self.dosage and self.dosage.days_per_week else 7

    def is_for(self, audience: Audience) -> bool:
        """The clinician summary shows every item; others only what is addressed to them."""
        return audience is Audience.CLINICIAN or audience in self.audiences


@dataclass(frozen=True, slots=True)
class Programme:
    visits: str | None = None
    home_practice: str | None = None
    adjustments: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Plan:
    title: str
    category: Category
    regions: tuple[str, ...] = ()
    therapist: Therapist = Therapist()
    start_date: dt.date | None = None
    review_date: dt.date | None = None
    summary: str | None = None
    goals: tuple[Goal, ...] = ()
    interventions: tuple[Intervention, ...] = ()
    programme: Programme = Programme()
    clinical_notes: str | None = None
    #: Cervical dystonia only: stable or unstable, where recorded.
    cervical_form: CervicalForm | None = None
    #: Dystonic cerebral palsy: Gross Motor Function Classification level I-V.
    gmfcs_level: int | None = None
    #: Version of the shipped library the items were taken from.
    catalog_version: str | None = None
    #: The direction of the pull (neck, jaw, hand task), where recorded.
    patterns: tuple[Pattern, ...] = ()
    #: The side the head turns or tilts towards (or the jaw moves towards), where recorded.
    pull_side: Side | None = None
    #: Neck dystonia: head on neck (caput), neck on trunk (collis) or both, where recorded.
    neck_level: NeckLevel | None = None
    #: The team's numbers for the dystonia action plan (neurology team, community nurse...).
    contacts: tuple[Contact, ...] = ()
    #: The code of the starter or own template the plan was started from, where it was.
    template: str | None = None

    def __post_init__(self) -> None:
        if self.start_date and self.review_date and self.review_date < self.start_date:
            raise ValueError("review_date: must not be before the start date")
        if self.gmfcs_level is not None and not 1 <= self.gmfcs_level <= 5:
            raise ValueError(f"gmfcs_level: must be between 1 and 5 (got {self.gmfcs_level})")
        if self.pull_side not in (None, Side.LEFT, Side.RIGHT):
            raise ValueError(f"pull_side: must be left or right (got {self.pull_side.value})")

    def replace(self, **changes: object) -> Plan:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class RevisionInfo:
    """Where a stored plan stands: its revision number, when and by whom it was saved."""

    number: int
    saved_at: dt.datetime
    author: str | None = None


@dataclass(frozen=True, slots=True)
class PlanRecord:
    """A plan as stored: the snapshot plus its patient, ids and the version it was loaded at.

    ``version`` is what a save must present to prove it is not stale.
    """

    plan: Plan
    patient: Patient
    plan_id: int | None = None
    version: int | None = None
    revision: RevisionInfo | None = None


@dataclass(frozen=True, slots=True)
class ClinicDetails:
    """The clinic's letterhead, from settings."""

    name: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    logo: Photo | None = None
    #: The number to call in an emergency where the clinic is (printed first on every handout).
    emergency_number: str = "999"


@dataclass(frozen=True, slots=True)
class AppliedCaution:
    """A caution that applies to one item of a plan (or to the plan as a whole when ``item_index`` is None)."""

    item_title: str
    text: str
    item_index: int | None = None
    catalog_code: str | None = None
    #: The same caution in plain words for the family and school (None: for clinicians only).
    family_text: str | None = None
    #: Short citations of the works the caution rests on.
    sources: tuple[str, ...] = ()
