"""The one base class of every error a user can act on.

It sits below every other package (core, storage, planfile, catalog, export,
settings, services all may raise one), so the screens and the command line
recognise such an error by its type, never by its name: the desktop shows its
``title`` and message as they are, the command line prints the message on one
line and exits with status 2.  Anything else is a fault of the program: logged
in full, and the user told where the log is.
"""

from __future__ import annotations

from typing import ClassVar


class UserFacingError(Exception):
    """Something the user can put right: the message says what is wrong and where, in plain words,
    and nothing was changed.  ``title`` heads the message box (a subclass sets its own)."""

    title: ClassVar[str] = "Not done"
