"""Settings shared by the desktop program and the command line: a small JSON file,
validated by pydantic, in the user's configuration folder.

Window layout lives in QSettings (ui only); everything a handout or the
database needs lives here, so the command line sees the same clinic and database.

The settings are plain frozen dataclasses whose fields carry their rules (:class:`TextRule`),
so a command that only reads them needs no pydantic: pydantic is imported, and builds its
validator from those same fields, only when a file or a form must be checked.  A settings file
once checked is kept, checked, in the user's cache folder (``careplan.core.cached``) under a key
of its exact bytes, so the next command reading the same file neither imports pydantic nor checks
it again; a changed byte, a new Careplan or Python, or a changed settings module checks it afresh.
A file whose database address still holds a password is never kept there (it is checked, and the
password moved to the keyring, on every read until the keyring has it).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, cast

from careplan import __version__
from careplan.core.audience import HandoutPrivacy
from careplan.core.cache_folder import cache_folder
from careplan.core.cached import read_cached, stamps_of, write_cached
from careplan.core.files import write_atomic
from careplan.core.model import ClinicDetails, Photo, Therapist
from careplan.core.text import check_text
from careplan.errors import UserFacingError
from careplan.secrets import move_password_to_keyring, password_of

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, TypeAdapter, ValidationError
    from pydantic_core import CoreSchema
    from pydantic_core.core_schema import StringSchema

log = logging.getLogger(__name__)

SETTINGS_FILENAME = "settings.json"
#: The checked settings in the cache folder (``careplan.core.cache_folder``).
CACHE_FILENAME = "settings.pickle"


class SettingsError(UserFacingError):
    """A settings file (or form) that cannot be used, said in plain words.

    ``place`` and ``problem`` say which setting broke which rule (``("clinic", "phone")``,
    ``"String should have at most 200 characters"``), so a form can name the field by its label;
    both are empty when the fault is not one setting's (a file that cannot be read)."""

    def __init__(self, message: str, place: tuple[str, ...] = (), problem: str = "") -> None:
        super().__init__(message)
        self.place = place
        self.problem = problem


@dataclass(frozen=True)
class TextRule:
    """The rules of one text setting, as ``Annotated`` metadata pydantic reads when it checks a file.

    Not a pydantic object, so defining the settings costs no pydantic import: pydantic calls
    ``__get_pydantic_core_schema__`` (its documented protocol for such metadata) only when it builds
    the validator.  The length and pattern are pydantic's own string constraints; ``text`` adds the
    rule every field shares with plan files and the library (``careplan.core.text``), applied after
    them as the settings always did."""

    max_length: int
    multiline: bool = False
    min_length: int = 0
    pattern: str | None = None
    #: Whether ``careplan.core.text.check_text`` applies (the emergency number's pattern is stricter).
    text: bool = True

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        from pydantic_core import PydanticCustomError, core_schema

        given = handler(source)
        if given["type"] != "str":  # a TextRule belongs on a str field only
            raise TypeError(f"a TextRule is for text, not {given['type']}")
        schema = cast("StringSchema", given)
        schema["max_length"] = self.max_length
        if self.min_length:
            schema["min_length"] = self.min_length
        if self.pattern is not None:
            schema["pattern"] = self.pattern
        if not self.text:
            return schema
        multiline = self.multiline

        def check(value: str) -> str:
            try:
                return check_text(value, multiline=multiline)
            except ValueError as exc:
                raise PydanticCustomError("text_character", str(exc)) from None

        return core_schema.no_info_after_validator_function(check, schema)


#: One line of text (a name, a phone number, an e-mail address): no control characters, tabs or line breaks.
OneLine = Annotated[str, TextRule(max_length=200)]
#: What pydantic does with every section: an unknown key is refused, spaces around text are dropped.
_SECTION_CONFIG: dict[str, Any] = {"extra": "forbid", "str_strip_whitespace": True}


@dataclass(frozen=True)
class ClinicSettings:
    __pydantic_config__: ClassVar[dict[str, Any]] = _SECTION_CONFIG

    name: OneLine = ""
    address: Annotated[str, TextRule(max_length=1000, multiline=True)] = ""
    phone: OneLine = ""
    email: OneLine = ""
    logo_path: Annotated[str, TextRule(max_length=4096)] = ""
    #: The number handouts tell families and schools to call first in an emergency.
    emergency_number: Annotated[str, TextRule(max_length=40, min_length=1, pattern=r"^[0-9 +()-]+$", text=False)] = (
        "999"
    )


