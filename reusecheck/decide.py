"""The decide stage: which findings count, at what severity, and the exit code.

One `Policy` holds every decision that follows the rules: the threshold, severity
overrides, per-path overrides (from configuration files), pair precedence (a rule that
`supersedes_pair`), inline suppressions, the baseline and the fail level. The engine, the
command line, the pytest plugin and the API all decide through it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from reusecheck import baseline
from reusecheck.config import PathOverride
from reusecheck.models import Finding, Problem, Report, Severity
from reusecheck.rules import Rule
from reusecheck.suppress import Directive, judge

DEFAULT_THRESHOLD = 0.1
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass(frozen=True)
class Policy:
    """How a run decides.

    ``threshold``: containment at or above which reuse is a finding (the verdict's sources
    and the rules). ``severities``: rule code -> severity, or None for off. ``overrides``:
    per-path threshold and severities, applied in order (`at`). ``fail_level``: the least
    severity that fails a run (exit 1). ``accepted`` / ``baseline_root``: a baseline whose
    findings are not shown (`shown`).
    """

    threshold: float = DEFAULT_THRESHOLD
    severities: Mapping[str, Severity | None] = field(default_factory=dict)
    overrides: tuple[PathOverride, ...] = ()
    fail_level: Severity = Severity.WARNING
    accepted: baseline.Baseline | None = None
    baseline_root: Path = field(default_factory=Path)

    def at(self, path: str | None) -> Policy:
        """The policy for the candidate at ``path``: every matching override applied, in order."""
        policy = self
        for override in self.overrides:
            if override.matches(path):
                policy = replace(
                    policy,
                    threshold=policy.threshold if override.threshold is None else override.threshold,
                    severities={**policy.severities, **override.severities},
                )
        return policy

    def severity(self, rule: Rule) -> Severity | None:
        """The rule's severity under this policy: its override, else its own; None when off."""
        return self.severities.get(rule.code, rule.severity)

    def active(self, rules: Mapping[str, Rule]) -> dict[str, Rule]:
        """The rules this policy leaves on, in their order."""
        return {code: rule for code, rule in rules.items() if self.severity(rule) is not None}

    def findings(self, rules: Mapping[str, Rule], found: Mapping[str, Iterable[Finding]], text: str) -> list[Finding]:
        """The findings that count for a candidate of ``text``, in text order, from those
        each active rule ``found`` (by rule code): severities overridden, a pair's findings
        replaced by those of a rule that supersedes the pair, inline suppressions applied
        (with RC001/RC002 findings for bad or unused ones)."""
        levels = {code: self.severity(rule) for code, rule in rules.items()}
        findings: list[Finding] = []
        for code, each in found.items():
            override = self.severities.get(code)
            findings += each if override is None else [replace(f, severity=override) for f in each]
        superseding = {code for code, rule in rules.items() if rule.supersedes_pair}
        reversed_sources = {f.source for f in findings if f.rule in superseding}
        findings = [f for f in findings if f.rule in superseding or f.source not in reversed_sources]

        def directive_finding(code: str, directive: Directive, message: str) -> Finding | None:
            rule, level = rules.get(code), levels.get(code)
            if rule is None or level is None:
                return None
            evidence = {"directive": text[directive.start : directive.end].strip()}
            return Finding(code, rule.name, level, message, None, directive.start, directive.end, evidence)

        findings = judge(text, findings, rules, self.active(rules), directive_finding)
        findings.sort(key=lambda f: (f.candidate_start is None, f.candidate_start or 0, f.rule))
        return findings

    def failing(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings at or above the fail level."""
        return [f for f in findings if f.severity >= self.fail_level]

    def shown(self, report: Report) -> tuple[Report, int]:
        """The report without the findings the baseline accepts, and how many it hid."""
        if self.accepted is None:
            return report, 0
        return baseline.filter_report(report, self.accepted, self.baseline_root)

    def exit_code(self, errors: Sequence[Problem], worst: Severity | None, *, exit_zero: bool = False) -> int:
        """2 when an input failed (``errors``), else 1 when the ``worst`` finding's severity
        (`Report.worst_severity`) is at or above the fail level (0 with ``exit_zero``), else 0.
        Given as parts so that a streamed run, which keeps no report, decides alike."""
        if errors:
            return EXIT_ERROR
        failed = worst is not None and worst >= self.fail_level
        return EXIT_FINDINGS if failed and not exit_zero else EXIT_OK
