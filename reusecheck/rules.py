"""Rules: checks over a candidate's matches and credits that produce findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from reusecheck.credits import AgencyList, AgencyPolicy, default_agencies, principal_agencies
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

    @property
    def agency(self) -> str | None:
        """The agency whose copy the source is (its first principal agency), if any."""
        agencies = principal_agencies(self.source_credits)
        return agencies[0] if agencies else None


@dataclass(frozen=True)
class RuleContext:
    """Everything a rule may look at for one candidate.

    ``options``: rule settings (`CheckOptions.rule_options`); ``agencies``: the run's
    agency list, the one the credit extractors used; ``policies``: the newsroom's licence
    terms by canonical agency name (`CheckOptions.agency_policies`). ``derivation``: the
    candidate's verdict; ``reuse_score`` / ``credit_score``: the verdict scores at which
    reuse is reported (RC100, RC103) and at which an agency's credit is due (RC101, RC102,
    RC109); a wholly derived verdict reaches both.
    """

    candidate: Document
    candidate_credits: tuple[Credit, ...]
    pairs: tuple[PairContext, ...]
    threshold: float
    options: Mapping[str, Any] = field(default_factory=dict)
    agencies: AgencyList = field(default_factory=default_agencies)
    policies: Mapping[str, AgencyPolicy] = field(default_factory=dict)
    derivation: Derivation | None = None
    reuse_score: float = 0.5
    credit_score: float = 0.5

    def licensed(self, agency: str | None) -> AgencyPolicy | None:
        """The policy of ``agency`` when the newsroom holds a licence for its copy."""
        policy = self.policies.get(agency) if agency else None
        return policy if policy is not None and policy.licensed else None

    def reused(self, *, credit_due: bool = False) -> Iterator[PairContext]:
        """The pairs whose source the candidate derives from: the sources of its verdict when
        the verdict is wholly derived or its score reaches `reuse_score` (with
        ``credit_due``, for the rules that hold a text to an agency's credit: `credit_score`).
        Without a verdict, the pairs whose containment reaches the threshold."""
        derivation = self.derivation
        if derivation is None:
            yield from (p for p in self.pairs if p.scores["containment"] >= self.threshold)
            return
        least = self.credit_score if credit_due else self.reuse_score
        if derivation.verdict == "wholly-derived" or derivation.score >= least:
            yield from (p for p in self.pairs if p.source.id in derivation.sources)


@dataclass(frozen=True)
class Rule:
    """A rule with a stable code (``RC101``), a slug, a default severity and its check.

    ``supersedes_pair``: a finding of this rule says a pair's reuse runs the other way (the
    source is newer than the candidate): it replaces every other finding for that source.
    """

    code: str
    name: str
    severity: Severity
    description: str
    check: Callable[[RuleContext], Iterable[Finding]]
    supersedes_pair: bool = False

    def finding(
        self,
        message: str,
        *,
        source: str | None = None,
        start: int | None = None,
        end: int | None = None,
        evidence: dict[str, Any] | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of this rule at its default severity, or at ``severity`` (a rule that
        judges case by case); the engine applies the user's overrides."""
        return Finding(self.code, self.name, severity or self.severity, message, source, start, end, evidence or {})
