"""Rows <-> core snapshots.  The rest of the program never sees a row."""

from __future__ import annotations

from typing import Any

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
from careplan.core.library import Caution, LibraryGoal, LibraryIntervention
from careplan.core.model import (
    DOSAGE_RANGES,
    Carer,
    Dosage,
    Goal,
    Intervention,
    Patient,
    Photo,
    Plan,
    Programme,
    SchoolContact,
    Therapist,
)
from careplan.storage.models import (
    CarerRow,
    GoalRow,
    InterventionRow,
    OwnGoalRow,
    OwnInterventionRow,
    PatientRow,
    PlanRow,
)

_AUDIENCE_ORDER = {a: i for i, a in enumerate(Audience)}


def _opt(enum: Any, value: str | None) -> Any:
    return enum(value) if value else None


def _audiences_out(audiences: frozenset[Audience]) -> list[str]:
    return [a.value for a in sorted(audiences, key=_AUDIENCE_ORDER.__getitem__)]


# --- patients --------------------------------------------------------------------------------


def patient_from_row(row: PatientRow) -> Patient:
    school = None
    if any((row.school_name, row.school_contact_name, row.school_phone, row.school_email)):
        school = SchoolContact(row.school_name, row.school_contact_name, row.school_phone, row.school_email)
    return Patient(
        given_name=row.given_name,
        family_name=row.family_name,
        date_of_birth=row.date_of_birth,
        identifier=row.identifier,
        carers=tuple(Carer(c.name, c.relationship_, c.phone) for c in row.carers),
        school=school,
        id=row.id,
    )


def fill_patient_row(row: PatientRow, patient: Patient) -> None:
    row.given_name = patient.given_name
    row.family_name = patient.family_name
    row.date_of_birth = patient.date_of_birth
    row.identifier = patient.identifier
    school = patient.school or SchoolContact()
    row.school_name = school.name
    row.school_contact_name = school.contact_name
    row.school_phone = school.phone
    row.school_email = school.email
    row.carers = [
        CarerRow(position=i, name=c.name, relationship_=c.relationship, phone=c.phone)
        for i, c in enumerate(patient.carers)
    ]


# --- plans ----------------------------------------------------------------------------------


def _intervention_from_row(row: InterventionRow) -> Intervention:
    dosage = Dosage(**{name: getattr(row, name) for name in DOSAGE_RANGES})
    photo = Photo(row.photo_type, row.photo) if row.photo_type and row.photo else None
    return Intervention(
        kind=Kind(row.kind),
        title=row.title,
        instructions=row.instructions,
        school_instructions=row.school_instructions,
        dosage=None if dosage.is_empty() else dosage,
        side=_opt(Side, row.side),
        setting=_opt(Setting, row.setting),
        status=_opt(EquipmentStatus, row.status),
        wear_schedule=row.wear_schedule,
        skin_checks=row.skin_checks,
        referral_to=row.referral_to,
        referral_reason=row.referral_reason,
        audiences=frozenset(Audience(a) for a in row.audiences),
        catalog_code=row.catalog_code,
        clinician_note=row.clinician_note,
        photo=photo,
    )


def _intervention_row(position: int, item: Intervention) -> InterventionRow:
    dosage = item.dosage or Dosage()
    return InterventionRow(
        position=position,
        kind=item.kind.value,
        catalog_code=item.catalog_code,
        title=item.title,
        instructions=item.instructions,
        school_instructions=item.school_instructions,
        clinician_note=item.clinician_note,
        **{name: getattr(dosage, name) for name in DOSAGE_RANGES},
        side=item.side.value if item.side else None,
        setting=item.setting.value if item.setting else None,
        status=item.status.value if item.status else None,
        wear_schedule=item.wear_schedule,
        skin_checks=item.skin_checks,
        referral_to=item.referral_to,
        referral_reason=item.referral_reason,
        audiences=_audiences_out(item.audiences),
        photo_type=item.photo.media_type if item.photo else None,
        photo=item.photo.data if item.photo else None,
    )


