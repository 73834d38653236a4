"""Read the library folder (``resources/catalog``) into a ``careplan.core.library.Library``.

Every ``*.toml`` file in the folder is read in name order.  ``library.toml`` holds
the library version; each other file holds ``[[intervention]]``, ``[[goal]]`` and
``[[template]]`` tables.  Everything is checked before anything is returned: a
broken file raises ``CatalogError`` listing every problem found, each naming the
file, the entry and the field.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from careplan.catalog.errors import CatalogError, CatalogProblem
from careplan.catalog.schema import (
    TABLES,
    ActionPlanEntry,
    CautionEntry,
    GoalEntry,
    InterventionEntry,
    LibraryHeader,
    MovementEntry,
    ScaleEntry,
    SourceEntry,
    TemplateEntry,
    kind_problems,
    scale_problems,
)
from careplan.core.library import (
    ActionLevel,
    ActionPlanText,
    Caution,
    Library,
    LibraryGoal,
    LibraryIntervention,
    Source,
    Template,
)
from careplan.core.model import DOSAGE_RANGES, Dosage
from careplan.core.resources import resource_path
from careplan.core.scales import RomMovement, ScaleDefinition, ScaleItem, Subscale

_E = TypeVar("_E", InterventionEntry, GoalEntry, TemplateEntry, SourceEntry, ActionPlanEntry, ScaleEntry, MovementEntry)

#: The one table that is not a list: ``[action_plan]`` (in ``action-plan.toml``).
ACTION_PLAN_TABLE = "action_plan"

#: The file that holds the library version (and no entries).
LIBRARY_FILE = "library.toml"

#: A library file larger than this is refused before it is read: the largest shipped file is
#: under 100 KB, so 5 MB leaves room for fifty times the library and keeps a mistaken (or
#: hostile) file from filling the memory.
MAX_FILE_BYTES = 5 * 1024 * 1024


def default_directory() -> Path:
    """The library shipped with the program."""
    return resource_path("catalog")


def load_library(directory: Path | None = None) -> Library:
    """The library in ``directory``, or the shipped one (read once, then cached).

    Raises ``CatalogError`` when any file is broken.
    """
    if directory is None or Path(directory).resolve() == default_directory().resolve():
        return _load_shipped()
    return read_library(Path(directory))


@functools.lru_cache(maxsize=1)
def _load_shipped() -> Library:
    return read_library(default_directory())


def clear_cache() -> None:
    """Forget the cached shipped library (for tests and after the files change)."""
    _load_shipped.cache_clear()


@dataclass(frozen=True, slots=True)
class _Read(Generic[_E]):
    """An entry that passed its own checks, with where it came from."""

    file: str
    label: str
    entry: _E


@dataclass
class _Entries:
    """Everything read so far, by table."""

    interventions: list[_Read[InterventionEntry]] = field(default_factory=list)
    goals: list[_Read[GoalEntry]] = field(default_factory=list)
    templates: list[_Read[TemplateEntry]] = field(default_factory=list)
    sources: list[_Read[SourceEntry]] = field(default_factory=list)
    scales: list[_Read[ScaleEntry]] = field(default_factory=list)
    movements: list[_Read[MovementEntry]] = field(default_factory=list)
    action_plan: _Read[ActionPlanEntry] | None = None

    def add(self, file: str, label: str, entry: BaseModel) -> None:
        if isinstance(entry, SourceEntry):
            self.sources.append(_Read(file, label, entry))
        if isinstance(entry, InterventionEntry):
            self.interventions.append(_Read(file, label, entry))
        elif isinstance(entry, GoalEntry):
            self.goals.append(_Read(file, label, entry))
        elif isinstance(entry, TemplateEntry):
            self.templates.append(_Read(file, label, entry))
        elif isinstance(entry, ScaleEntry):
            self.scales.append(_Read(file, label, entry))
        elif isinstance(entry, MovementEntry):
            self.movements.append(_Read(file, label, entry))

    def coded(self) -> Iterator[_Read[InterventionEntry] | _Read[GoalEntry] | _Read[TemplateEntry]]:
        yield from self.interventions
        yield from self.goals
        yield from self.templates


def read_library(directory: Path) -> Library:
    """Read and check every file in ``directory``; never cached."""
    if not directory.is_dir():
        raise CatalogError([CatalogProblem(file=str(directory), message="the library folder does not exist")])
    problems: list[CatalogProblem] = []
    header: LibraryHeader | None = None
    read = _Entries()

    for path in sorted(directory.glob("*.toml")):
        data = _parse(path, problems)
        if data is None:
            continue
        if path.name == LIBRARY_FILE:
            header = _validate_header(path.name, data, problems)
            continue
        for table, value in data.items():
            _read_table(path.name, table, value, read, problems)

    if header is None and not any(p.file == LIBRARY_FILE for p in problems):
        problems.append(
            CatalogProblem(
                file=LIBRARY_FILE,
                field="version",
                message=f"is required: the folder {directory} has no {LIBRARY_FILE}",
            )
        )
    _check_codes_unique(read, problems)
    _check_source_keys_unique(read, problems)
    _check_scale_codes_unique(read, problems)
    if not problems:
        # Only once every entry reads cleanly, so a broken entry is not reported again
        # as "unknown code" by each template that uses it.
        _check_templates(read, problems)
        _check_citations(read, problems)
        _check_progressions(read, problems)
    if problems or header is None:
        raise CatalogError(problems)
    sources = {r.entry.key: _source(r.entry) for r in read.sources}
    return Library(
        version=header.version,
        interventions=tuple(_intervention(r.entry, sources) for r in read.interventions),
        goals=tuple(_goal(r.entry, sources) for r in read.goals),
        templates=tuple(_template(r.entry, sources) for r in read.templates),
        sources=tuple(sources.values()),
        action_plan=_action_plan(read.action_plan.entry, sources) if read.action_plan else None,
        scales=tuple(_scale(r.entry, sources) for r in read.scales),
        movements=tuple(_movement(r.entry) for r in read.movements),
    )


# --- reading and checking ------------------------------------------------------------------------

_TOML_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$|\s*\(at end of document\)\s*$")
_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_-]+)\s*\]\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")
_CODE_LINE = re.compile(r"""^\s*code\s*=\s*["']([^"'\n]+)["']""")


def size_problem(path: Path) -> CatalogProblem | None:
    """A problem when ``path`` is larger than a library file may be (checked before reading it)."""
    try:
        size = path.stat().st_size
    except OSError:
        return None  # reading it says why
    if size <= MAX_FILE_BYTES:
        return None
    return CatalogProblem(
        file=path.name,
        message=f"is too large ({size / 1_048_576:.1f} MB); a library file is at most {MAX_FILE_BYTES // 1_048_576} MB",
    )


def _parse(path: Path, problems: list[CatalogProblem]) -> dict[str, Any] | None:
    if too_large := size_problem(path):
        problems.append(too_large)
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        problems.append(CatalogProblem(file=path.name, message="is not UTF-8 text"))
        return None
    except OSError as exc:
        problems.append(CatalogProblem(file=path.name, message=f"cannot be read ({exc.strerror})"))
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problems.append(_toml_problem(path.name, text, str(exc)))
        return None


def _toml_problem(file: str, text: str, error: str) -> CatalogProblem:
    """Say where a TOML syntax error is: the line, and the entry and key on it where we can tell."""
    match = _TOML_WHERE.search(error)
    reason = error[: match.start()] if match else error
    if not match or match.group(1) is None:
        return CatalogProblem(file=file, message=f"not valid TOML at the end of the file: {reason}")
    line, column = int(match.group(1)), int(match.group(2))
    lines = text.splitlines()
    entry = key = None
    # The entry is the nearest [[table]] above the line: say its code, or its position.
    header_at = next((n for n in range(min(line, len(lines)), 0, -1) if _table_name(lines[n - 1])), None)
    if header_at is not None:
        table = _table_name(lines[header_at - 1])
        position = sum(1 for row in lines[:header_at] if _table_name(row) == table)
        entry = f"entry {position}"
        for row in lines[header_at:]:
            if _table_name(row):
                break
            if code := _CODE_LINE.match(row):
                entry = f"entry {code.group(1)!r}"
                break
    if 1 <= line <= len(lines) and (found := _KEY.match(lines[line - 1])):
        key = found.group(1)
    return CatalogProblem(
        file=file,
        entry=entry,
        field=key,
        message=f"not valid TOML at line {line}, column {column}: {reason}",
    )


def _table_name(line: str) -> str | None:
    match = _HEADER.match(line)
    return match.group(1) if match else None


def _validate_header(file: str, data: dict[str, Any], problems: list[CatalogProblem]) -> LibraryHeader | None:
    try:
        return LibraryHeader.model_validate(data)
    except ValidationError as exc:
        problems.extend(_problems(file, None, exc))
        return None


def _read_table(
    file: str,
    table: str,
    value: Any,
    read: _Entries,
    problems: list[CatalogProblem],
) -> None:
    if table == "version":
        problems.append(CatalogProblem(file=file, field=table, message=f"only {LIBRARY_FILE} sets the version"))
        return
    if table == ACTION_PLAN_TABLE:
        _read_action_plan(file, value, read, problems)
        return
    model = TABLES.get(table)
    if model is None:
        known = ", ".join(f"[[{name}]]" for name in TABLES)
        problems.append(
            CatalogProblem(file=file, field=table, message=f"is not a table the library knows (use {known})")
        )
        return
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        problems.append(CatalogProblem(file=file, field=table, message=f"each entry must be a [[{table}]] table"))
        return
    for position, raw in enumerate(value, start=1):
        code = raw.get("code", raw.get("key"))
        label = f"entry {code!r}" if isinstance(code, str) and code.strip() else f"entry {position}"
        try:
            entry = model.model_validate(raw)
        except ValidationError as exc:
            problems.extend(_problems(file, label, exc))
            continue
        bad = _entry_problems(entry)
        if bad:
            problems.extend(CatalogProblem(file=file, entry=label, field=f, message=m) for f, m in bad)
            continue
        read.add(file, label, entry)


def _entry_problems(entry: BaseModel) -> list[tuple[str, str]]:
    """Checks across the fields of one entry, beyond what each field's own type checks."""
    if isinstance(entry, InterventionEntry):
        return kind_problems(entry)
    if isinstance(entry, ScaleEntry):
        return scale_problems(entry)
    return []


