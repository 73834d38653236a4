"""Re-evaluation: dated assessments and botulinum toxin injections of one patient.

A plan is re-evaluated at each review: how far each goal was reached (Goal Attainment Scaling),
pain, dystonia scales, classification levels, range of motion and hip migration.  Assessments
and injections belong to the patient, are dated and signed, and link to the plan revision that
was current.  These snapshots are immutable and hold no database or Qt objects, like
:mod:`careplan.core.model`; every layer above derives its fields from them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from careplan.core.enums import Side

#: Goal Attainment Scaling levels: -2 much less than expected ... 0 expected ... +2 much more.
GAS_LEVELS = (-2, -1, 0, 1, 2)
#: Importance and difficulty of a goal are each rated 0-3 (Turner-Stokes 2009); weight = product.
GAS_RATING_RANGE = (0, 3)
#: The assumed correlation between goal outcomes in the GAS T-score formula.
GAS_RHO = 0.3


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


@dataclass(frozen=True, slots=True)
class PainRating:
    score: int
    scale: PainScale = PainScale.NRS
    #: Where the pain is, in the therapist's words (e.g. "neck", "left hip"), where recorded.
    site: str | None = None


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


@dataclass(frozen=True, slots=True)
class ClassificationLevel:
    system: Classification
    level: int


@dataclass(frozen=True, slots=True)
class RomMeasurement:
    """Range of motion of one movement of one joint, in degrees."""

    #: The movement's code in the scales catalog's list of movements (e.g. "neck_rotation").
    movement: str
    degrees: int
    side: Side | None = None
    mode: RomMode = RomMode.PASSIVE


@dataclass(frozen=True, slots=True)
class HipMigration:
    """Reimers' migration percentage of each hip, from an AP pelvis X-ray."""

    left_percent: int | None = None
    right_percent: int | None = None


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
