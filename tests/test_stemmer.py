"""The compiled English stemmer (`reusecheck.text.EnglishStemmer`, ``_native.stem_english``)
gives exactly nltk's ``SnowballStemmer('english')`` stems, quirks included."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from helpers import CORPUS, shared_path
from nltk.stem.snowball import SnowballStemmer
from test_index_tokens import require_compiled

from reusecheck.text import EnglishStemmer, Tokenizer

NLTK = SnowballStemmer("english").stem
# Words that take each branch of nltk's steps, its special words and its quirks (regions
# R1 and R2 that stop being suffixes of the word, "r2 = 'e'", leading "y" and "'").
EDGES = [
    "", "a", "ab", "abc", "'s", "''", "'''", "y", "yy", "yyy", "Yes", "YELLOW", "sky", "skies", "skis", "dying", "news",
    "proceeding", "succeeded", "exceeds", "innings", "cannings", "howe", "andes", "atlas", "bias", "cosmos",
    "generously", "generation", "generations", "communism", "community", "communication", "arsenal", "arsenic",
    "gener", "commun", "arsen", "'generous", "yield", "sayings", "buyer", "player's", "players'", "players'",
    "o'clock", "won't", "u.s", "1,900.5", "3.5s", "x.'s", "caresses", "ties", "tied", "cries", "gas", "this", "us",
    "ss", "s's", "agreed", "feed", "agreedly", "bleed", "luxuriating", "hopping", "hoping", "filing", "failing",
    "fizzed", "conflated", "troubled", "sized", "opened", "hopped", "tanned", "falling", "hissing", "fizzing",
    "cry", "by", "say", "ay", "oy", "happy", "employ", "relational", "conditional", "valenci", "hesitanci",
    "digitizer", "conformabli", "radicalli", "differentli", "vileli", "analogi", "ogi", "logi", "xlogi", "li",
    "cli", "clli", "vietnamization", "predication", "operator", "feudalism", "decisiveness", "hopefulness",
    "callousness", "formaliti", "sensitiviti", "sensibiliti", "hopelessli", "fulli", "formalize", "electricity",
    "electrical", "electriciti", "hopeful", "goodness", "formative", "alternative", "allowance", "inference",
    "airliner", "gyroscopic", "adjustable", "defensible", "irritant", "replacement", "adjustment", "dependent",
    "adoption", "homologou", "communism", "activate", "angulariti", "effective", "bowdlerize", "ion", "sion",
    "tion", "ation", "ative", "alize", "ement", "ll", "controll", "roll", "rolle", "hope", "probate", "rate",
    "cease", "e", "le", "ole", "tole", "aeiouy", "bbbbbb", "ïnvalid", "café", "naïve", "straße", "x\u2019s",
    "\u2019tis", "ǅemal", "a\0b", "ABC'S", "GENERALLY",
]


def _random_words(count: int, seed: int) -> list[str]:
    """Words made of letters and nltk's suffixes, so that most of them reach deep into the steps."""
    rng = random.Random(seed)
    letters = "aeiouyslnrtdgcbmpkwxzY'.,0"
    suffixes = ["ational", "tional", "ization", "ing", "ingly", "ed", "edly", "eed", "eedly", "ly", "li", "ogi", "ion",
                "sion", "tion", "ness", "ful", "ative", "ies", "ied", "sses", "s", "'s", "'s'", "'", "y", "e", "l", "ll",
                "bli", "abli", "enci", "ement", "at", "bl", "iz", "iviti", "alli", "ical", "alize", "icate"]
    words = []
    for _ in range(count):
        word = rng.choice(["", "", "gener", "commun", "arsen", "y", "'"])
        word += "".join(rng.choice(letters) for _ in range(rng.randint(0, 6)))
        for _ in range(rng.randint(0, 2)):
            word += rng.choice(suffixes)
        words.append(word)
    return words


def nltk_or_error(word: str) -> str:
    try:
        return NLTK(word)
    except IndexError:
        return "IndexError"


def stem_or_error(stemmer: EnglishStemmer, word: str) -> str:
    try:
        return stemmer(word)
    except IndexError:
        return "IndexError"


def assert_same_stems(words: list[str]) -> None:
    require_compiled()
    stemmer = EnglishStemmer()
    different = [(w, stem_or_error(stemmer, w), nltk_or_error(w)) for w in words
                 if stem_or_error(stemmer, w) != nltk_or_error(w)]
    assert not different, different[:20]


def test_edge_cases_stem_as_nltk_stems_them() -> None:
    assert_same_stems(EDGES)


def test_words_built_from_the_suffixes_stem_as_nltk_stems_them() -> None:
    assert_same_stems(_random_words(20_000, seed=10))


def test_the_compiled_stemmer_takes_ascii_words_and_leaves_the_rest_to_nltk() -> None:
    require_compiled()
    from reusecheck import _native

    assert _native.stem_english("generations") == "generat"
    assert _native.stem_english("café") is None  # not ASCII: nltk stems it
    assert _native.stem_english("a" * 1000) is None  # longer than the compiled stemmer takes
    assert EnglishStemmer()("cafés") == NLTK("cafés") == "café"


def test_an_english_tokenizer_stems_with_the_compiled_stemmer_and_the_python_one_with_nltk() -> None:
    require_compiled()
    assert isinstance(Tokenizer()._stem, EnglishStemmer)
    assert not isinstance(Tokenizer(compiled=False)._stem, EnglishStemmer)


def _vocabulary(texts: list[str]) -> list[str]:
    """Every distinct word of the texts as written and case folded (what the tokenizer stems)."""
    words = {word for text in texts for word in re.findall(r"\w+(?:['’.,]\w+)*", text)}
    return sorted(words | {word.casefold() for word in words})


def _read_texts(folder: Path, pattern: str) -> list[str]:
    return [path.read_bytes().decode("utf-8", errors="replace") for path in sorted(folder.rglob(pattern))
            if path.is_file()]


@pytest.mark.slow
def test_every_word_of_the_real_corpora_stems_as_nltk_stems_it() -> None:
    """Reuters-21578, meter-dev, Clough-Stevenson, the Indonesian PAN corpus and corpus/."""
    texts = _read_texts(shared_path("bench", "reuters-21578"), "*.sgm")
    for corpus in ("meter-dev", "clough-stevenson-2011", "pan-format-indonesian"):
        texts += _read_texts(shared_path("eval", corpus), "*")
    texts += _read_texts(CORPUS, "*.txt")
    words = _vocabulary(texts)
    assert len(words) > 100_000
    assert_same_stems(words)
