"""One base class for every error a user can act on (``careplan.errors.UserFacingError``).

The desktop picks the message box's title by it and the command line exits 2 with one
line by it; anything else is a fault of the program (logged, exit 1).
"""

from __future__ import annotations

from typing import Any

import pytest

from careplan.catalog.errors import CatalogError, CatalogProblem
from careplan.cli import EXIT_BAD_INPUT, EXIT_FAILURE, Cli
from careplan.errors import UserFacingError
from careplan.export.errors import HandoutError
from careplan.export.fonts import FontMissingError
from careplan.planfile import PlanFileError
from careplan.services.errors import NotFoundError, PlanConflict, UserError
from careplan.settings import SettingsError
from careplan.storage.db import DatabaseBusy, DatabaseError, DatabaseUnreachable


@pytest.mark.parametrize(
    ("error", "title"),
    [
        (UserError("That identifier belongs to another patient."), "Not done"),
        (NotFoundError("There is no plan with id 41."), "Not done"),
        (PlanConflict(3, 1, 2), "Not saved: the plan changed elsewhere"),
        (DatabaseError("The database file is damaged."), "Not done"),
        (DatabaseBusy(), "Not done"),
        (DatabaseUnreachable("The server did not answer."), "Not done"),
        (PlanFileError(["plan.title: must not be empty"], "a.json"), "Cannot read the plan file"),
        (SettingsError("settings.json: not valid JSON"), "Not done"),
        (CatalogError([CatalogProblem("neck.toml", "is not valid TOML")]), "Not done"),
        (HandoutError("The photo attached to 'Chin tuck' is not a readable image."), "Not done"),
        (FontMissingError("The handout font DejaVuSans.ttf cannot be read"), "Not done"),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, Exception) else "",
)
def test_every_error_a_user_can_meet_is_user_facing_with_a_title(error: Exception, title: str) -> None:
    assert isinstance(error, UserFacingError)
    assert error.title == title and str(error)


def test_the_command_line_says_a_user_facing_error_in_one_line_exit_2(run: Any, monkeypatch: Any) -> None:
    """By type: a FontMissingError (a broken installation, which the user can repair) was not named in the
    command line's old list of error names and ended as "an unexpected problem", exit 1."""

    def broken_font(cli: Cli) -> None:
        raise FontMissingError("The handout font /usr/share/careplan/DejaVuSans.ttf cannot be read")

    monkeypatch.setattr(Cli, "cmd_list", broken_font)
    code, out, err = run("list")
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err == "careplan list: The handout font /usr/share/careplan/DejaVuSans.ttf cannot be read\n"


def test_an_error_merely_named_like_one_is_a_fault(run: Any, monkeypatch: Any) -> None:
    def bug(cli: Cli) -> None:
        raise type("HandoutError", (Exception,), {})("not for the user")

    monkeypatch.setattr(Cli, "cmd_list", bug)
    code, _out, err = run("list")
    assert code == EXIT_FAILURE and "unexpected problem" in err and "not for the user" not in err
