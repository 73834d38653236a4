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
    CLINICIAN = "clinician"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
    NONE = "none"

    @property
    def label(self) -> str:
        return {"left": "Left", "right": "Right", "both": "Both sides", "none": "-"}[self.value]


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
