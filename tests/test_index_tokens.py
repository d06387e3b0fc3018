"""The fast tokenizer paths (the compiled core and the pure-Python one) give exactly the
tokens of the plain per-token loop they replaced."""

from __future__ import annotations

import re
import unicodedata

import helpers
import numpy as np
import pytest
from helpers import REPUBLISHED, REUTERS, in_ci, read, shared_path
from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize.util import regexp_span_tokenize

from reusecheck.text import _FOLD, _GAP, COMPILED, LANGUAGES, TextSettings, Tokenizer, Tokens, fold

TRICKY = [
    "",
    "   ",
    "word",
    "  leading and trailing  ",
    "The U.S. won't pay 1,900.5 dlrs -- 'quoted' ‘curly’ airstrikes, Defence ministries.",
    "ﬁnance ＦＵＬＬ width Ⅻ and NFKC: ﬁ‐ligature—dash",
    "e.g., ...hmm... __init__ o'clock it’s shareholders' CEO's",
    "Line one\r\nLine two\n\n\tTabbed\u00a0nbsp",
    "airstrike airstrikes AIRSTRIKES Airstrikes' ceasefires",
    "a_.b _.x x._ a.'b __a__ 1.,2 ,.a a., .a. 'a' a'' ''a x_y_z _ __ ._. 3.5% $4,000.",
    "\u00e9t\u00e9 \u0661\u0662 \u4e2d\u6587 d\u00e9j\u00e0-vu na\u0131ve \u2460 x\u0301y",
]


def require_compiled() -> None:
    """Skip where ``reusecheck/_native.c`` is not built (fail in CI)."""
    helpers.require_compiled(COMPILED, "reusecheck/_native.c")


@pytest.fixture(params=[True, False], ids=["compiled", "python"])
def compiled(request: pytest.FixtureRequest) -> bool:
    """Each test runs on both paths: the compiled one and the pure-Python fallback."""
    if request.param:
        require_compiled()
    return bool(request.param)


def test_the_compiled_core_is_built_where_ci_runs() -> None:
    assert COMPILED or not in_ci(), "pip install -e . should have built reusecheck._native with the C compiler"


def reference_tokens(tokenizer: Tokenizer, text: str) -> Tokens:
    """The tokenizer as first written: one Python loop step per token."""
    starts, ends, keys, ids = [], [], [], []
    for left, right in regexp_span_tokenize(text, _GAP):
        if left == right:
            continue
        for offset, length, key, ident in tokenizer._normalize(text[left:right]):
            starts.append(left + offset)
            ends.append(left + offset + length)
            keys.append(key)
            ids.append(ident)
    return Tokens(np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64), tuple(keys), np.array(ids, dtype=np.uint64))


def assert_same(actual: Tokens, expected: Tokens) -> None:
    assert actual.keys == expected.keys
    for name in ("starts", "ends", "ids"):
        got, want = getattr(actual, name), getattr(expected, name)
        assert got.dtype == want.dtype, name
        assert np.array_equal(got, want), name


@pytest.mark.parametrize("settings", [TextSettings(), TextSettings(language=None, fold_spelling=False), TextSettings(language="german")])
def test_fast_tokenizer_equals_reference(settings: TextSettings, compiled: bool) -> None:
    tokenizer = Tokenizer(settings, compiled=compiled)
    texts = [*TRICKY, read(REUTERS), read(REPUBLISHED), *TRICKY]  # second round hits the cache
    for text in texts:
        assert_same(tokenizer.tokenize(text), reference_tokens(tokenizer, text))


def test_fold_of_ascii_text_is_nfkc_case_and_quote_folding() -> None:
    """`fold` takes a shortcut for ASCII text: the same result."""
    rng = np.random.default_rng(3)
    texts = [chr(c) for c in range(128)] + ["".join(map(chr, rng.integers(0, 128, 12))) for _ in range(2000)]
    for text in texts:
        assert fold(text) == unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)


