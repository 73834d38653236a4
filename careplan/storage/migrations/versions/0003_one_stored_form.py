"""one stored form of a plan; patient versions, history and search words

A plan's body is now only the plan-file document its current revision holds: the plan row
keeps what is queried (patient, title, category, review date, version, updated time) and the
number of its current revision.  Goals and interventions lose their tables.  For each plan the
current state is rebuilt from its rows; when the latest revision already holds exactly that, it
becomes the current revision, otherwise the rows are kept as a new revision ("kept at upgrade").

Patients get a folded sort key (``name_key``), search words (``patient_terms``) and a history
(``patient_versions``), starting with their present details.

The document builder below is a frozen copy of what ``planfile.convert.to_document`` wrote when
plans were stored as rows; a migration must not change when the program's code changes later.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_DOSAGE = ("sets", "reps", "hold_seconds", "rest_seconds", "times_per_day", "days_per_week", "minutes")
_PLAN_COLUMNS = (
    "regions",
    "therapist_name",
    "therapist_role",
    "therapist_phone",
    "therapist_email",
    "start_date",
    "summary",
    "visits",
    "home_practice",
    "adjustments",
    "clinical_notes",
    "cervical_form",
    "gmfcs_level",
    "catalog_version",
)
_WORD = re.compile(r"[^\W_]+")


_PLAIN_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"})


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().translate(_PLAIN_LETTERS)


def _terms(given_name: str, family_name: str, identifier: str | None) -> set[str]:
    terms: set[str] = set()
    given = _WORD.findall(_fold(given_name))
    terms.update(given)
    terms.add("".join(given))
    folded_family = _fold(family_name)
    family = _WORD.findall(folded_family)
    terms.update(family[1:])
    if len(family) > 1:
        terms.add("".join(family))
    if family and not folded_family.startswith(family[0]):
        terms.add(family[0])
    if identifier:
        terms.add(_fold("".join(identifier.split())))
    return {t[:200] for t in terms if t}


def _clean(obj: Any) -> Any:
    if isinstance(obj, dict):
        out = {k: _clean(v) for k, v in obj.items()}
        return {k: v for k, v in out.items() if v is not None and v != {} and v != []}
    if isinstance(obj, list):
        return [_clean(v) for v in obj]
    return obj


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def _date(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)[:10]


def _patient_doc(p: Any, carers: Sequence[Any]) -> dict[str, Any]:
    return _clean(
        {
            "given_name": p.given_name,
            "family_name": p.family_name,
            "date_of_birth": _date(p.date_of_birth),
            "identifier": p.identifier,
            "carers": [{"name": c.name, "relationship": c.relationship, "phone": c.phone} for c in carers],
            "school": {
                "name": p.school_name,
                "contact_name": p.school_contact_name,
                "phone": p.school_phone,
                "email": p.school_email,
            },
        }
    )


def _item_doc(i: Any) -> dict[str, Any]:
    photo = None
    if i.photo_type and i.photo:
        photo = {"media_type": i.photo_type, "data": base64.b64encode(bytes(i.photo)).decode("ascii")}
    return {
        "catalog_code": i.catalog_code,
        "kind": i.kind,
        "title": i.title,
        "instructions": i.instructions,
        "school_instructions": i.school_instructions,
        "dosage": {name: getattr(i, name) for name in _DOSAGE},
        "side": i.side,
        "setting": i.setting,
        "status": i.status,
        "wear_schedule": i.wear_schedule,
        "skin_checks": i.skin_checks,
        "to": i.referral_to,
        "reason": i.referral_reason,
        "audiences": list(_json(i.audiences) or []),
        "clinician_note": i.clinician_note,
        "photo": photo,
    }


def _plan_doc(p: Any, goals: Sequence[Any], items: Sequence[Any]) -> dict[str, Any]:
    return _clean(
        {
            "title": p.title,
            "category": p.category,
            "regions": list(_json(p.regions) or []),
            "therapist": {
                "name": p.therapist_name,
                "role": p.therapist_role,
                "phone": p.therapist_phone,
                "email": p.therapist_email,
            },
            "start_date": _date(p.start_date),
            "review_date": _date(p.review_date),
            "summary": p.summary,
            "goals": [
                {"domain": g.domain, "text": g.text, "target_date": _date(g.target_date), "code": g.code} for g in goals
            ],
            "interventions": [_item_doc(i) for i in items],
            "programme": {
                "visits": p.visits,
                "home_practice": p.home_practice,
                "adjustments": list(_json(p.adjustments) or []),
            },
            "clinical_notes": p.clinical_notes,
            "cervical_form": p.cervical_form,
            "gmfcs_level": p.gmfcs_level,
            "catalog_version": p.catalog_version,
        }
    )


def _upgrade_patients(conn: sa.Connection) -> None:
    op.add_column("patients", sa.Column("name_key", sa.String(length=401), nullable=False, server_default=""))
    op.create_table(
        "patient_terms",
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_patient_terms_patient_id_patients"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("patient_id", "term", name=op.f("pk_patient_terms")),
    )
    op.create_index("ix_patient_terms_term_patient_id", "patient_terms", ["term", "patient_id"], unique=False)
    op.create_table(
        "patient_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_patient_versions_patient_id_patients"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patient_versions")),
        sa.UniqueConstraint("patient_id", "version", name="uq_patient_versions_patient_id_version"),
    )
    versions = sa.table(
        "patient_versions",
        sa.column("patient_id", sa.Integer),
        sa.column("version", sa.Integer),
        sa.column("saved_at"),
        sa.column("content", sa.JSON),
    )
    terms = sa.table("patient_terms", sa.column("patient_id", sa.Integer), sa.column("term", sa.String))
    carers: dict[int, list[Any]] = {}
    for c in conn.execute(sa.text("SELECT patient_id, name, relationship, phone FROM carers ORDER BY position, id")):
        carers.setdefault(c.patient_id, []).append(c)
    for p in conn.execute(sa.text("SELECT * FROM patients ORDER BY id")).all():
        key = f"{_fold(p.family_name)}\t{_fold(p.given_name)}"[:401]
        conn.execute(sa.text("UPDATE patients SET name_key = :k WHERE id = :id"), {"k": key, "id": p.id})
        words = [{"patient_id": p.id, "term": t} for t in sorted(_terms(p.given_name, p.family_name, p.identifier))]
        if words:
            conn.execute(terms.insert(), words)
        conn.execute(
            versions.insert(),
            {
                "patient_id": p.id,
                "version": p.version,
                "saved_at": p.updated_at,
                "content": _patient_doc(p, carers.get(p.id, [])),
            },
        )
    op.drop_index("ix_patients_family_name_given_name", table_name="patients")
    op.create_index("ix_patients_name_key_id", "patients", ["name_key", "id"], unique=False)
    op.create_index(op.f("ix_patients_date_of_birth"), "patients", ["date_of_birth"], unique=False)


def _upgrade_plans(conn: sa.Connection) -> None:
    op.add_column("plans", sa.Column("revision", sa.Integer(), nullable=False, server_default="0"))
    revisions = sa.table(
        "plan_revisions",
        sa.column("plan_id", sa.Integer),
        sa.column("number", sa.Integer),
        sa.column("saved_at"),
        sa.column("author", sa.String),
        sa.column("note", sa.String),
        sa.column("content", sa.JSON),
    )
    goals: dict[int, list[Any]] = {}
    for g in conn.execute(sa.text("SELECT * FROM goals ORDER BY position, id")):
        goals.setdefault(g.plan_id, []).append(g)
    carers: dict[int, list[Any]] = {}
    for c in conn.execute(sa.text("SELECT patient_id, name, relationship, phone FROM carers ORDER BY position, id")):
        carers.setdefault(c.patient_id, []).append(c)
    patients = {p.id: p for p in conn.execute(sa.text("SELECT * FROM patients"))}
    for plan in conn.execute(sa.text("SELECT * FROM plans ORDER BY id")).all():
        items = conn.execute(
            sa.text("SELECT * FROM interventions WHERE plan_id = :id ORDER BY position, id"), {"id": plan.id}
        ).all()
        body = _plan_doc(plan, goals.get(plan.id, []), items)
        latest = conn.execute(
            sa.text("SELECT number, content FROM plan_revisions WHERE plan_id = :id ORDER BY number DESC LIMIT 1"),
            {"id": plan.id},
        ).first()
        content = _json(latest.content) if latest is not None else None
        if latest is not None and content is not None and content.get("plan") == body:
            number = latest.number
        else:
            number = (latest.number if latest is not None else 0) + 1
            patient = patients[plan.patient_id]
            doc: dict[str, Any] = {
                "format": "careplan-plan",
                "format_version": 1,
                "patient": _patient_doc(patient, carers.get(patient.id, [])),
                "plan": body,
            }
            if content is not None and content.get("own_library"):
                doc["own_library"] = content["own_library"]
            conn.execute(
                revisions.insert(),
                {
                    "plan_id": plan.id,
                    "number": number,
                    "saved_at": plan.updated_at,
                    "author": None,
                    "note": "kept at upgrade",
                    "content": doc,
                },
            )
        conn.execute(sa.text("UPDATE plans SET revision = :n WHERE id = :id"), {"n": number, "id": plan.id})
    op.drop_table("interventions")
    op.drop_table("goals")
    op.drop_index("ix_plans_patient_id", table_name="plans")
    op.create_index("ix_plans_patient_id_review_date", "plans", ["patient_id", "review_date"], unique=False)
    for column in _PLAN_COLUMNS:
        # A plain ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later): rebuilding the table the batch
        # way would drop it, and with foreign keys on, its revisions with it.
        op.drop_column("plans", column)


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        import sqlite3

        if sqlite3.sqlite_version_info < (3, 35):
            raise RuntimeError(
                f"Upgrading this database needs SQLite 3.35 or newer; this Python has {sqlite3.sqlite_version}."
            )
    _upgrade_patients(conn)
    _upgrade_plans(conn)
    if conn.dialect.name != "sqlite":
        op.alter_column("patients", "name_key", server_default=None)
        op.alter_column("plans", "revision", server_default=None)


def downgrade() -> None:
    raise NotImplementedError("Careplan does not downgrade a database; restore a backup instead.")
