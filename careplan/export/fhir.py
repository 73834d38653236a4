"""A plan and its assessments as an HL7 FHIR Bundle (R4B or R5), for the electronic health record.

One mapping (``docs/fhir.md`` tabulates it) turns the core snapshots into FHIR resources as plain
JSON; ``careplan.export.fhir_checks`` checks what the models do not (required bindings, references
that resolve, unique ``urn:uuid`` fullUrls); then the version's ``fhir.resources`` Bundle model
validates every resource and writes the JSON.  A problem anywhere raises ``FhirExportError`` with
the problems in plain words, and nothing is written.

- ``Patient``; a ``Practitioner`` for the plan's therapist (the CarePlan's author);
- ``Condition``: the dystonia category, coded in SNOMED CT where a code was checked (15802004
  Dystonia, 128188000 Cerebral palsy), the category's own words as text;
- ``CarePlan``: status ``active``, intent ``plan``, the period from start to review date, its goals
  and one activity per item: a reference to the item's ``ServiceRequest`` or ``DeviceRequest``, or
  (R4B only, which has ``activity.detail``) the advice or education inline;
- ``Goal`` per goal: the due date and the five GAS levels as targets;
- ``ServiceRequest`` per exercise (SNOMED CT 229065009 Exercise therapy) and referral (3457005
  Patient referral), and in R5 per piece of advice or education, timed from the item's dosage;
- ``DeviceRequest`` per orthosis and piece of equipment (the same in both versions);
- ``Observation`` per assessment value (pain on the NRS as LOINC 72514-3; the rest with Careplan's
  own code system, ``MEASURES``); ``Procedure`` per botulinum toxin injection;
- with ``document``, a ``Composition`` first (LOINC 18776-5 Plan of care note).

Confidential notes (the plan's clinical notes, an item's clinician note, an assessment's findings,
a goal rating's comment) go in only with ``include_confidential_notes``.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from careplan.core.assessments import Assessment, GoalRating, Injection, PainScale
from careplan.core.enums import Category, EquipmentStatus, Kind, Side
from careplan.core.model import Dosage, Goal, Intervention, PlanRecord
from careplan.core.scales import GAS_LEVELS, RomMovement, ScaleDefinition
from careplan.core.wording import dosage_sentence
from careplan.export.fhir_checks import VERSIONS, FhirExportError, check_bundle

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
#: Careplan's own code systems (documented in docs/fhir.md): assessment measures (and the names of a
#: DeviceRequest's parameters), the kind of a plan item, the codes of the shipped library (``careplan
#: catalog``), and the status of equipment and orthoses.
MEASURES = "https://careplan.example/fhir/CodeSystem/measures"
ITEM_KINDS = "https://careplan.example/fhir/CodeSystem/item-kinds"
LIBRARY = "https://careplan.example/fhir/CodeSystem/library"
EQUIPMENT_STATUS = "https://careplan.example/fhir/CodeSystem/equipment-status"
#: The namespace of the bundle's identifiers and fullUrls (uuid5: the same export gives the same ids).
ID_NAMESPACE = uuid.UUID("5b0a3f57-3c0e-4a53-9d0c-7d1e3b7f2a61")

DYSTONIA = ("15802004", "Dystonia")
CEREBRAL_PALSY = ("128188000", "Cerebral palsy")
EXERCISE_THERAPY = ("229065009", "Exercise therapy")
PATIENT_REFERRAL = ("3457005", "Patient referral")
PAIN_NRS = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
PLAN_OF_CARE_NOTE = ("18776-5", "Plan of care note")

#: Each category's words in the record (the SNOMED CT code: Dystonia, or Cerebral palsy for dystonic CP).
CONDITION_TEXT: dict[Category, str] = {
    Category.CERVICAL: "Cervical dystonia",
    Category.HAND: "Focal hand dystonia (task-specific)",
    Category.FOCAL_OTHER: "Focal dystonia",
    Category.SEGMENTAL: "Segmental dystonia",
    Category.MULTIFOCAL: "Multifocal dystonia",
    Category.HEMIDYSTONIA: "Hemidystonia",
    Category.GENERALISED: "Generalised dystonia",
    Category.DYSTONIC_CP: "Dystonic cerebral palsy",
}

#: Pain scales other than the NRS have no LOINC code checked here: Careplan's own codes.
PAIN_CODES: dict[PainScale, tuple[str, str]] = {
    PainScale.FACES: ("pain-faces", "Pain, Faces Pain Scale - Revised (0-10)"),
    PainScale.FLACC: ("pain-flacc", "Pain, FLACC observational scale (0-10)"),
    PainScale.R_FLACC: ("pain-r-flacc", "Pain, revised FLACC observational scale (0-10)"),
}
#: The GAS levels -2 ... +2 as the codes of a goal's targets.
GAS_LEVEL_CODES = ("gas-level-minus-2", "gas-level-minus-1", "gas-level-0", "gas-level-plus-1", "gas-level-plus-2")
#: Fixed measure codes (scales, movements and their parts add codes made from the catalog's own codes).
MEASURE_CODES: dict[str, str] = {
    "gas-level": "Goal attainment scaling: level reached (-2 to +2)",
    "gas-baseline": "Goal attainment scaling: level at goal setting",
    "gas-t-score": "Goal attainment scaling T-score",
    "gmfcs-level": "GMFCS level (I-V as 1-5)",
    "macs-level": "MACS level (I-V as 1-5)",
    "hip-migration": "Hip migration percentage (Reimers)",
    "clinical-findings": "Assessment findings (clinician's notes)",
    "equipment-status": "Equipment or orthosis status",
    "item-kind": "Kind of plan item",
    **{
        code: f"Goal attainment scaling: level {level:+d}" if level else "Goal attainment scaling: level 0"
        for code, level in zip(GAS_LEVEL_CODES, GAS_LEVELS, strict=True)
    },
}


def scale_code(scale: str, part: str | None = None) -> str:
    """``scale.bads``, ``scale.twstrs.severity``: a scale's total or one of its parts."""
    return f"scale.{scale}" + (f".{part}" if part else "")


