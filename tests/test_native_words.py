"""The compiled core normalizes new words (``_native.normalize_word``) and makes token ids
(``_native.key_id``) exactly as the Python path does (`Tokenizer._normalize`, `token_id`)."""

from __future__ import annotations

import random
import re

import pytest
from helpers import CORPUS, shared_path
from test_index_tokens import TRICKY, require_compiled

from reusecheck.text import TextSettings, Tokenizer, token_id

SETTINGS = [TextSettings(), TextSettings(fold_spelling=False), TextSettings(language=None),
            TextSettings(language=None, fold_spelling=False)]
# Compounds with their plural endings, British spellings, numbers, quotes, case and words
# the compiled stemmer leaves to nltk (too long) or to Python (not ASCII).
EDGES = ["airstrike", "airstrikes", "AIRSTRIKES", "Airstrikes", "ceasefires", "ceasefirees", "Defence", "DEFENCES",
         "colour", "colours", "1,900.5", "1'2", "3.5s", "o'clock", "O`Neil", "won't", "U.S", "s", "es", "x" * 300,
         "café", "ﬁnance", "ＦＵＬＬ", "İstanbul", "straße", "CEO's", "shareholders'"]


def _words(texts: list[str]) -> list[str]:
    return sorted({word for text in texts for word in re.findall(r"\w+(?:['’.,`]\w+)*", text)})


def assert_same_pieces(words: list[str], settings: TextSettings) -> None:
    require_compiled()
    compiled, plain = Tokenizer(settings), Tokenizer(settings, compiled=False)
    assert compiled._normalize_ascii is not None
    made = 0
    different = []
    for word in words:
        pieces = compiled._normalize_ascii(word, compiled._spellings, compiled._compounds, compiled._part_keys,
                                           compiled._stem is not None)
        if pieces is None:
            assert not word.isascii() or len(word) > 250, word  # Python's part: NFKC, nltk's long words
            continue
        made += 1
        if pieces != plain._normalize(word):
            different.append((word, pieces, plain._normalize(word)))
    assert not different, different[:10]
    assert made > len(words) // 2


@pytest.mark.parametrize("settings", SETTINGS, ids=str)
def test_edge_words_normalize_as_python_normalizes_them(settings: TextSettings) -> None:
    assert_same_pieces(EDGES + _words(TRICKY), settings)


def test_the_compiled_core_leaves_words_it_cannot_normalize_to_python() -> None:
    require_compiled()
    tokenizer = Tokenizer()
    for word in ("café", "ﬁnance", "x" * 300):
        assert tokenizer._normalize_ascii is not None
        assert tokenizer._normalize_ascii(word, tokenizer._spellings, tokenizer._compounds, tokenizer._part_keys,
                                          True) is None
    assert Tokenizer(TextSettings(language="german"))._normalize_ascii is None  # nltk's German stemmer


def test_token_ids_are_blake2b_as_hashlib_makes_them() -> None:
    require_compiled()
    from reusecheck import _native

    rng = random.Random(3)
    keys = ["", "a", "the", "x" * 127, "x" * 128, "x" * 129, "y" * 256, "y" * 257, "café", "中文", "\U0001f600"]
    keys += ["".join(rng.choice("ab'.,0é中") for _ in range(rng.randint(0, 400))) for _ in range(500)]
    assert [_native.key_id(key) for key in keys] == [token_id(key) for key in keys]


@pytest.mark.slow
@pytest.mark.parametrize("settings", SETTINGS[:3], ids=str)
def test_every_word_of_reuters_and_meter_normalizes_as_python_normalizes_it(settings: TextSettings) -> None:
    """Reuters-21578, meter-dev and corpus/, written as they are and case folded."""
    texts = [path.read_bytes().decode("utf-8", errors="replace")
             for path in sorted(shared_path("bench", "reuters-21578").glob("*.sgm"))]
    texts += [path.read_bytes().decode("utf-8", errors="replace")
              for path in sorted(shared_path("eval", "meter-dev").rglob("*")) if path.is_file()]
    texts += [path.read_text(encoding="utf-8") for path in sorted(CORPUS.rglob("*.txt"))]
    words = _words(texts)
    words += sorted({word.upper() for word in words[::7]})
    assert len(words) > 100_000
    assert_same_pieces(words, settings)
