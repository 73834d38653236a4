"""Plan-file models <-> core snapshots: core to the file's JSON form (``to_document``: what a file and the
database hold), and a checked file back to core (``to_imported``, read by ``planfile.reading``)."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from typing import Any

from careplan.core.assessments import (
    Assessment,
    ClassificationLevel,
    GoalRating,
    HipMigration,
    Injection,
    PainRating,
    PainScale,
    RomMeasurement,
    RomMode,
    ScaleScore,
)
from careplan.core.enums import Audience
from careplan.core.library import LibraryGoal, LibraryIntervention, Template
from careplan.core.model import Dosage, Goal, Intervention, Photo, PlanRecord, Programme
from careplan.planfile.reading import FORMAT, FORMAT_VERSION, ImportedPlan, Lookup, at, checked, imported_plan
from careplan.planfile.schema import AssessmentModel, InjectionModel, PlanFileModel

_AUDIENCE_ORDER = {a: i for i, a in enumerate(Audience)}


def to_imported(doc: PlanFileModel, lookup: Lookup, *, resolve_codes: bool = True) -> ImportedPlan:
    """Turn a checked file into core types, filling library items from ``lookup``: the file's JSON
    form, as the schema checked it, read by ``planfile.reading`` (the same reading as a stored plan).

    The file's own library entries are looked up before ``lookup``.  Raises PlanFileError when an
    item names a code that neither knows.  With ``resolve_codes`` False (a draft, which holds every
    field), codes are kept as they are and not looked up, and photos are not checked again (a file
    coming in has each photo fully decoded and re-encoded by ``careplan.images``).
    """
    data = doc.model_dump(mode="json", exclude_unset=True, exclude={"assessments", "injections"})
    imported = imported_plan(data, lookup if resolve_codes else None)
    return replace(
        imported,
        assessments=tuple(assessment_from_model(m, f"assessments[{i}]") for i, m in enumerate(doc.assessments)),
        injections=tuple(injection_from_model(m, f"injections[{i}]") for i, m in enumerate(doc.injections)),
    )


# --- assessments and injections (format 2) ------------------------------------------------------


def assessment_from_model(model: AssessmentModel, where: str = "") -> Assessment:
    """An assessment object of the plan file as a core snapshot (no ids: the caller adds them).
    Raises PlanFileError naming ``where``, the entry and the field when a value breaks a rule of the
    core (e.g. ``assessments[2].pain[0].score: ...``)."""
    goals = tuple(
        checked(
            partial(
                GoalRating,
                goal_text=g.text,
                achieved=g.achieved,
                baseline=-1 if g.baseline is None else g.baseline,
                importance=2 if g.importance is None else g.importance,
                difficulty=2 if g.difficulty is None else g.difficulty,
                levels=tuple(g.gas or ()),
                goal_code=g.code,
                comment=g.comment,
            ),
            at(where, f"goals[{i}]"),
        )
        for i, g in enumerate(model.goals)
    )
    pain = tuple(
        checked(partial(PainRating, p.score, p.scale, p.site), at(where, f"pain[{i}]"))
        for i, p in enumerate(model.pain)
    )
    scales = tuple(
        checked(
            partial(ScaleScore, s.scale, s.total, tuple(s.subscores.items()), tuple(s.items.items())),
            at(where, f"scales[{i}]"),
        )
        for i, s in enumerate(model.scales)
    )
    levels = tuple(
        checked(partial(ClassificationLevel, c.system, c.level), at(where, f"classifications[{i}]"))
        for i, c in enumerate(model.classifications)
    )
    rom = tuple(
        checked(partial(RomMeasurement, r.movement, r.degrees, r.side, r.mode), at(where, f"rom[{i}]"))
        for i, r in enumerate(model.rom)
    )
    h = model.hips
    hips = checked(partial(HipMigration, h.left_percent, h.right_percent), at(where, "hips")) if h else None
    return checked(
        partial(
            Assessment,
            date=model.date,
            therapist=model.therapist,
            goals=goals,
            pain=pain,
            scales=scales,
            classifications=levels,
            rom=rom,
            hips=hips,
            findings=model.findings,
        ),
        where,
    )


def injection_from_model(model: InjectionModel, where: str = "") -> Injection:
    """An injection object of the plan file as a core snapshot (no ids)."""

    return checked(partial(Injection, model.date, model.muscles, model.given_by, model.product, model.dose), where)


# --- core -> file ---------------------------------------------------------------------------


def _clean(obj: Any) -> Any:
    """Drop None values and empty objects so files stay readable; keep empty lists out too.

    (One pass; every save writes a document, so this is on the save path.)"""
    if isinstance(obj, dict):
        out = {}
        for key, value in obj.items():
            if value is None:
                continue
            if isinstance(value, dict | list):
                value = _clean(value)
                if not value:  # an empty object or list
                    continue
            out[key] = value
        return out
    if isinstance(obj, list):
        return [_clean(v) if isinstance(v, dict | list) else v for v in obj]
    return obj


def _audiences(audiences: Iterable[Audience]) -> list[str]:
    return [a.value for a in sorted(audiences, key=_AUDIENCE_ORDER.__getitem__)]


def _dosage_dict(dosage: Dosage | None) -> dict[str, int] | None:
    return dict(dosage.items()) if dosage else None


def _photo_dict(photo: Photo | None) -> dict[str, str] | None:
    if photo is None:
        return None
    return {"media_type": photo.media_type, "data": base64.b64encode(photo.data).decode("ascii")}


def _date(value: Any) -> str | None:
    return value.isoformat() if value else None


def intervention_dict(item: Intervention) -> dict[str, Any]:
    return {
        "catalog_code": item.catalog_code,
        "kind": item.kind.value,
        "title": item.title,
        "instructions": item.instructions,
        "school_instructions": item.school_instructions,
        "dosage": _dosage_dict(item.dosage),
        "side": item.side.value if item.side else None,
        "setting": item.setting.value if item.setting else None,
        "status": item.status.value if item.status else None,
        "wear_schedule": item.wear_schedule,
        "skin_checks": item.skin_checks,
        "to": item.referral_to,
        "reason": item.referral_reason,
        "audiences": _audiences(item.audiences),
        "clinician_note": item.clinician_note,
        "photo": _photo_dict(item.photo),
        "school_days": item.school_days,
    }


def own_intervention_dict(entry: LibraryIntervention) -> dict[str, Any]:
    return {
        "code": entry.code,
        "kind": entry.kind.value,
        "title": entry.title,
        "instructions": entry.instructions,
        "school_instructions": entry.school_instructions,
        "clinician_note": entry.clinician_note,
        "dosage": _dosage_dict(entry.dosage),
        "wear_schedule": entry.wear_schedule,
        "skin_checks": entry.skin_checks,
        "setting": entry.setting.value if entry.setting else None,
        "status": entry.status.value if entry.status else None,
        "referral_to": entry.referral_to,
        "referral_reason": entry.referral_reason,
        "audiences": _audiences(entry.audiences),
        "categories": sorted(c.value for c in entry.categories),
        "regions": list(entry.regions),
        "cautions": [
            {
                "text": c.text,
                "family": c.family,
                "categories": sorted(x.value for x in c.categories),
                "regions": sorted(c.regions),
                "cervical_forms": sorted(x.value for x in c.cervical_forms),
                "patterns": sorted(x.value for x in c.patterns),
            }
            for c in entry.cautions
        ],
        "source": entry.source or None,
    }


def own_goal_dict(goal: LibraryGoal) -> dict[str, Any]:
    return {
        "code": goal.code,
        "domain": goal.domain.value,
        "text": goal.text,
        "categories": sorted(c.value for c in goal.categories),
    }


def _goal_dict(goal: Goal) -> dict[str, Any]:
    """A goal as the plan file writes it; importance and difficulty only where not the default 2 (a
    goal without GAS reads as it did in format 1)."""
    return {
        "domain": goal.domain.value,
        "text": goal.text,
        "target_date": _date(goal.target_date),
        "code": goal.code,
        "gas": list(goal.gas),
        "importance": None if goal.importance == 2 else goal.importance,
        "difficulty": None if goal.difficulty == 2 else goal.difficulty,
    }


def _programme_dict(programme: Programme) -> dict[str, Any]:
    return {
        "visits": programme.visits,
        "home_practice": programme.home_practice,
        "adjustments": list(programme.adjustments),
    }


def own_template_dict(template: Template) -> dict[str, Any]:
    """An own template as the plan file's ``own_library.templates[]`` object (and as the database keeps it)."""
    return _clean(
        {
            "code": template.code,
            "title": template.title,
            "category": template.category.value,
            "approach": template.approach or None,
            "interventions": [intervention_dict(i) for i in template.items],
            "goals": [_goal_dict(g) for g in template.plan_goals],
            "programme": _programme_dict(template.programme),
        }
    )


