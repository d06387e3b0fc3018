"""The code that runs on the executors: load, analyze and check with the local engine.

Each Python worker builds one `reusecheck.engine.Checker` per run (`RunSpec`) and reuses it
for every partition: the same tokenizer, n-gram hashes, alignment, scorers, credit rules
and derivation verdict as ``reusecheck check``, with the plugins installed on the
executor plus the run's ``-p`` modules and ``--plugin`` files. A document or candidate
that fails becomes an error row; the job goes on.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from reusecheck.arrays import unique
from reusecheck.builtin.jsonl_format import report_lines
from reusecheck.builtin.jsonl_loader import SUFFIXES as JSONL_SUFFIXES
from reusecheck.engine import Checker, CheckOptions
from reusecheck.fingerprint import ngram_hashes
from reusecheck.loaders import LoadOptions
from reusecheck.models import Document, Finding, Problem, Report, Result
from reusecheck.plugins import load_plugins
from reusecheck.retrieve import Analyzed
from reusecheck.templates import seed_limits
from reusecheck_spark.records import DOCUMENT_COLUMNS, from_record, to_record

DOC, ERROR, WARNING = "doc", "error", "warning"


class JsonLine(bytes):
    """One line of a JSONL file (read line by line, so big files split across tasks)."""


@dataclass(frozen=True)
class RunSpec:
    """What every executor needs to build the run's Checker: the options and the plugins
    (``files`` are names shipped with ``SparkContext.addFile``)."""

    options: CheckOptions
    modules: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    blocked: tuple[str, ...] = ()
    autoload: bool = True
    workdir: str = field(default_factory=os.getcwd)  # the driver's: relative candidate paths are from there

    def checker(self) -> Checker:
        """This worker's Checker for the run (built once, then reused)."""
        key = pickle.dumps(self)
        checker = _CHECKERS.get(key)
        if checker is None:
            files = self.files
            if files:
                from pyspark import SparkFiles

                files = tuple(SparkFiles.get(name) for name in files)
            plugins = load_plugins(self.modules, files, self.blocked, self.autoload)
            if "plugins" in self.options.rule_options:  # the configuration's plugin options, as on the driver
                plugins.configure(self.options.rule_options["plugins"])
            checker = _CHECKERS[key] = Checker(self.options, plugins)
        return checker


_CHECKERS: dict[bytes, Checker] = {}


def problems(checker: Checker) -> Iterator[tuple[str, str, str]]:
    """(kind, path, message) of the errors and warnings the checker noted; clears them."""
    for kind, found in ((ERROR, checker.errors), (WARNING, checker.warnings)):
        for problem in found:
            yield kind, problem.path, problem.message
        found.clear()


def seed_positions(checker: Checker, analyzed: Analyzed) -> np.ndarray:
    """The token position of each seed's first occurrence (seeds as `analyze` gives them)."""
    hashes = ngram_hashes(analyzed.tokens.ids, checker.options.align.seed_ngram)
    distinct, first = np.unique(hashes, return_index=True)
    return first[np.searchsorted(distinct, analyzed.seeds)]


# -- loading ---------------------------------------------------------------------------
# Rows out: (kind, problem path, problem message, document record or Nones, seeds, positions,
# seed limits or None).


def analyzed_rows(spec: RunSpec, default_date: Any, with_limits: bool,
                  inputs: Iterable[tuple[str, Any]]) -> Iterator[tuple[Any, ...]]:
    """Documents from ``(path, data)`` inputs (see `reusecheck_spark.sources.read_inputs`)
    through the loader plugins, analyzed; one row per document and per problem. With
    ``with_limits`` (candidates), each seed's `reusecheck.templates.seed_limits`: the most
    sources that may hold it while it is specific to them."""
    checker = spec.checker()
    empty = (None,) * len(DOCUMENT_COLUMNS)
    options = LoadOptions(encoding=checker.options.encoding, default_date=default_date)
    for kind, path, message in problems(checker):  # plugin errors: once per partition
        yield (kind, path, message, *empty, None, None, None)
    for path, data in inputs:
        documents = _documents(checker, path, data, options)
        for kind, where, message in problems(checker):
            yield (kind, where, message, *empty, None, None, None)
        for document in documents:
            try:
                analyzed = checker.analyze(document)
                seeds = _signed(analyzed.seeds)
                positions = seed_positions(checker, analyzed).tolist()
                limits = _limits(checker, analyzed) if with_limits else None
            except Exception as exc:  # one bad document must not fail the job
                yield (ERROR, document.path or document.id, f"document {document.id!r} could not be analyzed "
                       f"({type(exc).__name__}: {exc})", *empty, None, None, None)
                continue
            yield (DOC, None, None, *to_record(document), seeds, positions, limits)


def _limits(checker: Checker, analyzed: Analyzed) -> list[int]:
    options = checker.options
    limits: list[int] = seed_limits(options.retrieval, analyzed, analyzed.seeds, options.align.seed_ngram).tolist()
    return limits


