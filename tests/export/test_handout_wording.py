"""One truth per fact, read back from the printed PDFs: each dose printed once in natural words on every
handout that shows the item, and one skin-check time everywhere."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from careplan.core.enums import Audience, EquipmentStatus, Kind
from careplan.core.model import Dosage, Intervention, PlanRecord
from careplan.export import phrases, render_handout

from handout_samples import BOTH, CLINIC, all_text, rich_record

TODAY = dt.date(2026, 12, 2)
AUDIENCES = [Audience.FAMILY, Audience.SCHOOL, Audience.CLINICIAN]
STANDING = "For 30 minutes, twice a day, every day"
WEEKLY = "2 sets of 5, hold each for 5 seconds, once a week"


def wording_record() -> PlanRecord:
    """The sample plus a standing frame with a dose for home and school, a weekly exercise and a splint
    with no skin wording of its own (so the handouts' own skin wording prints)."""
    record = rich_record()
    extra = (
        Intervention(
            kind=Kind.EQUIPMENT,
            title="Home standing frame",
            instructions="Stand with the knee pads snug.",
            status=EquipmentStatus.ISSUED,
            dosage=Dosage(minutes=30, times_per_day=2, days_per_week=7),
            audiences=BOTH,
        ),
        Intervention(
            kind=Kind.EXERCISE,
            title="Weekly balance practice",
            instructions="Stand by the kitchen worktop and lift one heel.",
            dosage=Dosage(sets=2, reps=5, hold_seconds=5, times_per_day=1, days_per_week=1),
            audiences=BOTH,
        ),
        Intervention(kind=Kind.ORTHOSIS, title="Ankle splint", wear_schedule="At school", audiences=BOTH),
    )
    plan = dataclasses.replace(record.plan, interventions=(*record.plan.interventions, *extra))
    return dataclasses.replace(record, plan=plan)


@pytest.fixture(scope="module")
def texts() -> dict[Audience, str]:
    record = wording_record()
    return {a: " ".join(all_text(render_handout(record, a, CLINIC, generated_on=TODAY)).split()) for a in AUDIENCES}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_equipment_dose_prints_once_on_every_handout(texts: dict[Audience, str], audience: Audience) -> None:
    assert texts[audience].count(STANDING) == 1


@pytest.mark.parametrize("audience", AUDIENCES)
def test_numbers_read_naturally_and_once(texts: dict[Audience, str], audience: Audience) -> None:
    text = texts[audience]
    plan_pages = text.split("Weekly practice chart for")[0]  # the family's tick chart repeats it as a reminder
    assert plan_pages.count(WEEKLY) == 1
    assert "1 day a week" not in text
    assert "Hold (s)" not in text and "Rest (s)" not in text


def test_skin_check_time_is_one_number_everywhere(texts: dict[Audience, str]) -> None:
    said = {
        int(n)
        for text in texts.values()
        for n in re.findall(r"(?:fades? within|more than|lasts? longer than|still there) (\d+) minutes", text)
    }
    assert said == {phrases.SKIN_MARK_MINUTES}


@pytest.mark.parametrize("audience", [Audience.SCHOOL, Audience.CLINICIAN])
def test_school_and_clinician_never_say_your_therapist(audience: Audience) -> None:
    """With no therapist's name and no clinic on file, they name whose therapist it is."""
    record = rich_record()
    nameless = dataclasses.replace(record.plan.therapist, name="")
    record = dataclasses.replace(record, plan=dataclasses.replace(record.plan, therapist=nameless))
    text = " ".join(all_text(render_handout(record, audience, generated_on=TODAY)).split())
    assert "your therapist" not in text.lower()
    assert "Amira's therapist" in text
