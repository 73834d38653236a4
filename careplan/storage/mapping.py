"""Rows <-> core snapshots for patients and the therapist's own library.  The rest of the program
never sees a row.  A plan has no rows of its own: its body is the plan-file document a revision
holds (``careplan.services.plans`` maps it with ``careplan.planfile``)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from careplan.core.enums import (
    Audience,
    Category,
    CervicalForm,
    EquipmentStatus,
    GoalDomain,
    Kind,
    Pattern,
    Setting,
)
from careplan.core.library import Caution, LibraryGoal, LibraryIntervention
from careplan.core.model import Carer, Dosage, Patient, SchoolContact

if TYPE_CHECKING:  # the row classes are made here only when writing: reading needs no SQLAlchemy (storage.light)
    from careplan.storage.models import OwnGoalRow, OwnInterventionRow, PatientRow

_AUDIENCE_ORDER = {a: i for i, a in enumerate(Audience)}


def _opt(enum: Any, value: str | None) -> Any:
    return enum(value) if value else None


def _audiences_out(audiences: frozenset[Audience]) -> list[str]:
    return [a.value for a in sorted(audiences, key=_AUDIENCE_ORDER.__getitem__)]


# --- patients --------------------------------------------------------------------------------


#: Letters that carry no separable accent, written as a reader without them would type them.
_PLAIN_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"})


def fold(text: str) -> str:
    """Lower case without accents, for sorting and searching: ``Zoë`` -> ``zoe``, ``Łukasz`` -> ``lukasz``."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().translate(_PLAIN_LETTERS)


def name_key(given_name: str, family_name: str) -> str:
    """What the patient list sorts by: family name, then given name, folded (a tab sorts before letters)."""
    return f"{fold(family_name)}\t{fold(given_name)}"[:401]


_WORD = re.compile(r"[^\W_]+")


def search_terms(given_name: str, family_name: str, identifier: str | None) -> set[str]:
    """The words a search matches the start of, besides the sort key: each folded word of the given
    name, the family name's later words, each name run together, the identifier without spaces.

    The family name's first word is left out: ``name_key`` starts with it, and a search finds it
    there by an index range in name order (see ``services.plans.PatientQuery``)."""
    terms: set[str] = set()
    given = _WORD.findall(fold(given_name))
    terms.update(given)
    terms.add("".join(given))
    folded_family = fold(family_name)
    family = _WORD.findall(folded_family)
    terms.update(family[1:])
    if len(family) > 1:
        terms.add("".join(family))
    if family and not folded_family.startswith(family[0]):
        terms.add(family[0])
    if identifier:
        terms.add(fold("".join(identifier.split())))
    return {t[:200] for t in terms if t}


def patient_from_row(row: PatientRow) -> Patient:
    school = None
    if any((row.school_name, row.school_contact_name, row.school_phone, row.school_email)):
        school = SchoolContact(row.school_name, row.school_contact_name, row.school_phone, row.school_email)
    return Patient(
        given_name=row.given_name,
        family_name=row.family_name,
        date_of_birth=row.date_of_birth,
        identifier=row.identifier,
        carers=tuple(Carer(c.name, c.relationship_, c.phone) for c in row.carers),
        school=school,
        id=row.id,
    )


def patient_from_joined_rows(rows: Sequence[Any], patient_id: int) -> tuple[Patient, int]:
    """A patient and its version from the rows of the patient joined with its carers, in carer order
    (one row without a carer when there is none): the ORM read (``services.plans``) and the light one
    (``storage.light``) both map them here."""
    row = rows[0]
    carers = tuple(Carer(r.name, r.relationship, r.phone) for r in rows if r.name is not None)
    school_fields = (row.school_name, row.school_contact_name, row.school_phone, row.school_email)
    school = SchoolContact(*school_fields) if any(school_fields) else None
    patient = Patient(row.given_name, row.family_name, row.date_of_birth, row.identifier, carers, school, id=patient_id)
    return patient, row.version


def fill_patient_row(row: PatientRow, patient: Patient) -> None:
    """Copy ``patient``'s details onto ``row``; carers are replaced only when they changed."""
    row.given_name = patient.given_name
    row.family_name = patient.family_name
    row.name_key = name_key(patient.given_name, patient.family_name)
    row.date_of_birth = patient.date_of_birth
    row.identifier = patient.identifier
    school = patient.school or SchoolContact()
    row.school_name = school.name
    row.school_contact_name = school.contact_name
    row.school_phone = school.phone
    row.school_email = school.email
    carers = [(c.name, c.relationship, c.phone) for c in patient.carers]
    if [(c.name, c.relationship_, c.phone) for c in row.carers] != carers:
        from careplan.storage.models import CarerRow

        row.carers = [
            CarerRow(position=i, name=name, relationship_=relationship, phone=phone)
            for i, (name, relationship, phone) in enumerate(carers)
        ]


