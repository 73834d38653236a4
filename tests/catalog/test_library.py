"""The shipped clinical library: it loads, it is complete enough, and families can read it."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from test_library_v2 import MIN_GOALS, MIN_PER_CATEGORY, _family_facing

from careplan.catalog import GOAL_BLANK, KNOWN_REGIONS, load_library
from careplan.catalog.schema import CODE_PATTERN, DosageEntry
from careplan.core import cautions
from careplan.core.cautions import WHOLE_PLAN, cautions_for
from careplan.core.enums import Audience, Category, CervicalForm, GoalDomain, Kind, Setting
from careplan.core.library import OWN_PREFIX, Library
from careplan.core.model import DOSAGE_RANGES, Dosage, Plan

MIN_BY_KIND = {
    Kind.EXERCISE: 90,
    Kind.ORTHOSIS: 8,
    Kind.EQUIPMENT: 12,
    Kind.ADVICE: 12,
    Kind.REFERRAL: 5,
    Kind.EDUCATION: 6,
}
MIN_BY_SETTING = {Setting.SCHOOL: 6, Setting.HOME: 4}


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def test_the_shipped_library_loads_with_its_version(library: Library) -> None:
    assert library.version == "2026.11.2"
    assert load_library() is library, "the shipped library is read once and cached"


@pytest.mark.parametrize("kind", list(Kind), ids=str)
def test_minimum_entries_of_each_kind(library: Library, kind: Kind) -> None:
    count = sum(1 for e in library.interventions if e.kind is kind)
    assert count >= MIN_BY_KIND[kind], f"{count} {kind} entries"


@pytest.mark.parametrize("setting", list(MIN_BY_SETTING), ids=str)
def test_minimum_advice_for_each_setting(library: Library, setting: Setting) -> None:
    count = sum(1 for e in library.interventions if e.kind is Kind.ADVICE and e.setting is setting)
    assert count >= MIN_BY_SETTING[setting]


@pytest.mark.parametrize("category", list(Category), ids=str)
def test_every_category_is_suited_by_enough_entries(library: Library, category: Category) -> None:
    suited = [e for e in library.interventions if e.suits(category)]
    assert len(suited) >= MIN_PER_CATEGORY
    kinds = {e.kind for e in suited}
    assert {Kind.EXERCISE, Kind.EDUCATION, Kind.REFERRAL} <= kinds, f"{category} lacks a kind: {kinds}"


def test_codes_are_unique_well_formed_and_never_own(library: Library) -> None:
    codes = [e.code for e in library.interventions] + [g.code for g in library.goals]
    codes += [t.code for t in library.templates]
    assert [c for c, n in Counter(codes).items() if n > 1] == []
    for code in codes:
        assert CODE_PATTERN.fullmatch(code), code
        assert not code.startswith(OWN_PREFIX), code
    assert not any(e.is_own for e in library.interventions)


def test_kind_specific_fields_are_filled(library: Library) -> None:
    for e in library.interventions:
        assert e.source.strip(), e.code
        assert e.instructions.strip(), e.code
        assert e.categories, e.code
        assert set(e.regions) <= KNOWN_REGIONS, e.code
        if e.kind is Kind.EXERCISE:
            assert e.dosage is not None and not e.dosage.is_empty(), e.code
        if e.kind is Kind.ORTHOSIS:
            assert e.wear_schedule and e.skin_checks, e.code
        if e.kind is Kind.ADVICE:
            assert e.setting is not None, e.code
        else:
            assert e.setting is None, e.code
        if e.kind is Kind.REFERRAL:
            assert e.referral_to and e.referral_reason, e.code
        assert e.effective_audiences(), e.code


def test_school_advice_reaches_the_school_handout(library: Library) -> None:
    for e in library.interventions:
        if e.kind is Kind.ADVICE and e.setting is Setting.SCHOOL:
            assert Audience.SCHOOL in e.effective_audiences(), e.code


def test_dosage_model_matches_the_plan_file_ranges() -> None:
    assert list(DosageEntry.model_fields) == list(DOSAGE_RANGES)
    for name, (low, high) in DOSAGE_RANGES.items():
        assert DosageEntry.model_validate({name: low}).model_dump()[name] == low
        assert DosageEntry.model_validate({name: high}).model_dump()[name] == high


def test_mirror_midline_hold_has_its_starting_default(library: Library) -> None:
    entry = library.intervention("neck.mirror_midline_hold")
    assert entry is not None
    assert entry.dosage == Dosage(reps=10, hold_seconds=5, rest_seconds=15, times_per_day=3, days_per_week=7)
    assert entry.kind is Kind.EXERCISE and entry.suits(Category.CERVICAL)


def test_library_carries_the_dystonia_cautions(library: Library) -> None:
    def texts(category: Category) -> list[str]:
        return [
            c.text.lower()
            for e in library.interventions
            for c in e.cautions
            if not c.categories or category in c.categories
        ]

    cervical = " ".join(texts(Category.CERVICAL))
    for words in ("heavy weights", "golf", "stretching", "one position"):
        assert words in cervical, words
    unstable_only = [
        e.code
        for e in library.interventions
        for c in e.cautions
        if c.cervical_forms == frozenset({CervicalForm.UNSTABLE})
    ]
    assert {"neck.arm_swing_walk", "general.moving_to_music", "school.pe_and_play"} <= set(unstable_only)
    assert "long practice of the task" in " ".join(texts(Category.HAND))
    orthoses = [e for e in library.interventions if e.kind is Kind.ORTHOSIS]
    assert all(e.cautions for e in orthoses), "every orthosis warns about fit or skin"


def test_goals_are_measurable_and_cover_the_domains(library: Library) -> None:
    assert len(library.goals) >= MIN_GOALS
    for goal in library.goals:
        assert GOAL_BLANK in goal.text, goal.code
        assert goal.source, goal.code
    wanted = set(GoalDomain) - {GoalDomain.OTHER}
    assert wanted <= {g.domain for g in library.goals}


@pytest.mark.parametrize("category", list(Category), ids=str)
def test_every_category_has_a_sound_starter_template(library: Library, category: Category) -> None:
    templates = library.templates_for(category)
    assert templates, f"no template for {category}"
    for template in templates:
        assert len(template.interventions) >= 4, template.code
        assert len(template.goals) >= 2, template.code
        assert template.title and template.approach
        for code in template.interventions:
            entry = library.intervention(code)
            assert entry is not None and entry.suits(category), (template.code, code)
        for code in template.goals:
            goal = library.goal(code)
            assert goal is not None and goal.suits(category), (template.code, code)


@pytest.mark.parametrize("template_code", [t.code for t in load_library().templates])
def test_a_plan_from_a_template_raises_only_library_cautions(library: Library, template_code: str) -> None:
    """Unedited library wording is never flagged by the keyword rules meant for own wording."""
    template = library.template(template_code)
    assert template is not None
    items = tuple(library.intervention(code).to_intervention() for code in template.interventions)  # type: ignore[union-attr]
    plan = Plan(
        title=template.title,
        category=template.category,
        interventions=items,
        gmfcs_level=5,
        patterns=tuple(template.patterns),
    )
    library_texts = {c.text for e in library.interventions for c in e.cautions}
    notes = re.compile(
        "|".join(
            re.escape(" " + n)
            for n in (
                cautions.FORM_UNKNOWN_NOTE,
                *(cautions.PATTERN_UNKNOWN_NOTE.format(region=r) for r in KNOWN_REGIONS),
            )
        )
    )
    for caution in cautions_for(plan, library):
        if caution.item_title == WHOLE_PLAN or caution.text.startswith("This entry "):
            continue  # plan-level prompts, and an entry tagged for another pattern than the template's
        base = notes.sub("", caution.text)
        assert base in library_texts, (template_code, caution)


# --- plain English (reading ease: test_library_v2) ------------------------------------------------


def test_family_facing_text_avoids_clinical_jargon(library: Library) -> None:
    jargon = re.compile(
        r"\b(?:contralateral|ipsilateral|dorsiflex\w*|plantarflex\w*|abduct\w*|adduct\w*|"
        r"propriocept\w*|torticollis|antagonist|supine|prone|bilateral|orthos[ie]s)\b",
        re.IGNORECASE,
    )
    # A technical word is allowed where it is explained in brackets right after it: "orthosis (splint)".
    found = [
        (where, m.group(0))
        for where, text in _family_facing(library)
        for m in jargon.finditer(text)
        if not re.match(r"\s*\(", text[m.end() :]) and not re.search(r"\(\s*(?:an?\s+)?$", text[: m.start()])
    ]
    assert found == []
