"""Stored tokens are compressed by ISA-L's deflate where isal is installed
(`reusecheck.index.deflate`), else by zlib: the same zlib streams, which zlib reads back
whatever wrote them (older indexes and older versions alike)."""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path

import pytest
from helpers import REPUBLISHED, REUTERS, in_ci, read
from test_index_tokens import TRICKY

from reusecheck import index
from reusecheck.cli import main
from reusecheck.text import Tokenizer


def require_isal() -> None:
    """Skip where isal is not installed (a machine it has no wheels for; fail in CI, where it is a dependency)."""
    try:
        import isal.isal_zlib  # noqa: F401
    except ImportError:
        if in_ci():
            pytest.fail("isal is not installed: pip install -e . installs it on x86-64 and ARM64 machines")
        pytest.skip("isal is not installed (no wheel for this machine): index add uses zlib's deflate")


def test_tokens_are_compressed_by_isal_where_installed() -> None:
    require_isal()
    from isal import isal_zlib

    assert index.deflate is isal_zlib.compress


def test_zlib_reads_the_tokens_either_deflate_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    require_isal()
    tokenizer = Tokenizer()
    texts = [*TRICKY, read(REUTERS), read(REPUBLISHED), read(REUTERS) * 40]
    fast = [index.pack_tokens(tokenizer.tokenize(text)) for text in texts]
    monkeypatch.setattr(index, "deflate", zlib.compress)
    plain = [index.pack_tokens(tokenizer.tokenize(text)) for text in texts]
    assert [zlib.decompress(blob) for blob in fast] == [zlib.decompress(blob) for blob in plain]
    reader = index.TokenReader()
    for blob, text in zip(fast, texts, strict=True):
        unpacked, expected = reader.unpack(blob), tokenizer.tokenize(text)
        assert unpacked.keys == expected.keys
        assert unpacked.starts.tolist() == expected.starts.tolist()
        assert unpacked.ends.tolist() == expected.ends.tolist()


def test_an_index_built_with_either_deflate_holds_the_same_tokens(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    require_isal()
    sources = tmp_path / "sources.jsonl"
    sources.write_text("".join(f'{{"id": "d{i}", "text": {text!r}}}\n'.replace("'", '"')
                               for i, text in enumerate(["Rates rose on Tuesday.", "The bank said it would act."])),
                       encoding="utf-8")
    assert main(["index", "add", "--quiet", "--jobs", "1", str(tmp_path / "fast.db"), str(sources)]) == 0
    monkeypatch.setattr(index, "deflate", zlib.compress)
    assert main(["index", "add", "--quiet", "--jobs", "1", str(tmp_path / "zlib.db"), str(sources)]) == 0

    def tokens(name: str) -> list[bytes]:
        with sqlite3.connect(tmp_path / name) as connection:
            return [zlib.decompress(blob) for (blob,) in connection.execute("SELECT tokens FROM documents ORDER BY id")]

    assert tokens("fast.db") == tokens("zlib.db")
    assert main(["index", "check", str(tmp_path / "fast.db")]) == 0


def test_stored_tokens_inflate_as_zlib_reads_them() -> None:
    """`index.inflate` (ISA-L where installed) gives zlib's bytes, and for a damaged stream
    zlib's own error."""
    require_isal()
    tokenizer = Tokenizer()
    blobs = [index.pack_tokens(tokenizer.tokenize(text)) for text in [*TRICKY, read(REUTERS), read(REUTERS) * 40]]
    assert [index.inflate(blob) for blob in blobs] == [zlib.decompress(blob) for blob in blobs]
    good = blobs[-1]
    for damaged in (good[:-4], good[:-1] + bytes([good[-1] ^ 1]), b"\0" + good[1:], b"", good[:50] + b"\xff" * 8 + good[58:]):
        with pytest.raises(zlib.error) as raised:
            index.inflate(damaged)
        with pytest.raises(zlib.error) as expected:
            zlib.decompress(damaged)
        assert str(raised.value) == str(expected.value)
