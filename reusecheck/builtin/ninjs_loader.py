"""Built-in loader for ninjs (IPTC's JSON news format, ``.json``): one document per object
(a file may hold one object or a list of them).

The text is the headline (``headline`` or ``headlines[0].value``) and the body
(``body_text``, a ``text/plain`` entry of ``bodies``, else ``body_html`` or an HTML
entry of ``bodies`` without its markup). Credits come from ``by``/``byline``,
``infosources``/``infosource`` (with their ``role``) and ``copyrightholder``; the date
from ``firstcreated``, else ``versioncreated``. A ``.json`` file that is not ninjs (no
``uri`` or no body) is left to the plain-text loader. Line and column in reports point
into the JSON file.
"""

from __future__ import annotations

import json
from typing import Any

import reusecheck
from reusecheck.credits import AUTHOR, CONTRIBUTOR, PUBLISHER
from reusecheck.errors import InputError
from reusecheck.html_content import embedded_main_text
from reusecheck.json_strings import lay_out_string, string_positions
from reusecheck.loaders import LoadOptions, decode
from reusecheck.markup import TextBuilder, joined_texts
from reusecheck.models import Document, Origin
from reusecheck.structured import Metadata

SUFFIXES = (".json",)


@reusecheck.hookimpl
def reusecheck_load_documents(path: str, data: bytes, options: LoadOptions) -> list[Document] | None:
    if not path.lower().endswith(SUFFIXES):
        return None
    file_text, encoding = decode(path, data, options.encoding)
    try:
        parsed = json.loads(file_text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}; fix the file", path) from None
    except RecursionError:
        raise InputError("JSON nested too deeply; flatten the file", path) from None
    objects = parsed if isinstance(parsed, list) else [parsed]
    if not objects or not all(isinstance(o, dict) and isinstance(o.get("uri"), str) and _body(o) for o in objects):
        return None
    documents = []
    for item in objects:
        text, origin = _text(item, file_text)
        metadata = _metadata(item)
        documents.append(Document(
            id=path if len(objects) == 1 else f"{path}#{item['uri']}", text=text, path=None if path == "-" else path,
            title=_headline(item), date=metadata.date or options.default_date, publisher=metadata.publisher,
            url=item.get("uri"), credits=tuple(metadata.credits), encoding=encoding, origin=origin,
        ))
    return documents


def _headline(item: dict[str, Any]) -> str | None:
    headline = item.get("headline")
    if isinstance(headline, str):
        return headline
    headlines = item.get("headlines")
    if isinstance(headlines, list) and headlines and isinstance(headlines[0], dict) and isinstance(value := headlines[0].get("value"), str):
        return value
    return None


def _body(item: dict[str, Any]) -> tuple[str, bool] | None:
    """The body and whether it is HTML."""
    if isinstance(item.get("body_text"), str):
        return item["body_text"], False
    bodies = [b for b in item.get("bodies") or () if isinstance(b, dict) and isinstance(b.get("value"), str)]
    for body in bodies:
        if "html" not in str(body.get("contenttype", "")):
            return body["value"], False
    if bodies:
        return bodies[0]["value"], True
    return (item["body_html"], True) if isinstance(item.get("body_html"), str) else None


def _text(item: dict[str, Any], file_text: str) -> tuple[str, Origin]:
    out = TextBuilder(file_text)
    body, is_html = _body(item) or ("", False)
    for value in filter(None, (_headline(item), None if is_html else body)):
        lay_out_string(out, value, string_positions(file_text, value))
    if not is_html:
        return out.build()
    positions = string_positions(file_text, body) or [0] * len(body)
    return joined_texts([p for p in (out.build(), embedded_main_text(body, positions, file_text)) if p[0]], file_text)


def _names(value: Any) -> list[tuple[str, str]]:
    """(name, role) of ninjs infosources, given as objects or names."""
    items = value if isinstance(value, list) else [value]
    found = []
    for item in items:
        if isinstance(item, str):
            found.append((item, ""))
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            found.append((item["name"], str(item.get("role") or "")))
    return found


def _metadata(item: dict[str, Any]) -> Metadata:
    metadata = Metadata()
    for key in ("by", "byline"):
        if isinstance(item.get(key), str):
            metadata.add(item[key], AUTHOR, f"ninjs {key}")
    for key in ("infosources", "infosource"):
        for name, role in _names(item.get(key)):
            metadata.add(name, CONTRIBUTOR if "contrib" in role.lower() else AUTHOR,
                         f"ninjs {key}{f' ({role})' if role else ''}")
    holder = item.get("copyrightholder")
    if isinstance(holder, str):
        metadata.add(holder, PUBLISHER, "ninjs copyrightholder")
        metadata.publisher = holder
    metadata.date_from(item.get("firstcreated") or item.get("versioncreated"))
    return metadata