def rom_code(movement: str) -> str:
    return f"rom.{movement}"


@dataclass(frozen=True)
class FhirOptions:
    """What the export holds: the FHIR version, a document or a collection, confidential notes or not."""

    version: str = "R4B"
    document: bool = False
    include_confidential_notes: bool = False

    @property
    def audit_detail(self) -> str:
        """What the activity log records: ``FHIR R4B document (with confidential notes)``."""
        notes = " (with confidential notes)" if self.include_confidential_notes else ""
        return f"FHIR {self.version} {'document' if self.document else 'collection'}{notes}"

    def __post_init__(self) -> None:
        if self.version not in VERSIONS:
            raise FhirExportError(f"FHIR version {self.version!r} is not one Careplan writes (use R4B or R5).")


def _concept(system: str | None, code: str | None, display: str | None = None, text: str | None = None) -> dict:
    concept: dict[str, Any] = {}
    if system and code:
        concept["coding"] = [{k: v for k, v in (("system", system), ("code", code), ("display", display)) if v}]
    if text or display:
        concept["text"] = text or display
    return concept


def _measure(code: str, display: str) -> dict:
    return _concept(MEASURES, code, display)


def _ref(url: str, display: str | None = None) -> dict:
    return {"reference": url, **({"display": display} if display else {})}


def _note(text: str | None) -> list[dict]:
    return [{"text": text}] if text and text.strip() else []


def _drop_empty(resource: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in resource.items() if v not in (None, "", [], {})}


def dosage_timing(dosage: Dosage | None) -> dict | None:
    """The item's dosage as a FHIR Timing: how often (every day: times a day; fewer days: sessions a
    week) and for how long; the whole dosage in words as ``code.text`` (sets, reps and holds have no
    Timing element)."""
    if dosage is None or dosage.is_empty():
        return None
    repeat: dict[str, Any] = {}
    per_day, per_week = dosage.times_per_day, dosage.days_per_week
    if per_week is not None and per_week < 7:
        repeat.update(frequency=(per_day or 1) * per_week, period=1, periodUnit="wk")
    elif per_day is not None or per_week == 7:
        repeat.update(frequency=per_day or 1, period=1, periodUnit="d")
    if dosage.minutes is not None:
        repeat.update(duration=dosage.minutes, durationUnit="min")
    timing: dict[str, Any] = {"code": {"text": dosage_sentence(dosage)}}
    if repeat:
        timing["repeat"] = repeat
    return timing


