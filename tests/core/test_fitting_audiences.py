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


@pytest.mark.parametrize(
    ("born", "fits_work"),
    [
        (dt.date(2014, 6, 1), False),  # 12
        (dt.date(2008, 12, 1), False),  # 17 (18 tomorrow)
        (dt.date(2008, 11, 30), True),  # 18 today: the age from which the family handout says "you"
        (dt.date(1981, 5, 2), True),  # 45
    ],
)
def test_work_fits_adults_only(born: dt.date, fits_work: bool) -> None:
    assert (Audience.WORK in fitting_audiences(person(born), TODAY)) is fits_work
    assert (Audience.WORK in fitting_audiences(person(born, COLLEGE), TODAY)) is fits_work, (
        "a school does not change it"
    )


def test_the_work_refusal_names_why() -> None:
    why = audience_misfit(person(dt.date(2014, 6, 1)), Audience.WORK, TODAY)
    assert why == (
        "A work and daily life handout is for adults: this person is 12. Choose the family or school handout."
    )


def test_the_desktop_order_puts_work_before_the_clinician_summary() -> None:
    assert fitting_audiences(person(dt.date(1981, 5, 2)), TODAY) == (
        Audience.FAMILY,
        Audience.WORK,
        Audience.CLINICIAN,
    )
