"""What a page-by-page read of the shipped child example (dystonic CP, GMFCS IV) found wrong,
checked in the PDFs themselves: the action plan a parent or teaching assistant reads in a crisis,
the job name the glossary split, and the clinician's caution that read as advice to tilt."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from careplan.catalog.loader import load_library
from careplan.core.enums import Audience
from careplan.core.model import PlanRecord
from careplan.planfile import read_plan_bytes, to_imported
from careplan.services.handouts import render_record

from handout_samples import CLINIC, all_text, page_texts

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "plans" / "child-gmfcs-4.json"
LIBRARY = load_library()
ACTION_TITLE = "Dystonia action plan for Leo Hughes"


@pytest.fixture(scope="module")
def child() -> PlanRecord:
    return to_imported(read_plan_bytes(EXAMPLE.read_bytes(), "plan.json"), LIBRARY.intervention).record


@pytest.fixture(scope="module")
def pdfs(child: PlanRecord) -> dict[Audience, bytes]:
    return {a: render_record(child, a, LIBRARY, CLINIC) for a in Audience if a is not Audience.WORK}


def action_plan_pages(pdf: bytes) -> list[str]:
    """The pages from the action plan's title to the end (it is printed last)."""
    pages = page_texts(pdf)
    start = next(i for i, text in enumerate(pages) if ACTION_TITLE in text)
    return pages[start:]


@pytest.mark.parametrize("audience", [Audience.FAMILY, Audience.SCHOOL])
def test_action_plan_tells_the_reader_what_to_do_for_leo(pdfs: dict[Audience, bytes], audience: Audience) -> None:
    text = " ".join(action_plan_pages(pdfs[audience]))
    assert "Help Leo rest in a quiet room" in text
    assert "Say that Leo has dystonia" in text
    assert "the person" not in text
    assert "{name}" not in text
    # The family's own copy never tells the family to tell the family.
    assert "tell the family and the team" not in text
    assert "Then tell the team, and anyone in the family who is not with Leo." in text


@pytest.mark.parametrize("audience", [Audience.FAMILY, Audience.SCHOOL])
def test_action_plan_is_on_one_page_in_ordinary_print(pdfs: dict[Audience, bytes], audience: Audience) -> None:
    """It says "this page"; the school copy (with both parents' numbers) ran red onto a page alone."""
    pages = action_plan_pages(pdfs[audience])
    assert len(pages) == 1, [p[:80] for p in pages]
    for level in ("Green: a usual day", "Amber: worse than usual", "Red: emergency - call for help now"):
        assert level in pages[0]
    assert "Call the emergency number now." in pages[0]


def test_large_print_action_plan_keeps_its_large_type(child: PlanRecord, pdfs: dict[Audience, bytes]) -> None:
    """Large print is never shrunk to fit: it takes more pages than ordinary print."""
    large = render_record(child, Audience.SCHOOL, LIBRARY, CLINIC, large_print=True)
    assert len(action_plan_pages(large)) > len(action_plan_pages(pdfs[Audience.SCHOOL]))


@pytest.mark.parametrize("audience", [Audience.FAMILY, Audience.SCHOOL])
def test_neurology_nurse_is_explained_after_the_whole_name(pdfs: dict[Audience, bytes], audience: Audience) -> None:
    text = all_text(pdfs[audience])
    assert "Children's neurology (" not in text
    assert "Children's neurology nurse (a nurse from the brain and nerve team; Neurology team)" in text


def test_clinician_no_tilt_caution_reads_as_a_rule(pdfs: dict[Audience, bytes]) -> None:
    """ "Aspiration risk: tilt-in-space or recline while eating" read as an instruction to tilt."""
    text = all_text(pdfs[Audience.CLINICIAN])
    assert "Aspiration risk: no tilt-in-space or recline while eating or drinking" in text
    assert not re.search(r"Aspiration risk: tilt", text)


def test_clinician_summary_names_no_library_code(pdfs: dict[Audience, bytes]) -> None:
    text = all_text(pdfs[Audience.CLINICIAN])
    codes = [e.code for e in LIBRARY.interventions if e.code in text]
    assert codes == []
    assert 'Handling as for "Safe moving and lifting".' in text
