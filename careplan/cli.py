"""The command line: headless commands over the same services the desktop program uses.

Exit status: 0 on success; 2 on bad input (one clear message on stderr, nothing
changed); 1 on an unexpected failure (details in the log file, which the message names).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from careplan import __version__
from careplan.core.enums import Audience, Category
from careplan.core.files import write_atomic
from careplan.core.text import escape_for_terminal
from careplan.errors import UserFacingError
from careplan.paths import AppPaths
from careplan.services.errors import UserError

# Only the chosen command's modules are imported (``careplan --help`` needs no database code,
# ``careplan handout`` no Qt): the settings, plan-file and database modules load when used.
if TYPE_CHECKING:
    from careplan.core.audience import HandoutPrivacy
    from careplan.services.handouts import HandoutOptions
    from careplan.settings import Settings

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one line on stderr and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def _plan_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a plan id is a whole number (got {text!r})") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"a plan id is a positive number (got {value})")
    return value


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser.  Given the command line it is for, only the named command's options
    are made (making all thirty costs every command some 5 ms); without one, or when the line names no
    known command (``--help``, a mistyped command), every command is there, so the help lists them all
    and a mistake is answered as it always was."""
    parser = _Parser(
        prog="careplan",
        description="Care plans and handouts for people with dystonia. Without a command, opens the desktop program.",
    )
    parser.add_argument("--version", action="version", version=f"careplan {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database to use: a SQLAlchemy URL (also CAREPLAN_DB); default: the file in your data folder",
    )
    parser.add_argument(
        "--as",
        dest="as_name",
        metavar="NAME",
        help="your name, recorded with what you change, print or export (also CAREPLAN_THERAPIST); "
        "default: the therapist's name in Settings",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    wanted = None if argv is None else _command_named(argv)
    for names, add in _COMMANDS:
        if wanted is None or wanted in names:
            add(sub)
    return parser


def _import_parser(sub: Any) -> None:
    p = sub.add_parser("import", help="import a plan file; prints the new plan's id")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument(
        "--note", metavar="TEXT", help="the change note kept with the plan's first revision (default: imported)"
    )


def _export_parser(sub: Any) -> None:
    p = sub.add_parser("export", help="write a plan file")
    p.add_argument("plan_id", type=_plan_id, metavar="PLAN_ID")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.json")


def _list_parser(sub: Any) -> None:
    p = sub.add_parser("list", help="patients and their plans, with ids")
    p.add_argument("--json", action="store_true", help="print JSON")


def _catalog_parser(sub: Any) -> None:
    p = sub.add_parser("catalog", help="the intervention library")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--category", choices=[c.value for c in Category], metavar="C", help="only what suits category C")
    p.add_argument(
        "--check",
        type=Path,
        metavar="FILE_OR_FOLDER",
        help="check a clinic's edited library (a folder, or one .toml file) and say what is wrong",
    )


def _check_parser(sub: Any) -> None:
    p = sub.add_parser("check", help="list the cautions that apply to a plan, and what cannot be printed")
    p.add_argument("plan_id", type=_plan_id, metavar="PLAN_ID")


def _handout_parser(sub: Any) -> None:
    p = sub.add_parser("handout", help="write a PDF handout")
    p.add_argument("plan_id", type=_plan_id, metavar="PLAN_ID")
    p.add_argument("--for", dest="audience", required=True, choices=[a.value for a in Audience])
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    p.add_argument("--large-print", action="store_true", help="larger type (every handout but the clinician summary)")
    p.add_argument("--paper", choices=["A4", "Letter"], help="paper size (default: from settings, A4)")
    p.add_argument(
        "--show-identifier",
        action=argparse.BooleanOptionalAction,
        help="print the identifier on the family handout (default: from settings, no)",
    )
    p.add_argument(
        "--show-date-of-birth",
        action=argparse.BooleanOptionalAction,
        help="print the date of birth on the family handout (default: from settings, no)",
    )
    p.add_argument("--draft", action="store_true", help="print even if the plan is not ready, with DRAFT on every page")


def _progress_parser(sub: Any) -> None:
    """Progress over time, from the plan's assessments (careplan.services.progress)."""
    p = sub.add_parser("progress", help="write the progress report (charts and tables of the assessments) as a PDF")
    p.add_argument("plan_id", type=_plan_id, metavar="PLAN_ID")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    p.add_argument("--for", dest="audience", choices=["clinician", "family"], default="clinician")
    p.add_argument("--large-print", action="store_true", help="larger type (the family's page)")
    p.add_argument("--paper", choices=["A4", "Letter"], help="paper size (default: from settings, A4)")


def _fhir_parser(sub: Any) -> None:
    """The plan and its assessments as HL7 FHIR, for the electronic health record (careplan.services.fhir)."""
    p = sub.add_parser("fhir", help="write the plan and its assessments as an HL7 FHIR Bundle (JSON)")
    p.add_argument("plan_id", type=_plan_id, metavar="PLAN_ID")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.json")
    p.add_argument("--version", dest="fhir_version", choices=["R4B", "R5"], default="R4B", help="default R4B")
    p.add_argument("--document", action="store_true", help="a FHIR document (a Composition first), not a collection")
    p.add_argument(
        "--include-confidential-notes",
        action="store_true",
        help="include the clinical notes, clinician notes, findings and rating comments (default: left out)",
    )


def _backup_parser(sub: Any) -> None:
    """``careplan backup`` (with backups, restore and doctor: careplan.services.maintenance)."""
    p = sub.add_parser("backup", help="make a verified copy of the database now; prints where")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="where to write it (default: the backups folder)")


def _backups_parser(sub: Any) -> None:
    sub.add_parser("backups", help="list the backups with dates, sizes and why each was made")


