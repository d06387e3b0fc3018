"""Normalize and tokenize text, keeping every token's character offsets in the original.

Tokens are the spans of the original text between separator runs (what nltk's
``regexp_span_tokenize`` gives), then each token
is normalized on its own: Unicode NFKC, case folding, quote and dash folding, British to
American spelling, closed compounds split into their words ("airstrikes" -> "air" +
"strikes"), and optional Snowball stemming. Normalizing token by token keeps offsets exact
whatever NFKC does to lengths, and lets a per-word cache make the pipeline fast.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from reusecheck.native import core as _native  # None without a C compiler: the pure-Python path below
from reusecheck.nltk_parts import SNOWBALL_LANGUAGES, snowball_stemmer

COMPILED = _native is not None

# Separators: runs of non-word characters, except an apostrophe, full stop or comma that
# sits between two word characters ("won't", "U.S", "1,900.5" stay whole).
_GAP = re.compile(r"(?:[^\w'’.,]|_|['’.,](?!\w)|(?<!\w)['’.,])+")
# A token: a maximal run of characters that `_GAP` does not match (the same spans as
# splitting at `_GAP`, but much faster to find). Captured, so ``split`` keeps the tokens.
_TOKEN = re.compile(r"((?:[^\W_]+|(?<=\w)['’.,](?=\w))+)")
_NUMBER = re.compile(r"[\d'.,]+")  # digits with separators: no stemmer changes them
_FOLD = str.maketrans({"’": "'", "‘": "'", "‛": "'", "ʼ": "'", "`": "'", "´": "'"})

LANGUAGES = SNOWBALL_LANGUAGES


@dataclass(frozen=True)
class TextSettings:
    """How text is normalized; part of an index's identity.

    ``language`` names a Snowball stemmer, or None for no stemming (language-neutral).
    ``fold_spelling`` maps British spellings and closed compounds to one form.
    """

    language: str | None = "english"
    fold_spelling: bool = True

    def __post_init__(self) -> None:
        if self.language is not None and self.language not in LANGUAGES:
            raise ValueError(
                f"unknown language {self.language!r}: use one of {', '.join(LANGUAGES)} or none"
            )


def phrase_key(phrase: str) -> str:
    """How names, labels and aliases are compared: runs of whitespace as one space, case folded."""
    return " ".join(phrase.split()).casefold()


@dataclass(frozen=True, eq=False)
class Tokens:
    """A tokenized text: per token its character span, normalized key and 64-bit id.
    Compared and hashed by identity (arrays have no single truth value), so that caches
    can keep what is derived from one text's tokens."""

    starts: np.ndarray
    ends: np.ndarray
    keys: tuple[str, ...]
    ids: np.ndarray

    def __len__(self) -> int:
        return len(self.keys)