def _read_action_plan(file: str, value: Any, read: _Entries, problems: list[CatalogProblem]) -> None:
    label = "the action plan"
    if not isinstance(value, dict):
        problems.append(CatalogProblem(file=file, field=ACTION_PLAN_TABLE, message="must be one [action_plan] table"))
        return
    if read.action_plan is not None:
        problems.append(
            CatalogProblem(
                file=file,
                field=ACTION_PLAN_TABLE,
                message=f"the library has one action plan (also in {read.action_plan.file})",
            )
        )
        return
    try:
        entry = ActionPlanEntry.model_validate(value)
    except ValidationError as exc:
        problems.extend(_problems(file, label, exc))
        return
    read.action_plan = _Read(file, label, entry)


def _check_citations(read: _Entries, problems: list[CatalogProblem]) -> None:
    """Every key in ``sources`` names a ``[[source]]`` table."""
    known = {r.entry.key for r in read.sources}
    citing: list[_Read[Any]] = [*read.interventions, *read.goals, *read.templates, *read.scales]
    if read.action_plan is not None:
        citing.append(read.action_plan)
    for r in citing:
        for position, key in enumerate(r.entry.sources, start=1):
            if key not in known:
                problems.append(
                    CatalogProblem(
                        file=r.file,
                        entry=r.label,
                        field=f"sources[{position}]",
                        message=f"no [[source]] table has the key {key!r}",
                    )
                )


