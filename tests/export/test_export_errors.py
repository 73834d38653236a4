"""The one error a handout build reports (careplan.export.errors.HandoutError): every refusal of the
renderer is one, in words naming what to change, and the command line shows it as one line, exit 2."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from careplan.cli import EXIT_BAD_INPUT
from careplan.core.enums import Audience
from careplan.core.model import Photo
from careplan.export import render_handout
from careplan.export.errors import HandoutError

from handout_samples import CLINIC, rich_record
from support.db import example_document


@pytest.mark.parametrize(
    ("audience", "options", "message"),
    [
        (Audience.FAMILY, {"paper": "A5"}, "Paper size 'A5' is not available: choose A4 or Letter."),
        (
            Audience.CLINICIAN,
            {"large_print": True},
            "Large print is available for the family and school handouts, not the clinical summary (confidential).",
        ),
        (
            Audience.SCHOOL,
            {"clinic": dataclasses.replace(CLINIC, logo=Photo("image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 30))},
            "The clinic logo in the settings is",
        ),
    ],
    ids=["unknown-paper", "large-print-summary", "damaged-logo"],
)
def test_each_refusal_is_a_handout_error_in_plain_words(
    audience: Audience, options: dict[str, Any], message: str
) -> None:
    clinic = options.pop("clinic", CLINIC)
    with pytest.raises(HandoutError) as refused:
        render_handout(rich_record(), audience, clinic, **options)
    assert str(refused.value).startswith(message)
    assert "Traceback" not in str(refused.value) and "\n" not in str(refused.value)


def test_the_command_line_shows_a_handout_error_as_one_line(run: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """However the build fails (a photo stored before the gate, a broken font), the therapist reads
    one line and the exit status says "bad input", and no file is written."""
    import careplan.services.handouts

    plan_id = run.import_ok(example_document())

    def refuse(*args: object, **kwargs: object) -> bytes:
        raise HandoutError("The photo attached to 'Chin tuck' is a damaged JPEG image.")

    monkeypatch.setattr(careplan.services.handouts, "render_handout", refuse)
    target = run.tmp / "handout.pdf"
    code, _, err = run("handout", str(plan_id), "--for", "family", "-o", str(target))
    assert code == EXIT_BAD_INPUT
    assert len(err.strip().splitlines()) == 1, err
    assert "The photo attached to 'Chin tuck' is a damaged JPEG image." in err
    assert not target.exists()
