"""reusecheck: find reused passages between texts and check that the reuse is credited.

Public API: `check`, the report model (`Report`, `Result`, `Match`, `Passage`, `Finding`,
`Document`, `Credit`, `Severity`), the plugin types (`Scorer`, `Format`, `Rule`,
`CreditExtractor`) and the ``hookimpl`` marker for plugins.

Names other than ``hookimpl`` load on first use, so that importing the package (as pytest
does for the ``pytest11`` plugin, or a plugin module for its marker) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

import pluggy

hookimpl = pluggy.HookimplMarker("reusecheck")

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "AlignSettings": "reusecheck.align",
    "Alignment": "reusecheck.scoring",
    "CheckOptions": "reusecheck.engine",
    "Checker": "reusecheck.engine",
    "Credit": "reusecheck.models",
    "CreditExtractor": "reusecheck.credits",
    "Document": "reusecheck.models",
    "Finding": "reusecheck.models",
    "Format": "reusecheck.formats",
    "InputError": "reusecheck.errors",
    "Match": "reusecheck.models",
    "Passage": "reusecheck.models",
    "PluginError": "reusecheck.errors",
    "Problem": "reusecheck.models",
    "Report": "reusecheck.models",
    "Result": "reusecheck.models",
    "ReusecheckError": "reusecheck.errors",
    "Rule": "reusecheck.rules",
    "RuleContext": "reusecheck.rules",
    "Scorer": "reusecheck.scoring",
    "Severity": "reusecheck.models",
    "TextSettings": "reusecheck.text",
    "UsageError": "reusecheck.errors",
    "check": "reusecheck.engine",
    "load_plugins": "reusecheck.plugins",
}

__all__ = ["hookimpl", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'reusecheck' has no attribute {name!r}")


if TYPE_CHECKING:
    from reusecheck.align import AlignSettings
    from reusecheck.credits import CreditExtractor
    from reusecheck.engine import Checker, CheckOptions, check
    from reusecheck.errors import InputError, PluginError, ReusecheckError, UsageError
    from reusecheck.formats import Format
    from reusecheck.models import Credit, Document, Finding, Match, Passage, Problem, Report, Result, Severity
    from reusecheck.plugins import load_plugins
    from reusecheck.rules import Rule, RuleContext
    from reusecheck.scoring import Alignment, Scorer
    from reusecheck.text import TextSettings
