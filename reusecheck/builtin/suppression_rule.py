"""RC001 invalid-suppression: an inline suppression that cannot be used (see reusecheck.suppress)."""

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
    "an inline `reusecheck: disable` lacks a reason or rule codes, or is misspelt; it suppresses nothing",
    check_directives,
)


@reusecheck.hookimpl
def reusecheck_register_rules(register: Callable[[Rule], None]) -> None:
    register(RULE)
