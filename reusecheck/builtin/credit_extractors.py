"""Built-in credit extractors: datelines, header lines, bylines and credit tails, in-body
attribution, agency web residue and metadata. The names and phrases they look for are the
run's `AgencyList` (``reusecheck/data/agencies.json`` plus ``--agencies`` files)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

import reusecheck
from reusecheck.credits import (
    ATTRIBUTION,
    AUTHOR,
    BYLINE,
    CREDIT_LINE,
    DATELINE,
    HEADER,
    METADATA,
    PUBLISHER,
    QUOTE_SOURCE,
    RESIDUE,
    AgencyList,
    CreditExtractor,
    parse_names,
)
from reusecheck.models import Credit, Document
from reusecheck.temporal import DATE_HEADER, MONTH

_DASH = r"(?:--?|–|—)"
_PLACE_WORD = r"(?:[A-ZÀ-ÖØ-ÞĀ-ſ][\w.'’-]*|(?:de|del|la|le|al|el|upon|on|am|an|der)(?=[ \t]))"
_PLACE = rf"[A-ZÀ-ÖØ-ÞĀ-ſ][\w.'’-]*(?:,?[ \t]+{_PLACE_WORD}){{0,5}}?"  # "RALEIGH, N.C.", "Rio de Janeiro"
_SEGMENT_END = " \t;,.:"
_SENTENCE_END = tuple(".!?\"”’)")
_WINDOW = 160  # characters around an agency name searched for attribution phrases
_NON_SPACE = re.compile(r"\S")
_AGENCIES_LINE = 160  # characters: a longer line is more than agencies' names ("Agence France-Presse/Reuters/AP")


# The date of a dateline: "Nov 4", "Nov. 4, 2024"; or the day first, in the agency's
# language: "4 nov" (EFE), "4 Nov." (Europa Press), "4 novembre 2024" (AFP's French service).
_DATE_START = r"(?=[\dJFMASOND])"  # a cheap test before `_DATE`: a digit or a month's initial
_DATE = rf"(?:{MONTH}[ \t]+\d{{1,2}}(?:,[ \t]*\d{{4}})?|\d{{1,2}}\.?[ \t]+[A-Za-zÀ-ÿ]{{3,10}}\.?(?:[ \t]+\d{{4}})?)"


@lru_cache(maxsize=8)
def _dateline(agencies: AgencyList) -> re.Pattern[str]:
    """``PLACE[, DATE] (Agency) -`` or ``DATE (Agency) -`` at a line start; the agency may be
    missing (residue). After a date the dash may be left out (PTI, IANS: ``New Delhi, Nov 4
    (PTI) The ...``), the agency set between slashes (TASS: ``MOSCOW, November 4. /TASS/.``),
    the country named in brackets, the dash a colon (ANI: ``New Delhi [India], Nov 4 (ANI):``),
    and a full stop put before the dash (EFE: ``Madrid, 4 nov (EFE).-``)."""
    return re.compile(
        rf"^[ \t]*(?:(?:(?P<place>{_PLACE})(?:[ \t]*\[[^\]\n]{{1,40}}\])?(?:,[ \t]*{_DATE_START}|(?=[ \t]+[(/]))"
        rf"|{_DATE_START})?"
        rf"(?:(?P<date>{_DATE})\.?)?[ \t]+)?"
        rf"(?:(?P<slash>/)|\()[ \t]*(?:(?i:{agencies.alias_pattern(short=True)}))?[ \t]*"
        rf"(?(slash)(?(date)/\.?|(?!))|\)\.?(?:[ \t]*(?:{_DASH}|:)|(?(date)(?=[ \t]+[A-Z])|(?!))))",
        re.MULTILINE,
    )


@lru_cache(maxsize=8)
def _credit_blocks(agencies: AgencyList) -> re.Pattern[str]:
    """A ``LABEL by NAMES[; LABEL by NAMES]`` block: in parentheses anywhere, or a whole line."""
    first = agencies.label_pattern.pattern.replace("(?P<label>", "(?:")
    return re.compile(
        rf"\((?P<inner>(?={first})[^()\n]+)\)|^[ \t]*(?P<line>(?={first})[^\n]+?)[ \t]*\r?$",
        re.MULTILINE | re.IGNORECASE,
    )


def _stripped(text: str, start: int, end: int, chars: str = " \t\r") -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def datelines(document: Document, agencies: AgencyList) -> Iterator[Credit]:
    """``MOSCOW (Reuters) -``, ``PARIS, Jan 1 (AFP) -``, ``(Bloomberg) --``: the agency as
    author. ``MOSCOW () -``, a dateline whose agency was cut out, is residue."""
    text = document.text
    for match in _dateline(agencies).finditer(text):
        start = next((match.start(g) for g in ("place", "date") if match[g]), None)
        start = text.index("(", match.start()) if start is None else start
        evidence = text[start : match.end()]
        agency = agencies.identify(match["alias"]) if match["alias"] else None
        if agency:
            yield Credit(agency, AUTHOR, DATELINE, start, match.end(), agency, evidence, match["place"])
        elif match["place"] and not match["alias"]:
            yield Credit(evidence, RESIDUE, DATELINE, start, match.end(), None, evidence, match["place"])


def header_line(document: Document, agencies: AgencyList) -> Iterator[Credit]:
    """A leading ``date 2016-11-04 Reuters, MOSCOW`` line: the agency as author."""
    header = DATE_HEADER.match(document.text)
    if not header or not header["rest"]:
        return
    rest = header["rest"]
    first, _, place = rest.partition(",")
    agency = agencies.identify(first)
    if agency is None:
        found = re.search(agencies.alias_pattern(short=True), rest)
        agency = agencies.identify(found["alias"]) if found else None
        place = ""
    if agency:
        start, end = _stripped(document.text, header.start(), header.end(), " \t\r\n")
        yield Credit(agency, AUTHOR, HEADER, start, end, agency, document.text[start:end], place.strip() or None)


def wire_headers(document: Document, agencies: AgencyList) -> Iterator[Credit]:
    """The header line of an agency's own feed (PA: ``20:41 02/11/99: Page 1 (HHH) COURTS
    Boat``): the agency as author."""
    text = document.text
    for agency, pattern in agencies.wire_header_patterns:
        for match in pattern.finditer(text):
            start, end = _stripped(text, match.start(), match.end())
            yield Credit(agency, AUTHOR, HEADER, start, end, agency, text[start:end])


def credit_lines(document: Document, agencies: AgencyList) -> Iterator[Credit]:
    """Whole-line credits from the agency list: bylines (``By X``), ``… contributed to this
    report``, ``--With assistance from X``, ``Source: X``, copyright lines; and the
    agency's name alone on the first or last line (`provider_line`, `sign_off`)."""
    text = document.text
    for line, pattern in agencies.credit_line_patterns:
        if line.requires and line.requires not in text:
            continue
        for match in pattern.finditer(text):
            start, end = _stripped(text, match.start(), match.end(), " \t\r(")
            for named in parse_names(match["names"], agencies, strict=line.kind == BYLINE):
                yield Credit(named.name, line.role, line.kind, start, end, named.agency, text[start:end])
    yield from provider_line(text, agencies)
    yield from sign_off(text, agencies)


