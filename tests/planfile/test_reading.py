"""``planfile.reading``: a stored plan is read without pydantic, exactly as the schema-checked reading reads it.

Every stored document (a revision is ``to_document`` of a record) must read back to the same plan and
patient, own entries and templates whether or not the schema checks it first; a damaged one must be
refused naming the field; and the reading must never load pydantic (the handout command depends on it).
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import careplan.planfile as planfile
from careplan.catalog import load_library
from careplan.core.library import Library
from careplan.planfile import PlanFileError, read_plan_bytes, to_document, to_imported
from careplan.planfile.convert import own_template_dict
from careplan.planfile.io import validate
from careplan.planfile.reading import ImportedPlan, stored_document, stored_template

from support.db import FIXTURES, doc_bytes
from support.plans import full_document, sample_documents

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def imported(doc: dict[str, Any], library: Library) -> ImportedPlan:
    """A plan file coming in: checked by the schema, items filled from the library, photos gated."""
    return to_imported(read_plan_bytes(doc_bytes(doc)), library.intervention)


def stored_form(doc: dict[str, Any], library: Library) -> dict[str, Any]:
    """What the database keeps for ``doc`` once imported (a revision's content), through JSON as stored."""
    got = imported(doc, library)
    content = to_document(got.record, got.own_interventions, got.own_goals, got.own_templates)
    return json.loads(json.dumps(content))


@pytest.mark.parametrize("name", sorted(sample_documents()))
def test_a_stored_plan_reads_as_the_checked_reading_reads_it(name: str, library: Library) -> None:
    content = stored_form(sample_documents()[name], library)
    checked = to_imported(validate(content, stored=True), lambda code: None, resolve_codes=False)
    light = stored_document(content)
    assert light == checked
    assert light.record.plan.interventions  # every sample has items: the comparison compared something


@pytest.mark.parametrize("name", sorted(sample_documents()))
def test_a_stored_plan_is_the_plan_that_was_saved(name: str, library: Library) -> None:
    got = imported(sample_documents()[name], library)
    light = stored_document(stored_form(sample_documents()[name], library))
    assert light.record == got.record
    assert (light.own_interventions, light.own_goals, light.own_templates) == (
        got.own_interventions,
        got.own_goals,
        got.own_templates,
    )


def test_every_field_is_read(library: Library) -> None:
    """The every-field plan carries own entries, an own template, photos, GAS goals, two carers and a school."""
    light = stored_document(stored_form(full_document(), library))
    patient, plan = light.record.patient, light.record.plan
    assert len(patient.carers) == 2 and patient.school is not None and patient.school.contact_name
    assert any(i.photo is not None for i in plan.interventions)
    assert any(g.gas for g in plan.goals) and plan.contacts and plan.patterns and plan.pull_side
    assert light.own_interventions and light.own_goals and light.own_templates
    assert light.own_interventions[0].cautions


def test_a_stored_template_reads_as_the_plan_file_carries_it(library: Library) -> None:
    got = imported(full_document(), library)
    template = got.own_templates[0]
    content = json.loads(json.dumps(own_template_dict(template)))
    assert stored_template(content) == template


def _damage(path: str, value: Any) -> dict[str, Any]:
    """The example's stored form with the field at ``path`` (``plan.interventions.0.kind``) set to ``value``
    (``...`` removes it)."""
    content = copy.deepcopy(STORED)
    *parents, last = path.split(".")
    node: Any = content
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    key: Any = int(last) if last.isdigit() else last
    if value is ...:
        del node[key]
    else:
        node[key] = value
    return content


STORED: dict[str, Any] = {}


@pytest.fixture(autouse=True, scope="module")
def _stored_example(library: Library) -> None:
    STORED.update(stored_form(json.loads((FIXTURES / "example-plan.json").read_text()), library))


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("format", "something else", "format: must be 'careplan-plan'; this is not a Careplan plan file"),
        ("format_version", 9, "format_version: this plan file is format 9, written by a newer version"),
        ("format_version", "two", "format_version: must be 1 or 2 (got 'two')"),
        ("patient", ..., "patient: must be an object {...}"),
        ("patient.date_of_birth", "2014-13-01", "patient.date_of_birth: must be a date written YYYY-MM-DD"),
        ("patient.given_name", 7, "patient.given_name: must be text"),
        ("plan.title", ..., "plan.title: must be given"),
        ("plan.category", "elbow", "plan.category: must be one of cervical, "),
        ("plan.interventions", {"not": "a list"}, "plan.interventions: must be a list"),
        ("plan.interventions.0.kind", ..., "plan.interventions[0]: a stored revision must hold the kind and title"),
        ("plan.interventions.0.side", "up", "plan.interventions[0].side: must be one of left, right"),
        ("plan.interventions.0.school_days", "3", "plan.interventions[0].school_days: must be a whole number"),
        ("plan.goals.0.gas", "five", "plan.goals[0].gas: must be a list"),
        ("plan.review_date", "2000-01-01", "plan.review_date: must not be before the start date"),
        ("plan.gmfcs_level", 9, "plan.gmfcs_level: must be between 1 and 5 (got 9)"),
    ],
)
def test_a_damaged_stored_plan_is_refused_naming_the_field(path: str, value: Any, message: str) -> None:
    with pytest.raises(PlanFileError) as caught:
        stored_document(_damage(path, value))
    assert message in str(caught.value)


def test_the_example_has_what_the_damage_cases_change() -> None:
    plan = STORED["plan"]
    assert plan["interventions"][0]["kind"] and plan["goals"] and plan["start_date"] > "2000-01-01"


def test_reading_a_stored_plan_loads_no_pydantic(tmp_path: Path) -> None:
    content = tmp_path / "stored.json"
    content.write_text(json.dumps(STORED), encoding="utf-8")
    code = (
        "import json, sys\n"
        "from careplan.planfile.reading import stored_document\n"
        "from careplan.services.stored import plan_from_content\n"
        f"doc = json.loads(open({str(content)!r}, encoding='utf-8').read())\n"
        "assert stored_document(doc).record.plan == plan_from_content(doc)\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('pydantic', 'careplan.planfile.schema')))\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_the_packages_names_load_when_used() -> None:
    for name in planfile.__all__:
        assert getattr(planfile, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        _ = planfile.nothing_here  # type: ignore[attr-defined]
