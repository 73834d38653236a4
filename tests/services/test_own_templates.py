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
    TemplateConflict,
    delete_own_template,
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


def test_the_same_name_twice_gets_two_codes(store: Store) -> None:
    record = imported(store, without_templates())
    with store.sessions.begin() as s:
        library = full_library(s, EMPTY)
        one = save_own_template(s, template_of_plan(record.plan, record.patient, library, title="Neck"))
        two = save_own_template(s, template_of_plan(record.plan, record.patient, library, title="Neck"))
    assert (one.code, two.code) == ("own.template_neck", "own.template_neck_2")
