"""``reusecheck index add|remove|list|stats|check``: build and inspect a persistent source index."""

from __future__ import annotations

import argparse
import contextlib
import heapq
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import replace

from reusecheck import run_setup
from reusecheck.cli.common import add_plugin_options, add_text_options
from reusecheck.engine import Checker
from reusecheck.errors import UsageError
from reusecheck.formats import visible, visible_at_line_start
from reusecheck.index import AddCounts, Index, IndexSettings, Packed
from reusecheck.indexing import WriterThread, packed_documents
from reusecheck.loaders import expand_paths
from reusecheck.parallel import default_jobs
from reusecheck.shards import SHARD_CHARACTERS, ShardWriter, open_shards

BATCH_CHARACTERS = 4_000_000  # one transaction per batch: whole documents survive a kill
BATCH_DOCUMENTS = 2_000
_INDEX_HELP = "the index file, or a folder of shard files"


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
            "a changed one (same id, other text or metadata) replaces the old version. A new INDEX is built "
            "beside it and appears whole at the end; into an existing one documents are written in batches, "
            "each one transaction: a killed run leaves whole documents only. The text "
            "options must match the index's (a new index records them). An INDEX that is a folder (or ends "
            "with /) holds shard files: new documents go to the newest shard, a new one once it is full."
        ),
    )
    add.add_argument("index", metavar="INDEX", help=_INDEX_HELP)
    add.add_argument("paths", nargs="+", metavar="PATH", help="file, folder or JSONL file to add; - reads standard input")
    add.add_argument("--agency", metavar="NAME",
                     help="the agency whose copy these documents are (e.g. Reuters), stored with each one "
                          "that does not give its own (a JSONL record's \"agency\")")
    add.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    add.add_argument("--batch", type=_positive, default=BATCH_DOCUMENTS, metavar="N",
                     help=f"documents per batch, one transaction each when adding to an existing index (default: {BATCH_DOCUMENTS}, "
                          f"and at most {BATCH_CHARACTERS // 10**6} M characters)")
    add.add_argument("-j", "--jobs", type=_positive, default=default_jobs(), metavar="N",
                     help="tokenize in N worker processes while the main one writes the index; 1: no workers "
                          "(default: all cores)")
    add.add_argument("--shard-size", type=_positive, default=SHARD_CHARACTERS, metavar="CHARACTERS",
                     help=f"for a folder INDEX: characters per shard file (default: {SHARD_CHARACTERS:,})")
    add_text_options(add)
    add_plugin_options(add)
    add.set_defaults(run=run_add)

    remove = actions.add_parser("remove", help="remove documents by id", description="Remove documents from INDEX by id.")
    remove.add_argument("index", metavar="INDEX", help=_INDEX_HELP)
    remove.add_argument("ids", nargs="+", metavar="ID", help="a document id, as `reusecheck index list` shows it")
    remove.set_defaults(run=run_remove)

    listing = actions.add_parser(
        "list", help="list the indexed documents",
        description="One line per document, by id: id, date, characters, title (tab-separated).",
    )
    listing.add_argument("index", metavar="INDEX", help=_INDEX_HELP)
    listing.set_defaults(run=run_list)

    stats = actions.add_parser(
        "stats", help="documents, postings, size on disk and n-gram settings",
        description="Documents, postings, characters, size on disk, format version and the settings the index was built with.",
    )
    stats.add_argument("index", metavar="INDEX", help=_INDEX_HELP)
    stats.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    stats.set_defaults(run=run_stats)

    check = actions.add_parser(
        "check", help="check that the index file is intact",
        description=(
            "Run SQLite's quick_check (integrity_check with --full) over INDEX and check every document's stored "
            "fields and its postings. Prints `INDEX: ok` and exits 0, or one line per problem and exits 2."
        ),
    )
    check.add_argument("index", metavar="INDEX", help=_INDEX_HELP)
    check.add_argument("--full", action="store_true", help="SQLite's thorough integrity_check (slower on big indexes)")
    check.set_defaults(run=run_check)


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {value!r}")
    return int(value)


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
    options = run_setup.text_options(vars(args))
    checker = Checker(options, run_setup.plugins(vars(args)))
    progress = Progress(_input_bytes(args.paths), sys.stderr.isatty() and not args.quiet)
    totals = AddCounts()
    writer = WriterThread(ShardWriter(args.index, IndexSettings.of(options.text, options.align.seed_ngram),
                                      args.shard_size))
    try:
        batch: list[Packed] = []
        size = 0
        documents = (replace(d, agency=args.agency) if args.agency and not d.agency else d
                     for d in checker.load(args.paths, None))
        for packed in packed_documents(checker, documents, args.jobs):
            batch.append(packed)
            size += len(packed.document.text)
            if size >= BATCH_CHARACTERS or len(batch) >= args.batch:
                totals = _add(totals, writer.add(batch), batch, progress)
                batch, size = [], 0
        if batch:
            totals = _add(totals, writer.add(batch), batch, progress)
        totals = _add(totals, writer.finish(), [], progress)
    finally:
        writer.close()
    progress.finish()
    for problem in checker.warnings:
        print(f"reusecheck: warning: {problem.path}: {problem.message}", file=sys.stderr)
    for problem in checker.errors:
        print(f"reusecheck: error: {problem.path}: {problem.message}", file=sys.stderr)
    if not args.quiet:
        print(f"{args.index}: {totals.added} added, {totals.replaced} replaced, {totals.unchanged} unchanged")
    return 2 if checker.errors else 0