@dataclass(frozen=True)
class TherapistSettings:
    __pydantic_config__: ClassVar[dict[str, Any]] = _SECTION_CONFIG

    name: OneLine = ""
    role: OneLine = ""
    phone: OneLine = ""
    email: OneLine = ""


@dataclass(frozen=True)
class HandoutSettings:
    """What the family handout (on the fridge, not private) shows besides the name."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _SECTION_CONFIG

    show_identifier: bool = False
    show_date_of_birth: bool = False


@dataclass(frozen=True)
class Settings:
    __pydantic_config__: ClassVar[dict[str, Any]] = _SECTION_CONFIG

    clinic: ClinicSettings = field(default_factory=ClinicSettings)
    therapist: TherapistSettings = field(default_factory=TherapistSettings)
    handouts: HandoutSettings = field(default_factory=HandoutSettings)
    #: None: the embedded SQLite file in the data folder.
    database_url: str | None = None
    paper: Literal["A4", "Letter"] = "A4"

    def clinic_details(self) -> ClinicDetails:
        """The letterhead.  The logo passes the picture gate (``careplan.images``: checked, upright,
        at most 2000 pixels, no metadata).  A logo file that is gone is left out (the settings screen
        says why); one that is not a usable picture is passed on as it is, so the handout refuses to
        print and names the clinic logo and what is wrong with it."""
        c = self.clinic
        logo = None
        if c.logo_path:
            from careplan.images import ImageProblem, read_image_bytes, read_image_file  # Pillow: only for a logo

            path = Path(c.logo_path)
            try:
                logo = read_image_file(path)
            except ImageProblem:
                media = "image/png" if path.suffix.lower() == ".png" else "image/jpeg"
                try:
                    logo = Photo(media, read_image_bytes(path))
                except OSError:
                    logo = None
            except OSError:
                logo = None
        return ClinicDetails(
            c.name or None, c.address or None, c.phone or None, c.email or None, logo, c.emergency_number
        )

    def handout_privacy(self) -> HandoutPrivacy:
        h = self.handouts
        return HandoutPrivacy(show_identifier=h.show_identifier, show_date_of_birth=h.show_date_of_birth)

    def default_therapist(self) -> Therapist:
        t = self.therapist
        return Therapist(t.name or None, t.role or None, t.phone or None, t.email or None)


def load_settings(folder: Path) -> Settings:
    """The settings in ``folder`` (the defaults when it has no settings file); SettingsError names the
    file and the setting when the file cannot be read or breaks a rule.

    A file read before and unchanged since comes checked from the cache folder (no pydantic); any other
    is checked here, and kept there when it holds no password."""
    path = folder / SETTINGS_FILENAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise SettingsError(f"The settings file {path} cannot be read: {exc.strerror}.") from None
    kept = _cache_file()
    key: tuple[Any, ...] = ()
    if kept is not None:
        key = _cache_key(raw)
        cached = read_cached(kept, key)
        if isinstance(cached, Settings):
            return cached
    settings = _checked(
        lambda adapter: adapter.validate_json(raw),
        f"The settings file {path} is not valid",
        "Fix it, or delete it to start again from the defaults.",
    )
    url = settings.database_url
    if url and password_of(url) is not None:
        return _password_moved_out(folder, settings)  # checked on every read until the keyring has it
    if kept is not None:
        write_cached(kept, key, settings)
    return settings


def settings_from_dict(data: dict[str, Any]) -> Settings:
    """Settings from a form's values (sections as dicts), checked by the same rules as a file;
    SettingsError's ``place`` and ``problem`` say which setting breaks which rule."""
    return _checked(lambda adapter: adapter.validate_python(data), "These settings are not valid", "")


def settings_as_dict(settings: Settings) -> dict[str, Any]:
    """The settings as the file holds them: sections as dicts, in the order of the fields."""
    return dataclasses.asdict(settings)


