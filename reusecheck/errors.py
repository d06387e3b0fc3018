"""Errors a user can fix: each carries the file it concerns and says what to do."""

from __future__ import annotations


class ReusecheckError(Exception):
    """A problem with the user's input, options or plugins (exit code 2)."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(ReusecheckError):
    """An input file that cannot be read as text."""


class BinaryFileError(InputError):
    """An input that is not text at all (skipped with a note when met while walking a folder)."""


class PluginError(ReusecheckError):
    """A plugin that cannot be loaded or registers something invalid."""


class UsageError(ReusecheckError):
    """Options that do not fit together or name something that does not exist."""
