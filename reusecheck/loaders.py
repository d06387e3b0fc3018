"""Reading inputs: bytes from files, folders and stdin, decoded by the documented rules.

Decoding: UTF-8 (a BOM is dropped), else Windows-1252 with a warning in the report,
unless an encoding is forced. A file with NUL bytes, or one that decodes to mostly
control characters, is binary and an error. Offsets count code points of the decoded
text, whose line ends are kept as they are (``newline=''``).
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reusecheck.errors import InputError

FALLBACK_ENCODING = "cp1252"
MAX_FILE_BYTES = 64 * 1024 * 1024
_SNIFF = 8192


@dataclass(frozen=True)
class LoadOptions:
    """What a loader needs besides the bytes: a forced encoding and default metadata."""

    encoding: str | None = None
    default_date: dt.date | None = None
    max_bytes: int = MAX_FILE_BYTES


def decode(path: str, data: bytes, encoding: str | None) -> tuple[str, str]:
    """Decode ``data`` by the rules above; return the text and the encoding used."""
    if b"\x00" in data[:_SNIFF]:
        raise InputError("binary file (it contains NUL bytes); give a text file", path)
    if encoding:
        try:
            codecs.lookup(encoding)
            return data.decode(encoding), encoding
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}; give one Python knows, e.g. utf-8 or cp1252", path) from None
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid {encoding} at byte {exc.start}; check the --encoding option", path) from None
    try:
        text, used = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        try:
            text, used = data.decode(FALLBACK_ENCODING), FALLBACK_ENCODING
        except UnicodeDecodeError as exc:
            raise InputError(
                f"neither UTF-8 nor Windows-1252 (byte {exc.start}); give the right one with --encoding",
                path,
            ) from None
    sample = text[:_SNIFF]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\v")
    if sample and controls > len(sample) * 0.1:
        raise InputError("binary file (mostly control characters); give a text file", path)
    return text, used


def read_bytes(path: str, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The raw bytes of a file, or of standard input for ``-``."""
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise InputError(
                f"file is {size / 1e6:.0f} MB, over the {max_bytes / 1e6:.0f} MB limit; split it or raise --max-file-size",
                path,
            )
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise InputError("no such file; check the path", path) from None
    except IsADirectoryError:
        raise InputError("is a folder where a file was expected", path) from None
    except PermissionError:
        raise InputError("permission denied; make the file readable", path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path) from None


def expand_paths(path: str) -> Iterator[str]:
    """A file as itself; a folder as its files (recursively, sorted, hidden ones skipped)."""
    if path != "-" and os.path.isdir(path):
        for child in sorted(Path(path).rglob("*")):
            relative = child.relative_to(path).parts
            if child.is_file() and not any(part.startswith(".") for part in relative):
                yield str(child)
    else:
        yield path
