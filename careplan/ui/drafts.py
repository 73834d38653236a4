"""Never lose work: a draft of the open plan, written every minute while it has unsaved changes.

A draft is the plan file itself (``plan-<id>.json``, or ``plan-new.json`` for a
plan never saved), so even by hand ``careplan import`` can bring it back, plus
a small ``.meta.json`` beside it with what the file format has no room for:
which stored plan and patient it belongs to, and the version it was opened at
(so recovering a draft that another desktop has since overtaken ends in the
usual conflict dialog, never in an overwrite).  Both are written with QSaveFile,
owner-only, in an owner-only folder.
Drafts are deleted when the plan is saved or its changes discarded; at start,
any left behind by a crash are offered back.

The desktop writes and deletes them through ``DraftWriter``: on a worker thread
(``Ops.job``), so a slow disk never stops the window painting, one step at a
time and in the order asked, so an older draft can never land over a newer
one, nor a deleted draft come back.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from careplan.core.files import make_private_folder
from careplan.core.library import LibraryGoal, LibraryIntervention
from careplan.core.model import PlanRecord
from careplan.planfile import PlanFileError, dumps, read_plan_bytes, to_document, to_imported
from careplan.ui.files import write_file
from careplan.ui.ops import Task, wait_for

if TYPE_CHECKING:
    from careplan.ui.ops import Ops

log = logging.getLogger(__name__)

_PREFIX = "plan-"
_META = ".meta.json"


@dataclass(frozen=True)
class Draft:
    path: Path
    plan_id: int | None
    patient_id: int | None
    version: int | None
    title: str
    saved_at: dt.datetime

    @property
    def meta_path(self) -> Path:
        return _meta_path(self.path)

    def read_record(self) -> PlanRecord:
        """The plan as it was when the draft was written (raises PlanFileError if the file is damaged)."""
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise PlanFileError([f"cannot be read: {exc.strerror or exc}"], self.path.name) from None
        doc = read_plan_bytes(data, self.path.name, stored=True)
        imported = to_imported(doc, lambda code: None, resolve_codes=False)
        patient = dataclasses.replace(imported.record.patient, id=self.patient_id)
        return PlanRecord(imported.record.plan, patient, self.plan_id, self.version)


def _meta_path(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(".json") + _META)


class DraftStore:
    """The drafts folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_for(self, plan_id: int | None) -> Path:
        return self.folder / f"{_PREFIX}{plan_id if plan_id is not None else 'new'}.json"

    def write(
        self,
        record: PlanRecord,
        own_items: tuple[LibraryIntervention, ...] | list[LibraryIntervention] = (),
        own_goals: tuple[LibraryGoal, ...] | list[LibraryGoal] = (),
        now: dt.datetime | None = None,
    ) -> Path:
        make_private_folder(self.folder)
        path = self.path_for(record.plan_id)
        meta = {
            "plan_id": record.plan_id,
            "patient_id": record.patient.id,
            "version": record.version,
            "title": record.plan.title,
            "saved_at": (now or dt.datetime.now(dt.UTC)).isoformat(),
        }
        write_file(_meta_path(path), (json.dumps(meta, indent=2) + "\n").encode())
        write_file(path, dumps(to_document(record, own_items, own_goals)).encode("utf-8"))
        log.info("wrote a draft of plan %s", record.plan_id if record.plan_id is not None else "(new)")
        return path

    def delete(self, plan_id: int | None) -> None:
        path = self.path_for(plan_id)
        for p in (path, _meta_path(path)):
            try:
                p.unlink()
            except FileNotFoundError:
                pass
            except OSError:
                log.warning("could not delete the draft %s", p.name)

    def drafts(self) -> list[Draft]:
        """Drafts left behind, newest first."""
        found: list[Draft] = []
        if not self.folder.is_dir():
            return found
        for path in self.folder.glob(f"{_PREFIX}*.json"):
            if path.name.endswith(_META):
                continue
            found.append(self._describe(path))
        return sorted(found, key=lambda d: d.saved_at, reverse=True)

    def _describe(self, path: Path) -> Draft:
        stem = path.name.removeprefix(_PREFIX).removesuffix(".json")
        plan_id = int(stem) if stem.isdigit() else None
        meta: dict[str, object] = {}
        try:
            loaded = json.loads(_meta_path(path).read_text("utf-8"))
            if isinstance(loaded, dict):
                meta = loaded
        except (OSError, ValueError):
            log.warning("draft %s has no readable description", path.name)
        try:
            saved_at = dt.datetime.fromisoformat(str(meta["saved_at"]))
        except (KeyError, ValueError):
            saved_at = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
        title = meta.get("title")
        if not isinstance(title, str):
            title = self._title_from_file(path)
        version = meta.get("version")
        patient_id = meta.get("patient_id")
        return Draft(
            path,
            plan_id,
            patient_id if isinstance(patient_id, int) else None,
            # Without the version a draft can only ever be saved as a copy: safe.
            version if isinstance(version, int) else None,
            title,
            saved_at,
        )

    @staticmethod
    def _title_from_file(path: Path) -> str:
        try:
            doc = json.loads(path.read_text("utf-8"))
            return str(doc["plan"]["title"])
        except (OSError, ValueError, KeyError, TypeError):
            return "a plan"


