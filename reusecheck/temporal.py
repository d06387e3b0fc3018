"""Dates and times in news text: a document's own date, and the temporal expressions
("Friday evening", "on Nov. 4", "0900", "tonight") that RC105 compares."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reusecheck.text import phrase_key

MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")),
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH = r"(?:" + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True)) + r")\.?"

# A leading "date 2016-11-04 ..." line (the rest of the line may name agency and place).
DATE_HEADER = re.compile(
    r"\A\s*date:?[ \t]+(?P<date>\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"(?:[ \t]+(?P<rest>[^\r\n]*?))?[ \t]*\r?$",
    re.IGNORECASE | re.MULTILINE,
)
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<body>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_FRONT_DATE = re.compile(r"""^date[ \t]*:[ \t]*['"]?(?P<date>\d{4}-\d{2}-\d{2})""", re.MULTILINE)


def text_date(text: str) -> dt.date | None:
    """The date a text gives itself: Markdown front matter ``date:``, else a leading
    ``date YYYY-MM-DD`` line; None when there is none or it is not a real date."""
    front = _FRONT_MATTER.match(text)
    found = _FRONT_DATE.search(front["body"]) if front else DATE_HEADER.match(text)
    if not found:
        return None
    try:
        return dt.date.fromisoformat(found["date"])
    except ValueError:
        return None


# -- temporal expressions ---------------------------------------------------------------
WEEKDAY, DATE, TIME, RELATIVE = "weekday", "date", "time", "relative"
ABSOLUTE = frozenset({WEEKDAY, DATE, TIME})

_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
# (kind, pattern, the characters a match can begin with): a pattern is compiled behind a
# lookahead for its first character (`_guarded`), which finds the same matches several
# times faster (the engine tries no alternative where none can begin).
_SOURCES: tuple[tuple[str, str, str], ...] = (
    (RELATIVE,
     r"(?i:\b(?:(?:later|earlier)\s+)?(?:today|tonight|tomorrow|yesterday)(?:'s)?" + _PART
     + r"|\bthis\s+(?:morning|afternoon|evening)|\blast\s+night"
     + r"|\b(?:(?:later|earlier)\s+)?(?:this|last|next)\s+week(?:end)?)\b",
     r"(?i:[letyn])"),
    (WEEKDAY, r"\b(?:" + "|".join(d.capitalize() for d in WEEKDAYS) + r")(?:'s)?" + _PART + r"\b", r"[A-Z]"),
    (DATE,
     rf"\b{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
     rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:\s+\d{{4}})?(?![\w])"
     r"|\b\d{4}-\d{2}-\d{2}\b",
     r"[A-Z\d]"),
    (TIME,
     r"\b(?:1[0-2]|0?[1-9])(?:[:.][0-5]\d)?\s*(?i:[ap]\.?m\b\.?)"  # 9am, 9.30 p.m.
     r"|\b(?:[01]?\d|2[0-3]):[0-5]\d\b"  # 19:00
     r"|\b(?:[01]\d|2[0-3])[0-5]\d\b(?=\s*(?:GMT|UTC|ET|EST|EDT|BST|CET|CEST|local\s+time|hours|hrs|h\b))"
     r"|(?<=\bbetween\s)(?:[01]\d|2[0-3])[0-5]\d\b|(?<=\bat\s)(?:[01]\d|2[0-3])[0-5]\d\b"
     r"|\b0\d[0-5]\d\b"  # 0900
     r"|(?i:\bnoon\b|\bmidnight\b)",
     r"\d|(?i:[nm])"),
)


def _guarded(pattern: str, first: str) -> re.Pattern[str]:
    """``pattern`` tried only where ``first`` (every character a match of it can begin with) is."""
    return re.compile(f"(?={first})(?:{pattern})")


_PATTERNS = tuple((kind, _guarded(pattern, first)) for kind, pattern, first in _SOURCES)


@dataclass(frozen=True)
class Temporal:
    """A weekday, date, time or relative day in a text, with what it refers to.

    ``value``: the weekday (0 = Monday), (month, day), minutes after midnight, or the
    relative word in lower case.
    """

    start: int
    end: int
    text: str
    kind: str
    value: object


def _value(kind: str, text: str) -> object:
    low = text.casefold()
    if kind == WEEKDAY:
        return next(k for k, day in enumerate(WEEKDAYS) if low.startswith(day))
    if kind == DATE:
        iso = re.fullmatch(r"\d{4}-(\d{2})-(\d{2})", text)
        if iso:
            return int(iso[1]), int(iso[2])
        month = next(MONTHS[w] for w in re.findall(r"[a-z]+", low) if w in MONTHS)
        return month, int(re.search(r"\d{1,2}", text)[0])  # type: ignore[index]
    if kind == TIME:
        if "noon" in low or "midnight" in low:
            return 720 if "noon" in low else 0
        digits = re.findall(r"\d+", low)
        if len(digits) == 1 and len(digits[0]) >= 3:  # 0900, 1900
            hours, minutes = int(digits[0][:-2]), int(digits[0][-2:])
        else:
            hours, minutes = int(digits[0]), int(digits[1]) if len(digits) > 1 else 0
        meridiem = re.search(r"([ap])\.?m", low)
        if meridiem and hours == 12:
            hours = 0
        if meridiem and meridiem[1] == "p":
            hours += 12
        return hours * 60 + minutes
    return phrase_key(text)


def temporal_expressions(text: str, start: int = 0, end: int | None = None) -> list[Temporal]:
    """Every temporal expression in ``text[start:end]``, in text order, without overlaps
    (the longer of two overlapping ones wins)."""
    end = len(text) if end is None else end
    found = [
        (m.start(), m.end(), kind)
        for kind, pattern in _PATTERNS
        for m in pattern.finditer(text, start, end)
    ]
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    kept: list[Temporal] = []
    for a, b, kind in found:
        if kept and a < kept[-1].end:
            continue
        kept.append(Temporal(a, b, text[a:b], kind, _value(kind, text[a:b])))
    return kept
