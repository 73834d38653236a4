"""Dates as a therapist types them, and the dosage headings (careplan.core.wording).
(Dosage sentences: test_wording.py.)"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from careplan.core.model import Dosage
from careplan.core.wording import DOSAGE_HEADINGS, parse_date


@pytest.mark.parametrize(
    ("typed", "date"),
    [
        ("2016-03-14", dt.date(2016, 3, 14)),
        ("2016-3-4", dt.date(2016, 3, 4)),
        ("14/03/2016", dt.date(2016, 3, 14)),  # day first, as in the UK and Ireland
        ("14/05/2017", dt.date(2017, 5, 14)),  # the date of birth the issue could not type
        ("1/2/2016", dt.date(2016, 2, 1)),
        ("14.03.2016", dt.date(2016, 3, 14)),
        ("  14/03/2016\n", dt.date(2016, 3, 14)),  # pasted with spaces around it
        ("29/02/2016", dt.date(2016, 2, 29)),  # a leap year
    ],
)
def test_a_typed_date_is_read_day_first(typed: str, date: dt.date) -> None:
    assert parse_date(typed) == date


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "29/02/2017",  # not a leap year
        "2016-02-30",
        "31/04/2016",  # April has 30 days
        "03/14/2016",  # month first (US): there is no 14th month, so no guess
        "14/03/16",  # a two-digit year is ambiguous (1916 or 2016?)
        "2016/03/14",
        "14-03-2016",
        "14 March 2016",
        "0000-01-01",
        "2016-03-14T10:00",
        "Okafor",
    ],
)
def test_anything_else_is_no_date(typed: str) -> None:
    assert parse_date(typed) is None


def test_every_dosage_field_has_a_heading_in_words() -> None:
    assert sorted(DOSAGE_HEADINGS) == sorted(field.name for field in dataclasses.fields(Dosage))
    for heading in DOSAGE_HEADINGS.values():
        assert heading[0].isupper(), heading
        assert not re.search(r"\((s|sec|min|x)\)", heading), f"a unit symbol in {heading!r}"
