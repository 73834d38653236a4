"""Faults found by reading the adult example handouts page by page (issue 11), read back from the PDF."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from careplan.catalog import load_library
from careplan.core.action_plan import has_action_plan, personal_action_plan
from careplan.core.cautions import cautions_for
from careplan.core.enums import Audience
from careplan.core.library import Library
from careplan.core.model import PlanRecord
from careplan.export import render_handout
from careplan.planfile import read_plan_bytes, to_imported

from handout_samples import CLINIC, page_texts

PLANS = Path(__file__).resolve().parents[2] / "docs" / "examples" / "plans"


@cache
def library() -> Library:
    return load_library()


def example(stem: str) -> PlanRecord:
    path = PLANS / f"{stem}.json"
    return to_imported(read_plan_bytes(path.read_bytes(), str(path)), library().intervention).record


def pages(stem: str, audience: Audience, *, large_print: bool = False) -> list[str]:
    """The handout as the sample script makes it: the plan's cautions and action plan, printed on its
    start date."""
    record = example(stem)
    on = record.plan.start_date or dt.date(2026, 11, 30)
    lib = library()
    cautions = cautions_for(record.plan, lib, age=record.patient.age_on(on))
    action_plan = None
    if audience is not Audience.CLINICIAN and lib.action_plan is not None and has_action_plan(record.plan):
        action_plan = personal_action_plan(
            lib.action_plan, record.plan, record.patient, CLINIC, for_family=audience is Audience.FAMILY
        )
    pdf = render_handout(
        record,
        audience,
        CLINIC,
        large_print=large_print,
        cautions=cautions,
        action_plan=action_plan,
        generated_on=on,
    )
    return page_texts(pdf)


def test_tick_chart_heading_shares_its_page_with_the_chart() -> None:
    """Neck dystonia, 12 exercises: the 'Every day' table is taller than a page, so keeping it whole
    moved it off the chart's heading, which stood alone on a nearly empty page."""
    texts = pages("neck-adult", Audience.FAMILY)
    heading = [t for t in texts if "Weekly practice chart for Helen" in t]
    assert len(heading) == 1
    assert "Every day" in heading[0] and "Resting the head in the middle" in heading[0], heading[0]
    assert "Mon Tue Wed" in heading[0]


def test_small_chart_table_is_still_kept_whole() -> None:
    """A table that fits a page is not split between pages (the musician's chart)."""
    texts = pages("musician-adult", Audience.FAMILY)
    chart = [t for t in texts if "6 days a week: day" in t]
    assert len(chart) == 1
    for title in ("Feeling textures", "Slow practice with a beat", "Bowed strings"):
        assert title in chart[0], title


def test_adult_clinician_summary_names_no_school_handout() -> None:
    """An adult with no school contact gets no school handout: the summary must not say an item is
    'For: Family, School' nor quote the school wording about 'the pupil'."""
    for stem in ("musician-adult", "generalised-adult", "writers-cramp-adult", "neck-adult"):
        text = " ".join(pages(stem, Audience.CLINICIAN))
        assert "School instructions" not in text, stem
        assert "pupil" not in text, stem
        assert "Family, School" not in text, stem
        assert "For Family" in text, stem


def test_child_clinician_summary_keeps_the_school_wording() -> None:
    """A child's summary still lists the school handout and its wording."""
    text = " ".join(pages("child-gmfcs-4", Audience.CLINICIAN))
    assert "School instructions" in text
    assert "Family, School" in text
    assert "Work and daily life" not in text


def test_work_advice_is_not_labelled_out_and_about() -> None:
    """The musician's 'Breaks in the working day' and 'Telling your employer' were labelled
    'Out and about' under their headings; community advice now says 'Away from home'."""
    text = " ".join(pages("musician-adult", Audience.FAMILY))
    assert "Out and about" not in text
    assert "Breaks in the working day Away from home" in text


def test_violinist_with_left_hand_dystonia_gets_fingering_steps_only() -> None:
    """Nadia's left (fingering) hand curls: the library's 'if your bowing arm is affected' branch
    left her to work out which steps were hers."""
    text = " ".join(pages("musician-adult", Audience.FAMILY))
    assert "bowing arm" not in text and "If your fingering hand" not in text
    assert "Place one finger of your left hand at a time on one string" in text
    assert "Side: Left side" in text