def _checked(validate: Callable[[TypeAdapter[Settings]], Settings], what: str, advice: str) -> Settings:
    """``validate(adapter)``, with pydantic's first complaint said as SettingsError: ``what``, the setting
    (``clinic.phone``) and what is wrong with it, then ``advice``."""
    from pydantic import ValidationError

    try:
        settings = validate(_adapter())
    except ValidationError as exc:
        place, problem = _first_problem(exc)
        where = ".".join(place) or "(the whole file)"
        raise SettingsError(f"{what}: {where}: {problem}. {advice}".rstrip(), place, problem) from None
    return settings


#: pydantic's words for a key a stdlib dataclass does not have ("Unexpected keyword argument"), said
#: as plainly as a BaseModel's "Extra inputs are not permitted" was.
_PLAIN_WORDS = {"unexpected_keyword_argument": "not a setting Careplan knows"}


def _first_problem(exc: ValidationError) -> tuple[tuple[str, ...], str]:
    """The setting of pydantic's first complaint and what is wrong with it, in words."""
    first = exc.errors(include_url=False)[0]
    return tuple(str(part) for part in first["loc"]), _PLAIN_WORDS.get(first["type"], first["msg"])


@functools.cache
def _adapter() -> TypeAdapter[Settings]:
    """pydantic's validator of the settings, built from the dataclasses' fields once a process."""
    from pydantic import TypeAdapter

    return TypeAdapter(Settings)


def _cache_file() -> Path | None:
    """Where checked settings are kept, or None when this process keeps no cache (tests, scripts)."""
    folder = cache_folder()
    return None if folder is None else folder / CACHE_FILENAME


def _cache_key(raw: bytes) -> tuple[Any, ...]:
    """What checked settings were made from: this program and Python, the code that defines and checks
    them, and the file's bytes."""
    return (__version__, sys.version, _code_stamps(), raw)


@functools.cache
def _code_stamps() -> tuple[tuple[str, int, int], ...]:
    """The size and modification time of this module, of the text rule and of the installed pydantic
    (found, not imported): a rule changed in a development checkout, or pydantic upgraded under the
    same Careplan, checks every file again."""
    import importlib.util

    modules = [Path(__file__), Path(check_text.__code__.co_filename)]
    spec = importlib.util.find_spec("pydantic")
    if spec is not None and spec.origin:
        modules.append(Path(spec.origin))
    try:
        return tuple(stamps_of(modules))
    except OSError:  # a module file gone from under the running program: the versions still tell
        return ()


def _password_moved_out(folder: Path, settings: Settings) -> Settings:
    """A settings file from an earlier Careplan may hold the server's password in the database address:
    it moves to the keyring and the file is rewritten without it.  With no keyring to take it, the file
    is left as it is (the password would otherwise be lost) and the log says so."""
    url = settings.database_url
    if not url or password_of(url) is None:
        return settings
    safe = move_password_to_keyring(url)
    if safe is None:
        log.warning("settings.json holds a database password and no keyring can keep it; the file is unchanged")
        return settings
    moved = dataclasses.replace(settings, database_url=safe)
    try:
        save_settings(folder, moved)
    except (OSError, SettingsError) as exc:
        log.warning("could not rewrite settings.json without the database password: %s", type(exc).__name__)
        return moved
    log.info("moved the database password for %s from settings.json to the keyring", safe)
    return moved


def save_settings(folder: Path, settings: Settings) -> Path:
    """Write the settings file; a database address never goes into it with its password (the password
    goes to the keyring, or the save is refused)."""
    url = settings.database_url
    if url and password_of(url) is not None:
        safe = move_password_to_keyring(url)
        if safe is None:
            raise SettingsError(
                "The database password cannot be kept in this computer's keyring, and Careplan does not write "
                "passwords into its settings file. Leave the password out of the address and put it in ~/.pgpass "
                "(see the README), or ask IT to set up the keyring."
            )
        settings = dataclasses.replace(settings, database_url=safe)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SETTINGS_FILENAME
    write_atomic(path, (json.dumps(settings_as_dict(settings), indent=2, ensure_ascii=False) + "\n").encode())
    return path


def env_database_url() -> str | None:
    return os.environ.get("CAREPLAN_DB") or None
