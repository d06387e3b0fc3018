"""Template passages (reusecheck.templates) on real text: the shared republication workload.

Wire stories are written from templates; a candidate that copies one story shares short
template passages with many others. In an archive, those others are not its sources.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from helpers import shared_path

from reusecheck.engine import Checker
from reusecheck.models import Document
from reusecheck.retrieve import MemoryStore

pytestmark = pytest.mark.slow  # analyzes the workload's 12,772 stories


@pytest.fixture(scope="module")
def workload(tmp_path_factory: pytest.TempPathFactory) -> dict:
    generator = shared_path("bench", "workload", "make_workload.py")
    folder = tmp_path_factory.mktemp("workload")
    subprocess.run([sys.executable, str(generator)], check=True, cwd=generator.parent, stdout=subprocess.DEVNULL,
                   env={**os.environ, "WORKLOAD_DIR": str(folder)})

    def read(name: str) -> list[dict]:
        return [json.loads(line) for line in (folder / name).read_text(encoding="utf-8").splitlines()]

    return {"sources": {str(r["id"]): r["text"] for r in read("sources.jsonl")},
            "candidates": {r["id"]: r["text"] for r in read("candidates.jsonl")},
            "truth": {t["id"]: t for t in read("truth.jsonl")}}


@pytest.fixture(scope="module")
def archive(workload: dict) -> tuple[Checker, MemoryStore]:
    """The workload's archive: 12,772 real Reuters stories."""
    checker = Checker()
    store = checker.memory_store([Document(i, text) for i, text in workload["sources"].items()])
    assert store.is_archive
    return checker, store


def sources_of(candidate: str, workload: dict, archive: tuple[Checker, MemoryStore]) -> set[str]:
    checker, store = archive
    result = checker.check_one(checker.analyze(Document(candidate, workload["candidates"][candidate])), [store])
    return {m.source.id for m in result.matches}


@pytest.mark.parametrize(("candidate", "true", "templates"), [
    # "<...> Inc> said it signed a letter of intent to": a phrase ten other stories share
    ("c0371", {"5531"}, {"10483", "11136", "12083", "1679", "17551", "19780", "5077", "5082", "6220", "8430"}),
    # a story not in the archive: eurobond terms ("fees 1-1/4 pct for selling ...") of other issues
    ("c0947", set(), {"2412", "11719", "10051", "2331"}),
])
def test_template_passages_are_not_sources(candidate: str, true: set[str], templates: set[str], workload: dict,
                                           archive: tuple[Checker, MemoryStore]) -> None:
    assert set(workload["truth"][candidate]["sources"]) == {int(t) for t in true}
    found = sources_of(candidate, workload, archive)
    assert true <= found
    assert not found & templates


def test_a_small_set_of_sources_is_no_archive(workload: dict) -> None:
    """Given a few files (--against), nothing tells a template from a copy: every source
    with a passage is reported, as before."""
    checker = Checker()
    store = checker.memory_store([Document(i, workload["sources"][i]) for i in ("5531", "10483", "5082")])
    assert not store.is_archive
    result = checker.check_one(checker.analyze(Document("c0371", workload["candidates"]["c0371"])), [store])
    assert {m.source.id for m in result.matches} >= {"5531", "10483"}


def test_the_rule_keeps_a_copy_of_a_template_story(workload: dict, archive: tuple[Checker, MemoryStore]) -> None:
    """A copy of a template story itself (its names and numbers) is found in the archive."""
    text = workload["sources"]["2412"]
    checker, store = archive
    result = checker.check_one(checker.analyze(Document("copy", text)), [store])
    assert "2412" in {m.source.id for m in result.matches}


def test_specific_seeds_come_from_the_archive(workload: dict, archive: tuple[Checker, MemoryStore]) -> None:
    checker, store = archive
    candidate = checker.analyze(Document("c0947", workload["candidates"]["c0947"]))
    frequencies = store.frequencies(candidate.seeds)
    assert len(frequencies) == len(candidate.seeds)
    assert (frequencies > 3).any() and (frequencies <= 3).any()


def test_a_weekly_report_is_not_the_source_of_another_week(workload: dict, archive: tuple[Checker, MemoryStore]) -> None:
    """Reuters 7428, the Fed's discount window borrowings for the week to March 18, follows
    the template of the weeks to February 25 (109) and later (15987) passage after passage
    (containment 0.75 with 109), with every figure different."""
    checker, store = archive
    text = workload["sources"]["7428"]
    assert "averaged 228 mln dlrs" in text and "averaged 310 mln dlrs" in workload["sources"]["109"]
    others = MemoryStore([s for s in store.sources if s.document.id != "7428"], store.settings)
    found = {m.source.id for m in checker.check_one(checker.analyze(Document("week", text)), [others]).matches}
    assert not found & {"109", "15987"}
