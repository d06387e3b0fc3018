"""Documents as flat records (Spark rows) and back, and the tables' column layouts.

A record holds every field of `reusecheck.Document`: ``date`` as ISO text, ``credits`` as
the JSON the local index stores, the other fields as text. New fields of ``Document``
become new columns by themselves.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import asdict, fields
from typing import Any

from reusecheck.models import Credit, Document

# Document fields stored as plain text columns (path, title, publisher, url, encoding, agency, ...)
TEXT_FIELDS = tuple(f.name for f in fields(Document) if f.name not in ("id", "text", "date", "credits"))
DOCUMENT_COLUMNS = ("id", "text", "date", "credits", *TEXT_FIELDS)


def to_record(document: Document) -> tuple[Any, ...]:
    """The document's values in `DOCUMENT_COLUMNS` order."""
    credits = json.dumps([asdict(c) for c in document.credits], ensure_ascii=False) if document.credits else None
    date = document.date.isoformat() if document.date else None
    extra = [getattr(document, name) for name in TEXT_FIELDS]
    return (document.id, document.text, date, credits, *(None if v is None else str(v) for v in extra))


def from_record(values: Mapping[str, Any]) -> Document:
    """The document a record (column name -> value) holds."""
    credits = values.get("credits")
    date = values.get("date")
    if isinstance(date, str):
        date = dt.date.fromisoformat(date[:10])
    elif isinstance(date, dt.datetime):
        date = date.date()
    extra = {name: values[name] for name in TEXT_FIELDS if values.get(name) is not None}
    return Document(
        id=values["id"], text=values["text"], date=date,
        credits=tuple(Credit(**c) for c in json.loads(credits)) if credits else (), **extra,
    )


def document_fields() -> list[Any]:
    """Spark StructFields of `DOCUMENT_COLUMNS`: all text, nullable (a problem row has none)."""
    from pyspark.sql.types import StringType, StructField

    return [StructField(name, StringType(), True) for name in DOCUMENT_COLUMNS]
