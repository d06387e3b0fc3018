"""The two retrieval baselines measured in the same run as the index.

- `DictIndex`: a plain in-memory dict inverted index of word 5-gram hashes; a source is
  returned when it shares at least one 5-gram with the candidate.
- `MinHashIndex`: datasketch MinHashLSH (128 permutations, Jaccard threshold 0.3) over
  the same word 5-grams (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

_WORD = re.compile(r"\w+")


def five_grams(text: str) -> set[int]:
    words = _WORD.findall(text.lower())
    return {hash(tuple(words[k : k + 5])) for k in range(len(words) - 4)}


class DictIndex:
    """hash -> ids of the sources holding it."""

    def __init__(self) -> None:
        self.postings: dict[int, list[str]] = defaultdict(list)

    def add(self, doc_id: str, text: str) -> None:
        for gram in five_grams(text):
            self.postings[gram].append(doc_id)

    def query(self, text: str) -> list[str]:
        shared: Counter[str] = Counter()
        for gram in five_grams(text):
            shared.update(self.postings.get(gram, ()))
        return [doc_id for doc_id, _ in shared.most_common()]


class MinHashIndex:
    """datasketch MinHashLSH over word 5-gram shingles."""

    def __init__(self, threshold: float = 0.3, num_perm: int = 128) -> None:
        from datasketch import MinHashLSH

        self.num_perm = num_perm
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)

    def _minhash(self, text: str):  # noqa: ANN202 - datasketch has no type hints
        from datasketch import MinHash

        minhash = MinHash(num_perm=self.num_perm)
        words = _WORD.findall(text.lower())
        minhash.update_batch([" ".join(words[k : k + 5]).encode("utf-8") for k in range(len(words) - 4)])
        return minhash

    def add(self, doc_id: str, text: str) -> None:
        self.lsh.insert(doc_id, self._minhash(text))

    def query(self, text: str) -> list[str]:
        return sorted(self.lsh.query(self._minhash(text)))
