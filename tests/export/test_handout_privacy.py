"""Privacy: the family handout (on the fridge) shows the name only unless the therapist chooses more."""

from __future__ import annotations

import datetime as dt

import pytest

from careplan.core.audience import HandoutPrivacy, shows_date_of_birth, shows_identifier
from careplan.core.enums import Audience
from careplan.export import render_handout

from handout_samples import CLINIC, IDENTIFIER, all_text, rich_record

TODAY = dt.date(2026, 12, 2)
BORN = "14 March 2016"


def text(audience: Audience, privacy: HandoutPrivacy | None = None) -> str:
    kw = {} if privacy is None else {"privacy": privacy}
    return all_text(render_handout(rich_record(), audience, CLINIC, generated_on=TODAY, **kw))  # type: ignore[arg-type]


def test_family_shows_neither_identifier_nor_birth_date_by_default() -> None:
    family = text(Audience.FAMILY)
    assert "Amira Okafor" in family
    assert IDENTIFIER not in family and "Reference number" not in family
    assert BORN not in family and "Date of birth" not in family


@pytest.mark.parametrize(("identifier", "born"), [(True, False), (False, True), (True, True)])
def test_family_shows_what_the_setting_allows(identifier: bool, born: bool) -> None:
    family = text(Audience.FAMILY, HandoutPrivacy(show_identifier=identifier, show_date_of_birth=born))
    assert (IDENTIFIER in family) is identifier
    assert (BORN in family) is born


def test_clinician_always_shows_both_and_school_never_the_identifier() -> None:
    clinician = text(Audience.CLINICIAN)
    assert IDENTIFIER in clinician and BORN in clinician
    school = text(Audience.SCHOOL, HandoutPrivacy(show_identifier=True, show_date_of_birth=True))
    assert IDENTIFIER not in school and "Amira" in school


def test_the_rule_in_one_place() -> None:
    everything = HandoutPrivacy(show_identifier=True, show_date_of_birth=True)
    assert shows_identifier(Audience.CLINICIAN) and shows_date_of_birth(Audience.CLINICIAN)
    assert not shows_identifier(Audience.FAMILY) and not shows_date_of_birth(Audience.FAMILY)
    assert shows_identifier(Audience.FAMILY, everything) and shows_date_of_birth(Audience.FAMILY, everything)
    assert not shows_identifier(Audience.SCHOOL, everything)


def test_the_work_handout_never_shows_identifier_or_birth_date() -> None:
    everything = HandoutPrivacy(show_identifier=True, show_date_of_birth=True)
    assert not shows_identifier(Audience.WORK, everything)
    assert not shows_date_of_birth(Audience.WORK, everything)