def _check_progressions(read: _Entries, problems: list[CatalogProblem]) -> None:
    """``easier`` and ``harder`` name another entry that shares a category."""
    by_code = {r.entry.code: r.entry for r in read.interventions}
    for r in read.interventions:
        for name in ("easier", "harder"):
            code = getattr(r.entry, name)
            if code is None:
                continue
            other = by_code.get(code)
            if other is None:
                message = f"no library entry has the code {code!r}"
            elif code == r.entry.code:
                message = "names the entry itself"
            elif not set(other.categories) & set(r.entry.categories):
                message = f"{code!r} shares no category with this entry"
            else:
                continue
            problems.append(CatalogProblem(file=r.file, entry=r.label, field=name, message=message))


def _check_codes_unique(read: _Entries, problems: list[CatalogProblem]) -> None:
    _check_unique(
        ((r, r.entry.code) for r in read.coded()),
        "code",
        lambda code, where: f"{code!r} is used more than once (also in {where})",
        problems,
    )


def _check_source_keys_unique(read: _Entries, problems: list[CatalogProblem]) -> None:
    _check_unique(
        ((r, r.entry.key) for r in read.sources),
        "key",
        lambda key, where: f"the source {key!r} is listed more than once (also in {where})",
        problems,
    )


def _check_scale_codes_unique(read: _Entries, problems: list[CatalogProblem]) -> None:
    """Scales and movements each have their own codes (``bads``, ``neck_rotation``)."""
    _check_unique(
        ((r, r.entry.code) for r in read.scales),
        "code",
        lambda code, where: f"the scale {code!r} is listed more than once (also in {where})",
        problems,
    )
    _check_unique(
        ((r, r.entry.code) for r in read.movements),
        "code",
        lambda code, where: f"the movement {code!r} is listed more than once (also in {where})",
        problems,
    )


