"""Who did what, without the database: the names of the audit log (``services.audit``) that the command
line and the light handout path (``services.quick_handout``) need before, or without, SQLAlchemy.

``services.audit`` re-exports everything here; this module imports no SQLAlchemy, so a command that
only checks a name or writes one event through ``storage.light`` does not pay for it.
"""

from __future__ import annotations

import datetime as dt
import socket
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from careplan.core.enums import Audience
from careplan.services.errors import UserError

#: The longest name or role kept (the settings allow the same).
MAX_NAME = 200
#: Shown by the command line and the desktop for how to give a name.
HOW_TO_NAME = (
    "Set your name in the desktop program (Settings, Therapist), or give it with "
    '--as "Your Name" or the CAREPLAN_THERAPIST environment variable'
)


class Action(StrEnum):
    """What was done.  The values are stored: never rename one."""

    OPENED = "opened"
    SAVED = "saved"
    CREATED = "created"
    PRINTED = "printed"
    EXPORTED = "exported"
    IMPORTED = "imported"
    RESTORED = "restored"
    #: An assessment or injection recorded, changed or deleted (the detail says which, never what).
    RECORDED = "recorded"
    CHANGED = "changed"
    DELETED = "deleted"


class NameRequired(UserError):
    """Something that is recorded was asked for, and nobody said who they are."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"Careplan records who {what}, and no therapist name is set. {HOW_TO_NAME}. Nothing was changed."
        )


def _clean(text: str | None, what: str) -> str | None:
    value = (text or "").strip()
    if not value:
        return None
    if len(value) > MAX_NAME:
        raise UserError(f"The therapist's {what} is too long ({len(value)} characters; at most {MAX_NAME}).")
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in value):
        raise UserError(f"The therapist's {what} holds a control character; type it again without it.")
    return value


@dataclass(frozen=True)
class Actor:
    """Who is doing things: the therapist's own name and role, on this computer."""

    name: str
    role: str | None = None
    computer: str = field(default_factory=socket.gethostname)

    @classmethod
    def named(cls, name: str | None, role: str | None = None, *, what: str = "does this") -> Actor:
        """The actor for a name as typed; NameRequired when there is none (a login is never used)."""
        cleaned = _clean(name, "name")
        if cleaned is None:
            raise NameRequired(what)
        return cls(cleaned, _clean(role, "role"))


def handout_detail(audiences: Iterable[tuple[Audience, bool]]) -> str:
    """``family handout``, ``family (large print), school, clinician handouts``: audiences only."""
    parts = [f"{a.value}{' (large print)' if large else ''}" for a, large in audiences]
    return ", ".join(parts) + (" handouts" if len(parts) > 1 else " handout")


#: What the user is told when ``record_read`` returned False.
NOT_RECORDED = (
    "This was done, but Careplan could not write it to the activity log (the details are in the log file). "
    "Tell whoever looks after Careplan."
)


def event_values(
    actor: Actor,
    action: Action,
    *,
    plan_id: int | None = None,
    patient_id: int | None = None,
    revision: int | None = None,
    detail: str | None = None,
) -> dict[str, Any]:
    """One event's columns, as every writer of the log stores them (the database role aside: only a
    server knows it, and ``services.audit.record_event`` asks it there)."""
    return {
        "at": dt.datetime.now(dt.UTC),
        "who": actor.name,
        "role": actor.role,
        "action": action.value,
        "patient_id": patient_id,
        "plan_id": plan_id,
        "revision": revision,
        "detail": detail,
        "computer": actor.computer[:255] or None,
    }
