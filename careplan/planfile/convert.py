"""Plan-file models <-> core snapshots."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, TypeVar

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
from careplan.core.audience import default_audiences
from careplan.core.enums import Audience, Side
from careplan.core.library import Caution, LibraryGoal, LibraryIntervention, Template, fill_sides
from careplan.core.model import (
    Carer,
    Contact,
    Dosage,
    Goal,
    Intervention,
    Patient,
    Photo,
    Plan,
    PlanRecord,
    Programme,
    SchoolContact,
    Therapist,
)
from careplan.images import ImageProblem, check_image
from careplan.planfile.errors import PlanFileError
from careplan.planfile.schema import (
    FORMAT,
    FORMAT_VERSION,
    AssessmentModel,
    DosageModel,
    GoalModel,
    InjectionModel,
    InterventionModel,
    OwnGoalModel,
    OwnInterventionModel,
    OwnTemplateModel,
    PhotoModel,
    PlanFileModel,
    ProgrammeModel,
)

Lookup = Callable[[str], LibraryIntervention | None]
T = TypeVar("T")

_AUDIENCE_ORDER = {a: i for i, a in enumerate(Audience)}
_MAGIC = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}


@dataclass(frozen=True)
class ImportedPlan:
    """A plan file as core types: the plan and patient, and the therapist's own entries it carried."""

    record: PlanRecord
    own_interventions: tuple[LibraryIntervention, ...] = ()
    own_goals: tuple[LibraryGoal, ...] = ()
    own_templates: tuple[Template, ...] = ()
    #: The patient's assessments and injections (format 2), as the file holds them (no ids).
    assessments: tuple[Assessment, ...] = ()
    injections: tuple[Injection, ...] = ()


def _dosage(model: DosageModel | None) -> Dosage | None:
    if model is None:
        return None
    dosage = Dosage(**model.model_dump())
    return None if dosage.is_empty() else dosage


def _photo(model: PhotoModel | None, where: str, label: str, gate: bool) -> Photo | None:
    """The item's photo; with ``gate`` (a file coming in) fully checked and re-encoded by
    ``careplan.images``; without (a stored revision or draft) only decoded from base64."""
    if model is None:
        return None
    try:
        data = base64.b64decode(model.data, validate=True)
    except (binascii.Error, ValueError):
        raise PlanFileError([f"{where}.photo.data: {label}: the photo is not valid base64 image data"]) from None
    if data and not data.startswith(_MAGIC[model.media_type]):
        kind = model.media_type.split("/")[1].upper()
        found = ""
        if gate:
            try:
                check_image(data)
            except ImageProblem as exc:
                found = f" (it {exc})"
            else:
                found = " (the data is a picture of the other kind: correct media_type)"
        raise PlanFileError([f"{where}.photo.data: {label}: the photo is not a {kind} image{found}"])
    if not gate:
        return Photo(media_type=model.media_type, data=data)
    try:
        return check_image(data)
    except ImageProblem as exc:
        raise PlanFileError([f"{where}.photo.data: {label}: the photo {exc}"]) from None


def own_intervention(model: OwnInterventionModel) -> LibraryIntervention:
    return LibraryIntervention(
        code=model.code,
        kind=model.kind,
        title=model.title,
        instructions=model.instructions,
        categories=frozenset(model.categories),
        source=model.source,
        school_instructions=model.school_instructions,
        clinician_note=model.clinician_note,
        dosage=_dosage(model.dosage),
        wear_schedule=model.wear_schedule,
        skin_checks=model.skin_checks,
        setting=model.setting,
        status=model.status,
        referral_to=model.referral_to,
        referral_reason=model.referral_reason,
        audiences=frozenset(model.audiences),
        regions=tuple(model.regions),
        cautions=tuple(
            Caution(
                text=c.text,
                categories=frozenset(c.categories),
                cervical_forms=frozenset(c.cervical_forms),
                family=c.family,
                regions=frozenset(c.regions),
                patterns=frozenset(c.patterns),
            )
            for c in model.cautions
        ),
    )


def own_goal(model: OwnGoalModel) -> LibraryGoal:
    return LibraryGoal(code=model.code, domain=model.domain, text=model.text, categories=frozenset(model.categories))


def _goal(model: GoalModel, where: str, *, keep_date: bool = True) -> Goal:
    """A goal with its Goal Attainment Scaling levels (format 2; left out: none, importance and difficulty 2)."""
    return _checked(
        partial(
            Goal,
            model.domain,
            model.text,
            model.target_date if keep_date else None,
            model.code,
            gas=tuple(model.gas or ()),
            importance=2 if model.importance is None else model.importance,
            difficulty=2 if model.difficulty is None else model.difficulty,
        ),
        where,
    )


