"""What a save checks: that the document it writes is one a plan file may hold.

A revision must always be exportable and importable again, so a save holds the plan to the rules
of the plan file (``schema``): the text rule (``core.text``), the lengths and the list limits.
Validating the whole document with pydantic on every save costs about as much as the rest of the
save's Python, so a save first makes one quick pass over the document with what the schema
declares, read from the schema itself: which keys hold multi-line text, the longest text each key
may hold, and the limited lists.  Only a document in which that pass finds something that *might*
be refused is validated in full, which then says precisely what is wrong (or passes it).  The pass
is conservative: a key that is one line anywhere in the schema is checked as one line everywhere.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any

from annotated_types import MaxLen
from pydantic import BaseModel

from careplan.core.limits import NOUNS
from careplan.core.text import refused_pattern
from careplan.planfile.io import validate
from careplan.planfile.schema import TEXT_RULES, PlanFileModel


def check_for_saving(document: dict[str, Any]) -> None:
    """Raise PlanFileError (naming the field) when ``document`` holds what a plan file may not."""
    if _suspect(document):
        validate(document)


@cache
def _declared() -> tuple[frozenset[str], dict[str, int]]:
    """Keys whose text is multi-line wherever the schema declares them, and the shortest maximum
    length the schema gives each key."""
    multi: dict[str, bool] = {}
    longest: dict[str, int] = {}

    def text(key: str, metadata: list[Any]) -> None:
        for rule, multiline in TEXT_RULES:
            if rule in metadata:
                multi[key] = multi.get(key, True) and multiline
        for item in metadata:
            limit = getattr(item, "max_length", None) if not isinstance(item, MaxLen) else item.max_length
            if limit is not None:
                longest[key] = min(longest.get(key, limit), limit)

    def annotation(key: str, ann: Any, metadata: list[Any]) -> None:
        origin = typing.get_origin(ann)
        if origin is typing.Annotated:
            inner, *extra = typing.get_args(ann)
            annotation(key, inner, [*metadata, *extra])
        elif origin in (list, tuple, typing.Union, types.UnionType):
            for arg in typing.get_args(ann):
                # A list's own constraints (how many) are not its strings'.
                annotation(key, arg, [] if origin is list else metadata)
        elif isinstance(ann, type) and issubclass(ann, BaseModel):
            model(ann)
        elif ann is str:
            text(key, metadata)

    seen: set[type[BaseModel]] = set()

    def model(cls: type[BaseModel]) -> None:
        if cls in seen:
            return
        seen.add(cls)
        for name, field in cls.model_fields.items():
            annotation(field.alias or name, field.annotation, list(field.metadata))

    model(PlanFileModel)
    return frozenset(k for k, v in multi.items() if v), longest


def declared_text() -> frozenset[str]:
    """Every key the schema declares as text that a therapist types (checked by the text rule)."""
    multi, longest = _declared()
    return multi | frozenset(longest)


def _suspect(document: dict[str, Any]) -> bool:
    multi, longest = _declared()
    return _suspect_node(document, "", multi, longest, refused_pattern(True).search, refused_pattern(False).search)


def _suspect_node(
    node: Any,
    key: str,
    multi: frozenset[str],
    longest: dict[str, int],
    in_lines: Callable[[str], object],
    in_one_line: Callable[[str], object],
) -> bool:
    """One plain recursive pass with plain loops: this runs on every save."""
    kind = type(node)
    if kind is str:
        found = in_lines(node) if key in multi else in_one_line(node)
        # An empty value (a required title) is the schema's to judge.
        return found is not None or len(node) > longest.get(key, len(node)) or not node.strip()
    if kind is dict:
        for name, value in node.items():  # noqa: SIM110 - a loop costs less than any() over a generator
            if _suspect_node(value, name, multi, longest, in_lines, in_one_line):
                return True
        return False
    if kind is list:
        limit = NOUNS.get(key)
        if limit is not None and len(node) > limit[1]:
            return True
        for value in node:
            if _suspect_node(value, key, multi, longest, in_lines, in_one_line):
                return True
    return False