def _restore_parser(sub: Any) -> None:
    p = sub.add_parser("restore", help="put a backup in place of the database (a copy of the current one is kept)")
    p.add_argument("file", type=Path, metavar="FILE")


def _doctor_parser(sub: Any) -> None:
    sub.add_parser("doctor", help="check the database, file modes, backups and disk space")


def _audit_parser(sub: Any) -> None:
    p = sub.add_parser("audit", help="who opened, saved, printed, exported, imported or restored plans, newest first")
    p.add_argument("plan_id", type=_plan_id, nargs="?", metavar="PLAN_ID", help="only this plan")
    p.add_argument("--patient", type=_plan_id, metavar="ID", help="only this patient's plans and details")
    p.add_argument("--limit", type=_plan_id, default=200, metavar="N", help="at most N events (default 200)")
    p.add_argument("--json", action="store_true", help="print JSON")


def _new_parser(sub: Any) -> None:
    """``careplan new``: a plan from a template (with ``copy``: careplan.services.templates)."""
    p = sub.add_parser("new", help="start a plan for a patient from a starter or own template; prints its id")
    p.add_argument("--patient", type=_plan_id, required=True, metavar="ID", help="the patient's id ('careplan list')")
    p.add_argument("--template", required=True, metavar="CODE", help="a template code ('careplan catalog')")
    p.add_argument("--category", choices=[c.value for c in Category], metavar="C", help="refuse a template not for C")
    p.add_argument("--title", metavar="TEXT", help="the plan's title (default: the template's)")


def _copy_parser(sub: Any) -> None:
    p = sub.add_parser("copy", help="copy a plan to another patient (no personal details); prints the new id")
    p.add_argument("plan_id", type=_plan_id, metavar="PLAN_ID")
    p.add_argument("--to-patient", type=_plan_id, required=True, metavar="ID", help="the patient who gets the copy")


def _assess_parser(sub: Any) -> None:
    """Re-evaluation (careplan.services.assessments): one assessment object, as in a plan file's assessments."""
    p = sub.add_parser("assess", help="add an assessment to a plan's patient from a JSON file; prints its id")
    p.add_argument("plan_id", type=_plan_id, metavar="PLAN_ID")
    p.add_argument("--from", dest="source", type=Path, required=True, metavar="FILE.json")


def _encrypt_parser(sub: Any) -> None:
    sub.add_parser("encrypt", help="encrypt the database file (key kept in this computer's keyring)")


def _decrypt_parser(sub: Any) -> None:
    sub.add_parser("decrypt", help="turn an encrypted database file back into a plain one")


def _template_parsers(sub: Any) -> None:
    """``careplan templates`` and ``careplan template save|rename|delete`` (careplan.services.templates)."""
    p = sub.add_parser("templates", help="your own templates, then the starter templates, with codes")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--category", choices=[c.value for c in Category], metavar="C", help="only the templates for C")
    p = sub.add_parser("template", help="save a plan as your own template, or rename or delete one of yours")
    actions = p.add_subparsers(dest="template_action", metavar="ACTION", required=True, parser_class=_Parser)
    t = actions.add_parser("save", help="save a plan as your own template (no patient details); prints its code")
    t.add_argument("plan_id", type=_plan_id, metavar="PLAN_ID")
    t.add_argument("--name", required=True, metavar="NAME", help="the template's name (unique in its category)")
    t.add_argument("--description", default="", metavar="TEXT", help="what the template is for")
    if_version = "change it only if it is still at version N ('careplan templates' shows it)"
    t = actions.add_parser("rename", help="give one of your templates a new name (its code stays)")
    t.add_argument("code", metavar="CODE", help="the template's code ('careplan templates')")
    t.add_argument("--name", required=True, metavar="NAME", help="the new name (unique in its category)")
    t.add_argument("--if-version", type=_plan_id, metavar="N", help=if_version)
    t = actions.add_parser("delete", help="delete one of your templates (plans started from it keep their items)")
    t.add_argument("code", metavar="CODE", help="the template's code ('careplan templates')")
    t.add_argument("--if-version", type=_plan_id, metavar="N", help=if_version)


def _recorded_parsers(sub: Any) -> None:
    """``careplan recorded`` (a patient's or plan's assessments and injections, with ids) and
    ``careplan assessment|injection change|delete ID``: correcting what was recorded."""
    p = sub.add_parser("recorded", help="a plan's or patient's assessments and injections, with ids and dates")
    p.add_argument("plan_id", type=_plan_id, nargs="?", metavar="PLAN_ID", help="the plan's assessments")
    p.add_argument("--patient", type=_plan_id, metavar="ID", help="all the patient's assessments")
    p.add_argument("--json", action="store_true", help="print JSON")
    if_version = "change it only if it is still at version N ('careplan recorded' shows it)"
    for kind, array in (("assessment", "assessments"), ("injection", "injections")):
        p = sub.add_parser(kind, help=f"correct or delete a recorded {kind} ('careplan recorded' shows the ids)")
        actions = p.add_subparsers(dest="recorded_action", metavar="ACTION", required=True, parser_class=_Parser)
        t = actions.add_parser("change", help=f"replace the {kind} with the one in a JSON file")
        t.add_argument("record_id", type=_plan_id, metavar="ID")
        t.add_argument(
            "--from", dest="source", type=Path, required=True, metavar="FILE.json", help=f"as in a plan file's {array}"
        )
        t.add_argument("--if-version", type=_plan_id, metavar="N", help=if_version)
        t = actions.add_parser("delete", help=f"delete the {kind} (one recorded on the wrong patient)")
        t.add_argument("record_id", type=_plan_id, metavar="ID")
        t.add_argument("--if-version", type=_plan_id, metavar="N", help=if_version)


