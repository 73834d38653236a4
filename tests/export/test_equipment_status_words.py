"""Equipment status in plain words on the family and school handouts ("Status: On trial" was jargon)."""

from __future__ import annotations

import pytest

from careplan.core.enums import Audience
from careplan.export import render_handout

from handout_samples import all_text, rich_record


@pytest.mark.parametrize("audience", [Audience.FAMILY, Audience.SCHOOL])
def test_equipment_status_reads_in_plain_words(audience: Audience) -> None:
    text = " ".join(all_text(render_handout(rich_record(), audience)).split())
    assert "Status:" not in text
    assert "On trial" not in text
    assert "We are trying this out." in text  # the seating on trial


def test_the_school_reads_whose_issued_equipment_it_is() -> None:
    text = " ".join(all_text(render_handout(rich_record(), Audience.SCHOOL)).split())
    assert "This is Amira's own, to use as set out below." in text
    assert "yours to use" not in text
