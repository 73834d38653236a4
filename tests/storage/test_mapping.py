"""Records to rows and back (careplan.storage.mapping): nothing lost or changed on the way, and the
folded names the patient list sorts and searches by."""

from __future__ import annotations

import datetime as dt

import pytest

from careplan.core.enums import Audience, Category, CervicalForm, EquipmentStatus, GoalDomain, Kind, Setting
from careplan.core.library import Caution, LibraryGoal, LibraryIntervention
from careplan.core.model import Carer, Dosage, Patient, SchoolContact
from careplan.storage.mapping import (
    fill_patient_row,
    fold,
    name_key,
    own_goal_from_row,
    own_goal_row,
    own_intervention_from_row,
    own_intervention_row,
    patient_content,
    patient_from_content,
    patient_from_row,
    search_terms,
)
from careplan.storage.models import PatientRow

FULL = Patient(
    given_name="Łukasz",
    family_name="Nguyễn-Ní Bhriain",
    date_of_birth=dt.date(2012, 2, 29),
    identifier="485 777 3456",
    carers=(Carer("Жанна Ахмедова", "mother", "07700 900001"), Carer("Piotr Wójcik", None, None)),
    school=SchoolContact(name="Scoil Bhríde", email="senco@scoil.example"),
    id=7,
)
BARE = Patient("Zoë", "Ó Briain", dt.date(2019, 1, 2))


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Okafor", "okafor"),
        ("Zoë", "zoe"),
        ("ŁUKASZ", "lukasz"),
        ("Søren Æbelø", "soren aebelo"),
        ("Straße", "strasse"),  # casefold, as a search typed "strasse" expects
        ("Nguyễn", "nguyen"),
        ("ﬁnn", "finn"),  # the ligature a PDF copy may paste
        ("Ахмед", "ахмед"),  # other scripts keep their letters, lower case
    ],
)
def test_names_fold_for_sorting_and_searching(typed: str, folded: str) -> None:
    assert fold(typed) == folded


def test_the_list_sorts_by_family_name_then_given_name_ignoring_accents_and_case() -> None:
    people = [("Zoë", "Ó Briain"), ("amira", "okafor"), ("Ben", "Okafor"), ("Álvaro", "O Briain"), ("Al", "Obi")]
    ordered = sorted(people, key=lambda p: name_key(*p))
    assert ordered == [
        ("Álvaro", "O Briain"),
        ("Zoë", "Ó Briain"),
        ("Al", "Obi"),
        ("amira", "okafor"),
        ("Ben", "Okafor"),
    ]
    assert name_key("a" * 300, "b" * 300) == ("b" * 300 + "\t" + "a" * 300)[:401]  # bounded for the index


def test_search_terms_cover_each_given_name_later_family_names_and_the_identifier() -> None:
    terms = search_terms("Mary-Jane", "Ní Bhriain Walsh", "485 777 3456")
    assert terms == {"mary", "jane", "maryjane", "bhriain", "walsh", "nibhriainwalsh", "4857773456"}
    assert "ni" not in terms  # the first family word is found through the sort key instead
    assert search_terms("Zoë", "Ó Briain", None) == {"zoe", "briain", "obriain"}


def test_search_terms_are_bounded() -> None:
    assert max(len(t) for t in search_terms("x" * 500, "y", "1" * 500)) == 200


@pytest.mark.parametrize("patient", [FULL, BARE], ids=["every-field", "required-only"])
def test_a_patient_survives_a_row_and_the_stored_content(patient: Patient) -> None:
    row = PatientRow(id=patient.id)
    fill_patient_row(row, patient)
    assert patient_from_row(row) == patient
    assert row.name_key == name_key(patient.given_name, patient.family_name)
    assert patient_from_content(patient_content(patient), patient.id) == patient


def test_stored_content_leaves_out_what_was_not_given() -> None:
    assert patient_content(BARE) == {"given_name": "Zoë", "family_name": "Ó Briain", "date_of_birth": "2019-01-02"}
    assert patient_content(FULL)["carers"][1] == {"name": "Piotr Wójcik"}
    assert patient_content(FULL)["school"] == {"name": "Scoil Bhríde", "email": "senco@scoil.example"}


def test_unchanged_carers_keep_their_rows_and_changed_ones_are_replaced() -> None:
    row = PatientRow()
    fill_patient_row(row, FULL)
    kept = list(row.carers)
    fill_patient_row(row, FULL)
    assert all(a is b for a, b in zip(row.carers, kept, strict=True))  # no needless delete and insert
    fewer = Patient(FULL.given_name, FULL.family_name, FULL.date_of_birth, carers=FULL.carers[:1])
    fill_patient_row(row, fewer)
    assert [(c.position, c.name) for c in row.carers] == [(0, "Жанна Ахмедова")]
    fill_patient_row(row, BARE)
    assert row.carers == [] and patient_from_row(row).school is None


def test_an_own_entry_survives_its_row() -> None:
    entry = LibraryIntervention(
        code="own.splint_check",
        kind=Kind.ORTHOSIS,
        title="Night splint check",
        instructions="Look at the skin.",
        categories=frozenset({Category.HAND, Category.CERVICAL}),
        source="Own entry",
        school_instructions="At lunch.",
        clinician_note="Review fit in 6 weeks.",
        dosage=Dosage(reps=1, times_per_day=2),
        wear_schedule="Nights",
        skin_checks="Red marks",
        setting=Setting.HOME,
        status=EquipmentStatus.ON_TRIAL,
        referral_to="Orthotics",
        referral_reason="Fit",
        audiences=frozenset({Audience.CLINICIAN, Audience.FAMILY, Audience.SCHOOL}),
        regions=("left_hand", "neck"),
        cautions=(
            Caution(
                text="Stop if it hurts",
                family="Stop if it hurts.",
                cervical_forms=frozenset({CervicalForm.UNSTABLE}),
            ),
            Caution(text="Watch the skin", categories=frozenset({Category.HAND}), regions=frozenset({"left_hand"})),
        ),
    )
    row = own_intervention_row(entry)
    assert row.audiences == ["family", "school", "clinician"]  # one stable order, whatever the set's
    assert own_intervention_from_row(row) == entry


def test_an_own_goal_survives_its_row() -> None:
    goal = LibraryGoal(
        code="own.goal.drive", domain=GoalDomain.PARTICIPATION, text="Drive for ___ minutes",
        categories=frozenset({Category.CERVICAL}),
    )  # fmt: skip
    assert own_goal_from_row(own_goal_row(goal)) == goal
