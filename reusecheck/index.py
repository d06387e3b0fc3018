"""The persistent source index: one SQLite file holding sources and their seed postings.

Layout (format version `FORMAT_VERSION`, recorded in ``PRAGMA user_version``; the file is
marked as a reusecheck index with ``PRAGMA application_id``):

- ``meta``: the settings that shape tokens and seeds (language, spelling folding, seed
  n-gram size). An index only answers candidates tokenized the same way, so opening it
  with other settings is an error, never a silent mismatch.
- ``documents``: each source's text and metadata (agency included), a digest of both (re-adding an
  unchanged document is a no-op), its number of distinct seeds and its tokens (`pack_tokens`:
  a source is never tokenized again to be aligned).
- ``runs``, ``blocks`` and ``common``: ``(hash, document)`` for every distinct seed n-gram
  of every document, as sorted runs of blocks (`reusecheck.postings`): a batch costs a
  sort and one row per block of postings, not a B-tree insert per posting, and runs are
  merged as they come, so the cost per posting stays bounded as the index grows.

Safety: WAL journal; every batch of documents is one ``BEGIN IMMEDIATE`` transaction, so a
run killed at any point leaves the index as it was or with whole documents added; a busy
timeout makes a second writer wait for the first one's batch. A new index (``building``)
is built in a temporary file beside it instead, without a journal, its postings written
once at the end (`reusecheck.postings`), and appears whole when `Index.publish` links it
into place: a failed run leaves no index at all. A file without write
permission, or in a folder without it, is opened read-only and immutable: it can still be
checked against, and no ``-wal``/``-shm`` files are left beside it.

Integrity: opening checks what is cheap (the marks, the tables and their columns, the
settings row, a file not shorter than its pages); `Index.problems` runs SQLite's
``quick_check`` (or ``integrity_check``) and checks postings against documents on demand
(`reusecheck index check`). Any database error while reading becomes `IndexDamaged`: one
line naming the index and the fix.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np

from reusecheck import postings
from reusecheck.errors import UsageError
from reusecheck.loaders import normalize_path
from reusecheck.models import Credit, Document
from reusecheck.native import core
from reusecheck.retrieve import Analyzed, analyze
from reusecheck.temporaries import remove_stale_temporaries, temporary_path
from reusecheck.text import TextSettings, Tokens, token_id

try:  # the compiled core (reusecheck/_seeding.c), built by pip install where there is a C compiler
    from reusecheck import _seeding
except ImportError:  # pragma: no cover - no compiler where it was installed: numpy, the same tokens
    _seeding = None  # type: ignore[assignment]

FORMAT_VERSION = 3  # 2: postings one row each (tables postings and recent); 1: no stored tokens
APPLICATION_ID = 0x52434958  # "RCIX"
BUSY_TIMEOUT_SECONDS = 120.0
_CACHE_KIB = 64 * 1024  # page cache for writers

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS documents (
    number INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    digest TEXT NOT NULL,
    seeds INTEGER NOT NULL,
    text TEXT NOT NULL,
    path TEXT, title TEXT, date TEXT, publisher TEXT, url TEXT, credits TEXT, encoding TEXT NOT NULL,
    agency TEXT, tokens BLOB NOT NULL
);
""" + postings.SCHEMA

# The columns each table must have (a damaged or foreign file lacks some).
_COLUMNS = {
    "meta": ["key", "value"],
    "documents": ["number", "id", "digest", "seeds", "text", "path", "title", "date", "publisher", "url", "credits",
                  "encoding", "agency", "tokens"],
    **postings.COLUMNS,
}

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

    def __add__(self, other: AddCounts) -> AddCounts:
        return AddCounts(self.added + other.added, self.replaced + other.replaced, self.unchanged + other.unchanged)

    def __sub__(self, other: AddCounts) -> AddCounts:
        return AddCounts(self.added - other.added, self.replaced - other.replaced, self.unchanged - other.unchanged)


@dataclass(frozen=True)
class Packed:
    """A document ready to be stored: its distinct seeds, its packed tokens and its `digest`."""

    document: Document
    seeds: np.ndarray
    tokens: bytes
    digest: str

    @classmethod
    def of(cls, analyzed: Analyzed) -> Packed:
        return cls(analyzed.document, analyzed.seeds, pack_tokens(analyzed.tokens), digest(analyzed.document))


