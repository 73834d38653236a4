"""A small hand-made library and a rich plan record for the editor's tests."""

from __future__ import annotations

import datetime as dt

from careplan.core.enums import (
    Audience,
    Category,
    CervicalForm,
    EquipmentStatus,
    GoalDomain,
    Kind,
    Setting,
    Side,
)
from careplan.core.library import Caution, Library, LibraryGoal, LibraryIntervention, Template
from careplan.core.model import (
    Carer,
    Dosage,
    Goal,
    Intervention,
    Patient,
    Plan,
    PlanRecord,
    Programme,
    Therapist,
)

WEIGHTS_CAUTION = "Weights for the arms and shoulders can make neck dystonia worse; use light, slow work instead."


def png_bytes(width: int = 40, height: int = 30) -> bytes:
    """A real PNG picture, made by Qt."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a7bd5"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def _entry(code: str, kind: Kind, title: str, categories: set[Category], **fields: object) -> LibraryIntervention:
    return LibraryIntervention(
        code=code,
        kind=kind,
        title=title,
        instructions=fields.pop("instructions", f"How to do {title.lower()}."),  # type: ignore[arg-type]
        categories=frozenset(categories),
        source="Test library",
        **fields,  # type: ignore[arg-type]
    )


def make_library() -> Library:
    return Library(
        version="test-1",
        interventions=(
            _entry(
                "neck.chin_tuck",
                Kind.EXERCISE,
                "Chin tuck in front of a mirror",
                {Category.CERVICAL, Category.SEGMENTAL},
                dosage=Dosage(sets=2, reps=10, hold_seconds=5, times_per_day=2),
                regions=("neck",),
            ),
            _entry(
                "neck.shoulder_weights",
                Kind.EXERCISE,
                "Shoulder shrugs with hand weights",
                {Category.CERVICAL, Category.GENERALISED},
                dosage=Dosage(sets=3, reps=12),
                regions=("neck", "shoulder"),
                cautions=(Caution(WEIGHTS_CAUTION, frozenset({Category.CERVICAL})),),
            ),
            _entry(
                "hand.grip_pen",
                Kind.EXERCISE,
                "Writing with a thick pen grip",
                {Category.HAND},
                regions=("hand", "right_hand"),
            ),
            _entry(
                "cp.afo",
                Kind.ORTHOSIS,
                "Ankle-foot orthoses",
                {Category.DYSTONIC_CP},
                wear_schedule="For standing and walking practice",
                skin_checks="Look for red marks when they come off",
                regions=("foot",),
            ),
            _entry(
                "cp.standing_frame",
                Kind.EQUIPMENT,
                "Standing frame",
                {Category.DYSTONIC_CP},
                status=EquipmentStatus.ON_TRIAL,
            ),
            _entry(
                "gen.school_seating",
                Kind.ADVICE,
                "Seating in class",
                {Category.GENERALISED, Category.DYSTONIC_CP},
                setting=Setting.SCHOOL,
            ),
            _entry(
                "gen.orthopaedics",
                Kind.REFERRAL,
                "Orthopaedic review",
                {Category.GENERALISED},
                referral_to="Orthopaedics",
                referral_reason="Hip and spine check",
            ),
            _entry(
                "own.kitchen_stretch",
                Kind.EXERCISE,
                "Kitchen counter neck glide",
                {Category.CERVICAL},
                regions=("neck",),
            ),
        ),
        goals=(
            LibraryGoal(
                "goal.neck_turn",
                GoalDomain.RANGE_OF_MOTION,
                "Turn the head ___ degrees to the left",
                frozenset({Category.CERVICAL}),
            ),
            LibraryGoal(
                "goal.neck_pain",
                GoalDomain.PAIN,
                "Neck pain below ___ out of 10 on most days",
                frozenset({Category.CERVICAL}),
            ),
            LibraryGoal(
                "goal.carpet_time",
                GoalDomain.PARTICIPATION,
                "Join carpet time for ___ minutes",
                frozenset({Category.DYSTONIC_CP}),
            ),
        ),
        templates=(
            Template(
                code="template.cervical",
                category=Category.CERVICAL,
                title="Neck dystonia: first plan",
                approach="Correct the posture with short, targeted daily exercises; commitment matters.",
                interventions=("neck.chin_tuck", "neck.shoulder_weights"),
                goals=("goal.neck_turn",),
            ),
        ),
    )


def make_patient() -> Patient:
    return Patient(
        given_name="Zoë",
        family_name="Okafor",
        date_of_birth=dt.date(1984, 3, 14),
        identifier="943 476 5919",
        carers=(Carer("Grace Okafor", "sister"),),
        id=7,
    )


def make_rich_plan() -> Plan:
    library = make_library()
    chin = library.intervention("neck.chin_tuck").to_intervention()  # type: ignore[union-attr]
    weights = library.intervention("neck.shoulder_weights").to_intervention()  # type: ignore[union-attr]
    return Plan(
        title="Neck posture and daily exercises",
        category=Category.CERVICAL,
        regions=("neck", "shoulder", "left_arm"),
        therapist=Therapist("Jo Patel", "Neurophysiotherapist", "0161 496 0999", "jo.patel@clinic.example"),
        start_date=dt.date(2026, 11, 20),
        review_date=dt.date(2027, 2, 19),
        summary="Short daily exercises to help keep the head in the middle, and ways to rest the neck.",
        cervical_form=CervicalForm.UNSTABLE,
        goals=(
            Goal(
                GoalDomain.RANGE_OF_MOTION,
                "Turn the head 45 degrees to the left",
                dt.date(2027, 2, 19),
                "goal.neck_turn",
            ),
            Goal(GoalDomain.SELF_MANAGEMENT, "Use the sensory trick to settle the pull at work"),
        ),
        interventions=(
            chin,
            weights,
            Intervention(
                kind=Kind.ADVICE,
                title="Resting the neck at the desk",
                instructions="Set the screen at eye level; a break to move every half hour.",
                setting=Setting.HOME,
                audiences=frozenset({Audience.FAMILY}),
            ),
            Intervention(
                kind=Kind.REFERRAL,
                title="Botulinum toxin clinic",
                referral_to="Neurology",
                referral_reason="Review of injections",
                audiences=frozenset({Audience.CLINICIAN}),
                side=Side.LEFT,
            ),
        ),
        programme=Programme(
            visits="Weekly for 6 weeks, then monthly",
            home_practice="Ten minutes, twice a day",
            adjustments=("Raise the laptop on a stand", "Headset for phone calls"),
        ),
        clinical_notes="Left laterocollis with shoulder elevation; TWSTRS 38.",
        catalog_version="test-1",
    )


def make_record(plan: Plan | None = None) -> PlanRecord:
    return PlanRecord(plan=plan or make_rich_plan(), patient=make_patient(), plan_id=3, version=2)
