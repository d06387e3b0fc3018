"""The agency list's phrase patterns are compiled behind a lookahead for their first
characters (for speed); they find exactly what the plain alternations find."""

from __future__ import annotations

import re

import pytest
from helpers import REPUBLISHED, REUTERS, read

from reusecheck.credits import _first_of, default_agencies, required_text


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


@pytest.mark.parametrize(
    ("pattern", "literal"),
    [
        ("[A-Z][\\w.'’-]*+(?: [A-Z][\\w.'’-]*+){0,3}+/dpa\\b", "/dpa"),
        ("^==Kyodo\\s*$", "==Kyodo"),
        ("Slideshow ?\\( ?\\d+ images? ?\\)", "Slideshow"),
        ("©\\s*\\d{4} Bloomberg L\\.P\\.", " Bloomberg L.P."),
        ("AP Photo(?:/[A-Z][\\w.'’-]*(?: [A-Z][\\w.'’-]*){0,3})?", "AP Photo"),
        ("\\(Photo by [^()\\n/]{1,60}/ ?AFP\\)", "(Photo by "),
        ("PA Wire|PA Images", ""),  # either may match: no text is required
        ("(?i)pa wire", ""),  # matched in any case
        ("x*", ""),
        ("[]ab]cd", "cd"),  # "]" first in a class is one of its characters
        ("[^]x]yz", "yz"),
    ],
)
def test_required_text_is_in_every_match(pattern: str, literal: str) -> None:
    assert required_text(pattern) == literal


RESIDUE = ("Slideshow ( 2 images ) Purchase Licensing Rights Our Standards: The Thomson Reuters Trust Principles. "
           "REUTERS/Omar Sanadiki AP Photo/Hussein Malla AP Photo This material may not be published, broadcast, "
           "rewritten or redistributed. Follow AP's coverage (Photo by JOHN DOE / AFP) AFP PHOTO AFP via Getty Images "
           "© 2016 Bloomberg L.P. Photo: Kay Nietfeld/dpa ©dpa-infocom PA Wire PA Images (Photo: PA) UPI Photo/Pat Benic "
           "ANSA/Ettore Ferrari EFE/Juan Carlos Hidalgo (Xinhua/Li Ziheng) Mikhail Metzel/TASS "
           "Anadolu Agency via Getty Images\n==Kyodo\n")


def test_every_shipped_residue_pattern_requires_text_its_matches_hold() -> None:
    agencies = default_agencies()
    matched = 0
    for (_, pattern), needed in zip(agencies.residue_patterns, agencies.residue_texts, strict=True):
        assert needed, pattern.pattern  # each can be skipped where its text is absent
        for text in (RESIDUE, *texts()):
            found = [m.group() for m in pattern.finditer(text)]
            assert all(needed in m for m in found)
            matched += len(found)
    assert matched >= 20
