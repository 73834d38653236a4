"""who did what: the audit_events table

One row per event a therapist caused on a plan or patient (opened, saved, printed, exported,
imported, restored, created), with the therapist's name and role, the computer and, on
PostgreSQL, the database role.  No clinical content and no file paths are stored.  Plan and
patient ids are plain indexed numbers, not foreign keys: the record of who saw a plan outlives
the plan.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(length=200), nullable=True),
        sa.Column("computer", sa.String(length=255), nullable=True),
        sa.Column("db_role", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index(op.f("ix_audit_events_at"), "audit_events", ["at"])
    op.create_index("ix_audit_events_plan_id_at", "audit_events", ["plan_id", "at"])
    op.create_index("ix_audit_events_patient_id_at", "audit_events", ["patient_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_audit_events_patient_id_at", table_name="audit_events")
    op.drop_index("ix_audit_events_plan_id_at", table_name="audit_events")
    op.drop_index(op.f("ix_audit_events_at"), table_name="audit_events")
    op.drop_table("audit_events")
