"""The decide stage: one policy for severities, overrides, pair precedence and exit codes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import REPUBLISHED

import reusecheck
from reusecheck.config import PathOverride
from reusecheck.decide import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, Policy
from reusecheck.models import Document, Finding, Problem, Report, Result, Severity
from reusecheck.plugins import load_plugins
from reusecheck.rules import Rule, RuleContext


def _rule(code: str, severity: Severity, *, supersedes_pair: bool = False) -> Rule:
    def check(context: RuleContext) -> list[Finding]:
        return []

    return Rule(code, code.lower(), severity, "", check, supersedes_pair=supersedes_pair)


def test_a_rule_that_supersedes_a_pair_replaces_that_pairs_other_findings() -> None:
    rules = {"X1": _rule("X1", Severity.WARNING), "X2": _rule("X2", Severity.INFO, supersedes_pair=True)}
    found = {
        "X1": [rules["X1"].finding("copied", source="a", start=0, end=4), rules["X1"].finding("copied", source="b")],
        "X2": [rules["X2"].finding("runs the other way", source="a")],
    }
    decided = Policy().findings(rules, found, "some text")
    assert sorted((f.rule, f.source) for f in decided) == [("X1", "b"), ("X2", "a")]


def test_severity_overrides_apply_per_path_in_order(tmp_path: Path) -> None:
    rules = {"X1": _rule("X1", Severity.WARNING), "X2": _rule("X2", Severity.INFO)}
    policy = Policy(threshold=0.3, severities={"X2": Severity.ERROR}, overrides=(
        PathOverride(("wire/*",), tmp_path, 0.5, {"X1": None}),
        PathOverride(("wire/late.txt",), tmp_path, None, {"X1": Severity.INFO}),
    ))
    early = policy.at(str(tmp_path / "wire" / "early.txt"))
    late = policy.at(str(tmp_path / "wire" / "late.txt"))
    assert (early.threshold, list(early.active(rules))) == (0.5, ["X2"])
    assert (late.threshold, late.severity(rules["X1"]), late.severity(rules["X2"])) == (0.5, Severity.INFO, Severity.ERROR)
    assert policy.at(str(tmp_path / "desk.txt")) == policy
    found = {"X2": [rules["X2"].finding("m", start=2, end=3)]}
    assert [f.severity for f in early.findings(rules, found, "text")] == [Severity.ERROR]


def _report(*severities: Severity, errors: int = 0) -> Report:
    findings = tuple(Finding("X1", "x1", s, "m") for s in severities)
    result = Result(Document("d", "text"), (), findings)
    return Report((result,), tuple(Problem("p", "bad") for _ in range(errors)))


def _exit_code(policy: Policy, report: Report, **flags: bool) -> int:
    return policy.exit_code(report.errors, report.worst_severity(), **flags)


def test_exit_codes() -> None:
    assert _exit_code(Policy(), _report(Severity.INFO)) == EXIT_OK
    assert _exit_code(Policy(), _report(Severity.WARNING)) == EXIT_FINDINGS
    assert _exit_code(Policy(fail_level=Severity.ERROR), _report(Severity.WARNING)) == EXIT_OK
    assert _exit_code(Policy(), _report(Severity.ERROR), exit_zero=True) == EXIT_OK
    assert _exit_code(Policy(), _report(errors=1), exit_zero=True) == EXIT_ERROR
    strict = Policy(fail_level=Severity.ERROR)
    assert [f.severity for f in strict.failing(_report(Severity.WARNING, Severity.ERROR).results[0].findings)] == [Severity.ERROR]


def test_the_source_newer_rule_declares_its_precedence_and_the_engine_applies_it() -> None:
    rules = load_plugins().rules
    assert [code for code, rule in rules.items() if rule.supersedes_pair] == ["RC107"]
    text = REPUBLISHED.read_text(encoding="utf-8")
    older = Document("older", text, date=dt.date(2016, 11, 1))
    # Checked against a copy dated later, the text has RC107 only for that source, where
    # against a copy dated before it RC100 and the credit rules report the reuse.
    newer = reusecheck.check([older], [Document("newer", text, date=dt.date(2016, 11, 9))])
    earlier = reusecheck.check([older], [Document("earlier", text, date=dt.date(2016, 10, 30))])
    assert {f.rule for f in newer.results[0].findings if f.source == "newer"} == {"RC107"}
    assert "RC100" in {f.rule for f in earlier.results[0].findings if f.source == "earlier"}
