"""A source's credits are extracted once while it is among the documents met lately, and
are what a fresh extraction gives; once a credit extractor is left out, they are
extracted again without it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from helpers import REPUBLISHED, REUTERS, read

from reusecheck import engine
from reusecheck.credits import CreditExtractor, default_agencies, extract_credits
from reusecheck.engine import Checker
from reusecheck.guard import Item, guarded
from reusecheck.models import Credit, Document

SOURCE = Document(id="reuters", text=read(REUTERS))


def candidates() -> list[Document]:
    text = read(REPUBLISHED)
    return [Document(id=f"c{k}", text=text.replace("Aleppo", "Aleppo" + "s" * k, 1)) for k in range(3)]


def test_a_source_matched_by_several_candidates_is_credited_once(monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = [engine.check([c], [SOURCE]).results[0] for c in candidates()]
    extracted: list[str] = []
    extract = extract_credits

    def counting(document: Document, *args: object) -> tuple[Credit, ...]:
        extracted.append(document.id)
        return extract(document, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "extract_credits", counting)
    checker = Checker()
    store = checker.memory_store([SOURCE])
    results = [checker.check_one(checker.analyze(c), [store]) for c in candidates()]
    assert all(r.matches for r in results)
    assert extracted.count("reuters") == 1
    assert results == fresh


def test_credits_kept_are_not_those_of_an_extractor_left_out() -> None:
    """An extractor crediting the source, failing on the second candidate: the source's
    credits kept with its credit are not reused once it is left out."""
    def extract(document: Document) -> list[Credit]:
        if document.id == "c1":
            raise LookupError("no byline")
        return [Credit("House Desk", "editor", "metadata")]

    checker = Checker()
    checker.plugins.credit_extractors["house"] = guarded(CreditExtractor("house", extract),
                                                         Item("credit extractor", "house", "house"))
    store = checker.memory_store([SOURCE])
    house = Credit("House Desk", "editor", "metadata")
    assert house in checker._credits(SOURCE)  # kept
    result = checker.check_one(checker.analyze(candidates()[1]), [store])  # it fails: left out, checked again
    assert "house" not in checker.plugins.credit_extractors
    assert any("no byline" in e.message for e in checker.errors)
    assert house not in checker._credits(SOURCE)
    assert result == engine.check([candidates()[1]], [SOURCE]).results[0]


def test_an_agency_list_hashes_as_its_fields() -> None:
    """Its hash is computed once (extractors keep their patterns by agency list), and is the
    one of its fields, so equal lists find the same patterns."""
    agencies = default_agencies()
    fields = (agencies.agencies, agencies.attribution, agencies.credit_labels, agencies.credit_lines)
    other = replace(agencies)
    assert other is not agencies and other == agencies
    assert hash(agencies) == hash(other) == hash(fields)
    assert hash(replace(agencies, attribution=())) != hash(agencies)
