"""The stop box built from the plan, plan-wide cautions once and technical words explained once,
read back from the printed PDFs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from reportlab.platypus import BaseDocTemplate, Flowable, PageBreak

from careplan.catalog import load_library
from careplan.core.action_plan import ACTION_PLAN_CODE, personal_action_plan
from careplan.core.audience import items_for
from careplan.core.cautions import SKIN_MARK_MINUTES, WHOLE_PLAN
from careplan.core.enums import Audience, Kind
from careplan.core.glossary import GLOSSARY
from careplan.core.model import AppliedCaution, Intervention, PlanRecord
from careplan.core.stop_box import stop_box
from careplan.export import FamilyHandout, render_handout
from careplan.services.handouts import render_record

from handout_samples import BOTH, CLINIC, all_text, body_text, page_texts, rich_record

TODAY = dt.date(2026, 12, 2)
EVERYONE = frozenset({Audience.FAMILY, Audience.SCHOOL, Audience.CLINICIAN})
NECK_REPORT = Intervention(
    kind=Kind.EDUCATION,
    title="What to report after neck injections",
    instructions="Watch for trouble swallowing.",
    audiences=BOTH,
    catalog_code="toxin.report_after_neck_injection",
)
ACTION = Intervention(
    kind=Kind.ADVICE,
    title="Dystonia action plan",
    instructions="Your action plan is printed on its own page.",
    audiences=EVERYONE,
    catalog_code=ACTION_PLAN_CODE,
)


def flat(text: str) -> str:
    return " ".join(text.split())


def box_text(pdf: bytes) -> str:
    """The stop box's words: from the emergency line to "Otherwise contact"."""
    text = flat(body_text(pdf))
    start = text.index("In an emergency, call")
    return text[start : text.index("Otherwise contact", start)]


def with_items(
    record: PlanRecord, keep: object = lambda item: True, extra: tuple[Intervention, ...] = ()
) -> PlanRecord:
    items = tuple(i for i in record.plan.interventions if keep(i)) + extra  # type: ignore[operator]
    return dataclasses.replace(record, plan=record.plan.replace(interventions=items))


