"""Credit rules over a candidate's credits and its matched sources' credits.

RC101 uncredited-reuse, RC102 understated-credit, RC103 byline-dropped, RC106
agency-residue, RC107 source-newer and RC109 contracted-credit. (RC104 and RC105 compare
sentences inside passages: `quote_rule`, `date_rule`.) An agency whose licence names a
credit (`reusecheck.credits.AgencyPolicy`) is judged by RC109 alone, not RC101/RC102.
RC102's ``principal-share`` is this plugin's option, on the command line too
(``--principal-share``, `reusecheck.config.PluginOption`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TypedDict

import reusecheck
from reusecheck.config import PluginOption
from reusecheck.credits import (
    BYLINE,
    CONTRIBUTOR,
    COPY_ROLES,
    CREDIT_LINE,
    DATELINE,
    METADATA,
    QUOTE_SOURCE,
    RESIDUE,
    credited_agencies,
    is_agency_credit,
    principal_agencies,
)
from reusecheck.models import Credit, Finding, Severity
from reusecheck.options import share
from reusecheck.rules import PairContext, Rule, RuleContext
from reusecheck.text import phrase_key

PLUGIN = "credit_rules"  # this plugin's name: its options are RuleContext.options["plugins"][PLUGIN]
PRINCIPAL_SHARE = 0.5
"""RC102: containment at or above which an agency's copy is the candidate's principal content."""
PRINCIPAL_SHARE_OPTION = PluginOption(
    "principal-share", PRINCIPAL_SHARE, "RC102: containment at or above which an agency's copy is the principal content",
    command_line=True, convert=share, metavar="SHARE")

_ROLE_WORDS = {"author": "byline", "writer": "writing", "reporter": "reporting", "editor": "editing",
               "contributor": "additional reporting", "publisher": "publisher"}


def _reusing(context: RuleContext, *, credit_due: bool = False) -> Iterator[PairContext]:
    """Matched sources the candidate derives from (`RuleContext.reused`); with
    ``credit_due``, only when the verdict is sure enough to hold it to a credit."""
    return context.reused(credit_due=credit_due)


def _contracted(context: RuleContext, agency: str) -> str | None:
    """The credit a licence with ``agency`` names, if the newsroom holds one that does."""
    licence = context.licensed(agency)
    return licence.credit if licence else None


class _Place(TypedDict, total=False):
    """A finding's place in the candidate (keyword arguments of `Rule.finding`)."""

    start: int
    end: int


def _first_passage(pair: PairContext) -> _Place:
    """Where a finding about something missing from the whole text is placed: the first
    reused passage (so it has a line in CI reports and a place for suppressions); nowhere
    for a heavy rewrite without passages."""
    passages = pair.match.passages
    return _Place(start=passages[0].candidate_start, end=passages[0].candidate_end) if passages else _Place()


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# -- RC101 ------------------------------------------------------------------------------
def _uncredited_by_agency(context: RuleContext) -> dict[str, list[PairContext]]:
    """The reused sources none of whose agencies the candidate credits, grouped by their
    first principal agency, strongest first: one agency, one finding."""
    credited = credited_agencies(context.candidate_credits)
    owed: dict[str, list[PairContext]] = {}
    for pair in _reusing(context, credit_due=True):
        agencies = principal_agencies(pair.source_credits)
        if agencies and not credited.intersection(agencies) and not _contracted(context, agencies[0]):
            owed.setdefault(agencies[0], []).append(pair)
    for pairs in owed.values():
        pairs.sort(key=lambda p: (-p.scores["containment"], p.source.id))
    return owed


def check_uncredited(context: RuleContext) -> Iterator[Finding]:
    quoted = {c.agency for c in context.candidate_credits if c.role == QUOTE_SOURCE}
    for agency, pairs in _uncredited_by_agency(context).items():
        strongest, share = pairs[0], pairs[0].scores["containment"]
        more = f" (the closest of {len(pairs)} {agency} sources)" if len(pairs) > 1 else ""
        only_quoted = agency in quoted
        yield UNCREDITED.finding(
            f"Credit {agency} with a byline or dateline (e.g. “By {agency}”): {share:.0%} of this text is copied "
            f"from {strongest.source.id}{more}, yet {agency} is "
            + ("named only as a quote source." if only_quoted else "credited nowhere."),
            source=strongest.source.id,
            **_first_passage(strongest),
            evidence={"agency": agency, "containment": share, "named_only_as_quote_source": only_quoted,
                      "sources": [p.source.id for p in pairs]},
        )


