"""RC100 reuse: the candidate derives from a source (its derivation verdict says so with a
score of at least the model's ``reuse_score``, and the source is one the verdict rests on);
info, not a warning, when the source is the copy of an agency the newsroom is licensed to use."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import reusecheck
from reusecheck.models import Finding, Severity
from reusecheck.rules import Rule, RuleContext


def check_reuse(context: RuleContext) -> Iterator[Finding]:
    derivation = context.derivation
    for pair in context.reused():
        share = pair.scores["containment"]
        passages = pair.match.passages
        licence = context.licensed(pair.agency)
        verdict = f"; verdict {derivation.verdict}, score {derivation.score:.2f}" if derivation else ""
        if passages:
            said = (f"{share:.0%} of this text is reused from {pair.source.id} "
                    f"({len(passages)} passage{'s' if len(passages) != 1 else ''}{verdict})")
        else:
            said = (f"this text is rewritten from {pair.source.id} (no passage copied word for word, but its "
                    f"wording follows that source{verdict})")
        evidence: dict[str, Any] = {"containment": share, "coverage": pair.scores.get("coverage"), "passages": len(passages),
                    "verdict": derivation.verdict if derivation else None,
                    "score": derivation.score if derivation else None}
        if licence:
            evidence["licensed_agency"] = pair.agency
        yield RULE.finding(
            f"{said}; "
            + (f"licensed {pair.agency} copy: check that it carries the credit the licence names"
               if licence else "check that the reuse is licensed and credited"),
            source=pair.source.id,
            start=passages[0].candidate_start if passages else None,
            end=passages[-1].candidate_end if passages else None,
            evidence=evidence,
            severity=Severity.INFO if licence else None,
        )


RULE = Rule("RC100", "reuse", Severity.WARNING,
            "the candidate derives from a source: its derivation verdict is wholly or partially derived with a score "
            "of at least the model's reuse score, and the source's containment reaches the threshold", check_reuse)


@reusecheck.hookimpl
def reusecheck_register_rules(register: Callable[[Rule], None]) -> None:
    register(RULE)
