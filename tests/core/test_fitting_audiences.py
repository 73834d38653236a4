"""Which handouts fit the person: the one definition the desktop and the command line share."""

from __future__ import annotations

import datetime as dt

import pytest

from careplan.core.audience import audience_misfit, fitting_audiences
from careplan.core.enums import Audience
from careplan.core.model import Patient, SchoolContact

TODAY = dt.date(2026, 11, 30)
COLLEGE = SchoolContact(name="Northside College", contact_name="Learning support")


def person(born: dt.date, school: SchoolContact | None = None) -> Patient:
    return Patient("Sam", "Reed", born, "123", school=school)


@pytest.mark.parametrize(
    ("born", "school", "fits_school"),
    [
        (dt.date(2016, 3, 14), COLLEGE, True),  # a child with a school
        (dt.date(2016, 3, 14), None, True),  # a child whose school is not yet on file
        (dt.date(2009, 6, 1), None, True),  # 17, at college, no contact recorded: still offered
        (dt.date(2007, 12, 1), None, True),  # 18 (19 tomorrow)
        (dt.date(2007, 11, 30), None, False),  # 19 today, no school or college
        (dt.date(1981, 5, 2), None, False),  # 45 with neck dystonia
        (dt.date(1981, 5, 2), COLLEGE, True),  # an adult at college, contact on file
    ],
)
def test_school_fits_young_people_and_anyone_with_a_school(
    born: dt.date, school: SchoolContact | None, fits_school: bool
) -> None:
    fitting = fitting_audiences(person(born, school), TODAY)
    assert (Audience.SCHOOL in fitting) is fits_school
    assert Audience.FAMILY in fitting and Audience.CLINICIAN in fitting


def test_the_refusal_names_why() -> None:
    why = audience_misfit(person(dt.date(1981, 5, 2)), Audience.SCHOOL, TODAY)
    assert why is not None
    assert "children and young people in education" in why and "45" in why and "no school or college" in why
    assert "Sam" not in why, "the reason does not carry the name (it may reach a log)"
    assert audience_misfit(person(dt.date(1981, 5, 2)), Audience.FAMILY, TODAY) is None
