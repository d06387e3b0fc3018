"""The temporal expression patterns are compiled behind a lookahead for the characters a
match can begin with (for speed); that finds exactly the matches of the plain patterns."""

from __future__ import annotations

import re

import pytest
from helpers import REPUBLISHED, REUTERS, read, shared_path

from reusecheck import temporal
from reusecheck.temporal import temporal_expressions

TRICKY = (
    "Later today, tonight's vote; TOMORROW MORNING. this weekend, Last Night, yesterday's",
    "Monday's talks, Sunday evening, MONDAY, monday. Jan 5, 2016; 5th of Sept. 2017; 2016-11-04",
    "at 9am, 9.30 p.m., 19:00, 1900 GMT, between 0900 and 1100 hrs, at 0800 local time, 0900, Noon, MIDNIGHT",
    "\u0661\u0669:\u0663\u0660 Arabic-Indic digits, \uff11\uff19:00 full width, 12\u00a0pm, ſ mañana, 7 A.M.",
    "",
)


def plain_and_guarded() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    return [(re.compile(pattern), guarded) for (_, pattern, _), (_, guarded) in
            zip(temporal._SOURCES, temporal._PATTERNS, strict=True)]


def assert_same_matches(text: str, start: int = 0, end: int | None = None) -> int:
    end = len(text) if end is None else end
    found = 0
    for plain, guarded in plain_and_guarded():
        expected = [m.span() for m in plain.finditer(text, start, end)]
        assert [m.span() for m in guarded.finditer(text, start, end)] == expected, plain.pattern
        found += len(expected)
    return found


@pytest.mark.parametrize("text", TRICKY)
def test_guarded_patterns_match_as_the_plain_ones(text: str) -> None:
    assert_same_matches(text)
    for start in range(0, len(text), 7):
        assert_same_matches(text, start, min(len(text), start + 40))


def test_guarded_patterns_on_the_founding_pair() -> None:
    assert sum(assert_same_matches(read(path)) for path in (REUTERS, REPUBLISHED)) > 3
    assert temporal_expressions(read(REUTERS))


@pytest.mark.slow
def test_guarded_patterns_on_reuters_21578() -> None:
    """Every body of two Reuters-21578 files: real dates, times and days, and their spans."""
    folder = shared_path("bench", "reuters-21578")
    found = 0
    for name in ("reut2-000.sgm", "reut2-011.sgm"):
        for body in re.findall(r"<BODY>(.*?)</BODY>", (folder / name).read_text(encoding="latin-1"), re.S):
            found += assert_same_matches(body)
            assert_same_matches(body, len(body) // 3, 2 * len(body) // 3)
    assert found > 500
