"""Which parts of a plan each audience may see (careplan.core.audience): default audiences of an item,
the items and personal details each handout shows, and when the family handout says "you".
(Which handouts fit a person: test_fitting_audiences.py.)"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from careplan.core.audience import (
    ADULT_AGE,
    KIND_DEFAULT_AUDIENCES,
    NAME_ONLY,
    HandoutPrivacy,
    default_audiences,
    items_for,
    shows_clinical_notes,
    shows_date_of_birth,
    shows_identifier,
    writes_to_the_person,
)
from careplan.core.enums import Audience, Category, Kind, Setting
from careplan.core.model import Intervention, Patient, Plan

FAMILY, SCHOOL, WORK, CLINICIAN = Audience.FAMILY, Audience.SCHOOL, Audience.WORK, Audience.CLINICIAN
PRIVACIES = [HandoutPrivacy(identifier, birth) for identifier, birth in itertools.product((False, True), repeat=2)]


@pytest.mark.parametrize(
    ("kind", "setting", "audiences"),
    [
        (Kind.EXERCISE, None, {FAMILY}),
        (Kind.ORTHOSIS, None, {FAMILY, SCHOOL, WORK}),  # a splint is worn wherever the person is
        (Kind.EQUIPMENT, None, {FAMILY, SCHOOL, WORK}),
        (Kind.REFERRAL, None, {CLINICIAN}),  # a referral is the clinicians' business
        (Kind.EDUCATION, None, {FAMILY}),
        (Kind.ADVICE, None, {FAMILY}),
        (Kind.ADVICE, Setting.HOME, {FAMILY}),
        (Kind.ADVICE, Setting.SCHOOL, {SCHOOL}),  # school advice goes to the school, not home
        (Kind.ADVICE, Setting.COMMUNITY, {FAMILY}),
        (Kind.EXERCISE, Setting.SCHOOL, {FAMILY}),  # a setting only steers advice
    ],
)
def test_default_audiences(kind: Kind, setting: Setting | None, audiences: set[Audience]) -> None:
    assert default_audiences(kind, setting) == audiences


def test_every_kind_and_setting_has_a_default() -> None:
    assert set(KIND_DEFAULT_AUDIENCES) == set(Kind)
    for setting in Setting:
        assert default_audiences(Kind.ADVICE, setting)


def test_each_handout_shows_its_items_in_plan_order_and_the_clinician_sees_all() -> None:
    items = (
        Intervention(Kind.EXERCISE, "Chin tuck", audiences=frozenset({FAMILY})),
        Intervention(Kind.ADVICE, "Seating in class", audiences=frozenset({SCHOOL})),
        Intervention(Kind.ORTHOSIS, "Night splint", audiences=frozenset({FAMILY, SCHOOL, WORK})),
        Intervention(Kind.REFERRAL, "Orthotics", audiences=frozenset({CLINICIAN})),
        Intervention(Kind.EDUCATION, "Nobody's", audiences=frozenset()),
    )
    plan = Plan("Neck posture", Category.CERVICAL, interventions=items)
    titles = {a: [i.title for i in items_for(plan, a)] for a in Audience}
    assert titles == {
        FAMILY: ["Chin tuck", "Night splint"],
        SCHOOL: ["Seating in class", "Night splint"],
        WORK: ["Night splint"],
        CLINICIAN: ["Chin tuck", "Seating in class", "Night splint", "Orthotics", "Nobody's"],
    }
    assert items_for(Plan("Empty", Category.CERVICAL), FAMILY) == ()


def test_clinical_notes_reach_the_clinician_summary_only() -> None:
    assert [a for a in Audience if shows_clinical_notes(a)] == [CLINICIAN]


@pytest.mark.parametrize("privacy", PRIVACIES, ids=str)
def test_identifier_and_date_of_birth_follow_the_privacy_setting_on_the_family_handout_only(
    privacy: HandoutPrivacy,
) -> None:
    assert shows_identifier(FAMILY, privacy) is privacy.show_identifier
    assert shows_date_of_birth(FAMILY, privacy) is privacy.show_date_of_birth
    for outside in (SCHOOL, WORK):  # read outside the family: never, whatever the setting
        assert not shows_identifier(outside, privacy) and not shows_date_of_birth(outside, privacy)
    assert shows_identifier(CLINICIAN, privacy) and shows_date_of_birth(CLINICIAN, privacy)


def test_by_default_the_family_handout_shows_the_name_only() -> None:
    assert NAME_ONLY == HandoutPrivacy() == HandoutPrivacy(show_identifier=False, show_date_of_birth=False)
    assert not shows_identifier(FAMILY) and not shows_date_of_birth(FAMILY)
    with pytest.raises(AttributeError):
        NAME_ONLY.show_identifier = True  # type: ignore[misc]  # the one default cannot be changed in place


@pytest.mark.parametrize(
    ("born", "adult"),
    [
        (dt.date(2008, 12, 1), False),  # 18 tomorrow
        (dt.date(2008, 11, 30), True),  # 18 today
        (dt.date(2008, 2, 29), True),  # born on 29 February: 18 on 1 March 2026, before this day
        (dt.date(2016, 3, 14), False),
        (dt.date(1960, 1, 1), True),
    ],
)
def test_the_family_handout_says_you_from_the_eighteenth_birthday(born: dt.date, adult: bool) -> None:
    person = Patient("Sam", "Reed", born)
    assert ADULT_AGE == 18
    assert writes_to_the_person(person, dt.date(2026, 11, 30)) is adult
