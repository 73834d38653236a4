"""Cautions where the reader acts, and the dystonia action plan page (read back from the PDF)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from careplan.catalog import load_library
from careplan.core.action_plan import ACTION_PLAN_CODE, personal_action_plan
from careplan.core.enums import Audience, Category, Kind
from careplan.core.model import AppliedCaution, Carer, Contact, Intervention, PlanRecord
from careplan.export import render_handout
from careplan.services.handouts import render_record

from handout_samples import CLINIC, all_text, page_texts, rich_record

TODAY = dt.date(2026, 12, 2)
CLINICIAN_WORDS = "Zorbicaution: clinician wording"
FAMILY_WORDS = "Stop if the pull gets worse (Famicaution)."


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def with_caution(record: PlanRecord) -> tuple[PlanRecord, tuple[AppliedCaution, ...], str]:
    index = next(i for i, item in enumerate(record.plan.interventions) if item.kind is Kind.EXERCISE)
    title = record.plan.interventions[index].title
    return record, (AppliedCaution(title, CLINICIAN_WORDS, index, None, FAMILY_WORDS),), title


@pytest.mark.parametrize("audience", [Audience.FAMILY, Audience.SCHOOL])
def test_family_and_school_print_the_plain_caution_beside_the_item(audience: Audience) -> None:
    record, cautions, title = with_caution(rich_record())
    if audience is Audience.SCHOOL:
        plan = record.plan
        items = tuple(
            dataclasses.replace(item, audiences=item.audiences | {Audience.SCHOOL}) for item in plan.interventions
        )
        record = dataclasses.replace(record, plan=plan.replace(interventions=items))
    text = squash(all_text(render_handout(record, audience, CLINIC, cautions=cautions, generated_on=TODAY)))
    assert squash(f"Take care: {FAMILY_WORDS}") in text
    assert "Zorbicaution" not in text
    # Beside its item: after the item's title, before the next section's heading.
    assert text.index(squash(title)) < text.index("Famicaution")


def test_the_clinician_summary_keeps_the_full_wording() -> None:
    record, cautions, _ = with_caution(rich_record())
    text = squash(all_text(render_handout(record, Audience.CLINICIAN, CLINIC, cautions=cautions, generated_on=TODAY)))
    assert "Zorbicaution" in text
    assert "Takecare:" not in text


def action_record() -> PlanRecord:
    record = rich_record()
    item = Intervention(
        kind=Kind.ADVICE,
        title="Dystonia action plan",
        instructions="Your action plan is printed on its own page.",
        audiences=frozenset({Audience.FAMILY, Audience.SCHOOL, Audience.CLINICIAN}),
        catalog_code=ACTION_PLAN_CODE,
    )
    plan = record.plan.replace(
        category=Category.DYSTONIC_CP,
        interventions=(*record.plan.interventions, item),
        contacts=(Contact(role="Neurology team", phone="0161 555 0199"),),
    )
    patient = dataclasses.replace(record.patient, carers=(Carer("Leila Okafor", "mother", "07700 900456"),))
    return dataclasses.replace(record, plan=plan, patient=patient)


@pytest.mark.parametrize("audience", [Audience.FAMILY, Audience.SCHOOL])
def test_the_action_plan_prints_as_its_own_page_with_the_numbers(audience: Audience) -> None:
    record = action_record()
    library = load_library()
    pdf = render_record(record, audience, library, dataclasses.replace(CLINIC, emergency_number="112"))
    pages = page_texts(pdf)
    page = next(p for p in pages if "Dystonia action plan for" in p)
    flat = squash(page)
    for heading in ("Green:", "Amber:", "Red:"):
        assert squash(heading) in flat
    assert squash("Emergency: 112") in flat and squash("0161 555 0199") in flat
    red = flat[flat.index("Red:") :]
    assert red.index("Emergency:112") < red.index("01615550199"), "red calls the emergency number first"
    # The school calls the family; the family's own copy does not tell the family to call itself.
    assert (squash("07700 900456") in flat) is (audience is Audience.SCHOOL)
    assert "Emergency:112" in flat[flat.index("Red:") :].split("Call,inthisorder:")[1][:20]
    # Its own page, and all of it on that one page (A4 and Letter).
    assert page.index("Dystonia action plan for") < 200
    assert "Things that can make dystonia worse" in page
    letter = page_texts(render_record(record, audience, library, CLINIC, paper="Letter"))
    assert any("Dystonia action plan for" in p and "Red: emergency" in p for p in letter)


def test_the_clinician_summary_has_no_action_plan_page() -> None:
    pdf = render_record(action_record(), Audience.CLINICIAN, load_library(), CLINIC)
    assert not any("Dystonia action plan for" in p for p in page_texts(pdf))


def test_a_plan_without_the_action_plan_item_prints_no_action_plan_page() -> None:
    pdf = render_record(rich_record(), Audience.FAMILY, load_library(), CLINIC)
    assert not any("Dystonia action plan for" in p for p in page_texts(pdf))


def test_a_missing_number_is_printed_as_missing() -> None:
    library = load_library()
    assert library.action_plan is not None
    record = action_record()
    bare = record.plan.replace(contacts=())
    personal = personal_action_plan(library.action_plan, bare, record.patient, CLINIC)
    pdf = render_handout(
        dataclasses.replace(record, plan=bare), Audience.FAMILY, CLINIC, action_plan=personal, generated_on=TODAY
    )
    assert "no number on file" in all_text(pdf)
