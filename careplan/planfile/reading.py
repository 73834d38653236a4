"""A plan file's JSON form read into core snapshots: one reading for a file coming in and for a plan
Careplan stored itself.

A file coming in is checked by the schema first (``planfile.schema``, pydantic: every rule of
``docs/plan-file.md``), and ``convert.to_imported`` then reads its checked JSON form here.  A document
Careplan stored (a plan revision, an own template in the database) was written by
``convert.to_document`` from core snapshots that had passed those checks, so :func:`stored_document`
and :func:`stored_template` read it here directly, without loading pydantic: the handout command and
the desktop's plan reads stay light.  Either way the core snapshots check their own rules as they are
made (dosage ranges, dates, the GAS levels), and a stored document that does not read (a damaged row:
a field of the wrong kind, a value the core refuses) raises PlanFileError naming the field, as a file
coming in would.  No pydantic here.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from enum import Enum
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from careplan.core.audience import default_audiences
from careplan.core.enums import (
    Audience,
    Category,
    CervicalForm,
    EquipmentStatus,
    GoalDomain,
    Kind,
    NeckLevel,
    Pattern,
    Setting,
    Side,
)
from careplan.core.library import Caution, LibraryGoal, LibraryIntervention, Template, fill_sides
from careplan.core.model import (
    DOSAGE_RANGES,
    Carer,
    Contact,
    Dosage,
    Goal,
    Intervention,
    Patient,
    Photo,
    Plan,
    PlanRecord,
    Programme,
    SchoolContact,
    Therapist,
)
from careplan.planfile.errors import PlanFileError

if TYPE_CHECKING:
    from careplan.core.assessments import Assessment, Injection

FORMAT = "careplan-plan"
#: The format this version writes.  Format 2 added assessments, injections and the goals' GAS levels;
#: a format 1 file is a format 2 file without them, and still imports unchanged.
FORMAT_VERSION = 2

Lookup = Callable[[str], LibraryIntervention | None]
T = TypeVar("T")
E = TypeVar("E", bound=Enum)

_MAGIC = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}


@dataclass(frozen=True)
class ImportedPlan:
    """A plan file as core types: the plan and patient, and the therapist's own entries it carried."""

    record: PlanRecord
    own_interventions: tuple[LibraryIntervention, ...] = ()
    own_goals: tuple[LibraryGoal, ...] = ()
    own_templates: tuple[Template, ...] = ()
    #: The patient's assessments and injections (format 2), as the file holds them (no ids).
    assessments: tuple[Assessment, ...] = ()
    injections: tuple[Injection, ...] = ()


def check_format(raw: Any) -> None:
    """The first check of any plan file or stored plan: one object of this format, not a newer one."""
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


def at(where: str, field: str) -> str:
    """``assessments[2]`` + ``pain[0]`` -> ``assessments[2].pain[0]`` (a lone object has no prefix)."""
    return f"{where}.{field}" if where else field


def checked(make: Callable[[], T], where: str) -> T:
    """Build a core snapshot; its own validation (a ValueError starting with the field's name)
    becomes a PlanFileError naming where in the file."""
    try:
        return make()
    except ValueError as exc:
        field, sep, rest = str(exc).partition(": ")
        if sep and field.isidentifier():
            raise PlanFileError([f"{at(where, field)}: {rest}"]) from None
        raise PlanFileError([f"{where or 'assessment'}: {exc}"]) from None