def sign_off(text: str, agencies: AgencyList) -> Iterator[Credit]:
    """The agencies' names alone on the text's last line, after a blank line or a sentence's
    end (``The Canadian Press``, ``AAP``, ``Reuters/AP``: how clients run their copy), as
    author. Not a line-wrapped ``… told`` / ``Reuters.``, nor a photo's credit with text
    after it or a photographer's name in it (``Reuters/John Doe``)."""
    end = len(text.rstrip())
    start = text.rfind("\n", 0, end) + 1
    before = text[: max(start - 1, 0)].rstrip(" \t\r")
    if before.endswith(("\n", *_SENTENCE_END)):
        yield from _agencies_alone(text, start, end, agencies)


def provider_line(text: str, agencies: AgencyList) -> Iterator[Credit]:
    """The agencies' names alone on the text's first line, as portals that run agency copy
    (Yahoo, MSN) show the provider above the story: as author."""
    first = _NON_SPACE.search(text)
    if first is None:
        return
    end = text.find("\n", first.start())
    yield from _agencies_alone(text, first.start(), len(text) if end < 0 else end, agencies)


def _agencies_alone(text: str, start: int, end: int, agencies: AgencyList) -> Iterator[Credit]:
    """Credits for a line (``start``-``end``) that holds nothing but agency names."""
    first, last = _stripped(text, start, end)
    if last - first > _AGENCIES_LINE or not text[first:first + 1].isalnum():
        return  # too long for names alone; a dash or bracket opens a credit line of the agency list (`credit_lines`)
    for agency in agencies.identify_list(text[first:last]):
        yield Credit(agency, AUTHOR, CREDIT_LINE, first, last, agency, text[first:last])