def _add(totals: AddCounts, counts: AddCounts, batch: list[Packed], progress: Progress) -> AddCounts:
    """``totals`` with a written batch's ``counts``; ``batch`` (handed to the writer) shown as progress."""
    progress.advance(len(batch), sum(len(a.document.text) for a in batch))
    return totals + counts


@contextlib.contextmanager
def _shards(path: str) -> Iterator[list[Index]]:
    shards = open_shards([path])
    try:
        yield shards
    finally:
        for shard in shards:
            shard.close()


def run_remove(args: argparse.Namespace) -> int:
    with _shards(args.index) as shards:
        if any(shard.read_only for shard in shards):
            raise UsageError("the index file or its folder is read-only; make both writable to remove documents",
                             args.index)
        missing = set(args.ids)
        for shard in shards:
            missing &= set(shard.remove(args.ids))
    for doc_id in (i for i in dict.fromkeys(args.ids) if i in missing):
        print(f"reusecheck: error: {args.index}: no document {doc_id!r}; `reusecheck index list` shows the ids", file=sys.stderr)
    return 2 if missing else 0


def run_list(args: argparse.Namespace) -> int:
    with _shards(args.index) as shards:
        for doc_id, date, characters, title, _path in heapq.merge(*(shard.listing() for shard in shards)):
            sys.stdout.write(f"{visible_at_line_start(doc_id, keep='')}\t{date or ''}\t{characters}\t{visible(title or '', keep='')}\n")
    return 0


def run_check(args: argparse.Namespace) -> int:
    with _shards(args.index) as shards:
        problems = [(shard.path, problem) for shard in shards for problem in shard.problems(full=args.full)]
        documents = sum(shard.count() for shard in shards) if not problems else 0
    for path, problem in problems:
        print(f"reusecheck: error: {path}: {problem}", file=sys.stderr)
    if problems:
        print(f"reusecheck: error: {args.index}: the index is damaged; rebuild it from its sources with "
              "`reusecheck index add` into a new file", file=sys.stderr)
        return 2
    print(f"{args.index}: ok ({documents} document(s))")
    return 0


def run_stats(args: argparse.Namespace) -> int:
    with _shards(args.index) as shards:
        each = [shard.stats() for shard in shards]
    stats = dict(each[0])
    for key in ("documents", "postings", "characters", "bytes"):
        stats[key] = sum(int(s[key]) for s in each)  # type: ignore[call-overload]
    stats["shards"] = len(each)
    if args.json:
        print(json.dumps(stats))
    else:
        for key, value in stats.items():
            print(f"{key}: {value}")
    return 0
