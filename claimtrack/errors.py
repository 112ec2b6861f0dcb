"""Typed errors and the exit codes the CLI turns them into."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of every claimtrack command (documented in the README)."""

    OK = 0
    ERROR = 1  # a user-facing error, or some inputs could not be ingested
    USAGE = 2  # wrong usage (typer/click's own code for bad options)


class ClaimtrackError(Exception):
    """An error the user can act on; its message is one sentence plus the fix."""


class LoadError(ClaimtrackError):
    """An input file could not be read as an article."""


class DatabaseError(ClaimtrackError):
    """The database cannot be opened or is not a claimtrack database."""


class UnknownEntityError(ClaimtrackError):
    """A name given on the command line matches no known entity."""


class MorphologyDBError(ClaimtrackError):
    """A morphology database is missing or unreadable."""