class _Object:
    """One JSON object of a plan, with where it is (``plan.interventions[2]``), read field by field.

    A field left out reads as None (or an empty list); a field of the wrong kind raises PlanFileError
    naming it.  A checked file never meets these errors: they are for a stored document that was
    damaged after Careplan wrote it."""

    __slots__ = ("data", "where")

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise PlanFileError([f"{where or 'the plan'}: must be an object {{...}}"])
        self.data: dict[str, Any] = data
        self.where = where

    def _wrong(self, key: str, what: str) -> PlanFileError:
        return PlanFileError([f"{at(self.where, key)}: must be {what}"])

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None or isinstance(value, str):
            return value
        raise self._wrong(key, "text")

    def text_or(self, key: str, default: str) -> str:
        value = self.text(key)
        return default if value is None else value

    def need(self, key: str) -> str:
        value = self.text(key)
        if value is None:
            raise self._wrong(key, "given")
        return value

    def number(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise self._wrong(key, "a whole number")
        return value

    def choice(self, key: str, kind: type[E]) -> E | None:
        value = self.data.get(key)
        if value is None:
            return None
        return self._member(key, kind, value)

    def need_choice(self, key: str, kind: type[E]) -> E:
        value = self.data.get(key)
        if value is None:
            raise self._wrong(key, "given")
        return self._member(key, kind, value)

    def _member(self, key: str, kind: type[E], value: Any) -> E:
        try:
            return kind(value)
        except ValueError:
            raise self._wrong(key, "one of " + ", ".join(str(m.value) for m in kind)) from None

    def date(self, key: str) -> dt.date | None:
        value = self.text(key)
        return None if value is None else self._day(key, value)

    def need_date(self, key: str) -> dt.date:
        return self._day(key, self.need(key))

    def _day(self, key: str, value: str) -> dt.date:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise self._wrong(key, "a date written YYYY-MM-DD") from None

    def _list(self, key: str) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._wrong(key, "a list")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        values = self._list(key)
        if not all(isinstance(v, str) for v in values):
            raise self._wrong(key, "a list of texts")
        return tuple(values)

    def choices(self, key: str, kind: type[E]) -> tuple[E, ...]:
        try:
            return tuple(kind(v) for v in self._list(key))
        except ValueError:
            raise self._wrong(key, "a list of " + ", ".join(str(m.value) for m in kind)) from None

    def objects(self, key: str) -> Iterator[_Object]:
        for i, value in enumerate(self._list(key)):
            yield _Object(value, f"{at(self.where, key)}[{i}]")

    def object(self, key: str) -> _Object | None:
        value = self.data.get(key)
        return None if value is None else _Object(value, at(self.where, key))


def _dosage(obj: _Object | None) -> Dosage | None:
    if obj is None:
        return None
    dosage = checked(partial(Dosage, **{name: obj.number(name) for name in DOSAGE_RANGES}), obj.where)
    return None if dosage.is_empty() else dosage


def _photo(obj: _Object | None, label: str, gate: bool) -> Photo | None:
    """The item's photo; with ``gate`` (a file coming in) fully checked and re-encoded by
    ``careplan.images``; without (a stored revision or draft) only decoded from base64."""
    if obj is None:
        return None
    where = obj.where
    media_type = obj.need("media_type")
    if media_type not in _MAGIC:
        raise PlanFileError([f"{where}.media_type: {label}: must be image/png or image/jpeg"])
    try:
        data = base64.b64decode(obj.need("data"), validate=True)
    except (binascii.Error, ValueError):
        raise PlanFileError([f"{where}.data: {label}: the photo is not valid base64 image data"]) from None
    mismatch = bool(data) and not data.startswith(_MAGIC[media_type])
    if not gate and not mismatch:
        return Photo(media_type=media_type, data=data)
    # The picture gate (Pillow) loads only for a file coming in, or to refuse a photo.
    from careplan.images import ImageProblem, check_image

    if mismatch:
        found = ""
        if gate:
            try:
                check_image(data)
            except ImageProblem as exc:
                found = f" (it {exc})"
            else:
                found = " (the data is a picture of the other kind: correct media_type)"
        kind = media_type.split("/")[1].upper()
        raise PlanFileError([f"{where}.data: {label}: the photo is not a {kind} image{found}"])
    try:
        return check_image(data)
    except ImageProblem as exc:
        raise PlanFileError([f"{where}.data: {label}: the photo {exc}"]) from None


def own_intervention(obj: _Object) -> LibraryIntervention:
    """A therapist's own library entry carried in a plan file (``own_library.interventions[]``)."""
    return checked(
        partial(
            LibraryIntervention,
            code=obj.need("code"),
            kind=obj.need_choice("kind", Kind),
            title=obj.need("title"),
            instructions=obj.text_or("instructions", ""),
            categories=frozenset(obj.choices("categories", Category)),
            source=obj.text_or("source", ""),
            school_instructions=obj.text("school_instructions"),
            clinician_note=obj.text("clinician_note"),
            dosage=_dosage(obj.object("dosage")),
            wear_schedule=obj.text("wear_schedule"),
            skin_checks=obj.text("skin_checks"),
            setting=obj.choice("setting", Setting),
            status=obj.choice("status", EquipmentStatus),
            referral_to=obj.text("referral_to"),
            referral_reason=obj.text("referral_reason"),
            audiences=frozenset(obj.choices("audiences", Audience)),
            regions=obj.texts("regions"),
            cautions=tuple(
                Caution(
                    text=c.need("text"),
                    categories=frozenset(c.choices("categories", Category)),
                    cervical_forms=frozenset(c.choices("cervical_forms", CervicalForm)),
                    family=c.text("family"),
                    regions=frozenset(c.texts("regions")),
                    patterns=frozenset(c.choices("patterns", Pattern)),
                )
                for c in obj.objects("cautions")
            ),
        ),
        obj.where,
    )


def own_goal(obj: _Object) -> LibraryGoal:
    """A therapist's own library goal carried in a plan file (``own_library.goals[]``)."""
    return LibraryGoal(
        code=obj.need("code"),
        domain=obj.need_choice("domain", GoalDomain),
        text=obj.need("text"),
        categories=frozenset(obj.choices("categories", Category)),
    )


def _goal(obj: _Object, *, keep_date: bool = True) -> Goal:
    """A goal with its Goal Attainment Scaling levels (format 2; left out: none, importance and difficulty 2)."""
    importance, difficulty = obj.number("importance"), obj.number("difficulty")
    return checked(
        partial(
            Goal,
            obj.need_choice("domain", GoalDomain),
            obj.need("text"),
            obj.date("target_date") if keep_date else None,
            obj.text("code"),
            gas=obj.texts("gas"),
            importance=2 if importance is None else importance,
            difficulty=2 if difficulty is None else difficulty,
        ),
        obj.where,
    )


def _programme(obj: _Object | None) -> Programme:
    if obj is None:
        return Programme()
    return Programme(
        visits=obj.text("visits"), home_practice=obj.text("home_practice"), adjustments=obj.texts("adjustments")
    )


def own_template(obj: _Object, lookup: Lookup | None) -> Template:
    """An own template as core types.  ``lookup`` fills an item that gives only a library code (a file
    coming in); None: a stored template, which holds every field.  Whatever describes a person (an
    item's side, photo, clinician's note, school days; a goal's target date) is dropped, whatever the
    file says, so a template never carries it on."""
    items: list[Intervention] = []
    problems: list[str] = []
    for i, m in enumerate(obj.objects("interventions")):
        try:
            if lookup is None and (not m.has("kind") or not m.has("title")):
                raise PlanFileError([f"{m.where}: a stored template must hold the kind and title"])
            item = _intervention(m, lookup, None, i + 1, with_photo=False)
        except PlanFileError as exc:
            problems.extend(exc.problems)
            continue
        items.append(replace(item, side=None, clinician_note=None, school_days=None))
    if problems:
        raise PlanFileError(problems)
    goals = tuple(_goal(g, keep_date=False) for g in obj.objects("goals"))
    return checked(
        partial(
            Template,
            code=obj.need("code"),
            category=obj.need_choice("category", Category),
            title=obj.need("title"),
            approach=obj.text_or("approach", ""),
            interventions=tuple(dict.fromkeys(i.catalog_code for i in items if i.catalog_code)),
            goals=tuple(dict.fromkeys(g.code for g in goals if g.code)),
            items=tuple(items),
            plan_goals=goals,
            programme=_programme(obj.object("programme")),
        ),
        obj.where,
    )


def _intervention(
    obj: _Object, lookup: Lookup | None, pull_side: Side | None = None, number: int = 0, *, with_photo: bool = True
) -> Intervention:
    """One item of a plan.  An item naming a library code takes every field it leaves out from the
    entry (``lookup``: a file coming in); a stored item holds every field (no lookup)."""
    code = obj.text("catalog_code")
    entry: LibraryIntervention | None = None
    if code is not None and lookup is not None:
        entry = lookup(code)
        if entry is None:
            raise PlanFileError([f"{obj.where}.catalog_code: {code!r} is not in the library (check the code)"])

    def pick(value: Any, default: Any) -> Any:
        return value if value is not None else default

    kind = pick(obj.choice("kind", Kind), entry.kind if entry else None)
    setting = pick(obj.choice("setting", Setting), entry.setting if entry else None)
    if obj.has("audiences"):
        audiences = frozenset(obj.choices("audiences", Audience))
    elif entry is not None:
        audiences = entry.effective_audiences()
    else:
        audiences = default_audiences(kind, setting)
    title = pick(obj.text("title"), entry.title if entry else None)
    dosage = obj.object("dosage")
    return checked(
        partial(
            Intervention,
            kind=kind,
            title=title,
            instructions=pick(obj.text("instructions"), fill_sides(entry.instructions, pull_side) if entry else None),
            school_instructions=pick(
                obj.text("school_instructions"), fill_sides(entry.school_instructions, pull_side) if entry else None
            ),
            dosage=_dosage(dosage) if dosage is not None else (entry.dosage if entry else None),
            side=obj.choice("side", Side),
            setting=setting,
            status=pick(obj.choice("status", EquipmentStatus), entry.status if entry else None),
            wear_schedule=pick(obj.text("wear_schedule"), entry.wear_schedule if entry else None),
            skin_checks=pick(obj.text("skin_checks"), entry.skin_checks if entry else None),
            referral_to=pick(obj.text("to"), entry.referral_to if entry else None),
            referral_reason=pick(obj.text("reason"), entry.referral_reason if entry else None),
            audiences=audiences,
            catalog_code=code,
            clinician_note=pick(obj.text("clinician_note"), entry.clinician_note if entry else None),
            photo=_photo(obj.object("photo"), f"item {number} {title!r}", gate=lookup is not None)
            if with_photo
            else None,
            school_days=obj.number("school_days"),
        ),
        obj.where,
    )


def imported_plan(data: dict[str, Any], lookup: Lookup | None) -> ImportedPlan:
    """The patient, plan and own library of a plan file's JSON form (a checked file, or a stored
    document), as core types; the assessments and injections are read by the caller.

    ``lookup`` fills library items from the library; the file's own library entries are looked up
    first.  Raises PlanFileError when an item names a code that neither knows.  None: a stored
    revision, which holds every field: codes are kept as they are and not looked up, so a revision
    stays readable after the library has changed, and photos are not checked again (a file coming in
    has each photo fully decoded and re-encoded by ``careplan.images``)."""
    doc = _Object(data, "")
    own = doc.object("own_library")
    own_items = tuple(own_intervention(m) for m in own.objects("interventions")) if own else ()
    own_goals = tuple(own_goal(m) for m in own.objects("goals")) if own else ()
    carried = {e.code: e for e in own_items}

    def find(code: str) -> LibraryIntervention | None:
        return carried.get(code) or (lookup(code) if lookup else None)

    resolve = find if lookup is not None else None
    templates = tuple(own_template(m, resolve) for m in own.objects("templates")) if own else ()
    patient = _patient(_Object(data.get("patient"), "patient"))
    pl = _Object(data.get("plan"), "plan")
    pull_side = pl.choice("pull_side", Side)
    problems: list[str] = []
    items: list[Intervention] = []
    for i, m in enumerate(pl.objects("interventions")):
        try:
            if resolve is None and (not m.has("kind") or not m.has("title")):
                raise PlanFileError([f"{m.where}: a stored revision must hold the kind and title"])
            items.append(_intervention(m, resolve, pull_side, i + 1))
        except PlanFileError as exc:
            problems.extend(exc.problems)
    if problems:
        raise PlanFileError(problems)
    therapist = pl.object("therapist")
    plan = checked(
        partial(
            Plan,
            title=pl.need("title"),
            category=pl.need_choice("category", Category),
            regions=pl.texts("regions"),
            therapist=Therapist(**{k: therapist.text(k) for k in _THERAPIST}) if therapist else Therapist(),
            start_date=pl.date("start_date"),
            review_date=pl.date("review_date"),
            summary=pl.text("summary"),
            goals=tuple(_goal(g) for g in pl.objects("goals")),
            interventions=tuple(items),
            programme=_programme(pl.object("programme")),
            clinical_notes=pl.text("clinical_notes"),
            cervical_form=pl.choice("cervical_form", CervicalForm),
            gmfcs_level=pl.number("gmfcs_level"),
            catalog_version=pl.text("catalog_version"),
            patterns=pl.choices("patterns", Pattern),
            pull_side=pull_side,
            neck_level=pl.choice("neck_level", NeckLevel),
            contacts=tuple(
                Contact(role=c.need("role"), phone=c.need("phone"), name=c.text("name")) for c in pl.objects("contacts")
            ),
            template=pl.text("template"),
        ),
        "plan",
    )
    return ImportedPlan(PlanRecord(plan=plan, patient=patient), own_items, own_goals, templates)


#: The therapist's and the school's fields, as the plan file and their core snapshots name them.
_THERAPIST = ("name", "role", "phone", "email")
_SCHOOL = ("name", "contact_name", "phone", "email")


def _patient(p: _Object) -> Patient:
    school = p.object("school")
    return checked(
        partial(
            Patient,
            given_name=p.need("given_name"),
            family_name=p.need("family_name"),
            date_of_birth=p.need_date("date_of_birth"),
            identifier=p.text("identifier"),
            carers=tuple(Carer(c.need("name"), c.text("relationship"), c.text("phone")) for c in p.objects("carers")),
            school=SchoolContact(**{k: school.text(k) for k in _SCHOOL}) if school else None,
        ),
        "patient",
    )


def _stored_format(content: Any) -> None:
    """A stored document is a plan file of a format this version reads (1 or 2)."""
    check_format(content)
    version = content.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PlanFileError([f"format_version: must be 1 or {FORMAT_VERSION} (got {version!r})"])


def stored_document(content: Any) -> ImportedPlan:
    """A plan revision as Careplan stored it (``convert.to_document``) back to core types: the plan
    and the patient as they were saved.  Raises PlanFileError naming the field of a damaged document."""
    _stored_format(content)
    return imported_plan(content, None)


def stored_template(content: Any) -> Template:
    """An own template as Careplan stored it (``convert.own_template_dict``) back to core types."""
    return own_template(_Object(content, "own template"), None)
