"""Options and helpers every subcommand shares."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from typing import TextIO

from reusecheck.arguments import add_group
from reusecheck.errors import UsageError
from reusecheck.options import PLUGINS, TEXT
from reusecheck.temporaries import remove_stale_temporaries, temporary_path


def add_plugin_options(parser: argparse.ArgumentParser) -> None:
    add_group(parser, "plugins", PLUGINS)


def add_text_options(parser: argparse.ArgumentParser) -> None:
    """The "text and alignment" options: encoding, language, spelling folding, n-gram, gap, length."""
    add_group(parser, "text and alignment", TEXT)




def write_output(text: str, path: str | None, *, clean_stale: bool = True) -> None:
    """Print to stdout, or write a file atomically (see `open_output`)."""
    with open_output(path, clean_stale=clean_stale) as write:
        write(text)


@contextlib.contextmanager
def open_output(path: str | None, *, clean_stale: bool = True) -> Iterator[Callable[[str], None]]:
    """A function that writes text to stdout as it comes, or to a file that appears whole
    when the block ends (a failed run leaves the old file), creating its folder when missing.

    The file is written to ``.NAME.PID.reusecheck-tmp`` next to it, then renamed; such
    files left by a killed run are removed by the next write to the same path (unless
    ``clean_stale`` is false: the caller cleaned the folder itself).
    """
    if path is None or path == "-":
        yield write_stdout
        return

    def failed(exc: OSError) -> UsageError:
        return UsageError(f"cannot write the file: {exc.strerror}; check the path", path)

    folder, name = os.path.split(os.path.abspath(path))
    temporary: str | None = None
    writing = False  # an error of the caller's block passes through as it is
    try:
        if os.path.exists(path) and not os.path.isfile(path):  # a device or pipe: no atomic rename
            with open(path, "w", encoding="utf-8") as stream:
                writing = True
                yield _writer(stream, failed)
                writing = False
            return
        os.makedirs(folder, exist_ok=True)  # a report folder that does not exist yet is created
        if clean_stale:
            remove_stale_temporaries(folder, name)
        temporary = temporary_path(path)
        with open(temporary, "w", encoding="utf-8") as handle:
            writing = True
            yield _writer(handle, failed)
            writing = False
        os.chmod(temporary, _file_mode(path))
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        if writing:
            raise
        raise failed(exc) from None
    finally:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)


def _writer(stream: TextIO, failed: Callable[[OSError], UsageError]) -> Callable[[str], None]:
    def write(text: str) -> None:
        try:
            stream.write(text)
        except OSError as exc:
            raise failed(exc) from None

    return write


def write_stdout(text: str) -> None:
    """Write to standard output; a full disk or closed pipe is a one-line error (or
    BrokenPipeError for the caller to handle), and stdout is detached so that the
    interpreter's final flush cannot fail again."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        detach_stdout()
        raise
    except OSError as exc:
        detach_stdout()
        raise UsageError(f"cannot write to standard output: {exc.strerror}") from None


def detach_stdout() -> None:
    """Point standard output at the null device (after it failed), dropping what is buffered."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _file_mode(path: str) -> int:
    """The mode an existing file has, else what a new file would get under the umask."""
    if os.path.exists(path):
        return os.stat(path).st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
