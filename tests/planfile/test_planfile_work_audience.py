"""The plan file and the work and daily life handout: ``"work"`` in ``interventions[].audiences[]``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from careplan.core.enums import Audience
from careplan.core.library import Library
from careplan.planfile import dumps, read_plan_bytes, to_document, to_imported

from support.db import doc_bytes, example_document

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "resources" / "schema" / "plan-file.schema.json"
NO_LIBRARY = Library(version="test", interventions=())


def read(doc: Any) -> Any:
    return to_imported(read_plan_bytes(doc_bytes(doc), "plan.json"), NO_LIBRARY.intervention)


def test_work_round_trips_through_the_plan_file() -> None:
    doc = example_document()
    doc["plan"]["interventions"][1]["audiences"] = ["family", "work", "school"]
    imported = read(doc)
    assert imported.record.plan.interventions[1].audiences == {Audience.FAMILY, Audience.SCHOOL, Audience.WORK}
    exported = to_document(imported.record, imported.own_interventions, imported.own_goals)
    # Written in the one order of the audiences, and read back the same.
    assert exported["plan"]["interventions"][1]["audiences"] == ["family", "school", "work"]
    again = read(json.loads(dumps(exported)))
    assert again.record == imported.record


def test_an_older_file_without_work_reads_as_before() -> None:
    doc = example_document()
    imported = read(doc)
    for item, written in zip(imported.record.plan.interventions, doc["plan"]["interventions"], strict=True):
        assert item.audiences == {Audience(a) for a in written["audiences"]}
        assert Audience.WORK not in item.audiences


def test_the_json_schema_file_accepts_work() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert "work" in schema["$defs"]["Audience"]["enum"]
    doc = example_document()
    doc["plan"]["interventions"][0]["audiences"] = ["work"]
    jsonschema.validate(doc, schema)