def _check_unique(
    named: Iterable[tuple[_Read[Any], str]],
    field: str,
    message: Callable[[str, str], str],
    problems: list[CatalogProblem],
) -> None:
    """Report every entry whose ``field`` repeats one read before it, naming the first file."""
    first: dict[str, str] = {}
    for r, value in named:
        if value in first:
            problems.append(
                CatalogProblem(file=r.file, entry=r.label, field=field, message=message(value, first[value]))
            )
        else:
            first[value] = r.file


def _check_templates(read: _Entries, problems: list[CatalogProblem]) -> None:
    interventions = {r.entry.code: r.entry for r in read.interventions}
    goals = {r.entry.code: r.entry for r in read.goals}
    for r in read.templates:
        template = r.entry
        category = template.category
        for position, code in enumerate(template.interventions, start=1):
            item = interventions.get(code)
            if item is None:
                message = f"no library entry has the code {code!r}"
            elif category not in item.categories:
                message = f"{code!r} does not list {category.value!r} in its categories"
            else:
                continue
            problems.append(
                CatalogProblem(file=r.file, entry=r.label, field=f"interventions[{position}]", message=message)
            )
        for position, code in enumerate(template.goals, start=1):
            goal = goals.get(code)
            if goal is None:
                message = f"no library goal has the code {code!r}"
            elif goal.categories and category not in goal.categories:
                message = f"{code!r} does not list {category.value!r} in its categories"
            else:
                continue
            problems.append(CatalogProblem(file=r.file, entry=r.label, field=f"goals[{position}]", message=message))


# --- pydantic errors in plain words --------------------------------------------------------------


def _problems(file: str, label: str | None, exc: ValidationError) -> list[CatalogProblem]:
    out = []
    for error in exc.errors(include_url=False):
        field, message = _describe(error)
        out.append(CatalogProblem(file=file, entry=label, field=field or None, message=message))
    return out


def _field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part + 1}]"
        elif part.isidentifier():
            path += f".{part}" if path else part
        # other parts name pydantic's internal validators, not fields: leave them out
    return path