def to_document(
    record: PlanRecord,
    own_interventions: Iterable[LibraryIntervention] = (),
    own_goals: Iterable[LibraryGoal] = (),
    own_templates: Iterable[Template] = (),
    assessments: Iterable[Assessment] = (),
    injections: Iterable[Injection] = (),
) -> dict[str, Any]:
    """The plan file of ``record`` as a JSON-ready dict (own entries and template: those the plan uses;
    the patient's assessments and injections, oldest first, where given: a stored revision holds
    none, they are kept beside it)."""
    patient, plan = record.patient, record.plan
    doc: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "patient": {
            "given_name": patient.given_name,
            "family_name": patient.family_name,
            "date_of_birth": patient.date_of_birth.isoformat(),
            "identifier": patient.identifier,
            "carers": [{"name": c.name, "relationship": c.relationship, "phone": c.phone} for c in patient.carers],
            "school": {
                "name": patient.school.name,
                "contact_name": patient.school.contact_name,
                "phone": patient.school.phone,
                "email": patient.school.email,
            }
            if patient.school
            else None,
        },
        "plan": {
            "title": plan.title,
            "category": plan.category.value,
            "regions": list(plan.regions),
            "therapist": {
                "name": plan.therapist.name,
                "role": plan.therapist.role,
                "phone": plan.therapist.phone,
                "email": plan.therapist.email,
            },
            "start_date": _date(plan.start_date),
            "review_date": _date(plan.review_date),
            "summary": plan.summary,
            "goals": [_goal_dict(g) for g in plan.goals],
            "interventions": [intervention_dict(i) for i in plan.interventions],
            "programme": _programme_dict(plan.programme),
            "clinical_notes": plan.clinical_notes,
            "cervical_form": plan.cervical_form.value if plan.cervical_form else None,
            "gmfcs_level": plan.gmfcs_level,
            "catalog_version": plan.catalog_version,
            "patterns": [p.value for p in plan.patterns],
            "pull_side": plan.pull_side.value if plan.pull_side else None,
            "neck_level": plan.neck_level.value if plan.neck_level else None,
            "contacts": [{"role": c.role, "phone": c.phone, "name": c.name} for c in plan.contacts],
            "template": plan.template,
        },
        "own_library": {
            "interventions": [own_intervention_dict(e) for e in own_interventions],
            "goals": [own_goal_dict(g) for g in own_goals],
            "templates": [own_template_dict(t) for t in own_templates],
        },
    }
    doc = _clean(doc)
    # Written after the clean pass: each object is already clean, and an empty list is left out.
    for key, found in (
        ("assessments", [assessment_dict(a) for a in assessments]),
        ("injections", [injection_dict(i) for i in injections]),
    ):
        if found:
            doc[key] = found
    return doc


