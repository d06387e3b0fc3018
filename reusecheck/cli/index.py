"""``reusecheck index add|remove|list|stats``: build and inspect a persistent source index."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterable
from dataclasses import replace

from reusecheck.cli.common import add_plugin_options, add_text_options, plugins_from_args, text_settings_from_args
from reusecheck.engine import Checker, CheckOptions
from reusecheck.errors import UsageError
from reusecheck.index import AddCounts, Index, IndexSettings, IndexStore
from reusecheck.loaders import expand_paths
from reusecheck.retrieve import Analyzed

BATCH_CHARACTERS = 4_000_000  # one transaction per batch: whole documents survive a kill
BATCH_DOCUMENTS = 2_000


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "index",
        help="build and inspect a persistent source index (one SQLite file)",
        description=(
            "A source index holds texts, metadata and seed n-gram postings in one SQLite file, so "
            "`reusecheck check CANDIDATE --index INDEX` finds the sources a text reuses among many "
            "thousands without comparing every pair."
        ),
    )
    actions = parser.add_subparsers(dest="index_action", metavar="ACTION", required=True)

    add = actions.add_parser(
        "add",
        help="add or update documents (files, folders, JSONL)",
        description=(
            "Add documents to INDEX, creating it if needed. Re-adding an unchanged document does nothing; "
            "a changed one (same id, other text or metadata) replaces the old version. Documents are "
            "written in batches, each one transaction: a killed run leaves whole documents only. The text "
            "options must match the index's (a new index records them)."
        ),
    )
    add.add_argument("index", metavar="INDEX", help="the index file")
    add.add_argument("paths", nargs="+", metavar="PATH", help="file, folder or JSONL file to add; - reads standard input")
    add.add_argument("--agency", metavar="NAME",
                     help="the agency whose copy these documents are (e.g. Reuters), stored with each one "
                          "that does not give its own (a JSONL record's \"agency\")")
    add.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    add.add_argument("--batch", type=_positive, default=BATCH_DOCUMENTS, metavar="N",
                     help=f"documents per transaction (default: {BATCH_DOCUMENTS}, and at most {BATCH_CHARACTERS // 10**6} M characters)")
    add_text_options(add)
    add_plugin_options(add)
    add.set_defaults(run=run_add)

    remove = actions.add_parser("remove", help="remove documents by id", description="Remove documents from INDEX by id.")
    remove.add_argument("index", metavar="INDEX", help="the index file")
    remove.add_argument("ids", nargs="+", metavar="ID", help="a document id, as `reusecheck index list` shows it")
    remove.set_defaults(run=run_remove)

    listing = actions.add_parser(
        "list", help="list the indexed documents",
        description="One line per document, by id: id, date, characters, title (tab-separated).",
    )
    listing.add_argument("index", metavar="INDEX", help="the index file")
    listing.set_defaults(run=run_list)

    stats = actions.add_parser(
        "stats", help="documents, postings, size on disk and n-gram settings",
        description="Documents, postings, characters, size on disk, format version and the settings the index was built with.",
    )
    stats.add_argument("index", metavar="INDEX", help="the index file")
    stats.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    stats.set_defaults(run=run_stats)


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {value!r}")
    return int(value)


def index_store(path: str, checker: Checker) -> IndexStore:
    """The index at ``path`` as a source store for ``checker`` (whose settings it must share)."""
    options = checker.options
    index = Index.open(path, IndexSettings.of(options.text, options.align.seed_ngram))
    return IndexStore(index, checker.analyze, options.retrieval, options.source_date)


class Progress:
    """A one-line progress bar on stderr (only when enabled: a terminal and not --quiet)."""

    def __init__(self, total_bytes: int, enabled: bool) -> None:
        self.total = max(total_bytes, 1)
        self.enabled = enabled
        self.documents = 0
        self.characters = 0
        self.started = self.shown = time.monotonic()

    def advance(self, documents: int, characters: int) -> None:
        self.documents += documents
        self.characters += characters
        if self.enabled and time.monotonic() - self.shown >= 0.2:
            self._show()

    def _show(self, end: str = "") -> None:
        self.shown = time.monotonic()
        share = min(self.characters / self.total, 1.0)
        bar = "#" * int(share * 30)
        rate = self.characters / 1e6 / max(self.shown - self.started, 1e-9)
        sys.stderr.write(f"\r[{bar:<30}] {share:4.0%} {self.documents:,} documents {rate:.1f} MB/s{end}")
        sys.stderr.flush()

    def finish(self) -> None:
        if self.enabled:
            self._show("\n")


def _input_bytes(paths: Iterable[str]) -> int:
    return sum(os.path.getsize(p) for path in paths for p in expand_paths(path) if p != "-" and os.path.isfile(p))


def run_add(args: argparse.Namespace) -> int:
    plugins = plugins_from_args(args)
    text, align = text_settings_from_args(args)
    checker = Checker(CheckOptions(text=text, align=align, encoding=args.encoding), plugins)
    progress = Progress(_input_bytes(args.paths), sys.stderr.isatty() and not args.quiet)
    totals = AddCounts()
    with Index.open(args.index, IndexSettings.of(text, align.seed_ngram), create=True) as index:
        batch: list[Analyzed] = []
        size = 0
        for document in checker.load(args.paths, None):
            if args.agency and not document.agency:
                document = replace(document, agency=args.agency)
            batch.append(checker.analyze(document))
            size += len(document.text)
            if size >= BATCH_CHARACTERS or len(batch) >= args.batch:
                totals = _add(index, batch, totals, progress)
                batch, size = [], 0
        totals = _add(index, batch, totals, progress)
    progress.finish()
    for problem in checker.warnings:
        print(f"reusecheck: warning: {problem.path}: {problem.message}", file=sys.stderr)
    for problem in checker.errors:
        print(f"reusecheck: error: {problem.path}: {problem.message}", file=sys.stderr)
    if not args.quiet:
        print(f"{args.index}: {totals.added} added, {totals.replaced} replaced, {totals.unchanged} unchanged")
    return 2 if checker.errors else 0


def _add(index: Index, batch: list[Analyzed], totals: AddCounts, progress: Progress) -> AddCounts:
    if not batch:
        return totals
    counts = index.add(batch)
    progress.advance(len(batch), sum(len(a.document.text) for a in batch))
    return AddCounts(totals.added + counts.added, totals.replaced + counts.replaced, totals.unchanged + counts.unchanged)


def run_remove(args: argparse.Namespace) -> int:
    with Index.open(args.index) as index:
        if index.read_only:
            raise UsageError("the index file is read-only; make it writable to remove documents", args.index)
        missing = index.remove(args.ids)
    for doc_id in missing:
        print(f"reusecheck: error: {args.index}: no document {doc_id!r}; `reusecheck index list` shows the ids", file=sys.stderr)
    return 2 if missing else 0


def run_list(args: argparse.Namespace) -> int:
    with Index.open(args.index) as index:
        for doc_id, date, characters, title, _path in index.listing():
            sys.stdout.write(f"{doc_id}\t{date or ''}\t{characters}\t{title or ''}\n")
    return 0


def run_stats(args: argparse.Namespace) -> int:
    with Index.open(args.index) as index:
        stats = index.stats()
    if args.json:
        print(json.dumps(stats))
    else:
        for key, value in stats.items():
            print(f"{key}: {value}")
    return 0
