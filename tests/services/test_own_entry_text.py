"""Own library entries saved from the desktop follow the text rule plan files and the library follow."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from careplan.core.enums import Category, GoalDomain, Kind
from careplan.core.library import Caution, LibraryGoal, LibraryIntervention
from careplan.services.errors import UserError
from careplan.services.library import add_own_goal, add_own_intervention
from careplan.services.store import Store
from careplan.storage.models import OwnGoalRow, OwnInterventionRow


def entry(**fields: object) -> LibraryIntervention:
    base: dict[str, object] = {
        "code": "",
        "kind": Kind.EDUCATION,
        "title": "Pen grip",
        "instructions": "Hold the pen lightly.",
        "categories": frozenset({Category.HAND}),
        "source": "Your own entry",
    }
    return LibraryIntervention(**{**base, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"title": "Pen\x1b[31m grip"}, "title: holds a control character, U+001B (ESC), at position 4"),
        ({"title": "Pen\tgrip"}, "title: holds a U+0009 (tab) at position 4; this field is one line of text"),
        ({"instructions": "Hold\0 lightly"}, "instructions: holds a control character, U+0000 (NUL)"),
        ({"referral_reason": "Because\u202e"}, "referral reason: holds a character that reverses"),
        ({"cautions": (Caution(text="Stop if\x07 painful"),)}, "caution 1 text: holds a control character, U+0007"),
    ],
    ids=["esc-in-title", "tab-in-title", "nul-in-instructions", "bidi-in-reason", "bel-in-caution"],
)
def test_own_entry_with_a_refused_character_is_not_stored(store: Store, fields: dict[str, object], words: str) -> None:
    with pytest.raises(UserError) as caught, store.sessions.begin() as session:
        add_own_intervention(session, entry(**fields))
    assert words in str(caught.value) and str(caught.value).startswith("The library entry 'Pen")
    with store.reads.begin() as session:
        assert session.scalar(select(func.count()).select_from(OwnInterventionRow)) == 0


def test_own_goal_with_a_control_character_is_not_stored(store: Store) -> None:
    goal = LibraryGoal(code="", domain=GoalDomain.PAIN, text="Pain under ___\x1b[5m")
    refused = r"The library goal: text: holds a control character, U\+001B"
    with pytest.raises(UserError, match=refused), store.sessions.begin() as session:
        add_own_goal(session, goal)
    with store.reads.begin() as session:
        assert session.scalar(select(func.count()).select_from(OwnGoalRow)) == 0


def test_windows_line_endings_are_stored_as_new_lines(store: Store) -> None:
    with store.sessions.begin() as session:
        saved = add_own_intervention(session, entry(instructions="One\r\nTwo"))
    assert saved.instructions == "One\nTwo"
