"""Settings shared by the desktop program and the command line: a small JSON file,
validated by pydantic, in the user's configuration folder.

Window layout lives in QSettings (ui only); everything a handout or the
database needs lives here, so the command line sees the same clinic and database.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from careplan.core.audience import HandoutPrivacy
from careplan.core.files import write_atomic
from careplan.core.model import ClinicDetails, Photo, Therapist
from careplan.core.text import check_text
from careplan.errors import UserFacingError
from careplan.secrets import move_password_to_keyring, password_of

log = logging.getLogger(__name__)

SETTINGS_FILENAME = "settings.json"


class SettingsError(UserFacingError):
    """A settings file that cannot be read, said in plain words."""


def _text_rule(multiline: bool) -> AfterValidator:
    """The text rule every field shares with plan files and the library (``careplan.core.text``)."""

    def check(value: str) -> str:
        try:
            return check_text(value, multiline=multiline)
        except ValueError as exc:
            raise PydanticCustomError("text_character", str(exc)) from None

    return AfterValidator(check)


#: One line of text (a name, a phone number, a path): no control characters, tabs or line breaks.
OneLine = Annotated[str, _text_rule(multiline=False)]
#: Text over several lines (the clinic's address).
Lines = Annotated[str, _text_rule(multiline=True)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ClinicSettings(_Section):
    name: OneLine = Field(default="", max_length=200)
    address: Lines = Field(default="", max_length=1000)
    phone: OneLine = Field(default="", max_length=200)
    email: OneLine = Field(default="", max_length=200)
    logo_path: OneLine = Field(default="", max_length=4096)
    #: The number handouts tell families and schools to call first in an emergency.
    emergency_number: str = Field(default="999", min_length=1, max_length=40, pattern=r"^[0-9 +()-]+$")


class TherapistSettings(_Section):
    name: OneLine = Field(default="", max_length=200)
    role: OneLine = Field(default="", max_length=200)
    phone: OneLine = Field(default="", max_length=200)
    email: OneLine = Field(default="", max_length=200)


class HandoutSettings(_Section):
    """What the family handout (on the fridge, not private) shows besides the name."""

    show_identifier: bool = False
    show_date_of_birth: bool = False


class Settings(_Section):
    clinic: ClinicSettings = ClinicSettings()
    therapist: TherapistSettings = TherapistSettings()
    handouts: HandoutSettings = HandoutSettings()
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
    path = folder / SETTINGS_FILENAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise SettingsError(f"The settings file {path} cannot be read: {exc.strerror}.") from None
    try:
        settings = Settings.model_validate_json(raw)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "(the whole file)"
        raise SettingsError(
            f"The settings file {path} is not valid: {where}: {first['msg']}. "
            "Fix it, or delete it to start again from the defaults."
        ) from None
    return _password_moved_out(folder, settings)


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
    moved = settings.model_copy(update={"database_url": safe})
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
        settings = settings.model_copy(update={"database_url": safe})
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SETTINGS_FILENAME
    write_atomic(path, (json.dumps(settings.model_dump(), indent=2, ensure_ascii=False) + "\n").encode())
    return path


def env_database_url() -> str | None:
    return os.environ.get("CAREPLAN_DB") or None
