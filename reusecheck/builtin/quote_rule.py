"""RC104 quote-attribution-stripped: a reused source sentence attributes a quote or fact to
an agency ("told Reuters", "according to AP") and the candidate sentence it became does not.

Sentences are paired inside each passage by matching their tokens (`reusecheck.sentences`);
the candidate sentence keeps the attribution when it names the same agency anywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import reusecheck
from reusecheck.credits import QUOTE_SOURCE
from reusecheck.models import Finding, Severity
from reusecheck.rules import Rule, RuleContext
from reusecheck.sentences import lines_around, passage_sentences


def check_quote_attribution(context: RuleContext) -> Iterator[Finding]:
    text = context.candidate.text
    reported: set[tuple[int, str]] = set()
    for pair in context.pairs:
        quotes = [(c.start, c.agency, c.evidence) for c in pair.source_credits
                  if c.role == QUOTE_SOURCE and c.start is not None and c.agency]
        if not quotes:
            continue
        for passage in pair.match.passages:
            lo, hi = lines_around(pair.source.text, passage.source_start, passage.source_end)
            if not any(lo <= at < hi for at, _, _ in quotes):
                continue  # no attribution in the passage's lines, where its sentences lie
            for sentence in passage_sentences(pair.alignment, passage).pairs:
                named = {agency for agency, _, _ in context.agencies.mentions(text, sentence.candidate_start, sentence.candidate_end)}
                for at, agency, phrase in quotes:
                    inside = sentence.source_start <= at < sentence.source_end
                    if not inside or agency in named or (sentence.candidate_start, agency) in reported:
                        continue
                    reported.add((sentence.candidate_start, agency))
                    yield RULE.finding(
                        f"Restore the attribution to {agency} (“{phrase}” in the source): "
                        f"this reused sentence no longer says the quote or fact came from {agency}.",
                        source=pair.source.id,
                        start=sentence.candidate_start,
                        end=sentence.candidate_end,
                        evidence={"agency": agency, "source_attribution": phrase,
                                  "source_start": sentence.source_start, "source_end": sentence.source_end},
                    )


RULE = Rule(
    "RC104",
    "quote-attribution-stripped",
    Severity.ERROR,
    "a reused source sentence attributes a quote or fact to the agency and the candidate's sentence does not",
    check_quote_attribution,
)


@reusecheck.hookimpl
def reusecheck_register_rules(register: Callable[[Rule], None]) -> None:
    register(RULE)
