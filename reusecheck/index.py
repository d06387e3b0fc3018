"""The persistent source index: one SQLite file holding sources and their seed postings.

Layout (format version `FORMAT_VERSION`, recorded in ``PRAGMA user_version``; the file is
marked as a reusecheck index with ``PRAGMA application_id``):

- ``meta``: the settings that shape tokens and seeds (language, spelling folding, seed
  n-gram size). An index only answers candidates tokenized the same way, so opening it
  with other settings is an error, never a silent mismatch.
- ``documents``: each source's text and metadata, a digest of both (re-adding an
  unchanged document is a no-op) and its number of distinct seeds. The ``agency`` column
  came later: opening an older index to write adds it, one opened read-only reads none.
- ``postings``: ``(hash, document)`` for every distinct seed n-gram of every document, a
  ``WITHOUT ROWID`` table keyed by hash, so one candidate's retrieval is one indexed
  range scan per seed.

Safety: WAL journal; every batch of documents is one ``BEGIN IMMEDIATE`` transaction, so a
run killed at any point leaves the index as it was or with whole documents added; a busy
timeout makes a second writer wait for the first one's batch. A file without write
permission is opened read-only (``mode=ro``) and can still be checked against.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace

import numpy as np

from reusecheck.errors import UsageError
from reusecheck.models import Credit, Document
from reusecheck.retrieve import Analyzed, RetrievalSettings, analyze, df_cutoff, for_candidate, rank
from reusecheck.text import TextSettings, Tokenizer

FORMAT_VERSION = 1
APPLICATION_ID = 0x52434958  # "RCIX"
BUSY_TIMEOUT_SECONDS = 120.0
_CACHE_KIB = 128 * 1024  # page cache for writers: postings inserts touch pages all over

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS documents (
    number INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    digest TEXT NOT NULL,
    seeds INTEGER NOT NULL,
    text TEXT NOT NULL,
    path TEXT, title TEXT, date TEXT, publisher TEXT, url TEXT, credits TEXT, encoding TEXT NOT NULL,
    agency TEXT
);
CREATE TABLE IF NOT EXISTS postings (
    hash INTEGER NOT NULL,
    document INTEGER NOT NULL,
    PRIMARY KEY (hash, document)
) WITHOUT ROWID;
"""

# Documents sharing enough candidate seeds. Seeds in more than :cutoff documents do not
# count; counting at most :cutoff + 1 postings per seed keeps boilerplate cheap.
_RETRIEVE = """
WITH seed(hash) AS (SELECT value FROM json_each(:seeds)),
kept(hash) AS (
    SELECT hash FROM seed
    WHERE (SELECT count(*) FROM (SELECT 1 FROM postings p WHERE p.hash = seed.hash LIMIT :limit)) <= :cutoff
),
shared(document, n) AS (
    SELECT p.document, count(*) FROM kept JOIN postings p ON p.hash = kept.hash
    GROUP BY p.document HAVING count(*) >= :min_shared
)
SELECT d.number, d.id, shared.n FROM shared JOIN documents d ON d.number = shared.document
"""


@dataclass(frozen=True)
class IndexSettings:
    """What an index's postings depend on; recorded in the index and checked on open."""

    language: str | None = "english"
    fold_spelling: bool = True
    seed_ngram: int = 3

    @classmethod
    def of(cls, text: TextSettings, seed_ngram: int) -> IndexSettings:
        return cls(text.language, text.fold_spelling, seed_ngram)

    def describe(self) -> str:
        spelling = "on" if self.fold_spelling else "off (--no-spelling-variants)"
        return f"language {self.language or 'none'}, seed n-gram {self.seed_ngram}, spelling variants {spelling}"


@dataclass(frozen=True)
class AddCounts:
    """What one `Index.add` did."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0


def digest(document: Document) -> str:
    """A fingerprint of a document's text and metadata: equal digests, nothing to update."""
    record = [document.text, document.path, document.title, _date_text(document.date), document.publisher,
              document.url, _credits_json(document.credits), document.encoding]
    if document.agency:  # documents without one keep the digests they had before the field
        record.append(document.agency)
    return hashlib.blake2b(json.dumps(record, ensure_ascii=False).encode("utf-8"), digest_size=16).hexdigest()


