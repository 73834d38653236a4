"""Plain-words errors for plan files: what is wrong and where."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from careplan.core.model import DOSAGE_RANGES
from careplan.errors import UserFacingError

if TYPE_CHECKING:  # pydantic loads where a file is checked, not where a stored plan is read
    from pydantic import ValidationError

_MAX_SHOWN = 8


class PlanFileError(UserFacingError):
    """A plan file that cannot be read or imported.

    ``problems`` holds one line per problem, each starting with the field path,
    e.g. ``plan.interventions[2].dosage.reps: must be between 1 and 200 (got 0)``.
    """

    title: ClassVar[str] = "Cannot read the plan file"

    def __init__(self, problems: Sequence[str], source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        super().__init__(self.message())

    def message(self) -> str:
        where = f"{self.source}: " if self.source else ""
        if len(self.problems) == 1:
            return f"{where}{self.problems[0]}"
        shown = self.problems[:_MAX_SHOWN]
        more = len(self.problems) - len(shown)
        lines = [f"{where}{len(self.problems)} problems:"] + [f"  {p}" for p in shown]
        if more:
            lines.append(f"  ... and {more} more")
        return "\n".join(lines)


def field_path(loc: Sequence[str | int]) -> str:
    """``('plan', 'interventions', 2, 'dosage', 'reps')`` -> ``plan.interventions[2].dosage.reps``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _bounds(loc: Sequence[str | int], ctx: dict[str, Any]) -> tuple[Any, Any] | None:
    name = loc[-1] if loc else None
    if isinstance(name, str) and name in DOSAGE_RANGES:
        return DOSAGE_RANGES[name]
    if name == "gmfcs_level":
        return (1, 5)
    return None


def _describe(error: dict[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    got = error.get("input")
    loc = error["loc"]
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return "is not a field of the plan file (check the spelling)"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bounds = _bounds(loc, ctx)
        if bounds:
            return f"must be between {bounds[0]} and {bounds[1]} (got {_shown(got)})"
        limit = next(iter(ctx.values()), "?")
        word = "at least" if kind.startswith("greater") else "at most"
        return f"must be {word} {limit} (got {_shown(got)})"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"must be a whole number (got {_shown(got)})"
    if kind in ("string_type",):
        return f"must be text in quotes (got {_shown(got)})"
    if kind == "string_unicode":  # JSON's "\ud800" on its own: half of a character pair
        return "holds a broken character (half of a character pair, such as \\ud800); only ordinary text is allowed"
    if kind == "string_too_long":
        length = len(got) if isinstance(got, str) else _shown(got)
        return f"is too long: at most {ctx.get('max_length')} characters (got {length})"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "enum":
        return f"must be one of {ctx.get('expected')} (got {_shown(got)})"
    if kind == "literal_error":
        return f"must be {ctx.get('expected')} (got {_shown(got)})"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"must be an object {{...}} (got {_shown(got)})"
    if kind == "list_type":
        return f"must be a list [...] (got {_shown(got)})"
    # Our own PydanticCustomErrors already speak plainly; so do the rest of pydantic's.
    return str(error["msg"]).removeprefix("Value error, ")


def problems_from_validation(exc: ValidationError) -> list[str]:
    problems: list[str] = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        # A custom error raised by a model validator may carry its own field name.
        message = _describe(dict(error))
        path = field_path(loc)
        if ": " in message and message.split(": ", 1)[0].isidentifier():
            field, message = message.split(": ", 1)
            path = f"{path}.{field}" if path else field
        problems.append(f"{path}: {message}" if path else message)
    return problems
