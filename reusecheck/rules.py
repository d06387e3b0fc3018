"""Rules: checks over a candidate's matches and credits that produce findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from reusecheck.credits import AgencyList, default_agencies
from reusecheck.models import Credit, Derivation, Document, Finding, Match, Severity
from reusecheck.scoring import Alignment


@dataclass(frozen=True)
class PairContext:
    """One matched source as rules see it: the document, its credits and the alignment."""

    source: Document
    source_credits: tuple[Credit, ...]
    alignment: Alignment
    match: Match

    @property
    def scores(self) -> Mapping[str, float]:
        return self.match.scores


@dataclass(frozen=True)
class RuleContext:
    """Everything a rule may look at for one candidate.

    ``options``: rule settings (`CheckOptions.rule_options`); ``agencies``: the run's
    agency list, the one the credit extractors used. ``derivation``: the candidate's
    verdict; ``reuse_score`` / ``credit_score``: the verdict scores at which reuse is
    reported (RC100, RC103) and at which an agency's credit is due (RC101, RC102).
    """

    candidate: Document
    candidate_credits: tuple[Credit, ...]
    pairs: tuple[PairContext, ...]
    threshold: float
    options: Mapping[str, Any] = field(default_factory=dict)
    agencies: AgencyList = field(default_factory=default_agencies)
    derivation: Derivation | None = None
    reuse_score: float = 0.5
    credit_score: float = 0.5

    def reused(self, least_score: float | None = None) -> Iterator[PairContext]:
        """The pairs whose source the candidate derives from: the sources of its verdict
        when the verdict's score reaches ``least_score`` (default `reuse_score`); without a
        verdict, the pairs whose containment reaches the threshold."""
        if self.derivation is None:
            yield from (p for p in self.pairs if p.scores["containment"] >= self.threshold)
            return
        if self.derivation.score < (self.reuse_score if least_score is None else least_score):
            return
        yield from (p for p in self.pairs if p.source.id in self.derivation.sources)


@dataclass(frozen=True)
class Rule:
    """A rule with a stable code (``RC101``), a slug, a default severity and its check."""

    code: str
    name: str
    severity: Severity
    description: str
    check: Callable[[RuleContext], Iterable[Finding]]

    def finding(
        self,
        message: str,
        *,
        source: str | None = None,
        start: int | None = None,
        end: int | None = None,
        evidence: dict[str, Any] | None = None,
    ) -> Finding:
        """A finding of this rule at its default severity (the engine applies overrides)."""
        return Finding(self.code, self.name, self.severity, message, source, start, end, evidence or {})
