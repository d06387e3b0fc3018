"""Calling plugin functions with the arguments their signature names.

A plugin function receives its main argument first (a format's report, an extractor's
document), then, by keyword, only those of the offered extras its parameters name:
``def render(report)`` gets the report alone, ``def render(report, context)`` the
`RenderContext` too; a function with ``**kwargs`` gets every extra. New extras can thus be
offered later without breaking a plugin written before them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Collection, Mapping
from functools import cache
from typing import Any

_NAMED = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


def _parameters(function: Callable[..., Any]) -> tuple[frozenset[str], frozenset[str]] | None:
    """(names, required names) of the parameters after the first, or None when ``function``
    takes any keyword (``**kwargs``) or has no signature to read (some built-ins)."""
    try:
        return _read_cached(function)
    except TypeError:  # an unhashable callable object
        return _read(function)


def _read(function: Callable[..., Any]) -> tuple[frozenset[str], frozenset[str]] | None:
    try:
        parameters = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return None
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return None
    later = [p for p in parameters[1:] if p.kind in _NAMED]
    return frozenset(p.name for p in later), frozenset(p.name for p in later if p.default is inspect.Parameter.empty)


_read_cached = cache(_read)


def supported(function: Callable[..., Any], offered: Mapping[str, Any]) -> dict[str, Any]:
    """The offered extras ``function`` names (all of them for a ``**kwargs`` function)."""
    parameters = _parameters(function)
    if parameters is None:
        return dict(offered)
    return {name: value for name, value in offered.items() if name in parameters[0]}


def call_with_supported(function: Callable[..., Any], first: Any, **offered: Any) -> Any:
    """``function(first, **extras)`` with the extras of ``offered`` its signature names."""
    return function(first, **supported(function, offered))


def unsupported(function: Callable[..., Any], offered: Collection[str]) -> list[str]:
    """Required parameters of ``function`` (after the first) that no offered extra fills."""
    parameters = _parameters(function)
    return [] if parameters is None else sorted(parameters[1] - set(offered))
