"""Shared fixtures: the project's ../shared data, the sample corpus, a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reusecheck.engine import Checker, CheckOptions
from reusecheck.index import Index
from reusecheck.loaders import normalize_path
from reusecheck.text import TextSettings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "corpus"
REUTERS = CORPUS / "reuters-aleppo-2016-11-02.txt"
REPUBLISHED = CORPUS / "republished-aleppo-2016-11-04.txt"


def file_id(path: Path | str) -> str:
    """The id and path reusecheck gives a file named ``path`` (relative to the working folder
    when inside it, else absolute: `reusecheck.loaders.normalize_path`)."""
    return normalize_path(str(path))


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skips the test where it is absent (fails in CI instead)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is absent: these tests read the project's ../shared data"
        if os.environ.get("REUSECHECK_REQUIRE_SHARED"):
            pytest.fail(message + " (REUSECHECK_REQUIRE_SHARED is set)")
        pytest.skip(message)
    return path


@pytest.fixture(autouse=True)
def _no_plugin_autoload(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see only the plugins they load themselves, not whatever is installed."""
    monkeypatch.setenv("REUSECHECK_DISABLE_PLUGIN_AUTOLOAD", "1")


def read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def assert_index_exact(index: Index) -> None:
    """Every document of an open index has exactly the postings of its own seeds and the
    tokens a fresh tokenization gives (as `Checker.analyze` makes them), and no posting is
    orphaned."""
    c = index.connection
    fresh = Checker(CheckOptions(text=TextSettings(index.settings.language, index.settings.fold_spelling)))
    every = "SELECT hash, document FROM postings UNION ALL SELECT hash, document FROM recent"
    for (number,) in c.execute("SELECT number FROM documents").fetchall():
        stored = index.analyzed(number)
        expected = fresh.analyze(stored.document)
        assert stored.tokens.keys == expected.tokens.keys
        assert stored.tokens.starts.tolist() == expected.tokens.starts.tolist()
        assert stored.tokens.ends.tolist() == expected.tokens.ends.tolist()
        assert stored.tokens.ids.tolist() == expected.tokens.ids.tolist()
        hashes = [h for (h,) in c.execute(f"SELECT hash FROM ({every}) WHERE document = ? ORDER BY hash", (number,))]
        assert hashes == sorted(int(h) for h in expected.seeds.view("int64"))
    assert c.execute(f"SELECT count(*) FROM ({every})").fetchone()[0] == c.execute(
        "SELECT coalesce(sum(seeds), 0) FROM documents").fetchone()[0]
    orphans = c.execute(f"SELECT count(*) FROM ({every}) WHERE document NOT IN (SELECT number FROM documents)")
    assert orphans.fetchone()[0] == 0
