"""PAN corpus layouts and PAN's character offsets.

A corpus folder holds the suspicious documents in ``suspicious-documents/`` (PAN 2009-2011)
or ``susp/`` (PAN 2012-2015) and the sources in ``source-documents/`` or ``src/``, each
possibly split into sub-folders; a document is named by its file name. A ``pairs`` file
lists one ``SUSPICIOUS SOURCE`` pair of file names per line.

PAN offsets count the characters of a file read as UTF-8 with ``newline=''``, where a
UTF-8 byte-order mark is a character (U+FEFF). `reusecheck.loaders.decode` drops the
mark, so a document that had one is read with ``shift`` 1, added to every offset written.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path

from reusecheck.errors import InputError, UsageError
from reusecheck.loaders import decode, read_bytes, unify_line_ends
from reusecheck.models import Document

SUSPICIOUS_FOLDERS = ("suspicious-documents", "susp")
SOURCE_FOLDERS = ("source-documents", "src")
PAIRS_FILE = "pairs"


@dataclass(frozen=True)
class PanText:
    """A document read for PAN: its text as reusecheck reads it, and the offset shift."""

    document: Document
    shift: int


@dataclass(frozen=True)
class Corpus:
    """The documents of a PAN corpus by file name, and the pairs to align (None: all);
    ``root`` is the corpus folder."""

    suspicious: dict[str, Path]
    sources: dict[str, Path]
    pairs: tuple[tuple[str, str], ...] | None
    root: Path = Path(".")


def read_text(path: Path, encoding: str | None = None) -> PanText:
    """Read a corpus document (by the loader's decoding rules); its id is its file name."""
    data = read_bytes(str(path))
    text, used = decode(str(path), data, encoding)
    shift = int(data.startswith(codecs.BOM_UTF8) and not text.startswith("\ufeff"))
    return PanText(Document(id=path.name, text=unify_line_ends(text), path=str(path), encoding=used), shift)


def _documents(root: Path, names: tuple[str, ...]) -> dict[str, Path]:
    for name in names:
        folder = root / name
        if folder.is_dir():
            found: dict[str, Path] = {}
            for path in sorted(folder.rglob("*.txt")):
                if path.name in found:
                    raise InputError(f"two documents are named {path.name} ({found[path.name]}); names must be unique", str(path))
                found[path.name] = path
            return found
    raise UsageError(f"no {' or '.join(n + '/' for n in names)} folder; give a PAN corpus folder or a pairs file", str(root))


def _read_pairs(path: Path, corpus: Corpus) -> tuple[tuple[str, str], ...]:
    try:
        lines = read_bytes(str(path)).decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read the pairs file: not UTF-8 at byte {exc.start}", str(path)) from None
    pairs = []
    for number, line in enumerate(lines, 1):
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        if len(fields) != 2:
            raise InputError(f"line {number}: expected 'SUSPICIOUS SOURCE' (two file names), got {line.strip()!r}", str(path))
        susp, src = fields
        for name, known, kind in ((susp, corpus.suspicious, "suspicious"), (src, corpus.sources, "source")):
            if name not in known:
                raise InputError(f"line {number}: no {kind} document {name!r} in the corpus next to the pairs file", str(path))
        pairs.append((susp, src))
    return tuple(pairs)


def open_corpus(path: str | os.PathLike[str]) -> Corpus:
    """A corpus from a folder (its ``pairs`` file, if any, chooses the pairs) or a pairs file."""
    given = Path(path)
    if not given.exists():
        raise InputError("no such file or folder; give a PAN corpus folder or a pairs file", str(path))
    root, pairs_path = (given, given / PAIRS_FILE) if given.is_dir() else (given.parent, given)
    corpus = Corpus(_documents(root, SUSPICIOUS_FOLDERS), _documents(root, SOURCE_FOLDERS), None, root)
    if not pairs_path.is_file():
        return corpus
    return Corpus(corpus.suspicious, corpus.sources, _read_pairs(pairs_path, corpus), root)