def _programme(model: ProgrammeModel | None) -> Programme:
    if model is None:
        return Programme()
    return Programme(visits=model.visits, home_practice=model.home_practice, adjustments=tuple(model.adjustments))


def own_template(model: OwnTemplateModel, lookup: Lookup | None, where: str = "own_library.templates[0]") -> Template:
    """An own template as core types.  ``lookup`` fills an item that gives only a library code (a file
    coming in); None: a stored template, which holds every field.  Whatever describes a person (an
    item's side, photo, clinician's note, school days; a goal's target date) is dropped, whatever the
    file says, so a template never carries it on."""
    items: list[Intervention] = []
    problems: list[str] = []
    for i, m in enumerate(model.interventions):
        at = f"{where}.interventions[{i}]"
        try:
            if lookup is None and (m.kind is None or m.title is None):
                raise PlanFileError([f"{at}: a stored template must hold the kind and title"])
            item = _intervention(m.model_copy(update={"photo": None}), at, lookup, None, i + 1)
        except PlanFileError as exc:
            problems.extend(exc.problems)
            continue
        items.append(replace(item, side=None, clinician_note=None, school_days=None))
    if problems:
        raise PlanFileError(problems)
    goals = tuple(_goal(g, f"{where}.goals[{i}]", keep_date=False) for i, g in enumerate(model.goals))
    return Template(
        code=model.code,
        category=model.category,
        title=model.title,
        approach=model.approach,
        interventions=tuple(dict.fromkeys(i.catalog_code for i in items if i.catalog_code)),
        goals=tuple(dict.fromkeys(g.code for g in goals if g.code)),
        items=tuple(items),
        plan_goals=goals,
        programme=_programme(model.programme),
    )


def _intervention(
    model: InterventionModel, where: str, lookup: Lookup | None, pull_side: Side | None = None, number: int = 0
) -> Intervention:
    entry: LibraryIntervention | None = None
    if model.catalog_code is not None and lookup is not None:
        entry = lookup(model.catalog_code)
        if entry is None:
            raise PlanFileError(
                [f"{where}.catalog_code: {model.catalog_code!r} is not in the library (check the code)"]
            )
    given = model.model_fields_set

    def pick(name: str, value: Any, default: Any) -> Any:
        return value if name in given and value is not None else default

    kind = pick("kind", model.kind, entry.kind if entry else None)
    setting = pick("setting", model.setting, entry.setting if entry else None)
    if model.audiences is not None:
        audiences = frozenset(model.audiences)
    elif entry is not None:
        audiences = entry.effective_audiences()
    else:
        audiences = default_audiences(kind, setting)
    title = pick("title", model.title, entry.title if entry else None)
    return Intervention(
        kind=kind,
        title=title,
        instructions=pick(
            "instructions", model.instructions, fill_sides(entry.instructions, pull_side) if entry else None
        ),
        school_instructions=pick(
            "school_instructions",
            model.school_instructions,
            fill_sides(entry.school_instructions, pull_side) if entry else None,
        ),
        dosage=_dosage(model.dosage) if model.dosage is not None else (entry.dosage if entry else None),
        side=model.side,
        setting=setting,
        status=pick("status", model.status, entry.status if entry else None),
        wear_schedule=pick("wear_schedule", model.wear_schedule, entry.wear_schedule if entry else None),
        skin_checks=pick("skin_checks", model.skin_checks, entry.skin_checks if entry else None),
        referral_to=pick("to", model.to, entry.referral_to if entry else None),
        referral_reason=pick("reason", model.reason, entry.referral_reason if entry else None),
        audiences=audiences,
        catalog_code=model.catalog_code,
        clinician_note=pick("clinician_note", model.clinician_note, entry.clinician_note if entry else None),
        photo=_photo(model.photo, where, f"item {number} {title!r}", gate=lookup is not None),
        school_days=model.school_days,
    )


