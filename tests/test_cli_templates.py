"""``careplan new --template`` and ``careplan copy``: plans from starter and own templates, copies of a
plan for another patient; recorded in the activity log, refused with one line and nothing changed."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest

from careplan.cli import EXIT_BAD_INPUT, EXIT_OK
from careplan.services.library_cache import load_shipped_library

from support.db import example_document
from support.plans import full_document
from test_cli import Run


def patient_ids(run: Run) -> dict[str, int]:
    code, out, err = run("list", "--json")
    assert code == EXIT_OK, err
    return {p["family_name"]: p["id"] for p in json.loads(out)["patients"]}


def exported(run: Run, plan_id: int) -> dict[str, Any]:
    path = run.tmp / f"plan-{plan_id}.json"
    code, _, err = run("export", str(plan_id), "-o", str(path))
    assert code == EXIT_OK, err
    return json.loads(path.read_text(encoding="utf-8"))


def other_person() -> dict[str, Any]:
    """The example plan for someone else: Ben Carter, no notes of his own."""
    doc = example_document()
    doc["patient"] = {"given_name": "Ben", "family_name": "Carter", "date_of_birth": "1980-06-01"}
    return doc


def created_id(run: Run, *args: str) -> int:
    code, out, err = run(*args)
    assert code == EXIT_OK, err
    return int(out.strip().splitlines()[-1])


def test_new_plan_from_a_starter_template_is_recorded(run: Run) -> None:
    run.import_ok(example_document())
    amira = patient_ids(run)["Okafor"]
    plan_id = created_id(run, "--as", "Sam Lee", "new", "--patient", str(amira), "--template", "template.cervical")
    doc = exported(run, plan_id)
    template = load_shipped_library(run.data / "cache").template("template.cervical")
    assert template is not None
    plan = doc["plan"]
    assert doc["patient"]["family_name"] == "Okafor" and plan["category"] == "cervical"
    assert plan["template"] == "template.cervical" and plan["title"] == template.title
    assert [i["catalog_code"] for i in plan["interventions"]] == list(template.interventions)
    assert [g["code"] for g in plan["goals"]] == list(template.goals)
    assert plan["start_date"] == dt.date.today().isoformat() and plan["therapist"]["name"] == "Sam Lee"
    assert "clinical_notes" not in plan and "summary" not in plan
    code, out, _ = run("audit", str(plan_id), "--json")
    assert code == EXIT_OK
    events = json.loads(out)["events"]
    assert [(e["action"], e["who"], e["detail"]) for e in events][-1] == ("created", "Sam Lee", "plan from a template")
    assert events[-1]["patient_id"] == amira and events[-1]["revision"] == 1


def test_new_plan_takes_a_title(run: Run) -> None:
    run.import_ok(example_document())
    amira = patient_ids(run)["Okafor"]
    plan_id = created_id(run, "new", "--patient", str(amira), "--template", "template.jaw", "--title", "  Jaw  plan ")
    assert exported(run, plan_id)["plan"]["title"] == "Jaw plan"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--template", "template.nope"], "There is no template with the code 'template.nope'"),
        (["--template", "template.cervical", "--category", "hand"], "is for Cervical"),
        (["--template", "own.not_saved"], "There is no template with the code 'own.not_saved'"),
    ],
)
def test_new_refuses_a_wrong_template_and_changes_nothing(run: Run, args: list[str], said: str) -> None:
    run.import_ok(example_document())
    amira = patient_ids(run)["Okafor"]
    before = run("list", "--json")[1]
    audit_before = run("audit", "--json")[1]
    code, out, err = run("new", "--patient", str(amira), *args)
    assert code == EXIT_BAD_INPUT and out == ""
    assert err.count("\n") == 1 and said in err and err.startswith("careplan new: "), err
    assert run("list", "--json")[1] == before and run("audit", "--json")[1] == audit_before


def test_new_refuses_an_unknown_patient_and_a_missing_name(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    run.import_ok(example_document())
    before = run("list", "--json")[1]
    code, out, err = run("new", "--patient", "99", "--template", "template.cervical")
    assert code == EXIT_BAD_INPUT and out == "" and err.count("\n") == 1 and "99" in err, err
    code, _, err = run("new", "--patient", "x", "--template", "template.cervical")
    assert code == EXIT_BAD_INPUT and "a plan id is a whole number" in err
    monkeypatch.delenv("CAREPLAN_THERAPIST")
    code, out, err = run("new", "--patient", "1", "--template", "template.cervical")
    assert code == EXIT_BAD_INPUT and "no therapist name is set" in err and out == ""
    assert run("list", "--json")[1] == before


def test_an_own_template_travels_in_a_plan_file_and_starts_a_plan(run: Run) -> None:
    source = run.import_ok(full_document())
    run.import_ok(other_person())
    ben = patient_ids(run)["Carter"]
    code, out, _ = run("catalog", "--category", "cervical")
    assert code == EXIT_OK and "own.neck_starter" in out and "Neck starter, unstable form" in out
    code, out, _ = run("catalog", "--json")
    [own] = [t for t in json.loads(out)["templates"] if t["code"] == "own.neck_starter"]
    assert own["items"] == ["Neck glide", "Screen breaks"] and own["interventions"] == ["own.neck_glide"]
    plan_id = created_id(run, "new", "--patient", str(ben), "--template", "own.neck_starter")
    doc = exported(run, plan_id)
    plan = doc["plan"]
    assert doc["patient"]["family_name"] == "Carter" and plan["template"] == "own.neck_starter"
    assert [(i["title"], i.get("dosage")) for i in plan["interventions"]] == [
        ("Neck glide", {"reps": 8}),
        ("Screen breaks", None),
    ]
    assert [g["text"] for g in plan["goals"]] == ["Drive for 20 minutes"]
    assert plan["programme"] == {"visits": "Every 2 weeks", "adjustments": ["Raise the screen"]}
    # The new plan's file carries the template and the own entry it uses, as the first file did.
    carried = doc["own_library"]
    assert [t["code"] for t in carried["templates"]] == ["own.neck_starter"]
    assert [e["code"] for e in carried["interventions"]] == ["own.neck_glide"]
    assert carried["templates"] == exported(run, source)["own_library"]["templates"]


def test_an_imported_template_never_overwrites_ones_own(run: Run) -> None:
    run.import_ok(full_document())
    changed = full_document()
    changed["own_library"]["templates"][0]["title"] = "Someone else's neck starter"
    changed["own_library"]["templates"][0]["interventions"] = []
    run.import_ok(changed)
    code, out, _ = run("catalog")
    assert code == EXIT_OK and "Neck starter, unstable form" in out and "Someone else's" not in out


def test_a_template_in_a_file_with_a_mistake_is_refused_by_name(run: Run) -> None:
    doc = full_document()
    doc["own_library"]["templates"][0]["interventions"][1]["dosage"] = {"reps": 0}
    code, out, err = run("import", str(run.write("bad.json", doc)))
    assert code == EXIT_BAD_INPUT and out == ""
    assert "own_library.templates[0].interventions[1].dosage.reps: must be between 1 and 200 (got 0)" in err
    assert json.loads(run("list", "--json")[1]) == {"patients": []}
    doc = full_document()
    doc["own_library"]["templates"][0]["interventions"][0]["catalog_code"] = "own.nowhere"
    code, _, err = run("import", str(run.write("bad.json", doc)))
    assert code == EXIT_BAD_INPUT and "own_library.templates[0].interventions[0].catalog_code" in err


def test_a_template_drops_whatever_describes_a_person(run: Run) -> None:
    """A hand-written file may give a template item a side, a clinician's note, school days and a goal
    date: none of it is kept, so no template carries one person's details to the next."""
    doc = full_document()
    template = doc["own_library"]["templates"][0]
    template["interventions"][0] |= {"side": "left", "clinician_note": "Łukasz's left side", "school_days": 2}
    template["goals"][0]["target_date"] = "2027-01-01"
    run.import_ok(doc)
    run.import_ok(other_person())
    plan_id = created_id(run, "new", "--patient", str(patient_ids(run)["Carter"]), "--template", "own.neck_starter")
    text = json.dumps(exported(run, plan_id), ensure_ascii=False)
    assert "Łukasz" not in text and "school_days" not in text and '"side"' not in text
    assert "2027-01-01" not in text


