"""Built-in loader for JSONL (``.jsonl``, ``.ndjson``): one document per line.

Each line is an object ``{"id": str, "text": str}`` with optional ``title``, ``date``
(ISO 8601), ``url``, ``publisher``, ``agency`` (the agency whose copy the text is) and ``credits`` (a list of names, or of objects with
``name`` and optional ``role``, one of `reusecheck.credits.ROLES`, default author, and
``agency``). The record's ``id`` names the document in
every report. Blank lines are skipped; any other bad line makes the file an error naming
the line and what to fix.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import reusecheck
from reusecheck.credits import AUTHOR, METADATA, ROLES
from reusecheck.errors import InputError
from reusecheck.loaders import FALLBACK_ENCODING, LoadOptions, decode, open_input, read_lines
from reusecheck.models import Credit, Document

SUFFIXES = (".jsonl", ".ndjson")
_OPTIONAL_TEXT = ("title", "url", "publisher", "agency")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_DECODER = json.JSONDecoder(strict=False)  # control characters inside strings are kept; one for every line
# A streamed file whose records' texts add up to at most this many characters is held after
# the checking pass (parsed once); a larger one is parsed again as it is read (memory stays flat).
HELD_CHARACTERS = 16 * 1024 * 1024


@reusecheck.hookimpl
def reusecheck_load_documents(path: str, data: bytes, options: LoadOptions) -> list[Document] | None:
    if not path.lower().endswith(SUFFIXES):
        return None
    text, encoding = decode(path, data, options.encoding)
    # not splitlines: U+2028, NEL, \x1c may sit inside strings
    return list(_documents(path, enumerate(text.split("\n"), start=1), encoding, options))


@reusecheck.hookimpl
def reusecheck_stream_documents(path: str, options: LoadOptions) -> Iterator[Document] | None:
    """A JSONL file read line by line: a first pass checks every record (so a bad line
    anywhere still makes the whole file an error) and settles the encoding; then the
    records are yielded, held from that pass or, past `HELD_CHARACTERS`, read again. Files
    in UTF-16 or UTF-32 are left to the whole-file loader."""
    if not path.lower().endswith(SUFFIXES) or path == "-" or not _splits_at_line_feeds(path, options.encoding):
        return None
    return _streamed(path, options)


def _splits_at_line_feeds(path: str, forced: str | None) -> bool:
    """Whether the file's lines can be split at the LF byte: not for UTF-16 or UTF-32."""
    if forced:
        return "\n".encode(forced, errors="replace") == b"\n" if _known(forced) else False
    with open_input(path) as handle:
        head = handle.read(4)
    return not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE))


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True


def _streamed(path: str, options: LoadOptions) -> Iterator[Document]:
    encoding = _file_encoding(path, options)
    held: list[Document] | None = []  # the checked records while their texts fit HELD_CHARACTERS
    characters = 0
    for document in _documents(path, _decoded(path, encoding, options), encoding, options):
        characters += len(document.text)
        if held is not None:
            held.append(document)
            if characters > HELD_CHARACTERS:
                held = None
    if held is not None:
        yield from held  # parsed once
    else:
        yield from _documents(path, _decoded(path, encoding, options), encoding, options)


def _file_encoding(path: str, options: LoadOptions) -> str:
    """The encoding `decode` would give the whole file: its first line decides a forced
    encoding, a byte order mark or a binary file; then UTF-8 if every line is, else Windows-1252."""
    utf8, marked = True, False
    first = ""
    for number, line in read_lines(path, options.max_bytes):
        if number == 1:
            first, marked = decode(path, line, options.encoding)[1], line.startswith(codecs.BOM_UTF8)
        elif b"\x00" in line:
            decode(path, line, options.encoding)  # raises the binary-file error
        if utf8 and first == "utf-8" and not options.encoding:  # a forced encoding never falls back
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                if marked:
                    raise InputError(f"line {number}: not valid utf-8 at byte {exc.start} (its byte order mark "
                                     "says so)", path) from None
                utf8 = False
    if first != "utf-8":
        return first or "utf-8"
    return "utf-8" if utf8 else FALLBACK_ENCODING


