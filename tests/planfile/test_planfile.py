"""The plan file contract: what imports, what is refused and how the refusal reads."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careplan.core.enums import Audience, Kind
from careplan.core.library import Library, LibraryIntervention
from careplan.core.model import Dosage
from careplan.planfile import PlanFileError, dumps, json_schema, read_plan_bytes, to_document, to_imported
from careplan.planfile.convert import _clean

from support.db import FIXTURES, doc_bytes, example_document
from support.plans import full_document

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "resources" / "schema" / "plan-file.schema.json"

LIBRARY = Library(
    version="test",
    interventions=(
        LibraryIntervention(
            code="neck.mirror_midline_hold",
            kind=Kind.EXERCISE,
            title="Mirror midline hold",
            instructions="Sit in front of a mirror and bring your head to the middle.",
            categories=frozenset(),
            source="Bleton 2010",
            dosage=Dosage(reps=10, hold_seconds=5, rest_seconds=15, times_per_day=3),
            audiences=frozenset({Audience.FAMILY}),
        ),
    ),
)


def read(doc: Any) -> Any:
    return to_imported(read_plan_bytes(doc_bytes(doc), "plan.json"), LIBRARY.intervention)


def problems_of(data: bytes) -> list[str]:
    with pytest.raises(PlanFileError) as info:
        to_imported(read_plan_bytes(data, "plan.json"), LIBRARY.intervention)
    return info.value.problems


# --- the shared fixtures --------------------------------------------------------------------------


def test_example_fixture_imports() -> None:
    imported = to_imported(read_plan_bytes((FIXTURES / "example-plan.json").read_bytes()), LIBRARY.intervention)
    plan = imported.record.plan
    assert plan.title == "Postural management and school participation"
    assert [i.kind for i in plan.interventions] == [
        Kind.EXERCISE,
        Kind.ORTHOSIS,
        Kind.EQUIPMENT,
        Kind.ADVICE,
        Kind.REFERRAL,
    ]
    assert plan.interventions[0].dosage == Dosage(sets=2, reps=5, times_per_day=1, days_per_week=5)
    assert imported.record.patient.carers[0].name == "Grace Okafor"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("truncated.json", "not valid JSON: line 18"),
        ("reps-zero.json", "plan.interventions[0].dosage.reps: must be between 1 and 200 (got 0)"),
        ("unknown-category.json", "plan.category: must be one of"),
    ],
)
def test_bad_fixtures_are_refused_as_named(name: str, expected: str) -> None:
    problems = problems_of((FIXTURES / "bad" / name).read_bytes())
    assert len(problems) == 1
    assert expected in problems[0]


def test_every_bad_fixture_is_covered() -> None:
    assert {p.name for p in (FIXTURES / "bad").iterdir()} <= {
        "truncated.json",
        "reps-zero.json",
        "unknown-category.json",
    }


# --- a wide table of bad files ------------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = doc
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return mutate


def _delete(path: str) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = doc
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        del node[last]

    return mutate


BAD_DOCS: list[tuple[str, Mutation, str, str]] = [
    (
        "wrong type: reps as text",
        _set("plan.interventions.0.dosage.reps", "5"),
        "plan.interventions[0].dosage.reps",
        "whole number",
    ),
    (
        "wrong type: reps as a fraction",
        _set("plan.interventions.0.dosage.reps", 5.5),
        "plan.interventions[0].dosage.reps",
        "whole number",
    ),
    (
        "wrong type: reps true",
        _set("plan.interventions.0.dosage.reps", True),
        "plan.interventions[0].dosage.reps",
        "whole number",
    ),
    ("wrong type: title a number", _set("plan.title", 12), "plan.title", "text"),
    ("wrong type: goals an object", _set("plan.goals", {}), "plan.goals", "list"),
    ("wrong type: patient a list", _set("patient", []), "patient", "object"),
    ("impossible date", _set("patient.date_of_birth", "2023-02-30"), "patient.date_of_birth", "not a real calendar"),
    ("impossible month", _set("plan.start_date", "2026-13-01"), "plan.start_date", "not a real calendar"),
    ("date in another format", _set("patient.date_of_birth", "14/03/2016"), "patient.date_of_birth", "YYYY-MM-DD"),
    ("date with time", _set("plan.review_date", "2027-02-19T10:00:00"), "plan.review_date", "YYYY-MM-DD"),
    ("date as a number", _set("plan.start_date", 20261120), "plan.start_date", "YYYY-MM-DD"),
    ("review before start", _set("plan.review_date", "2026-01-01"), "plan.review_date", "before the start date"),
    (
        "sets out of range",
        _set("plan.interventions.0.dosage.sets", 21),
        "plan.interventions[0].dosage.sets",
        "between 1 and 20 (got 21)",
    ),
    (
        "hold out of range",
        _set("plan.interventions.0.dosage.hold_seconds", 601),
        "plan.interventions[0].dosage.hold_seconds",
        "between 1 and 600",
    ),
    (
        "rest negative",
        _set("plan.interventions.0.dosage.rest_seconds", -1),
        "plan.interventions[0].dosage.rest_seconds",
        "between 0 and 600",
    ),
    (
        "times per day zero",
        _set("plan.interventions.0.dosage.times_per_day", 0),
        "plan.interventions[0].dosage.times_per_day",
        "between 1 and 12",
    ),
    (
        "days per week eight",
        _set("plan.interventions.0.dosage.days_per_week", 8),
        "plan.interventions[0].dosage.days_per_week",
        "between 1 and 7",
    ),
    (
        "minutes huge",
        _set("plan.interventions.0.dosage.minutes", 10**12),
        "plan.interventions[0].dosage.minutes",
        "between 1 and 600",
    ),
    (
        "unknown dosage field",
        _set("plan.interventions.0.dosage.repeats", 3),
        "plan.interventions[0].dosage.repeats",
        "not a field",
    ),
    (
        "unknown catalog code",
        _set("plan.interventions.1", {"catalog_code": "neck.nonexistent"}),
        "plan.interventions[1].catalog_code",
        "not in the library",
    ),
    ("unknown kind", _set("plan.interventions.0.kind", "massage"), "plan.interventions[0].kind", "must be one of"),
    ("unknown domain", _set("plan.goals.0.domain", "fun"), "plan.goals[0].domain", "must be one of"),
    ("unknown side", _set("plan.interventions.0.side", "middle"), "plan.interventions[0].side", "must be one of"),
    (
        "unknown audience",
        _set("plan.interventions.0.audiences", ["teacher"]),
        "plan.interventions[0].audiences[0]",
        "must be one of",
    ),
    (
        "unknown setting",
        _set("plan.interventions.3.setting", "office"),
        "plan.interventions[3].setting",
        "must be one of",
    ),
    ("unknown status", _set("plan.interventions.2.status", "lost"), "plan.interventions[2].status", "must be one of"),
    ("over-long title", _set("plan.title", "x" * 201), "plan.title", "at most 200 characters"),
    ("over-long text", _set("plan.summary", "y" * 10_001), "plan.summary", "at most 10000 characters"),
    (
        "over-long item title",
        _set("plan.interventions.0.title", "z" * 300),
        "plan.interventions[0].title",
        "at most 200",
    ),
    ("control character", _set("plan.summary", "Bad\x07bell"), "plan.summary", "control character"),
    ("escape character in name", _set("patient.given_name", "Am\x1bira"), "patient.given_name", "control character"),
    ("empty given name", _set("patient.given_name", "  "), "patient.given_name", "must not be empty"),
    ("newer format_version", _set("format_version", 3), "format_version", "newer version of Careplan"),
    ("format_version as text", _set("format_version", "1"), "format_version", "must be 1 or 2"),
    ("wrong format", _set("format", "something-else"), "format", "not a Careplan plan file"),
    ("missing format", _delete("format"), "format", "not a Careplan plan file"),
    ("missing given name", _delete("patient.given_name"), "patient.given_name", "required"),
    ("missing family name", _delete("patient.family_name"), "patient.family_name", "required"),
    ("missing date of birth", _delete("patient.date_of_birth"), "patient.date_of_birth", "required"),
    ("missing plan title", _delete("plan.title"), "plan.title", "required"),
    ("missing category", _delete("plan.category"), "plan.category", "required"),
    ("missing patient", _delete("patient"), "patient", "required"),
    ("missing plan", _delete("plan"), "plan", "required"),
    (
        "item without kind or code",
        _delete("plan.interventions.0.kind"),
        "plan.interventions[0]",
        "kind and a title, or a catalog_code",
    ),
    ("unknown top-level field", _set("extra", 1), "extra", "not a field"),
    ("gmfcs out of range", _set("plan.gmfcs_level", 6), "plan.gmfcs_level", "between 1 and 5"),
    (
        "bad photo data",
        _set("plan.interventions.0.photo", {"media_type": "image/png", "data": "not base64!"}),
        "plan.interventions[0].photo.data",
        "base64",
    ),
    (
        "photo not a png",
        _set("plan.interventions.0.photo", {"media_type": "image/png", "data": "aGVsbG8="}),
        "plan.interventions[0].photo.data",
        "not a PNG",
    ),
    (
        "own code without prefix",
        _set("own_library", {"interventions": [{"code": "neck.x", "kind": "exercise", "title": "X"}]}),
        "own_library.interventions[0].code",
        "own.",
    ),
]


@pytest.mark.parametrize(("mutate", "path", "words"), [b[1:] for b in BAD_DOCS], ids=[b[0] for b in BAD_DOCS])
def test_bad_document_names_field_and_problem(mutate: Mutation, path: str, words: str) -> None:
    doc = example_document()
    mutate(doc)
    problems = problems_of(doc_bytes(doc))
    assert any(p.startswith(path + ":") and words in p for p in problems), problems


BAD_BYTES: list[tuple[str, bytes, str]] = [
    ("empty", b"", "the file is empty"),
    ("only spaces", b"  \n\t ", "the file is empty"),
    ("not JSON", b"This is a letter, not a plan.", "not valid JSON: line 1, column 1"),
    ("truncated", doc_bytes(example_document())[:300], "cut short"),
    (
        "latin-1 encoding",
        json.dumps(example_document(), ensure_ascii=False).replace("Amira", "Amíra").encode("latin-1"),
        "not UTF-8 text",
    ),
    ("utf-16 encoding", json.dumps(example_document()).encode("utf-16"), "not UTF-8 text"),
    ("NaN", doc_bytes(example_document()).replace(b'"reps": 5', b'"reps": NaN'), "NaN is not a number"),
    ("Infinity", doc_bytes(example_document()).replace(b'"reps": 5', b'"reps": Infinity'), "Infinity is not"),
    ("a JSON list", b"[1, 2, 3]", "one JSON object"),
    ("a JSON string", b'"plan"', "one JSON object"),
    ("duplicate key", b'{"format": "careplan-plan", "format": "careplan-plan"}', "appears twice"),
    ("trailing garbage", doc_bytes(example_document()) + b" }", "more after the end"),
    ("deep nesting", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
]


@pytest.mark.parametrize(("data", "words"), [b[1:] for b in BAD_BYTES], ids=[b[0] for b in BAD_BYTES])
def test_unreadable_files_are_refused_plainly(data: bytes, words: str) -> None:
    problems = problems_of(data)
    assert any(words in p for p in problems), problems


def test_bom_is_tolerated() -> None:
    data = b"\xef\xbb\xbf" + doc_bytes(example_document())
    assert to_imported(read_plan_bytes(data), LIBRARY.intervention).record.plan.category.value == "dystonic_cp"


def test_message_names_the_file_and_counts_problems() -> None:
    doc = example_document()
    doc["plan"]["interventions"][0]["dosage"]["reps"] = 0
    doc["plan"]["interventions"][0]["dosage"]["sets"] = 99
    with pytest.raises(PlanFileError) as info:
        read_plan_bytes(doc_bytes(doc), "amira.json")
    message = str(info.value)
    assert message.startswith("amira.json: 2 problems:")
    assert "plan.interventions[0].dosage.sets: must be between 1 and 20 (got 99)" in message


# --- the library fills what a catalog code leaves out -------------------------------------------------


def test_catalog_code_fills_from_library() -> None:
    doc = example_document()
    doc["plan"]["interventions"].append({"catalog_code": "neck.mirror_midline_hold"})
    item = read(doc).record.plan.interventions[-1]
    assert item.kind is Kind.EXERCISE
    assert item.title == "Mirror midline hold"
    assert item.dosage == Dosage(reps=10, hold_seconds=5, rest_seconds=15, times_per_day=3)
    assert item.audiences == frozenset({Audience.FAMILY})
    assert item.catalog_code == "neck.mirror_midline_hold"


def test_fields_given_beside_a_code_win() -> None:
    doc = example_document()
    doc["plan"]["interventions"].append(
        {"catalog_code": "neck.mirror_midline_hold", "title": "Mirror practice", "dosage": {"reps": 4}}
    )
    item = read(doc).record.plan.interventions[-1]
    assert item.title == "Mirror practice"
    assert item.dosage == Dosage(reps=4)
    assert item.instructions == LIBRARY.interventions[0].instructions


def test_default_audiences_by_kind() -> None:
    doc = example_document()
    for item in doc["plan"]["interventions"]:
        item.pop("audiences")
    items = read(doc).record.plan.interventions
    assert items[0].audiences == {Audience.FAMILY}
    # Splints and equipment go wherever the person goes: home, school, work and daily life.
    assert items[1].audiences == {Audience.FAMILY, Audience.SCHOOL, Audience.WORK}
    assert items[3].audiences == {Audience.SCHOOL}  # advice with setting school
    assert items[4].audiences == {Audience.CLINICIAN}


# --- round trip ------------------------------------------------------------------------------------------


def test_round_trip_keeps_every_field() -> None:
    original = full_document()
    imported = read(original)
    exported = to_document(
        imported.record,
        imported.own_interventions,
        imported.own_goals,
        imported.own_templates,
        imported.assessments,
        imported.injections,
    )
    assert exported == _clean(copy.deepcopy(original))
    again = read(exported)
    assert again == imported
    assert dumps(
        to_document(
            again.record,
            again.own_interventions,
            again.own_goals,
            again.own_templates,
            again.assessments,
            again.injections,
        )
    ) == dumps(exported)


def test_full_document_sets_every_field_of_the_schema() -> None:
    """Guards the round-trip test: a field added to the format must be added to the full document."""
    doc = full_document()

    def fields(schema: dict[str, Any], name: str) -> set[str]:
        return set(schema["$defs"][name]["properties"]) if name in schema["$defs"] else set(schema["properties"])

    schema = json_schema()
    assert set(doc) == fields(schema, "PlanFileModel")
    assert set(doc["patient"]) == fields(schema, "PatientModel")
    assert set(doc["plan"]) == fields(schema, "PlanModel")
    every_item_field = set().union(*(set(i) for i in doc["plan"]["interventions"]))
    assert every_item_field == fields(schema, "InterventionModel")
    assert set(doc["own_library"]) == fields(schema, "OwnLibraryModel")
    assert set(doc["own_library"]["templates"][0]) == fields(schema, "OwnTemplateModel")
    assert set().union(*(set(g) for g in doc["plan"]["goals"])) == fields(schema, "GoalModel")
    first = doc["assessments"][0]
    assert set(first) == fields(schema, "AssessmentModel")
    assert set(first["goals"][0]) == fields(schema, "GoalRatingModel")
    assert set(first["pain"][0]) == fields(schema, "PainModel")
    assert set().union(*(set(s) for s in first["scales"])) == fields(schema, "ScaleScoreModel")
    assert set(first["classifications"][0]) == fields(schema, "ClassificationModel")
    assert set(first["rom"][0]) == fields(schema, "RomModel")
    assert set(first["hips"]) == fields(schema, "HipsModel")
    assert set(doc["injections"][0]) == fields(schema, "InjectionModel")


# --- schema --------------------------------------------------------------------------------------------


def test_committed_schema_matches_the_code() -> None:
    expected = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == expected, (
        "resources/schema/plan-file.schema.json is out of date: run python -m careplan.planfile.schema_file"
    )


def test_schema_accepts_the_example() -> None:
    jsonschema.validate(example_document(), json_schema())
    jsonschema.validate(full_document(), json_schema())


# --- hypothesis: nothing crashes the importer ----------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200))
def test_random_bytes_never_crash(data: bytes) -> None:
    try:
        to_imported(read_plan_bytes(data), LIBRARY.intervention)
    except PlanFileError as exc:
        assert exc.problems


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            out += _paths(v, (*prefix, i))
    return out


EXAMPLE_PATHS = [p for p in _paths(example_document()) if p]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(EXAMPLE_PATHS), json_values)
def test_any_field_replaced_by_any_value_never_crashes(path: tuple[Any, ...], value: Any) -> None:
    doc = example_document()
    node: Any = doc
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    try:
        read(doc)
    except PlanFileError as exc:
        assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)
