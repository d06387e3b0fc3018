"""Normalize and tokenize text, keeping every token's character offsets in the original.

Tokens are found in the original text (nltk's ``regexp_span_tokenize``), then each token
is normalized on its own: Unicode NFKC, case folding, quote and dash folding, British to
American spelling, closed compounds split into their words ("airstrikes" -> "air" +
"strikes"), and optional Snowball stemming. Normalizing token by token keeps offsets exact
whatever NFKC does to lengths, and lets a per-word cache make the pipeline fast.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize.util import regexp_span_tokenize

# Separators: runs of non-word characters, except an apostrophe, full stop or comma that
# sits between two word characters ("won't", "U.S", "1,900.5" stay whole).
_GAP = re.compile(r"(?:[^\w'’.,]|_|['’.,](?!\w)|(?<!\w)['’.,])+")
_FOLD = str.maketrans({"’": "'", "‘": "'", "‛": "'", "ʼ": "'", "`": "'", "´": "'"})

LANGUAGES = tuple(SnowballStemmer.languages)


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


@dataclass(frozen=True)
class Tokens:
    """A tokenized text: per token its character span, normalized key and 64-bit id."""

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
    return unicodedata.normalize("NFKC", surface).casefold().translate(_FOLD)


def token_id(key: str) -> int:
    """A stable 64-bit id for a normalized token (the same in every process)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


class Tokenizer:
    """Turns text into `Tokens`; caches the normalization of each distinct word."""

    def __init__(self, settings: TextSettings | None = None) -> None:
        self.settings = settings or TextSettings()
        self._stem = (
            SnowballStemmer(self.settings.language).stem if self.settings.language else None
        )
        self._spellings, self._compounds = (
            _variant_tables() if self.settings.fold_spelling else ({}, {})
        )
        self._words: dict[str, tuple[tuple[int, int, str, int], ...]] = {}

    def tokenize(self, text: str) -> Tokens:
        """Tokenize ``text``; offsets index into ``text`` itself."""
        starts: list[int] = []
        ends: list[int] = []
        keys: list[str] = []
        ids: list[int] = []
        words = self._words
        for left, right in regexp_span_tokenize(text, _GAP):
            if left == right:
                continue
            surface = text[left:right]
            pieces = words.get(surface)
            if pieces is None:
                pieces = words[surface] = self._normalize(surface)
            for offset, length, key, ident in pieces:
                starts.append(left + offset)
                ends.append(left + offset + length)
                keys.append(key)
                ids.append(ident)
        return Tokens(
            np.array(starts, dtype=np.int64),
            np.array(ends, dtype=np.int64),
            tuple(keys),
            np.array(ids, dtype=np.uint64),
        )

    def _normalize(self, surface: str) -> tuple[tuple[int, int, str, int], ...]:
        """One word -> its pieces as (offset, length, key, id) relative to the word."""
        folded = fold(surface)
        parts = self._split_compound(folded)
        exact = len(folded) == len(surface)
        pieces = []
        offset = 0
        for part in parts:
            key = self._key(part)
            if exact and len(parts) > 1:
                pieces.append((offset, len(part), key, token_id(key)))
            else:
                pieces.append((0, len(surface), key, token_id(key)))
            offset += len(part)
        return tuple(pieces)

    def _split_compound(self, word: str) -> tuple[str, ...]:
        for suffix in ("", "s", "es"):
            stem = word[: len(word) - len(suffix)] if suffix else word
            if word.endswith(suffix) and stem in self._compounds:
                parts = self._compounds[stem]
                return (*parts[:-1], parts[-1] + suffix)
        return (word,)

    def _key(self, word: str) -> str:
        word = self._spellings.get(word, word)
        return self._stem(word) if self._stem else word
