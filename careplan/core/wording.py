"""Plain-English wording of dosages and other structured values for handouts."""

from __future__ import annotations

import datetime as dt
import re

from careplan.core.model import Dosage

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def parse_date(text: str) -> dt.date | None:
    """``2016-03-14`` or ``14/03/2016`` (also ``14.03.2016``, day first) -> a date; anything else -> None."""
    text = text.strip()
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DMY.match(text)
        if not match:
            return None
        day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_NUMBER_WORDS = {1: "once", 2: "twice"}


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _duration(seconds: int) -> str:
    if seconds >= 60 and seconds % 60 == 0:
        return _plural(seconds // 60, "minute")
    return _plural(seconds, "second")


def _how_often(per_day: int | None, per_week: int | None) -> list[str]:
    """``twice a day, every day``; once a day on some days reads as ``3 times a week``, never
    ``once a day, 3 days a week``."""
    if per_day == 1 and per_week is not None and per_week < 7:
        return [f"{_NUMBER_WORDS.get(per_week, f'{per_week} times')} a week"]
    out = [f"{_NUMBER_WORDS.get(per_day, f'{per_day} times')} a day"] if per_day is not None else []
    if per_week == 7:
        out.append("every day")
    elif per_week == 1:
        out.append("on one day a week")
    elif per_week is not None:
        out.append(f"on {per_week} days a week")
    return out


def dosage_sentence(dosage: Dosage | None) -> str:
    """Say a dosage as a family would: ``2 sets of 10, hold each for 5 seconds, 3 times a day, every day``.

    Returns an empty string for an empty or missing dosage.
    """
    if dosage is None or dosage.is_empty():
        return ""
    parts: list[str] = []
    if dosage.sets is not None and dosage.reps is not None:
        parts.append(f"{_plural(dosage.sets, 'set')} of {dosage.reps}")
    elif dosage.sets is not None:
        parts.append(_plural(dosage.sets, "set"))
    elif dosage.reps is not None:
        parts.append(_NUMBER_WORDS.get(dosage.reps) or _plural(dosage.reps, "time"))
    if dosage.hold_seconds is not None:
        each = "each" if (dosage.reps or 0) > 1 or (dosage.sets or 0) > 1 else "it"
        parts.append(f"hold {each} for {_duration(dosage.hold_seconds)}")
    if dosage.rest_seconds:
        parts.append(f"rest {_duration(dosage.rest_seconds)} between")
    if dosage.minutes is not None:
        parts.append(f"for {_plural(dosage.minutes, 'minute')}")
    parts += _how_often(dosage.times_per_day, dosage.days_per_week)
    if not parts:
        return ""  # a rest of 0 seconds alone says nothing
    sentence = ", ".join(parts)
    return sentence[0].upper() + sentence[1:]


#: Column headings for a dosage table (and the editor's labels), in the order of ``Dosage`` fields:
#: words, never unit symbols ("Hold (seconds)", not "Hold (s)").
DOSAGE_HEADINGS: dict[str, str] = {
    "sets": "Sets",
    "reps": "Repeats",
    "hold_seconds": "Hold (seconds)",
    "rest_seconds": "Rest (seconds)",
    "minutes": "Minutes",
    "times_per_day": "Times a day",
    "days_per_week": "Days a week",
}
