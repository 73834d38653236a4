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
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from careplan.core.files import make_private_folder
from careplan.core.library import LibraryGoal, LibraryIntervention
from careplan.core.model import PlanRecord
from careplan.planfile import PlanFileError, dumps, read_plan_bytes, to_document, to_imported
from careplan.ui.files import write_file

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
