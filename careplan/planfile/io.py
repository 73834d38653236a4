"""Reading plan-file bytes into a validated model, with plain-words errors."""

from __future__ import annotations

import json
import sys
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from careplan.core.limits import MAX_GOALS, MAX_ITEMS
from careplan.planfile.errors import PlanFileError, problems_from_validation
from careplan.planfile.reading import check_format
from careplan.planfile.schema import PlanFileModel

M = TypeVar("M", bound=BaseModel)

#: Larger files are refused before parsing.  A plan without photos is under 1 MB; each photo, as the
#: photo gate keeps it (at most 2000 pixels, JPEG), adds 0.3-1.2 MB in base64, so 40 MB carries
#: some 30 photos, while the file never costs more than a few hundred MB of memory to read.
MAX_BYTES = 40 * 1024 * 1024
#: Objects ({...}) one plan file may hold: 300 items with their dosage and photo, 300 own entries with
#: their cautions, goals, carers and contacts stay under 20,000.  Counted while parsing, so a file of
#: a million tiny items stops at once instead of filling the memory (the item limit then never runs).
MAX_OBJECTS = 100_000


_JSON_PLAIN = (
    ("Expecting value", "a value is missing"),
    ("Expecting ',' delimiter", "a comma is missing"),
    ("Expecting ':' delimiter", "a colon is missing after a field name"),
    ("Expecting property name", "a field name in double quotes is expected (a comma too many?)"),
    ("Unterminated string", "a text in quotes is never closed"),
    ("Extra data", "there is more after the end of the plan"),
    ("Invalid control character", "a text holds a control character"),
    ("Invalid \\escape", "a backslash escape is not valid"),
)


class _Objects:
    """The JSON object hook: refuses a key given twice, and stops after MAX_OBJECTS objects."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        self.count += 1
        if self.count > MAX_OBJECTS:
            raise PlanFileError(
                [
                    f"the file holds more than {MAX_OBJECTS:,} entries, far more than a plan can need "
                    f"(a plan holds at most {MAX_ITEMS} items and {MAX_GOALS} goals)"
                ]
            )
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise PlanFileError([f"the field {key!r} appears twice in the same object"])
            out[key] = value
        return out


def _no_constants(name: str) -> Any:
    raise PlanFileError([f"{name} is not a number a plan file may hold (use a whole number)"])


def check_size(size: int) -> None:
    """Refuse a file larger than MAX_BYTES, before it is read or parsed."""
    if size > MAX_BYTES:
        raise PlanFileError(
            [f"the file is too large ({size / 1_048_576:.1f} MB); a plan file is at most {MAX_BYTES // 1_048_576} MB"]
        )


def parse_json(data: bytes, *, stored: bool = False) -> Any:
    """Decode and parse; errors say where the file breaks.  ``stored``: a file Careplan wrote
    itself (a draft), which the size limits for incoming files must not make unreadable."""
    if not data.strip():
        raise PlanFileError(["the file is empty"])
    if not stored:
        check_size(len(data))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanFileError(
            [
                f"the file is not UTF-8 text: byte 0x{data[exc.start]:02X} at position {exc.start + 1} "
                "cannot be read (save the file as UTF-8)"
            ]
        ) from None
    try:
        hook = _Objects()
        if stored:
            hook.count = -sys.maxsize
        return json.loads(text, object_pairs_hook=hook, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        cut_short = exc.msg.startswith("Unterminated") or exc.pos >= len(text.rstrip())
        hint = " (the file seems to be cut short)" if cut_short else ""
        what = next((plain for start, plain in _JSON_PLAIN if exc.msg.startswith(start)), exc.msg)
        raise PlanFileError(
            [f"the file is not valid JSON: line {exc.lineno}, column {exc.colno}: {what}{hint}"]
        ) from None
    except RecursionError:
        raise PlanFileError(["the file is nested too deeply to be a plan file"]) from None


def validate(raw: Any, *, stored: bool = False) -> PlanFileModel:
    """The plan file model of ``raw``.  ``stored``: a plan Careplan wrote itself (a revision, a draft),
    read without the rules for incoming files (text characters, list limits), so a plan saved before
    those rules stays readable."""
    check_format(raw)
    try:
        return PlanFileModel.model_validate(raw, context={"stored": stored})
    except ValidationError as exc:
        raise PlanFileError(problems_from_validation(exc)) from None


def read_plan_bytes(data: bytes, source: str | None = None, *, stored: bool = False) -> PlanFileModel:
    """Parse and validate a plan file; raises PlanFileError naming ``source`` and the field.

    ``stored``: a file Careplan wrote itself (a draft): see :func:`validate`."""
    try:
        return validate(parse_json(data, stored=stored), stored=stored)
    except PlanFileError as exc:
        raise PlanFileError(exc.problems, source=source) from None


def read_object_bytes(data: bytes, model: type[M], what: str, source: str | None = None) -> M:
    """One object of a plan file on its own (``careplan assess`` reads an ``assessments[]`` object):
    parsed and validated as the plan file's, errors naming ``source`` and the field."""
    try:
        raw = parse_json(data)
        if not isinstance(raw, dict):
            raise PlanFileError([f"the file must hold one JSON object {{...}}: {what}"])
        return model.model_validate(raw)
    except ValidationError as exc:
        raise PlanFileError(problems_from_validation(exc), source=source) from None
    except PlanFileError as exc:
        raise PlanFileError(exc.problems, source=source) from None
