"""Dates and names as the screens show them, and reading dates a therapist types.

Dates are shown as ``14 Mar 2016``: unambiguous in every country, and the same
on every desktop whatever its locale.  Typed dates are accepted as
``2016-03-14`` or ``14/03/2016`` (day first, as UK clinics write them).
"""

from __future__ import annotations

import datetime as dt

from careplan.core.wording import parse_date

__all__ = ["GAS_MEANINGS", "format_date", "format_datetime", "gas_level", "parse_date", "review_status"]

#: What each Goal Attainment Scaling level means (Kiresuk and Sherman 1968; Turner-Stokes 2009).
GAS_MEANINGS = {
    -2: "much less than expected",
    -1: "less than expected",
    0: "the expected outcome",
    1: "more than expected",
    2: "much more than expected",
}


def gas_level(level: int) -> str:
    """A GAS level as therapists write it: -2, -1, 0, +1, +2."""
    return f"{level:+d}" if level else "0"


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def format_datetime(value: dt.datetime | None, *, seconds: bool = False) -> str:
    """A stored time in the desktop's own time zone: ``14:05, 3 Feb 2027`` (``14:05:09, …`` with
    ``seconds``, where two entries of one minute must be told apart, such as backups)."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    local = value.astimezone()
    return (
        f"{local:%H:%M:%S}, {format_date(local.date())}" if seconds else f"{local:%H:%M}, {format_date(local.date())}"
    )


def review_status(review: dt.date | None, today: dt.date) -> tuple[str, bool]:
    """Words for a review date relative to today, and whether it is overdue."""
    if review is None:
        return "", False
    days = (review - today).days
    if days < 0:
        n = -days
        return f"Overdue by {n} day{'s' if n != 1 else ''}", True
    if days == 0:
        return "Due today", False
    return f"Due in {days} day{'s' if days != 1 else ''}", False
