"""re-evaluation: assessments and injections

A patient's dated assessments and botulinum toxin injections.  Each row keeps its body as the plan
file's ``assessments[]`` / ``injections[]`` object (as ``plan_revisions`` keep the plan file) and,
beside it, what lists and the reviews-due query read: the patient, the date, the plan and revision
it was made against, and the date a review falls due (hip surveillance on the patient's latest
assessment with hip migration; the review before the next cycle on the latest injection).
``version`` is the optimistic lock, as on patients, plans and own templates.  They go with their
patient (ON DELETE CASCADE, like carers and plans); when a plan goes they stay with the patient.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _columns(table: str, who: str, due: str) -> list[Any]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("plan_revision", sa.Integer(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column(who, sa.String(length=200), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column(due, sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f(f"fk_{table}_patient_id_patients"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f(f"fk_{table}_plan_id_plans"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    for table, who, due in (
        ("assessments", "therapist", "hip_review_due"),
        ("injections", "given_by", "cycle_review_due"),
    ):
        op.create_table(table, *_columns(table, who, due))
        op.create_index(f"ix_{table}_patient_id_date", table, ["patient_id", "date"])
        op.create_index(op.f(f"ix_{table}_plan_id"), table, ["plan_id"])
        op.create_index(op.f(f"ix_{table}_{due}"), table, [due])


def downgrade() -> None:
    for table, due in (("injections", "cycle_review_due"), ("assessments", "hip_review_due")):
        op.drop_index(op.f(f"ix_{table}_{due}"), table_name=table)
        op.drop_index(op.f(f"ix_{table}_plan_id"), table_name=table)
        op.drop_index(f"ix_{table}_patient_id_date", table_name=table)
        op.drop_table(table)