def _date_text(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def _credits_json(credits: Sequence[Credit]) -> str | None:
    return json.dumps([asdict(c) for c in credits], ensure_ascii=False) if credits else None


def _signed(hashes: np.ndarray) -> np.ndarray:
    """uint64 hashes as the int64 values SQLite stores (same bits)."""
    return hashes.astype(np.uint64, copy=False).view(np.int64)


def is_read_only(path: str) -> bool:
    """Whether the index file must not be written: no write permission bit, or no access."""
    return not (os.stat(path).st_mode & 0o222) or not os.access(path, os.W_OK)


class Index:
    """An opened index file. Use `Index.open`; close it (or use it as a context manager)."""

    def __init__(self, path: str, connection: sqlite3.Connection, settings: IndexSettings, read_only: bool) -> None:
        self.path = path
        self.connection = connection
        self.settings = settings
        self.read_only = read_only
        self._tokenizer: Tokenizer | None = None
        self._agency_column = "agency"

    def seeds(self, document: Document) -> np.ndarray:
        """A document's distinct seed hashes under the index's settings (as `analyze` gives them)."""
        if self._tokenizer is None:
            self._tokenizer = Tokenizer(TextSettings(self.settings.language, self.settings.fold_spelling))
        return analyze(document, self._tokenizer.tokenize(document.text), self.settings.seed_ngram).seeds

    # -- opening ------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str, settings: IndexSettings | None = None, *, create: bool = False) -> Index:
        """Open (or with ``create``, create) the index at ``path``.

        :param settings: the settings this run uses; an index built with others is an error.
            None: take the index's own settings (a new index gets the defaults).
        :raises UsageError: no such index, not an index, a newer format, other settings,
            or a read-only file opened to write.
        """
        exists = os.path.exists(path)
        if not exists and not create:
            raise UsageError("no index here; create one with `reusecheck index add INDEX PATH...`", path)
        read_only = exists and is_read_only(path)
        if read_only and create:
            raise UsageError("the index file is read-only; make it writable to add or remove documents", path)
        try:
            if read_only:
                connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS,
                                             isolation_level=None, check_same_thread=False)
            else:
                connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None,
                                             check_same_thread=False)
            index = cls(path, connection, settings or IndexSettings(), read_only)
            index._prepare(settings, create=create and not read_only)
        except sqlite3.OperationalError as exc:
            raise UsageError(f"cannot open the index ({exc}); check that its folder exists and is readable", path) from None
        except sqlite3.DatabaseError as exc:
            raise UsageError(f"not a reusecheck index ({exc}); give the path of an index file", path) from None
        return index

    def _prepare(self, wanted: IndexSettings | None, create: bool) -> None:
        c = self.connection
        if create and c.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
            self._initialize(wanted or IndexSettings())
        if c.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise UsageError("not a reusecheck index (an SQLite file of something else); give another path", self.path)
        version = c.execute("PRAGMA user_version").fetchone()[0]
        if version != FORMAT_VERSION:
            newer = version > FORMAT_VERSION
            raise UsageError(
                f"index format {version} is {'newer' if newer else 'older'} than this reusecheck's ({FORMAT_VERSION}); "
                + ("upgrade reusecheck" if newer else "rebuild the index"),
                self.path,
            )
        if not self.read_only:
            c.execute("PRAGMA synchronous=NORMAL")
            c.execute(f"PRAGMA cache_size=-{_CACHE_KIB}")
        self._add_agency_column()
        stored = IndexSettings(**json.loads(c.execute("SELECT value FROM meta WHERE key = 'settings'").fetchone()[0]))
        if wanted is not None and wanted != stored:
            raise UsageError(
                f"the index was built with {stored.describe()}, this run uses {wanted.describe()}; "
                "use the index's settings or build a new index",
                self.path,
            )
        self.settings = stored

    def _add_agency_column(self) -> None:
        """Give an index built before documents had an agency the column (read-only: read NULL)."""
        columns = {row[1] for row in self.connection.execute("PRAGMA table_info(documents)")}
        if "agency" in columns:
            return
        if self.read_only:
            self._agency_column = "NULL"
            return
        with self._writing():
            columns = {row[1] for row in self.connection.execute("PRAGMA table_info(documents)")}
            if "agency" not in columns:
                self.connection.execute("ALTER TABLE documents ADD COLUMN agency TEXT")

    def _initialize(self, settings: IndexSettings) -> None:
        """Create the schema in a new, empty file (once, if two processes race to do it)."""
        c = self.connection
        c.execute("PRAGMA journal_mode=WAL")
        with self._writing():
            if c.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        c.execute(statement)
                c.execute("INSERT INTO meta VALUES ('settings', ?)", (json.dumps(asdict(settings)),))
                c.execute(f"PRAGMA application_id={APPLICATION_ID}")
                c.execute(f"PRAGMA user_version={FORMAT_VERSION}")

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """One write transaction, committed whole or rolled back. SQLite's own failures
        (still locked after the busy timeout, disk full) become a clear error."""
        c = self.connection
        try:
            c.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if c.in_transaction:
                    c.execute("ROLLBACK")
                raise
            c.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            raise UsageError(f"cannot write the index ({exc}); if another process holds it, try again", self.path) from None

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------
    def add(self, batch: Sequence[Analyzed]) -> AddCounts:
        """Add a batch of analyzed documents in one transaction (all or none of them).

        A document whose id is already indexed with the same digest is left alone; with
        another digest it replaces the old version. Within a batch the last document with
        an id wins. The seeds must have been computed with the index's settings.
        """
        latest = {a.document.id: a for a in batch}
        with self._writing():
            return self._add_locked(list(latest.values()))

    def _add_locked(self, batch: list[Analyzed]) -> AddCounts:
        c = self.connection
        ids = [a.document.id for a in batch]
        old = dict(
            c.execute(
                "SELECT d.id, d.digest FROM documents d JOIN json_each(?) j ON d.id = j.value", (json.dumps(ids),)
            ).fetchall()
        )
        digests = [digest(a.document) for a in batch]
        fresh = [(a, d) for a, d in zip(batch, digests, strict=True) if old.get(a.document.id) != d]
        replaced = [a.document.id for a, _ in fresh if a.document.id in old]
        self._remove_locked(replaced)
        next_number = c.execute("SELECT coalesce(max(number), 0) + 1 FROM documents").fetchone()[0]
        numbers = range(next_number, next_number + len(fresh))
        c.executemany(
            "INSERT INTO documents (number, id, digest, seeds, text, path, title, date, publisher, url, credits, encoding,"
            " agency) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (n, a.document.id, d, len(a.seeds), a.document.text, a.document.path, a.document.title,
                 _date_text(a.document.date), a.document.publisher, a.document.url,
                 _credits_json(a.document.credits), a.document.encoding, a.document.agency)
                for n, (a, d) in zip(numbers, fresh, strict=True)
            ],
        )
        if fresh:
            hashes = np.concatenate([_signed(a.seeds) for a, _ in fresh])
            owners = np.repeat(np.array(numbers, dtype=np.int64), [len(a.seeds) for a, _ in fresh])
            order = np.lexsort((owners, hashes))
            c.executemany("INSERT INTO postings (hash, document) VALUES (?, ?)",
                          zip(hashes[order].tolist(), owners[order].tolist()))
        return AddCounts(len(fresh) - len(replaced), len(replaced), len(batch) - len(fresh))

    def remove(self, ids: Sequence[str]) -> list[str]:
        """Remove documents by id in one transaction; return the ids that were not indexed."""
        with self._writing():
            return self._remove_locked(list(dict.fromkeys(ids)))

    def _remove_locked(self, ids: list[str]) -> list[str]:
        """Delete documents and exactly their postings; fall back to a full scan if the
        recomputed seeds do not account for every posting (a tokenizer that changed)."""
        c = self.connection
        missing = []
        for doc_id in ids:
            row = c.execute("SELECT number, seeds FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                missing.append(doc_id)
                continue
            number, seed_count = row
            hashes = _signed(self.seeds(self.document(number))).tolist()
            before = c.total_changes
            c.executemany("DELETE FROM postings WHERE hash = ? AND document = ?", ((h, number) for h in hashes))
            if c.total_changes - before != seed_count:
                c.execute("DELETE FROM postings WHERE document = ?", (number,))
            c.execute("DELETE FROM documents WHERE number = ?", (number,))
        return missing

    # -- reading ------------------------------------------------------------------------
    def document(self, number: int) -> Document:
        row = self.connection.execute(
            f"SELECT id, text, path, title, date, publisher, url, credits, encoding, {self._agency_column}"
            " FROM documents WHERE number = ?",
            (number,),
        ).fetchone()
        doc_id, text, path, title, date, publisher, url, credits, encoding, agency = row
        return Document(
            id=doc_id, text=text, path=path, title=title, date=dt.date.fromisoformat(date) if date else None,
            publisher=publisher, url=url, encoding=encoding, agency=agency,
            credits=tuple(Credit(**c) for c in json.loads(credits)) if credits else (),
        )

    def listing(self) -> Iterator[tuple[str, str | None, int, str | None, str | None]]:
        """(id, date, characters, title, path) of every document, by id."""
        yield from self.connection.execute("SELECT id, date, length(text), title, path FROM documents ORDER BY id")

    def count(self) -> int:
        return int(self.connection.execute("SELECT count(*) FROM documents").fetchone()[0])

    def stats(self) -> dict[str, object]:
        """Documents, postings, characters, bytes on disk (with the WAL), format and settings."""
        documents, postings, characters = self.connection.execute(
            "SELECT count(*), coalesce(sum(seeds), 0), coalesce(sum(length(text)), 0) FROM documents"
        ).fetchone()
        size = sum(os.path.getsize(p) for p in (self.path, self.path + "-wal") if os.path.exists(p))
        return {
            "documents": documents, "postings": postings, "characters": characters, "bytes": size,
            "format": FORMAT_VERSION, **asdict(self.settings),
        }

    def retrieve_rows(self, seeds: np.ndarray, settings: RetrievalSettings, sources: int) -> list[tuple[int, str, int]]:
        """(number, id, shared seeds) of documents with at least ``min_shared`` counting seeds."""
        cutoff = df_cutoff(settings, sources)
        return self.connection.execute(
            _RETRIEVE,
            {"seeds": json.dumps(_signed(seeds).tolist()), "limit": int(cutoff) + 1, "cutoff": cutoff,
             "min_shared": settings.min_shared},
        ).fetchall()


class IndexStore:
    """A `SourceStore` over an index: the same ranking as `MemoryStore` on the same sources.

    The run reads one snapshot of the index (a read transaction held until `close`), so
    documents added meanwhile neither appear nor shift the document-frequency cut-off.
    """

    def __init__(
        self,
        index: Index,
        analyze: Callable[[Document], Analyzed],
        settings: RetrievalSettings | None = None,
        source_date: dt.date | None = None,
        cache_size: int = 256,
    ) -> None:
        self.index = index
        self.settings = settings or RetrievalSettings()
        self._analyze = analyze
        self._source_date = source_date
        self._cache: dict[int, Analyzed] = {}
        self._cache_size = cache_size
        index.connection.execute("BEGIN")
        self._sources = index.count()

    def retrieve(self, candidate: Analyzed) -> list[tuple[Analyzed, float]]:
        """Sources worth aligning, best first, with the share of candidate seeds they hold."""
        if not self._sources or len(candidate.seeds) == 0:
            return []
        total = len(candidate.seeds)
        settings = for_candidate(self.settings, total)
        rows = self.index.retrieve_rows(candidate.seeds, settings, self._sources)
        ranked = rank([n for _, _, n in rows], [doc_id for _, doc_id, _ in rows], settings)
        return [(self._source(rows[k][0]), rows[k][2] / total) for k in ranked]

    def _source(self, number: int) -> Analyzed:
        cached = self._cache.pop(number, None)
        if cached is None:
            document = self.index.document(number)
            if document.date is None and self._source_date is not None:
                document = replace(document, date=self._source_date)
            cached = self._analyze(document)
        if len(self._cache) >= self._cache_size:
            self._cache.pop(next(iter(self._cache)))
        self._cache[number] = cached
        return cached

    def close(self) -> None:
        self.index.connection.execute("COMMIT")
        self.index.close()