def test_copy_to_another_patient_takes_the_plan_not_the_person(run: Run) -> None:
    original = full_document()
    source = run.import_ok(original)
    run.import_ok(other_person())
    ids = patient_ids(run)
    ben = ids["Carter"]
    source_before = exported(run, source)
    copy_id = created_id(run, "--as", "Sam Lee", "copy", str(source), "--to-patient", str(ben))
    doc = exported(run, copy_id)
    plan, was = doc["plan"], original["plan"]
    assert doc["patient"] == {"given_name": "Ben", "family_name": "Carter", "date_of_birth": "1980-06-01"}
    assert [i["title"] for i in plan["interventions"]] == [i["title"] for i in was["interventions"]]
    assert [g["text"] for g in plan["goals"]] == [g["text"] for g in was["goals"]]
    assert plan["programme"] == was["programme"] and plan["category"] == was["category"]
    today = dt.date.today()
    assert plan["start_date"] == today.isoformat()
    assert plan["review_date"] == (today + dt.timedelta(days=84)).isoformat()  # 2026-11-20 to 2027-02-12
    assert plan["goals"][0]["target_date"] == (today + dt.timedelta(days=56)).isoformat()
    assert plan["therapist"] == {"name": "Sam Lee"}
    text = json.dumps(doc, ensure_ascii=False)
    for personal in ("Łukasz", "Nguyễn", "485 777 3456", "Жанна", "Scoil Bhríde", "2012-02-29"):
        assert personal not in text
    for theirs in (was["summary"], was["clinical_notes"], "Bleton principles", "Dr A. Rahman", "0161 496 0100"):
        assert theirs not in text
    assert "photo" not in text and "school_days" not in text
    # The source is unchanged; reading it for the copy is in its activity log, the copy's creation in the copy's.
    assert exported(run, source) == source_before
    source_events = json.loads(run("audit", str(source), "--json")[1])["events"]
    assert ("opened", "Sam Lee", "copied to another patient") in [
        (e["action"], e["who"], e["detail"]) for e in source_events
    ]
    copy_events = json.loads(run("audit", str(copy_id), "--json")[1])["events"]
    assert [(e["action"], e["patient_id"]) for e in copy_events if e["action"] != "exported"] == [("created", ben)]


