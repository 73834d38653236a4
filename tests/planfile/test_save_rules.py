"""The quick pass a save makes (``planfile.saving``) refuses exactly what the plan file refuses.

Every text value of a full plan is replaced in turn by values the schema refuses or accepts
(a control character, a line break, a tab, far too long, empty, ordinary), and every limited list
is filled past its limit: ``check_for_saving`` must raise exactly when full validation does.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from careplan.core.limits import NOUNS
from careplan.planfile import PlanFileError
from careplan.planfile.io import validate
from careplan.planfile.saving import check_for_saving, declared_text

from support.plans import full_document

#: Keys the schema declares as text a therapist types. Dates and choices are written by the program;
#: library codes follow a pattern checked where an own entry is made (``services.library``); the scales
#: catalog's codes (a scale, a movement) are checked with the whole assessment wherever one is written
#: (``services.assessments``: revisions never hold assessments).
TEXT_KEYS = declared_text() - {"code", "catalog_code", "scale", "movement"}

VALUES = {
    "esc": "Chin \x1b[2Jtuck",
    "new line": "Step 1\nStep 2",
    "tab": "Step 1\tslowly",
    "bidi override": "turn \u202eleft",
    "too long": "word " * 2_500,
    "empty": "",
    "ordinary": "3² times, ½ min",
}


def text_paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from text_paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from text_paths(value, (*path, index))
    elif isinstance(node, str) and _key(path) in TEXT_KEYS:
        yield path


def _key(path: tuple[Any, ...]) -> Any:
    """The key a value is under (a list's key for its elements)."""
    return next(part for part in reversed(path) if isinstance(part, str))


def replaced(document: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    node: Any = changed
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return changed


def refused_by_validation(document: dict[str, Any]) -> bool:
    try:
        validate(document)
    except PlanFileError:
        return True
    return False


def refused_on_save(document: dict[str, Any]) -> bool:
    try:
        check_for_saving(document)
    except PlanFileError:
        return True
    return False


DOCUMENT = full_document()
PATHS = list(text_paths(DOCUMENT))


def test_the_full_plan_has_text_everywhere_and_saves() -> None:
    assert len(PATHS) > 40
    assert not refused_on_save(DOCUMENT)


@pytest.mark.parametrize("kind", VALUES)
def test_each_text_field_is_judged_as_the_plan_file_judges_it(kind: str) -> None:
    disagree = []
    for path in PATHS:
        document = replaced(DOCUMENT, path, VALUES[kind])
        if refused_on_save(document) != refused_by_validation(document):
            disagree.append(".".join(map(str, path)))
    assert disagree == []


@pytest.mark.parametrize("key", ["interventions", "goals", "carers", "contacts", "regions"])
def test_a_list_past_its_limit_is_refused(key: str) -> None:
    limit = NOUNS[key][1]
    path = next(p for p in text_paths(DOCUMENT) if key in p)
    where = path[: path.index(key) + 1]
    node: Any = DOCUMENT
    for part in where:
        node = node[part]
    document = replaced(DOCUMENT, where, [copy.deepcopy(node[0]) for _ in range(limit + 1)])
    assert refused_on_save(document) and refused_by_validation(document)
