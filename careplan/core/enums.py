"""The closed vocabularies of a care plan.

Each enum's value is the code written in plan files and the database; ``label``
is the wording a therapist sees on screen.
"""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    """Dystonia category, by body distribution (Albanese et al. 2013)."""

    CERVICAL = "cervical"
    HAND = "hand"
    FOCAL_OTHER = "focal_other"
    SEGMENTAL = "segmental"
    MULTIFOCAL = "multifocal"
    HEMIDYSTONIA = "hemidystonia"
    GENERALISED = "generalised"
    DYSTONIC_CP = "dystonic_cp"

    @property
    def label(self) -> str:
        return _CATEGORY_LABELS[self][0]

    @property
    def description(self) -> str:
        return _CATEGORY_LABELS[self][1]

    @property
    def is_focal(self) -> bool:
        return self in (Category.CERVICAL, Category.HAND, Category.FOCAL_OTHER)


_CATEGORY_LABELS: dict[Category, tuple[str, str]] = {
    Category.CERVICAL: (
        "Cervical (neck)",
        "Focal dystonia of the neck: torticollis, laterocollis, anterocollis, retrocollis, head tremor.",
    ),
    Category.HAND: (
        "Hand (task-specific)",
        "Focal hand dystonia such as writer's cramp or musician's dystonia.",
    ),
    Category.FOCAL_OTHER: (
        "Other focal",
        "One other region: blepharospasm, oromandibular, laryngeal, foot or truncal dystonia.",
    ),
    Category.SEGMENTAL: (
        "Segmental",
        "Two or more neighbouring body regions, for example neck and one arm.",
    ),
    Category.MULTIFOCAL: (
        "Multifocal",
        "Two or more body regions that are not next to each other.",
    ),
    Category.HEMIDYSTONIA: (
        "Hemidystonia",
        "Arm and leg on one side of the body.",
    ),
    Category.GENERALISED: (
        "Generalised",
        "The trunk and at least two other regions; the plan helps the person live well with the movements.",
    ),
    Category.DYSTONIC_CP: (
        "Dystonic cerebral palsy",
        "Dystonia as part of cerebral palsy; therapy starts early and is woven into the school day.",
    ),
}


class Kind(StrEnum):
    """Kind of intervention."""

    EXERCISE = "exercise"
    ORTHOSIS = "orthosis"
    EQUIPMENT = "equipment"
    ADVICE = "advice"
    REFERRAL = "referral"
    EDUCATION = "education"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Audience(StrEnum):
    """Who a handout is written for."""

    FAMILY = "family"
    SCHOOL = "school"
    #: For an adult: an employer, a carer or a care home (the work and daily life handout).
    WORK = "work"
    CLINICIAN = "clinician"

    @property
    def label(self) -> str:
        return "Work and daily life" if self is Audience.WORK else self.value.capitalize()

    @property
    def handout_name(self) -> str:
        """What the handout is called in messages, tooltips and file names ("school handout")."""
        return "clinician summary" if self is Audience.CLINICIAN else f"{self.label.lower()} handout"


class Side(StrEnum):
    # The side an item is done or worn on (NONE: it has no side, as a neck or trunk exercise).  A comment,
    # not a docstring: pydantic copies an enum's docstring into the plan file's JSON Schema.
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
    NONE = "none"

    @property
    def label(self) -> str:
        return _SIDE_LABELS[self][0]

    @property
    def description(self) -> str:
        """What the choice means, for the item editor's tooltip and screen readers."""
        return _SIDE_LABELS[self][1]


_SIDE_LABELS: dict[Side, tuple[str, str]] = {
    Side.LEFT: ("Left", "Done or worn on the left side"),
    Side.RIGHT: ("Right", "Done or worn on the right side"),
    Side.BOTH: ("Both sides", "Done or worn on both sides"),
    Side.NONE: ("Not side-specific", "Has no left or right, for example a neck or trunk exercise"),
}


class Setting(StrEnum):
    """Where a piece of advice applies."""

    HOME = "home"
    SCHOOL = "school"
    COMMUNITY = "community"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class EquipmentStatus(StrEnum):
    TO_ORDER = "to_order"
    ON_TRIAL = "on_trial"
    ISSUED = "issued"

    @property
    def label(self) -> str:
        return {"to_order": "To order", "on_trial": "On trial", "issued": "Issued"}[self.value]

    @property
    def plain(self) -> str:
        """The status in plain words, for a family or a school (the label is for clinicians)."""
        return {
            "to_order": "We have ordered this. It has not arrived yet.",
            "on_trial": "We are trying this out.",
            "issued": "This is now yours to use.",
        }[self.value]

    def plain_about(self, name: str) -> str:
        """The status in plain words for a reader who is not the person (a school, an employer)."""
        if self is EquipmentStatus.ISSUED:
            return f"This is {name}'s own, to use as set out below."
        return self.plain


