"""The work and daily life handout: for an adult's employer, carer or care home (careplan.export.work,
its wording careplan.export.phrases_work).

Read back from the PDF: written about the person for a third reader, no school words, never the
clinical notes, the identifier or the date of birth; the items addressed to it with their cautions
beside them and their dose said once; the stop box built from what it shows; large print, Letter,
bookmarks and DRAFT as on the other handouts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import statistics

import pytest
from pypdf import PdfReader

from careplan.catalog import load_library
from careplan.core.audience import HandoutPrivacy
from careplan.core.cautions import cautions_for
from careplan.core.enums import Audience, Kind
from careplan.core.model import AppliedCaution, Dosage, PlanRecord
from careplan.export import render_handout
from careplan.services.handouts import render_record

from handout_samples import (
    ADULT_NOTES,
    CLINIC,
    IDENTIFIER,
    adult_generalised_record,
    adult_neck_record,
    font_sizes,
    page_texts,
)

TODAY = dt.date(2026, 12, 2)

#: Words of the school handout that must never reach an employer or carer.
SCHOOL_WORDS = re.compile(r"\b(pupils?|school|classmates?|classroom|teachers?|playground|PE)\b", re.IGNORECASE)


def flat(text: str) -> str:
    return " ".join(text.split())


def work_pdf(record: PlanRecord, **kw: object) -> bytes:
    """The work handout as the program makes it: with the library's cautions and action plan."""
    return render_record(record, Audience.WORK, load_library(), CLINIC, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def neck() -> PlanRecord:
    return adult_neck_record()


@pytest.fixture(scope="module")
def generalised() -> PlanRecord:
    return adult_generalised_record()


@pytest.mark.parametrize("make", [adult_neck_record, adult_generalised_record])
def test_written_about_the_person_for_an_employer_or_carer(make: object) -> None:
    record = make()  # type: ignore[operator]
    text = flat(" ".join(page_texts(work_pdf(record))))
    name, given = record.patient.full_name, record.patient.given_name
    assert f"Supporting {name} at work and day to day" in text
    assert "For employers, carers and care staff" in text
    assert f"What dystonia means for {given} day to day" in text
    assert f"This is {given}'s own care plan from Jo Patel (Neurophysiotherapist)" in text
    assert "It is not general medical advice" in text
    assert "0161 496 0999" in text and "jo.patel@clinic.example" in text, "the therapist's contact"
    assert "In an emergency, call 999 first" in text
    found = SCHOOL_WORDS.findall(text)
    assert not found, f"school words on the work handout: {found}"
    assert "your child" not in text.lower()


@pytest.mark.parametrize("make", [adult_neck_record, adult_generalised_record])
def test_never_the_notes_the_identifier_or_the_date_of_birth(make: object) -> None:
    record = make()  # type: ignore[operator]
    # Even where the family handout's privacy setting would show both.
    everything = HandoutPrivacy(show_identifier=True, show_date_of_birth=True)
    text = flat(" ".join(page_texts(work_pdf(record, privacy=everything))))
    assert "Workleakix" not in text and ADULT_NOTES not in text
    assert IDENTIFIER not in text
    assert "1981" not in text and "2 May" not in text
    for item in record.plan.interventions:
        if item.clinician_note:
            assert flat(item.clinician_note)[:60] not in text


def test_shows_only_the_items_addressed_to_it(neck: PlanRecord) -> None:
    text = flat(" ".join(page_texts(work_pdf(neck))))
    shown = [item for item in neck.plan.interventions if Audience.WORK in item.audiences]
    hidden = [item for item in neck.plan.interventions if Audience.WORK not in item.audiences]
    assert {item.catalog_code for item in shown} >= {
        "home.neck_workstation",
        "adult.work_breaks",
        "orthosis.head_support",
    }
    assert hidden, "the template's exercises are for the person, not an employer"
    for item in shown:
        assert flat(item.title) in text
    for item in hidden:
        assert flat(item.instructions or item.title)[:50] not in text


def test_cautions_print_beside_their_item(neck: PlanRecord) -> None:
    library = load_library()
    cautions = cautions_for(neck.plan, library, age=neck.patient.age_on(TODAY))
    index = next(i for i, item in enumerate(neck.plan.interventions) if item.catalog_code == "orthosis.head_support")
    wording = [c.family_text for c in cautions if c.item_index == index and c.family_text]
    assert wording, "the head support carries a caution with family wording in the library"
    pages = [flat(page) for page in page_texts(work_pdf(neck))]
    for line in wording:
        holding = [page for page in pages if flat(line) in page]
        assert len(holding) == 1, line
        assert "Head support" in holding[0] and "Take care: " + flat(line) in holding[0]


def test_a_caution_on_an_item_not_shown_stays_off(neck: PlanRecord) -> None:
    hidden = next(i for i, item in enumerate(neck.plan.interventions) if Audience.WORK not in item.audiences)
    caution = AppliedCaution("x", "Clinician text", hidden, None, "Quietcautionix: not for this reader.")
    pdf = render_handout(neck, Audience.WORK, CLINIC, cautions=[caution], generated_on=TODAY)
    assert "Quietcautionix" not in " ".join(page_texts(pdf))


def test_the_dose_is_said_once(generalised: PlanRecord) -> None:
    # The library leaves the wheelchair's time to the therapist: give it one.
    items = tuple(
        dataclasses.replace(item, dosage=Dosage(minutes=20, times_per_day=3))
        if item.catalog_code == "equipment.manual_wheelchair"
        else item
        for item in generalised.plan.interventions
    )
    record = dataclasses.replace(generalised, plan=generalised.plan.replace(interventions=items))
    text = flat(" ".join(page_texts(work_pdf(record))))
    assert text.count("For 20 minutes, 3 times a day") == 1


def test_the_stop_box_is_built_from_what_it_shows(neck: PlanRecord) -> None:
    with_splint = flat(" ".join(page_texts(work_pdf(neck))))
    assert "20 minutes after a splint comes off" in with_splint
    no_kit = tuple(item for item in neck.plan.interventions if item.kind not in (Kind.ORTHOSIS, Kind.EQUIPMENT))
    plain = dataclasses.replace(neck, plan=neck.plan.replace(interventions=no_kit))
    without = flat(" ".join(page_texts(work_pdf(plain))))
    assert "In an emergency, call 999 first" in without
    assert "splint" not in without.lower(), "no splint lines for a plan without one"


def test_the_action_plan_page_goes_to_carers(generalised: PlanRecord) -> None:
    pages = [flat(page) for page in page_texts(work_pdf(generalised))]
    assert "Dystonia action plan for Priya Shah" in pages[-1]
    assert "Maria Reyes (wife): 07700 900456" in pages[-1], "carers are told to call the family"
    text = " ".join(pages)
    assert "The dystonia action plan on the last page" in text
    assert "Your action plan is printed on its own page" not in text, "the item's own wording is left out"


def test_large_print_is_larger(neck: PlanRecord) -> None:
    normal, large = work_pdf(neck), work_pdf(neck, large_print=True)
    assert statistics.median(font_sizes(large)) >= statistics.median(font_sizes(normal)) * 1.3
    assert len(PdfReader(io.BytesIO(large)).pages) > len(PdfReader(io.BytesIO(normal)).pages)


def test_letter_paper_bookmarks_and_draft(neck: PlanRecord) -> None:
    pdf = work_pdf(neck, paper="Letter", draft=True)
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    titles = [entry.title for entry in reader.outline]
    assert titles[0] == "Supporting Daniel Reyes at work and day to day"
    assert {"What helps on a bad day", "Who to contact", "At work and day to day", "Splints and supports"} <= set(
        titles
    )
    assert all("DRAFT" in (page.extract_text() or "") for page in reader.pages)
