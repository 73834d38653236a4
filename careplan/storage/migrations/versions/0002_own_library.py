"""therapists' own library entries: own_interventions, own_goals

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-20
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "own_goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=120), nullable=False),
        sa.Column("domain", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_own_goals")),
        sa.UniqueConstraint("code", name=op.f("uq_own_goals_code")),
    )
    op.create_table(
        "own_interventions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("instructions", sa.Text(), nullable=False),
        sa.Column("school_instructions", sa.Text(), nullable=True),
        sa.Column("clinician_note", sa.Text(), nullable=True),
        sa.Column("dosage", sa.JSON(), nullable=True),
        sa.Column("wear_schedule", sa.Text(), nullable=True),
        sa.Column("skin_checks", sa.Text(), nullable=True),
        sa.Column("setting", sa.String(length=16), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=True),
        sa.Column("referral_to", sa.String(length=200), nullable=True),
        sa.Column("referral_reason", sa.Text(), nullable=True),
        sa.Column("audiences", sa.JSON(), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("regions", sa.JSON(), nullable=False),
        sa.Column("cautions", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_own_interventions")),
        sa.UniqueConstraint("code", name=op.f("uq_own_interventions_code")),
    )


def downgrade() -> None:
    op.drop_table("own_interventions")
    op.drop_table("own_goals")
