"""Inline suppressions: directives in the candidate's text drop findings where they apply."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REPUBLISHED, REUTERS, read

import reusecheck
from reusecheck.cli import main
from reusecheck.plugins import load_plugins
from reusecheck.suppress import find_directives, suppressing_regions

SOURCE = reusecheck.Document(id="reuters", text=read(REUTERS))
ARTICLE = read(REPUBLISHED)
FIRST_PARAGRAPH = "Russia and the Syrian army on Wednesday"
LAST_PARAGRAPH = "Additional reporting by Reuters"


WATCHED = ("RC001", "RC100", "XT001")  # the rules these tests are about; others may fire too


def all_findings(text: str, plugins: reusecheck.plugins.PluginSet | None = None) -> list[reusecheck.Finding]:
    candidate = reusecheck.Document(id="candidate", text=text)
    report = reusecheck.check([candidate], [SOURCE], plugins=plugins or load_plugins())
    return list(report.results[0].findings)


def findings(text: str, plugins: reusecheck.plugins.PluginSet | None = None) -> list[reusecheck.Finding]:
    return [f for f in all_findings(text, plugins) if f.rule in WATCHED]


def insert_before(text: str, anchor: str, line: str) -> str:
    at = text.index(anchor)
    return text[:at] + line + "\n\n" + text[at:]


def rules_of(found: list[reusecheck.Finding]) -> list[str]:
    return [f.rule for f in found]


def test_the_unsuppressed_article_has_a_reuse_finding() -> None:
    assert rules_of(findings(ARTICLE)) == ["RC100"]


def test_comment_disable_with_reason_drops_the_finding_that_starts_inside() -> None:
    text = insert_before(ARTICLE, FIRST_PARAGRAPH, '<!-- reusecheck: disable RC100 reason="licensed copy, contract 2016-14" -->')
    assert findings(text) == []


def test_region_closed_before_the_finding_starts_keeps_it() -> None:
    text = insert_before(ARTICLE, FIRST_PARAGRAPH, '<!-- reusecheck: disable RC100 reason="x" --> date line <!-- reusecheck: enable -->')
    assert rules_of(findings(text)) == ["RC100"]


def test_enable_with_codes_closes_only_those_rules() -> None:
    directive = '<!-- reusecheck: disable RC100, RC103 reason="x" --><!-- reusecheck: enable RC103 -->'
    text = insert_before(ARTICLE, FIRST_PARAGRAPH, directive)
    assert findings(text) == []


def test_disable_of_another_rule_keeps_the_finding() -> None:
    text = insert_before(ARTICLE, FIRST_PARAGRAPH, '<!-- reusecheck: disable RC103 reason="licensed" -->')
    assert rules_of(findings(text)) == ["RC100"]


def test_disabling_one_rule_leaves_the_others() -> None:
    others = [(f.rule, f.message) for f in all_findings(ARTICLE) if f.rule != "RC100"]
    text = insert_before(ARTICLE, FIRST_PARAGRAPH, '<!-- reusecheck: disable RC100 reason="licensed" -->')
    assert [(f.rule, f.message) for f in all_findings(text) if f.rule != "RC100"] == others


def test_all_disables_every_rule_after_it() -> None:
    text = insert_before(ARTICLE, FIRST_PARAGRAPH, '<!-- reusecheck: disable all reason="syndicated under licence" -->')
    assert [f for f in all_findings(text) if f.candidate_start is not None] == []


def test_plain_text_disable_next_paragraph_covers_only_the_next_paragraph() -> None:
    line = 'reusecheck: disable-next-paragraph RC100 reason="licensed lead paragraph"'
    assert findings(insert_before(ARTICLE, FIRST_PARAGRAPH, line)) == []
    assert rules_of(findings(insert_before(ARTICLE, LAST_PARAGRAPH, line))) == ["RC100"]


def test_missing_reason_suppresses_nothing_and_is_an_rc001_finding() -> None:
    directive = "<!-- reusecheck: disable RC100 -->"
    text = insert_before(ARTICLE, FIRST_PARAGRAPH, directive)
    found = findings(text)
    assert rules_of(found) == ["RC001", "RC100"]
    bad = found[0]
    assert text[bad.candidate_start : bad.candidate_end] == directive
    assert bad.severity is reusecheck.Severity.ERROR
    assert "needs a reason" in bad.message


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('disabel RC100 reason="x"', "unknown directive 'disabel'"),
        ('disable reason="x"', "needs the rule codes"),
        ('disable RC100 reason=""', "needs a reason"),
        ("disable RC100 because licensed", "'BECAUSE' is not a rule code"),
    ],
)
def test_malformed_directives_are_reported(body: str, problem: str) -> None:
    (directive,) = find_directives(f"text\n<!-- reusecheck: {body} -->\n")
    assert problem in directive.problem


def test_reason_may_use_single_or_curly_quotes() -> None:
    text = "<!-- reusecheck: disable RC1 reason='a' -->\nreusecheck: disable-file RC2 reason=“b”\n"
    assert [(d.verb, d.codes, d.reason, d.problem) for d in find_directives(text)] == [
        ("disable", ("RC1",), "a", ""),
        ("disable-file", ("RC2",), "b", ""),
    ]


def test_a_multiline_comment_is_one_directive() -> None:
    text = 'intro\n<!--\nreusecheck: disable RC100\n  reason="licensed"\n-->\nbody\n'
    (directive,) = find_directives(text)
    assert directive.codes == ("RC100",) and directive.reason == "licensed"
    (region,) = suppressing_regions(text)
    assert text[region.start : region.end] == "\nbody\n"


NULL_SPAN_PLUGIN = '''
import reusecheck
from reusecheck.models import Severity
from reusecheck.rules import Rule

def check(context):
    yield RULE.finding("no credit line anywhere")

RULE = Rule("XT001", "no-credit", Severity.WARNING, "test rule without a span", check)

@reusecheck.hookimpl
def reusecheck_register_rules(register):
    register(RULE)
'''


def test_findings_without_span_are_dropped_only_by_disable_file(tmp_path: Path) -> None:
    plugin = tmp_path / "null_span_rule.py"
    plugin.write_text(NULL_SPAN_PLUGIN, encoding="utf-8")
    plugins = load_plugins(files=[str(plugin)])
    assert rules_of(findings(ARTICLE, plugins)) == ["RC100", "XT001"]
    region = insert_before(ARTICLE, FIRST_PARAGRAPH, '<!-- reusecheck: disable XT001 reason="x" -->')
    assert rules_of(findings(region, plugins)) == ["RC100", "XT001"]
    whole = insert_before(ARTICLE, FIRST_PARAGRAPH, '<!-- reusecheck: disable-file XT001 reason="no credits in wire copy" -->')
    assert rules_of(findings(whole, plugins)) == ["RC100"]


def test_cli_exit_code_follows_the_suppression(tmp_path: Path) -> None:
    article = tmp_path / "article.md"
    article.write_text(insert_before(ARTICLE, FIRST_PARAGRAPH, '<!-- reusecheck: disable-file all reason="licensed" -->'), encoding="utf-8")
    assert main(["check", str(article), "--against", str(REUTERS)]) == 0
    article.write_text(insert_before(ARTICLE, FIRST_PARAGRAPH, "<!-- reusecheck: disable-file all -->"), encoding="utf-8")
    assert main(["check", str(article), "--against", str(REUTERS)]) == 1


# -- directive text and front matter are not article text (issue 11 point 2) ----------------

SOURCE_TEXT = read(REUTERS)
LATER = "Civilians and the sick and wounded"


def test_a_reason_quoting_source_words_neither_joins_the_passage_nor_defeats_the_suppression() -> None:
    """The words before LATER in the source are "... on Nov. 4 via two special corridors."."""
    directive = '<!-- reusecheck: disable RC100 reason="licensed: on Nov. 4 via two special corridors" -->'
    text = directive + "\n" + SOURCE_TEXT[SOURCE_TEXT.index(LATER) :]
    report = reusecheck.check([reusecheck.Document(id="c", text=text)], [SOURCE])
    (match,) = report.results[0].matches
    assert match.passages[0].candidate_start >= len(directive)
    assert "RC100" not in rules_of(list(report.results[0].findings))
    unsuppressed = reusecheck.check([reusecheck.Document(id="c", text=text.replace("RC100", "RC103"))], [SOURCE])
    assert unsuppressed.results[0].matches[0].scores["containment"] == 1.0  # the directive's words do not count


def test_no_passage_runs_across_a_directive() -> None:
    at = SOURCE_TEXT.index(LATER)
    directive = '<!-- reusecheck: disable RC100 reason="licensed from the agency" -->\n'
    text = SOURCE_TEXT[:at] + directive + SOURCE_TEXT[at:]
    report = reusecheck.check([reusecheck.Document(id="c", text=text)], [SOURCE])
    passages = report.results[0].matches[0].passages
    assert all(p.candidate_end <= at or p.candidate_start >= at + len(directive) for p in passages)
    assert any(p.candidate_start == at + len(directive) for p in passages)


def test_front_matter_is_not_part_of_a_passage_or_of_containment() -> None:
    front = '---\ntitle: "Russia tells rebels to leave Syria\'s Aleppo by Friday evening"\ndate: 2016-11-04\n---\n'
    plain = reusecheck.check([reusecheck.Document(id="c", text=ARTICLE)], [SOURCE]).results[0].matches[0]
    fronted = reusecheck.check([reusecheck.Document(id="c", text=front + ARTICLE)], [SOURCE]).results[0].matches[0]
    assert all(p.candidate_start >= len(front) for p in fronted.passages)
    assert fronted.scores["containment"] == plain.scores["containment"]


def test_an_unknown_rule_code_is_an_error_and_suppresses_nothing() -> None:
    text = insert_before(ARTICLE, FIRST_PARAGRAPH, '<!-- reusecheck: disable RC100 RC990 reason="licensed" -->')
    found = findings(text)
    assert rules_of(found) == ["RC001", "RC100"]
    assert "no rule 'RC990'" in found[0].message and found[0].evidence["directive"].startswith("<!-- reusecheck")


def test_a_suppression_that_suppresses_nothing_is_reported_unused() -> None:
    text = insert_before(ARTICLE, LAST_PARAGRAPH, '<!-- reusecheck: disable-next-paragraph RC100 reason="licensed" -->')
    unused = [f for f in all_findings(text) if f.rule == "RC002"]
    assert [(f.name, text[f.candidate_start : f.candidate_end]) for f in unused] == [
        ("unused-suppression", '<!-- reusecheck: disable-next-paragraph RC100 reason="licensed" -->')
    ]
    used = insert_before(ARTICLE, FIRST_PARAGRAPH, '<!-- reusecheck: disable RC100 reason="licensed" -->')
    assert [f for f in all_findings(used) if f.rule == "RC002"] == []
    off = reusecheck.check([reusecheck.Document(id="c", text=text)], [SOURCE],
                           options=reusecheck.CheckOptions(severities={"RC002": None}))
    assert "RC002" not in rules_of(list(off.results[0].findings))


# -- findings about something absent have a place (issue 11 point 3) ------------------------

UNCREDITED = ARTICLE.replace("Reuters", "Wire")  # no agency credit left: RC101


def test_rc101_is_placed_at_the_first_reused_passage_and_can_be_suppressed_there() -> None:
    report = reusecheck.check([reusecheck.Document(id="c", text=UNCREDITED)], [SOURCE])
    result = report.results[0]
    (rc101,) = [f for f in result.findings if f.rule == "RC101"]
    first = result.matches[0].passages[0]
    assert (rc101.candidate_start, rc101.candidate_end) == (first.candidate_start, first.candidate_end)
    text = insert_before(UNCREDITED, FIRST_PARAGRAPH, '<!-- reusecheck: disable RC101 reason="agreed with the agency" -->')
    suppressed = reusecheck.check([reusecheck.Document(id="c", text=text)], [SOURCE]).results[0]
    assert [f.rule for f in suppressed.findings if f.rule in ("RC101", "RC002")] == []


def test_rc101_has_a_sarif_region(tmp_path: Path) -> None:
    import json

    article = tmp_path / "article.md"
    article.write_text(UNCREDITED, encoding="utf-8")
    sarif = tmp_path / "out.sarif"
    main(["check", str(article), "--against", str(REUTERS), "--output", f"sarif={sarif}", "--format", "json"])
    results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    (rc101,) = [r for r in results if r["ruleId"] == "RC101"]
    assert rc101["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