@cache
def _variant_tables() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """British->American spellings and closed compounds, from the shipped word lists."""
    spellings: dict[str, str] = {}
    compounds: dict[str, tuple[str, ...]] = {}
    data = resources.files("reusecheck") / "data"
    for line in (data / "spelling_variants.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            british, american = line.split()
            spellings[british] = american
    for line in (data / "compounds.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            parts = tuple(line.split())
            compounds["".join(parts)] = parts
    return spellings, compounds


def fold(surface: str) -> str:
    """NFKC, case folding and quote folding of one token's text."""
    if surface.isascii():  # NFKC leaves ASCII as it is, and case folds it as lower() does
        return surface.lower().replace("`", "'")
    return unicodedata.normalize("NFKC", surface).casefold().translate(_FOLD)


def token_id(key: str) -> int:
    """A stable 64-bit id for a normalized token (the same in every process)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


class EnglishStemmer:
    """nltk's English Snowball stemmer, by the compiled core (``_native.stem_english``, the
    same stems) where it takes the word, else by nltk (imported on first need)."""

    def __init__(self) -> None:
        if _native is None:
            raise RuntimeError("the compiled core (reusecheck._native) is not built")
        self._compiled = _native.stem_english
        self._nltk: Callable[[str], str] | None = None

    def __call__(self, word: str) -> str:
        stemmed = self._compiled(word)
        if stemmed is None:
            if self._nltk is None:
                self._nltk = snowball_stemmer("english").stem
            stemmed = self._nltk(word)
        return stemmed


class Tokenizer:
    """Turns text into `Tokens`; caches the normalization of each distinct word."""

    def __init__(self, settings: TextSettings | None = None, *, compiled: bool = True) -> None:
        """``compiled``: find words with the compiled core where it is built (the same words)."""
        self.settings = settings or TextSettings()
        self._native = _native if compiled else None
        self._stem: Callable[[str], str] | None = (
            None if self.settings.language is None
            else EnglishStemmer() if self.settings.language == "english" and self._native is not None
            else snowball_stemmer(self.settings.language).stem
        )
        self._spellings, self._compounds = (
            _variant_tables() if self.settings.fold_spelling else ({}, {})
        )
        # The word cache, as 8-byte arrays (numpy and the compiled core read them in place):
        # word number -> its first piece and piece count; per piece its offset and length
        # in the word, key and id.
        self._word_number: dict[str, int] = {}
        self._word_table = self._native.WordTable() if self._native is not None else None  # the same, for the core
        self._first, self._count = array("q"), array("q")
        self._offset, self._length, self._id = array("q"), array("q"), array("Q")
        self._key_of: list[str] = []
        self._part_keys: dict[str, tuple[str, int]] = {}
        # New ASCII words normalized by the compiled core (the same pieces), for no stemming or English.
        self._normalize_ascii = (self._native.normalize_word if self._native is not None
                                 and self.settings.language in (None, "english") else None)

    def tokenize(self, text: str) -> Tokens:
        """Tokenize ``text``; offsets index into ``text`` itself.

        The same tokens as normalizing each span between `_GAP` matches (nltk's
        ``regexp_span_tokenize``) in turn, but found in one pass (`_words`), normalized
        once per distinct word and laid out with numpy instead of a Python loop per token.
        """
        word_starts, words = self._words(text)
        if self._native is not None:
            starts, ends, ids, keys = self._native.lay_out(word_starts, words, self._first, self._count, self._offset,
                                                            self._length, self._id, self._key_of)
            return Tokens(np.frombuffer(starts, dtype=np.int64), np.frombuffer(ends, dtype=np.int64), keys,
                          np.frombuffer(ids, dtype=np.uint64))
        counts = np.frombuffer(self._count, dtype=np.int64)[words]
        total = int(counts.sum())
        before = np.cumsum(counts) - counts
        pieces = np.repeat(np.frombuffer(self._first, dtype=np.int64)[words] - before, counts) + np.arange(total)
        starts = np.repeat(word_starts, counts) + np.frombuffer(self._offset, dtype=np.int64)[pieces]
        return Tokens(
            starts,
            starts + np.frombuffer(self._length, dtype=np.int64)[pieces],
            tuple(map(self._key_of.__getitem__, pieces.tolist())),
            np.frombuffer(self._id, dtype=np.uint64)[pieces],
        )

    def _words(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The start offset and word-cache number of each word of ``text`` (new words are
        normalized and cached): by the compiled core, or by one ``re.split``."""
        if self._native is not None:
            start_bytes, word_bytes = self._native.split_words(text, self._word_table, self._add_word)
            return np.frombuffer(start_bytes, dtype=np.int64), np.frombuffer(word_bytes, dtype=np.int64)
        parts = _TOKEN.split(text)  # gap, word, gap, word, ..., gap
        lengths = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
        surfaces = parts[1::2]
        numbers = self._word_number
        for surface in set(surfaces).difference(numbers):
            self._add_word(surface)
        words = np.fromiter(map(numbers.__getitem__, surfaces), dtype=np.int64, count=len(surfaces))
        return (np.cumsum(lengths) - lengths)[1::2], words

    def _add_word(self, surface: str) -> int:
        """Normalize a new word and append it to the word cache; its number there."""
        pieces = None
        if self._normalize_ascii is not None:  # the compiled core, for most words
            pieces = self._normalize_ascii(surface, self._spellings, self._compounds, self._part_keys,
                                           self._stem is not None)
        if pieces is None:
            pieces = self._normalize(surface)
        number = self._word_number[surface] = len(self._word_number)
        self._first.append(len(self._key_of))
        self._count.append(len(pieces))
        for offset, length, key, ident in pieces:
            self._offset.append(offset)
            self._length.append(length)
            self._id.append(ident)
            self._key_of.append(key)
        return number

    def _normalize(self, surface: str) -> tuple[tuple[int, int, str, int], ...]:
        """One word -> its pieces as (offset, length, key, id) relative to the word."""
        folded = fold(surface)
        parts = self._split_compound(folded)
        exact = len(folded) == len(surface)
        pieces = []
        offset = 0
        for part in parts:
            key, ident = self._part_key(part)
            if exact and len(parts) > 1:
                pieces.append((offset, len(part), key, ident))
            else:
                pieces.append((0, len(surface), key, ident))
            offset += len(part)
        return tuple(pieces)

    def _part_key(self, part: str) -> tuple[str, int]:
        """A folded part's key and id, stemmed once per distinct part ("The", "THE" and
        "the" are three words of the cache, one part)."""
        known = self._part_keys.get(part)
        if known is None:
            key = self._key(part)
            known = self._part_keys[part] = (key, token_id(key))
        return known

    def _split_compound(self, word: str) -> tuple[str, ...]:
        for suffix in ("", "s", "es"):
            stem = word[: len(word) - len(suffix)] if suffix else word
            if word.endswith(suffix) and stem in self._compounds:
                parts = self._compounds[stem]
                return (*parts[:-1], parts[-1] + suffix)
        return (word,)

    def _key(self, word: str) -> str:
        word = self._spellings.get(word, word)
        if self._stem is None or _NUMBER.fullmatch(word):  # stemmers leave numbers as they are
            return word
        return self._stem(word)
