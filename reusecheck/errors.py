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

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled as it is (an error raised in a worker process reaches the parent intact)."""
        return _rebuilt, (type(self), self.args, self.__dict__)


def _rebuilt(kind: type[ReusecheckError], args: tuple[object, ...], state: dict[str, object]) -> ReusecheckError:
    error = kind.__new__(kind)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class InputError(ReusecheckError):
    """An input file that cannot be read as text."""


class BinaryFileError(InputError):
    """An input that is not text at all (skipped with a note when met while walking a folder)."""


class PluginError(ReusecheckError):
    """A plugin that cannot be loaded or registers something invalid."""


class UsageError(ReusecheckError):
    """Options that do not fit together or name something that does not exist."""
