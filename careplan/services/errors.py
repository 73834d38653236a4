"""Errors the use cases raise for the screens and the command line to show."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from careplan.errors import UserFacingError

if TYPE_CHECKING:
    from careplan.core.model import Patient


class UserError(UserFacingError):
    """Bad input or a state the user can fix: shown as it is, exit status 2, nothing changed."""


class NotFoundError(UserError):
    pass


def _by_whom(saved_by: str | None, saved_at: dt.datetime | None) -> str:
    """`` by Sam Lee at 14:05 on 03 Feb 2027``, or as much of it as is known."""
    who = f" by {saved_by}" if saved_by else ""
    when = f" at {saved_at.astimezone().strftime('%H:%M on %d %b %Y')}" if saved_at else ""
    return who + when


class PlanConflict(UserError):
    """Another desktop saved this plan after it was opened here."""

    title: ClassVar[str] = "Not saved: the plan changed elsewhere"

    def __init__(
        self,
        plan_id: int,
        expected_version: int | None,
        current_version: int | None,
        saved_by: str | None = None,
        saved_at: dt.datetime | None = None,
    ) -> None:
        self.plan_id = plan_id
        self.expected_version = expected_version
        self.current_version = current_version
        self.saved_by = saved_by
        self.saved_at = saved_at
        super().__init__(
            f"Plan {plan_id} was changed on another computer{_by_whom(saved_by, saved_at)} after you opened it. "
            "Your changes were not saved. Reload the plan to see the other changes, "
            "or save yours as a copy."
        )


class PatientConflict(UserError):
    """Another desktop changed this patient's details after they were opened here."""

    title: ClassVar[str] = "Not saved: the patient's details changed elsewhere"

    def __init__(
        self,
        patient_id: int,
        mine: Patient,
        theirs: Patient,
        current_version: int,
        saved_by: str | None = None,
        saved_at: dt.datetime | None = None,
    ) -> None:
        self.patient_id = patient_id
        self.mine = mine
        self.theirs = theirs
        self.current_version = current_version
        self.saved_by = saved_by
        self.saved_at = saved_at
        super().__init__(
            f"{theirs.full_name}'s details were changed on another computer{_by_whom(saved_by, saved_at)} "
            "after you opened them. "
            "Your changes were not saved. Reload the details, or look at both versions and keep yours."
        )


class RecordConflict(UserError):
    """Another desktop changed or deleted this assessment or injection after it was read here."""

    title: ClassVar[str] = "Not saved: changed on another computer"

    def __init__(
        self,
        what: str,
        record_id: int,
        dated: dt.date | None,
        saved_by: str | None = None,
        saved_at: dt.datetime | None = None,
        *,
        deleted: bool = False,
    ) -> None:
        self.what = what
        self.record_id = record_id
        self.saved_by = saved_by
        self.saved_at = saved_at
        self.deleted = deleted
        of = f" of {dated:%d %b %Y}" if dated else ""
        done = "deleted" if deleted else "changed"
        super().__init__(
            f"The {what}{of} was {done} on another computer{_by_whom(saved_by, saved_at)} after you opened it. "
            "Your changes were not saved. Reload to see it as it is now, then make your changes again."
        )
