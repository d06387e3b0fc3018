"""RC001 invalid-suppression and RC002 unused-suppression (see reusecheck.suppress).

RC001's malformed directives are found here; directives naming unknown codes, and RC002's
unused ones, by the engine's decide step (`reusecheck.suppress.judge`), which knows every
loaded rule and what the directives suppressed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import reusecheck
from reusecheck.models import Finding, Severity
from reusecheck.rules import Rule, RuleContext
from reusecheck.suppress import find_directives


def check_directives(context: RuleContext) -> Iterator[Finding]:
    text = context.candidate.text
    if "reusecheck:" not in text:
        return
    for directive in find_directives(text):
        if directive.problem:
            yield RULE.finding(
                f"this suppression is ignored: {directive.problem}",
                start=directive.start,
                end=directive.end,
                evidence={"directive": text[directive.start : directive.end].strip()},
            )


RULE = Rule(
    "RC001",
    "invalid-suppression",
    Severity.ERROR,
    "an inline `reusecheck: disable` lacks a reason or rule codes, is misspelt or names an unknown rule; it suppresses nothing",
    check_directives,
)


def reported_by_the_engine(context: RuleContext) -> Iterator[Finding]:
    return iter(())


UNUSED_RULE = Rule(
    "RC002",
    "unused-suppression",
    Severity.WARNING,
    "an inline `reusecheck: disable` names a rule that reports nothing where it applies; remove the code (or the directive)",
    reported_by_the_engine,
)


@reusecheck.hookimpl
def reusecheck_register_rules(register: Callable[[Rule], None]) -> None:
    register(RULE)
    register(UNUSED_RULE)
