"""Use cases for patients, plans and revisions.  Each function takes an open Session;
the caller owns the transaction (``with sessions.begin() as session: ...``).

One stored form of a plan: its body is the plan-file document its current revision holds
(``planfile.to_document`` writes it, ``planfile.reading`` reads it back: the reading import,
export and drafts use too, once the schema has checked their file); the plan row keeps only what
lists and searches query.  A save is one versioned ``UPDATE`` of that row plus one new revision:
nothing else is rewritten.

A patient's details have their own version and a history (``patient_versions``).  A plan save
never writes the patient from the copy the plan was opened with; a change to the patient is
written only against the version it was made from, and refused as a conflict otherwise.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, tuple_, update
from sqlalchemy.orm import Session

from careplan.core.enums import Category
from careplan.core.history import check_note, restore_note
from careplan.core.library import Library, LibraryGoal, LibraryIntervention
from careplan.core.model import Patient, Plan, PlanRecord, RevisionInfo
from careplan.core.summaries import PatientSummary, PlanSummary
from careplan.core.wording import parse_date
from careplan.planfile import PlanFileError, to_document
from careplan.planfile.saving import check_for_saving
from careplan.services.errors import NotFoundError, PatientConflict, PlanConflict, UserError
from careplan.services.stored import imported_from_content, stored_record
from careplan.storage.mapping import (
    fill_patient_row,
    fold,
    patient_content,
    patient_from_content,
    patient_from_joined_rows,
    patient_from_row,
    search_terms,
)
from careplan.storage.models import (
    CarerRow,
    PatientRow,
    PatientTermRow,
    PatientVersionRow,
    PlanRevisionRow,
    PlanRow,
    utcnow,
)

#: Rows the patient list reads at a time.
PAGE_SIZE = 200


# --- lists and search ------------------------------------------------------------------------


@dataclass(frozen=True)
class PatientQuery:
    """What was typed in Find: words each matching the start of a name word or the identifier, dates
    of birth.  An identifier typed with spaces (``943 476 5919``) is one term."""

    words: tuple[str, ...] = ()
    dates: tuple[dt.date, ...] = ()

    @classmethod
    def parse(cls, text: str) -> PatientQuery:
        terms = text.split()
        if len(terms) > 1 and all(t.isdigit() for t in terms):
            terms = ["".join(terms)]
        words: list[str] = []
        dates: list[dt.date] = []
        for term in terms:
            date = parse_date(term)
            if date is not None:
                dates.append(date)
                continue
            folded = "".join(re.findall(r"[^\W_]+", fold(term)))
            if folded:
                words.append(folded[:200])
        return cls(tuple(dict.fromkeys(words)), tuple(dict.fromkeys(dates)))

    @property
    def empty(self) -> bool:
        return not self.words and not self.dates

    def _driver(self) -> str:
        """The word that picks the candidates: the longest (usually the rarest)."""
        return max(self.words, key=len)

    def filters(self, skip: str | None = None) -> list[Any]:
        """Conditions every match meets: its date of birth, and each word (but ``skip``) starting its
        name (``name_key``, family name first) or one of its other search words."""
        clauses: list[Any] = [PatientRow.date_of_birth == d for d in self.dates]
        for word in self.words:
            if word != skip:
                clauses.append(or_(_starts_name(word), _has_term(word).exists()))
        return clauses

    def condition(self) -> Any:
        """One WHERE clause for the whole query (simple, not tuned for size: ``patient_page`` and
        ``count_patients`` use the cheaper plan below)."""
        return and_(*self.filters())

    def ways(self, session: Session) -> tuple[list[tuple[Any, bool]], bool]:
        """The ways to the matches, each (condition, walks_name_order): a family name starting with the
        driving word is an index range in name order; a patient with another search word starting with
        it is found from the word's index range when few have one (at most ``DENSE``), or by walking the
        name index and checking each patient when many do (they are spread through the alphabet, so a
        page fills after a few rows).  Either way the cost does not grow with the number of patients.
        Also says whether the one word given is that common (then many patients match)."""
        if not self.words:
            return [(and_(*self.filters()), False)], False
        driver = self._driver()
        rest = self.filters(skip=driver)
        terms = select(PatientTermRow.patient_id).where(_term_range(driver))
        dense = int(session.scalar(select(func.count()).select_from(terms.limit(DENSE + 1).subquery())) or 0) > DENSE
        other = _has_term(driver).exists() if dense else PatientRow.id.in_(terms)
        ways = [(and_(_starts_name(driver), *rest), False), (and_(other, ~_starts_name(driver), *rest), dense)]
        return ways, dense and not rest


#: A search word that starts more search words than this counts as common (see PatientQuery.ways).
DENSE = 2000
#: At most this many of one patient's search words start with the same letters (given names and
#: their run-together form, later family words and theirs, the identifier).
_MOST_TERMS = 6
_LAST = "\U0010ffff"


def _starts_name(word: str) -> Any:
    return and_(PatientRow.name_key >= word, PatientRow.name_key < word + _LAST)


def _term_range(word: str) -> Any:
    return and_(PatientTermRow.term >= word, PatientTermRow.term < word + _LAST)


def _has_term(word: str) -> Any:
    return select(PatientTermRow.patient_id).where(PatientTermRow.patient_id == PatientRow.id, _term_range(word))


def _page_columns() -> tuple[Any, ...]:
    return (
        PatientRow.id,
        PatientRow.given_name,
        PatientRow.family_name,
        PatientRow.date_of_birth,
        PatientRow.identifier,
        PatientRow.name_key,
    )


def _plan_counts(session: Session, patient_ids: Sequence[int]) -> dict[int, tuple[int, dt.date | None]]:
    if not patient_ids:
        return {}
    rows = session.execute(
        select(PlanRow.patient_id, func.count(PlanRow.id), func.min(PlanRow.review_date))
        .where(PlanRow.patient_id.in_(patient_ids))
        .group_by(PlanRow.patient_id)
    )
    return {pid: (n, review) for pid, n, review in rows}


def patient_page(
    session: Session,
    query: PatientQuery | str | None = None,
    *,
    after: tuple[str, int] | None = None,
    limit: int = PAGE_SIZE,
    descending: bool = False,
) -> list[PatientSummary]:
    """Up to ``limit`` patients sorted by name (the indexed ``name_key``), after the (name_key, id)
    of the last one already shown; with a query, only those it matches.  Each carries its number of
    plans and soonest review (one GROUP BY over the page's plans)."""
    if isinstance(query, str):
        query = PatientQuery.parse(query)
    key = tuple_(PatientRow.name_key, PatientRow.id)
    order = (PatientRow.name_key.desc(), PatientRow.id.desc()) if descending else (PatientRow.name_key, PatientRow.id)
    ways = [(None, False)] if query is None or query.empty else query.ways(session)[0]
    found: dict[int, Any] = {}
    for condition, _walks in ways:
        stmt = select(*_page_columns())
        if condition is not None:
            stmt = stmt.where(condition)
        if after is not None:
            stmt = stmt.where(key < tuple_(*after) if descending else key > tuple_(*after))
        for r in session.execute(stmt.order_by(*order).limit(limit)):
            found[r.id] = r
    rows = sorted(found.values(), key=lambda r: (r.name_key, r.id), reverse=descending)[:limit]
    counts = _plan_counts(session, [r.id for r in rows])
    return [
        PatientSummary(
            r.id,
            r.given_name,
            r.family_name,
            r.date_of_birth,
            r.identifier,
            plan_count=counts.get(r.id, (0, None))[0],
            next_review=counts.get(r.id, (0, None))[1],
            name_key=r.name_key,
        )
        for r in rows
    ]


def count_patients(session: Session, query: PatientQuery | str | None = None, cap: int | None = None) -> int:
    """How many patients (the query matches); with ``cap``, counting stops after ``cap + 1`` (a common
    word then costs no more to count than a rare one, and the list says "more than ``cap``")."""
    if isinstance(query, str):
        query = PatientQuery.parse(query)
    if query is None or query.empty:
        return int(session.scalar(select(func.count()).select_from(PatientRow)) or 0)
    total = 0
    ways, common = query.ways(session)
    for condition, walks in ways:
        if walks and common and cap is not None and cap * _MOST_TERMS < DENSE:
            # More than DENSE search words start with it and a patient has at most _MOST_TERMS of them:
            # more than ``cap`` patients match, known without counting them.
            return cap + 1
        matching = select(PatientRow.id).where(condition)
        if cap is not None:
            matching = matching.limit(cap + 1)
        total += int(session.scalar(select(func.count()).select_from(matching.subquery())) or 0)
    return min(total, cap + 1) if cap is not None else total


def _summary_select() -> Any:
    """The plan summaries' columns, with the patient's name."""
    return select(
        PlanRow.id,
        PlanRow.patient_id,
        PatientRow.given_name,
        PatientRow.family_name,
        PlanRow.title,
        PlanRow.category,
        PlanRow.review_date,
        PlanRow.revision,
        PlanRow.updated_at,
    ).join(PatientRow, PatientRow.id == PlanRow.patient_id)


def _summaries(session: Session, stmt: Any) -> list[PlanSummary]:
    return [
        PlanSummary(
            r.id,
            r.patient_id,
            f"{r.given_name} {r.family_name}",
            r.title,
            Category(r.category),
            r.review_date,
            r.revision,
            r.updated_at,
        )
        for r in session.execute(stmt)
    ]


def _plan_summaries(session: Session, where: Any) -> list[PlanSummary]:
    return _summaries(session, _summary_select().where(where).order_by(PlanRow.id))


def patient_summary(session: Session, patient_id: int) -> PatientSummary:
    """One patient's row of the list with each plan's summary (after a save, only this row changes)."""
    row = session.execute(select(*_page_columns()).where(PatientRow.id == patient_id)).first()
    if row is None:
        raise NotFoundError(f"There is no patient with id {patient_id}.")
    plans = tuple(_plan_summaries(session, PlanRow.patient_id == patient_id))
    return PatientSummary(
        row.id,
        row.given_name,
        row.family_name,
        row.date_of_birth,
        row.identifier,
        plans,
        plan_count=len(plans),
        next_review=min((p.review_date for p in plans if p.review_date), default=None),
        name_key=row.name_key,
    )


def iter_patients(session: Session, batch: int = 1000) -> Iterator[PatientSummary]:
    """Every patient with a summary of each plan, sorted by name, read a batch at a time (for
    ``careplan list``: memory stays flat however many patients there are)."""
    after: tuple[str, int] | None = None
    while True:
        page = patient_page(session, after=after, limit=batch)
        if not page:
            return
        ids = [p.id for p in page]
        plans: dict[int, list[PlanSummary]] = {}
        for plan in _plan_summaries(session, PlanRow.patient_id.in_(ids)):
            plans.setdefault(plan.patient_id, []).append(plan)
        for p in page:
            yield dataclasses.replace(p, plans=tuple(plans.get(p.id, ())))
        after = (page[-1].name_key, page[-1].id)


def list_patients(session: Session) -> list[PatientSummary]:
    """Every patient with a summary of each plan, sorted by name (family, then given)."""
    return list(iter_patients(session))


def _due_condition(today: dt.date, within_days: int) -> Any:
    limit = today + dt.timedelta(days=within_days)
    return and_(PlanRow.review_date.is_not(None), PlanRow.review_date <= limit)


def reviews_due(session: Session, today: dt.date, within_days: int = 14, limit: int | None = None) -> list[PlanSummary]:
    """Plans whose review date has passed or falls within ``within_days``, soonest first (at most ``limit``)."""
    stmt = _summary_select().where(_due_condition(today, within_days)).order_by(PlanRow.review_date, PlanRow.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    return _summaries(session, stmt)


def count_reviews_due(
    session: Session, today: dt.date, within_days: int = 14, cap: int | None = None
) -> tuple[int, int]:
    """(plans due, of which overdue), counted on the indexed review date; with ``cap``, each count
    stops after ``cap + 1`` (its cost then does not grow with the number of plans)."""
    due = select(PlanRow.id).where(_due_condition(today, within_days))
    late = select(PlanRow.id).where(PlanRow.review_date.is_not(None), PlanRow.review_date < today)
    if cap is not None:
        due, late = due.limit(cap + 1), late.limit(cap + 1)
    total = session.scalar(select(func.count()).select_from(due.subquery()))
    overdue = session.scalar(select(func.count()).select_from(late.subquery()))
    return int(total or 0), int(overdue or 0)


# --- patients -------------------------------------------------------------------------------------


# Statements of the save path, built once (building a statement costs more than running it on SQLite).
_SELECT_PATIENT = select(
    PatientRow.given_name,
    PatientRow.family_name,
    PatientRow.date_of_birth,
    PatientRow.identifier,
    PatientRow.school_name,
    PatientRow.school_contact_name,
    PatientRow.school_phone,
    PatientRow.school_email,
    PatientRow.version,
).where(PatientRow.id == bindparam("patient_id"))
_SELECT_PATIENT_AND_CARERS = (
    _SELECT_PATIENT.add_columns(CarerRow.name, CarerRow.relationship_, CarerRow.phone)
    .outerjoin(CarerRow, CarerRow.patient_id == PatientRow.id)
    .order_by(CarerRow.position, CarerRow.id)
)
_UPDATE_PLAN = (
    update(PlanRow)
    .where(PlanRow.id == bindparam("plan_id"), PlanRow.version == bindparam("expected"))
    .values(
        title=bindparam("title"),
        category=bindparam("category"),
        review_date=bindparam("review_date"),
        updated_at=bindparam("now"),
        version=PlanRow.version + 1,
        revision=PlanRow.revision + 1,
    )
    .returning(PlanRow.patient_id, PlanRow.version, PlanRow.revision)
)
_INSERT_REVISION = insert(PlanRevisionRow)


def _read_patient(session: Session, patient_id: int) -> tuple[Patient, int] | None:
    """The stored patient and its version, with two indexed reads (no ORM identity map)."""
    rows = session.connection().execute(_SELECT_PATIENT_AND_CARERS, {"patient_id": patient_id}).all()
    if not rows:
        return None
    return patient_from_joined_rows(rows, patient_id)


def _same_details(a: Patient, b: Patient) -> bool:
    return patient_content(a) == patient_content(b)


def load_patient(session: Session, patient_id: int) -> Patient:
    found = _read_patient(session, patient_id)
    if found is None:
        raise NotFoundError(f"There is no patient with id {patient_id}.")
    return found[0]


def load_patient_version(session: Session, patient_id: int) -> tuple[Patient, int]:
    """The stored patient and the version an edit of it must present."""
    found = _read_patient(session, patient_id)
    if found is None:
        raise NotFoundError(f"There is no patient with id {patient_id}.")
    return found


@dataclass(frozen=True, slots=True)
class PatientVersionInfo:
    version: int
    saved_at: dt.datetime
    author: str | None
    patient: Patient


def patient_history(session: Session, patient_id: int) -> list[PatientVersionInfo]:
    """Every version of a patient's details, oldest first."""
    rows = session.execute(
        select(
            PatientVersionRow.version, PatientVersionRow.saved_at, PatientVersionRow.author, PatientVersionRow.content
        )
        .where(PatientVersionRow.patient_id == patient_id)
        .order_by(PatientVersionRow.version)
    )
    return [PatientVersionInfo(v, at, who, patient_from_content(c, patient_id)) for v, at, who, c in rows]


def _patient_at(session: Session, patient_id: int, version: int) -> Patient | None:
    content = session.scalar(
        select(PatientVersionRow.content).where(
            PatientVersionRow.patient_id == patient_id, PatientVersionRow.version == version
        )
    )
    return patient_from_content(content, patient_id) if content is not None else None


def _keep_version(session: Session, row: PatientRow, patient: Patient, author: str | None) -> None:
    session.add(
        PatientVersionRow(
            patient_id=row.id,
            version=row.version,
            saved_at=row.updated_at,
            author=author,
            content=patient_content(patient),
        )
    )


def _write_terms(session: Session, patient_id: int, patient: Patient, *, new: bool) -> None:
    if not new:
        session.execute(delete(PatientTermRow).where(PatientTermRow.patient_id == patient_id))
    terms = search_terms(patient.given_name, patient.family_name, patient.identifier)
    if terms:
        session.execute(insert(PatientTermRow), [{"patient_id": patient_id, "term": t} for t in sorted(terms)])


def _conflict(session: Session, patient_id: int, mine: Patient, theirs: Patient, version: int) -> PatientConflict:
    latest = session.execute(
        select(PatientVersionRow.saved_at, PatientVersionRow.author).where(
            PatientVersionRow.patient_id == patient_id, PatientVersionRow.version == version
        )
    ).first()
    return PatientConflict(
        patient_id,
        mine,
        theirs,
        version,
        latest.author if latest else None,
        latest.saved_at if latest else None,
    )


def _add_patient(session: Session, patient: Patient, author: str | None) -> tuple[Patient, int]:
    now = utcnow()
    row = PatientRow(created_at=now, updated_at=now, version=1)
    fill_patient_row(row, patient)
    session.add(row)
    session.flush()
    stored = dataclasses.replace(patient, id=row.id)
    _keep_version(session, row, stored, author)
    _write_terms(session, row.id, stored, new=True)
    return stored, row.version


def _update_patient(
    session: Session, patient: Patient, expected_version: int, author: str | None
) -> tuple[Patient, int]:
    """Write ``patient``'s details over version ``expected_version`` (a stale version raises PatientConflict)."""
    assert patient.id is not None
    row = session.get(PatientRow, patient.id, with_for_update=True, populate_existing=True)
    if row is None:
        raise NotFoundError(f"There is no patient with id {patient.id}.")
    if row.version != expected_version:
        theirs = patient_from_row(row)
        raise _conflict(session, row.id, patient, theirs, row.version)
    born = row.date_of_birth
    fill_patient_row(row, patient)
    row.version = expected_version + 1
    row.updated_at = utcnow()
    # The row is locked (FOR UPDATE; SQLite's write transaction holds the file): the version read
    # above cannot change before this flush.
    session.flush()
    stored = dataclasses.replace(patient, id=row.id)
    _keep_version(session, row, stored, author)
    _write_terms(session, row.id, stored, new=False)
    if patient.date_of_birth != born:
        _review_dates_follow(session, row.id)
    return stored, row.version


def _review_dates_follow(session: Session, patient_id: int) -> None:
    """Hip surveillance's next X-ray follows the date of birth and the latest-saved plan's GMFCS level:
    after either may have changed, the stored due date is worked out again in the same transaction.
    (``services.assessments`` keeps the rule; it reads plans through this module, so it loads here.)"""
    from careplan.services.assessments import refresh_due_dates

    refresh_due_dates(session, patient_id)


def save_patient(
    session: Session, patient: Patient, expected_version: int | None = None, author: str | None = None
) -> Patient:
    """Add a new patient (``id`` None) or change a stored one; returns it with its id.

    ``expected_version`` is the version the change was made from: if the patient changed since,
    PatientConflict is raised and nothing is written.  Without it the change is written over
    whatever is stored (the history keeps what it replaced).  Unchanged details write nothing.
    """
    if patient.id is None:
        return _add_patient(session, patient, author)[0]
    found = _read_patient(session, patient.id)
    if found is None:
        raise NotFoundError(f"There is no patient with id {patient.id}.")
    stored, version = found
    if expected_version is not None and expected_version != version:
        if _same_details(stored, patient):
            return stored
        raise _conflict(session, patient.id, patient, stored, version)
    if _same_details(stored, patient):
        return stored
    return _update_patient(session, patient, version, author)[0]


def save_patient_version(
    session: Session, patient: Patient, expected_version: int, author: str | None = None
) -> tuple[Patient, int]:
    """``save_patient`` with a version check, returning the stored patient and its new version."""
    saved = save_patient(session, patient, expected_version, author)
    assert saved.id is not None
    return load_patient_version(session, saved.id)


def _patient_for_plan(session: Session, patient: Patient, patient_version: int | None, author: str | None) -> Patient:
    """The patient a plan save stores with its revision: the stored one, changed only when the caller
    changed it from ``patient_version`` (three-way: unchanged from that version -> not written)."""
    assert patient.id is not None
    found = _read_patient(session, patient.id)
    if found is None:
        raise NotFoundError(f"There is no patient with id {patient.id}.")
    stored, version = found
    if patient_version is None or _same_details(stored, patient):
        return stored
    if patient_version == version:
        return _update_patient(session, patient, version, author)[0]
    base = _patient_at(session, patient.id, patient_version)
    if base is not None and _same_details(base, patient):
        return stored  # the caller did not change the patient; another desktop did
    raise _conflict(session, patient.id, patient, stored, version)


def _find_patient(session: Session, patient: Patient) -> int | None:
    """The stored patient ``patient`` is, when names, date of birth and identifier all match."""
    return session.scalar(
        select(PatientRow.id)
        .where(
            PatientRow.given_name == patient.given_name,
            PatientRow.family_name == patient.family_name,
            PatientRow.date_of_birth == patient.date_of_birth,
            PatientRow.identifier.is_(None)
            if patient.identifier is None
            else PatientRow.identifier == patient.identifier,
        )
        .order_by(PatientRow.id)
        .limit(1)
    )


# --- plans ----------------------------------------------------------------------------------------


def own_entries_used(plan: Plan, library: Library | None) -> tuple[list[LibraryIntervention], list[LibraryGoal]]:
    if library is None:
        return [], []
    items = [
        e
        for code in dict.fromkeys(i.catalog_code for i in plan.interventions if i.catalog_code)
        if (e := library.intervention(code)) is not None and e.is_own
    ]
    goals = [
        g for code in dict.fromkeys(g.code for g in plan.goals if g.code) if (g := library.goal(code)) and g.is_own
    ]
    return items, goals


def _info(number: int, saved_at: dt.datetime, author: str | None) -> RevisionInfo:
    return RevisionInfo(number, saved_at, author)


def load_plan(session: Session, plan_id: int) -> PlanRecord:
    row = session.execute(
        select(
            PlanRow.patient_id,
            PlanRow.version,
            PlanRevisionRow.number,
            PlanRevisionRow.saved_at,
            PlanRevisionRow.author,
            PlanRevisionRow.content,
        )
        .join(
            PlanRevisionRow,
            and_(PlanRevisionRow.plan_id == PlanRow.id, PlanRevisionRow.number == PlanRow.revision),
        )
        .where(PlanRow.id == plan_id)
    ).first()
    if row is None:
        raise NotFoundError(f"There is no plan with id {plan_id}. 'careplan list' shows the plans and their ids.")
    return stored_record(
        row.content, load_patient(session, row.patient_id), plan_id, row.version, row.number, row.saved_at, row.author
    )


def _insert_revision(
    session: Session,
    plan_id: int,
    number: int,
    plan: Plan,
    patient: Patient,
    author: str | None,
    library: Library | None,
    note: str | None,
    now: dt.datetime,
) -> RevisionInfo:
    content = to_document(PlanRecord(plan, patient), *own_entries_used(plan, library))
    _check_before_saving(content)
    note = _checked_note(note)
    session.connection().execute(
        _INSERT_REVISION,
        {"plan_id": plan_id, "number": number, "saved_at": now, "author": author, "note": note, "content": content},
    )
    if patient.id is not None:
        _review_dates_follow(session, patient.id)  # this plan is now the latest saved: its GMFCS level counts
    return _info(number, now, author)


def _checked_note(note: str | None) -> str | None:
    """The change note as stored (trimmed; None when blank); UserError, naming the note, when it cannot be."""
    try:
        return check_note(note)
    except ValueError as exc:
        raise UserError(
            f"The plan was not saved: the change note {exc}. Shorten or correct it, then save again."
        ) from None


def _check_before_saving(content: dict[str, Any]) -> None:
    """A revision holds what a plan file may hold (the text rule of ``core.text``, the limits), so
    every saved plan can be exported and imported again; a control character pasted into the
    editor is refused here, naming the field, and nothing is saved."""
    try:
        check_for_saving(content)
    except PlanFileError as exc:
        raise UserError(
            "The plan was not saved: "
            + "; ".join(exc.problems[:3])
            + (f" (and {len(exc.problems) - 3} more)" if len(exc.problems) > 3 else "")
            + ". Correct the text named here, then save again."
        ) from None


def create_plan(
    session: Session,
    record: PlanRecord,
    author: str | None = None,
    library: Library | None = None,
    *,
    match_patient: bool = False,
    note: str | None = None,
) -> PlanRecord:
    """Store a new plan (revision 1) for ``record.patient``.

    A patient with an id is the stored one (its details are not written from this copy); one
    without is added, or, with ``match_patient`` (an import), matched to a stored patient with
    the same names, date of birth and identifier, whose other details the file then updates.
    """
    if record.patient.id is not None:
        patient = load_patient(session, record.patient.id)
    else:
        found = _find_patient(session, record.patient) if match_patient else None
        if found is not None:
            stored, version = load_patient_version(session, found)
            incoming = dataclasses.replace(record.patient, id=found)
            patient = (
                stored if _same_details(stored, incoming) else _update_patient(session, incoming, version, author)[0]
            )
        else:
            patient = _add_patient(session, record.patient, author)[0]
    assert patient.id is not None
    now = utcnow()
    plan = record.plan
    plan_id = session.execute(
        insert(PlanRow)
        .values(
            patient_id=patient.id,
            title=plan.title,
            category=plan.category.value,
            review_date=plan.review_date,
            created_at=now,
            updated_at=now,
            version=1,
            revision=1,
        )
        .returning(PlanRow.id)
    ).scalar_one()
    info = _insert_revision(session, plan_id, 1, plan, patient, author, library, note, now)
    return PlanRecord(plan, patient, plan_id, 1, info)


def _plan_conflict(session: Session, plan_id: int, expected: int | None) -> UserError:
    row = session.execute(
        select(PlanRow.version, PlanRevisionRow.author, PlanRevisionRow.saved_at)
        .join(
            PlanRevisionRow,
            and_(PlanRevisionRow.plan_id == PlanRow.id, PlanRevisionRow.number == PlanRow.revision),
        )
        .where(PlanRow.id == plan_id)
    ).first()
    if row is None:
        return NotFoundError(f"There is no plan with id {plan_id}. 'careplan list' shows the plans and their ids.")
    return PlanConflict(plan_id, expected, row.version, row.author, row.saved_at)


def save_plan(
    session: Session,
    record: PlanRecord,
    author: str | None = None,
    library: Library | None = None,
    note: str | None = None,
    *,
    patient_version: int | None = None,
) -> PlanRecord:
    """Store ``record`` as a new revision of its plan: one versioned UPDATE and one INSERT.

    ``record.version`` must be the version it was loaded at: if another desktop saved in between,
    PlanConflict is raised and nothing is written.  The patient is stored as it is in the database;
    only a caller that changed the patient's details says so with ``patient_version`` (the version
    it changed them from), and a change over a newer version raises PatientConflict.
    """
    if record.plan_id is None:
        return create_plan(session, record, author, library, note=note)
    if record.version is None:
        raise UserError("This plan is a saved revision shown read-only; restore it to make it current.")
    plan, now = record.plan, utcnow()
    changed = (
        session.connection()
        .execute(
            _UPDATE_PLAN,
            {
                "plan_id": record.plan_id,
                "expected": record.version,
                "title": plan.title,
                "category": plan.category.value,
                "review_date": plan.review_date,
                "now": now,
            },
        )
        .first()
    )
    if changed is None:
        raise _plan_conflict(session, record.plan_id, record.version)
    patient_id, version, number = changed
    mine = record.patient if record.patient.id == patient_id else dataclasses.replace(record.patient, id=patient_id)
    patient = _patient_for_plan(session, mine, patient_version, author)
    info = _insert_revision(session, record.plan_id, number, plan, patient, author, library, note, now)
    return PlanRecord(plan, patient, record.plan_id, version, info)


def list_revisions(session: Session, plan_id: int) -> list[RevisionInfo]:
    """Every saved revision of the plan, oldest first."""
    if session.scalar(select(PlanRow.id).where(PlanRow.id == plan_id)) is None:
        raise NotFoundError(f"There is no plan with id {plan_id}. 'careplan list' shows the plans and their ids.")
    rows = session.execute(
        select(PlanRevisionRow.number, PlanRevisionRow.saved_at, PlanRevisionRow.author)
        .where(PlanRevisionRow.plan_id == plan_id)
        .order_by(PlanRevisionRow.number)
    )
    return [RevisionInfo(n, at, author) for n, at, author in rows]


def load_revision(session: Session, plan_id: int, number: int) -> PlanRecord:
    """A saved revision, read back as it was (no ``version``: it is read-only)."""
    rev = session.execute(
        select(PlanRevisionRow.content, PlanRevisionRow.saved_at, PlanRevisionRow.author).where(
            PlanRevisionRow.plan_id == plan_id, PlanRevisionRow.number == number
        )
    ).first()
    if rev is None:
        raise NotFoundError(f"Plan {plan_id} has no revision {number}.")
    imported = imported_from_content(rev.content, f"Revision {number} of plan {plan_id} cannot be read")
    patient_id = session.scalar(select(PlanRow.patient_id).where(PlanRow.id == plan_id))
    patient = dataclasses.replace(imported.record.patient, id=patient_id)
    return PlanRecord(imported.record.plan, patient, plan_id, None, _info(number, rev.saved_at, rev.author))


def restore_revision(
    session: Session, plan_id: int, number: int, expected_version: int | None, author: str | None = None
) -> PlanRecord:
    """Make an old revision the plan's current state, as a new revision (history is kept)."""
    old = load_revision(session, plan_id, number)
    patient_id = old.patient.id
    assert patient_id is not None
    record = PlanRecord(old.plan, load_patient(session, patient_id), plan_id, expected_version)
    return save_plan(session, record, author, note=restore_note(number))


def save_as_copy(
    session: Session, record: PlanRecord, author: str | None = None, library: Library | None = None
) -> PlanRecord:
    """Store ``record`` as a new plan for the same patient (used after a conflict)."""
    copy = PlanRecord(record.plan.replace(title=_copy_title(record.plan.title)), record.patient)
    return create_plan(session, copy, author, library, note="saved as a copy")


def _copy_title(title: str) -> str:
    suffix = " (copy)"
    return title[: 200 - len(suffix)] + suffix
