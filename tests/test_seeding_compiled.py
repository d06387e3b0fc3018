"""The compiled core of seeding (reusecheck/_seeding.c) gives exactly what the numpy path
gives: the same n-gram hashes and held n-grams, exact runs, sentence starts, terms, idf and
sentence seeds, and so the same passages."""

from __future__ import annotations

import random
import re
import zlib

import helpers
import numpy as np
import pytest
from helpers import REPUBLISHED, REUTERS, in_ci, read, shared_path

from reusecheck import align as align_module
from reusecheck import seeds
from reusecheck.align import AlignSettings, _GapCheck, align, chain_runs
from reusecheck.fingerprint import held_ngrams, ngram_hashes
from reusecheck.index import TokenReader, pack_tokens
from reusecheck.models import Passage
from reusecheck.seeds import (
    Run,
    SentenceModel,
    SentenceSeeding,
    exact_runs,
    seed_hashes,
    seed_pairs,
    seed_runs,
    sentence_model,
    sentence_runs,
)
from reusecheck.text import Tokenizer

TOKENIZER = Tokenizer()
SEEDING = AlignSettings().sentence_seeding

TRICKY = [
    "",
    "word",
    "The U.S. won't pay. Really? Yes! e.g. 3.5 dlrs... and so on.",
    "No marks at all here",
    "Line one\r\n\r\nLine two\n \t\nLine three\n\nfour\n\n\n\nfive\n",
    "A\u2028\u2028B \n\u00a0\nC \x1c\n\x1f\nD\n\u3000\n E.",
    "...Leading marks. Trailing marks!!!",
    ". ! ? \n\n",
    "Mr. Smith said: “We will not go.” He left. U.S. officials.",
]


def require_compiled() -> None:
    """Skip where ``reusecheck/_seeding.c`` is not built (fail in CI)."""
    helpers.require_compiled(seeds.COMPILED, "reusecheck/_seeding.c")


def test_the_compiled_core_is_built_where_ci_runs() -> None:
    assert seeds.COMPILED or not in_ci(), "pip install -e . should have built reusecheck._seeding"


def random_text(rng: random.Random, sentences: int) -> str:
    words = ["alpha", "Beta", "gamma", "U.S.", "3.5", "delta", "the", "said", "on", "Monday", "oil", "prices"]
    marks = [". ", "! ", "? ", ".\n\n", "\n \n", "\r\n\r\n", " -- ", ", ", "\u00a0", "\n", "...", ". \u2028\u2028"]
    return "".join(" ".join(rng.choice(words) for _ in range(rng.randint(0, 12))) + rng.choice(marks)
                   for _ in range(sentences))