class _Builder:
    """One export: the ids, the version's spelling of each element, and the entries made so far."""

    def __init__(self, record: PlanRecord, options: FhirOptions, seed: str) -> None:
        self.record = record
        self.plan = record.plan
        self.options = options
        self.r5 = options.version == "R5"
        self.seed = seed
        self.entries: list[dict[str, Any]] = []

    # -- ids and entries

    def url(self, *key: object) -> str:
        return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, '|'.join([self.seed, *map(str, key)]))}"

    def add(self, url: str, resource: dict[str, Any]) -> str:
        self.entries.append({"fullUrl": url, "resource": _drop_empty(resource)})
        return url

    def confidential(self, text: str | None) -> list[dict]:
        return _note(text) if self.options.include_confidential_notes else []

    # -- the person, the therapist, the condition

    def patient(self) -> str:
        p = self.record.patient
        contacts = [
            _drop_empty(
                {
                    "relationship": [{"text": c.relationship}] if c.relationship else [],
                    "name": {"text": c.name},
                    "telecom": [{"system": "phone", "value": c.phone}] if c.phone else [],
                }
            )
            for c in p.carers
        ]
        return self.add(
            self.url("Patient"),
            {
                "resourceType": "Patient",
                "identifier": [{"value": p.identifier}] if p.identifier else [],
                "name": [{"text": p.full_name, "family": p.family_name, "given": [p.given_name]}],
                "birthDate": p.date_of_birth.isoformat(),
                "contact": contacts,
            },
        )

    def practitioner(self) -> str | None:
        t = self.plan.therapist
        if not t.name:
            return None
        telecom = [{"system": s, "value": v, "use": "work"} for s, v in (("phone", t.phone), ("email", t.email)) if v]
        return self.add(
            self.url("Practitioner"),
            {
                "resourceType": "Practitioner",
                "name": [{"text": t.name}],
                "telecom": telecom,
                "qualification": [{"code": {"text": t.role}}] if t.role else [],
            },
        )

    def condition(self, patient: str) -> str:
        plan = self.plan
        code, display = CEREBRAL_PALSY if plan.category is Category.DYSTONIC_CP else DYSTONIA
        details = [f"Pattern: {', '.join(p.label for p in plan.patterns)}" if plan.patterns else ""]
        details.append(f"Pulls to the {plan.pull_side.value}" if plan.pull_side else "")
        details.append(f"Neck level: {plan.neck_level.label}" if plan.neck_level else "")
        details.append(f"Cervical form: {plan.cervical_form.label}" if plan.cervical_form else "")
        described = "; ".join(d for d in details if d)
        stage = [{"summary": {"text": f"GMFCS level {plan.gmfcs_level}"}}] if plan.gmfcs_level else []
        return self.add(
            self.url("Condition"),
            {
                "resourceType": "Condition",
                "clinicalStatus": _concept(
                    "http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active"
                ),
                "verificationStatus": _concept(
                    "http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", "Confirmed"
                ),
                "category": [
                    _concept(
                        "http://terminology.hl7.org/CodeSystem/condition-category",
                        "problem-list-item",
                        "Problem List Item",
                    )
                ],
                "code": _concept(SNOMED, code, display, CONDITION_TEXT[plan.category]),
                "bodySite": [{"text": region.replace("_", " ")} for region in plan.regions],
                "subject": _ref(patient),
                "stage": stage,
                "note": _note(described),
            },
        )

    # -- goals

    def goal(self, index: int, goal: Goal, patient: str, condition: str) -> str:
        due = goal.target_date.isoformat() if goal.target_date else None
        targets: list[dict[str, Any]] = [
            _drop_empty(
                {
                    "measure": _measure(code, MEASURE_CODES[code]),
                    "detailString": text,
                    "dueDate": due,
                }
            )
            for code, text in zip(GAS_LEVEL_CODES, goal.gas, strict=False)
        ]
        if not targets and due:
            targets = [{"dueDate": due}]
        return self.add(
            self.url("Goal", index),
            {
                "resourceType": "Goal",
                "identifier": [{"system": LIBRARY, "value": goal.code}] if goal.code else [],
                "lifecycleStatus": "active",
                "category": [{"text": goal.domain.label}],
                "description": {"text": goal.text},
                "subject": _ref(patient),
                "startDate": self.plan.start_date.isoformat() if self.plan.start_date else None,
                "target": targets,
                "addresses": [_ref(condition)],
            },
        )

    # -- items

    def item_code(self, item: Intervention) -> dict:
        snomed = {Kind.EXERCISE: EXERCISE_THERAPY, Kind.REFERRAL: PATIENT_REFERRAL}.get(item.kind)
        coding = [{"system": SNOMED, "code": snomed[0], "display": snomed[1]}] if snomed else []
        if item.catalog_code:
            coding.append({"system": LIBRARY, "code": item.catalog_code})
        return _drop_empty({"coding": coding, "text": item.title})

    def kind_category(self, item: Intervention) -> list[dict]:
        return [_concept(ITEM_KINDS, item.kind.value, item.kind.label)]

    def body_site(self, item: Intervention) -> list[dict]:
        return [{"text": item.side.label}] if item.side and item.side is not Side.NONE else []

    def service_request(self, index: int, item: Intervention, patient: str, author: str | None) -> str:
        instructions = item.instructions
        resource: dict[str, Any] = {
            "resourceType": "ServiceRequest",
            "status": "active",
            "intent": "plan",
            "category": self.kind_category(item),
            "code": self.item_code(item),
            "subject": _ref(patient),
            "occurrenceTiming": dosage_timing(item.dosage),
            "authoredOn": self.plan.start_date.isoformat() if self.plan.start_date else None,
            "requester": _ref(author) if author else None,
            "performerType": {"text": item.referral_to} if item.referral_to else None,
            "bodySite": self.body_site(item),
            "note": self.confidential(item.clinician_note),
        }
        reason = [{"text": item.referral_reason}] if item.referral_reason else []
        if self.r5:
            resource["code"] = {"concept": resource["code"]}
            resource["reason"] = [{"concept": r} for r in reason]
            resource["patientInstruction"] = [{"instructionMarkdown": instructions}] if instructions else []
        else:
            resource["reasonCode"] = reason
            resource["patientInstruction"] = instructions
        return self.add(self.url("ServiceRequest", index), resource)

    def device_request(self, index: int, item: Intervention, patient: str, author: str | None) -> str:
        code = self.item_code(item)
        status = item.status or EquipmentStatus.TO_ORDER
        notes = [
            *_note(item.instructions),
            *_note(f"When to wear it: {item.wear_schedule}" if item.wear_schedule else None),
            *_note(f"Skin checks: {item.skin_checks}" if item.skin_checks else None),
            *self.confidential(item.clinician_note),
        ]
        resource: dict[str, Any] = {
            "resourceType": "DeviceRequest",
            "status": "completed" if status is EquipmentStatus.ISSUED else "active",
            "intent": "plan",
            "parameter": [
                {
                    "code": _measure("equipment-status", MEASURE_CODES["equipment-status"]),
                    "valueCodeableConcept": _concept(EQUIPMENT_STATUS, status.value, status.label),
                },
                {
                    "code": _measure("item-kind", MEASURE_CODES["item-kind"]),
                    "valueCodeableConcept": self.kind_category(item)[0],
                },
            ],
            "subject": _ref(patient),
            "authoredOn": self.plan.start_date.isoformat() if self.plan.start_date else None,
            "requester": _ref(author) if author else None,
            "note": notes,
        }
        if self.r5:
            resource["code"] = {"concept": code}
        else:
            resource["codeCodeableConcept"] = code
        return self.add(self.url("DeviceRequest", index), resource)

    def inline_activity(self, item: Intervention) -> dict:
        """R4B: advice and education as the activity's own detail (no separate request).  No ``detail.goal``:
        Careplan does not link an item to particular goals (the CarePlan lists them all)."""
        code = self.item_code(item)
        code["coding"] = [*code.get("coding", []), *self.kind_category(item)[0]["coding"]]
        detail = {
            "code": code,
            "status": "in-progress",
            "description": item.instructions,
        }
        extra = self.confidential(item.clinician_note)
        return _drop_empty({"detail": _drop_empty(detail), "progress": extra})

    # -- assessments

    def observation(
        self,
        key: tuple[object, ...],
        assessment: Assessment,
        patient: str,
        code: dict,
        category: str,
        value: dict[str, Any],
        **more: Any,
    ) -> str:
        resource = {
            "resourceType": "Observation",
            "status": "final",
            "category": [
                _concept("http://terminology.hl7.org/CodeSystem/observation-category", category, category.title())
            ],
            "code": code,
            "subject": _ref(patient),
            "effectiveDateTime": assessment.date.isoformat(),
            # The assessor by name: not a Practitioner of the bundle (it may not be the plan's therapist).
            "performer": [{"display": assessment.therapist}],
            **value,
            **more,
        }
        return self.add(self.url("Observation", *key), resource)

    def assessment(
        self,
        number: int,
        a: Assessment,
        patient: str,
        goal_urls: dict[str, str],
        scales: dict[str, ScaleDefinition],
        movements: dict[str, RomMovement],
    ) -> list[str]:
        made: list[str] = []
        for i, rating in enumerate(a.goals):
            made.append(self.gas_rating(number, i, a, rating, patient, goal_urls))
        t_score = a.gas_t_score
        if t_score is not None:
            made.append(
                self.observation(
                    (number, "gas-t-score"),
                    a,
                    patient,
                    _measure("gas-t-score", MEASURE_CODES["gas-t-score"]),
                    "survey",
                    {"valueQuantity": {"value": round(t_score, 1), "unit": "T-score"}},
                )
            )
        for i, pain in enumerate(a.pain):
            code, display = PAIN_NRS if pain.scale is PainScale.NRS else PAIN_CODES[pain.scale]
            system = LOINC if pain.scale is PainScale.NRS else MEASURES
            made.append(
                self.observation(
                    (number, "pain", i),
                    a,
                    patient,
                    _concept(system, code, display),
                    "survey",
                    {"valueInteger": pain.score},
                    bodySite={"text": pain.site} if pain.site else None,
                )
            )
        for score in a.scales:
            made.append(self.scale(number, a, score, patient, scales.get(score.scale)))
        for level in a.classifications:
            code = f"{level.system.value}-level"
            made.append(
                self.observation(
                    (number, code),
                    a,
                    patient,
                    _measure(code, MEASURE_CODES[code]),
                    "survey",
                    {"valueInteger": level.level},
                )
            )
        for i, m in enumerate(a.rom):
            movement = movements.get(m.movement)
            label = movement.label if movement else m.movement.replace("_", " ")
            made.append(
                self.observation(
                    (number, "rom", i),
                    a,
                    patient,
                    _measure(rom_code(m.movement), f"Range of motion: {label}"),
                    "exam",
                    {"valueQuantity": {"value": m.degrees, "unit": "degrees", "system": UCUM, "code": "deg"}},
                    bodySite={"text": m.side.label} if m.side and m.side is not Side.NONE else None,
                    method={"text": m.mode.value},
                )
            )
        if a.hips is not None:
            for side, percent in (("left", a.hips.left_percent), ("right", a.hips.right_percent)):
                if percent is not None:
                    made.append(
                        self.observation(
                            (number, "hip", side),
                            a,
                            patient,
                            _measure("hip-migration", MEASURE_CODES["hip-migration"]),
                            "imaging",
                            {"valueQuantity": {"value": percent, "unit": "%", "system": UCUM, "code": "%"}},
                            bodySite={"text": f"{side} hip"},
                        )
                    )
        if a.findings and self.options.include_confidential_notes:
            made.append(
                self.observation(
                    (number, "findings"),
                    a,
                    patient,
                    _measure("clinical-findings", MEASURE_CODES["clinical-findings"]),
                    "exam",
                    {"valueString": a.findings},
                )
            )
        return made

    def gas_rating(
        self, number: int, i: int, a: Assessment, rating: GoalRating, patient: str, goal_urls: dict[str, str]
    ) -> str:
        goal = goal_urls.get(rating.goal_text)
        focus = [_ref(goal, rating.goal_text)] if goal else [{"display": rating.goal_text}]
        return self.observation(
            (number, "gas", i),
            a,
            patient,
            _measure("gas-level", MEASURE_CODES["gas-level"]),
            "survey",
            {"valueInteger": rating.achieved},
            focus=focus,
            component=[
                {
                    "code": _measure("gas-baseline", MEASURE_CODES["gas-baseline"]),
                    "valueInteger": rating.baseline,
                }
            ],
            note=self.confidential(rating.comment),
        )

    def scale(self, number: int, a: Assessment, score: Any, patient: str, definition: ScaleDefinition | None) -> str:
        name = definition.name if definition else score.scale
        parts = [
            {"code": _measure(scale_code(score.scale, code), f"{name}: {code}"), "valueQuantity": {"value": value}}
            for code, value in (*score.subscores, *score.items)
        ]
        value = {"valueQuantity": {"value": score.total}} if score.total is not None else {}
        return self.observation(
            (number, "scale", score.scale),
            a,
            patient,
            _measure(scale_code(score.scale), name),
            "survey",
            value,
            component=parts,
        )

    def procedure(self, index: int, injection: Injection, patient: str) -> str:
        when = injection.date.isoformat()
        resource: dict[str, Any] = {
            "resourceType": "Procedure",
            "status": "completed",
            "code": {"text": "Botulinum toxin injection"},
            "subject": _ref(patient),
            "performer": [{"actor": {"display": injection.given_by}}],
            "bodySite": [{"text": injection.muscles}],
            "note": _note(f"Dose: {injection.dose}" if injection.dose else None),
        }
        used = [{"text": injection.product}] if injection.product else []
        if self.r5:
            resource["occurrenceDateTime"] = when
            resource["used"] = [{"concept": u} for u in used]
        else:
            resource["performedDateTime"] = when
            resource["usedCode"] = used
        return self.add(self.url("Procedure", index), resource)