#: Each command (or group of commands) and what adds its parser, in the order the help lists them.
_COMMANDS: tuple[tuple[tuple[str, ...], Callable[[Any], None]], ...] = (
    (("import",), _import_parser),
    (("export",), _export_parser),
    (("list",), _list_parser),
    (("catalog",), _catalog_parser),
    (("check",), _check_parser),
    (("handout",), _handout_parser),
    (("progress",), _progress_parser),
    (("fhir",), _fhir_parser),
    (("backup",), _backup_parser),
    (("backups",), _backups_parser),
    (("restore",), _restore_parser),
    (("doctor",), _doctor_parser),
    (("audit",), _audit_parser),
    (("new",), _new_parser),
    (("copy",), _copy_parser),
    (("templates", "template"), _template_parsers),
    (("assess",), _assess_parser),
    (("recorded", "assessment", "injection"), _recorded_parsers),
    (("encrypt",), _encrypt_parser),
    (("decrypt",), _decrypt_parser),
)

#: The options before a command that take a value (``--db URL``, ``--as NAME``; argparse also takes any
#: unambiguous start of them, like ``--d``).
_GLOBAL_VALUES = ("--db", "--as")


def _command_named(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names (its first word that is not an option or an option's value), or None
    when there is none, it is not a known command, or an option before it asks for all of them
    (``--help``, ``--version``)."""
    known = {name for names, _add in _COMMANDS for name in names}
    words = iter(argv)
    for word in words:
        if word.startswith("-"):
            if "=" not in word and len(word) > 2 and any(o.startswith(word) for o in _GLOBAL_VALUES):
                next(words, None)  # the option's value
                continue
            if word.partition("=")[0] in _GLOBAL_VALUES:
                continue
            return None  # --help, --version (or a mistake argparse will name)
        return word if word in known else None
    return None


class Cli:
    """The commands, given the program's folders and an output stream."""

    def __init__(self, args: argparse.Namespace, paths: AppPaths, out: TextIO, err: TextIO | None = None) -> None:
        self.args = args
        self.paths = paths
        self.out = out
        self.err = err or sys.stderr
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from careplan.settings import load_settings

            self._settings = load_settings(self.paths.config)
        return self._settings

    def actor(self, what: str) -> Any:
        """Who is doing an audited command: ``--as``, else CAREPLAN_THERAPIST, else the name in Settings
        (with its role); never the computer's login.  Without any, the command is refused (NameRequired)."""
        from careplan.services.actors import Actor

        given = self.args.as_name or os.environ.get("CAREPLAN_THERAPIST")
        if given is not None:
            return Actor.named(given, what=what)
        therapist = self.settings.therapist
        return Actor.named(therapist.name, therapist.role, what=what)

    def recorded_read(self, store: Any, action: str, plan_id: int, actor: Any, detail: str) -> None:
        """Record a read after it was done; if the log cannot be written, say so on stderr (the work stands)."""
        from careplan.services.audit import NOT_RECORDED, Action, record_read

        if not record_read(store.sessions, actor, Action(action), plan_id, detail):
            sys.stderr.write(f"careplan {self.args.command}: warning: {NOT_RECORDED}\n")

    def database_url(self) -> str:
        from careplan.services.addresses import resolve_url
        from careplan.settings import env_database_url

        return resolve_url(self.args.db, env_database_url(), self.settings.database_url, self.paths)

    def store(self) -> Any:
        from careplan.services.store import open_database
        from careplan.settings import env_database_url

        return open_database(self.paths, self.args.db, env_database_url(), self.settings.database_url)

    def warn_backup(self, store: Any) -> None:
        """A routine backup that failed: one line on stderr; the command still succeeds."""
        warning = store.take_backup_warning()
        if warning:
            self.err.write(f"careplan {self.args.command}: warning: {warning}\n")

    def shipped_library(self) -> Any:
        from careplan.services.library_cache import load_shipped_library

        return load_shipped_library(self.paths.cache)

    def print(self, text: str = "") -> None:
        self.out.write(terminal_safe(text) + "\n")

    # --- commands -----------------------------------------------------------------------------

    def cmd_import(self) -> None:
        from careplan.services.audit import Action, recorded
        from careplan.services.transfer import import_plan

        actor = self.actor("imports plans")
        path: Path = self.args.file
        data = _read_input(path)
        library = self.shipped_library()
        store = self.store()
        try:
            with store.sessions.begin() as session:
                record = recorded(
                    session,
                    actor,
                    Action.IMPORTED,
                    import_plan(
                        session, data, library, source=path.name, author=actor.name, note=self.args.note, actor=actor
                    ),
                    "plan file",
                )
            store.routine_backup()
            self.warn_backup(store)
        finally:
            store.close()
        log.info("imported plan %s", record.plan_id)
        self.print(str(record.plan_id))

    def cmd_assess(self) -> None:
        """The file is read and checked before the database is opened: a bad file changes nothing."""
        from careplan.services.assessments import assess_plan, assessment_from_file

        actor = self.actor("records assessments")
        path: Path = self.args.source
        assessment = assessment_from_file(_read_input(path, "read"), path.name)
        library = self.shipped_library()
        store = self.store()
        try:
            with store.sessions.begin() as session:
                stored = assess_plan(session, actor, self.args.plan_id, assessment, library)
            store.routine_backup()
            self.warn_backup(store)
        finally:
            store.close()
        log.info("recorded assessment %s of plan %s", stored.id, self.args.plan_id)
        self.print(
            f"Recorded the assessment of {stored.date.isoformat()} for plan {self.args.plan_id} "
            f"(revision {stored.plan_revision})."
        )
        self.print(str(stored.id))

    def cmd_recorded(self) -> None:
        """A plan's assessments and its patient's injections (or all of a patient's), oldest first, with
        the ids and versions ``careplan assessment|injection change|delete`` take."""
        from careplan.services import assessments as recorded
        from careplan.services.errors import UserError

        plan_id, patient_id = self.args.plan_id, self.args.patient
        if (plan_id is None) == (patient_id is None):
            raise UserError("Give a plan id or --patient ID ('careplan list' shows both), not both.")
        store = self.store()
        try:
            with store.reads.begin() as session:
                if plan_id is not None:
                    patient_id = recorded.plan_patient(session, plan_id)
                found = recorded.list_assessments(session, patient_id), recorded.list_injections(session, patient_id)
        finally:
            store.close()
        rows = [
            ("assessment", a.id, a.version, a.date, a.therapist, a.plan_id, a.plan_revision)
            for a in found[0]
            if plan_id is None or a.plan_id == plan_id
        ] + [("injection", i.id, i.version, i.date, i.given_by, None, None) for i in found[1]]
        rows.sort(key=lambda r: (r[3], r[0], r[1] or 0))
        if self.args.json:
            keys = ("kind", "id", "version", "date", "by", "plan_id", "plan_revision")
            items = [dict(zip(keys, (*r[:3], r[3].isoformat(), *r[4:]), strict=True)) for r in rows]
            self.print(json.dumps({"recorded": items}, indent=2, ensure_ascii=False))
            return
        if not rows:
            self.print("No assessments or injections recorded" + (" for this plan." if plan_id else "."))
            return
        header, widths = ("Kind", "Id", "Ver", "Date", "By", "Plan", "Rev"), (10, 6, 4, 10, 32, 6, 4)
        self.print(_row(header, widths))
        self.print("  ".join("-" * w for w in widths))
        for kind, rid, version, day, who, plan, rev in rows:
            cells = (
                kind,
                str(rid),
                str(version),
                day.isoformat(),
                who,
                *("" if n is None else str(n) for n in (plan, rev)),
            )
            self.print(_row(cells, widths))

    def cmd_recorded_change(self) -> None:
        """``careplan assessment|injection change|delete ID``: the file is read and checked before the
        database is opened; the stored one is replaced (or deleted) with its audit event in one transaction."""
        from careplan.services import assessments as recorded

        kind, action, record_id = self.args.command, self.args.recorded_action, self.args.record_id
        actor = self.actor(f"{'changes' if action == 'change' else 'deletes'} {kind}s")
        replacement: Any = None
        if action == "change":
            path: Path = self.args.source
            reader = recorded.assessment_from_file if kind == "assessment" else recorded.injection_from_file
            replacement = reader(_read_input(path, "read"), path.name, "Nothing was changed.")
        library = self.shipped_library() if kind == "assessment" else None
        store = self.store()
        try:
            with store.sessions.begin() as session:
                stored = (recorded.load_assessment if kind == "assessment" else recorded.load_injection)(
                    session, record_id
                )
                wanted = self.args.if_version
                if wanted is not None and wanted != stored.version:
                    stored = dataclasses.replace(stored, version=wanted)  # the service says who changed it
                done = _change_recorded(session, actor, stored, replacement, library)
            store.routine_backup()
            self.warn_backup(store)
        finally:
            store.close()
        log.info("%s %s %s", kind, record_id, "changed" if done else "deleted")
        if done is None:
            self.print(f"Deleted the {kind} {record_id} of {stored.date.isoformat()}.")
        else:
            self.print(f"Changed the {kind} {record_id} of {done.date.isoformat()} (now version {done.version}).")

    def cmd_export(self) -> None:
        from careplan.services.transfer import export_plan

        actor = self.actor("exports plans")
        library = self.shipped_library()
        store = self.store()
        try:
            with store.reads.begin() as session:
                text = export_plan(session, self.args.plan_id, library)
            _write_output(self.args.output, text.encode("utf-8"))
            log.info("exported plan %s", self.args.plan_id)
            self.recorded_read(store, "exported", self.args.plan_id, actor, "plan file")
        finally:
            store.close()

    def therapist(self, actor: Any) -> Any:
        """The therapist a new plan names: the Settings' details when they are this therapist's, else
        the name (and role) given with ``--as`` or CAREPLAN_THERAPIST."""
        from careplan.core.model import Therapist

        mine = self.settings.default_therapist()
        return mine if mine.name == actor.name else Therapist(actor.name, actor.role)

    def cmd_new(self) -> None:
        import datetime as dt

        from careplan.services.audit import Action, recorded
        from careplan.services.library import full_library
        from careplan.services.templates import new_plan_from_template, plan_from_template

        actor = self.actor("creates plans")
        category = Category(self.args.category) if self.args.category else None
        shipped = self.shipped_library()
        store = self.store()
        try:
            with store.sessions.begin() as session:
                library = full_library(session, shipped)
                plan = plan_from_template(
                    library,
                    self.args.template,
                    therapist=self.therapist(actor),
                    today=dt.date.today(),
                    category=category,
                    title=self.args.title,
                )
                stored = new_plan_from_template(session, self.args.patient, plan, library, actor.name)
                record = recorded(session, actor, Action.CREATED, stored, "plan from a template")
            store.routine_backup()
            self.warn_backup(store)
        finally:
            store.close()
        log.info("started plan %s from a template", record.plan_id)
        self.print(str(record.plan_id))

    def cmd_copy(self) -> None:
        import datetime as dt

        from careplan.services.audit import Action, recorded
        from careplan.services.library import full_library
        from careplan.services.templates import copy_of_plan, store_copy

        actor = self.actor("copies plans")
        shipped = self.shipped_library()
        store = self.store()
        source_id = self.args.plan_id
        try:
            with store.sessions.begin() as session:
                source, copy = copy_of_plan(
                    session, source_id, self.args.to_patient, therapist=self.therapist(actor), today=dt.date.today()
                )
                record = store_copy(session, copy, source_id, full_library(session, shipped), actor.name)
                recorded(session, actor, Action.CREATED, record, "copy of another patient's plan")
                # The source plan was read for the copy: recorded with it, in the same transaction.
                recorded(session, actor, Action.OPENED, source, "copied to another patient")
            store.routine_backup()
            self.warn_backup(store)
        finally:
            store.close()
        log.info("copied plan %s to plan %s", source_id, record.plan_id)
        self.print(str(record.plan_id))

    def cmd_templates(self) -> None:
        """The therapist's own templates first (with the version a change names), then the starter ones."""
        from careplan.core.templates import template_counts
        from careplan.services.library import full_library

        shipped = self.shipped_library()
        store = self.store()
        try:
            with store.reads.begin() as session:
                library = full_library(session, shipped)
        finally:
            store.close()
        templates = sorted(library.templates, key=lambda t: not t.is_own)
        if self.args.category:
            templates = [t for t in templates if t.category.value == self.args.category]
        listed = [(t, *template_counts(t)) for t in templates]
        if self.args.json:
            rows = [
                {
                    "code": t.code,
                    "kind": "own" if t.is_own else "starter",
                    "category": t.category.value,
                    "title": t.title,
                    "description": t.approach,
                    "items": items,
                    "goals": goals,
                    "version": t.version,
                }
                for t, items, goals in listed
            ]
            self.print(json.dumps({"templates": rows}, indent=2, ensure_ascii=False))
            return
        table: list[tuple[str, ...]] = [("Code", "Kind", "Category", "Title", "Items", "Goals", "Version")]
        for t, items, goals in listed:
            kind = "yours" if t.is_own else "starter"
            version = str(t.version) if t.version is not None else ""
            table.append((t.code, kind, t.category.label, t.title, str(items), str(goals), version))
        self.print(_table(table) if listed else "No templates match.")

    def cmd_template(self) -> None:
        """Save, rename or delete one of the therapist's own templates: one transaction; refused (exit 2,
        nothing changed) for a starter template, a name already used or a version that moved on."""
        from careplan.services import templates as own
        from careplan.services.audit import Action, recorded
        from careplan.services.library import full_library
        from careplan.services.plans import load_plan

        args = self.args
        actor = self.actor("saves, renames and deletes templates")
        store = self.store()
        try:
            with store.sessions.begin() as session:
                if args.template_action == "save":
                    record = load_plan(session, args.plan_id)
                    made = own.template_of_plan(
                        record.plan,
                        record.patient,
                        full_library(session, self.shipped_library()),
                        title=args.name,
                        approach=args.description,
                    )
                    saved = own.save_own_template(session, made, actor.name)
                    recorded(session, actor, Action.OPENED, record, "saved as a template")
                    said = saved.code
                elif args.template_action == "rename":
                    renamed = own.rename_own_template(session, args.code, args.name, args.if_version, actor.name)
                    said = f"Renamed {renamed.code} to {renamed.title!r} (version {renamed.version})."
                else:
                    title = own.delete_own_template(session, args.code, args.if_version)
                    said = f"Deleted your template {title!r} ({args.code}); plans started from it keep their items."
            store.routine_backup()
            self.warn_backup(store)
        finally:
            store.close()
        log.info("template %s done", args.template_action)
        self.print(said)

    def cmd_list(self) -> None:
        """Streams: patients are read a batch at a time and written as they come, so memory and the
        time to the first line stay flat however many patients there are."""
        from careplan.services.plans import iter_patients

        store = self.store()
        try:
            with store.reads.begin() as session:
                patients = iter_patients(session)
                if self.args.json:
                    self._list_json(patients)
                else:
                    self._list_table(patients)
        finally:
            store.close()

    def _list_json(self, patients: Any) -> None:
        # The same document ``json.dumps(..., indent=2)`` made of the whole list, written a patient at a time.
        self.out.write('{\n  "patients": [')
        first = True
        for p in patients:
            item = {
                "id": p.id,
                "given_name": p.given_name,
                "family_name": p.family_name,
                "date_of_birth": p.date_of_birth.isoformat(),
                "identifier": p.identifier,
                "plans": [
                    {
                        "id": pl.plan_id,
                        "title": pl.title,
                        "category": pl.category.value,
                        "review_date": pl.review_date.isoformat() if pl.review_date else None,
                        "revision": pl.revision,
                    }
                    for pl in p.plans
                ],
            }
            text = json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n    ")
            self.out.write(("\n    " if first else ",\n    ") + terminal_safe(text))
            first = False
        self.out.write("]\n}\n" if first else "\n  ]\n}\n")

    def _list_table(self, patients: Any) -> None:
        header = ("Plan", "Patient", "Born", "Plan title", "Category", "Review", "Rev")
        widths = (6, 28, 10, 40, 24, 10, 4)
        empty = True
        for p in patients:
            if empty:
                self.print(_row(header, widths))
                self.print("  ".join("-" * w for w in widths))
                empty = False
            born = p.date_of_birth.isoformat()
            if not p.plans:
                self.print(_row(("-", p.full_name, born, "(no plan)", "", "", ""), widths))
            for pl in p.plans:
                review = pl.review_date.isoformat() if pl.review_date else ""
                self.print(
                    _row(
                        (str(pl.plan_id), p.full_name, born, pl.title, pl.category.label, review, str(pl.revision)),
                        widths,
                    )
                )
        if empty:
            self.print("No patients yet. Import a plan file with: careplan import FILE")

    def cmd_catalog(self) -> None:
        from careplan.services.library import full_library
        from careplan.settings import env_database_url

        if self.args.check is not None:
            from careplan.catalog.describe import check_library_path, counts

            checked = check_library_path(self.args.check)
            n = counts(checked)
            self.print(
                f"{self.args.check}: the library is valid: {n['interventions']} entries, {n['goals']} goals, "
                f"{n['templates']} templates, {n['sources']} sources ({n['sources_unchecked']} unchecked)."
            )
            return
        library = self.shipped_library()
        if self.args.db or env_database_url() or self.paths.database.exists() or self.settings.database_url:
            store = self.store()
            try:
                with store.reads.begin() as session:
                    library = full_library(session, library)
            finally:
                store.close()
        if self.args.category:
            library = library.for_category(Category(self.args.category))
        if self.args.json:
            self.print(json.dumps(catalog_json(library), indent=2, ensure_ascii=False))
            return
        rows: list[tuple[str, ...]] = [("Code", "Kind", "Title", "Suits")]
        for e in library.interventions:
            rows.append((e.code, e.kind.label, e.title, ", ".join(sorted(c.value for c in e.categories))))
        self.print(_table(rows))
        self.print()
        rows = [("Goal", "Domain", "Text")]
        rows += [(g.code, g.domain.label, g.text) for g in library.goals]
        self.print(_table(rows))
        self.print()
        rows = [("Template", "Category", "Title")]
        rows += [(t.code, t.category.label, t.title) for t in library.templates]
        self.print(_table(rows))

    def cmd_check(self) -> None:
        import datetime as dt

        from careplan.core.cautions import cautions_for
        from careplan.core.readiness import readiness_problems
        from careplan.services.handouts import printing_problems
        from careplan.services.library import full_library
        from careplan.services.plans import load_plan

        shipped = self.shipped_library()
        store = self.store()
        try:
            with store.reads.begin() as session:
                record = load_plan(session, self.args.plan_id)
                library = full_library(session, shipped)
        finally:
            store.close()
        found = cautions_for(record.plan, library, age=record.patient.age_on())
        if not found:
            self.print("no cautions")
        for caution in found:
            self.print(f"{caution.item_title}: {caution.text}")
        # What the handouts cannot print as typed (the exit code stays 0: a warning, not an error).
        for line in printing_problems(record, library, self.settings.clinic_details()):
            self.print(f"Printing: {line}")
        # What a handout would print wrong (``careplan handout`` refuses while there is any).
        for problem in readiness_problems(record, found, library, self.settings.clinic_details(), dt.date.today()):
            self.print(f"Not ready: {problem}")

    def cmd_handout(self) -> None:
        from careplan.services.actors import handout_detail

        audience = Audience(self.args.audience)
        shipped = self.shipped_library()
        detail = handout_detail([(audience, self.args.large_print and audience is not Audience.CLINICIAN)])
        if self.quick_handout(audience, shipped, detail + " (PDF)"):
            return
        from careplan.services.handouts import make_handout

        self.write_pdf(
            "writes handouts",
            lambda session, clinic, paper: make_handout(
                session, self.args.plan_id, audience, shipped, clinic, self.handout_options(paper)
            ),
            f"{audience.value} handout",
            detail + " (PDF)",
        )

    def handout_options(self, paper: str) -> HandoutOptions:
        from careplan.services.handouts import HandoutOptions

        a = self.args
        return HandoutOptions(paper=paper, large_print=a.large_print, privacy=self.handout_privacy(), draft=a.draft)

    def quick_handout(self, audience: Audience, shipped: Any, detail: str) -> bool:
        """The handout made and recorded without opening the store, when the light read can
        (``services.quick_handout``: a plain SQLite file at this version's schema); False when the store
        must make it.  Refusals (not ready to print, an audience that does not fit) are the same."""
        from careplan.services.actors import NOT_RECORDED
        from careplan.services.quick_handout import quick_handout, record_quick_read
        from careplan.storage.quick_read import plain_sqlite_file

        actor = self.actor("writes handouts")
        paper = getattr(self.args, "paper", None) or self.settings.paper
        made = quick_handout(
            plain_sqlite_file(self.database_url()),
            self.args.plan_id,
            audience,
            shipped,
            self.settings.clinic_details(),
            self.handout_options(paper),
        )
        if made is None:
            return False
        _write_output(self.args.output, made.pdf)
        log.info("wrote a %s handout for plan %s", audience.value, self.args.plan_id)
        if not record_quick_read(made, actor, detail):
            sys.stderr.write(f"careplan {self.args.command}: warning: {NOT_RECORDED}\n")
        return True

    def write_pdf(self, doing: str, make: Callable[[Any, Any, str], bytes], what: str, detail: str) -> None:
        """The shared steps of a PDF (or a FHIR bundle) from a stored plan: who is doing it, ``make(session,
        clinic, paper)`` in one read, the file written whole (nothing written when ``make`` refuses), then the
        activity log."""
        actor = self.actor(doing)
        store = self.store()
        try:
            with store.reads.begin() as session:
                pdf = make(
                    session, self.settings.clinic_details(), getattr(self.args, "paper", None) or self.settings.paper
                )
            _write_output(self.args.output, pdf)
            log.info("wrote a %s for plan %s", what, self.args.plan_id)
            self.recorded_read(store, "exported", self.args.plan_id, actor, detail)
        finally:
            store.close()

    def handout_privacy(self) -> HandoutPrivacy:
        """The settings' privacy choices, with ``--show-identifier`` / ``--show-date-of-birth`` for this run."""
        from careplan.core.audience import HandoutPrivacy

        chosen = self.settings.handout_privacy()
        identifier, born = self.args.show_identifier, self.args.show_date_of_birth
        return HandoutPrivacy(
            show_identifier=chosen.show_identifier if identifier is None else identifier,
            show_date_of_birth=chosen.show_date_of_birth if born is None else born,
        )

    def cmd_progress(self) -> None:
        """Nothing is written when the plan has no assessment (exit 2, the message says so)."""
        from careplan.services.progress import progress_pdf

        audience = Audience(self.args.audience)
        shipped = self.shipped_library()
        what = "progress report" if audience is Audience.CLINICIAN else "family progress page"
        large = " (large print)" if self.args.large_print else ""
        self.write_pdf(
            "writes progress reports",
            lambda session, clinic, paper: progress_pdf(
                session, self.args.plan_id, audience, shipped, clinic, paper=paper, large_print=self.args.large_print
            ),
            what,
            f"{what}{large} (PDF)",
        )

    def cmd_fhir(self) -> None:
        """Read in one session, built and checked in full, then written whole: a refusal writes nothing."""
        from careplan.export.fhir import FhirOptions
        from careplan.services.fhir import fhir_bundle

        a = self.args
        options = FhirOptions(a.fhir_version, a.document, a.include_confidential_notes)
        shipped = self.shipped_library()
        self.write_pdf(
            "exports plans",
            lambda session, _clinic, _paper: fhir_bundle(session, a.plan_id, shipped, options),
            f"FHIR {a.fhir_version} bundle",
            options.audit_detail,
        )

    def cmd_audit(self) -> None:
        """The activity log, newest first: times in this computer's time zone (JSON: UTC)."""
        from careplan.services.audit import events_for

        store = self.store()
        try:
            with store.reads.begin() as session:
                events = events_for(
                    session, plan_id=self.args.plan_id, patient_id=self.args.patient, limit=self.args.limit
                )
        finally:
            store.close()
        if self.args.json:
            self.print(json.dumps({"events": [e.as_json() for e in events]}, indent=2, ensure_ascii=False))
            return
        if not events:
            self.print("No activity recorded" + (" for this plan." if self.args.plan_id else "."))
            return
        header = ("When", "Who", "Role", "Action", "Plan", "Patient", "Rev", "Detail", "Computer (database role)")
        widths = (16, 24, 20, 8, 6, 7, 4, 36, 28)
        self.print(_row(header, widths))
        self.print("  ".join("-" * w for w in widths))
        for e in events:
            cells = (e.at.astimezone().strftime("%Y-%m-%d %H:%M"), e.who, e.role or "", e.action)
            ids = tuple("" if n is None else str(n) for n in (e.plan_id, e.patient_id, e.revision))
            where = (e.computer or "") + (f" as {e.db_role}" if e.db_role else "")
            self.print(_row(cells + ids + (e.detail or "", where), widths))

    def cmd_encrypt(self) -> None:
        from careplan.storage.crypto import encrypt_database

        done = encrypt_database(self._database_file("encrypt"), self.paths.backups)
        self.print(f"Encrypted {done.database}.")
        self.print(f"A copy of the database as it was is in {done.backup}.")
        if done.backups_converted:
            self.print(f"{done.backups_converted} earlier backups were encrypted with the same key.")
        self.print(
            f"The key is in this computer's keyring (service 'Careplan', entry '{done.key_entry}'). "
            "Keep a copy of it somewhere safe: without it the database and its backups cannot be opened."
        )

    def cmd_decrypt(self) -> None:
        from careplan.storage.crypto import decrypt_database

        done = decrypt_database(self._database_file("decrypt"), self.paths.backups)
        self.print(f"Decrypted {done.database}: it is a plain SQLite file again.")
        self.print(f"An encrypted copy of it is in {done.backup}.")
        self.print(f"The key stays in the keyring ('{done.key_entry}'): the encrypted backups still need it.")

    def _database_file(self, action: str) -> Path:
        """The SQLite file this command would use; a server database is the server's to protect."""
        from sqlalchemy.engine import make_url

        from careplan.services.store import resolve_url
        from careplan.settings import env_database_url

        url = resolve_url(self.args.db, env_database_url(), self.settings.database_url, self.paths)
        parsed = make_url(url)
        if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
            raise UserError(
                f"Only a database file on this computer can be encrypted; a {parsed.get_backend_name()} server keeps "
                f"its data as its administrators set it up (disk encryption on the server). Nothing to {action}."
            )
        return Path(parsed.database).expanduser()

    # --- backups, restore, doctor (careplan.services.maintenance) ------------------------------

    def _maintenance(self, fn: Callable[[], None]) -> None:
        """On a server database these commands print the server's backup commands and exit 2."""
        from careplan.services.maintenance import ServerDatabase

        try:
            fn()
        except ServerDatabase as exc:
            self.print(exc.advice)
            raise

    def cmd_backup(self) -> None:
        from careplan.services.maintenance import make_backup

        def run() -> None:
            self.paths.ensure()
            made = make_backup(self.database_url(), self.paths, self.args.output)
            log.info("made a backup by hand")
            self.print(str(made))

        self._maintenance(run)

    def cmd_backups(self) -> None:
        from careplan.services.maintenance import format_size, list_backups

        def run() -> None:
            found = list_backups(self.database_url(), self.paths)
            if not found:
                self.print(f"No backups yet in {self.paths.backups}. Make one with: careplan backup")
                return
            # File names in full: they are what ``careplan restore`` takes.
            self.print(f"Backups in {self.paths.backups}, newest first:")
            self.print(f"{'Made':<16}  {'Size':>9}  {'Why':<34}  File")
            for b in found:
                self.print(
                    f"{b.made.astimezone():%Y-%m-%d %H:%M}  {format_size(b.size):>9}  {b.why:<34}  {b.path.name}"
                )

        self._maintenance(run)

    def cmd_restore(self) -> None:
        from careplan.services.maintenance import restore

        actor = self.actor("restores backups")

        def run() -> None:
            done = restore(self.database_url(), self.paths, self.args.file, actor)
            if not done.recorded:
                from careplan.services.audit import NOT_RECORDED

                self.err.write(f"careplan restore: warning: {NOT_RECORDED}\n")
            log.info("restored a backup (schema %s)", done.revision)
            self.print(done.summary)

        self._maintenance(run)

    def cmd_doctor(self) -> None:
        from careplan.services.maintenance import doctor

        found = doctor(self.database_url(), self.paths)
        for finding in found:
            self.print(finding.line())
        problems = sum(not f.ok for f in found)
        log.info("doctor: %d checks, %d problems", len(found), problems)
        if problems:
            raise UserError(f"{problems} problem{'s' if problems != 1 else ''} found (see above).")


def catalog_json(library: Any) -> dict[str, Any]:
    """The library as ``careplan catalog --json`` prints it (see ``careplan.catalog.describe``)."""
    from careplan.catalog.describe import catalog_json as describe

    return describe(library)


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    def cell(text: str, width: int) -> str:
        return (text if len(text) <= width else text[: width - 1] + "…").ljust(width)

    return "  ".join(cell(c, w) for c, w in zip(cells, widths, strict=True)).rstrip()


def _table(rows: Sequence[Sequence[str]]) -> str:
    widths = [min(max(len(r[i]) for r in rows), 48) for i in range(len(rows[0]))]

    def cell(text: str, width: int) -> str:
        return (text if len(text) <= width else text[: width - 1] + "…").ljust(width)

    lines = ["  ".join(cell(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def terminal_safe(text: str) -> str:
    """``text`` with control characters written as ``\\uXXXX``: text stored before Careplan refused
    them (an old database, an old library entry) never reaches the terminal raw (an ESC sequence
    would recolour or clear it).  Used for every line the commands print, JSON included."""
    return escape_for_terminal(text)


def _change_recorded(session: Any, actor: Any, stored: Any, replacement: Any, library: Any) -> Any:
    """Write ``replacement`` over ``stored`` (keeping its id, version and plan link), or delete ``stored``
    when there is no replacement (None returned); RecordConflict when it is not at ``stored.version``."""
    from careplan.core.assessments import Assessment
    from careplan.services import assessments as recorded

    assessment = isinstance(stored, Assessment)
    if replacement is None:
        (recorded.delete_assessment if assessment else recorded.delete_injection)(session, actor, stored)
        return None
    kept: dict[str, Any] = {"id": stored.id, "version": stored.version}
    if assessment:
        kept |= {"plan_id": stored.plan_id, "plan_revision": stored.plan_revision}
        return recorded.update_assessment(session, actor, dataclasses.replace(replacement, **kept), library)
    return recorded.update_injection(session, actor, dataclasses.replace(replacement, **kept))


def _read_input(path: Path, verb: str = "import") -> bytes:
    """The file's bytes; a file larger than a plan file may be is refused before it is read."""
    from careplan.planfile import PlanFileError
    from careplan.planfile.io import check_size

    try:
        with path.open("rb") as file:
            try:
                check_size(os.fstat(file.fileno()).st_size)
            except PlanFileError as exc:
                raise PlanFileError(exc.problems, source=path.name) from None
            return file.read()
    except FileNotFoundError:
        raise UserError(f"Cannot {verb} {path}: there is no such file.") from None
    except IsADirectoryError:
        raise UserError(
            f"Cannot {verb} {path}: it is a folder, not a {'plan ' if verb == 'import' else ''}file."
        ) from None
    except OSError as exc:
        raise UserError(f"Cannot {verb} {path}: {exc.strerror or exc}.") from None


def _write_output(path: Path, data: bytes) -> None:
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise UserError(f"Could not write {path}: {exc.strerror or exc}. Nothing was written.") from None


def _loaded_error(module: str, name: str) -> tuple[type[BaseException], ...]:
    """The error class ``name`` of ``module`` if that module is loaded (as a tuple for ``except``), else ()."""
    loaded = sys.modules.get(module)
    return (getattr(loaded, name),) if loaded is not None else ()


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's last flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def run(args: argparse.Namespace, paths: AppPaths, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run one command; map every failure to an exit status and a message."""
    out = out or sys.stdout
    err = err or sys.stderr
    commands: dict[str, Callable[[Cli], None]] = {
        "import": Cli.cmd_import,
        "export": Cli.cmd_export,
        "list": Cli.cmd_list,
        "catalog": Cli.cmd_catalog,
        "check": Cli.cmd_check,
        "handout": Cli.cmd_handout,
        "progress": Cli.cmd_progress,
        "fhir": Cli.cmd_fhir,
        "backup": Cli.cmd_backup,
        "backups": Cli.cmd_backups,
        "restore": Cli.cmd_restore,
        "doctor": Cli.cmd_doctor,
        "audit": Cli.cmd_audit,
        "new": Cli.cmd_new,
        "copy": Cli.cmd_copy,
        "templates": Cli.cmd_templates,
        "template": Cli.cmd_template,
        "assess": Cli.cmd_assess,
        "recorded": Cli.cmd_recorded,
        "assessment": Cli.cmd_recorded_change,
        "injection": Cli.cmd_recorded_change,
        "encrypt": Cli.cmd_encrypt,
        "decrypt": Cli.cmd_decrypt,
    }
    cli = Cli(args, paths, out, err)
    try:
        commands[args.command](cli)
    except UserFacingError as exc:  # an error the user can meet and put right: one line, exit 2
        message = str(exc)
        if isinstance(exc, _loaded_error("careplan.planfile.errors", "PlanFileError")) and args.command == "import":
            message = f"Cannot import {exc}"
        err.write(f"careplan {args.command}: {terminal_safe(message)}\n")
        log.info("%s refused: %s", args.command, type(exc).__name__)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader stopped reading (``careplan list | head``): not a failure of the command.
        _quiet_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        err.write(f"careplan {args.command}: stopped; nothing was changed.\n")
        return EXIT_FAILURE
    except Exception:
        log.exception("unexpected failure in 'careplan %s'", args.command)
        err.write(
            f"careplan {args.command}: an unexpected problem stopped the command; nothing was changed. "
            f"The details are in {paths.log_file}\n"
        )
        return EXIT_FAILURE
    return EXIT_OK