def _number(value: float) -> float | int:
    """A whole number written without ``.0`` (a scale total of 12 reads ``12``)."""
    return int(value) if float(value).is_integer() else value


def assessment_dict(assessment: Assessment) -> dict[str, Any]:
    """An assessment as the plan file's ``assessments[]`` object: what the file carries, what the
    database keeps (``assessments.content``) and what ``careplan assess`` reads.  Defaults are left
    out (baseline -1, importance and difficulty 2, pain scale nrs, mode passive)."""
    hips = assessment.hips
    return _clean(
        {
            "date": assessment.date.isoformat(),
            "therapist": assessment.therapist,
            "goals": [
                {
                    "text": g.goal_text,
                    "achieved": g.achieved,
                    "baseline": None if g.baseline == -1 else g.baseline,
                    "importance": None if g.importance == 2 else g.importance,
                    "difficulty": None if g.difficulty == 2 else g.difficulty,
                    "gas": list(g.levels),
                    "code": g.goal_code,
                    "comment": g.comment,
                }
                for g in assessment.goals
            ],
            "pain": [
                {"score": p.score, "scale": None if p.scale is PainScale.NRS else p.scale.value, "site": p.site}
                for p in assessment.pain
            ],
            "scales": [
                {
                    "scale": s.scale,
                    "total": None if s.total is None else _number(s.total),
                    "subscores": {code: _number(v) for code, v in s.subscores},
                    "items": dict(s.items),
                }
                for s in assessment.scales
            ],
            "classifications": [{"system": c.system.value, "level": c.level} for c in assessment.classifications],
            "rom": [
                {
                    "movement": r.movement,
                    "degrees": r.degrees,
                    "side": r.side.value if r.side else None,
                    "mode": None if r.mode is RomMode.PASSIVE else r.mode.value,
                }
                for r in assessment.rom
            ],
            "hips": {"left_percent": hips.left_percent, "right_percent": hips.right_percent} if hips else None,
            "findings": assessment.findings,
        }
    )


def injection_dict(injection: Injection) -> dict[str, Any]:
    """An injection as the plan file's ``injections[]`` object (and as the database keeps it)."""
    return _clean(
        {
            "date": injection.date.isoformat(),
            "muscles": injection.muscles,
            "given_by": injection.given_by,
            "product": injection.product,
            "dose": injection.dose,
        }
    )


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
