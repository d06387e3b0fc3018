"""Credit extraction: what a text says about where it came from."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from reusecheck.models import Credit, Document


@dataclass(frozen=True)
class CreditExtractor:
    """A named function that finds credits in a document (offsets into its text)."""

    name: str
    extract: Callable[[Document], Iterable[Credit]]
    description: str = ""


def extract_credits(document: Document, extractors: Sequence[CreditExtractor]) -> tuple[Credit, ...]:
    """The document's metadata credits and every extractor's, in text order."""
    found = list(document.credits)
    for extractor in extractors:
        found.extend(extractor.extract(document))
    return tuple(sorted(found, key=lambda c: (c.start is None, c.start or 0, c.end or 0)))
