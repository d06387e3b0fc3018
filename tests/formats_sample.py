"""A sample report for format tests, made by the real engine and a real rule plugin.

Candidates: the founding republication (a long multi-line passage, RC100), a copy of
Reuters paragraphs with CRLF line ends and non-ASCII text before and inside the copied
text, saved under a name with ``,``, ``:`` and ``%`` (the test rules put one-line and
span-less findings of every severity on it, with ``%``, newlines, ``,`` and ``:`` in the
message, one with the exact source span in its evidence), an unrelated text (no reuse), an empty file (a warning) and a missing file (an
error).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from helpers import REPUBLISHED, REUTERS, read

import reusecheck
from reusecheck.formats import RenderContext
from reusecheck.plugins import PluginSet, load_plugins

TEST_RULES = '''
import reusecheck
from reusecheck import Rule, Severity


def first_start(pair):
    return pair.match.passages[0].candidate_start


def check_quote(context):
    for pair in context.pairs:
        start, source_start = first_start(pair), pair.match.passages[0].source_start
        yield QUOTE.finding("quote 100% copied: “a, b: c”\\nsecond line", source=pair.source.id,
                            start=start, end=start + 6,
                            evidence={"source_start": source_start, "source_end": source_start + 6})


def check_start(context):
    for pair in context.pairs:
        yield START.finding('=HYPERLINK("x") the copy starts here', source=pair.source.id,
                            start=first_start(pair), end=first_start(pair))


def check_credit(context):
    for pair in context.pairs:
        yield CREDIT.finding("credit missing: by-line,\\x0ceditor <dropped> & @someone | desk", source=pair.source.id)


QUOTE = Rule("XT901", "quote-copied", Severity.ERROR, "a quote is copied", check_quote)
START = Rule("XT902", "copy-start", Severity.INFO, "where a copy starts.", check_start)
CREDIT = Rule("XT903", "credit-missing", Severity.WARNING, "the credit is missing", check_credit)


@reusecheck.hookimpl
def reusecheck_register_rules(register):
    for rule in (QUOTE, START, CREDIT):
        register(rule)
'''

ODD_NAME = "copy, draft: 100%.txt"
HEADER = "Ünïcode 🦜 “header” line\r\n\r\n"


@dataclass(frozen=True)
class Sample:
    report: reusecheck.Report
    plugins: PluginSet
    context: RenderContext
    folder: Path

    @property
    def odd(self) -> reusecheck.Result:
        return next(r for r in self.report.results if r.candidate.path and r.candidate.path.endswith(ODD_NAME))


def write_inputs(folder: Path) -> tuple[list[str], Path]:
    """The sample's candidate paths (in report order) and the rule plugin file."""
    reuters_paragraphs = read(REUTERS).split("\n\n")[1:5]
    odd = folder / ODD_NAME
    odd.write_bytes((HEADER + "Prefix 🦜 “é” words. " + "\r\n\r\n".join(reuters_paragraphs) + "\r\n").encode("utf-8"))
    (folder / "unrelated.txt").write_text("The weather in Lisbon was mild and the markets were calm all week long.\n")
    (folder / "empty.txt").write_text("")
    plugin = folder / "test_rules.py"
    plugin.write_text(TEST_RULES, encoding="utf-8")
    names = [str(REPUBLISHED), str(odd), str(folder / "unrelated.txt"), str(folder / "empty.txt"), str(folder / "missing.txt")]
    return names, plugin


def build_sample(folder: Path) -> Sample:
    candidates, plugin = write_inputs(folder)
    plugins = load_plugins(files=[str(plugin)], autoload=False)
    report = reusecheck.check(candidates, [str(REUTERS)], plugins=plugins)
    return Sample(report, plugins, RenderContext(plugins.rules), folder)
