"""A real day: the school timetable (a "When" line per session, who does it, a tick), who does
a shared item on which days, the 24-hour positioning chart, and school items on the school
handout.  Each PDF is read back with pypdf."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from careplan.catalog.loader import load_library
from careplan.core.day_plan import Position, does_at_home, does_at_school, positioned_items, who_short, who_words
from careplan.core.enums import Audience, Kind, Setting
from careplan.core.model import Dosage, Intervention, PlanRecord, Programme
from careplan.core.readiness import readiness_problems
from careplan.export.day_chart import MORNING, NIGHT, parts_of_day
from careplan.export.day_chart import SCHOOL as SCHOOL_PART
from careplan.export.school import WRITE_IN, school_day
from careplan.planfile import read_plan_bytes, to_imported
from careplan.services.handouts import render_record

from handout_samples import BOTH, FAMILY, SCHOOL, all_text, page_texts, rich_record

TODAY = dt.date(2026, 12, 2)
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "plans" / "child-gmfcs-4.json"
LIBRARY = load_library()


def child_cp_document() -> dict[str, Any]:
    """The shipped example of a child with dystonic CP (GMFCS IV), with a standing frame (the
    library's dose: 30 minutes twice a day, 5 days a week), ankle-foot orthoses, a shared
    exercise whose days are agreed, and the school's own items: an assembly seat (advice set at
    school, ticked for the family only), a ground-floor classroom and the therapist's visits."""
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    # The example's standing is its exercise in the frame; here the frame is the library's equipment.
    items = [i for i in doc["plan"]["interventions"] if i.get("catalog_code") != "child.standing_hips_apart"]
    doc["plan"]["interventions"] = items
    items += [
        {"catalog_code": "equipment.prone_stander", "status": "issued", "school_days": 5},
        {"catalog_code": "orthosis.afo", "side": "both", "audiences": ["family", "school"]},
        {"catalog_code": "general.sit_to_stand", "audiences": ["family", "school"], "school_days": 3},
        {
            "kind": "advice",
            "title": "A seat at the end of a row in assembly",
            "setting": "school",
            "instructions": "Sit Leo at the end of a row, so his chair fits and he can leave quietly.",
            "audiences": ["family"],
        },
        {
            "kind": "advice",
            "title": "A ground-floor classroom",
            "setting": "school",
            "instructions": "Keep Leo's classroom on the ground floor, near the accessible toilet.",
        },
    ]
    return doc


def read_document(doc: dict[str, Any]) -> PlanRecord:
    data = json.dumps(doc).encode("utf-8")
    return to_imported(read_plan_bytes(data, "plan.json"), LIBRARY.intervention).record


@pytest.fixture(scope="module")
def child() -> PlanRecord:
    return read_document(child_cp_document())


def render(record: PlanRecord, audience: Audience, **kw: Any) -> bytes:
    return render_record(record, audience, LIBRARY, _clinic(), **kw)


def _clinic() -> Any:
    from handout_samples import CLINIC

    return CLINIC


@pytest.fixture(scope="module")
def school_pdf(child: PlanRecord) -> bytes:
    return render(child, Audience.SCHOOL)


@pytest.fixture(scope="module")
def family_pdf(child: PlanRecord) -> bytes:
    return render(child, Audience.FAMILY)


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------- the timetable


def test_no_row_says_all_day_or_see_equipment(child: PlanRecord, school_pdf: bytes, family_pdf: bytes) -> None:
    for pdf in (school_pdf, family_pdf, render(rich_record(), Audience.SCHOOL)):
        text = all_text(pdf)
        for banned in ("All day", "see Equipment below", "See Equipment below", "Throughout the day"):
            assert banned not in text


def test_timetable_has_a_when_column_with_a_line_per_session(child: PlanRecord, school_pdf: bytes) -> None:
    text = all_text(school_pdf)
    assert "When (time or lesson) What How long Who Done" in text
    day = school_day(list(child.plan.interventions), "Leo")
    assert day.rows and all(row.when == WRITE_IN for row in day.rows)
    assert text.count(WRITE_IN) >= len(day.rows)


def test_standing_sessions_appear_with_their_dose(child: PlanRecord, school_pdf: bytes) -> None:
    day = school_day([i for i in child.plan.interventions if i.is_for(Audience.SCHOOL)], "Leo")
    standing = [row for row in day.rows if "Prone standing frame" in row.what]
    assert [re.sub("<[^>]+>", "", row.what) for row in standing] == [
        "Prone standing frame, session 1 of 2",
        "Prone standing frame, session 2 of 2",
    ]
    assert {row.how_long for row in standing} == {"For 30 minutes"}
    text = flat(all_text(school_pdf))
    # (the first use may carry the glossary's plain words in brackets)
    for session in (1, 2):
        assert re.search(rf"Pronestandingframe(\([^()]*\))?,session{session}of2", text), session
    assert text.count(flat("For 30 minutes")) >= 2