class GoalDomain(StrEnum):
    RANGE_OF_MOTION = "range_of_motion"
    STRENGTH = "strength"
    POSTURE = "posture"
    PAIN = "pain"
    MOBILITY = "mobility"
    PARTICIPATION = "participation"
    SELF_MANAGEMENT = "self_management"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class CervicalForm(StrEnum):
    """Whether alternating arm movements steady the head (stable) or worsen it (unstable)."""

    STABLE = "stable"
    UNSTABLE = "unstable"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Pattern(StrEnum):
    """The direction of the dystonic pull, where it matters for exercise choice and cautions.

    Neck patterns follow the torticollis / laterocollis / anterocollis / retrocollis / shift
    names (Albanese et al. 2013); jaw patterns the direction of oromandibular dystonia; hand
    patterns the task that brings it on.
    """

    TORTICOLLIS = "torticollis"
    LATEROCOLLIS = "laterocollis"
    ANTEROCOLLIS = "anterocollis"
    RETROCOLLIS = "retrocollis"
    LATERAL_SHIFT = "lateral_shift"
    SAGITTAL_SHIFT = "sagittal_shift"
    HEAD_TREMOR = "head_tremor"
    SHOULDER_ELEVATION = "shoulder_elevation"
    JAW_OPENING = "jaw_opening"
    JAW_CLOSING = "jaw_closing"
    JAW_DEVIATION = "jaw_deviation"
    BLEPHAROSPASM = "blepharospasm"
    WRITERS_CRAMP = "writers_cramp"
    MUSICIANS_DYSTONIA = "musicians_dystonia"

    @property
    def label(self) -> str:
        return _PATTERN_LABELS[self]

    @property
    def region(self) -> str:
        """The body region the pattern belongs to (a code of ``BODY_REGIONS``)."""
        if self.value.startswith("jaw_"):
            return "jaw"
        if self is Pattern.BLEPHAROSPASM:
            return "eyes"
        if self in (Pattern.WRITERS_CRAMP, Pattern.MUSICIANS_DYSTONIA):
            return "hand"
        return "neck"

    @property
    def sided(self) -> bool:
        """Whether the pattern pulls towards one side (so the plan records which)."""
        return self in _SIDED_PATTERNS


_PATTERN_LABELS: dict[Pattern, str] = {
    Pattern.TORTICOLLIS: "Torticollis (head turns)",
    Pattern.LATEROCOLLIS: "Laterocollis (head tilts to the side)",
    Pattern.ANTEROCOLLIS: "Anterocollis (head pulls forward)",
    Pattern.RETROCOLLIS: "Retrocollis (head pulls back)",
    Pattern.LATERAL_SHIFT: "Lateral shift",
    Pattern.SAGITTAL_SHIFT: "Sagittal shift",
    Pattern.HEAD_TREMOR: "Head tremor",
    Pattern.SHOULDER_ELEVATION: "Shoulder elevation",
    Pattern.JAW_OPENING: "Jaw opening",
    Pattern.JAW_CLOSING: "Jaw closing",
    Pattern.JAW_DEVIATION: "Jaw deviation",
    Pattern.BLEPHAROSPASM: "Blepharospasm",
    Pattern.WRITERS_CRAMP: "Writer's cramp",
    Pattern.MUSICIANS_DYSTONIA: "Musician's dystonia",
}

_SIDED_PATTERNS = frozenset(
    {
        Pattern.TORTICOLLIS,
        Pattern.LATEROCOLLIS,
        Pattern.LATERAL_SHIFT,
        Pattern.SHOULDER_ELEVATION,
        Pattern.JAW_DEVIATION,
    }
)


class NeckLevel(StrEnum):
    """Whether the neck pattern moves the head on the neck (caput), the neck on the trunk (collis), or both."""

    CAPUT = "caput"
    COLLIS = "collis"
    MIXED = "mixed"

    @property
    def label(self) -> str:
        return {"caput": "Head on neck (caput)", "collis": "Neck on trunk (collis)", "mixed": "Both"}[self.value]


class ToxinPhase(StrEnum):
    """Where a person is in a botulinum toxin cycle, which decides what to practise."""

    EARLY = "early"
    PEAK = "peak"
    WANING = "waning"

    @property
    def label(self) -> str:
        return {
            "early": "Weeks 0-2 after an injection",
            "peak": "Weeks 3-8 after an injection",
            "waning": "Week 9 onwards",
        }[self.value]


class AgeGroup(StrEnum):
    CHILD = "child"
    ADULT = "adult"

    @property
    def label(self) -> str:
        return self.value.capitalize()


#: Age (in whole years) from which a person is an adult for the library and the handouts.
ADULT_AGE = 18


class SourceType(StrEnum):
    """What kind of work a library source is."""

    JOURNAL = "journal"
    GUIDELINE = "guideline"
    CONSENSUS = "consensus"
    RESOURCE = "resource"
    BOOK = "book"
    SOURCE_DOCUMENT = "source_document"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


#: Body-region codes the library uses, head to foot (plan files may hold other free-text codes).
BODY_REGIONS: tuple[str, ...] = (
    "neck",
    "jaw",
    "eyes",
    "voice",
    "shoulder",
    "trunk",
    "arm",
    "left_arm",
    "right_arm",
    "hand",
    "left_hand",
    "right_hand",
    "hip",
    "leg",
    "left_leg",
    "right_leg",
    "foot",
    "whole_body",
)
