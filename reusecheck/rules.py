"""Rules: checks over a candidate's matches and credits that produce findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from reusecheck.credits import AgencyList, default_agencies
from reusecheck.models import Credit, Document, Finding, Match, Severity
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
    agency list, the one the credit extractors used.
    """

    candidate: Document
    candidate_credits: tuple[Credit, ...]
    pairs: tuple[PairContext, ...]
    threshold: float
    options: Mapping[str, Any] = field(default_factory=dict)
    agencies: AgencyList = field(default_factory=default_agencies)


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