@pytest.mark.parametrize(
    ("plan", "patient", "said"),
    [("77", "2", "There is no plan with id 77"), ("1", "55", "55"), ("1", "1", "is already")],
)
def test_copy_refuses_and_changes_nothing(run: Run, plan: str, patient: str, said: str) -> None:
    run.import_ok(full_document())
    run.import_ok(other_person())
    before, audit_before = run("list", "--json")[1], run("audit", "--json")[1]
    code, out, err = run("copy", plan, "--to-patient", patient)
    assert code == EXIT_BAD_INPUT and out == "" and err.count("\n") == 1 and said in err, err
    assert run("list", "--json")[1] == before and run("audit", "--json")[1] == audit_before


def test_old_plan_files_import_unchanged(run: Run) -> None:
    """A file written before templates existed (no ``template``, no ``own_library.templates``) reads as before."""
    doc = copy.deepcopy(full_document())
    doc["plan"].pop("template")
    doc["own_library"].pop("templates")
    plan_id = run.import_ok(doc)
    again = exported(run, plan_id)
    assert "template" not in again["plan"] and "templates" not in again["own_library"]


@pytest.mark.parametrize(("title", "said"), [("Neck\x1b[2J", "control character"), ("x" * 201, "200")])
def test_a_bad_title_creates_nothing(run: Run, title: str, said: str) -> None:
    run.import_ok(example_document())
    before, audit_before = run("list", "--json")[1], run("audit", "--json")[1]
    code, out, err = run("new", "--patient", "1", "--template", "template.cervical", "--title", title)
    assert code == EXIT_BAD_INPUT and out == "" and err.count("\n") == 1 and said in err, err
    assert "\x1b" not in err
    assert run("list", "--json")[1] == before and run("audit", "--json")[1] == audit_before


# --- careplan templates, careplan template save|rename|delete ------------------------------------------


def templates_json(run: Run) -> list[dict[str, Any]]:
    code, out, err = run("templates", "--json")
    assert code == EXIT_OK, err
    return json.loads(out)["templates"]


def own(run: Run) -> list[dict[str, Any]]:
    return [t for t in templates_json(run) if t["kind"] == "own"]