def test_the_compiled_word_table_finds_a_word_in_texts_of_every_width() -> None:
    """Python keeps a text in 1, 2 or 4 bytes per character (its widest one decides): the
    compiled core's table finds "Aleppo" and "café" whatever the width of the text around them."""
    require_compiled()
    tokenizer = Tokenizer()
    texts = ["Aleppo café", "Aleppo café \u4e2d", "Aleppo café \U0001d400", "Aleppo \u0100 café"] * 2
    for text in texts:
        assert_same(tokenizer.tokenize(text), reference_tokens(tokenizer, text))
    assert tokenizer._word_table is not None
    assert len(tokenizer._word_table) == len(tokenizer._word_number) == 5  # Aleppo, café, 中, 𝐀, Ā


def test_word_cache_grows_to_thousands_of_words(compiled: bool) -> None:
    tokenizer = Tokenizer(compiled=compiled)
    text = " ".join(f"w{k} airstrikes{k}" for k in range(3000)) + " airstrikes"
    assert_same(tokenizer.tokenize(text), reference_tokens(tokenizer, text))


def test_fast_tokenizer_equals_reference_on_random_text(compiled: bool) -> None:
    """Random strings over letters, digits, apostrophes, stops, commas, underscores and spaces."""
    rng = np.random.default_rng(7)
    alphabet = list("ab1_'’.,- \n") + ["é", "ﬁ", "Ⅻ", "airstrikes", "Defence", "\u0661", "x\u0301", "\U0001d400", "\ud800"]
    tokenizer = Tokenizer(compiled=compiled)
    for _ in range(2000):
        text = "".join(rng.choice(alphabet, size=int(rng.integers(0, 30))))
        assert_same(tokenizer.tokenize(text), reference_tokens(tokenizer, text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_numbers_skip_the_stemmer_because_it_leaves_them_alone(language: str) -> None:
    stem = SnowballStemmer(language).stem
    tokenizer = Tokenizer(TextSettings(language=language, fold_spelling=False))
    for number in ["0", "00", "1987", "1,750", "3.5", "0.39", "1.2.3", "12,3", "1'2", "٠١٢", "١٩٨٧", "۱۲", "१२"]:
        assert tokenizer._key(number) == stem(number) == number


@pytest.mark.slow
def test_compiled_and_python_paths_give_the_same_tokens_on_reuters_21578() -> None:
    """Every Reuters-21578 body (19,043 real news texts), one word cache each."""
    require_compiled()
    folder = shared_path("bench", "reuters-21578")
    bodies = [body for path in sorted(folder.glob("reut2-*.sgm"))
              for body in re.findall(r"<BODY>(.*?)</BODY>", path.read_text(encoding="latin-1"), re.S)]
    assert len(bodies) > 19_000
    fast, plain = Tokenizer(), Tokenizer(compiled=False)
    for body in bodies:
        assert_same(fast.tokenize(body), plain.tokenize(body))


def test_tokens_are_laid_out_to_be_stored_by_the_compiled_core_as_by_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    """`pack_tokens` gives the same bytes with the compiled layout (`_native.token_bytes`)
    and numpy's, on the tricky texts and real news (non-ASCII keys, no tokens at all)."""
    require_compiled()
    from reusecheck import index

    assert index.token_bytes is not None
    tokenizer = Tokenizer()
    texts = [*TRICKY, read(REUTERS), read(REPUBLISHED)]
    compiled = [index.pack_tokens(tokenizer.tokenize(text)) for text in texts]
    monkeypatch.setattr(index, "token_bytes", None)
    assert [index.pack_tokens(tokenizer.tokenize(text)) for text in texts] == compiled
    odd = Tokens(np.array([0, 7, 2**31 + 9], dtype=np.int64), np.array([5, 9, 2**31 + 12], dtype=np.int64),
                 ("caf\u00e9", "\u4e2d\u6587", "x"), np.zeros(3, dtype=np.uint64))  # steps past int32 wrap as numpy's
    expected = index.pack_tokens(odd)
    monkeypatch.undo()
    assert index.pack_tokens(odd) == expected
    with pytest.raises(UnicodeEncodeError):  # a key no text gives: refused as numpy's path refuses it
        index.pack_tokens(Tokens(np.array([0]), np.array([1]), ("\ud800",), np.zeros(1, dtype=np.uint64)))