def build_bundle(
    record: PlanRecord,
    assessments: Sequence[Assessment] = (),
    injections: Sequence[Injection] = (),
    *,
    scales: Iterable[ScaleDefinition] = (),
    movements: Iterable[RomMovement] = (),
    options: FhirOptions = FhirOptions(),
    generated_at: dt.datetime,
    seed: str | None = None,
) -> dict[str, Any]:
    """The bundle as JSON-ready dicts (not yet checked).  ``seed`` makes the ids (default: the plan's id
    and ``generated_at``, so one export's ids are stable and two exports' differ)."""
    b = _Builder(record, options, seed or f"{record.plan_id}|{generated_at.isoformat()}")
    plan = record.plan
    patient = b.patient()
    author = b.practitioner()
    if options.document and author is None:
        raise FhirExportError(
            "A FHIR document needs an author: the plan names no therapist. Add the therapist's name in the plan's "
            "details (or export a collection, not a document). Nothing was written."
        )
    condition = b.condition(patient)
    plan_url = b.url("CarePlan")
    b.entries.append({})  # the CarePlan's place: it is made last, once its goals and activities are
    goal_urls: dict[str, str] = {}
    goals = []
    for i, goal in enumerate(plan.goals):
        url = b.goal(i, goal, patient, condition)
        goals.append(url)
        goal_urls.setdefault(goal.text, url)
    activities, requests = [], []
    for i, item in enumerate(plan.interventions):
        if item.kind in (Kind.ORTHOSIS, Kind.EQUIPMENT):
            requests.append(b.device_request(i, item, patient, author))
        elif item.kind in (Kind.EXERCISE, Kind.REFERRAL) or b.r5:
            requests.append(b.service_request(i, item, patient, author))
        else:  # R4B: advice and education inline, as the activity's detail
            activities.append(b.inline_activity(item))
            continue
        activities.append({"plannedActivityReference" if b.r5 else "reference": _ref(requests[-1], item.title)})
    by_code = {s.code: s for s in scales}
    moves = {m.code: m for m in movements}
    observations = [
        url
        for number, a in enumerate(sorted(assessments, key=lambda a: a.date))
        for url in b.assessment(number, a, patient, goal_urls, by_code, moves)
    ]
    procedures = [b.procedure(i, inj, patient) for i, inj in enumerate(sorted(injections, key=lambda i: i.date))]
    programme = plan.programme
    plan_notes = [
        *_note(f"Visits: {programme.visits}" if programme.visits else None),
        *_note(f"Home practice: {programme.home_practice}" if programme.home_practice else None),
        *_note("Adjustments: " + "; ".join(programme.adjustments) if programme.adjustments else None),
        *b.confidential(plan.clinical_notes),
    ]
    period = _drop_empty(
        {
            "start": plan.start_date.isoformat() if plan.start_date else None,
            "end": plan.review_date.isoformat() if plan.review_date else None,
        }
    )
    care_plan: dict[str, Any] = {
        "resourceType": "CarePlan",
        "identifier": [{"system": LIBRARY, "value": plan.template}] if plan.template else [],
        "status": "active",
        "intent": "plan",
        "title": plan.title,
        "description": plan.summary,
        "subject": _ref(patient),
        "period": period,
        "created": plan.start_date.isoformat() if plan.start_date else None,
        "goal": [_ref(g) for g in goals],
        "activity": activities,
        "note": plan_notes,
    }
    if b.r5:
        care_plan["custodian"] = _ref(author) if author else None
        care_plan["addresses"] = [{"reference": _ref(condition)}]
    else:
        care_plan["author"] = _ref(author) if author else None
        care_plan["addresses"] = [_ref(condition)]
    place = next(i for i, e in enumerate(b.entries) if not e)
    b.add(plan_url, care_plan)
    b.entries[place] = b.entries.pop()
    stamp = generated_at.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    bundle_url = b.url("Bundle")
    if options.document:
        assert author is not None
        sections = [
            ("Care plan", [plan_url, condition, *goals, *requests]),
            ("Assessments", observations),
            ("Botulinum toxin injections", procedures),
        ]
        composition = {
            "resourceType": "Composition",
            "status": "final",
            "type": _concept(LOINC, *PLAN_OF_CARE_NOTE),
            "subject": [_ref(patient)] if b.r5 else _ref(patient),
            "date": stamp,
            "author": [_ref(author)],
            "title": plan.title,
            "section": [
                {"title": title, "entry": [_ref(u) for u in urls if u]} for title, urls in sections if any(urls)
            ],
        }
        b.entries.insert(0, {"fullUrl": b.url("Composition"), "resource": composition})
    return {
        "resourceType": "Bundle",
        "identifier": {"system": "urn:ietf:rfc:3986", "value": bundle_url},
        "type": "document" if options.document else "collection",
        "timestamp": stamp,
        "entry": b.entries,
    }


