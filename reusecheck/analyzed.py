"""What retrieval works with: a document analysed for it (`Analyzed`: its tokens and
distinct seed n-gram hashes) and the settings (`RetrievalSettings`), shared by
`reusecheck.retrieve` and `reusecheck.templates` (which retrieve uses)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reusecheck.arrays import unique
from reusecheck.models import Document
from reusecheck.seeds import seed_hashes
from reusecheck.text import Tokens


@dataclass(frozen=True)
class RetrievalSettings:
    """``min_shared``: distinct shared n-grams a source needs to be aligned at all (six
    3-grams: one shortest verbatim passage of eight words). ``max_df``: share of sources an
    n-gram may occur in and still count (with at least ``df_floor`` sources before the
    cut-off applies). ``top_k``: sources aligned at most. Tuned on the Reuters benchmark
    (benchmarks/README.md): fewer, better sources to align, no loss of recall there.

    Template passages (`reusecheck.templates`), in a store of at least ``min_archive`` sources: a seed is specific
    when at most ``rare_df`` sources hold it, or ``number_df`` for a seed holding a number
    (a number shared in its words is a copied fact; a template's numbers differ); a source
    is reported only when its passages hold ``min_specific`` specific seeds; sources are
    ranked by the specific seeds they share first, and one sharing ``admit_specific`` of
    them is aligned even below ``min_shared`` (tuned on the shared republication workload,
    benchmarks/README.md)."""

    min_shared: int = 6
    max_df: float = 0.01
    df_floor: int = 20
    top_k: int = 20
    rare_df: int = 3
    number_df: int = 10
    min_specific: int = 2
    admit_specific: int = 3
    min_archive: int = 1000


@dataclass(frozen=True)
class Analyzed:
    """A document with its tokens and its distinct seed n-gram hashes."""

    document: Document
    tokens: Tokens
    seeds: np.ndarray


def analyze(document: Document, tokens: Tokens, seed_ngram: int) -> Analyzed:
    """The document's distinct seeds; their hashes in text order stay in `seed_hashes`'s
    cache, where alignment looks for them."""
    return Analyzed(document, tokens, unique(seed_hashes(tokens, seed_ngram)))
