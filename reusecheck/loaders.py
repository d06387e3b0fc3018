"""Reading inputs: bytes from files, folders and stdin, decoded by the documented rules.

Decoding (`decode`): a forced encoding, else a byte order mark (UTF-8, UTF-16, UTF-32;
the mark is not part of the text), else the charset an HTML or XML file declares, else
UTF-8, else Windows-1252; anything but UTF-8 gets a warning in the report. A text with a
NUL character, or one that is mostly control characters, is binary and an error. Offsets
count code points of the decoded text, whose line ends are kept as they are
(``newline=''``).
"""

from __future__ import annotations

import codecs
import datetime as dt
import itertools
import os
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from reusecheck.errors import BinaryFileError, InputError
from reusecheck.selection import FileSelection, list_inputs

FALLBACK_ENCODING = "cp1252"
MIB = 1024 * 1024
MAX_FILE_BYTES = 64 * MIB
_SNIFF = 8192
# Byte order marks, longest first (a UTF-32-LE mark starts like a UTF-16-LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Labels that mean Windows-1252 on the web (the WHATWG Encoding Standard reads them so).
_WINDOWS_1252_LABELS = frozenset({"latin_1", "iso8859-1", "ascii", "cp1252"})
_XML_DECLARATION = re.compile(rb"""^<\?xml[^>]{0,200}?\sencoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
_META_CHARSET = re.compile(
    rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE
)


@dataclass(frozen=True)
class LoadOptions:
    """What a loader needs besides the bytes: a forced encoding and default metadata."""

    encoding: str | None = None
    default_date: dt.date | None = None
    max_bytes: int = MAX_FILE_BYTES


def declared_encoding(data: bytes) -> str | None:
    """The encoding a file declares for itself: an XML declaration (``<?xml ...
    encoding="..."?>``) or, in the first 1024 bytes, an HTML ``<meta charset>`` or
    ``<meta http-equiv="Content-Type" content="...; charset=...">``; None if it declares
    none or one Python does not know. Labels the web reads as Windows-1252 (ISO-8859-1,
    US-ASCII) are returned as ``cp1252``."""
    found = _XML_DECLARATION.match(data) or _META_CHARSET.search(data, 0, 1024)
    if not found:
        return None
    try:
        name = codecs.lookup(found[1].decode("ascii")).name
    except LookupError:
        return None
    if name in _WINDOWS_1252_LABELS:
        return FALLBACK_ENCODING
    return None if name.startswith(("utf-16", "utf-32")) else name  # a BOM-less UTF-16 file cannot say so in ASCII


def decode(path: str, data: bytes, encoding: str | None, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data``: the forced ``encoding``, else the byte order mark's, else the
    encoding the file ``declared`` (see `declared_encoding`), else UTF-8, else
    Windows-1252. Return the text and the encoding used (``utf-8``, ``utf-16``, ``cp1252``, ...).

    A text with a NUL character, or mostly control characters, is binary: a `BinaryFileError`.
    """
    bom = None if encoding else next((name for mark, name in _BOMS if data.startswith(mark)), None)
    if not (encoding or bom) and b"\x00" in data:
        raise BinaryFileError(_binary_reason(data), path)
    if encoding:
        text, used = _decode_as(path, data, encoding, "check the --encoding option"), encoding
    elif bom:
        text, used = _decode_as(path, data, bom, "its byte order mark says so"), bom.removesuffix("-sig")
    elif declared and declared != "utf-8":
        text, used = _decode_as(path, data, declared, "the file declares it; fix the declaration or give --encoding"), declared
    else:
        text, used = _utf8_or_windows_1252(path, data)
    if "\x00" in text:
        raise BinaryFileError("binary file (it contains NUL characters); give a text file", path)
    sample = text[:_SNIFF]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\v")
    if sample and controls > len(sample) * 0.1:
        raise BinaryFileError("binary file (mostly control characters); give a text file", path)
    return text, used


def _utf8_or_windows_1252(path: str, data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode(FALLBACK_ENCODING), FALLBACK_ENCODING
    except UnicodeDecodeError as exc:
        raise InputError(
            f"neither UTF-8 nor Windows-1252 (byte {exc.start}); give the right one with --encoding", path
        ) from None


def _decode_as(path: str, data: bytes, encoding: str, why: str) -> str:
    try:
        return data.decode(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}; give one Python knows, e.g. utf-8 or cp1252", path) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid {encoding} at byte {exc.start} ({why})", path) from None


def _binary_reason(data: bytes) -> str:
    """Why a text with NUL characters is refused, and what to do if it is UTF-16 after all."""
    sample = data[:_SNIFF]
    for parity, name in ((1, "utf-16-le"), (0, "utf-16-be")):
        if len(sample) >= 8 and sample[parity::2].count(0) > 0.9 * (len(sample) // 2):
            return f"looks like {name.upper()} without a byte order mark; give --encoding {name}"
    return "binary file (it contains NUL bytes); give a text file"


_LONE_CR = re.compile(r"\r(?!\n)")
# Line ends other than LF and CRLF, each read as one LF: VT, FF, the information
# separators U+001C..U+001E, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR (str.splitlines' set).
_OTHER_LINE_END_CHARACTERS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_OTHER_LINE_ENDS = str.maketrans(dict.fromkeys(_OTHER_LINE_END_CHARACTERS, "\n"))


def unify_line_ends(text: str) -> str:
    """The text with every line end but CRLF written as LF, one character for one: offsets
    do not move, and line-based reading (datelines, credit lines, headers, passages)
    does not depend on the convention."""
    if "\r" in text:
        text = _LONE_CR.sub("\n", text)
    if any(end in text for end in _OTHER_LINE_END_CHARACTERS):  # finding them is faster than translating
        text = text.translate(_OTHER_LINE_ENDS)
    return text


def read_bytes(path: str, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The raw bytes of a regular file, or of standard input for ``-``, at most ``max_bytes``.

    The limit counts the bytes actually read, so a device, pipe or growing file cannot
    exhaust memory; anything but a regular file is refused (`open_input`).
    """
    if path == "-":
        return _bounded(sys.stdin.buffer, max_bytes, "standard input")
    with open_input(path) as handle:
        try:
            return _bounded(handle, max_bytes, path)
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", path) from None


def open_input(path: str) -> BinaryIO:
    """A regular file opened for reading bytes; anything else (a device, FIFO or socket) is
    refused without being read (opening is non-blocking, so a FIFO without a writer cannot hang)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError("no such file; check the path", path) from None
    except IsADirectoryError:
        raise InputError("is a folder where a file was expected", path) from None
    except PermissionError:
        raise InputError("permission denied; make the file readable", path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path) from None
    handle = open(descriptor, "rb", closefd=True)  # returned open: the caller closes it
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        handle.close()
        if stat.S_ISDIR(mode):
            raise InputError("is a folder where a file was expected", path)
        raise InputError(
            "not a regular file (a device, pipe or socket); give a file, or pipe the text to standard input as -",
            path,
        )
    os.set_blocking(descriptor, True)
    return handle


def read_lines(path: str, max_bytes: int = MAX_FILE_BYTES) -> Iterator[tuple[int, bytes]]:
    """The lines of a regular file (split at LF only, the LF left out) with their numbers
    from 1, read one at a time: each line, not the file, must stay within ``max_bytes``."""
    with open_input(path) as handle:
        for number in itertools.count(1):
            try:
                line = handle.readline(max_bytes + 2)
            except OSError as exc:
                raise InputError(f"line {number}: cannot read: {exc.strerror}", path) from None
            if not line:
                return
            content = line.removesuffix(b"\n")
            if len(content) > max_bytes:
                raise InputError(f"line {number}: over the {max_bytes / MIB:g} MiB limit; "
                                 "split it into smaller files or raise --max-file-size", path)
            yield number, content


def _bounded(stream: BinaryIO, max_bytes: int, path: str) -> bytes:
    """Read ``stream`` to its end, refusing it once it gives more than ``max_bytes``."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(
            f"over the {max_bytes / MIB:g} MiB limit; split it into smaller files or raise --max-file-size",
            path,
        )
    return data


def expand_paths(path: str, selection: FileSelection | None = None) -> Iterator[str]:
    """A file as itself; a folder as its selected files (`reusecheck.selection`); a folder
    that cannot be listed yields nothing (`list_inputs` reports it)."""
    return (listed.path for listed in list_inputs(path, selection) if listed.problem is None)


def normalize_path(path: str) -> str:
    """One name per file, however it was given (``a.txt``, ``./a.txt``, an absolute path):
    relative to the working folder when inside it, else absolute; ``-`` stays ``-``."""
    if path == "-":
        return path
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute)
    return absolute if relative == os.pardir or relative.startswith(os.pardir + os.sep) else relative
