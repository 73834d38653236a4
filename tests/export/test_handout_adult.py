"""An adult's family handout is written to them ("you"); a child's to the parent or carer (the name)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from careplan.core.enums import Audience
from careplan.core.model import PlanRecord
from careplan.export import render_handout

from handout_samples import CLINIC, all_text, rich_record

TODAY = dt.date(2026, 12, 2)


def adult_record() -> PlanRecord:
    record = rich_record()
    return dataclasses.replace(record, patient=dataclasses.replace(record.patient, date_of_birth=dt.date(1981, 5, 2)))


def flat(record: PlanRecord) -> str:
    text = all_text(render_handout(record, Audience.FAMILY, CLINIC, generated_on=TODAY))
    return re.sub(r"\s+", " ", text)


def test_adult_closing_note_speaks_to_the_person() -> None:
    text = flat(adult_record())
    assert "This is your own care plan" in text and "for you alone" in text and "your needs change" in text
    assert "Amira's" not in text, "no third person on an adult's own handout"


def test_child_closing_note_names_the_child_for_the_parent() -> None:
    text = flat(rich_record())
    assert "This is Amira's own care plan" in text and "Amira's needs change" in text
    assert "This is your own care plan" not in text