def credit_segments(document: Document, agencies: AgencyList) -> Iterator[Credit]:
    """``Reporting by X in Y; Writing by Z; Editing by W`` (semicolons or full stops, in
    parentheses or not), ``Additional reporting by X``: one credit per name and segment,
    spanning its segment."""
    text = document.text
    labels = agencies.label_pattern
    for block in _credit_blocks(agencies).finditer(text):
        group = "inner" if block["inner"] is not None else "line"
        lo, hi = block.span(group)
        if not text[lo].isupper():
            continue
        heads = list(labels.finditer(text, lo, hi))
        for k, head in enumerate(heads):
            stop = heads[k + 1].start() if k + 1 < len(heads) else hi
            start, end = _stripped(text, head.start(), stop, _SEGMENT_END)
            names = text[head.end() : end]
            role = agencies.role_of_label(head["label"])
            for named in parse_names(names, agencies):
                yield Credit(named.name, role, CREDIT_LINE, start, end, named.agency, text[start:end])


def _windows(agencies: AgencyList, text: str) -> list[tuple[int, int]]:
    """Stretches of ``text`` around agency names, merged: only there can attribution be."""
    windows: list[tuple[int, int]] = []
    for _, start, end in agencies.mentions(text):
        lo, hi = max(0, start - _WINDOW), min(len(text), end + _WINDOW)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def attribution(document: Document, agencies: AgencyList) -> Iterator[Credit]:
    """In-body attribution to an agency (``told Reuters``, ``according to AFP``, ``a Reuters
    witness said``): the agency as quote source. Aliases inside phrases where they mean
    something else ("Thomson Reuters", "Michael Bloomberg") do not count."""
    text = document.text
    windows = _windows(agencies, text)
    excluded = agencies.excluded_spans(text) if windows else []
    spans: dict[int, tuple[int, int, str]] = {}  # alias start -> union of the phrases around it
    for lo, hi in windows:
        for pattern in agencies.attribution_patterns:
            for match in pattern.finditer(text, lo, hi):
                at = match.start("alias")
                if any(a <= at < b for a, b in excluded):
                    continue
                start, end, alias = spans.get(at, (match.start(), match.end(), match["alias"]))
                spans[at] = (min(start, match.start()), max(end, match.end()), alias)
    for at in sorted(spans):
        start, end, alias = spans[at]
        agency = agencies.identify(alias)
        if agency:
            yield Credit(agency, QUOTE_SOURCE, ATTRIBUTION, start, end, agency, text[start:end])


def residue(document: Document, agencies: AgencyList) -> Iterator[Credit]:
    """Agency web residue: ``Slideshow ( 2 images )``, ``Purchase Licensing Rights``,
    ``REUTERS/Photographer``, ``AP Photo/…``."""
    text = document.text
    for (agency, pattern), needed in zip(agencies.residue_patterns, agencies.residue_texts, strict=True):
        if needed not in text:
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if _inside_word(text, start) or _inside_word(text, end):
                continue
            yield Credit(agency, RESIDUE, RESIDUE, start, end, agency, match.group())


def _inside_word(text: str, at: int) -> bool:
    """Does position ``at`` fall between two word characters ("AP Photo" in "SNAP Photo")?"""
    return 0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum()


def metadata(document: Document, agencies: AgencyList) -> Iterator[Credit]:
    """The loader's publisher as a publisher credit (credits a loader passes in are kept as
    they are by `reusecheck.credits.extract_credits`)."""
    if document.publisher:
        agency = agencies.identify(document.publisher)
        yield Credit(document.publisher, PUBLISHER, METADATA, None, None, agency, f"publisher: {document.publisher}")


EXTRACTORS = (
    CreditExtractor("dateline", datelines, "MOSCOW (Reuters) - ... datelines"),
    CreditExtractor("header-line", header_line, "a leading `date 2016-11-04 Reuters, MOSCOW` line"),
    CreditExtractor("wire-header", wire_headers, "an agency feed's header line: `20:41 02/11/99: Page 1 (HHH) COURTS Boat` (PA)"),
    CreditExtractor("credit-line", credit_lines, "bylines, 'contributed to this report', 'With assistance from', source and copyright lines"),
    CreditExtractor("credit-segments", credit_segments, "'Reporting by X; Writing by Y; Editing by Z' credit tails"),
    CreditExtractor("attribution", attribution, "in-body attribution: told Reuters, according to AFP, ..."),
    CreditExtractor("residue", residue, "agency web residue: Slideshow ( 2 images ), REUTERS/Photographer, ..."),
    CreditExtractor("metadata", metadata, "the loader's publisher"),
)


@reusecheck.hookimpl
def reusecheck_register_credit_extractors(register: Callable[[CreditExtractor], None]) -> None:
    for extractor in EXTRACTORS:
        register(extractor)
