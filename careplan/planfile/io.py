"""Reading plan-file bytes into a validated model, with plain-words errors."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from careplan.planfile.errors import PlanFileError, problems_from_validation
from careplan.planfile.schema import FORMAT, FORMAT_VERSION, PlanFileModel

#: Larger files are refused before parsing (a plan with photos is a few MB at most).
MAX_BYTES = 50 * 1024 * 1024


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


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise PlanFileError([f"the field {key!r} appears twice in the same object"])
        out[key] = value
    return out


def _no_constants(name: str) -> Any:
    raise PlanFileError([f"{name} is not a number a plan file may hold (use a whole number)"])


def parse_json(data: bytes) -> Any:
    """Decode and parse; errors say where the file breaks."""
    if not data.strip():
        raise PlanFileError(["the file is empty"])
    if len(data) > MAX_BYTES:
        raise PlanFileError([f"the file is too large ({len(data) // 1_048_576} MB); a plan file is at most 50 MB"])
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
        return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        cut_short = exc.msg.startswith("Unterminated") or exc.pos >= len(text.rstrip())
        hint = " (the file seems to be cut short)" if cut_short else ""
        what = next((plain for start, plain in _JSON_PLAIN if exc.msg.startswith(start)), exc.msg)
        raise PlanFileError(
            [f"the file is not valid JSON: line {exc.lineno}, column {exc.colno}: {what}{hint}"]
        ) from None
    except RecursionError:
        raise PlanFileError(["the file is nested too deeply to be a plan file"]) from None


def _check_format(raw: Any) -> None:
    if not isinstance(raw, dict):
        raise PlanFileError(["the file must hold one JSON object {...} (a plan file)"])
    fmt = raw.get("format")
    if fmt != FORMAT:
        raise PlanFileError([f"format: must be {FORMAT!r}; this is not a Careplan plan file (got {fmt!r})"])
    version = raw.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise PlanFileError(
            [
                f"format_version: this plan file is format {version}, written by a newer version of "
                f"Careplan; this version reads format {FORMAT_VERSION}. Update Careplan to import it."
            ]
        )


def validate(raw: Any) -> PlanFileModel:
    _check_format(raw)
    try:
        return PlanFileModel.model_validate(raw)
    except ValidationError as exc:
        raise PlanFileError(problems_from_validation(exc)) from None


def read_plan_bytes(data: bytes, source: str | None = None) -> PlanFileModel:
    """Parse and validate a plan file; raises PlanFileError naming ``source`` and the field."""
    try:
        return validate(parse_json(data))
    except PlanFileError as exc:
        raise PlanFileError(exc.problems, source=source) from None
