"""Alignment: the founding pair, edited copies, short and unrelated texts, offset invariants."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest
from helpers import REPUBLISHED, REUTERS, read

from reusecheck import seeds
from reusecheck.align import AlignSettings, _same_line, align
from reusecheck.models import Passage
from reusecheck.text import Tokenizer, Tokens

TOKENIZER = Tokenizer()


def run(candidate: str, source: str, settings: AlignSettings | None = None) -> list[Passage]:
    return align(candidate, TOKENIZER.tokenize(candidate), source, TOKENIZER.tokenize(source), settings)


def paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def covered(span: tuple[int, int], passages: list[Passage], side: str = "candidate") -> float:
    start, end = span
    inside: set[int] = set()
    for p in passages:
        lo, hi = (p.candidate_start, p.candidate_end) if side == "candidate" else (p.source_start, p.source_end)
        inside.update(range(max(lo, start), min(hi, end)))
    return len(inside) / (end - start)


@pytest.fixture(scope="module")
def founding() -> tuple[str, str, list[Passage]]:
    candidate, source = read(REPUBLISHED), read(REUTERS)
    return candidate, source, run(candidate, source)


def test_founding_pair_covers_the_twelve_copied_paragraphs(founding: tuple[str, str, list[Passage]]) -> None:
    candidate, _, passages = founding
    body = paragraphs(candidate)[1:]  # the first line is the "date ... Reuters, MOSCOW" header
    copied, raqqa, credit = body[:12], body[12:16], body[16]
    assert candidate[credit[0] : credit[1]] == "Additional reporting by Reuters"
    for span in copied:
        assert covered(span, passages) > 0.9, candidate[span[0] : span[1]]
    for span in raqqa:
        assert covered(span, passages) == 0.0, candidate[span[0] : span[1]]
    assert covered(credit, passages) == 0.0


def test_founding_pair_source_offsets_point_at_the_reuters_text(founding: tuple[str, str, list[Passage]]) -> None:
    candidate, source, passages = founding
    for p in passages:
        cand_words = re.findall(r"\w+", candidate[p.candidate_start : p.candidate_end].lower())
        src_words = re.findall(r"\w+", source[p.source_start : p.source_end].lower())
        assert cand_words[-4:] == src_words[-4:]
        assert len(set(cand_words) & set(src_words)) > 0.8 * len(set(cand_words))
    kremlin = source.index("A Kremlin spokesman")
    assert covered((kremlin, source.index("\n", kremlin)), passages, side="source") == 0.0
    first = passages[0]
    assert source[first.source_start :].startswith("Russia and the Syrian army on Wednesday")
    assert candidate[first.candidate_start :].startswith("Russia and the Syrian army on Wednesday")


def test_rewrites_inside_copied_sentences_do_not_split_passages(founding: tuple[str, str, list[Passage]]) -> None:
    candidate, _, passages = founding
    for phrase in ("by tonight", "between 9am and 7pm today", "Ministry of Defense", "airstrikes", "group said."):
        at = candidate.index(phrase)
        assert any(p.candidate_start < at and at + len(phrase) - 1 < p.candidate_end for p in passages), phrase
    assert all(p.kind == "edited" for p in passages)


def test_changed_word_and_number_stay_one_passage() -> None:
    source = "The central bank raised its key interest rate by 50 basis points to 4.5 percent on Thursday, citing stubborn inflation in services."
    candidate = "The central bank raised its main interest rate by 25 basis points to 4.5 percent on Thursday, citing stubborn inflation in services."
    passages = run(candidate, source)
    assert len(passages) == 1
    p = passages[0]
    assert (p.candidate_start, p.candidate_end) == (0, len(candidate) - 1)
    assert (p.source_start, p.source_end) == (0, len(source) - 1)
    assert p.kind == "edited" and 0.5 < p.similarity < 1


def test_identical_text_is_one_verbatim_passage() -> None:
    text = "Rebels rejected the calls, an official in an Aleppo-based insurgent group said on Wednesday."
    [p] = run(text, text)
    assert p.kind == "verbatim" and p.similarity == 1.0
    assert (p.candidate_start, p.candidate_end, p.source_start, p.source_end) == (0, len(text) - 1, 0, len(text) - 1)


def test_case_and_quote_differences_are_still_verbatim() -> None:
    source = "He said the talks won't resume before the end of the month, officials told reporters."
    candidate = "HE SAID THE TALKS WON’T RESUME BEFORE THE END OF THE MONTH, officials told reporters."
    [p] = run(candidate, source)
    assert p.kind == "verbatim"


def test_short_shared_phrases_are_dropped_and_minimum_is_configurable() -> None:
    source = "Officials said on Wednesday that the talks would resume next week in Geneva after a pause."
    candidate = "Analysts doubt the talks would resume next week at all, given the deep divisions."
    assert run(candidate, source) == []
    assert len(run(candidate, source, AlignSettings(min_words=4))) == 1


def test_unrelated_texts_share_no_passage() -> None:
    assert run("The quick brown fox jumps over the lazy dog near the river bank today.",
               "Stock markets rallied sharply as investors cheered strong quarterly earnings reports.") == []


def test_reordered_paragraphs_give_one_passage_each() -> None:
    first = "The army said its troops had retaken the northern town after three days of heavy fighting with insurgents."
    second = "Aid agencies warned that thousands of families were still trapped without food, water or medical supplies."
    passages = run(f"{second}\n\n{first}", f"{first}\n\n{second}")
    assert len(passages) == 2
    assert passages[0].candidate_start == 0 and passages[0].source_start == len(first) + 2
    assert passages[1].candidate_start == len(second) + 2 and passages[1].source_start == 0


def test_passages_start_and_end_on_token_boundaries() -> None:
    candidate, source = read(REPUBLISHED), read(REUTERS)
    tokens_c, tokens_s = TOKENIZER.tokenize(candidate), TOKENIZER.tokenize(source)
    passages = align(candidate, tokens_c, source, tokens_s)
    assert passages
    for p in passages:
        assert p.candidate_start in set(tokens_c.starts.tolist())
        assert p.candidate_end in set(tokens_c.ends.tolist())
        assert p.source_start in set(tokens_s.starts.tolist())
        assert p.source_end in set(tokens_s.ends.tolist())


def test_settings_are_validated() -> None:
    with pytest.raises(ValueError):
        AlignSettings(seed_ngram=0)
    with pytest.raises(ValueError):
        AlignSettings(min_density=1.5)


def test_same_line_counts_the_tokens_before_the_first_line_end_between_two() -> None:
    """`_same_line` finds the first line end in a gap between tokens (not one inside a
    token) in either direction, as stepping token by token does."""

    def stepping(text: str, tokens: Tokens, lo: int, hi: int) -> int:
        step = 1 if hi >= lo else -1
        k = lo
        while k != hi and "\n" not in text[tokens.ends[min(k, k + step)] : tokens.starts[max(k, k + step)]]:
            k += step
        return abs(k - lo)

    rng = random.Random(1)
    for _ in range(2000):
        text, starts, ends = "", [], []
        for t in range(rng.randint(1, 15)):
            text += rng.choice(["", " ", "\n", " \n ", "\n\n"]) if t else rng.choice(["", "\n"])
            starts.append(len(text))
            text += rng.choice(["ab", "c\nd", "word"])  # a token may hold a line end
            ends.append(len(text))
        tokens = Tokens(np.array(starts), np.array(ends), ("k",) * len(starts), np.zeros(len(starts), np.uint64))
        lo, hi = rng.randrange(len(starts)), rng.randrange(len(starts))
        assert _same_line(text, tokens, lo, hi) == stepping(text, tokens, lo, hi), (text, lo, hi)


def test_sentence_pairs_looked_up_in_a_table_or_searched_give_the_same_passages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small texts look sentence terms up in a table (`seeds.LOOKUP_TABLE`), long ones search
    for them: the founding pair aligns alike both ways."""
    candidate, source = read(REPUBLISHED), read(REUTERS)
    tabled = run(candidate, source)
    monkeypatch.setattr(seeds, "LOOKUP_TABLE", 0)
    assert run(candidate, source) == tabled and tabled
