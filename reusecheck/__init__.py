"""reusecheck: find reused passages between texts and check that the reuse is credited.

Public API: `check`, the report model (`Report`, `Result`, `Match`, `Passage`, `Finding`,
`Document`, `Credit`, `Severity`), the plugin types (`Scorer`, `Format`, `Rule`,
`CreditExtractor`) and the ``hookimpl`` marker for plugins.
"""

from __future__ import annotations

import pluggy

hookimpl = pluggy.HookimplMarker("reusecheck")

from reusecheck.align import AlignSettings  # noqa: E402
from reusecheck.credits import CreditExtractor  # noqa: E402
from reusecheck.engine import Checker, CheckOptions, check  # noqa: E402
from reusecheck.errors import InputError, PluginError, ReusecheckError, UsageError  # noqa: E402
from reusecheck.formats import Format  # noqa: E402
from reusecheck.models import Credit, Document, Finding, Match, Passage, Problem, Report, Result, Severity  # noqa: E402
from reusecheck.plugins import load_plugins  # noqa: E402
from reusecheck.rules import Rule, RuleContext  # noqa: E402
from reusecheck.scoring import Alignment, Scorer  # noqa: E402
from reusecheck.text import TextSettings  # noqa: E402

__version__ = "0.1.0"
__all__ = [
    "AlignSettings", "Alignment", "CheckOptions", "Checker", "Credit", "CreditExtractor",
    "Document", "Finding", "Format", "InputError", "Match", "Passage", "PluginError",
    "Problem", "Report", "Result", "ReusecheckError", "Rule", "RuleContext", "Scorer",
    "Severity", "TextSettings", "UsageError", "check", "hookimpl", "load_plugins",
]
