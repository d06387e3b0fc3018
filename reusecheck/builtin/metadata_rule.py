"""RC108 metadata-mismatch: the page's structured credits (JSON-LD, microdata, meta tags,
wire-format fields: credits of kind ``metadata``) contradict what the text is or says.

- The candidate reuses at least the threshold share of an agency's copy, its structured
  data credits someone, yet names that agency nowhere (e.g. JSON-LD ``author`` = staff,
  no ``sourceOrganization``): search engines and aggregators will credit the staff.
- The visible credit (dateline, byline, credit line) names an agency the structured data
  does not, or the visible byline and the structured authors name different people.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import reusecheck
from reusecheck.credits import (
    AUTHOR,
    BYLINE,
    COPY_ROLES,
    CREDIT_LINE,
    DATELINE,
    HEADER,
    METADATA,
    is_agency_credit,
    principal_agencies,
)
from reusecheck.models import Credit, Finding, Severity
from reusecheck.rules import Rule, RuleContext
from reusecheck.text import phrase_key

_VISIBLE = (BYLINE, DATELINE, CREDIT_LINE, HEADER)


def _listing(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _span(credits: list[Credit]) -> tuple[int | None, int | None]:
    shown = next((c for c in credits if c.start is not None), None)
    return (shown.start, shown.end) if shown else (None, None)


def check_metadata(context: RuleContext) -> Iterator[Finding]:
    structured = [c for c in context.candidate_credits if c.kind == METADATA and c.role in COPY_ROLES]
    if not structured:
        return
    named_agencies = {c.agency for c in structured if c.agency}
    stated = _listing(list(dict.fromkeys(c.name for c in structured)))
    reported: set[str] = set()
    for pair in context.pairs:
        share = pair.scores["containment"]
        if share < context.threshold:
            continue
        for agency in principal_agencies(pair.source_credits):
            if agency in named_agencies or agency in reported:
                continue
            reported.add(agency)
            start, end = _span([c for c in context.candidate_credits if c.agency == agency and c.kind in _VISIBLE])
            yield METADATA_MISMATCH.finding(
                f"Name {agency} in the structured data (e.g. JSON-LD “sourceOrganization” or “author”): {share:.0%} "
                f"of this text is {agency} copy from {pair.source.id}, yet the metadata credits only {stated}.",
                source=pair.source.id, start=start, end=end,
                evidence={"agency": agency, "containment": share, "metadata_credits": [c.evidence for c in structured]},
            )
    visible = [c for c in context.candidate_credits if c.kind in _VISIBLE and c.role in COPY_ROLES]
    for agency in dict.fromkeys(c.agency for c in visible if c.agency):
        if agency in named_agencies or agency in reported:
            continue
        credits = [c for c in visible if c.agency == agency]
        start, end = _span(credits)
        yield METADATA_MISMATCH.finding(
            f"Name {agency} in the structured data too: the text credits it (“{credits[0].evidence}”), the metadata "
            f"credits only {stated}.",
            start=start, end=end,
            evidence={"agency": agency, "visible_credits": [c.evidence for c in credits],
                      "metadata_credits": [c.evidence for c in structured]},
        )
    bylined = {phrase_key(c.name): c for c in visible if c.kind == BYLINE and not is_agency_credit(c)}
    authors = {phrase_key(c.name): c for c in structured if c.role == AUTHOR and not c.agency}
    if bylined and authors and not bylined.keys() & authors.keys():
        start, end = _span(list(bylined.values()))
        yield METADATA_MISMATCH.finding(
            f"Make the byline and the structured data agree: the byline names "
            f"{_listing([c.name for c in bylined.values()])}, the metadata {_listing([c.name for c in authors.values()])}.",
            start=start, end=end,
            evidence={"byline": [c.name for c in bylined.values()], "metadata_authors": [c.name for c in authors.values()]},
        )


METADATA_MISMATCH = Rule("RC108", "metadata-mismatch", Severity.WARNING,
                         "the structured data (JSON-LD, meta tags, feed fields) credits only staff while the text is an "
                         "agency's copy, or disagrees with the visible credit", check_metadata)


@reusecheck.hookimpl
def reusecheck_register_rules(register: Callable[[Rule], None]) -> None:
    register(METADATA_MISMATCH)
