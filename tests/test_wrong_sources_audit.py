"""benchmarks/wrong_sources.py's measure: the longest run of consecutive words two texts share."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def longest_shared_run() -> Callable[[Sequence[str], Sequence[str]], tuple[str, ...]]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        found: Callable[[Sequence[str], Sequence[str]], tuple[str, ...]] = importlib.import_module(
            "wrong_sources").longest_shared_run
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return found


def test_the_longest_of_several_shared_runs_is_found_wherever_it_lies_in_either_text(
        longest_shared_run: Callable[[Sequence[str], Sequence[str]], tuple[str, ...]]) -> None:
    candidate = "the fed said that banks net free reserves averaged 603 mln dlrs in the period".split()
    source = "net free reserves averaged 191 mln dlrs and the fed said that banks net free reserves fell".split()
    assert longest_shared_run(candidate, source) == tuple("the fed said that banks net free reserves".split())
    assert longest_shared_run(source, candidate) == tuple("the fed said that banks net free reserves".split())


def test_a_repeated_word_does_not_join_two_runs_and_nothing_shared_is_no_run(
        longest_shared_run: Callable[[Sequence[str], Sequence[str]], tuple[str, ...]]) -> None:
    assert longest_shared_run("a b a b c".split(), "a b c a b".split()) == ("a", "b", "c")
    assert longest_shared_run("x y z".split(), "a b c".split()) == ()
    assert longest_shared_run([], "a b".split()) == ()