def to_imported(doc: PlanFileModel, lookup: Lookup, *, resolve_codes: bool = True) -> ImportedPlan:
    """Turn a validated file into core types, filling library items from ``lookup``.

    The file's own library entries are looked up before ``lookup``.  Raises
    PlanFileError when an item names a code that neither knows.  With
    ``resolve_codes`` False (a stored revision, which holds every field), codes
    are kept as they are and not looked up, so a revision stays readable after
    the library has changed, and photos are not checked again (a file coming in
    has each photo fully decoded and re-encoded by ``careplan.images``).
    """
    own_items = tuple(own_intervention(m) for m in doc.own_library.interventions) if doc.own_library else ()
    own_goals = tuple(own_goal(m) for m in doc.own_library.goals) if doc.own_library else ()
    carried = {e.code: e for e in own_items}

    def find(code: str) -> LibraryIntervention | None:
        return carried.get(code) or lookup(code)

    templates = (
        tuple(
            own_template(m, find if resolve_codes else None, f"own_library.templates[{i}]")
            for i, m in enumerate(doc.own_library.templates)
        )
        if doc.own_library
        else ()
    )
    p, pl = doc.patient, doc.plan
    patient = Patient(
        given_name=p.given_name,
        family_name=p.family_name,
        date_of_birth=p.date_of_birth,
        identifier=p.identifier,
        carers=tuple(Carer(c.name, c.relationship, c.phone) for c in p.carers),
        school=SchoolContact(**p.school.model_dump()) if p.school else None,
    )
    problems: list[str] = []
    items: list[Intervention] = []
    for i, model in enumerate(pl.interventions):
        try:
            where = f"plan.interventions[{i}]"
            if not resolve_codes and (model.kind is None or model.title is None):
                raise PlanFileError([f"{where}: a stored revision must hold the kind and title"])
            pull_side = Side(pl.pull_side) if pl.pull_side else None
            items.append(_intervention(model, where, find if resolve_codes else None, pull_side, i + 1))
        except PlanFileError as exc:
            problems.extend(exc.problems)
    if problems:
        raise PlanFileError(problems)
    plan = Plan(
        title=pl.title,
        category=pl.category,
        regions=tuple(pl.regions),
        therapist=Therapist(**pl.therapist.model_dump()) if pl.therapist else Therapist(),
        start_date=pl.start_date,
        review_date=pl.review_date,
        summary=pl.summary,
        goals=tuple(_goal(g, f"plan.goals[{i}]") for i, g in enumerate(pl.goals)),
        interventions=tuple(items),
        programme=_programme(pl.programme),
        clinical_notes=pl.clinical_notes,
        cervical_form=pl.cervical_form,
        gmfcs_level=pl.gmfcs_level,
        catalog_version=pl.catalog_version,
        patterns=tuple(pl.patterns),
        pull_side=Side(pl.pull_side) if pl.pull_side else None,
        neck_level=pl.neck_level,
        contacts=tuple(Contact(role=c.role, phone=c.phone, name=c.name) for c in pl.contacts),
        template=pl.template,
    )
    assessments = tuple(assessment_from_model(m, f"assessments[{i}]") for i, m in enumerate(doc.assessments))
    injections = tuple(injection_from_model(m, f"injections[{i}]") for i, m in enumerate(doc.injections))
    return ImportedPlan(
        PlanRecord(plan=plan, patient=patient), own_items, own_goals, templates, assessments, injections
    )


# --- assessments and injections (format 2) ------------------------------------------------------


def _at(where: str, field: str) -> str:
    """``assessments[2]`` + ``pain[0]`` -> ``assessments[2].pain[0]`` (a lone object has no prefix)."""
    return f"{where}.{field}" if where else field


def _checked(make: Callable[[], T], where: str) -> T:
    """Build a core snapshot; its own validation (a ValueError starting with the field's name)
    becomes a PlanFileError naming where in the file."""
    try:
        return make()
    except ValueError as exc:
        field, sep, rest = str(exc).partition(": ")
        if sep and field.isidentifier():
            raise PlanFileError([f"{_at(where, field)}: {rest}"]) from None
        raise PlanFileError([f"{where or 'assessment'}: {exc}"]) from None


def assessment_from_model(model: AssessmentModel, where: str = "") -> Assessment:
    """An assessment object of the plan file as a core snapshot (no ids: the caller adds them).
    Raises PlanFileError naming ``where``, the entry and the field when a value breaks a rule of the
    core (e.g. ``assessments[2].pain[0].score: ...``)."""
    goals = tuple(
        _checked(
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
            _at(where, f"goals[{i}]"),
        )
        for i, g in enumerate(model.goals)
    )
    pain = tuple(
        _checked(partial(PainRating, p.score, p.scale, p.site), _at(where, f"pain[{i}]"))
        for i, p in enumerate(model.pain)
    )
    scales = tuple(
        _checked(
            partial(ScaleScore, s.scale, s.total, tuple(s.subscores.items()), tuple(s.items.items())),
            _at(where, f"scales[{i}]"),
        )
        for i, s in enumerate(model.scales)
    )
    levels = tuple(
        _checked(partial(ClassificationLevel, c.system, c.level), _at(where, f"classifications[{i}]"))
        for i, c in enumerate(model.classifications)
    )
    rom = tuple(
        _checked(partial(RomMeasurement, r.movement, r.degrees, r.side, r.mode), _at(where, f"rom[{i}]"))
        for i, r in enumerate(model.rom)
    )
    h = model.hips
    hips = _checked(partial(HipMigration, h.left_percent, h.right_percent), _at(where, "hips")) if h else None
    return _checked(
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

    return _checked(partial(Injection, model.date, model.muscles, model.given_by, model.product, model.dose), where)


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