def test_save_list_rename_and_delete_an_own_template(run: Run) -> None:
    source = run.import_ok(example_document())
    code, out, err = run(
        "--as", "Sam Lee", "template", "save", str(source), "--name", " Arms  and posture ", "--description", "Slow"
    )
    assert code == EXIT_OK and out == "own.template_arms_and_posture\n", err
    [saved] = own(run)
    plan = exported(run, source)["plan"]
    assert saved == {
        "code": "own.template_arms_and_posture",
        "kind": "own",
        "category": plan["category"],
        "title": "Arms and posture",
        "description": "Slow",
        "items": len(plan["interventions"]),
        "goals": len(plan["goals"]),
        "version": 1,
    }
    # Reading the plan to make the template is in its activity log.
    events = json.loads(run("audit", str(source), "--json")[1])["events"]
    assert ("opened", "Sam Lee", "saved as a template") in [(e["action"], e["who"], e["detail"]) for e in events]
    # The table: own templates first, then every starter template (as 'careplan catalog' has them).
    code, out, _ = run("templates")
    lines = out.splitlines()
    assert code == EXIT_OK and lines[0].split() == ["Code", "Kind", "Category", "Title", "Items", "Goals", "Version"]
    assert lines[2].split()[:3] == ["own.template_arms_and_posture", "yours", "Dystonic"]
    starters = load_shipped_library(run.data / "cache").templates
    assert len(lines) == 3 + len(starters) and all(t.code in out for t in starters)
    code, out, _ = run("templates", "--category", "hand")
    assert code == EXIT_OK and "own.template_arms" not in out and "template.hand" in out

    code, out, err = run("template", "rename", saved["code"], "--name", "Arms first", "--if-version", "1")
    assert code == EXIT_OK and out == "Renamed own.template_arms_and_posture to 'Arms first' (version 2).\n", err
    [renamed] = own(run)
    assert renamed == saved | {"title": "Arms first", "version": 2}
    code, out, err = run("template", "delete", saved["code"])
    assert code == EXIT_OK and out.startswith("Deleted your template 'Arms first' (own.template_arms_and_posture)")
    assert own(run) == []
    assert exported(run, source)["plan"] == plan  # the plan the template came from is untouched


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["save", "1", "--name", "arms FIRST"],
            "You already have a Dystonic cerebral palsy template called 'Arms first'",
        ),
        (["save", "1", "--name", "Amira's arms"], "would carry Amira Okafor's details (the title mentions 'Amira')"),
        (["save", "1", "--name", "  "], "A template needs a name. Nothing was saved."),
        (["save", "99", "--name", "Arms"], "99"),
        (["rename", "own.template_arms_first", "--name", "Legs"], "called 'Legs'"),
        (["rename", "own.template_arms_first", "--name", "Arms 2", "--if-version", "2"], "was changed on another"),
        (["rename", "template.cervical", "--name", "Mine"], "starter templates come with Careplan and cannot be"),
        (["delete", "template.cervical"], "'template.cervical' is not one of your own templates"),
        (["delete", "own.nothing"], "There is no template of your own with the code 'own.nothing'"),
        (["delete", "own.template_arms_first", "--if-version", "3"], "Nothing was changed: look at your templates"),
    ],
)
def test_a_wrong_template_command_says_why_in_one_line_and_changes_nothing(
    run: Run, args: list[str], said: str
) -> None:
    source = run.import_ok(example_document())
    for name in ("Arms first", "Legs"):
        assert run("template", "save", str(source), "--name", name)[0] == EXIT_OK
    before, audit_before = templates_json(run), run("audit", "--json")[1]
    code, out, err = run("template", *args)
    assert code == EXIT_BAD_INPUT and out == ""
    assert err.count("\n") == 1 and err.startswith("careplan template: ") and said in err, err
    assert templates_json(run) == before and run("audit", "--json")[1] == audit_before


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["template"], "the following arguments are required: ACTION"),
        (["template", "save", "1"], "the following arguments are required: --name"),
        (["template", "rename", "own.x", "--name", "A", "--if-version", "0"], "a plan id is a positive number"),
        (["template", "move", "own.x"], "invalid choice: 'move'"),
        (["templates", "--category", "toes"], "invalid choice: 'toes'"),
    ],
)
def test_template_commands_with_bad_arguments_exit_2_in_one_line(run: Run, args: list[str], said: str) -> None:
    code, out, err = run(*args)
    assert code == EXIT_BAD_INPUT and out == "" and err.count("\n") == 1 and said in err, err


def test_template_commands_need_a_name_for_the_record(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    source = run.import_ok(example_document())
    monkeypatch.delenv("CAREPLAN_THERAPIST")
    code, out, err = run("template", "save", str(source), "--name", "Arms")
    assert code == EXIT_BAD_INPUT and out == "" and "no therapist name is set" in err
    assert own(run) == []