def _got(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _describe(error: Any) -> tuple[str, str]:
    loc = tuple(error["loc"])
    field = _field_path(loc)
    kind = error["type"]
    ctx = error.get("ctx") or {}
    got = _got(error.get("input"))
    names = [p for p in loc if isinstance(p, str)]
    if kind in ("greater_than_equal", "less_than_equal") and len(names) >= 2 and names[-2] == "dosage":
        low, high = DOSAGE_RANGES[names[-1]]
        return field, f"must be between {low} and {high} (got {got})"
    messages = {
        "missing": "is required",
        "extra_forbidden": "is not a field the library knows (check the spelling)",
        "enum": f"must be one of {ctx.get('expected', '')} (got {got})",
        "greater_than_equal": f"must be at least {ctx.get('ge')} (got {got})",
        "less_than_equal": f"must be at most {ctx.get('le')} (got {got})",
        "int_type": f"must be a whole number (got {got})",
        "bool_type": f"must be true or false (got {got})",
        "string_type": f"must be text in quotes (got {got})",
        "list_type": f"must be a list in square brackets (got {got})",
        "model_type": f"must be a table (got {got})",
        "too_short": "must not be an empty list",
        "string_pattern_mismatch": f"must look like 2026.11 (got {got})"
        if names[-1:] == ["version"]
        else f"is not in the expected form (got {got})",
    }
    return field, messages.get(kind, error["msg"])


# --- conversion to core types --------------------------------------------------------------------


def _source(entry: SourceEntry) -> Source:
    return Source(
        key=entry.key,
        type=entry.type,
        authors=entry.authors,
        year=entry.year,
        title=entry.title,
        published_in=entry.published_in,
        doi=entry.doi,
        url=entry.url,
        checked=entry.checked,
    )


def _cited(keys: list[str], sources: dict[str, Source]) -> tuple[Source, ...]:
    return tuple(sources[key] for key in keys)


def _short(cited: tuple[Source, ...]) -> str:
    return "; ".join(s.short for s in cited)


def _caution(entry: CautionEntry) -> Caution:
    return Caution(
        text=entry.text,
        categories=frozenset(entry.categories),
        cervical_forms=frozenset(entry.cervical_forms),
        family=entry.family,
        regions=frozenset(entry.regions),
        patterns=frozenset(entry.patterns),
    )


def _intervention(entry: InterventionEntry, sources: dict[str, Source]) -> LibraryIntervention:
    cited = _cited(entry.sources, sources)
    return LibraryIntervention(
        code=entry.code,
        kind=entry.kind,
        title=entry.title,
        instructions=entry.instructions,
        categories=frozenset(entry.categories),
        source=_short(cited),
        sources=cited,
        patterns=frozenset(entry.patterns),
        forms=frozenset(entry.forms),
        easier=entry.easier,
        harder=entry.harder,
        toxin_phases=frozenset(entry.toxin_phases),
        ages=frozenset(entry.ages),
        positioning=bool(entry.positioning),
        school_instructions=entry.school_instructions,
        clinician_note=entry.clinician_note,
        dosage=Dosage(**entry.dosage.model_dump()) if entry.dosage else None,
        wear_schedule=entry.wear_schedule,
        skin_checks=entry.skin_checks,
        setting=entry.setting,
        status=entry.status,
        referral_to=entry.referral_to,
        referral_reason=entry.referral_reason,
        audiences=frozenset(entry.audiences or ()),
        regions=tuple(entry.regions),
        cautions=tuple(_caution(c) for c in entry.cautions),
    )


def _goal(entry: GoalEntry, sources: dict[str, Source]) -> LibraryGoal:
    cited = _cited(entry.sources, sources)
    return LibraryGoal(
        code=entry.code,
        domain=entry.domain,
        text=entry.text,
        categories=frozenset(entry.categories),
        source=_short(cited) or None,
        sources=cited,
        gas=tuple(entry.gas),
        ages=frozenset(entry.ages),
    )


def _template(entry: TemplateEntry, sources: dict[str, Source]) -> Template:
    return Template(
        code=entry.code,
        category=entry.category,
        title=entry.title,
        approach=entry.approach,
        interventions=tuple(entry.interventions),
        goals=tuple(entry.goals),
        sources=_cited(entry.sources, sources),
        patterns=frozenset(entry.patterns),
        ages=frozenset(entry.ages),
        gmfcs=frozenset(entry.gmfcs),
    )


def _action_plan(entry: ActionPlanEntry, sources: dict[str, Source]) -> ActionPlanText:
    return ActionPlanText(
        title=entry.title,
        intro=entry.intro,
        levels=tuple(
            ActionLevel(
                colour=level.colour,
                heading=level.heading,
                signs=tuple(level.signs),
                actions=tuple(level.actions),
                call=tuple(level.call),
            )
            for level in entry.levels
        ),
        triggers=tuple(entry.triggers),
        sources=_cited(entry.sources, sources),
    )


def _scale(entry: ScaleEntry, sources: dict[str, Source]) -> ScaleDefinition:
    return ScaleDefinition(
        code=entry.code,
        name=entry.name,
        short_name=entry.short_name,
        low=entry.low,
        high=entry.high,
        total_from=entry.total_from,
        licence=entry.licence,
        licence_note=entry.licence_note,
        categories=frozenset(entry.categories),
        subscales=tuple(Subscale(s.code, s.name, s.low, s.high) for s in entry.subscales),
        items=tuple(ScaleItem(i.code, i.name, i.low, i.high, tuple(i.descriptors)) for i in entry.items),
        whole_numbers=entry.whole_numbers,
        higher_is_better=entry.higher_is_better,
        range_note=entry.range_note,
        sources=_cited(entry.sources, sources),
    )


def _movement(entry: MovementEntry) -> RomMovement:
    (low, high), (p_low, p_high) = entry.normal, entry.plausible
    return RomMovement(entry.code, entry.label, entry.joint, low, high, p_low, p_high, entry.higher_is_better)