def test_worn_and_used_all_day_become_sentences(child: PlanRecord, school_pdf: bytes) -> None:
    day = school_day([i for i in child.plan.interventions if i.is_for(Audience.SCHOOL)], "Leo")
    assert not any("Ankle-foot splints" in row.what or "Specialist seating" in row.what for row in day.rows)
    text = flat(all_text(school_pdf))
    assert flat("Leo wears the Ankle-foot splints (AFOs) at school") in text
    assert flat("Leo uses these at school, as set out below: Specialist seating") in text


def test_timetable_stays_on_one_page_in_large_print_and_letter(child: PlanRecord) -> None:
    for kw in ({}, {"large_print": True}, {"paper": "Letter"}, {"large_print": True, "paper": "Letter"}):
        pages = page_texts(render(child, Audience.SCHOOL, **kw))
        with_table = [n for n, t in enumerate(pages) if "When (time or lesson)" in t]
        assert len(with_table) == 1, kw
        page = pages[with_table[0]]
        assert "Leo's school day" in page and "Prone standing frame, session 2 of 2" in page, kw


# ---------------------------------------------------------------- who does what


def test_shared_exercise_says_who_does_it_on_which_days(school_pdf: bytes, family_pdf: bytes) -> None:
    words = "School on 3 days a week; home on the other 2 days."
    for pdf in (school_pdf, family_pdf):
        assert flat(words) in flat(all_text(pdf))
    assert "School 3 days, home 2 days" in all_text(school_pdf)


def test_shared_item_without_agreed_days_asks_home_and_school_to_agree() -> None:
    item = next(i for i in rich_record().plan.interventions if i.title == "Supported sit-to-stand")
    assert item.is_shared and item.school_days is None
    assert who_words(item) == (
        "Home and school: agree who does this on which days, so it is done 5 days a week, not twice."
    )
    assert who_short(item) == "Home and school: agree days"
    text = flat(all_text(render(rich_record(), Audience.FAMILY)))
    assert flat("Who does it: Home and school: agree who does this on which days") in text


@pytest.mark.parametrize(
    ("school_days", "words", "at_school", "at_home"),
    [
        (5, "School does this (5 days a week); not at home.", True, False),
        (0, "Home does this (5 days a week); not at school.", False, True),
        (1, "School on one day a week; home on the other 4 days.", True, True),
    ],
)
def test_school_days_split_the_week(school_days: int, words: str, at_school: bool, at_home: bool) -> None:
    item = Intervention(
        Kind.EXERCISE, "Sit to stand", "Stand up.", dosage=Dosage(reps=5, days_per_week=5), audiences=BOTH
    )
    item = dataclasses.replace(item, school_days=school_days)
    assert who_words(item) == words
    assert (does_at_school(item), does_at_home(item)) == (at_school, at_home)


def test_school_days_left_to_home_are_not_a_school_session() -> None:
    item = Intervention(
        Kind.EXERCISE,
        "Sit to stand",
        "Stand up.",
        dosage=Dosage(reps=5, days_per_week=5),
        audiences=BOTH,
        school_days=0,
    )
    day = school_day([item], "Leo")
    assert day.rows == ()
    assert any("Done at home, not at school" in s for s in day.sentences)


def test_school_days_out_of_range_are_refused_with_the_field_named() -> None:
    with pytest.raises(ValueError, match="school_days: must be between 0 and 5"):
        Intervention(Kind.EXERCISE, "Sit to stand", school_days=6)


def test_plan_file_refuses_school_days_out_of_range_and_changes_nothing() -> None:
    from careplan.planfile import PlanFileError

    doc = child_cp_document()
    before = copy.deepcopy(doc)
    doc["plan"]["interventions"][-3]["school_days"] = 9
    with pytest.raises(PlanFileError) as info:
        read_document(doc)
    assert any("school_days" in p and "5" in p for p in info.value.problems), info.value.problems
    assert doc["plan"]["interventions"][-3]["school_days"] == 9  # the input is left as it was given
    assert before["plan"]["interventions"][-3]["school_days"] == 3


def test_readiness_lists_more_school_days_than_days_a_week(child: PlanRecord) -> None:
    items = list(child.plan.interventions)
    index = next(n for n, i in enumerate(items) if i.catalog_code == "general.sit_to_stand")
    items[index] = dataclasses.replace(items[index], dosage=Dosage(reps=5, days_per_week=2))
    record = PlanRecord(plan=child.plan.replace(interventions=tuple(items)), patient=child.patient)
    problems = readiness_problems(record, (), LIBRARY, _clinic(), TODAY)
    assert any(p.item_index == index and "on 3 days a week, but it is done on only 2" in p.message for p in problems), (
        problems
    )


