"""core.readiness: problems a caller cannot reach through the example plan file."""

from __future__ import annotations

import datetime as dt

from careplan.core.enums import Category, Kind
from careplan.core.library import Library
from careplan.core.model import AppliedCaution, ClinicDetails, Intervention, Patient, Plan, PlanRecord, Therapist
from careplan.core.readiness import readiness_problems

TODAY = dt.date(2026, 11, 30)


def _record(*items: Intervention) -> PlanRecord:
    plan = Plan(
        title="Neck plan", category=Category.CERVICAL, therapist=Therapist(phone="0161 496 0999"), interventions=items
    )
    return PlanRecord(plan=plan, patient=Patient("Sam", "Lee", dt.date(1980, 1, 1)))


def test_a_caution_with_no_family_wording_names_its_item() -> None:
    record = _record(Intervention(kind=Kind.EXERCISE, title="Arm swings", instructions="Swing both arms."))
    caution = AppliedCaution(
        item_title="Arm swings", text="Alternating arm movements may worsen the head.", item_index=0
    )
    problems = readiness_problems(record, [caution], Library(version="test"), ClinicDetails(), TODAY)
    assert [str(p) for p in problems] == [
        "Item 1 (Arm swings): a caution applies to it but has no wording for the family or school: "
        "Alternating arm movements may worsen the head."
    ]
    assert problems[0].item_index == 0


def test_a_caution_with_family_wording_is_ready() -> None:
    record = _record(Intervention(kind=Kind.EXERCISE, title="Arm swings", instructions="Swing both arms."))
    caution = AppliedCaution(
        item_title="Arm swings", text="x", item_index=0, family_text="Stop if the head pulls more."
    )
    assert readiness_problems(record, [caution], Library(version="test"), ClinicDetails(), TODAY) == []


def test_a_tbc_in_the_school_instructions_is_a_blank() -> None:
    item = Intervention(kind=Kind.EXERCISE, title="Chin tucks", instructions="Tuck.", school_instructions="Times TBC")
    problems = readiness_problems(_record(item), [], Library(version="test"), ClinicDetails(), TODAY)
    assert [str(p) for p in problems] == [
        'Item 1 (Chin tucks): the school instructions have a blank to fill in ("TBC")'
    ]
