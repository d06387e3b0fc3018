"""Built-in loader for JSONL (``.jsonl``, ``.ndjson``): one document per line.

Each line is an object ``{"id": str, "text": str}`` with optional ``title``, ``date``
(ISO 8601), ``url``, ``publisher``, ``agency`` (the agency whose copy the text is) and ``credits`` (a list of names, or of objects with
``name`` and optional ``role``, one of `reusecheck.credits.ROLES`, default author, and
``agency``). The record's ``id`` names the document in
every report. Blank lines are skipped; any other bad line makes the file an error naming
the line and what to fix.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

import reusecheck
from reusecheck.credits import AUTHOR, METADATA, ROLES
from reusecheck.errors import InputError
from reusecheck.loaders import LoadOptions, decode
from reusecheck.models import Credit, Document

SUFFIXES = (".jsonl", ".ndjson")
_OPTIONAL_TEXT = ("title", "url", "publisher", "agency")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


@reusecheck.hookimpl
def reusecheck_load_documents(path: str, data: bytes, options: LoadOptions) -> list[Document] | None:
    if not path.lower().endswith(SUFFIXES):
        return None
    text, encoding = decode(path, data, options.encoding)
    documents: list[Document] = []
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):  # not splitlines: U+2028, NEL, \x1c may sit inside strings
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
        documents.append(document)
    return documents


def _parse(path: str, number: int, line: str) -> dict[str, Any]:
    try:
        record = json.loads(line, strict=False)  # control characters inside strings are kept
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