# -- RC102 ------------------------------------------------------------------------------
def _credit_lines(credits: tuple[Credit, ...], agency: str) -> list[Credit]:
    """The candidate's credit lines (bylines, credit tails, metadata) that credit ``agency``
    or someone working for it."""
    return [c for c in credits if c.agency == agency and c.kind in (BYLINE, CREDIT_LINE, METADATA) and c.role in COPY_ROLES]


def _principal_share(context: RuleContext) -> float:
    """``rule_options["principal_share"]`` (the API's spelling), else the plugin option
    (``--principal-share``, configured), else the default."""
    own = context.options.get("plugins", {}).get(PLUGIN, {})
    return float(context.options.get("principal_share", own.get(PRINCIPAL_SHARE_OPTION.name, PRINCIPAL_SHARE)))


def check_understated(context: RuleContext) -> Iterator[Finding]:
    principal = _principal_share(context)
    reported: set[str] = set()
    for pair in _reusing(context, credit_due=True):
        share = pair.scores["containment"]
        if share < principal:
            continue
        for agency in principal_agencies(pair.source_credits):
            lines = _credit_lines(context.candidate_credits, agency)
            named = [c for c in lines if is_agency_credit(c)]  # "Additional reporting by Reuters", not "AP writer X"
            if agency in reported or not named or any(c.role != CONTRIBUTOR for c in lines) or _contracted(context, agency):
                continue
            reported.add(agency)
            shown = next((c for c in named if c.start is not None), named[0])
            yield UNDERSTATED.finding(
                f"Credit {agency} as the author (e.g. “By {agency}”) instead of “{shown.evidence}”: "
                f"{share:.0%} of this text is {agency} copy from {pair.source.id}, not additional reporting.",
                source=pair.source.id,
                start=shown.start,
                end=shown.end,
                evidence={"agency": agency, "containment": share, "principal_share": principal,
                          "credit_lines": [c.evidence for c in lines]},
            )


# -- RC103 ------------------------------------------------------------------------------
def _byline(credits: tuple[Credit, ...]) -> list[Credit]:
    """The people a text credits for its copy (writers, reporters, editors, contributors)."""
    people: dict[str, Credit] = {}
    for credit in credits:
        if credit.role in COPY_ROLES and not is_agency_credit(credit):
            people.setdefault(phrase_key(credit.name), credit)
    return list(people.values())


def check_byline(context: RuleContext) -> Iterator[Finding]:
    """One finding per set of missing people: versions of one story that carry the same
    byline are named together."""
    text = phrase_key(context.candidate.text)
    credited = {phrase_key(c.name) for c in context.candidate_credits}
    dropped: dict[tuple[str, ...], list[tuple[PairContext, list[Credit], list[Credit]]]] = {}
    for pair in _reusing(context):
        byline = _byline(pair.source_credits)
        missing = [c for c in byline if (key := phrase_key(c.name)) not in credited and key not in text]
        if missing:
            dropped.setdefault(tuple(phrase_key(c.name) for c in missing), []).append((pair, byline, missing))
    for group in dropped.values():
        first, byline, missing = group[0]
        sources = [pair.source.id for pair, _, _ in group]
        passages = [p for pair, _, _ in group for p in pair.match.passages]
        yield BYLINE_DROPPED.finding(
            f"Restore the source's byline: {_listing([f'{c.name} ({_ROLE_WORDS[c.role]})' for c in missing])} "
            f"{'is' if len(missing) == 1 else 'are'} credited in {_listing(sources)} but not here.",
            source=first.source.id,
            start=min((p.candidate_start for p in passages), default=None),
            end=max((p.candidate_end for p in passages), default=None),
            evidence={"missing": [c.name for c in missing],
                      "byline": [{"name": c.name, "role": c.role} for c in byline],
                      "containment": first.scores["containment"], "sources": sources},
        )


