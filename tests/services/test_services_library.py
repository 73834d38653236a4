"""The library a therapist picks from (careplan.services.library): the shipped entries with their own
beside them, fresh ``own.`` codes, refusals that store nothing, and imported entries that never
overwrite the therapist's wording.  (The text rule for own entries: test_own_entry_text.py.)"""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from careplan.catalog import load_library
from careplan.core.enums import Category, GoalDomain, Kind
from careplan.core.library import Library, LibraryGoal, LibraryIntervention
from careplan.services.errors import UserError
from careplan.services.library import (
    add_own_goal,
    add_own_intervention,
    full_library,
    merge_carried_entries,
    new_own_code,
    one_line,
    own_entries,
)
from careplan.services.store import Store
from careplan.storage.models import OwnGoalRow, OwnInterventionRow


def entry(title: str = "Pen grip", code: str = "", **fields: object) -> LibraryIntervention:
    given: dict[str, object] = {
        "kind": Kind.EDUCATION,
        "instructions": "Hold the pen lightly.",
        "categories": frozenset({Category.HAND}),
        "source": "Your own entry",
        **fields,
    }
    return LibraryIntervention(code=code, title=title, **given)  # type: ignore[arg-type]


def goal(text: str = "Write for ___ minutes", code: str = "") -> LibraryGoal:
    return LibraryGoal(code=code, domain=GoalDomain.PARTICIPATION, text=text)


def rows(store: Store) -> tuple[int, int]:
    with store.reads.begin() as session:
        items = session.scalar(select(func.count()).select_from(OwnInterventionRow))
        goals = session.scalar(select(func.count()).select_from(OwnGoalRow))
    return items or 0, goals or 0


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Pen grip", "own.pen_grip"),
        ("  Zoë's   pen-grip!  ", "own.zoe_s_pen_grip"),
        ("Ахмед", "own.entry"),  # no letter survives the ASCII fold: still a valid code
        ("", "own.entry"),
        ("x" * 100, "own." + "x" * 60),
    ],
    ids=["plain", "accents-and-punctuation", "no-latin-letters", "blank", "long"],
)
def test_a_new_own_code_is_made_from_the_title(store: Store, title: str, code: str) -> None:
    with store.reads.begin() as session:
        assert new_own_code(session, title, OwnInterventionRow) == code


def test_a_taken_code_gets_the_next_free_number(store: Store) -> None:
    with store.sessions.begin() as session:
        codes = [add_own_intervention(session, entry()).code for _ in range(3)]
    assert codes == ["own.pen_grip", "own.pen_grip_2", "own.pen_grip_3"]
    with store.sessions.begin() as session:
        session.execute(OwnInterventionRow.__table__.delete().where(OwnInterventionRow.code == "own.pen_grip_2"))
    with store.reads.begin() as session:
        assert new_own_code(session, "Pen grip", OwnInterventionRow) == "own.pen_grip_2"  # the gap is reused
        assert new_own_code(session, "Pen grip", OwnGoalRow) == "own.pen_grip"  # goals have their own codes


def test_a_shipped_code_is_never_kept_for_an_own_entry(store: Store) -> None:
    shipped = load_library().interventions[0]
    copied = dataclasses.replace(shipped, title="My " + shipped.title)
    with store.sessions.begin() as session:
        saved = add_own_intervention(session, copied)
    assert saved.is_own and saved.code.startswith("own.my_")
    assert dataclasses.replace(saved, code=copied.code) == copied  # nothing else changed


def test_an_own_code_already_taken_is_refused_and_nothing_is_stored(store: Store) -> None:
    with store.sessions.begin() as session:
        add_own_intervention(session, entry(code="own.pen_grip"))
        add_own_goal(session, goal(code="own.write"))
    taken_entry = r"^Your library already has an entry with the code 'own.pen_grip'\.$"
    with pytest.raises(UserError, match=taken_entry), store.sessions.begin() as session:
        add_own_intervention(session, entry(title="Another grip", code="own.pen_grip"))
    taken_goal = r"^Your library already has a goal with the code 'own.write'\.$"
    with pytest.raises(UserError, match=taken_goal), store.sessions.begin() as session:
        add_own_goal(session, goal(text="Another goal", code="own.write"))
    assert rows(store) == (1, 1)
    with store.reads.begin() as session:
        items, goals = own_entries(session)
    assert [(i.code, i.title) for i in items] == [("own.pen_grip", "Pen grip")]
    assert [(g.code, g.text) for g in goals] == [("own.write", "Write for ___ minutes")]


def test_the_full_library_lists_own_entries_after_the_shipped_ones(store: Store) -> None:
    shipped = load_library()
    with store.sessions.begin() as session:
        add_own_intervention(session, entry(title="Zip pull"))
        add_own_intervention(session, entry(title="Armrest"))
        add_own_goal(session, goal())
    with store.reads.begin() as session:
        library = full_library(session, shipped)
    assert library.interventions[: len(shipped.interventions)] == shipped.interventions
    own = library.interventions[len(shipped.interventions) :]
    assert [e.title for e in own] == ["Armrest", "Zip pull"]  # by title
    assert [g.code for g in library.goals[len(shipped.goals) :]] == ["own.write_for_minutes"]
    assert (library.version, library.templates) == (shipped.version, shipped.templates)
    assert library.intervention("own.armrest") == own[0]


def test_an_empty_database_gives_the_shipped_library_unchanged(store: Store) -> None:
    shipped = Library(version="test", interventions=(entry(code="edu.pen_grip"),))
    with store.reads.begin() as session:
        assert full_library(session, shipped) == shipped


def test_carried_entries_never_overwrite_the_therapists_own_wording(store: Store) -> None:
    with store.sessions.begin() as session:
        add_own_intervention(session, entry(code="own.pen_grip"))
        add_own_goal(session, goal(code="own.write"))
    arriving_items = (
        entry(code="own.pen_grip", instructions="Someone else's wording."),
        entry(title="Zip pull", code="own.zip_pull"),
        entry(title="Zip pull again", code="own.zip_pull"),  # twice in one file: the first is kept
    )
    arriving_goals = (goal("Their goal ___", code="own.write"), goal("Type for ___ minutes", code="own.type"))
    with store.sessions.begin() as session:
        merge_carried_entries(session, arriving_items, arriving_goals)
    with store.reads.begin() as session:
        items, goals = own_entries(session)
    assert [(i.code, i.title, i.instructions) for i in items] == [
        ("own.pen_grip", "Pen grip", "Hold the pen lightly."),
        ("own.zip_pull", "Zip pull", "Hold the pen lightly."),
    ]
    assert sorted((g.code, g.text) for g in goals) == [
        ("own.type", "Type for ___ minutes"),
        ("own.write", "Write for ___ minutes"),
    ]


def test_a_title_in_a_message_cannot_garble_it() -> None:
    assert one_line("Pen\ngrip\x1b[31m") == "Pen\\u000agrip\\u001b[31m"
    assert one_line("Zoë's grip") == "Zoë's grip"