def render(record: PlanRecord, audience: Audience, **kw: object) -> bytes:
    return render_handout(record, audience, CLINIC, generated_on=TODAY, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("audience", [Audience.FAMILY, Audience.SCHOOL])
def test_no_orthosis_no_splint_or_skin_lines(audience: Audience) -> None:
    record = with_items(rich_record(), lambda item: item.kind is not Kind.ORTHOSIS)
    words = box_text(render(record, audience))
    assert "splint" not in words.lower() and "blisters" not in words
    assert words.startswith("In an emergency, call 999 first")


@pytest.mark.parametrize("audience", [Audience.FAMILY, Audience.SCHOOL])
def test_an_orthosis_brings_the_skin_lines_with_the_one_minutes_value(audience: Audience) -> None:
    words = box_text(render(rich_record(), audience))
    assert "after a splint comes off" in words and "blisters" in words
    assert {int(n) for n in re.findall(r"(\d+) minutes", words)} == {SKIN_MARK_MINUTES}


@pytest.mark.parametrize("audience", [Audience.FAMILY, Audience.SCHOOL])
def test_equipment_lines_only_with_equipment(audience: Audience) -> None:
    without = box_text(render(with_items(rich_record(), lambda item: item.kind is not Kind.EQUIPMENT), audience))
    assert "wheelchair" not in without and "standing frame" not in without
    assert "equipment that is broken" not in without
    with_equipment = box_text(render(rich_record(), audience))
    # The reader's own equipment is named, and nothing the person does not have.
    record = rich_record()
    shown = {i.title.lower() for i in items_for(record.plan, audience) if i.kind is Kind.EQUIPMENT}
    every = {i.title.lower() for i in record.plan.interventions if i.kind is Kind.EQUIPMENT}
    assert "equipment that is broken" in with_equipment
    assert shown and all(title in with_equipment for title in shown)
    assert not any(title in with_equipment for title in every - shown)
    assert "wheelchair" not in with_equipment and "walker" not in with_equipment


def test_the_stop_box_names_only_the_equipment_the_person_has() -> None:
    frame_only = with_items(
        rich_record(), lambda item: item.kind is not Kind.EQUIPMENT or "frame" in item.title.lower()
    )
    words = box_text(render(frame_only, Audience.SCHOOL))
    assert "standing frame" in words
    assert "walker" not in words and "wheelchair" not in words and "seating" not in words


@pytest.mark.parametrize("audience", [Audience.FAMILY, Audience.SCHOOL])
def test_injection_lines_only_with_toxin_in_the_plan(audience: Audience) -> None:
    assert "injection" not in box_text(render(rich_record(), audience))
    neck = with_items(rich_record(), extra=(NECK_REPORT,))
    neck = dataclasses.replace(neck, plan=neck.plan.replace(regions=("neck",)))
    words = box_text(render(neck, audience))
    assert "after a neck injection" in words and "swallowing" in words and "voice" in words


def action_record() -> PlanRecord:
    return with_items(rich_record(), extra=(ACTION,))


@pytest.mark.parametrize("audience", [Audience.FAMILY, Audience.SCHOOL])
def test_the_stop_box_points_to_the_action_plan_on_the_last_page(audience: Audience) -> None:
    pdf = render_record(action_record(), audience, load_library(), CLINIC)
    words = box_text(pdf)
    assert "follow the green, amber and red dystonia action plan on the last page" in words
    assert "do not settle with rest" not in words  # pointed to, not repeated
    assert "Dystonia action plan for" in page_texts(pdf)[-1]
    # Without the item: the usual spasm line and no pointer.
    plain = box_text(render_record(rich_record(), audience, load_library(), CLINIC))
    assert "action plan" not in plain and "do not settle with rest" in plain


class _PageAfterTheActionPlan(FamilyHandout):
    """A handout that prints something after the action plan page."""

    def _get_story(self, doc: BaseDocTemplate) -> list[Flowable]:
        return [*super()._get_story(doc), PageBreak(), self.para("Notes for the next visit.")]


def test_the_pointer_names_the_page_when_it_is_not_the_last() -> None:
    library = load_library()
    assert library.action_plan is not None
    record = action_record()
    personal = personal_action_plan(library.action_plan, record.plan, record.patient, CLINIC, for_family=True)
    pdf = _PageAfterTheActionPlan(record, CLINIC, action_plan=personal, generated_on=TODAY).render()
    pages = page_texts(pdf)
    page = next(n for n, text in enumerate(pages, start=1) if "Dystonia action plan for" in text)
    assert page < len(pages)
    assert f"dystonia action plan on page {page}" in box_text(pdf)


def test_the_clinician_summary_lists_the_family_lines() -> None:
    record = with_items(action_record(), extra=(NECK_REPORT,))
    text = flat(all_text(render_record(record, Audience.CLINICIAN, load_library(), CLINIC)))
    assert "Stop box on the family's handout" in text
    family = stop_box(record.plan, Audience.FAMILY, name="Amira", emergency_number="999", action_plan_where="x")
    told = stop_box(
        record.plan, Audience.CLINICIAN, name="Amira", emergency_number="999", action_plan_where="on the last page"
    )
    assert len(told.lines) == len(family.lines)
    squashed = re.sub(r"\s+", "", text)
    for line in told.lines:
        assert re.sub(r"\s+", "", line) in squashed, line
    assert "Source:" in text and "Rodrigues et al. 2020" in text


# ------------------------------------------------------------------ plan-wide cautions

WHOLE = AppliedCaution(WHOLE_PLAN, "Clinician: the whole plan.", None, None, "Wholeplanix: go gently all through.")


@pytest.mark.parametrize("audience", [Audience.FAMILY, Audience.SCHOOL])
def test_a_plan_wide_caution_prints_once_near_the_top(audience: Audience) -> None:
    item_caution = AppliedCaution("Chin tuck", "Clinician words.", 0, None, "Itemcautionix: stop if sore.")
    text = flat(body_text(render(rich_record(), audience, cautions=(WHOLE, item_caution))))
    assert text.count("Wholeplanix") == 1
    first_section = min(text.index(h) for h in ("About this plan", "What dystonia means") if h in text)
    assert text.index("Take care: Wholeplanix") < first_section
    assert "Clinician: the whole plan." not in text


def test_the_clinician_summary_lists_a_plan_wide_caution_in_full_only() -> None:
    text = flat(all_text(render(rich_record(), Audience.CLINICIAN, cautions=(WHOLE,))))
    assert "Clinician: the whole plan." in text and "Wholeplanix" not in text


# ---------------------------------------------------------------------------- glossary


def glossary_record() -> PlanRecord:
    """Technical words used again and again, by the family and the school."""
    walker = Intervention(
        kind=Kind.EQUIPMENT,
        title="Posterior walker",
        instructions="Use the posterior walker for short walks. The posterior walker stays behind.",
        audiences=BOTH,
    )
    afo = Intervention(
        kind=Kind.ORTHOSIS,
        title="AFO for the left foot",
        wear_schedule="All day; take the AFO off at bedtime.",
        instructions="Slide the heel into the AFO.",
        audiences=BOTH,
    )
    return with_items(rich_record(), extra=(walker, afo))


@pytest.mark.parametrize("audience", [Audience.FAMILY, Audience.SCHOOL])
def test_each_technical_word_is_explained_exactly_once(audience: Audience) -> None:
    text = flat(body_text(render(glossary_record(), audience)))
    assert text.count("(a walking frame that goes behind the person)") == 1
    # "AFO" and "ankle-foot orthoses" are one term: explained once, at whichever comes first.
    assert text.count("made to fit the ankle and foot") == 1
    # The explanation follows the first use.
    assert text.index("Posterior walker (a walking frame") <= text.lower().index("posterior walker")
    for term in GLOSSARY:
        for plain in term.forms.values():
            assert text.count(f"({plain}") <= 1, plain


def test_the_clinician_summary_is_not_glossed() -> None:
    text = flat(all_text(render(glossary_record(), Audience.CLINICIAN)))
    assert "walking frame that goes behind" not in text


def test_equipment_status_in_plain_words() -> None:
    text = flat(all_text(render(rich_record(), Audience.FAMILY)))
    assert "Status:" not in text and "On trial" not in text
    assert "We are trying this out." in text