# -- RC106 ------------------------------------------------------------------------------
def check_residue(context: RuleContext) -> Iterator[Finding]:
    credited = credited_agencies(context.candidate_credits)
    residue: dict[str, list[Credit]] = {}
    for credit in context.candidate_credits:
        if credit.kind == RESIDUE and credit.agency and credit.agency not in credited:
            residue.setdefault(credit.agency, []).append(credit)
    stripped = [c for c in context.candidate_credits if c.kind == DATELINE and c.role == RESIDUE]
    source_of: dict[str, str] = {}
    for pair in context.pairs:
        for agency in principal_agencies(pair.source_credits):
            source_of.setdefault(agency, pair.source.id)
        for credit in pair.source_credits:
            if stripped and credit.kind == DATELINE and credit.agency and credit.agency not in credited:
                items = residue.setdefault(credit.agency, [])
                items.extend(c for c in stripped if c not in items)
    for agency, items in residue.items():
        items.sort(key=lambda c: c.start or 0)
        first = items[0]
        yield RESIDUE_RULE.finding(
            f"Credit {agency} or remove its web residue “{first.evidence}”: this text carries {agency} page "
            f"residue but does not credit {agency}.",
            source=source_of.get(agency),
            start=first.start,
            end=first.end,
            evidence={"agency": agency, "residue": [{"text": c.evidence, "start": c.start, "end": c.end} for c in items]},
        )


# -- RC107 ------------------------------------------------------------------------------
def check_direction(context: RuleContext) -> Iterator[Finding]:
    candidate_date = context.candidate.date
    if candidate_date is None:
        return
    for pair in context.pairs:
        source_date = pair.source.date
        if source_date is None or source_date <= candidate_date:
            continue
        yield SOURCE_NEWER.finding(
            f"Check which text came first before crediting: {pair.source.id} is dated {source_date.isoformat()}, "
            f"after this text ({candidate_date.isoformat()}), so it probably reuses this text, not the reverse.",
            source=pair.source.id,
            **_first_passage(pair),
            evidence={"candidate_date": candidate_date.isoformat(), "source_date": source_date.isoformat()},
        )


# -- RC109 ------------------------------------------------------------------------------
def carries_credit(text: str, credit: str) -> bool:
    """Does ``text`` carry ``credit`` as written (any run of whitespace between its words,
    not inside a longer word)?"""
    words = credit.split()
    if not words:
        return True
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)"
    return re.search(pattern, text) is not None


def check_contracted(context: RuleContext) -> Iterator[Finding]:
    checked: set[str] = set()
    for pair in _reusing(context, credit_due=True):
        agency = pair.agency
        credit = _contracted(context, agency) if agency else None
        if agency is None or credit is None or agency in checked:
            continue
        checked.add(agency)
        if carries_credit(context.candidate.text, credit):
            continue
        share = pair.scores["containment"]
        licence = context.policies[agency]
        yield CONTRACTED.finding(
            f"Add the credit your licence with {agency} names (“{credit}”): {share:.0%} of this text is "
            f"{agency} copy from {pair.source.id}, and the text does not carry that credit.",
            source=pair.source.id,
            **_first_passage(pair),
            evidence={"agency": agency, "credit": credit, "containment": share, "licence": licence.where or None},
        )


UNCREDITED = Rule("RC101", "uncredited-reuse", Severity.ERROR,
                   "the candidate reuses at least the threshold share of a source and credits that source's agency nowhere",
                   check_uncredited)
UNDERSTATED = Rule("RC102", "understated-credit", Severity.ERROR,
                    "the agency's only credit line makes it a contributor while its copy is the principal content",
                    check_understated)
BYLINE_DROPPED = Rule("RC103", "byline-dropped", Severity.WARNING,
                       "the source names its writers, reporters or editors and the reusing candidate does not",
                       check_byline)
RESIDUE_RULE = Rule("RC106", "agency-residue", Severity.WARNING,
                     "the candidate carries an agency's web residue or stripped dateline but does not credit the agency",
                     check_residue)
CONTRACTED = Rule("RC109", "contracted-credit", Severity.ERROR,
                  "the candidate reuses a licensed agency's copy and lacks the credit the licence names "
                  "([tool.reusecheck.agency.NAME] credit = ...)",
                  check_contracted)
SOURCE_NEWER = Rule("RC107", "source-newer", Severity.INFO,
                     "the matched source is dated after the candidate: the reuse runs the other way (no other rule for that pair)",
                     check_direction, supersedes_pair=True)


@reusecheck.hookimpl
def reusecheck_register_rules(register: Callable[[Rule], None]) -> None:
    for rule in (UNCREDITED, UNDERSTATED, BYLINE_DROPPED, RESIDUE_RULE, SOURCE_NEWER, CONTRACTED):
        register(rule)


@reusecheck.hookimpl
def reusecheck_register_options(register: Callable[[PluginOption], None]) -> None:
    register(PRINCIPAL_SHARE_OPTION)
