"""What each audience's handout must say, and what it must never say (read back from the PDF):
the family handout (careplan.export.family), the school handout and the clinician summary
(careplan.export.clinician)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from careplan.core.cautions import SKIN_MARK_MINUTES
from careplan.core.enums import Audience, Category, CervicalForm
from careplan.core.model import Intervention, PlanRecord
from careplan.core.wording import DOSAGE_HEADINGS, dosage_sentence
from careplan.export import HandoutError, render_handout
from careplan.export.phrases import DEFAULT_SKIN_CHECK, SCHOOL_DAY
from careplan.export.school import WRITE_IN, school_day

from handout_samples import (
    CAUTIONS,
    CLINIC,
    CLINICAL_NOTES,
    CLINICIAN_NOTE,
    IDENTIFIER,
    REFERRAL_REASON,
    SCHOOL_ONLY_WORDS,
    all_text,
    page_texts,
    rich_record,
)

TODAY = dt.date(2026, 12, 2)


def render(record: PlanRecord, audience: Audience, **kw: object) -> str:
    return all_text(render_handout(record, audience, CLINIC, generated_on=TODAY, **kw))  # type: ignore[arg-type]


def squash(text: str) -> str:
    """Text without any whitespace, so a phrase broken over lines still matches."""
    return re.sub(r"\s+", "", text)


def assert_has(text: str, *phrases: str) -> None:
    flat = squash(text)
    missing = [p for p in phrases if squash(p) not in flat]
    assert not missing, f"missing from the handout: {missing}"


def assert_lacks(text: str, *phrases: str) -> None:
    flat = squash(text)
    present = [p for p in phrases if squash(p) in flat]
    assert not present, f"must not be on the handout: {present}"


# --------------------------------------------------------------------------- family


@pytest.fixture(scope="module")
def family_text() -> str:
    return render(rich_record(), Audience.FAMILY)


def test_family_says_who_it_is_for_and_who_to_call(family_text: str) -> None:
    assert_has(
        family_text,
        "Amira Okafor",
        "Jo Patel",
        "Neurophysiotherapist",
        "0161 496 0999",
        "jo.patel@clinic.example",
    )


def test_family_has_summary_goals_review_and_programme(family_text: str) -> None:
    assert_has(
        family_text,
        "Plain-language overview for the family and school.",
        "Join the class for carpet time, supported in her seat",
        "by 19 Feb 2027",
        "Stand in the frame for 30 minutes twice a day",
        "by 15 Jan 2027",
        "19 February 2027",
        "Weekly for 6 weeks, then monthly",
        "Ten minutes after school, five days a week",
        "Stand at the kitchen counter for homework",
    )


def test_family_exercises_have_sentence_table_and_side(family_text: str) -> None:
    record = rich_record()
    chin = record.plan.interventions[0]
    sentence = dosage_sentence(chin.dosage)
    assert sentence == "2 sets of 10, hold each for 5 seconds, 3 times a day, every day"
    assert_has(
        family_text,
        "Chin tuck",
        sentence,
        "Sit tall with your back against the chair.",
        "Side: Both sides",
        "Side: Left side",
        "Reach and grasp with the left hand",
    )
    for heading in DOSAGE_HEADINGS.values():  # the dose is said once, as the sentence, not again as a table
        assert heading not in family_text


def test_family_orthoses_equipment_advice_education(family_text: str) -> None:
    assert_has(
        family_text,
        # The first use of a technical word is explained in brackets (glossary), inside a short bracket.
        "Ankle-foot orthoses (splints made to fit the ankle and foot; both legs)",
        "On for standing and walking practice",
        DEFAULT_SKIN_CHECK,  # the AFOs have no skin checks of their own
        "Look at the knuckles and the wrist bone every morning.",
        "Supportive seating",
        "We are trying this out.",  # the status in plain words
        "Sit well back in the seat",
        "Getting dressed",
        "Dress sitting down",
        "What is dystonia?",
    )


def test_family_has_stop_and_call_notice_and_chart(family_text: str) -> None:
    assert_has(
        family_text,
        "Stop and call your therapist if you notice",
        "pain that gets worse",
        "spasms that do not settle",
        f"more than {SKIN_MARK_MINUTES} minutes after a splint comes off",
        "In an emergency, call 999 first",
        "not general medical advice",
        "Weekly practice chart",
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
        "Sat",
        "Sun",
    )


def test_family_leaves_out_clinical_school_and_clinician_items(family_text: str) -> None:
    assert_lacks(
        family_text,
        CLINICAL_NOTES,
        "Zebrinotes",
        CLINICIAN_NOTE,
        "Quillonote",
        "Orthopaedic hip surveillance",
        REFERRAL_REASON,
        "Pelvirex",
        "Standing frame",
        "Handling and positioning in class",
        SCHOOL_ONLY_WORDS,
        "Cautionix",
    )


def test_family_never_shows_cautions_even_when_given() -> None:
    text = render(rich_record(), Audience.FAMILY, cautions=CAUTIONS)
    assert_lacks(text, "Cautionix")


# --------------------------------------------------------------------------- school


@pytest.fixture(scope="module")
def school_text() -> str:
    return render(rich_record(), Audience.SCHOOL)


def test_school_has_name_condition_routine_and_contacts(school_text: str) -> None:
    assert_has(
        school_text,
        "Supporting Amira Okafor at school",
        SCHOOL_DAY[Category.DYSTONIC_CP].format(name="Amira"),
        "do not show what Amira understands",
        "Amira's school day",
        "When",
        "What",
        "How long",
        "Who",
        "Done",
        "Handling and positioning in class",
        "hold at the hips, not the hands",
        "Standing frame",
        "check the knee pads and the chest strap",
        "This is Amira's own",
        "Ankle-foot orthoses (both legs)",
        "On for standing and walking practice",
        "Check the skin",
        "Adapting PE, play and classroom activities",
        "PE:",
        "Jo Patel",
        "0161 496 0999",
        "Mr T. Hale (SENCo)",
        "0161 496 0000",
        "Grace Okafor",
        "07700 900123",
        "not general medical advice",
    )


def test_school_uses_school_wording_where_given(school_text: str) -> None:
    assert_has(school_text, SCHOOL_ONLY_WORDS)
    # The standing frame's family wording is replaced by its school wording.
    assert_lacks(school_text, "30 minutes, twice during the school day")


def test_school_never_shows_identifier_notes_or_other_items(school_text: str) -> None:
    assert_lacks(
        school_text,
        IDENTIFIER,
        IDENTIFIER.replace(" ", ""),
        "Reference number",
        CLINICAL_NOTES,
        "Zebrinotes",
        CLINICIAN_NOTE,
        "Quillonote",
        "Orthopaedic hip surveillance",
        "Pelvirex",
        "Chin tuck",
        "Getting dressed",
        "Resting hand splint",
        "What is dystonia?",
        "Cautionix",
    )


def test_school_identifier_absent_even_with_cautions_and_large_print() -> None:
    text = render(rich_record(), Audience.SCHOOL, cautions=CAUTIONS, large_print=True)
    assert_lacks(text, IDENTIFIER, "Zebrinotes", "Quillonote", "Cautionix")


@pytest.mark.parametrize("category", list(Category))
def test_school_explains_every_category(category: Category) -> None:
    record = rich_record()
    record = PlanRecord(plan=record.plan.replace(category=category), patient=record.patient)
    assert_has(render(record, Audience.SCHOOL), SCHOOL_DAY[category].format(name="Amira"))


def test_school_timetable_has_a_row_per_session_with_a_line_for_when() -> None:
    items = [i for i in rich_record().plan.interventions if i.is_for(Audience.SCHOOL)]
    day = school_day(items, "Amira")
    rows = [(r.when, re.sub("<[^>]+>", "", r.what)) for r in day.rows]
    assert rows == [
        (WRITE_IN, "Supported sit-to-stand, session 1 of 2"),
        (WRITE_IN, "Supported sit-to-stand, session 2 of 2"),  # twice a day
    ]
    assert {r.how_long for r in day.rows} == {"2 sets of 5"}
    assert {r.who for r in day.rows} == {"Home and school: agree days"}
    # The orthosis is worn, the seat and frame are used through the day: sentences, not rows.
    said = " ".join(re.sub("<[^>]+>", "", s) for s in day.sentences)
    assert "Amira wears the Ankle-foot orthoses (both legs) at school: On for standing and walking practice" in said
    assert "Amira uses these at school, as set out below: Standing frame; Supportive seating." in said


# ------------------------------------------------------------------------ clinician


@pytest.fixture(scope="module")
def clinician_text() -> str:
    return render(rich_record(), Audience.CLINICIAN, cautions=CAUTIONS)


def test_clinician_has_everything(clinician_text: str) -> None:
    assert_has(
        clinician_text,
        "Amira Okafor",
        "14 March 2016",
        IDENTIFIER,
        "Grace Okafor (mother), 07700 900123",
        "Brookfield Primary",
        "Mr T. Hale (SENCo)",
        "senco@brookfield.example",
        "Dystonic cerebral palsy",
        "trunk, left arm, left leg and right leg",
        "Level III",
        "2026.2",
        "Jo Patel",
        "20 November 2026",
        "19 February 2027",
        "Plain-language overview",
        "Join the class for carpet time",
        "Participation",
        "Family, School",
        "Clinician",
        "Clinical library",
        CLINICIAN_NOTE,
        "Orthopaedic hip surveillance",
        "Orthopaedics",
        REFERRAL_REASON,
        "Issued",
        "On trial",
        "Both sides",
        "Left",
        "2 sets of 10, hold each for 5 seconds, 3 times a day, every day",
        SCHOOL_ONLY_WORDS,
        "Look at the knuckles",
        "CONFIDENTIAL",
        CLINICAL_NOTES,
        "Chin tuck",
        "Stop if it brings on neck spasm (Cautionix).",
        "Weekly for 6 weeks, then monthly",
        "Stand at the kitchen counter for homework",
        "Revision",
        "4, saved 1 December 2026 at 14:05 by Jo Patel",
    )
    for item in rich_record().plan.interventions:
        assert_has(clinician_text, item.title)


def test_clinician_unsaved_revision_and_cervical_form() -> None:
    record = rich_record(revision=None)
    plan = record.plan.replace(category=Category.CERVICAL, cervical_form=CervicalForm.UNSTABLE, gmfcs_level=None)
    text = render(PlanRecord(plan=plan, patient=record.patient), Audience.CLINICIAN)
    assert_has(text, "not yet saved", "Cervical form", "Unstable", "Cervical (neck)")


def test_clinician_summary_refuses_large_print() -> None:
    with pytest.raises(HandoutError, match="Large print"):
        render_handout(rich_record(), Audience.CLINICIAN, large_print=True)


# ----------------------------------------------------------------- audience rules


@pytest.mark.parametrize("audience", [Audience.FAMILY, Audience.SCHOOL])
def test_items_appear_only_for_their_audience(audience: Audience) -> None:
    text = squash(render(rich_record(), audience))
    for item in rich_record().plan.interventions:
        # (a title's technical word may be followed by its plain words: the glossary)
        shown = squash(item.title.split(" (")[0]) in text
        assert shown == item.is_for(audience), item.title


def test_user_text_is_escaped_and_kept_as_typed() -> None:
    """Markup characters print as text; ligatures stay as typed (no NFKC: it would also turn
    "3²" into "32"; see test_handout_text.py)."""
    record = rich_record()
    odd = Intervention(
        kind=rich_record().plan.interventions[0].kind,
        title="Tom & Jerry <b>not bold</b>",
        instructions="ﬁnger ﬂex (ligatures)\nline two & <i>three</i>",
        audiences=frozenset({Audience.FAMILY}),
    )
    plan = record.plan.replace(interventions=(odd,))
    text = render(PlanRecord(plan=plan, patient=record.patient), Audience.FAMILY)
    assert_has(text, "Tom & Jerry <b>not bold</b>", "ﬁnger ﬂex (ligatures)", "line two & <i>three</i>")


def test_unknown_paper_is_refused() -> None:
    with pytest.raises(HandoutError, match="A4 or Letter"):
        render_handout(rich_record(), Audience.FAMILY, paper="A5")


def test_every_page_names_the_person() -> None:
    pdf = render_handout(rich_record(), Audience.SCHOOL, CLINIC)
    for text in page_texts(pdf):
        assert "Amira Okafor" in text