def patient_content(patient: Patient) -> dict[str, Any]:
    """A patient's details as the plan file's ``patient`` object (what ``patient_versions`` keeps)."""
    out: dict[str, Any] = {
        "given_name": patient.given_name,
        "family_name": patient.family_name,
        "date_of_birth": patient.date_of_birth.isoformat(),
    }
    if patient.identifier is not None:
        out["identifier"] = patient.identifier
    if patient.carers:
        out["carers"] = [
            {k: v for k, v in (("name", c.name), ("relationship", c.relationship), ("phone", c.phone)) if v is not None}
            for c in patient.carers
        ]
    if patient.school is not None:
        school = {
            k: v
            for k, v in (
                ("name", patient.school.name),
                ("contact_name", patient.school.contact_name),
                ("phone", patient.school.phone),
                ("email", patient.school.email),
            )
            if v is not None
        }
        if school:
            out["school"] = school
    return out


def patient_from_content(content: dict[str, Any], patient_id: int | None = None) -> Patient:
    school = content.get("school")
    return Patient(
        given_name=content["given_name"],
        family_name=content["family_name"],
        date_of_birth=dt.date.fromisoformat(content["date_of_birth"]),
        identifier=content.get("identifier"),
        carers=tuple(Carer(c["name"], c.get("relationship"), c.get("phone")) for c in content.get("carers", ())),
        school=SchoolContact(**school) if school else None,
        id=patient_id,
    )


# --- the therapist's own library ---------------------------------------------------------------


def own_intervention_from_row(row: OwnInterventionRow | SimpleNamespace) -> LibraryIntervention:
    """An own entry from its row (the ORM's, or the light read's with the same attributes)."""
    return LibraryIntervention(
        code=row.code,
        kind=Kind(row.kind),
        title=row.title,
        instructions=row.instructions,
        categories=frozenset(Category(c) for c in row.categories),
        source=row.source,
        school_instructions=row.school_instructions,
        clinician_note=row.clinician_note,
        dosage=Dosage(**row.dosage) if row.dosage else None,
        wear_schedule=row.wear_schedule,
        skin_checks=row.skin_checks,
        setting=_opt(Setting, row.setting),
        status=_opt(EquipmentStatus, row.status),
        referral_to=row.referral_to,
        referral_reason=row.referral_reason,
        audiences=frozenset(Audience(a) for a in row.audiences),
        regions=tuple(row.regions),
        cautions=tuple(
            Caution(
                text=c["text"],
                categories=frozenset(Category(x) for x in c.get("categories", ())),
                cervical_forms=frozenset(CervicalForm(x) for x in c.get("cervical_forms", ())),
                family=c.get("family"),
                regions=frozenset(c.get("regions", ())),
                patterns=frozenset(Pattern(x) for x in c.get("patterns", ())),
            )
            for c in row.cautions
        ),
    )


def own_intervention_row(entry: LibraryIntervention) -> OwnInterventionRow:
    from careplan.storage.models import OwnInterventionRow

    return OwnInterventionRow(
        code=entry.code,
        kind=entry.kind.value,
        title=entry.title,
        instructions=entry.instructions,
        school_instructions=entry.school_instructions,
        clinician_note=entry.clinician_note,
        dosage=dict(entry.dosage.items()) if entry.dosage else None,
        wear_schedule=entry.wear_schedule,
        skin_checks=entry.skin_checks,
        setting=entry.setting.value if entry.setting else None,
        status=entry.status.value if entry.status else None,
        referral_to=entry.referral_to,
        referral_reason=entry.referral_reason,
        audiences=_audiences_out(entry.audiences),
        categories=sorted(c.value for c in entry.categories),
        regions=list(entry.regions),
        cautions=[
            {
                "text": c.text,
                "categories": sorted(x.value for x in c.categories),
                "cervical_forms": sorted(x.value for x in c.cervical_forms),
            }
            | ({"family": c.family} if c.family else {})
            | ({"regions": sorted(c.regions)} if c.regions else {})
            | ({"patterns": sorted(x.value for x in c.patterns)} if c.patterns else {})
            for c in entry.cautions
        ],
        source=entry.source,
    )


def own_goal_from_row(row: OwnGoalRow | SimpleNamespace) -> LibraryGoal:
    return LibraryGoal(
        code=row.code,
        domain=GoalDomain(row.domain),
        text=row.text,
        categories=frozenset(Category(c) for c in row.categories),
    )


def own_goal_row(goal: LibraryGoal) -> OwnGoalRow:
    from careplan.storage.models import OwnGoalRow

    return OwnGoalRow(
        code=goal.code,
        domain=goal.domain.value,
        text=goal.text,
        categories=sorted(c.value for c in goal.categories),
    )