@dataclass(frozen=True)
class _Step:
    """One write or delete of the draft at ``path``, waiting its turn."""

    path: Path
    work: Callable[[], object]
    writes: bool


class DraftWriter(QObject):
    """Writes and deletes drafts off the GUI thread, one step at a time, in the order asked.

    A step not started yet is replaced by a newer one for the same draft (the newer state is what must end
    up on disk); a step under way always finishes before the next begins, so a slow write of an old draft
    cannot overwrite a newer one, nor bring back a draft deleted after it.  ``written`` / ``failed`` come
    on the GUI thread; ``settle`` waits for every step asked for (before the window closes)."""

    #: A draft was written: its path.
    written = Signal(str)
    #: A draft could not be written: the error (nothing was written; the old draft, if any, is intact).
    failed = Signal(object)

    def __init__(self, store: DraftStore, ops: Ops, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.ops = ops
        self._queue: list[_Step] = []
        self._running: Task | None = None

    @property
    def pending(self) -> bool:
        """A step is under way or waiting."""
        return self._running is not None or bool(self._queue)

    def write(
        self,
        record: PlanRecord,
        own_items: Sequence[LibraryIntervention] = (),
        own_goals: Sequence[LibraryGoal] = (),
    ) -> Path:
        """Write a draft of ``record`` (a snapshot, stamped now) when its turn comes; the path it goes to."""
        path = self.store.path_for(record.plan_id)
        now = dt.datetime.now(dt.UTC)
        items, goals = tuple(own_items), tuple(own_goals)
        self._ask(_Step(path, lambda: self.store.write(record, items, goals, now), writes=True))
        return path

    def delete(self, plan_id: int | None) -> None:
        """Delete the plan's draft once the steps asked for before are done."""
        self._ask(_Step(self.store.path_for(plan_id), lambda: self.store.delete(plan_id), writes=False))

    def settle(self, parent: QWidget | None) -> None:
        """Wait until every step asked for is done, the window painting and input held back meanwhile."""
        while self._running is not None:
            # A failure is said through ``failed``; by then the next step has started.
            with contextlib.suppress(Exception):
                wait_for(parent, "Keeping a safety copy of your changes…", self._running)

    def _ask(self, step: _Step) -> None:
        self._queue = [*(s for s in self._queue if s.path != step.path), step]
        self._next()

    def _next(self) -> None:
        if self._running is not None or not self._queue:
            return
        step = self._queue.pop(0)
        self._running = (
            self.ops.job(step.work)
            .success(lambda _value: self._done(step, None))
            .failure(lambda exc: self._done(step, exc))
            .run_in_background()
        )

    def _done(self, step: _Step, error: BaseException | None) -> None:
        self._running = None
        try:
            if step.writes and error is None:
                self.written.emit(str(step.path))
            elif error is not None and step.writes:  # a delete that failed was logged; the draft is offered later
                self.failed.emit(error)
        finally:
            self._next()