def plan_from_row(row: PlanRow) -> Plan:
    return Plan(
        title=row.title,
        category=Category(row.category),
        regions=tuple(row.regions or ()),
        therapist=Therapist(row.therapist_name, row.therapist_role, row.therapist_phone, row.therapist_email),
        start_date=row.start_date,
        review_date=row.review_date,
        summary=row.summary,
        goals=tuple(Goal(GoalDomain(g.domain), g.text, g.target_date, g.code) for g in row.goals),
        interventions=tuple(_intervention_from_row(i) for i in row.interventions),
        programme=Programme(row.visits, row.home_practice, tuple(row.adjustments or ())),
        clinical_notes=row.clinical_notes,
        cervical_form=_opt(CervicalForm, row.cervical_form),
        gmfcs_level=row.gmfcs_level,
        catalog_version=row.catalog_version,
    )


def fill_plan_row(row: PlanRow, plan: Plan) -> None:
    row.title = plan.title
    row.category = plan.category.value
    row.regions = list(plan.regions)
    row.therapist_name = plan.therapist.name
    row.therapist_role = plan.therapist.role
    row.therapist_phone = plan.therapist.phone
    row.therapist_email = plan.therapist.email
    row.start_date = plan.start_date
    row.review_date = plan.review_date
    row.summary = plan.summary
    row.visits = plan.programme.visits
    row.home_practice = plan.programme.home_practice
    row.adjustments = list(plan.programme.adjustments)
    row.clinical_notes = plan.clinical_notes
    row.cervical_form = plan.cervical_form.value if plan.cervical_form else None
    row.gmfcs_level = plan.gmfcs_level
    row.catalog_version = plan.catalog_version
    row.goals = [
        GoalRow(position=i, domain=g.domain.value, text=g.text, target_date=g.target_date, code=g.code)
        for i, g in enumerate(plan.goals)
    ]
    row.interventions = [_intervention_row(i, item) for i, item in enumerate(plan.interventions)]


# --- the therapist's own library ---------------------------------------------------------------


def own_intervention_from_row(row: OwnInterventionRow) -> LibraryIntervention:
    return LibraryIntervention(
        code=row.code,
        kind=Kind(row.kind),
        title=row.title,
        instructions=row.instructions,
        categories=frozenset(Category(c) for c in row.categories),
        source=row.source,
        school_instructions=row.school_instructions,
        clinician_note=row.clinician_note,
        dosage=Dosage(**row.dosage) if row.dosage else None,
        wear_schedule=row.wear_schedule,
        skin_checks=row.skin_checks,
        setting=_opt(Setting, row.setting),
        status=_opt(EquipmentStatus, row.status),
        referral_to=row.referral_to,
        referral_reason=row.referral_reason,
        audiences=frozenset(Audience(a) for a in row.audiences),
        regions=tuple(row.regions),
        cautions=tuple(
            Caution(
                text=c["text"],
                categories=frozenset(Category(x) for x in c.get("categories", ())),
                cervical_forms=frozenset(CervicalForm(x) for x in c.get("cervical_forms", ())),
            )
            for c in row.cautions
        ),
    )


def own_intervention_row(entry: LibraryIntervention) -> OwnInterventionRow:
    return OwnInterventionRow(
        code=entry.code,
        kind=entry.kind.value,
        title=entry.title,
        instructions=entry.instructions,
        school_instructions=entry.school_instructions,
        clinician_note=entry.clinician_note,
        dosage=dict(entry.dosage.items()) if entry.dosage else None,
        wear_schedule=entry.wear_schedule,
        skin_checks=entry.skin_checks,
        setting=entry.setting.value if entry.setting else None,
        status=entry.status.value if entry.status else None,
        referral_to=entry.referral_to,
        referral_reason=entry.referral_reason,
        audiences=_audiences_out(entry.audiences),
        categories=sorted(c.value for c in entry.categories),
        regions=list(entry.regions),
        cautions=[
            {
                "text": c.text,
                "categories": sorted(x.value for x in c.categories),
                "cervical_forms": sorted(x.value for x in c.cervical_forms),
            }
            for c in entry.cautions
        ],
        source=entry.source,
    )


def own_goal_from_row(row: OwnGoalRow) -> LibraryGoal:
    return LibraryGoal(
        code=row.code,
        domain=GoalDomain(row.domain),
        text=row.text,
        categories=frozenset(Category(c) for c in row.categories),
    )


def own_goal_row(goal: LibraryGoal) -> OwnGoalRow:
    return OwnGoalRow(
        code=goal.code,
        domain=goal.domain.value,
        text=goal.text,
        categories=sorted(c.value for c in goal.categories),
    )