_JSON = json.JSONEncoder(ensure_ascii=False)  # what json.dumps(..., ensure_ascii=False) makes, without a new encoder per call


def digest(document: Document) -> str:
    """A fingerprint of a document's text and metadata: equal digests, nothing to update."""
    record = [document.text, document.path, document.title, _date_text(document.date), document.publisher,
              document.url, _credits_json(document.credits), document.encoding]
    if document.agency:  # documents without one keep the digests they had before the field
        record.append(document.agency)
    return hashlib.blake2b(_JSON.encode(record).encode("utf-8"), digest_size=16).hexdigest()


def _date_text(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def _credits_json(credits: Sequence[Credit]) -> str | None:
    return json.dumps([asdict(c) for c in credits], ensure_ascii=False) if credits else None


_MAX_NUMBER = 2**31 - 1  # document numbers are stored as int32 in the postings


def _signed(hashes: np.ndarray) -> np.ndarray:
    """uint64 hashes as the int64 values SQLite stores (same bits)."""
    return hashes.astype(np.uint64, copy=False).view(np.int64)


# Compresses stored tokens: ISA-L's deflate where isal is installed (a dependency on the machines
# it has wheels for: the same zlib streams at level 1, in about 40% of zlib's time, 2% larger),
# else zlib's (tests set either).
deflate: Callable[[bytes, int], bytes]
_isal_inflate: Callable[[bytes], bytes] | None
try:
    from isal.isal_zlib import IsalError as _IsalError
    from isal.isal_zlib import compress as deflate
    from isal.isal_zlib import decompress as _isal_inflate
except ImportError:
    deflate, _isal_inflate = zlib.compress, None


def inflate(blob: bytes) -> bytes:
    """Stored tokens decompressed: by ISA-L where isal is installed (the same bytes, in about 60%
    of zlib's time), else by zlib; a stream ISA-L refuses is read by zlib, whose error says what
    is wrong as it always did."""
    if _isal_inflate is not None:
        try:
            return _isal_inflate(blob)
        except _IsalError:  # type: ignore[misc]  # (isal's stubs give its error class as an instance)
            pass
    return zlib.decompress(blob)

# Lays out tokens in the compiled core where it is built (tests set it to None to take numpy's path).
token_bytes: Callable[[np.ndarray, np.ndarray, tuple[str, ...]], bytes] | None = core.token_bytes if core is not None else None


def pack_tokens(tokens: Tokens) -> bytes:
    """A document's tokens as stored: a zlib stream (`deflate`) of the count, the steps from one start offset to
    the next and each token's length (int32: small numbers that compress well), and the
    keys joined by NUL (no key holds one: NUL is a separator). Ids are not stored: they
    are a function of the keys. Laid out by the compiled core where it is built (`token_bytes`)."""
    if token_bytes is not None:
        return deflate(token_bytes(tokens.starts, tokens.ends, tokens.keys), 1)
    starts, count = tokens.starts, len(tokens)
    numbers = np.empty(1 + 2 * count, dtype=np.int32)
    numbers[0] = count
    if count:
        numbers[1] = starts[0]
        np.subtract(starts[1:], starts[:-1], out=numbers[2 : count + 1], casting="unsafe")
        np.subtract(tokens.ends, starts, out=numbers[count + 1 :], casting="unsafe")
    return deflate(numbers.tobytes() + "\0".join(tokens.keys).encode("utf-8"), 1)


class TokenReader:
    """Unpacks stored tokens; remembers the id of each key it has seen. ``compiled``: with
    the compiled core where it is built (the same tokens)."""

    def __init__(self, compiled: bool = True) -> None:
        self._ids: dict[str, int] = {}
        self._core = _seeding if compiled else None
        self._keys = self._core.key_table() if self._core is not None else None  # the compiled core's keys met

    def unpack(self, blob: bytes) -> Tokens:
        data = inflate(blob)
        if self._core is not None:
            starts_bytes, ends_bytes, words, id_bytes = self._core.unpack_tokens(data, self._keys, token_id)
            return Tokens(np.frombuffer(starts_bytes, dtype=np.int64), np.frombuffer(ends_bytes, dtype=np.int64), words,
                          np.frombuffer(id_bytes, dtype=np.uint64))
        count = int(np.frombuffer(data, dtype=np.int32, count=1)[0])
        numbers = np.frombuffer(data, dtype=np.int32, count=1 + 2 * count)[1:].astype(np.int64)
        starts = np.cumsum(numbers[:count])
        keys = tuple(data[4 * (1 + 2 * count) :].decode("utf-8").split("\0")) if count else ()
        ids = self._ids
        try:  # most keys were seen before: looked up without first listing the new ones
            found = np.fromiter(map(ids.__getitem__, keys), dtype=np.uint64, count=count)
        except KeyError:
            for key in set(keys).difference(ids):
                ids[key] = token_id(key)
            found = np.fromiter(map(ids.__getitem__, keys), dtype=np.uint64, count=count)
        return Tokens(starts, starts + numbers[count:], keys, found)


def _sync(path: str, data_only: bool = False) -> None:
    """Write a file's pages to the disk (``data_only``: fdatasync, where the system has it)."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        (getattr(os, "fdatasync", os.fsync) if data_only else os.fsync)(descriptor)
    finally:
        os.close(descriptor)


def _sync_folder(path: str) -> None:
    """Make a new name in ``path``'s folder durable (where the system allows it)."""
    try:
        descriptor = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


class IndexDamaged(UsageError):
    """An index whose file is damaged: the message says how to find out more and what to do."""

    def __init__(self, detail: str, path: str) -> None:
        self.detail = detail
        super().__init__(
            f"the index is damaged ({detail}); `reusecheck index check {path}` shows what is wrong; "
            "rebuild it from its sources with `reusecheck index add`",
            path,
        )


def _writable(path: str) -> bool:
    """A write permission bit and write access (root has access to everything: the bits count)."""
    return bool(os.stat(path).st_mode & 0o222) and os.access(path, os.W_OK)


def is_read_only(path: str) -> bool:
    """Whether the index must not be written: the file, or its folder (where SQLite keeps the
    journal files), is not writable."""
    return not _writable(path) or not _writable(os.path.dirname(os.path.abspath(path)))


def _connect(path: str, read_only: bool) -> sqlite3.Connection:
    """A connection; read-only ones are immutable (no locks, no journal files), unless a
    write-ahead log with committed pages is there to be read."""
    if read_only:
        wal = path + "-wal"
        mode = "mode=ro" if os.path.exists(wal) and os.path.getsize(wal) > 0 else "mode=ro&immutable=1"
        target = f"{Path(path).absolute().as_uri()}?{mode}"
    else:
        target = path
    return sqlite3.connect(target, uri=read_only, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None,
                           check_same_thread=False)


class Index:
    """An opened index file. Use `Index.open`; close it (or use it as a context manager)."""

    def __init__(self, path: str, connection: sqlite3.Connection, settings: IndexSettings, read_only: bool,
                 file: str | None = None) -> None:
        self.path = path
        self.file = file or path  # where it is written: a temporary file while it is being built
        self.connection = connection
        self.settings = settings
        self.read_only = read_only
        self.tokens = TokenReader()
        self.postings = postings.Postings(connection, defer=self.building)
        self._last: postings.Found | None = None
        self._ids: dict[int, str] | None = None  # every document's id, by number, while postings are held

    @property
    def building(self) -> bool:
        """A new index being built in a temporary file (`publish` puts it in place)."""
        return self.file != self.path

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
        if exists and os.path.isdir(path):
            raise UsageError("is a folder; give the path of an index file", path)
        read_only = exists and is_read_only(path)
        if read_only and create:
            raise UsageError("the index file or its folder is read-only; make both writable to add or remove "
                             "documents", path)
        return cls._opened(path, path, settings, read_only, create)

    @classmethod
    def build(cls, path: str, settings: IndexSettings) -> Index:
        """A new index for ``path`` (which does not exist), built in the temporary file
        ``.NAME.PID.reusecheck-tmp`` beside it (those of killed runs are removed first):
        no journal, postings written once (`publish`). `discard` it if the run fails."""
        folder, name = os.path.split(os.path.abspath(path))
        remove_stale_temporaries(folder, name)
        file = temporary_path(path)
        for stale in (file, file + "-wal", file + "-shm"):  # of a dead process this one's id was reused from
            with contextlib.suppress(FileNotFoundError):
                os.unlink(stale)
        return cls._opened(path, file, settings, False, True)

    @classmethod
    def _opened(cls, path: str, file: str, settings: IndexSettings | None, read_only: bool, create: bool) -> Index:
        connection = None
        try:
            connection = _connect(file, read_only)
            index = cls(path, connection, settings or IndexSettings(), read_only, file)
            index._prepare(settings, create=create and not read_only)
        except (sqlite3.DatabaseError, UsageError) as exc:
            if connection is not None:
                connection.close()
            if isinstance(exc, UsageError):
                raise
            if "malformed" in str(exc):
                raise IndexDamaged(str(exc), path) from None
            if isinstance(exc, sqlite3.OperationalError):
                raise UsageError(f"cannot open the index ({exc}); check that its folder exists and is readable",
                                 path) from None
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
        if self.building:  # the file is thrown away if the run fails: no journal, no syncs, no locks
            c.execute("PRAGMA synchronous=OFF")
            c.execute("PRAGMA locking_mode=EXCLUSIVE")
        elif not self.read_only:
            c.execute("PRAGMA synchronous=NORMAL")
        if not self.read_only:
            c.execute(f"PRAGMA cache_size=-{_CACHE_KIB}")
        with self.reading():
            stored = self._verify_structure()
        if wanted is not None and wanted != stored:
            raise UsageError(
                f"the index was built with {stored.describe()}, this run uses {wanted.describe()}; "
                "use the index's settings or build a new index",
                self.path,
            )
        self.settings = stored

    def _verify_structure(self) -> IndexSettings:
        """The cheap checks of every open; returns the stored settings.

        :raises IndexDamaged: a table or column missing, the settings row missing or not
            valid, or the file shorter than its pages (truncated).
        """
        c = self.connection
        for table, columns in _COLUMNS.items():
            found = [row[1] for row in c.execute(f"PRAGMA table_info({table})")]
            if found != columns:
                raise IndexDamaged(f"table {table} is missing or has other columns", self.path)
        row = c.execute("SELECT value FROM meta WHERE key = 'settings'").fetchone()
        if row is None:
            raise IndexDamaged("no settings row in table meta", self.path)
        try:
            stored = json.loads(row[0])
            if not isinstance(stored, dict) or set(stored) != {f.name for f in fields(IndexSettings)}:
                raise ValueError(f"other keys than {[f.name for f in fields(IndexSettings)]}")
            settings = IndexSettings(**stored)
        except (ValueError, TypeError) as exc:
            raise IndexDamaged(f"the settings in table meta are not valid: {exc}", self.path) from None
        pages, page_size = c.execute("PRAGMA page_count").fetchone()[0], c.execute("PRAGMA page_size").fetchone()[0]
        wal = self.file + "-wal"
        if not (os.path.exists(wal) and os.path.getsize(wal)) and os.path.getsize(self.file) < pages * page_size:
            raise IndexDamaged(f"the file is shorter than its {pages} pages: truncated", self.path)
        return settings

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Database errors and undecodable rows while reading become one line: `IndexDamaged`
        (or, for a lock held too long, a clear `UsageError`)."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise UsageError(f"cannot read the index ({exc}); if another process holds it, try again",
                                 self.path) from None
            raise IndexDamaged(str(exc), self.path) from None
        except (sqlite3.DatabaseError, zlib.error, ValueError, TypeError, KeyError) as exc:
            raise IndexDamaged(f"{type(exc).__name__}: {exc}", self.path) from None

    def problems(self, full: bool = False) -> list[str]:
        """What is wrong with the index (empty: nothing found): SQLite's ``quick_check``
        (``integrity_check`` with ``full``), every document's stored fields, and postings
        that match the documents' seed counts."""
        c = self.connection
        found: list[str] = []
        try:
            check = "integrity_check" if full else "quick_check"
            found += [f"sqlite {check}: {row[0]}" for row in c.execute(f"PRAGMA {check}") if row[0] != "ok"]
            if found:
                return found
            counted = self._postings_per_document(found)
            for number, doc_id, seeds in c.execute("SELECT number, id, seeds FROM documents ORDER BY number").fetchall():
                try:
                    self.analyzed(number)
                except IndexDamaged as exc:
                    found.append(f"document {doc_id!r}: {exc.detail}")
                held = counted.pop(number, 0)
                if held != seeds:
                    found.append(f"document {doc_id!r}: {seeds} seeds recorded, {held} postings")
            found += [f"{n} postings of document number {d}, which is not indexed" for d, n in sorted(counted.items())]
        except sqlite3.DatabaseError as exc:
            found.append(f"sqlite: {exc}")
        except postings.PostingsDamaged as exc:
            found.append(f"postings: {exc}")
        return found

    def _postings_per_document(self, found: list[str]) -> dict[int, int]:
        """Postings per document number; runs whose postings are not what they record go to ``found``."""
        counts: dict[int, int] = {}
        for run, recorded, _, documents in self.postings.everything():
            if len(documents) != recorded:
                found.append(f"postings: run {run} records {recorded} postings and holds {len(documents)}")
            numbers, n = np.unique(documents, return_counts=True)
            for number, count in zip(numbers.tolist(), n.tolist(), strict=True):
                counts[number] = counts.get(number, 0) + count
        return counts

    def _initialize(self, settings: IndexSettings) -> None:
        """Create the schema in a new, empty file (once, if two processes race to do it)."""
        c = self.connection
        c.execute("PRAGMA auto_vacuum=INCREMENTAL")  # pages a merge frees go back to the file system
        c.execute(f"PRAGMA journal_mode={'OFF' if self.building else 'WAL'}")  # WAL once built: `publish`
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
        self._last = None
        self._ids = None
        self.postings.release()
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
        except (sqlite3.DatabaseError, postings.PostingsDamaged) as exc:
            raise IndexDamaged(str(exc), self.path) from None

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------
    def add(self, batch: Sequence[Packed]) -> AddCounts:
        """Add a batch of packed documents in one transaction (all or none of them): their
        postings are one run, merged with others as `reusecheck.postings` says.

        A document whose id is already indexed with the same digest is left alone; with
        another digest it replaces the old version. Within a batch the last document with
        an id wins. The seeds must have been computed with the index's settings.
        """
        latest = {p.document.id: p for p in batch}
        with self._writing():
            counts, merged = self._add_locked(list(latest.values()))
        if merged:
            self._vacuum()
        if self.building:  # its pages go to the disk now (the writer thread's wait), not all at `publish`'s sync
            with contextlib.suppress(OSError):  # only sooner: `publish` syncs the whole file
                _sync(self.file, data_only=True)
        return counts

    def compact(self) -> None:
        """Merge the newest runs of postings into one (`reusecheck.postings.Postings.compact`)."""
        with self._writing():
            merged = self.postings.flush()
            merged = self.postings.compact() or merged
        if merged:
            self._vacuum()

    def publish(self) -> bool:
        """(`building`.) Write the postings held back, then put the file at `path`, whole
        (synced, then hard-linked: never over a file another run created meanwhile) and
        close it. False if another run created `path` first: the built file stays for
        `stored` to read, then `discard`."""
        self.compact()
        c = self.connection
        try:
            c.execute("PRAGMA locking_mode=NORMAL")
            c.execute("PRAGMA journal_mode=WAL")  # as any index: readers beside a writer
            c.close()
            _sync(self.file)
            try:
                os.link(self.file, self.path)
            except FileExistsError:
                self.connection = _connect(self.file, read_only=False)
                return False
            except OSError:  # a file system without hard links: replaced unless it appeared meanwhile
                if os.path.exists(self.path):
                    self.connection = _connect(self.file, read_only=False)
                    return False
                os.replace(self.file, self.path)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.file)
            _sync_folder(self.path)
        except (sqlite3.DatabaseError, OSError) as exc:
            raise UsageError(f"cannot write the index ({exc}); check the disk and the folder's permissions",
                             self.path) from None
        self.file = self.path
        self.connection = _connect(self.path, read_only=False)
        self.postings = postings.Postings(self.connection)
        return True

    def discard(self) -> None:
        """(`building`.) Close the temporary file and delete it."""
        self.connection.close()
        for file in (self.file, self.file + "-wal", self.file + "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(file)

    def stored(self) -> Iterator[Packed]:
        """Every document as it was added (`Packed`: seeds from its stored tokens), by number."""
        with self.reading():
            rows = self.connection.execute("SELECT number, digest, tokens FROM documents ORDER BY number").fetchall()
        for number, stored_digest, tokens in rows:
            analyzed = self.analyzed(number)
            yield Packed(analyzed.document, analyzed.seeds, tokens, stored_digest)

    def _vacuum(self) -> None:
        """Give the pages that merged runs freed back to the file system."""
        try:
            self.connection.executescript("PRAGMA incremental_vacuum;")
        except sqlite3.DatabaseError as exc:
            raise UsageError(f"cannot write the index ({exc}); if another process holds it, try again",
                             self.path) from None

    def _add_locked(self, batch: list[Packed]) -> tuple[AddCounts, bool]:
        c = self.connection
        ids = [p.document.id for p in batch]
        old = dict(
            c.execute(
                "SELECT d.id, d.digest FROM documents d JOIN json_each(?) j ON d.id = j.value", (json.dumps(ids),)
            ).fetchall()
        )
        fresh = [(p, p.digest) for p in batch if old.get(p.document.id) != p.digest]
        replaced = [p.document.id for p, _ in fresh if p.document.id in old]
        self._remove_locked(replaced)
        next_number = c.execute("SELECT coalesce(max(number), 0) + 1 FROM documents").fetchone()[0]
        numbers = range(next_number, next_number + len(fresh))
        c.executemany(
            "INSERT INTO documents (number, id, digest, seeds, text, path, title, date, publisher, url, credits, encoding,"
            " agency, tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (n, p.document.id, d, len(p.seeds), p.document.text, p.document.path, p.document.title,
                 _date_text(p.document.date), p.document.publisher, p.document.url,
                 _credits_json(p.document.credits), p.document.encoding, p.document.agency, p.tokens)
                for n, (p, d) in zip(numbers, fresh, strict=True)
            ],
        )
        merged = False
        if fresh:
            if numbers[-1] > _MAX_NUMBER:
                raise UsageError("the index has numbered 2**31 documents; build a new one (or a folder of shards)",
                                 self.path)
            hashes = np.concatenate([p.seeds for p, _ in fresh], dtype=np.uint64, casting="unsafe").view(np.int64)  # as `_signed`
            owners = np.repeat(np.array(numbers, dtype=np.int64), [len(p.seeds) for p, _ in fresh])
            merged = self.postings.add(hashes, owners)
        return AddCounts(len(fresh) - len(replaced), len(replaced), len(batch) - len(fresh)), merged

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
            if row is None:  # a file's id given as another spelling of its path
                row = c.execute("SELECT number, seeds FROM documents WHERE id = ?", (normalize_path(doc_id),)).fetchone()
            if row is None:
                missing.append(doc_id)
                continue
            number, seed_count = row
            if self.postings.remove(number, np.sort(_signed(self.analyzed(number).seeds))) != seed_count:
                self.postings.remove_everywhere(number)  # postings the stored tokens do not account for
            c.execute("DELETE FROM documents WHERE number = ?", (number,))
        return missing

    # -- reading ------------------------------------------------------------------------
    def analyzed(self, number: int) -> Analyzed:
        """A stored document with its stored tokens and their seeds (no tokenizing)."""
        with self.reading():
            row = self.connection.execute(
                "SELECT id, text, path, title, date, publisher, url, credits, encoding, agency, tokens FROM documents"
                " WHERE number = ?",
                (number,),
            ).fetchone()
            if row is None:
                raise KeyError(f"no document number {number}")
            doc_id, text, path, title, date, publisher, url, credits, encoding, agency, tokens = row
            document = Document(
                id=doc_id, text=text, path=path, title=title, date=dt.date.fromisoformat(date) if date else None,
                publisher=publisher, url=url, encoding=encoding, agency=agency,
                credits=tuple(Credit(**c) for c in json.loads(credits)) if credits else (),
            )
            unpacked = self.tokens.unpack(tokens)
            if len(unpacked) and (unpacked.starts[-1] > len(text) or unpacked.ends[-1] > len(text)):
                raise ValueError(f"document {doc_id!r}: tokens beyond the end of its text")
            return analyze(document, unpacked, self.settings.seed_ngram)

    def listing(self) -> Iterator[tuple[str, str | None, int, str | None, str | None]]:
        """(id, date, characters, title, path) of every document, by id."""
        with self.reading():
            yield from self.connection.execute("SELECT id, date, length(text), title, path FROM documents ORDER BY id")

    def count(self) -> int:
        with self.reading():
            return int(self.connection.execute("SELECT count(*) FROM documents").fetchone()[0])

    def stats(self) -> dict[str, object]:
        """Documents, postings, characters, bytes on disk (with the WAL), format and settings."""
        with self.reading():
            documents, postings, characters = self.connection.execute(
                "SELECT count(*), coalesce(sum(seeds), 0), coalesce(sum(length(text)), 0) FROM documents"
            ).fetchone()
        size = sum(os.path.getsize(p) for p in (self.file, self.file + "-wal") if os.path.exists(p))
        return {
            "documents": documents, "postings": postings, "characters": characters, "bytes": size,
            "format": FORMAT_VERSION, **asdict(self.settings),
        }

    def _find(self, seeds: np.ndarray) -> tuple[postings.Found, np.ndarray]:
        """The postings of ``seeds`` (uint64 hashes) and, per seed, its place in ``found.seeds``.
        Seeds all among the last lookup's (a candidate's seeds asked again, or some of them)
        are answered from it: a store reads one snapshot, and writing forgets it."""
        signed = _signed(seeds)
        order = np.argsort(signed, kind="stable")
        wanted = signed[order]
        found = self._last.part(wanted) if self._last is not None else None
        if found is None:
            with self.reading():
                found = self._last = self.postings.find(wanted)
        place = np.empty(len(order), dtype=np.int64)
        place[order] = np.arange(len(order))
        return found, place

    def hold_postings(self) -> bool:
        """Read a small index's postings into memory for lookups (`Postings.hold`); only for
        a reader of one snapshot. Whether they are held (with every document's id)."""
        with self.reading():
            if self._ids is None and self.postings.hold():
                self._ids = dict(self.connection.execute("SELECT number, id FROM documents").fetchall())
            return self._ids is not None

    def frequencies(self, seeds: np.ndarray, limit: int) -> np.ndarray:
        """How many documents hold each seed (at most ``limit``)."""
        found, place = self._find(seeds)
        frequencies: np.ndarray = np.minimum(found.frequencies[place], limit)
        return frequencies

    def retrieve_rows(self, seeds: np.ndarray, cutoff: float, min_shared: int) -> list[tuple[int, str, int]]:
        """`shared` of the seeds held by at most ``cutoff`` documents of this index."""
        found, _ = self._find(seeds)
        return self._rows(found, found.frequencies <= cutoff, min_shared)

    def shared(self, seeds: np.ndarray, min_shared: int) -> list[tuple[int, str, int]]:
        """(number, id, shared seeds) of documents holding at least ``min_shared`` of ``seeds``."""
        found, _ = self._find(seeds)
        return self._rows(found, np.ones(len(found.seeds), dtype=bool), min_shared)

    def holding(self, seeds: np.ndarray, min_shared: int) -> dict[int, int]:
        """`shared` without the ids: number -> shared seeds, by number (documents not stored
        any more included)."""
        found, _ = self._find(seeds)
        with self.reading():
            return self.postings.shared(found, np.ones(len(found.seeds), dtype=bool), min_shared)

    def ids(self, numbers: Sequence[int]) -> dict[int, str]:
        """The ids of the stored documents among ``numbers``, in their order."""
        if not numbers:
            return {}
        if self._ids is not None:
            held = self._ids
            return {number: held[number] for number in numbers if number in held}
        with self.reading():
            return dict(self.connection.execute(
                "SELECT d.number, d.id FROM json_each(?) j JOIN documents d ON d.number = j.value",
                (json.dumps(list(numbers)),),
            ).fetchall())

    def _rows(self, found: postings.Found, kept: np.ndarray, min_shared: int) -> list[tuple[int, str, int]]:
        with self.reading():
            shared = self.postings.shared(found, kept, min_shared)
        return [(number, doc_id, shared[number]) for number, doc_id in self.ids(list(shared)).items()]