def test_school_days_round_trip_through_the_plan_file(child: PlanRecord) -> None:
    from careplan.planfile import to_document

    again = read_document(to_document(child))
    assert again.plan == child.plan
    assert next(i.school_days for i in again.plan.interventions if i.catalog_code == "general.sit_to_stand") == 3


# ---------------------------------------------------------------- the 24-hour chart


def test_positions_come_from_the_plan(child: PlanRecord) -> None:
    found = {(p.position, p.item.title) for p in positioned_items(child.plan)}
    assert (Position.STANDING, "Prone standing frame") in found
    assert (Position.SITTING, "Specialist seating") in found
    assert (Position.SLEEPING, "Sleep system") in found
    by_title = {p.item.title: p for p in positioned_items(child.plan)}
    assert parts_of_day(by_title["Sleep system"]) == (NIGHT,)
    standing = parts_of_day(by_title["Prone standing frame"])
    assert standing == (SCHOOL_PART,)  # the school does all 5 days: not a home time
    assert MORNING in parts_of_day(by_title["Specialist seating"])


def test_day_chart_prints_for_a_child_with_equipment(school_pdf: bytes, family_pdf: bytes) -> None:
    for pdf in (school_pdf, family_pdf):
        text = all_text(pdf)
        assert "Leo's day and night: positions and equipment" in text
        assert "Position and equipment Morning School day After school Evening Night" in text
        for words in ("Standing Prone standing frame", "Sitting Specialist seating"):
            assert flat(words) in flat(text)
        assert "at ______" in text  # no invented clock time: a line to write it on


def test_day_chart_not_printed_without_equipment(child: PlanRecord) -> None:
    items = tuple(i for i in child.plan.interventions if i.kind is not Kind.EQUIPMENT)
    record = PlanRecord(plan=child.plan.replace(interventions=items), patient=child.patient)
    for audience in (Audience.SCHOOL, Audience.FAMILY):
        assert "positions and equipment" not in all_text(render(record, audience))


def test_night_positioning_on_both_handouts_named_only_for_its_reader(school_pdf: bytes, family_pdf: bytes) -> None:
    """The sleep system is the family's item: the family's strip names it; the school's shows the
    night position without naming what the family's plan holds."""
    assert flat("Sleeping Sleep system") in flat(all_text(family_pdf))
    school = flat(all_text(school_pdf))
    assert flat("Sleeping At home (in the family's plan)") in school
    assert flat("Sleep system") not in school


def test_day_chart_not_printed_for_an_adult(child: PlanRecord) -> None:
    adult = PlanRecord(
        plan=child.plan,
        patient=child.patient.__class__(
            given_name="Leo", family_name="Hughes", date_of_birth=dt.date(1980, 1, 1), school=None
        ),
    )
    assert "positions and equipment" not in all_text(render(adult, Audience.FAMILY))


# ---------------------------------------------------------------- school items


def test_school_items_are_on_the_school_handout(child: PlanRecord, school_pdf: bytes) -> None:
    text = flat(all_text(school_pdf))
    for words in (
        "A seat at the end of a row in assembly",
        "Sit Leo at the end of a row",
        "A ground-floor classroom",
        "The therapist's visits: Monthly at school, every 3 months in clinic",
    ):
        assert flat(words) in text, words


def test_advice_set_at_school_always_reaches_the_school() -> None:
    item = Intervention(Kind.ADVICE, "Assembly seat", "End of a row.", setting=Setting.SCHOOL, audiences=FAMILY)
    assert item.audiences == FAMILY | SCHOOL and item.is_for(Audience.SCHOOL)
    home = Intervention(Kind.ADVICE, "Dressing", "Sit down.", setting=Setting.HOME, audiences=FAMILY)
    assert not home.is_for(Audience.SCHOOL)


def test_visits_alone_make_a_school_day_section() -> None:
    record = rich_record()
    plan = record.plan.replace(interventions=(), programme=Programme(visits="Every two weeks in school, on Tuesdays"))
    text = all_text(render(PlanRecord(plan=plan, patient=record.patient), Audience.SCHOOL))
    assert "The therapist's visits: Every two weeks in school, on Tuesdays" in text


def test_family_tick_chart_has_the_home_days_only(family_pdf: bytes) -> None:
    pages = page_texts(family_pdf)
    chart = " ".join(pages[pages.index(next(t for t in pages if "Weekly practice chart" in t)) :])
    chart = chart[: chart.find("action plan")] if "action plan" in chart else chart
    assert "2 days a week: day 1 2" in chart and "Sit to stand" in chart  # school does the other 3
    assert "Prone standing frame" not in chart  # the school does all its days


def test_the_clinician_summary_says_who_does_a_shared_item(child: PlanRecord) -> None:
    text = flat(all_text(render(child, Audience.CLINICIAN)))
    assert flat("Who does it School on 3 days a week; home on the other 2 days.") in text
