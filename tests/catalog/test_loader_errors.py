"""Broken library files are refused with a message naming the file, the entry and the field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from careplan.catalog import LIBRARY_FILE, CatalogError, CatalogProblem, load_library, read_library
from careplan.core.enums import Category, Kind
from careplan.core.library import Library
from careplan.core.model import Dosage

HEADER = 'version = "2026.11"\n'

EXERCISE = """
[[intervention]]
code = "neck.mirror_midline_hold"
kind = "exercise"
title = "Mirror midline hold"
instructions = "Sit in front of a mirror and hold your head in the middle."
sources = ["bleton2010"]
categories = ["cervical"]
dosage = { reps = 10, hold_seconds = 5, rest_seconds = 15, times_per_day = 3 }
"""

ORTHOSIS = """
[[intervention]]
code = "orthosis.afo"
kind = "orthosis"
title = "Ankle-foot splints"
instructions = "Put them on over socks."
wear_schedule = "For standing and walking."
skin_checks = "Look for red marks when they come off."
sources = ["bleton2010"]
categories = ["dystonic_cp"]

[[intervention.cautions]]
text = "A splint that is too tight can hurt the skin."
family = "The splint should feel snug, not tight."
"""

GOAL = """
[[goal]]
code = "goal.head_middle"
domain = "posture"
text = "Hold the head in the middle for ___ seconds"
categories = ["cervical"]
sources = ["bleton2010"]
gas = [
  "Cannot hold it", "Holds it for less", "Holds it for ___ seconds",
  "Holds it a little longer", "Holds it twice as long",
]
"""

TEMPLATE = """
[[template]]
code = "template.cervical"
category = "cervical"
title = "Neck dystonia"
approach = "Short daily exercises."
interventions = ["neck.mirror_midline_hold"]
goals = ["goal.head_middle"]
sources = ["bleton2010"]
"""

SOURCES = """
[[source]]
key = "bleton2010"
type = "journal"
authors = "Bleton JP"
year = 2010
title = "Physiotherapy of focal dystonia: a physiotherapist's personal experience"
published_in = "European Journal of Neurology 17 Suppl 1:107-112"
checked = true
"""

VALID = {
    LIBRARY_FILE: HEADER,
    "exercises-neck.toml": EXERCISE,
    "orthoses.toml": ORTHOSIS,
    "goals.toml": GOAL,
    "templates.toml": TEMPLATE,
    "sources.toml": SOURCES,
}


def write(directory: Path, files: dict[str, str | bytes | None]) -> Path:
    """The valid library with ``files`` replacing (or, given None, removing) some of its files."""
    for name, text in {**VALID, **files}.items():
        if text is None:
            continue
        path = directory / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return directory


def test_the_valid_library_loads_into_core_types(tmp_path: Path) -> None:
    library = read_library(write(tmp_path, {}))
    assert isinstance(library, Library)
    assert library.version == "2026.11"
    entry = library.intervention("neck.mirror_midline_hold")
    assert entry is not None
    assert entry.kind is Kind.EXERCISE
    assert entry.categories == frozenset({Category.CERVICAL})
    assert entry.dosage == Dosage(reps=10, hold_seconds=5, rest_seconds=15, times_per_day=3)
    afo = library.intervention("orthosis.afo")
    assert afo is not None and afo.cautions[0].text == "A splint that is too tight can hurt the skin."
    assert library.goal("goal.head_middle") is not None
    template = library.template("template.cervical")
    assert template is not None and template.interventions == ("neck.mirror_midline_hold",)


@dataclass(frozen=True)
class Broken:
    """A broken library and the problem it must be reported with."""

    id: str
    files: dict[str, str | bytes | None]
    file: str
    entry: str | None
    field: str | None
    message: str
    #: The whole line, where the exact wording matters.
    line: str | None = None


def _swap(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


NECK = "exercises-neck.toml"
MIRROR = "entry 'neck.mirror_midline_hold'"

CASES = [
    Broken(
        "bad TOML",
        {NECK: _swap(EXERCISE, 'title = "Mirror midline hold"', 'title = "Mirror midline hold')},
        NECK,
        MIRROR,
        "title",
        "not valid TOML at line 5",
    ),
    Broken(
        "bad TOML in a second entry without a code",
        {NECK: EXERCISE + '\n[[intervention]]\nkind = "exercise"\ntitle = = "x"\n'},
        NECK,
        "entry 2",
        "title",
        "not valid TOML at line 13, column 9",
    ),
    Broken(
        "unknown field",
        {NECK: EXERCISE + 'colour = "red"\n'},
        NECK,
        MIRROR,
        "colour",
        "is not a field the library knows",
    ),
    Broken(
        "wrong kind",
        {NECK: _swap(EXERCISE, 'kind = "exercise"', 'kind = "exercize"')},
        NECK,
        MIRROR,
        "kind",
        "must be one of 'exercise', 'orthosis', 'equipment', 'advice', 'referral' or 'education' (got 'exercize')",
    ),
    Broken(
        "dosage out of range",
        {NECK: _swap(EXERCISE, "reps = 10", "reps = 0")},
        NECK,
        MIRROR,
        "dosage.reps",
        "must be between 1 and 200 (got 0)",
        line="exercises-neck.toml: entry 'neck.mirror_midline_hold': dosage.reps: must be between 1 and 200 (got 0)",
    ),
    Broken(
        "dosage above range",
        {NECK: _swap(EXERCISE, "times_per_day = 3", "times_per_day = 13")},
        NECK,
        MIRROR,
        "dosage.times_per_day",
        "must be between 1 and 12 (got 13)",
    ),
    Broken(
        "dosage as text",
        {NECK: _swap(EXERCISE, "hold_seconds = 5", 'hold_seconds = "5"')},
        NECK,
        MIRROR,
        "dosage.hold_seconds",
        "must be a whole number (got '5')",
    ),
    Broken(
        "dosage as a fraction",
        {NECK: _swap(EXERCISE, "hold_seconds = 5", "hold_seconds = 5.5")},
        NECK,
        MIRROR,
        "dosage.hold_seconds",
        "must be a whole number (got 5.5)",
    ),
    Broken(
        "dosage as true",
        {NECK: _swap(EXERCISE, "reps = 10", "reps = true")},
        NECK,
        MIRROR,
        "dosage.reps",
        "must be a whole number (got True)",
    ),
    Broken(
        "unknown dosage field",
        {NECK: _swap(EXERCISE, "reps = 10", "repeats = 10")},
        NECK,
        MIRROR,
        "dosage.repeats",
        "is not a field the library knows",
    ),
    Broken(
        "exercise without dosage",
        {NECK: _swap(EXERCISE, "dosage = { reps = 10, hold_seconds = 5, rest_seconds = 15, times_per_day = 3 }", "")},
        NECK,
        MIRROR,
        "dosage",
        "is required for an exercise",
    ),
    Broken(
        "field of another kind",
        {NECK: EXERCISE + 'setting = "home"\n'},
        NECK,
        MIRROR,
        "setting",
        "only used for advice (this entry is an exercise)",
    ),
    Broken(
        "orthosis without skin checks",
        {"orthoses.toml": _swap(ORTHOSIS, 'skin_checks = "Look for red marks when they come off."\n', "")},
        "orthoses.toml",
        "entry 'orthosis.afo'",
        "skin_checks",
        "is required for an orthosis",
    ),
    Broken(
        "missing title",
        {NECK: _swap(EXERCISE, 'title = "Mirror midline hold"\n', "")},
        NECK,
        MIRROR,
        "title",
        "is required",
    ),
    Broken(
        "blank title",
        {NECK: _swap(EXERCISE, 'title = "Mirror midline hold"', 'title = "   "')},
        NECK,
        MIRROR,
        "title",
        "must not be empty",
    ),
    Broken(
        "missing code",
        {NECK: _swap(EXERCISE, 'code = "neck.mirror_midline_hold"\n', "")},
        NECK,
        "entry 1",
        "code",
        "is required",
    ),
    Broken(
        "badly formed code",
        {NECK: _swap(EXERCISE, 'code = "neck.mirror_midline_hold"', 'code = "Mirror Hold"')},
        NECK,
        "entry 'Mirror Hold'",
        "code",
        "must be lowercase words joined by dots",
    ),
    Broken(
        "code kept for therapists",
        {NECK: _swap(EXERCISE, 'code = "neck.mirror_midline_hold"', 'code = "own.mirror"')},
        NECK,
        "entry 'own.mirror'",
        "code",
        "kept for therapists' own entries",
    ),
    Broken(
        "duplicate code across files",
        {"orthoses.toml": _swap(ORTHOSIS, 'code = "orthosis.afo"', 'code = "neck.mirror_midline_hold"')},
        "orthoses.toml",
        MIRROR,
        "code",
        "'neck.mirror_midline_hold' is used more than once (also in exercises-neck.toml)",
    ),
    Broken(
        "duplicate code in one file",
        {NECK: EXERCISE + EXERCISE},
        NECK,
        MIRROR,
        "code",
        "is used more than once (also in exercises-neck.toml)",
    ),
    Broken(
        "goal code reused for an entry",
        {"goals.toml": _swap(GOAL, 'code = "goal.head_middle"', 'code = "orthosis.afo"')},
        "goals.toml",
        "entry 'orthosis.afo'",
        "code",
        "is used more than once (also in orthoses.toml)",
    ),
    Broken(
        "unknown category",
        {NECK: _swap(EXERCISE, 'categories = ["cervical"]', 'categories = ["cervical", "neck"]')},
        NECK,
        MIRROR,
        "categories[2]",
        "must be one of 'cervical', 'hand'",
    ),
    Broken(
        "no categories",
        {NECK: _swap(EXERCISE, 'categories = ["cervical"]', "categories = []")},
        NECK,
        MIRROR,
        "categories",
        "must not be an empty list",
    ),
    Broken(
        "repeated category",
        {NECK: _swap(EXERCISE, 'categories = ["cervical"]', 'categories = ["cervical", "cervical"]')},
        NECK,
        MIRROR,
        "categories",
        "lists 'cervical' twice",
    ),
    Broken(
        "unknown region",
        {NECK: EXERCISE + 'regions = ["neck", "nek"]\n'},
        NECK,
        MIRROR,
        "regions[2]",
        "'nek' is not a body region the library knows",
    ),
    Broken(
        "unknown audience",
        {NECK: EXERCISE + 'audiences = ["parents"]\n'},
        NECK,
        MIRROR,
        "audiences[1]",
        "must be one of 'family', 'school', 'work' or 'clinician' (got 'parents')",
    ),
    Broken(
        "caution with an unknown category",
        {"orthoses.toml": ORTHOSIS + 'categories = ["cervical", "necks"]\n'},
        "orthoses.toml",
        "entry 'orthosis.afo'",
        "cautions[1].categories[2]",
        "(got 'necks')",
    ),
    Broken(
        "caution form without cervical",
        {"orthoses.toml": ORTHOSIS + 'categories = ["hand"]\ncervical_forms = ["unstable"]\n'},
        "orthoses.toml",
        "entry 'orthosis.afo'",
        "cautions[1]",
        "add 'cervical' to categories",
    ),
    Broken(
        "caution without text",
        {"orthoses.toml": _swap(ORTHOSIS, 'text = "A splint that is too tight can hurt the skin."', "")},
        "orthoses.toml",
        "entry 'orthosis.afo'",
        "cautions[1].text",
        "is required",
    ),
    Broken(
        "goal without a blank",
        {"goals.toml": _swap(GOAL, "for ___ seconds", "for a while")},
        "goals.toml",
        "entry 'goal.head_middle'",
        "text",
        "must hold a ___ blank",
    ),
    Broken(
        "goal with an unknown domain",
        {"goals.toml": _swap(GOAL, 'domain = "posture"', 'domain = "balance"')},
        "goals.toml",
        "entry 'goal.head_middle'",
        "domain",
        "(got 'balance')",
    ),
    Broken(
        "template with an unknown code",
        {"templates.toml": _swap(TEMPLATE, '"neck.mirror_midline_hold"]', '"neck.mirror_midline_hold", "neck.nope"]')},
        "templates.toml",
        "entry 'template.cervical'",
        "interventions[2]",
        "no library entry has the code 'neck.nope'",
    ),
    Broken(
        "template with an entry of another category",
        {"templates.toml": _swap(TEMPLATE, '["neck.mirror_midline_hold"]', '["orthosis.afo"]')},
        "templates.toml",
        "entry 'template.cervical'",
        "interventions[1]",
        "'orthosis.afo' does not list 'cervical' in its categories",
    ),
    Broken(
        "template with an unknown goal",
        {"templates.toml": _swap(TEMPLATE, '["goal.head_middle"]', '["goal.head_middle", "goal.nope"]')},
        "templates.toml",
        "entry 'template.cervical'",
        "goals[2]",
        "no library goal has the code 'goal.nope'",
    ),
    Broken(
        "template with no interventions",
        {"templates.toml": _swap(TEMPLATE, '["neck.mirror_midline_hold"]', "[]")},
        "templates.toml",
        "entry 'template.cervical'",
        "interventions",
        "must not be an empty list",
    ),
    Broken(
        "unknown table",
        {NECK: EXERCISE.replace("[[intervention]]", "[[exercise]]")},
        NECK,
        None,
        "exercise",
        "is not a table the library knows",
    ),
    Broken(
        "table written as a single table",
        {NECK: EXERCISE.replace("[[intervention]]", "[intervention]")},
        NECK,
        None,
        "intervention",
        "each entry must be a [[intervention]] table",
    ),
    Broken(
        "no library.toml",
        {LIBRARY_FILE: None},
        LIBRARY_FILE,
        None,
        "version",
        "is required",
    ),
    Broken(
        "bad version",
        {LIBRARY_FILE: 'version = "November"\n'},
        LIBRARY_FILE,
        None,
        "version",
        "must look like 2026.11 (got 'November')",
    ),
    Broken(
        "version outside library.toml",
        {NECK: HEADER + EXERCISE},
        NECK,
        None,
        "version",
        "only library.toml sets the version",
    ),
    Broken(
        "not UTF-8",
        {NECK: EXERCISE.replace("Mirror midline hold", "Mirror hold caf\u00e9").encode("latin-1")},
        NECK,
        None,
        None,
        "is not UTF-8 text",
    ),
    # --- library v2: sources, GAS levels, family wording, directions, progressions, the action plan
    Broken(
        "unknown source key",
        {NECK: _swap(EXERCISE, 'sources = ["bleton2010"]', 'sources = ["bleton2011"]')},
        NECK,
        MIRROR,
        "sources[1]",
        "no [[source]] table has the key 'bleton2011'",
    ),
    Broken(
        "entry without a source",
        {NECK: _swap(EXERCISE, 'sources = ["bleton2010"]\n', "")},
        NECK,
        MIRROR,
        "sources",
        "is required",
    ),
    Broken(
        "the same source key twice",
        {"more-sources.toml": SOURCES},
        "sources.toml",
        "entry 'bleton2010'",
        "key",
        "the source 'bleton2010' is listed more than once",
    ),
    Broken(
        "goal without GAS levels",
        {"goals.toml": GOAL.split("gas =")[0]},
        "goals.toml",
        "entry 'goal.head_middle'",
        "gas",
        "is required",
    ),
    Broken(
        "caution without family wording",
        {"orthoses.toml": _swap(ORTHOSIS, 'family = "The splint should feel snug, not tight."\n', "")},
        "orthoses.toml",
        "entry 'orthosis.afo'",
        "cautions[1].family",
        "is required: families or schools see this entry",
    ),
    Broken(
        "unknown placeholder",
        {NECK: _swap(EXERCISE, "hold your head in the middle.", "turn {left_side}.")},
        NECK,
        MIRROR,
        "instructions",
        "holds {left_side}, which the program cannot fill in",
    ),
    Broken(
        "harder step that does not exist",
        {NECK: EXERCISE + 'harder = "neck.no_such_thing"\n'},
        NECK,
        MIRROR,
        "harder",
        "no library entry has the code 'neck.no_such_thing'",
    ),
    Broken(
        "action plan whose red level does not call the emergency number first",
        {
            "action-plan.toml": """