def _decoded(path: str, encoding: str, options: LoadOptions) -> Iterator[tuple[int, str]]:
    codec = "utf-8-sig" if encoding == "utf-8" else encoding
    for number, line in read_lines(path, options.max_bytes):
        try:
            yield number, line.decode(codec if number == 1 else encoding)
        except UnicodeDecodeError as exc:
            raise InputError(f"line {number}: not valid {encoding} at byte {exc.start}; "
                             "give the right one with --encoding", path) from None


def _documents(path: str, lines: Iterable[tuple[int, str]], encoding: str, options: LoadOptions) -> Iterator[Document]:
    """The records of numbered lines (blank ones skipped); a bad line or an id used twice
    is an `InputError` naming the line."""
    first_line: dict[str, int] = {}
    for number, line in lines:
        if not line.strip():
            continue
        document = _record(_parse(path, number, line), path, number, encoding, options)
        if document.id in first_line:
            raise InputError(
                f"line {number}: id {document.id!r} is already used on line {first_line[document.id]}; "
                "give every record its own id",
                path,
            )
        first_line[document.id] = number
        yield document


def _parse(path: str, number: int, line: str) -> dict[str, Any]:
    try:
        record = _DECODER.decode(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"line {number}: not valid JSON ({exc.msg} at column {exc.colno}); "
                         "write one JSON object per line", path) from None
    except RecursionError:
        raise InputError(f"line {number}: JSON nested too deeply; write flat records", path) from None
    if _SURROGATE_ESCAPE.search(line):
        try:
            json.dumps(record, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InputError(f"line {number}: a lone surrogate escape ({exc.object[exc.start]!r}) is not a character; "
                             "escape the whole pair or write the character itself", path) from None
    if not isinstance(record, dict):
        raise InputError(f"line {number}: a JSON {type(record).__name__} where an object "
                         '{"id": ..., "text": ...} was expected', path)
    return record


def _record(record: dict[str, Any], path: str, number: int, encoding: str, options: LoadOptions) -> Document:
    def bad(message: str) -> InputError:
        return InputError(f"line {number}: {message}", path)

    doc_id, text = record.get("id"), record.get("text")
    if not isinstance(doc_id, str) or not doc_id:
        raise bad('"id" must be a non-empty string; give every record one')
    if not isinstance(text, str):
        raise bad('"text" must be a string; give the document\'s text')
    fields: dict[str, str | None] = {}
    for name in _OPTIONAL_TEXT:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise bad(f'"{name}" must be a string or absent')
        fields[name] = value
    return Document(
        id=doc_id,
        text=text,
        path=path if path != "-" else None,
        title=fields["title"],
        url=fields["url"],
        publisher=fields["publisher"],
        agency=fields["agency"],
        date=_date(record.get("date"), bad) or options.default_date,
        credits=_credits(record.get("credits"), bad),
        encoding=encoding,
    )


def _date(value: Any, bad: Callable[[str], InputError]) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value).date()
        except ValueError:
            pass
    raise bad(f'"date" must be an ISO 8601 date such as 2016-11-02, not {value!r}')


def _credits(value: Any, bad: Callable[[str], InputError]) -> tuple[Credit, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise bad('"credits" must be a list of names or of {"name", "role", "agency"} objects')
    credits = []
    for item in value:
        if isinstance(item, str) and item:
            credits.append(Credit(name=item, role=AUTHOR, kind=METADATA))
            continue
        if not (isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"]):
            raise bad(f'each credit must be a name or an object with a "name" string, not {item!r}')
        role, agency = item.get("role") or AUTHOR, item.get("agency")
        if role not in ROLES:
            raise bad(f'credit role {role!r} is not one of {", ".join(ROLES)}')
        if agency is not None and not isinstance(agency, str):
            raise bad('a credit\'s "agency" must be a string or absent')
        credits.append(Credit(name=item["name"], role=role, kind=METADATA, agency=agency))
    return tuple(credits)
