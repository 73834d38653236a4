"""Secrets kept in the operating system's keyring, never in a file Careplan writes.

Two kinds: the key of an encrypted database file (``careplan.storage.crypto``) and the password
of a PostgreSQL address.  A database address is always stored and shown without its password;
the password is looked up here when a connection is made.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

log = logging.getLogger(__name__)

#: The keyring's "service" for every secret Careplan keeps.
SERVICE = "Careplan"


class KeyringUnavailable(Exception):
    """This computer has no working keyring (none installed, or it is locked)."""


def _keyring_call(action: str, call: Callable[..., str | None], *args: str) -> str | None:
    """Run one keyring call; any keyring failure becomes KeyringUnavailable with its reason."""
    import keyring.errors

    try:
        return call(*args)
    except keyring.errors.KeyringError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        log.warning("keyring %s failed: %s", action, type(exc).__name__)
        raise KeyringUnavailable(reason) from None


def get_secret(name: str) -> str | None:
    """The secret stored under ``name``, or None when there is none."""
    import keyring

    return _keyring_call("read", keyring.get_password, SERVICE, name)


def set_secret(name: str, value: str) -> None:
    """Store ``value`` under ``name`` and read it back: a keyring that silently drops it is no keyring."""
    import keyring

    _keyring_call("write", keyring.set_password, SERVICE, name, value)
    if get_secret(name) != value:
        raise KeyringUnavailable("the keyring did not keep the secret")


# --- PostgreSQL passwords --------------------------------------------------------------------


def _parse(url: str) -> URL | None:
    # Imported here: the desktop reads its settings on the GUI thread, before the database layer loads.
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number (typing "server:")
        return None


def password_of(url: str) -> str | None:
    """The password written in ``url`` itself, if any."""
    parsed = _parse(url)
    return parsed.password if parsed is not None and parsed.password else None


def without_password(url: str) -> str:
    """``url`` with its password taken out: what settings store and messages show."""
    from sqlalchemy.engine import URL

    parsed = _parse(url)
    if parsed is None or parsed.password is None:
        return url
    # URL.set(password=None) would keep the password (it leaves None values alone): build it again.
    bare = URL.create(parsed.drivername, parsed.username, None, parsed.host, parsed.port, parsed.database, parsed.query)
    return bare.render_as_string(hide_password=False)


def password_entry(url: str) -> str | None:
    """The keyring name of the password for this server, database and role; None for a file
    database or an address without a user name (libpq then uses the login name and ~/.pgpass)."""
    parsed = _parse(url)
    if parsed is None or parsed.get_backend_name() == "sqlite" or not parsed.username:
        return None
    server = f"{parsed.host or 'localhost'}{f':{parsed.port}' if parsed.port else ''}"
    return f"password {parsed.get_backend_name()}://{parsed.username}@{server}/{parsed.database or ''}"


def stored_password(url: str) -> str | None:
    """The keyring's password for ``url``; None when there is none or no keyring (libpq then
    reads PGPASSFILE or ~/.pgpass by itself, as psql does)."""
    entry = password_entry(url)
    if entry is None:
        return None
    try:
        return get_secret(entry)
    except KeyringUnavailable:
        return None


def store_password(url: str, password: str) -> None:
    """Keep ``password`` for ``url`` in the keyring (raises KeyringUnavailable)."""
    entry = password_entry(url)
    if entry is None:
        raise ValueError("this database address has no user name to keep a password for")
    set_secret(entry, password)


def move_password_to_keyring(url: str) -> str | None:
    """``url`` without its password once the password is safely in the keyring; None when the
    address holds no password or no keyring can keep it (the caller then leaves things as they are)."""
    password = password_of(url)
    if password is None or password_entry(url) is None:
        return None
    try:
        store_password(url, password)
    except KeyringUnavailable:
        return None
    return without_password(url)


def password_warning(url: str | None, where: str) -> str | None:
    """The warning for a password given where other users of the computer can see it."""
    if not url or password_of(url) is None:
        return None
    return (
        f"careplan: warning: the database address in {where} holds a password, which other users of this "
        "computer can see while Careplan runs. Give the address without it and keep the password in the "
        "keyring (Settings > Database > Password) or in ~/.pgpass."
    )
