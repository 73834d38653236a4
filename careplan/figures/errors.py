"""What is wrong in the drawings' files: light, so the screen can catch it without the loader."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from careplan.errors import UserFacingError


@dataclass(frozen=True, slots=True)
class FigureProblem:
    file: str
    message: str
    entry: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        return ": ".join(p for p in (self.file, self.entry, self.field, self.message) if p)


class FigureError(UserFacingError):
    """The drawings' files could not be read: every problem found, one per line."""

    title = "Drawings not loaded"

    def __init__(self, problems: Iterable[FigureProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
