"""Own templates in the database (SQLite and PostgreSQL): saved from a plan without the person's
details, versioned so that two desktops never overwrite each other silently."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from careplan.paths import AppPaths
from careplan.services.errors import UserError
from careplan.services.library import full_library, own_templates
from careplan.services.store import Store, open_store
from careplan.services.templates import (
    TemplateChangeConflict,
    TemplateConflict,
    delete_own_template,
    rename_own_template,
    replace_own_template,
    save_own_template,
    template_of_plan,
)
from careplan.services.transfer import import_plan
from careplan.storage.models import OwnTemplateRow

from support.db import doc_bytes
from support.plans import full_document, scales_library

#: No library entries; the shipped scales catalog checks the assessments full_document() carries.
EMPTY = scales_library()


@pytest.fixture
def other(db_url: str, app_paths: AppPaths, store: Store) -> Iterator[Store]:
    """A second desktop on the same database (its own engine and connections)."""
    opened = open_store(db_url, app_paths)
    yield opened
    opened.close()


def rows(store: Store) -> list[tuple[str, str, int, dict[str, Any]]]:
    with store.reads.begin() as s:
        found = s.execute(
            select(OwnTemplateRow.code, OwnTemplateRow.title, OwnTemplateRow.version, OwnTemplateRow.content).order_by(
                OwnTemplateRow.id
            )
        )
        return [tuple(r) for r in found]  # type: ignore[misc]


def imported(store: Store, doc: dict[str, Any]) -> Any:
    with store.sessions.begin() as s:
        return import_plan(s, doc_bytes(doc), EMPTY, "plan.json", "Jo Patel")


def without_templates() -> dict[str, Any]:
    doc = full_document()
    doc["plan"].pop("template")
    doc["own_library"].pop("templates")
    return doc


def test_a_plan_saved_as_a_template_holds_nothing_about_the_person(store: Store) -> None:
    doc = without_templates()
    record = imported(store, doc)
    with store.sessions.begin() as s:
        library = full_library(s, EMPTY)
        made = template_of_plan(
            record.plan, record.patient, library, title=" Neck,  unstable ", approach="Glides first"
        )
        saved = save_own_template(s, made, "Jo Patel")
    assert saved.code == "own.template_neck_unstable" and saved.version == 1 and saved.title == "Neck, unstable"
    [(code, title, version, content)] = rows(store)
    assert (code, title, version) == (saved.code, "Neck, unstable", 1)
    text = json.dumps(content, ensure_ascii=False)
    patient, plan = doc["patient"], doc["plan"]
    personal = [patient["given_name"], patient["family_name"], patient["date_of_birth"], patient["identifier"]]
    personal += [c["name"] for c in patient["carers"]] + [patient["school"]["name"]]
    personal += [plan["summary"], plan["clinical_notes"], plan["therapist"]["name"], plan["start_date"]]
    personal += [plan["goals"][0]["target_date"], "Bleton principles", "Dr A. Rahman", '"photo"', '"side"']
    for value in personal:
        assert value not in text, value
    assert [i["title"] for i in content["interventions"]] == [i["title"] for i in plan["interventions"]]
    with store.reads.begin() as s:
        [listed] = own_templates(s)
        assert full_library(s, EMPTY).template(saved.code) == listed == saved


def test_a_template_that_names_the_patient_is_refused_and_nothing_is_stored(store: Store) -> None:
    doc = without_templates()
    doc["plan"]["interventions"][0]["instructions"] = "Łukasz sits facing a mirror."
    record = imported(store, doc)
    with pytest.raises(UserError) as info, store.sessions.begin() as s:
        made = template_of_plan(record.plan, record.patient, full_library(s, EMPTY), title="Neck")
        save_own_template(s, made)
    said = str(info.value)
    assert "item 1 (Mirror midline hold) instructions mentions 'Łukasz'" in said and "not saved" in said
    assert rows(store) == []


@pytest.mark.parametrize(("title", "said"), [("   ", "needs a name"), ("Neck\x1b[2J", "control character")])
def test_a_bad_template_name_is_refused_and_nothing_is_stored(store: Store, title: str, said: str) -> None:
    record = imported(store, without_templates())
    with pytest.raises(UserError) as info, store.sessions.begin() as s:
        made = template_of_plan(record.plan, record.patient, full_library(s, EMPTY), title=title)
        save_own_template(s, made)
    assert said in str(info.value)
    assert rows(store) == []


def test_two_desktops_changing_one_template(store: Store, other: Store) -> None:
    """Both read the template at version 1; B replaces it first; A's stale replace and delete are
    conflicts that change nothing; A, shown the new version, may then replace it knowingly."""
    record = imported(store, without_templates())
    with store.sessions.begin() as s:
        first = save_own_template(
            s, template_of_plan(record.plan, record.patient, full_library(s, EMPTY), title="Neck")
        )
    with store.reads.begin() as s:
        [on_a] = own_templates(s)
    with other.reads.begin() as s:
        [on_b] = own_templates(s)
    assert on_a.version == on_b.version == 1
    with other.sessions.begin() as s:
        theirs = replace_own_template(s, on_b.code, dataclasses.replace(on_b, approach="B's words"), 1, "Sam Reid")
    assert theirs.version == 2
    after_b = rows(store)
    mine = dataclasses.replace(on_a, approach="A's words", items=on_a.items[:1])
    with pytest.raises(TemplateConflict) as info, store.sessions.begin() as s:
        replace_own_template(s, on_a.code, mine, 1, "Jo Patel")
    assert "changed on another computer by Sam Reid" in str(info.value) and "Nothing was saved" in str(info.value)
    assert rows(store) == after_b
    with pytest.raises(TemplateConflict), store.sessions.begin() as s:
        delete_own_template(s, on_a.code, 1)
    assert rows(store) == after_b
    with store.sessions.begin() as s:
        kept = replace_own_template(s, on_a.code, mine, 2, "Jo Patel")
    assert kept.version == 3 and kept.code == first.code
    with store.reads.begin() as s:
        [now] = own_templates(s)
    assert now.approach == "A's words" and len(now.items) == 1 and now.version == 3
    with store.sessions.begin() as s:
        delete_own_template(s, now.code, 3)
    assert rows(store) == []


def test_a_stale_change_to_a_deleted_template_is_a_conflict(store: Store, other: Store) -> None:
    record = imported(store, without_templates())
    with store.sessions.begin() as s:
        saved = save_own_template(
            s, template_of_plan(record.plan, record.patient, full_library(s, EMPTY), title="Neck")
        )
    with other.sessions.begin() as s:
        delete_own_template(s, saved.code, 1)
    with pytest.raises(TemplateConflict) as info, store.sessions.begin() as s:
        replace_own_template(s, saved.code, saved, 1)
    assert "changed or deleted on another computer" in str(info.value)
    assert rows(store) == []


def test_the_same_name_twice_in_a_category_is_refused(store: Store) -> None:
    """Two entries called the same in one category's New plan list cannot be told apart: the second save
    is refused (in any case and spacing); names that only make the same code get two codes."""
    record = imported(store, without_templates())
    with store.sessions.begin() as s:
        library = full_library(s, EMPTY)
        one = save_own_template(s, template_of_plan(record.plan, record.patient, library, title="Neck"))
    before = rows(store)
    with pytest.raises(UserError) as info, store.sessions.begin() as s:
        save_own_template(s, template_of_plan(record.plan, record.patient, library, title="  NECK "))
    assert str(info.value) == (
        f"You already have a {record.plan.category.label} template called 'Neck'. "
        "Choose another name (or replace that template). Nothing was changed."
    )
    assert rows(store) == before
    with store.sessions.begin() as s:
        two = save_own_template(s, template_of_plan(record.plan, record.patient, library, title="Neck!"))
    assert (one.code, two.code) == ("own.template_neck", "own.template_neck_2")


def _two_templates(store: Store) -> tuple[Any, Any]:
    record = imported(store, without_templates())
    with store.sessions.begin() as s:
        library = full_library(s, EMPTY)
        neck = save_own_template(s, template_of_plan(record.plan, record.patient, library, title="Neck"), "Jo")
        jaw = save_own_template(s, template_of_plan(record.plan, record.patient, library, title="Jaw"), "Jo")
    return neck, jaw


def test_a_rename_keeps_the_code_and_the_content_and_takes_a_version(store: Store) -> None:
    neck, _ = _two_templates(store)
    with store.sessions.begin() as s:
        renamed = rename_own_template(s, neck.code, "  Neck:   first weeks ", 1, "Sam Reid")
    assert (renamed.code, renamed.title, renamed.version) == (neck.code, "Neck: first weeks", 2)
    [(code, title, version, content), _] = rows(store)
    assert (code, title, version, content["title"]) == (neck.code, "Neck: first weeks", 2, "Neck: first weeks")
    with store.reads.begin() as s:
        [listed] = [t for t in own_templates(s) if t.code == neck.code]
    assert listed == dataclasses.replace(neck, title="Neck: first weeks", version=2)
    with store.sessions.begin() as s:  # without a version (a script that just read it): as it is now
        assert rename_own_template(s, neck.code, "Neck", None).version == 3


@pytest.mark.parametrize(
    ("code", "title", "said"),
    [
        ("own.template_neck", "jaw", "You already have a Cervical (neck) template called 'Jaw'."),
        ("own.template_neck", " ", "A template needs a name. Nothing was changed."),
        ("own.template_neck", "Neck\x1b[2J", "control character"),
        ("template.cervical", "Mine", "'template.cervical' is not one of your own templates: starter templates"),
        ("own.gone", "Mine", "There is no template of your own with the code 'own.gone'. Nothing was changed."),
    ],
)
def test_a_bad_rename_is_refused_and_changes_nothing(store: Store, code: str, title: str, said: str) -> None:
    _two_templates(store)
    before = rows(store)
    with pytest.raises(UserError) as info, store.sessions.begin() as s:
        rename_own_template(s, code, title, 1)
    assert said in str(info.value)
    assert rows(store) == before


@pytest.mark.parametrize("code", ["template.cervical", "own.gone"])
def test_a_starter_or_unknown_template_is_never_deleted(store: Store, code: str) -> None:
    _two_templates(store)
    before = rows(store)
    with pytest.raises(UserError) as info, store.sessions.begin() as s:
        delete_own_template(s, code, None)
    assert "Nothing was changed" in str(info.value)
    assert rows(store) == before


def test_two_desktops_renaming_and_deleting_one_template(store: Store, other: Store) -> None:
    """A renames from a list read at version 1 after B renamed it: a conflict naming B, nothing changed;
    A's delete from the same stale list is one too; read again, A's delete goes through."""
    neck, _ = _two_templates(store)
    with other.sessions.begin() as s:
        rename_own_template(s, neck.code, "Neck (B)", 1, "Sam Reid")
    after_b = rows(store)
    with pytest.raises(TemplateChangeConflict) as info, store.sessions.begin() as s:
        rename_own_template(s, neck.code, "Neck (A)", 1, "Jo Patel")
    said = str(info.value)
    assert "Your template 'Neck (B)' was changed on another computer by Sam Reid" in said
    assert "Nothing was changed" in said and info.value.title == "Template not changed"
    with pytest.raises(TemplateChangeConflict), store.sessions.begin() as s:
        delete_own_template(s, neck.code, 1)
    assert rows(store) == after_b
    with store.sessions.begin() as s:
        assert delete_own_template(s, neck.code, 2) == "Neck (B)"
    assert [r[1] for r in rows(store)] == ["Jaw"]
    with pytest.raises(UserError) as gone, other.sessions.begin() as s:  # B still shows it
        rename_own_template(s, neck.code, "Neck (B2)", 2, "Sam Reid")
    assert "no template of your own" in str(gone.value)
    assert [r[1] for r in rows(store)] == ["Jaw"]