def edited(rng: random.Random, text: str) -> str:
    """A copy of ``text`` with sentences dropped, words swapped and a sentence of its own."""
    sentences = re.split(r"(?<=[.!?])\s+", text)
    kept = [s for s in sentences if rng.random() > 0.3]
    words = " ".join(kept).split(" ")
    for _ in range(len(words) // 8):
        a, b = rng.randrange(len(words)), rng.randrange(len(words))
        words[a], words[b] = words[b], words[a]
    return " ".join(words) + " Officials declined to comment on the report."


def assert_same_seeding(candidate: str, source: str, settings: SentenceSeeding = SEEDING) -> None:
    cand, src = TOKENIZER.tokenize(candidate), TOKENIZER.tokenize(source)
    for text, tokens in ((candidate, cand), (source, src)):
        assert seeds.sentence_starts(text, tokens).tolist() == seeds.sentence_starts(text, tokens, compiled=False).tolist()
    fast, plain = sentence_model(candidate, cand, source, src), sentence_model(candidate, cand, source, src, compiled=False)
    assert fast.cand_counts is None and plain.cand_counts is not None
    for name in ("cand_starts", "src_starts", "cand_terms", "src_terms", "idf"):
        assert np.array_equal(getattr(fast, name), getattr(plain, name)), name
    exact = exact_runs(*seed_pairs(seed_hashes(cand, 3), seed_hashes(src, 3), 20), 3)
    for n in (1, 3):
        for repeats in (0, 1, 20):
            found = seed_runs(seed_hashes(cand, n), seed_hashes(src, n), repeats, n)
            assert found == seed_runs(seed_hashes(cand, n), seed_hashes(src, n), repeats, n, compiled=False)
    sentences, paraphrased = sentence_runs(cand, src, fast, exact, settings)
    assert (sentences, paraphrased) == sentence_runs(cand, src, plain, exact, settings)
    for gap, paraphrase_gap in ((10, 120), (0, 0), (2, 5)):
        assert_same_chains(exact + sentences, _GapCheck(fast, gap, 0.2), paraphrased, paraphrase_gap)


def assert_same_chains(runs: list[Run], gaps: _GapCheck, paraphrased: set[Run], paraphrase_gap: int) -> None:
    """`chain_runs` gives the same chains (bounds, runs, order) compiled and not."""
    def chains(compiled: bool) -> list[tuple[int, int, int, int, list[Run]]]:
        return [(c.i0, c.i1, c.j0, c.j1, c.runs)
                for c in chain_runs(list(runs), 3, gaps, paraphrased, paraphrase_gap, compiled=compiled)]

    assert chains(True) == chains(False)


@pytest.mark.parametrize("text", TRICKY)
def test_sentence_starts_are_those_of_the_pattern(text: str) -> None:
    require_compiled()
    tokens = TOKENIZER.tokenize(text)
    assert seeds.sentence_starts(text, tokens).tolist() == seeds.sentence_starts(text, tokens, compiled=False).tolist()


def test_random_texts_seed_alike() -> None:
    require_compiled()
    rng = random.Random(7)
    for _ in range(300):
        source = random_text(rng, rng.randint(0, 12))
        candidate = edited(rng, source) if rng.random() < 0.7 else random_text(rng, rng.randint(0, 12))
        assert_same_seeding(candidate, source)
        # only pairs near exact runs compared (a book-length pair), and no paraphrase seeds
        assert_same_seeding(candidate, source, SentenceSeeding(0.45, 0.33, 0.2, 5, 4, 1))
        assert_same_seeding(candidate, source, SentenceSeeding(0.45, None, 0.2, 3, 4_000_000, 1))


def test_random_runs_chain_alike() -> None:
    """Runs crowding each other at random: overlapping, inside others, far apart in the
    source (chains in `_OpenChains`' long list and buckets), with long gaps judged by words."""
    require_compiled()
    rng = np.random.default_rng(11)
    for size in (0, 1, 2, 5, 30, 200):
        for _ in range(30):
            tokens = 4 * size + 50
            model = SentenceModel(np.array([0, tokens]), np.array([0, tokens]), rng.integers(0, 12, tokens),
                                  rng.integers(0, 12, tokens), rng.random(12) * 3)
            i = np.sort(rng.integers(0, 4 * size + 1, size))
            j = np.where(rng.random(size) < 0.7, i + rng.integers(-8, 9, size), rng.integers(0, 4 * size + 1, size))
            lengths = rng.integers(1, 25, size)
            other = np.where(rng.random(size) < 0.8, lengths, rng.integers(1, 25, size))
            runs = [Run(*map(int, row)) for row in zip(i, np.maximum(j, 0), lengths, other, strict=True)]
            paraphrased = {run for run in runs if rng.random() < 0.3}
            for gap, paraphrase_gap in ((10, 120), (0, 0), (3, 40), (30, 5)):
                assert_same_chains(runs, _GapCheck(model, gap, float(rng.random())), paraphrased, paraphrase_gap)


def test_seed_runs_of_random_hashes() -> None:
    """Few distinct hashes, so that runs cross, repeat and pass ``max_repeats``."""
    require_compiled()
    rng = np.random.default_rng(5)
    for _ in range(300):
        values = rng.integers(0, 2**64, size=rng.integers(1, 12), dtype=np.uint64)
        cand = rng.choice(values, size=rng.integers(0, 60))
        src = rng.choice(values, size=rng.integers(0, 60))
        if len(cand) > 10 and rng.random() < 0.5:  # a copied stretch
            src = np.concatenate((src, cand[3:9], src))
        for repeats in (0, 2, 20):
            for n in (1, 3):
                assert seed_runs(cand, src, repeats, n) == exact_runs(*seed_pairs(cand, src, repeats), n)


def test_ngram_hashes_and_held_ngrams_of_random_ids() -> None:
    require_compiled()
    rng = np.random.default_rng(11)
    for _ in range(200):
        values = rng.integers(0, 2**64, size=rng.integers(1, 8), dtype=np.uint64)
        ids = rng.choice(values, size=rng.integers(0, 40))
        texts = [rng.choice(values, size=rng.integers(0, 30)) for _ in range(rng.integers(0, 5))]
        for n in (1, 2, 3, 5, 8):
            assert np.array_equal(ngram_hashes(ids, n), ngram_hashes(ids, n, compiled=False))
            fast, plain = held_ngrams(ids, texts, n), held_ngrams(ids, texts, n, compiled=False)
            assert fast.dtype == plain.dtype == bool and np.array_equal(fast, plain)


def test_held_ngrams_of_the_founding_pair() -> None:
    require_compiled()
    candidate, source = TOKENIZER.tokenize(read(REPUBLISHED)), TOKENIZER.tokenize(read(REUTERS))
    for n in (1, 3, 8):
        fast = held_ngrams(candidate.ids, [source.ids, candidate.ids[:40]], n)
        assert fast.any() and not fast.all()
        assert np.array_equal(fast, held_ngrams(candidate.ids, [source.ids, candidate.ids[:40]], n, compiled=False))


@pytest.mark.parametrize("text", [*TRICKY, read(REUTERS), "ﬁnance ＦＵＬＬ width \u0661\u0662 d\u00e9j\u00e0-vu \u4e2d\u6587"])
def test_stored_tokens_unpack_alike(text: str) -> None:
    require_compiled()
    tokens = TOKENIZER.tokenize(text)
    blob = pack_tokens(tokens)
    fast, plain = TokenReader(), TokenReader(compiled=False)
    for _ in range(2):  # keys new, then known
        a, b = fast.unpack(blob), plain.unpack(blob)
        assert a.keys == b.keys == tokens.keys
        for name in ("starts", "ends", "ids"):
            assert np.array_equal(getattr(a, name), getattr(b, name)) and getattr(a, name).dtype == getattr(b, name).dtype


def test_many_keys_unpack_alike_and_are_shared() -> None:
    """More keys than the compiled reader's first table holds; a key met again is the same str."""
    require_compiled()
    words = [f"w{k}x{k * 7919 % 10007}" for k in range(5000)]
    blobs = [pack_tokens(TOKENIZER.tokenize(" ".join(words[k::3]))) for k in range(3)] * 2
    fast, plain = TokenReader(), TokenReader(compiled=False)
    unpacked = [fast.unpack(blob) for blob in blobs]
    for blob, tokens in zip(blobs, unpacked, strict=True):
        expected = plain.unpack(blob)
        assert tokens.keys == expected.keys and np.array_equal(tokens.ids, expected.ids)
    assert all(a is b for a, b in zip(unpacked[0].keys, unpacked[3].keys, strict=True))


def test_damaged_stored_tokens_are_refused() -> None:
    require_compiled()
    data = zlib.decompress(pack_tokens(TOKENIZER.tokenize("three little words")))
    for damaged in (data[:3], data[:-6], data + b"\0more", b"\xff\xff\xff\xff"):
        with pytest.raises(ValueError):
            TokenReader().unpack(zlib.compress(damaged))


def passages(candidate: str, source: str, monkeypatch: pytest.MonkeyPatch | None = None) -> list[Passage]:
    """The passages of a pair, with the compiled core or (given ``monkeypatch``) without."""
    if monkeypatch is not None:
        monkeypatch.setattr(seeds, "_seeding", None)
        monkeypatch.setattr(align_module, "_seeding", None)
    seeds._recent_sentence_starts.cache_clear()
    try:
        return align(candidate, TOKENIZER.tokenize(candidate), source, TOKENIZER.tokenize(source))
    finally:
        seeds._recent_sentence_starts.cache_clear()


def test_the_founding_pair_aligns_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    require_compiled()
    candidate, source = read(REPUBLISHED), read(REUTERS)
    assert_same_seeding(candidate, source)
    fast = passages(candidate, source)
    assert fast and fast == passages(candidate, source, monkeypatch)


@pytest.mark.slow
def test_reuters_21578_pairs_align_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real news: 200 Reuters-21578 bodies, each against an edited copy and against the next body."""
    require_compiled()
    folder = shared_path("bench", "reuters-21578")
    text = (folder / "reut2-003.sgm").read_text(encoding="latin-1")
    bodies = re.findall(r"<BODY>(.*?)</BODY>", text, re.S)[:201]
    assert len(bodies) == 201
    rng = random.Random(3)
    pairs = [(edited(rng, body), body) for body in bodies[:-1]] + list(zip(bodies[1:], bodies[:-1], strict=True))
    for candidate, source in pairs:
        assert_same_seeding(candidate, source)
    fast = [passages(c, s) for c, s in pairs]
    assert sum(map(len, fast)) > 150  # the edited copies are found
    with monkeypatch.context() as patch:
        assert [passages(c, s, patch) for c, s in pairs] == fast