def test_adult_with_no_school_is_not_asked_to_agree_days_with_school() -> None:
    """Priya (45, no school) read 'Who does it: Home and school: agree who does this ...' under
    exercises the library shares with a school."""
    text = " ".join(pages("generalised-adult", Audience.FAMILY))
    assert "Who does it" not in text and "Home and school" not in text
    assert "Slow breathing and letting go" in text


def test_referral_is_said_once_in_plain_words() -> None:
    """The support group read 'We have asked Patient organisation support group (...) to see you.'
    then 'We suggest you get in touch with a dystonia support group': said twice, contradicting."""
    text = " ".join(pages("generalised-adult", Audience.FAMILY))
    assert "We have asked" not in text
    assert "Patient organisation support group" not in text
    assert text.count("We suggest you get in touch with a dystonia support group") == 1


def test_neurology_team_is_explained_after_its_name() -> None:
    """The action plan's calls read 'Neurology (the brain and nerve doctors) team: 0161 ...'."""
    text = " ".join(pages("generalised-adult", Audience.FAMILY))
    assert "Neurology (the brain" not in text
    assert "Neurology team" in text


def test_writers_cramp_stop_box_has_no_seat_or_wheelchair_lines() -> None:
    """Tom's only equipment is a pen grip; his family and work handouts warned about seats, standing
    frames, walkers, wheelchairs and red marks on the heels."""
    for audience in (Audience.FAMILY, Audience.WORK):
        text = " ".join(pages("writers-cramp-adult", audience))
        assert "Writing aids" in text
        for word in ("wheelchair", "standing frame", "heels"):
            assert word not in text, (audience, word)
        assert "In an emergency, call 999 first" in text


def test_adult_goal_does_not_mention_school() -> None:
    """Tom is an adult at work: his goal said 'at school or work' (the library's blank goal)."""
    for audience in (Audience.FAMILY, Audience.CLINICIAN):
        text = " ".join(pages("writers-cramp-adult", audience))
        assert "Write for 10 minutes at work with no cramp" in text
        assert "school" not in text.lower().replace("school or college contact", ""), audience


def test_large_print_chart_rows_are_never_cut_in_two() -> None:
    """Large print: a tick-box row split between pages drew its boxes over the repeated header
    and printed a second header row mid-page; each row now moves whole to the next page."""
    texts = pages("neck-adult", Audience.FAMILY, large_print=True)
    first = next(i for i, t in enumerate(texts) if "Weekly practice chart for Helen" in t)
    chart = texts[first:]
    assert len(chart) > 2, "the chart runs over several pages in large print"
    for page in chart:
        assert page.count("Mon Tue Wed Thu Fri Sat Sun") <= 2  # its own header, and How did it go?
    joined = " | ".join(chart)
    for row in (
        "Holding the middle in a high-backed chair 10 times, hold each for 10 seconds, rest 10 seconds between, "
        "3 times a day, every day",
        "Turning away from the pull, head supported 2 sets of 8, hold each for 5 seconds, rest 10 seconds "
        "between, twice a day, every day",
        "Walking towards a target 5 times, twice a day, every day",
    ):
        assert sum(row in page for page in chart) == 1, (row, joined)


def test_large_print_headings_are_not_left_alone_at_a_page_foot() -> None:
    """Large print: 'Exercises' and its one-line intro ended page 1 with the first exercise on
    page 2; 'Telling your employer ...' and its 'Away from home' label ended page 4."""
    texts = pages("musician-adult", Audience.FAMILY, large_print=True)
    for heading, follows in (
        # The exercise's drawing (its label "eyes closed") prints between its heading and its words.
        ("Do these exercises as shown here", ("Feeling textures", "What to do")),
        ("Telling your employer and asking for changes", ("You can choose whether to tell your employer",)),
    ):
        holding = [t for t in texts if heading in t]
        assert len(holding) == 1, heading
        at = [holding[0].find(words) for words in (heading, *follows)]
        assert -1 not in at and at == sorted(at), heading
