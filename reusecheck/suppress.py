"""Inline suppressions: directives in a candidate's text that switch rules off for a part of it.

Two spellings of the same directive, recognized in any text:

- a comment, for Markdown and HTML: ``<!-- reusecheck: disable RC103 reason="licensed" -->``
- a line of its own, for plain text: ``reusecheck: disable-next-paragraph RC101 reason="..."``

Directives (``CODES`` are rule codes separated by spaces or commas, or ``all``):

- ``disable CODES reason="..."`` switches the rules off from the end of the directive to a
  later ``enable`` (``enable`` alone closes every open region, ``enable CODES`` only those),
  or to the end of the text.
- ``disable-next-paragraph CODES reason="..."``: the next paragraph (the text after the
  directive up to the next blank line).
- ``disable-file CODES reason="..."``: the whole text, including findings without a span.

A finding is dropped when its rule is disabled where the finding starts (its
``candidate_start``, where reports place it); a finding without a span only by
``disable-file``. A ``disable`` without a non-empty reason, an unknown directive or one
without codes suppresses nothing and is reported as a finding of rule RC001; so is a
directive naming a rule code no loaded plugin registers (`judge` finds those). A code of a
valid directive that suppresses nothing is reported by `judge` as unused (rule RC002).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from reusecheck.models import Finding

ALL = "all"
DISABLES = ("disable", "disable-next-paragraph", "disable-file")
_COMMENT = re.compile(r"<!--\s*reusecheck:(?P<body>.*?)-->", re.DOTALL)
_LINE = re.compile(r"^[ \t]*reusecheck:(?P<body>[^\r\n]*)$", re.MULTILINE)
_REASON = re.compile(r"""\breason\s*=\s*(?:"(?P<d>[^"]*)"|'(?P<s>[^']*)'|“(?P<c>[^”]*)”)""")
_CODE = re.compile(r"^(?:[A-Za-z]+[0-9]+|all)$", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\r?\n[ \t]*\r?\n")


@dataclass(frozen=True)
class Directive:
    """One directive as written: where it is, what it does, and why it is invalid (if it is)."""

    start: int
    end: int
    verb: str
    codes: tuple[str, ...]
    reason: str
    problem: str = ""


@dataclass(frozen=True)
class Region:
    """Character range ``[start, end)`` of the text in which a rule (or ``all``) is off."""

    code: str
    start: int
    end: int
    whole_text: bool = False
    directive: Directive | None = field(default=None, compare=False)

    def covers(self, finding: Finding) -> bool:
        if self.code != ALL and self.code != finding.rule.upper():
            return False
        if finding.candidate_start is None:
            return self.whole_text
        return self.start <= finding.candidate_start < self.end


def parse_directive(start: int, end: int, body: str) -> Directive:
    """Read one directive's body (the text after ``reusecheck:``)."""
    reason_match = _REASON.search(body)
    reason = ""
    if reason_match:
        reason = next(g for g in reason_match.group("d", "s", "c") if g is not None).strip()
        body = body[: reason_match.start()] + body[reason_match.end() :]
    words = body.replace(",", " ").split()
    verb = words[0].lower() if words else ""
    codes = tuple(w.upper() if w.lower() != ALL else ALL for w in words[1:])
    problem = ""
    if verb not in (*DISABLES, "enable"):
        problem = f"unknown directive {verb!r}; use disable, disable-next-paragraph, disable-file or enable"
    elif any(not _CODE.match(code) for code in codes):
        bad = next(code for code in codes if not _CODE.match(code))
        problem = f"{bad!r} is not a rule code; write codes like RC101 (or all) and the reason as reason=\"...\""
    elif verb in DISABLES and not codes:
        problem = f"`{verb}` needs the rule codes it disables (e.g. RC101, or all)"
    elif verb in DISABLES and not reason:
        problem = f"`{verb}` needs a reason, e.g. reason=\"licensed copy, contract 2016-14\"; it suppresses nothing without one"
    return Directive(start, end, verb, codes, reason, problem)


def find_directives(text: str) -> list[Directive]:
    """Every directive in the text, in order (comment directives and line directives)."""
    found = [parse_directive(m.start(), m.end(), m.group("body")) for m in _COMMENT.finditer(text)]
    comments = [(d.start, d.end) for d in found]
    for m in _LINE.finditer(text):
        if not any(start <= m.start() < end for start, end in comments):
            found.append(parse_directive(m.start(), m.end(), m.group("body")))
    return sorted(found, key=lambda d: d.start)


def _next_paragraph(text: str, after: int) -> tuple[int, int]:
    start = after
    while start < len(text) and text[start].isspace():
        start += 1
    blank = _BLANK_LINE.search(text, start)
    return start, blank.start() if blank else len(text)


def suppressing_regions(text: str, known: Collection[str] | None = None) -> list[Region]:
    """Every region of the text in which some rule is switched off by a valid directive
    (with ``known``, directives naming other codes are not valid)."""
    done: list[Region] = []
    open_since: dict[str, tuple[int, Directive]] = {}
    for d in find_directives(text):
        if d.problem or (known is not None and unknown_codes(d, known)):
            continue
        if d.verb == "disable-file":
            done.extend(Region(code, 0, len(text), whole_text=True, directive=d) for code in d.codes)
        elif d.verb == "disable-next-paragraph":
            start, end = _next_paragraph(text, d.end)
            done.extend(Region(code, start, end, directive=d) for code in d.codes)
        elif d.verb == "disable":
            for code in d.codes:
                open_since.setdefault(code, (d.end, d))
        else:  # enable
            for code in d.codes or tuple(open_since):
                if code in open_since:
                    start, opener = open_since.pop(code)
                    done.append(Region(code, start, d.start, directive=opener))
    done.extend(Region(code, start, len(text), directive=opener) for code, (start, opener) in open_since.items())
    return done


def unknown_codes(directive: Directive, known: Collection[str]) -> list[str]:
    """The codes of a directive that name no known rule."""
    return [code for code in directive.codes if code != ALL and code not in known]


# Reports a problem with a directive as a finding of a rule: (rule code, directive, message)
# -> the finding, or None when that rule is switched off.
Reporter = Callable[[str, Directive, str], "Finding | None"]
INVALID, UNUSED = "RC001", "RC002"


def judge(text: str, findings: Iterable[Finding], known: Collection[str], active: Collection[str],
          report: Reporter) -> list[Finding]:
    """The findings left after the directives of ``text`` are applied, with findings for
    directives naming unknown codes (RC001) and for codes that suppressed nothing (RC002).

    ``known``: every registered rule code; ``active``: those switched on for this text (a
    directive for a rule switched off is not reported unused, nor is one for RC002).
    """
    findings = list(findings)
    if "reusecheck:" not in text:
        return findings
    directives = find_directives(text)
    for d in directives:
        bad = [] if d.problem else unknown_codes(d, known)
        if bad:
            found = report(INVALID, d, f"this suppression is ignored: no rule {bad[0]!r}; `reusecheck rules` lists the codes")
            findings += [found] if found else []
    regions = suppressing_regions(text, known)
    used: set[tuple[int, str]] = set()
    kept = []
    for finding in findings:
        covering = [r for r in regions if r.covers(finding)]
        used.update((r.directive.start, r.code) for r in covering if r.directive is not None)
        if not covering:
            kept.append(finding)
    unused = dict.fromkeys(
        (r.directive, r.code)
        for r in regions
        if r.directive is not None and (r.directive.start, r.code) not in used
        and r.code != UNUSED and (r.code == ALL or r.code in active)
    )
    for directive, code in unused:
        what = "no rule" if code == ALL else f"no {code} finding"
        found = report(UNUSED, directive, f"unused suppression: {what} is reported where it applies; remove `{code}` from it")
        if found and not any(r.covers(found) for r in regions):
            kept.append(found)
    return kept
