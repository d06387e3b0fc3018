"""RC100 reuse: the candidate reuses at least the threshold share of a source (info, not
a warning, when the source is the copy of an agency the newsroom is licensed to use)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import reusecheck
from reusecheck.models import Finding, Severity
from reusecheck.rules import Rule, RuleContext


def check_reuse(context: RuleContext) -> Iterator[Finding]:
    for pair in context.pairs:
        share = pair.scores["containment"]
        if share < context.threshold:
            continue
        passages = pair.match.passages
        licence = context.licensed(pair.agency)
        evidence = {"containment": share, "coverage": pair.scores.get("coverage"), "passages": len(passages)}
        if licence:
            evidence["licensed_agency"] = pair.agency
        yield RULE.finding(
            f"{share:.0%} of this text is reused from {pair.source.id} "
            f"({len(passages)} passage{'s' if len(passages) != 1 else ''}); "
            + (f"licensed {pair.agency} copy: check that it carries the credit the licence names"
               if licence else "check that the reuse is licensed and credited"),
            source=pair.source.id,
            start=passages[0].candidate_start,
            end=passages[-1].candidate_end,
            evidence=evidence,
            severity=Severity.INFO if licence else None,
        )


RULE = Rule("RC100", "reuse", Severity.WARNING, "the candidate reuses at least the threshold share of a source", check_reuse)


@reusecheck.hookimpl
def reusecheck_register_rules(register: Callable[[Rule], None]) -> None:
    register(RULE)