[action_plan]
title = "Dystonia action plan"
intro = "What to do."
triggers = ["pain"]
sources = ["bleton2010"]
[[action_plan.levels]]
colour = "green"
heading = "Green"
signs = ["usual"]
actions = ["carry on"]
[[action_plan.levels]]
colour = "amber"
heading = "Amber"
signs = ["worse"]
actions = ["call the team"]
[[action_plan.levels]]
colour = "red"
heading = "Red"
signs = ["emergency"]
actions = ["call"]
call = ["family", "emergency"]
"""
        },
        "action-plan.toml",
        "the action plan",
        None,
        "the red level must call the emergency number first",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_broken_file_is_reported_by_file_entry_and_field(tmp_path: Path, case: Broken) -> None:
    with pytest.raises(CatalogError) as raised:
        read_library(write(tmp_path, case.files))
    error = raised.value
    matching = [
        p
        for p in error.problems
        if p.file == case.file and p.entry == case.entry and p.field == case.field and case.message in p.message
    ]
    assert matching, f"no problem {case.file} / {case.entry} / {case.field} / {case.message!r} in:\n{error}"
    expected_start = ": ".join(part for part in (case.file, case.entry, case.field) if part)
    assert str(matching[0]).startswith(expected_start + ": ")
    assert str(matching[0]) in str(error).splitlines()
    if case.line is not None:
        assert case.line in str(error).splitlines()


def test_every_problem_in_every_file_is_reported_at_once(tmp_path: Path) -> None:
    files: dict[str, str | bytes | None] = {
        NECK: _swap(EXERCISE, "reps = 10", "reps = 0") + 'colour = "red"\n',
        "orthoses.toml": _swap(ORTHOSIS, 'kind = "orthosis"', 'kind = "brace"'),
    }
    with pytest.raises(CatalogError) as raised:
        read_library(write(tmp_path, files))
    fields = {(p.file, p.field) for p in raised.value.problems}
    assert {(NECK, "dosage.reps"), (NECK, "colour"), ("orthoses.toml", "kind")} <= fields
    assert len(str(raised.value).splitlines()) == len(raised.value.problems)


def test_a_broken_entry_is_not_reported_again_by_the_templates_using_it(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as raised:
        read_library(write(tmp_path, {NECK: _swap(EXERCISE, "reps = 10", "reps = 0")}))
    assert [p.field for p in raised.value.problems] == ["dosage.reps"]


def test_a_missing_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="the library folder does not exist"):
        load_library(tmp_path / "nowhere")


def test_a_folder_given_by_the_caller_is_read_afresh(tmp_path: Path) -> None:
    directory = write(tmp_path, {})
    assert load_library(directory).intervention("neck.mirror_midline_hold") is not None
    (directory / NECK).write_text(_swap(EXERCISE, "neck.mirror_midline_hold", "neck.midline_hold"), encoding="utf-8")
    (directory / "templates.toml").write_text(TEMPLATE.replace("neck.mirror_midline_hold", "neck.midline_hold"))
    reread = load_library(directory)
    assert reread.intervention("neck.mirror_midline_hold") is None
    assert reread.intervention("neck.midline_hold") is not None


def test_problem_wording() -> None:
    problem = CatalogProblem(file="a.toml", entry="entry 'x.y'", field="dosage.sets", message="is required")
    assert str(problem) == "a.toml: entry 'x.y': dosage.sets: is required"
    assert str(CatalogProblem(file="a.toml", message="is not UTF-8 text")) == "a.toml: is not UTF-8 text"
    with pytest.raises(ValueError):
        CatalogError([])
