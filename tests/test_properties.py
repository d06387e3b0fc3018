"""Property tests (hypothesis) over the tokenizer, every loader, configuration files,
suppression directives, PAN XML, credit extraction and the whole check; the properties
are in tests/properties.py. REUSECHECK_PROPERTY_EXAMPLES scales the number of examples
(benchmarks/fuzz.py runs them at scale)."""

from __future__ import annotations

import os

import properties
import pytest
from helpers import REPUBLISHED, REUTERS, read
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow  # hundreds of examples each: seconds per test

SCALE = float(os.environ.get("REUSECHECK_PROPERTY_EXAMPLES", "1"))

# Pieces of real news and of everything that has broken readers: line ends of every kind,
# quotes, dashes, combining marks, surrogates-to-be, bidi controls, directives, datelines.
NEWS = read(REUTERS) + read(REPUBLISHED)
WORDS = sorted(set(NEWS.split()))
ODD = ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\t", " ", "\u00a0", "\ufeff",
       "\u200b", "\u202e", "\u0301", "“", "”", "—", "-", "'", "(Reuters)", " - ", "MOSCOW", "By", "Reporting by",
       "Editing by", "; ", "\n\n", "<!-- reusecheck: disable RC100 -->", "reusecheck: disable-next RC101 because x",
       "# reusecheck: disable", "ﬁ", "İ", "ß", "😀", "\x00", "\ud7ff", "Ä", "Ａ", "2016-11-02"]
PIECES = st.one_of(st.sampled_from(WORDS), st.sampled_from(ODD), st.text(max_size=4))
TEXT = st.lists(PIECES, max_size=80).map(" ".join) | st.text(max_size=200)


def _examples(n: int) -> settings:
    return settings(max_examples=max(1, int(n * SCALE)), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@_examples(300)
@given(TEXT)
def test_tokenizer(text: str) -> None:
    properties.tokenize(text)


@st.composite
def _loader_input(draw: st.DrawFn) -> tuple[str, bytes]:
    suffix = draw(st.sampled_from(properties.LOADER_SUFFIXES))
    text = draw(TEXT)
    encoded = draw(st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1", "utf-8-sig"]))
    data = text.encode(encoded, errors="ignore")
    if suffix in (".jsonl", ".ndjson") and draw(st.booleans()):
        import json

        records = draw(st.lists(st.fixed_dictionaries(
            {"id": TEXT, "text": TEXT},
            optional={"title": TEXT, "date": st.sampled_from(["2016-11-02", "x", "2016-13-40"]) | st.none(),
                      "credits": st.lists(TEXT | st.fixed_dictionaries({"name": TEXT, "role": st.sampled_from(["author", "x"])}))},
        ), max_size=4))
        data = "\n".join(json.dumps(r, ensure_ascii=draw(st.booleans())) for r in records).encode("utf-8", "surrogatepass")
    return suffix, draw(st.sampled_from([data, data[: len(data) // 2], b"\xef\xbb\xbf" + data])) + draw(st.binary(max_size=8))


@_examples(300)
@given(_loader_input())
def test_every_loader(given_input: tuple[str, bytes]) -> None:
    properties.load(*given_input)


KEYS = ["threshold", "fail-level", "format", "min-words", "ngram", "severity", "against", "baseline", "agencies",
        "encoding", "exclude", "plugins", "overrides", "language"]
VALUES = st.sampled_from(['0.5', '2', '-1', '"warning"', '"json"', '"/dev/zero"', '["a", 1]', '{RC100 = "off"}',
                          'nan', 'inf', '1e999', '"\\u0000"', 'true', '[[1]]', '"../../etc/passwd"', '{}'])


@st.composite
def _toml(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            lines.append(f"{draw(st.sampled_from(KEYS))} = {draw(VALUES)}")
        elif kind == 1:
            lines.append(draw(st.sampled_from(["[overrides]", "[[overrides]]", "[plugins.x]", "[severity]", "[tool.reusecheck]"])))
        elif kind == 2:
            lines.append(f'files = ["{draw(st.sampled_from(["*.txt", "**", "[", "a/**/b"]))}"]')
        else:
            lines.append(draw(st.text(max_size=20)))
    return "\n".join(lines)


@_examples(60)
@given(_toml())
def test_configuration_files(text: str) -> None:
    properties.config(text)


@_examples(200)
@given(TEXT, st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 10_000)), max_size=5))
def test_suppression_directives(text: str, spans: list[tuple[int, int]]) -> None:
    properties.suppressions(text, spans)


ATTRIBUTES = st.sampled_from(['name="plagiarism"', 'name="detected-plagiarism"', 'this_offset="5"', 'this_length="0"',
                              'this_length="-3"', 'this_offset="x"', 'source_reference="s.txt"', 'source_offset="9"',
                              'source_length="99999999999999999999"', 'reference="a.txt"'])


@st.composite
def _pan_xml(draw: st.DrawFn) -> bytes:
    declaration = draw(st.sampled_from(["", '<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-6"?>',
                                        '<?xml version="1.0" encoding="UTF-7"?>', '<?xml version="1.0" encoding="utf-16"?>',
                                        '<!DOCTYPE d [<!ENTITY a "aaaa">]>']))
    features = "".join(f"<feature {' '.join(draw(st.lists(ATTRIBUTES, max_size=6)))}/>" for _ in range(draw(st.integers(0, 4))))
    reference = draw(st.sampled_from(["", 'reference="a.txt"']))
    text = f"{declaration}<document {reference}>{features}</document>"
    return draw(st.sampled_from([text.encode("utf-8"), text.encode("utf-8")[: len(text) // 2]])) + draw(st.binary(max_size=4))


@_examples(200)
@given(_pan_xml())
def test_pan_xml(data: bytes) -> None:
    properties.pan_xml(data)


@_examples(200)
@given(TEXT)
def test_credit_extraction(text: str) -> None:
    properties.credits(text)


@st.composite
def _pair(draw: st.DrawFn) -> tuple[str, str]:
    """A source of real sentences, and a candidate that copies and edits pieces of it."""
    start = draw(st.integers(0, len(NEWS) - 1))
    source = NEWS[start : start + draw(st.integers(0, 1500))]
    source = draw(st.sampled_from(["\n", "\r", "\u2028", "\r\n"])).join(source.split("\n"))
    pieces = []
    for _ in range(draw(st.integers(0, 4))):
        a = draw(st.integers(0, len(source)))
        pieces.append(source[a : a + draw(st.integers(0, 600))])
        pieces.append(draw(TEXT))
    return "".join(pieces), source


@_examples(40)
@given(_pair())
def test_whole_check(pair: tuple[str, str]) -> None:
    properties.check(*pair)


@_examples(25)
@given(st.sampled_from(properties.LOADER_SUFFIXES), _pair(), st.sampled_from(["utf-8", "utf-16", "cp1252"]), st.binary(max_size=6))
def test_check_command_on_any_file(suffix: str, pair: tuple[str, str], encoding: str, noise: bytes) -> None:
    candidate, source = pair
    properties.check_files(suffix, candidate.encode(encoding, errors="ignore") + noise, source)
