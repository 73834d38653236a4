"""The closed vocabularies (careplan.core.enums): every choice a therapist sees is in words."""

from __future__ import annotations

import enum
import inspect

import pytest

from careplan.core import enums
from careplan.core.enums import Side

LABELLED = [
    member
    for _name, cls in inspect.getmembers(enums, inspect.isclass)
    if issubclass(cls, enum.Enum)
    and cls.__module__ == enums.__name__
    and isinstance(cls.__dict__.get("label"), property)
    for member in cls
]


def test_every_vocabulary_with_labels_was_found() -> None:
    kinds = {type(m).__name__ for m in LABELLED}
    assert {"Category", "Kind", "Side", "Setting", "EquipmentStatus", "Pattern", "NeckLevel"} <= kinds


@pytest.mark.parametrize("member", LABELLED, ids=lambda m: f"{type(m).__name__}.{m.name}")
def test_every_label_is_words_never_a_bare_mark(member: enum.Enum) -> None:
    label = member.label  # type: ignore[attr-defined]
    assert any(c.isalpha() for c in label), f"{member!r} is shown as {label!r}"
    assert label == label.strip() and label[0].isupper()


def test_each_side_says_what_it_means() -> None:
    assert [s.label for s in Side] == ["Left", "Right", "Both sides", "Not side-specific"]
    assert Side.NONE.description == "Has no left or right, for example a neck or trunk exercise"
    assert len({s.description for s in Side}) == len(Side)