def bundle_model(version: str) -> Any:
    """The version's Bundle model (imported when first used: the models are large)."""
    if version == "R5":
        from fhir.resources.bundle import Bundle

        return Bundle
    from fhir.resources.R4B.bundle import Bundle as BundleR4B

    return BundleR4B


def validated_json(bundle: dict[str, Any], version: str) -> bytes:
    """``bundle`` checked (careplan.export.fhir_checks) and validated by the version's models, as JSON bytes.

    Raises FhirExportError naming every problem; nothing is returned for a bundle with any."""
    from pydantic import ValidationError

    check_bundle(bundle, version)
    try:
        model = bundle_model(version).model_validate(bundle)
    except ValidationError as exc:
        problems = [f"{_where(bundle, err['loc'])}: {err['msg']}" for err in exc.errors(include_url=False)[:5]]
        raise FhirExportError(f"The FHIR {version} bundle was not written: " + "; ".join(problems) + ".") from None
    text = model.model_dump_json(indent=2)
    return (json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _where(bundle: dict[str, Any], loc: Sequence[Any]) -> str:
    """``entry 4 (Observation) valueQuantity.value`` from a pydantic error location."""
    parts = list(loc)
    if len(parts) >= 3 and parts[0] == "entry" and isinstance(parts[1], int) and parts[2] == "resource":
        resource = bundle["entry"][parts[1]].get("resource", {})
        rest = ".".join(str(p) for p in parts[3:])
        return f"entry {parts[1] + 1} ({resource.get('resourceType', 'resource')}) {rest}".strip()
    return ".".join(str(p) for p in parts)


def export_fhir(
    record: PlanRecord,
    assessments: Sequence[Assessment] = (),
    injections: Sequence[Injection] = (),
    *,
    scales: Iterable[ScaleDefinition] = (),
    movements: Iterable[RomMovement] = (),
    options: FhirOptions = FhirOptions(),
    generated_at: dt.datetime | None = None,
    seed: str | None = None,
) -> bytes:
    """The plan, its assessments and injections as a checked, validated FHIR Bundle (JSON bytes)."""
    bundle = build_bundle(
        record,
        assessments,
        injections,
        scales=scales,
        movements=movements,
        options=options,
        generated_at=generated_at or dt.datetime.now(dt.UTC),
        seed=seed,
    )
    return validated_json(bundle, options.version)
