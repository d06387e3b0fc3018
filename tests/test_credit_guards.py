"""The agency list's phrase patterns are compiled behind a lookahead for their first
characters (for speed); they find exactly what the plain alternations find."""

from __future__ import annotations

import re

import pytest
from helpers import REPUBLISHED, REUTERS, read

from reusecheck.credits import _first_of, default_agencies


def unguarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    guard = re.match(r"\(\?=\[[^\]]*\]\)", pattern.pattern)
    assert guard, "the pattern starts with its guard"
    return re.compile(pattern.pattern[guard.end() :], pattern.flags)


def texts() -> list[str]:
    agencies = default_agencies()
    phrases = sorted({p for a in agencies.agencies for p in a.not_agency})
    labels = [label for label, _ in agencies.credit_labels]
    made = [
        " ".join(f"{p}, x-{p} {p.upper()} {p.lower()}" for p in phrases),
        "; ".join(f"({label} by Jane Doe) {label.upper()} BY X, {label.lower()} by y" for label in labels),
        "Reporting by A; Editing by B. Additional reporting by C in Paris. Writing and reporting by D",
    ]
    return [*made, read(REUTERS), read(REPUBLISHED)]


@pytest.mark.parametrize("name", ["label_pattern", "_not_agency"])
def test_guarded_phrase_patterns_match_as_the_plain_ones(name: str) -> None:
    pattern = getattr(default_agencies(), name)
    plain = unguarded(pattern)
    found = 0
    for text in texts():
        expected = [m.span() for m in plain.finditer(text)]
        assert [m.span() for m in pattern.finditer(text)] == expected
        found += len(expected)
    assert found > 10


def test_no_guard_where_a_phrase_could_begin_with_anything() -> None:
    assert _first_of([]) == "" and _first_of(["", "Reuters"]) == "" and _first_of([" x"]) == ""
    assert _first_of(["b-c", "-a", "^x"]) == r"(?=[\-\^b])"


# Residue patterns written with possessive quantifiers (no backtracking into a name that
# cannot be followed by anything but a space or a slash), and their plain forms.
POSSESSIVE = {
    "[A-Z][\\w.'’-]*+(?: [A-Z][\\w.'’-]*+){0,3}+/dpa\\b": "[A-Z][\\w.'’-]*(?: [A-Z][\\w.'’-]*){0,3}/dpa\\b",
    "[A-Z][\\w.'’-]*+(?: [A-Z][\\w.'’-]*+){0,3}+/TASS\\b": "[A-Z][\\w.'’-]*(?: [A-Z][\\w.'’-]*){0,3}/TASS\\b",
}


def test_possessive_residue_patterns_match_as_their_plain_forms() -> None:
    patterns = {p.pattern: p for _, p in default_agencies().residue_patterns}
    samples = [
        "Photo: Kay Nietfeld/dpa. A B C D E/dpa and Mr O'Neil-Smith Jr. Xy/dpax; Jane Doe/TASS, ÄÖ Éclair/dpa",
        "Ivan Petrov Ivanovich Sidorov Junior/TASS\nmoscow/TASS Moscow /TASS", *texts(),
    ]
    found = 0
    for possessive, plain in POSSESSIVE.items():
        reference = re.compile(plain, re.MULTILINE)
        for text in samples:
            expected = [m.span() for m in reference.finditer(text)]
            assert [m.span() for m in patterns[possessive].finditer(text)] == expected
            found += len(expected)
    assert found >= 4
