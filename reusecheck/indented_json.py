"""``json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)``, written out by a
plain recursive function: the same text, several times faster (with ``indent`` the
standard library encodes in pure Python, one generator per container).

Values are what the reports hold: dicts with string keys, lists and tuples, strings, ints,
floats, booleans and None; anything else is a `TypeError`, NaN and infinities a
`ValueError`, as with `json.dumps`.
"""

from __future__ import annotations

import json
import math
from typing import Any

_encode = json.encoder.encode_basestring  # the C encoder of strings, as json.dumps with ensure_ascii=False uses
_INDENT = "  "


def dumps(value: Any) -> str:
    """The JSON text of ``value``, indented by two spaces."""
    parts: list[str] = []
    _write(value, parts, "\n")
    return "".join(parts)


def _write(value: Any, parts: list[str], newline: str) -> None:
    """Append ``value``'s text; ``newline`` is a line end with the indentation of its level."""
    kind = type(value)
    if kind is str:
        parts.append(_encode(value))
    elif kind is dict:
        if not value:
            parts.append("{}")
            return
        inner = newline + _INDENT
        separator = "," + inner
        parts.append("{" + inner)
        first = True
        for key, item in value.items():
            if not first:
                parts.append(separator)
            first = False
            parts.append((_encode(key) if type(key) is str else _key(key)) + ": ")
            _write(item, parts, inner)
        parts.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            parts.append("[]")
            return
        inner = newline + _INDENT
        separator = "," + inner
        parts.append("[" + inner)
        first = True
        for item in value:
            if not first:
                parts.append(separator)
            first = False
            _write(item, parts, inner)
        parts.append(newline + "]")
    else:
        parts.append(_scalar(value, newline))


def _scalar(value: Any, newline: str) -> str:
    """A number, boolean or null (or a subclass of a string or container)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    parts: list[str] = []
    if isinstance(value, str):  # subclasses: written as their base type
        _write(str(value), parts, newline)
    elif isinstance(value, dict):
        _write(dict(value), parts, newline)
    elif isinstance(value, (list, tuple)):
        _write(list(value), parts, newline)
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
    return "".join(parts)


def _float(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError("Out of range float values are not JSON compliant: " + repr(value))
    return float.__repr__(value)


def _key(key: Any) -> str:
    """A dict key as json.dumps writes it (keys that are not strings become strings)."""
    if isinstance(key, str):
        return _encode(key)
    if key is True or key is False or key is None:
        return '"' + json.dumps(key) + '"'
    if isinstance(key, int):
        return '"' + int.__repr__(key) + '"'
    if isinstance(key, float):
        return '"' + _float(key) + '"'
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
