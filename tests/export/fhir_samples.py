"""The plans the FHIR tests export, and what a bundle must carry of each, worked out from the plan itself.

Every fixture plan of the repository (the sample plan with its sample assessment, the tests' fixture
plan with its review, the five example plans with their inputs) and a rich plan with every kind of
item, GAS levels, toxin injections and a confidential note in every place one can be.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from careplan.catalog.loader import load_library
from careplan.core.assessments import (
    Assessment,
    Classification,
    ClassificationLevel,
    GoalRating,
    HipMigration,
    Injection,
    PainRating,
    PainScale,
    RomMeasurement,
    ScaleScore,
    check_assessment,
)
from careplan.core.enums import Kind, Side
from careplan.core.library import Library
from careplan.core.model import Dosage, Goal, PlanRecord
from careplan.export.fhir import (
    EXERCISE_THERAPY,
    LIBRARY,
    LOINC,
    MEASURES,
    PAIN_NRS,
    PATIENT_REFERRAL,
    SNOMED,
)
from careplan.export.fhir_read import ReadGoal
from careplan.planfile import read_plan_bytes, to_imported
from careplan.planfile.convert import assessment_from_model, injection_from_model
from careplan.planfile.schema import AssessmentModel, InjectionModel

from handout_samples import CLINICAL_NOTES, CLINICIAN_NOTE, rich_record

ROOT = Path(__file__).resolve().parents[2]
GENERATED_AT = dt.datetime(2026, 11, 30, 9, 30, tzinfo=dt.UTC)
#: Confidential words planted in every place a clinician's note can be (never in a default export).
FINDINGS = "Zebrafindings: adductor tone up on the left"
COMMENT = "Quillcomment: managed it on three days"
CONFIDENTIAL = (CLINICAL_NOTES, CLINICIAN_NOTE, FINDINGS, COMMENT)
GAS = (
    "Does not join carpet time",
    "Joins carpet time for under 5 minutes",
    "Joins carpet time for 10 minutes, supported in her seat",
    "Joins carpet time for the whole session, supported in her seat",
    "Joins carpet time for the whole session and takes a turn",
)


@dataclass(frozen=True)
class Sample:
    name: str
    record: PlanRecord
    assessments: tuple[Assessment, ...] = ()
    injections: tuple[Injection, ...] = field(default=())


_LIBRARY: list[Library] = []


def library() -> Library:
    if not _LIBRARY:
        _LIBRARY.append(load_library())
    return _LIBRARY[0]


def _plan(path: Path) -> PlanRecord:
    return to_imported(read_plan_bytes(path.read_bytes(), path.name), library().intervention).record


def _assessment(data: dict) -> Assessment:
    lib = library()
    return check_assessment(assessment_from_model(AssessmentModel.model_validate(data)), lib.scales, lib.movements)


def rich_sample() -> Sample:
    """Every kind of item, GAS levels on a goal, every kind of measure, injections, confidential notes."""
    record = rich_record()
    goals = list(record.plan.goals)
    goals[0] = dataclasses.replace(goals[0], gas=GAS, importance=3, difficulty=1)
    record = dataclasses.replace(record, plan=record.plan.replace(goals=tuple(goals)))
    first = Assessment(
        date=dt.date(2026, 9, 1),
        therapist="Jo Patel",
        goals=(GoalRating(goals[0].text, -1, levels=GAS, importance=3, difficulty=1),),
        pain=(PainRating(6, PainScale.NRS, "left hip"), PainRating(4, PainScale.R_FLACC)),
        scales=(ScaleScore("twstrs", subscores=(("severity", 20), ("disability", 12), ("pain", 10))),),
        classifications=(ClassificationLevel(Classification.GMFCS, 3), ClassificationLevel(Classification.MACS, 2)),
        rom=(RomMeasurement("hip_abduction", 25, Side.LEFT), RomMeasurement("neck_rotation", 60)),
        hips=HipMigration(28, 15),
        findings=FINDINGS,
    )
    second = Assessment(
        date=dt.date(2026, 11, 27),
        therapist="Sam Reid",
        goals=(
            GoalRating(goals[0].text, 1, levels=GAS, importance=3, difficulty=1, comment=COMMENT),
            GoalRating(goals[1].text, 0),
            GoalRating("A goal since taken out of the plan", -2, baseline=-2),
        ),
        pain=(PainRating(2, PainScale.FACES),),
        hips=HipMigration(right_percent=18),
    )
    lib = library()
    checked = tuple(check_assessment(a, lib.scales, lib.movements) for a in (first, second))
    injections = (
        Injection(dt.date(2026, 9, 8), "Left hip adductors", "Dr A. Khan", "Botulinum toxin type A", "200 units"),
        Injection(dt.date(2026, 6, 2), "Left hamstrings", "Dr A. Khan"),
    )
    return Sample("rich", record, checked, injections)


def fixture_samples() -> list[Sample]:
    """Every plan file of the repository's fixtures and examples, each with its assessments (the format 1
    copies without)."""
    samples = [
        Sample(
            "resources/samples",
            _plan(ROOT / "resources" / "samples" / "example-plan.json"),
            (_assessment(json.loads((ROOT / "resources" / "samples" / "example-assessment.json").read_text())),),
        ),
        Sample(
            "tests/data/fixtures",
            _plan(ROOT / "tests" / "data" / "fixtures" / "example-plan.json"),
            (_assessment(json.loads((ROOT / "tests/data/fixtures/assessment/review-2026-11.json").read_text())),),
        ),
    ]
    for path in sorted((ROOT / "docs" / "examples" / "plans").glob("*.json")):
        inputs = json.loads((ROOT / "docs" / "examples" / "fhir" / "inputs" / path.name).read_text())
        samples.append(
            Sample(
                f"docs/examples/{path.stem}",
                _plan(path),
                tuple(_assessment(a) for a in inputs["assessments"]),
                tuple(injection_from_model(InjectionModel.model_validate(i)) for i in inputs["injections"]),
            )
        )
    # The same plans as format 1 files (tests/data/format1): read as the import reads them.
    samples += [
        Sample(f"format1/{path.stem}", _plan(path)) for path in sorted((ROOT / "tests/data/format1").glob("*.json"))
    ]
    return samples


def all_samples() -> list[Sample]:
    return [rich_sample(), *fixture_samples()]


# --- what the bundle must say, from the plan's own values ---------------------------------------


def expected_goals(goals: tuple[Goal, ...]) -> tuple[ReadGoal, ...]:
    return tuple(ReadGoal(g.text, g.target_date, g.gas) for g in goals)


def expected_timing(dosage: Dosage | None) -> tuple[int | None, str | None, int | None] | None:
    """(how many times, per day or per week, minutes each time): every day counts times a day, fewer
    days count the sessions of a week."""
    if dosage is None or dosage.is_empty():
        return None
    per_day, per_week = dosage.times_per_day, dosage.days_per_week
    if per_week is not None and per_week < 7:
        return (per_day or 1) * per_week, "wk", dosage.minutes
    if per_day is not None or per_week == 7:
        return per_day or 1, "d", dosage.minutes
    return (None, None, dosage.minutes) if dosage.minutes else None


def expected_codes(kind: Kind, catalog_code: str | None) -> set[tuple[str, str]]:
    snomed = {Kind.EXERCISE: EXERCISE_THERAPY, Kind.REFERRAL: PATIENT_REFERRAL}.get(kind)
    codes = {(SNOMED, snomed[0])} if snomed else set()
    return codes | ({(LIBRARY, catalog_code)} if catalog_code else set())


def expected_observations(assessments: tuple[Assessment, ...]) -> list[tuple[dt.date, str, str, object]]:
    """(date, system, code, value) of every value of every assessment (confidential findings aside)."""
    out: list[tuple[dt.date, str, str, object]] = []
    for a in assessments:
        out += [(a.date, MEASURES, "gas-level", r.achieved) for r in a.goals]
        if a.gas_t_score is not None:
            out.append((a.date, MEASURES, "gas-t-score", round(a.gas_t_score, 1)))
        for p in a.pain:
            if p.scale is PainScale.NRS:
                out.append((a.date, LOINC, PAIN_NRS[0], p.score))
            else:
                out.append((a.date, MEASURES, f"pain-{p.scale.value.replace('_', '-')}", p.score))
        out += [(a.date, MEASURES, f"scale.{s.scale}", s.total) for s in a.scales]
        out += [(a.date, MEASURES, f"{c.system.value}-level", c.level) for c in a.classifications]
        out += [(a.date, MEASURES, f"rom.{r.movement}", r.degrees) for r in a.rom]
        if a.hips is not None:
            out += [
                (a.date, MEASURES, "hip-migration", p)
                for p in (a.hips.left_percent, a.hips.right_percent)
                if p is not None
            ]
    return out
