"""Checking candidates in forked worker processes, results in candidate order.

The parent loads the candidates; each of ``jobs`` forked workers analyzes and checks one
candidate at a time with its copy of the `Checker`. A store that holds a database
connection gives ``for_worker()``, called in each worker after the fork, which opens its
own (SQLite connections must not be used across a fork); other stores (`MemoryStore`) are
used as inherited. Problems reach the checker's lists in the order a run with one job
gives: those found while loading a candidate, then those found checking it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol

from reusecheck.analyzed import Analyzed
from reusecheck.models import Document, Problem, Result
from reusecheck.retrieve import SourceStore

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult


class Checker(Protocol):
    """What a worker uses of `reusecheck.engine.Checker` (which imports this module)."""

    errors: list[Problem]
    warnings: list[Problem]

    def analyze(self, document: Document) -> Analyzed: ...

    def check_one(self, candidate: Analyzed, stores: Iterable[SourceStore]) -> Result: ...


AHEAD = 4  # candidates queued per worker: enough to keep it busy, few enough to keep memory flat

_worker: tuple[Checker, list[SourceStore]] | None = None  # the parent's, then each worker's own
_inherited: list[Any] = []  # the parent's stores, kept (never closed) in a worker


def default_jobs() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _start_worker() -> None:
    global _worker
    assert _worker is not None
    checker, stores = _worker
    _inherited.extend(stores)  # closing a connection opened before the fork could disturb the parent's
    _worker = checker, [store.for_worker() if hasattr(store, "for_worker") else store for store in stores]


def _check(document: Document) -> tuple[Result, list[Problem], list[Problem]]:
    assert _worker is not None
    checker, stores = _worker
    errors, warnings = len(checker.errors), len(checker.warnings)
    result = checker.check_one(checker.analyze(document), stores)
    return result, checker.errors[errors:], checker.warnings[warnings:]


class _Problems:
    """Takes the problems the parent's loading added out of the checker's lists, to put
    them back when the candidate they came before is done."""

    def __init__(self, checker: Checker) -> None:
        self.checker = checker
        self.errors, self.warnings = len(checker.errors), len(checker.warnings)

    def take(self) -> tuple[list[Problem], list[Problem]]:
        taken = self.checker.errors[self.errors :], self.checker.warnings[self.warnings :]
        del self.checker.errors[self.errors :], self.checker.warnings[self.warnings :]
        return taken

    def put(self, errors: Iterable[Problem], warnings: Iterable[Problem], once: bool = False) -> None:
        """Add problems; with ``once``, errors not yet listed only (a failing plugin is
        reported by every worker that meets it)."""
        self.checker.errors.extend(e for e in errors if not (once and e in self.checker.errors))
        self.checker.warnings.extend(warnings)
        self.errors, self.warnings = len(self.checker.errors), len(self.checker.warnings)


def checked(checker: Checker, documents: Iterable[Document], stores: list[SourceStore], jobs: int) -> Iterator[Result]:
    """Each document's result, in order, checked by ``jobs`` forked workers."""
    global _worker
    _worker = checker, stores
    problems = _Problems(checker)
    pending: deque[tuple[tuple[list[Problem], list[Problem]], AsyncResult[tuple[Result, list[Problem], list[Problem]]]]]
    pending = deque()

    def finished() -> Result:
        loading, work = pending.popleft()
        result, errors, warnings = work.get()
        problems.put(*loading)
        problems.put(errors, warnings, once=True)
        return result

    try:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_start_worker) as pool:
            for document in documents:
                pending.append((problems.take(), pool.apply_async(_check, (document,))))
                if len(pending) >= AHEAD * jobs:
                    yield finished()
            trailing = problems.take()
            while pending:
                yield finished()
            problems.put(*trailing)
    finally:
        _worker = None
