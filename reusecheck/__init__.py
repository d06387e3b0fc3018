"""reusecheck: find reused passages between texts and check that the reuse is credited.

Public API: `check` and `Checker` (with `CheckOptions`), the report model (`Report`,
`Result`, `Match`, `Passage`, `Finding`, `Problem`, `Document`, `Credit`, `Severity`),
and what plugin authors use: the registered types (`Scorer`, `Format`, `Rule`,
`CreditExtractor`, `Command`, `PluginOption`), what their functions receive
(`Alignment`, `RenderContext`, `RuleContext`, `PairContext`, `LoadOptions`), the engine's
parts a runner builds on (`SourceStore`, `Analyzed`, `Tokens`, `RetrievalSettings`,
`TextSettings`, `AlignSettings`, `PluginSet`, `load_plugins`) and the ``hookimpl`` marker.

`__all__` lists them statically. Names other than ``hookimpl`` load on first use (PEP 562),
so that importing the package (as pytest does for the ``pytest11`` plugin, or a plugin
module for its marker) does not import the engine and numpy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

import pluggy

hookimpl = pluggy.HookimplMarker("reusecheck")

__version__ = "0.1.0"

__all__ = [
    "Alignment",
    "AlignSettings",
    "Analyzed",
    "check",
    "Checker",
    "CheckOptions",
    "Command",
    "Credit",
    "CreditExtractor",
    "Document",
    "Finding",
    "Format",
    "hookimpl",
    "InputError",
    "load_plugins",
    "LoadOptions",
    "Match",
    "PairContext",
    "Passage",
    "PluginError",
    "PluginOption",
    "PluginSet",
    "Problem",
    "RenderContext",
    "Report",
    "Result",
    "RetrievalSettings",
    "ReusecheckError",
    "Rule",
    "RuleContext",
    "Scorer",
    "Severity",
    "SourceStore",
    "TextSettings",
    "Tokens",
    "UsageError",
]

# name -> the module that defines it
_LAZY: dict[str, str] = {
    "AlignSettings": "reusecheck.align",
    "Command": "reusecheck.commands",
    "PluginOption": "reusecheck.config",
    "CreditExtractor": "reusecheck.credits",
    "CheckOptions": "reusecheck.engine",
    "Checker": "reusecheck.engine",
    "SourceStore": "reusecheck.retrieve",
    "check": "reusecheck.engine",
    "InputError": "reusecheck.errors",
    "PluginError": "reusecheck.errors",
    "ReusecheckError": "reusecheck.errors",
    "UsageError": "reusecheck.errors",
    "Format": "reusecheck.formats",
    "RenderContext": "reusecheck.formats",
    "LoadOptions": "reusecheck.loaders",
    "Credit": "reusecheck.models",
    "Document": "reusecheck.models",
    "Finding": "reusecheck.models",
    "Match": "reusecheck.models",
    "Passage": "reusecheck.models",
    "Problem": "reusecheck.models",
    "Report": "reusecheck.models",
    "Result": "reusecheck.models",
    "Severity": "reusecheck.models",
    "PluginSet": "reusecheck.plugins",
    "load_plugins": "reusecheck.plugins",
    "Analyzed": "reusecheck.analyzed",
    "RetrievalSettings": "reusecheck.analyzed",
    "PairContext": "reusecheck.rules",
    "Rule": "reusecheck.rules",
    "RuleContext": "reusecheck.rules",
    "Alignment": "reusecheck.scoring",
    "Scorer": "reusecheck.scoring",
    "TextSettings": "reusecheck.text",
    "Tokens": "reusecheck.text",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'reusecheck' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if TYPE_CHECKING:  # explicit re-exports (``import X as X``) for type checkers
    from reusecheck.align import AlignSettings as AlignSettings
    from reusecheck.analyzed import Analyzed as Analyzed
    from reusecheck.analyzed import RetrievalSettings as RetrievalSettings
    from reusecheck.commands import Command as Command
    from reusecheck.config import PluginOption as PluginOption
    from reusecheck.credits import CreditExtractor as CreditExtractor
    from reusecheck.engine import Checker as Checker
    from reusecheck.engine import CheckOptions as CheckOptions
    from reusecheck.engine import check as check
    from reusecheck.errors import InputError as InputError
    from reusecheck.errors import PluginError as PluginError
    from reusecheck.errors import ReusecheckError as ReusecheckError
    from reusecheck.errors import UsageError as UsageError
    from reusecheck.formats import Format as Format
    from reusecheck.formats import RenderContext as RenderContext
    from reusecheck.loaders import LoadOptions as LoadOptions
    from reusecheck.models import Credit as Credit
    from reusecheck.models import Document as Document
    from reusecheck.models import Finding as Finding
    from reusecheck.models import Match as Match
    from reusecheck.models import Passage as Passage
    from reusecheck.models import Problem as Problem
    from reusecheck.models import Report as Report
    from reusecheck.models import Result as Result
    from reusecheck.models import Severity as Severity
    from reusecheck.plugins import PluginSet as PluginSet
    from reusecheck.plugins import load_plugins as load_plugins
    from reusecheck.retrieve import SourceStore as SourceStore
    from reusecheck.rules import PairContext as PairContext
    from reusecheck.rules import Rule as Rule
    from reusecheck.rules import RuleContext as RuleContext
    from reusecheck.scoring import Alignment as Alignment
    from reusecheck.scoring import Scorer as Scorer
    from reusecheck.text import TextSettings as TextSettings
    from reusecheck.text import Tokens as Tokens
