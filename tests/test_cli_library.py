"""The library through the command line: catalog, check, and catalog codes in plan files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from careplan.catalog import load_library
from careplan.cli import EXIT_BAD_INPUT, EXIT_OK
from careplan.core.enums import Category

from support.db import example_document
from test_cli import Run


def cervical_plan(*items: dict[str, object], form: str | None = None) -> dict[str, object]:
    doc = example_document()
    doc["plan"]["category"] = "cervical"
    doc["plan"]["regions"] = ["neck"]
    doc["plan"]["interventions"] = list(items)
    doc["plan"]["patterns"] = ["torticollis"]
    doc["plan"]["pull_side"] = "right"
    if form:
        doc["plan"]["cervical_form"] = form
    return doc


def test_catalog_json_has_the_contract_fields(run: Run) -> None:
    code, out, _ = run("catalog", "--json")
    assert code == EXIT_OK
    data = json.loads(out)
    assert set(data) >= {"interventions", "goals", "templates"}
    for item in data["interventions"]:
        assert {"code", "kind", "title", "instructions", "categories", "audiences", "cautions", "source"} <= set(item)
        for caution in item["cautions"]:
            assert set(caution) >= {"categories", "text"}
        if item["kind"] == "exercise":
            assert "dosage" in item
        if item["kind"] == "advice":
            assert item["setting"] in {"home", "school", "community"}
    assert all({"code", "domain", "text"} <= set(g) for g in data["goals"])
    assert all({"code", "category", "title", "interventions", "goals"} <= set(t) for t in data["templates"])
    library = load_library()
    assert len(data["interventions"]) == len(library.interventions)


@pytest.mark.parametrize("category", [c.value for c in Category])
def test_catalog_category_keeps_what_suits_it(run: Run, category: str) -> None:
    data = json.loads(run("catalog", "--json", "--category", category)[1])
    assert len(data["interventions"]) >= 10
    assert all(category in i["categories"] for i in data["interventions"])
    assert data["templates"] and all(t["category"] == category for t in data["templates"])


def test_catalog_table_is_readable(run: Run) -> None:
    code, out, _ = run("catalog", "--category", "hand")
    assert code == EXIT_OK
    assert out.splitlines()[0].split() == ["Code", "Kind", "Title", "Suits"]
    assert "hand." in out and "Template" in out


def test_catalog_codes_fill_plan_items_and_record_the_library_version(run: Run) -> None:
    plan_id = run.import_ok(cervical_plan({"catalog_code": "neck.mirror_midline_hold"}))
    target = run.tmp / "out.json"
    assert run("export", str(plan_id), "-o", str(target))[0] == EXIT_OK
    exported = json.loads(target.read_text(encoding="utf-8"))
    item = exported["plan"]["interventions"][0]
    entry = load_library().intervention("neck.mirror_midline_hold")
    assert entry is not None
    assert item["title"] == entry.title and item["kind"] == "exercise"
    assert item["instructions"] == entry.instructions
    assert item["dosage"] == dict(entry.dosage.items()) if entry.dosage else False
    assert exported["plan"]["catalog_version"] == load_library().version


def test_unknown_catalog_code_is_refused_by_name(run: Run) -> None:
    code, _, err = run("import", str(run.write("p.json", cervical_plan({"catalog_code": "neck.flying_kick"}))))
    assert code == EXIT_BAD_INPUT
    assert "plan.interventions[0].catalog_code: 'neck.flying_kick' is not in the library" in err


def test_check_lists_cautions_with_their_item(run: Run) -> None:
    plan_id = run.import_ok(
        cervical_plan(
            {"kind": "exercise", "title": "Bench press with dumbbells", "instructions": "Heavy weights, 3 sets."},
            {"kind": "exercise", "title": "Golf lessons"},
        )
    )
    code, out, _ = run("check", str(plan_id))
    assert code == EXIT_OK
    lines = out.strip().splitlines()
    assert any(line.startswith("Bench press with dumbbells: ") for line in lines)
    assert any(line.startswith("Golf lessons: ") for line in lines)


def test_check_on_a_library_item_with_a_cervical_caution(run: Run) -> None:
    plan_id = run.import_ok(cervical_plan({"catalog_code": "neck.arm_swing_walk"}, form="unstable"))
    out = run("check", str(plan_id))[1]
    entry = load_library().intervention("neck.arm_swing_walk")
    assert entry is not None and entry.cautions
    assert out.startswith(f"{entry.title}: ")


def test_check_says_no_cautions(run: Run) -> None:
    plan_id = run.import_ok(
        cervical_plan(
            {"catalog_code": "neck.mirror_midline_hold"},
            {"kind": "education", "title": "What dystonia is", "instructions": "Read it together."},
        )
    )
    assert run("check", str(plan_id))[1].strip() == "no cautions"


def test_check_unknown_plan(run: Run) -> None:
    code, _, err = run("check", "41")
    assert code == EXIT_BAD_INPUT and "no plan with id 41" in err


# --- library v2: checking a clinic's library, sources in JSON, cautions with ages -------------------


def test_catalog_check_accepts_the_shipped_library(run: Run) -> None:
    from careplan.catalog import default_directory

    code, out, err = run("catalog", "--check", str(default_directory()))
    assert code == EXIT_OK, err
    assert "the library is valid" in out


def test_catalog_check_names_file_entry_and_field_and_changes_nothing(run: Run, tmp_path: Path) -> None:
    import shutil

    from careplan.catalog import default_directory

    folder = tmp_path / "clinic-library"
    shutil.copytree(default_directory(), folder)
    neck = folder / "exercises-neck.toml"
    before = neck.read_text(encoding="utf-8")
    neck.write_text(before.replace("reps = 10,", "reps = 0,", 1), encoding="utf-8")
    edited = neck.read_bytes()
    code, _, err = run("catalog", "--check", str(folder))
    assert code == EXIT_BAD_INPUT
    assert "exercises-neck.toml: entry 'neck." in err and "dosage.reps: must be between 1 and 200 (got 0)" in err
    assert neck.read_bytes() == edited
    # One edited file is checked beside the shipped library.
    code, _, err = run("catalog", "--check", str(neck))
    assert code == EXIT_BAD_INPUT and "dosage.reps" in err
    code, _, err = run("catalog", "--check", str(tmp_path / "missing"))
    assert code == EXIT_BAD_INPUT and "there is no such file or folder" in err


def test_catalog_json_carries_sources_and_gas(run: Run) -> None:
    data = json.loads(run("catalog", "--json")[1])
    keys = {s["key"] for s in data["sources"]}
    assert all(i["sources"] and set(i["sources"]) <= keys for i in data["interventions"])
    assert all(len(g["gas"]) == 5 and g["sources"] for g in data["goals"])
    assert all(t["sources"] for t in data["templates"])
    assert data["counts"]["interventions"] >= 220 and data["counts"]["goals"] >= 50
    assert all("citation" in s and "checked" in s for s in data["sources"])


def test_check_gives_a_child_with_cp_hip_surveillance_with_its_interval(run: Run, tmp_path: Path) -> None:
    doc = example_document()
    doc["patient"]["date_of_birth"] = "2019-05-01"
    doc["plan"]["category"] = "dystonic_cp"
    doc["plan"]["gmfcs_level"] = 3
    doc["plan"]["interventions"] = [{"catalog_code": "general.range_routine"}]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = run("import", str(path))
    assert code == EXIT_OK, err
    plan_id = out.split()[-1]
    code, out, _ = run("check", plan_id)
    assert code == EXIT_OK
    assert "GMFCS level 3" in out and "every 12 months" in out
    assert "Add the dystonia action plan" not in out or "dystonia_action_plan" in out
