"""What goes wrong when the library files are read, said in words a therapist understands."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from careplan.errors import UserFacingError


@dataclass(frozen=True, slots=True)
class CatalogProblem:
    """One thing wrong in one library file.

    ``entry`` names the entry by its code (``'neck.mirror_midline_hold'``) or,
    when it has no usable code, by its position (``entry 3``, counting from 1).
    ``field`` is the dotted path inside the entry (``dosage.reps``,
    ``cautions[1].text``; list positions also count from 1).
    """

    file: str
    message: str
    entry: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.entry:
            parts.append(self.entry)
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


class CatalogError(UserFacingError):
    """The library files could not be read: every problem found, one per line."""

    def __init__(self, problems: Iterable[CatalogProblem]) -> None:
        self.problems: tuple[CatalogProblem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("CatalogError needs at least one problem")
        super().__init__("\n".join(str(p) for p in self.problems))