def _documents(checker: Checker, path: str, data: Any, options: LoadOptions) -> list[Document]:
    """The documents of one input: a file's or a JSONL line's bytes, a Parquet row, or the
    size of a file too big to read; problems go to the checker's errors."""
    if isinstance(data, int):
        checker.errors.append(Problem(path, f"file is {data / 1e6:.0f} MB, over the "
                                            f"{options.max_bytes / 1e6:.0f} MB limit; split it"))
        return []
    if isinstance(data, dict):
        if not isinstance(data.get("id"), str) or not data["id"] or not isinstance(data.get("text"), str):
            checker.errors.append(Problem(path, f"a row without a non-empty id or a text ({str(data.get('id'))[:60]!r}); "
                                                "give every row an id and a text"))
            return []
        try:
            return [from_record(data)]
        except (ValueError, TypeError) as exc:
            checker.errors.append(Problem(path, f"row {data['id']!r}: {exc}; fix the column"))
            return []
    if isinstance(data, JsonLine):
        if not data.strip():
            return []
        claimed = path if path.lower().endswith(JSONL_SUFFIXES) else path + JSONL_SUFFIXES[0]
        before = len(checker.errors)
        documents = checker.load_data(claimed, data, options)
        for k in range(before, len(checker.errors)):  # one line per input: no line number to give
            message = checker.errors[k].message.removeprefix("line 1: ")
            checker.errors[k] = Problem(path, f"a line starting {data[:40].decode('utf-8', 'replace')!r}: {message}")
        return [replace(d, path=path) for d in documents]
    return checker.load_data(path, data, options)


def _signed(hashes: np.ndarray) -> list[int]:
    """uint64 hashes as the signed 64-bit values Spark's LongType holds (same bits)."""
    signed: list[int] = hashes.astype(np.uint64, copy=False).view(np.int64).tolist()
    return signed


# -- checking --------------------------------------------------------------------------
class RankedSources:
    """A `SourceStore` that returns the sources Spark retrieved for one candidate, in rank
    order. From an archive (``specific`` given: the candidate's seeds that Spark found
    specific, `reusecheck.templates`), the engine judges their passages by those seeds,
    as it does with the local stores' `specific_seeds`."""

    def __init__(self, sources: list[Analyzed], specific: np.ndarray | None = None) -> None:
        self.sources = sources
        self.is_archive = specific is not None
        self._specific = unique(specific) if specific is not None else np.zeros(0, dtype=np.uint64)

    def retrieve(self, candidate: Analyzed) -> list[tuple[Analyzed, float]]:
        return [(source, 0.0) for source in self.sources]

    def specific_seeds(self, candidate: Analyzed) -> np.ndarray:
        return self._specific


def check_rows(spec: RunSpec, archive: bool, rows: Iterable[Any], cache_size: int = 256) -> Iterator[tuple[Any, ...]]:
    """Check each candidate row (``order``, ``candidate`` record, ``sources``: [(rank,
    number, record)], ``specific``: its specific seeds held by some source, when the index
    is an ``archive``) with the engine; yield (order, kind, JSON line, finding rows)."""
    checker = spec.checker()
    source_date = checker.options.source_date
    cache: dict[int, Analyzed] = {}

    def source(number: int, record: dict[str, Any]) -> Analyzed:
        analyzed = cache.pop(number, None)
        if analyzed is None:
            document = from_record(record)
            if document.date is None and source_date is not None:
                document = replace(document, date=source_date)
            analyzed = checker.analyze(document)
        if len(cache) >= cache_size:
            cache.pop(next(iter(cache)))
        cache[number] = analyzed
        return analyzed

    for kind, path, message in problems(checker):
        yield -1, kind, json.dumps({"type": kind, "path": path, "message": message}, ensure_ascii=False), []
    for row in rows:
        candidate = from_record(row["candidate"].asDict())
        try:
            ranked = sorted(row["sources"] or (), key=lambda s: s["rank"])
            specific = np.array(row["specific"] or (), dtype=np.int64).view(np.uint64) if archive else None
            store = RankedSources([source(s["number"], s["document"].asDict()) for s in ranked], specific)
            with driver_folder(spec.workdir):
                result = checker.check_one(checker.analyze(candidate), [store])
        except Exception as exc:  # one bad candidate becomes an error line, not a failed job
            where = candidate.path or candidate.id
            message = f"candidate {candidate.id!r} could not be checked ({type(exc).__name__}: {exc})"
            yield row["order"], ERROR, json.dumps({"type": ERROR, "path": where, "message": message}, ensure_ascii=False), []
            continue
        line = report_lines(Report((result,)))[0]
        yield row["order"], "result", json.dumps(line, ensure_ascii=False), finding_rows(result)


@contextlib.contextmanager
def driver_folder(folder: str) -> Iterator[None]:
    """Work in the driver's folder where it exists (local mode), so that a relative
    candidate path means what it means on the driver (per-path overrides match it)."""
    here = os.getcwd()
    moved = os.path.isdir(folder) and folder != here
    if moved:
        os.chdir(folder)
    try:
        yield
    finally:
        if moved:
            os.chdir(here)


def finding_rows(result: Result) -> list[tuple[Any, ...]]:
    """One row per finding: candidate id and path, rule, name, severity, message, source,
    span, evidence (JSON)."""
    return [_finding_row(result.candidate, f) for f in result.findings]


def _finding_row(candidate: Document, finding: Finding) -> tuple[Any, ...]:
    return (candidate.id, candidate.path, finding.rule, finding.name, str(finding.severity), finding.message,
            finding.source, finding.candidate_start, finding.candidate_end,
            json.dumps(finding.evidence, ensure_ascii=False, default=str))
