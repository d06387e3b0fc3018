"""Helpers the tests share: the project's paths and ../shared data, index checks, the
documentation's sections and snippets (fixtures stay in conftest.py)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
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


def in_ci() -> bool:
    """Does this run stand for CI (``CI=true`` or ``REUSECHECK_REQUIRE_SHARED``)?"""
    return os.environ.get("CI", "").lower() == "true" or bool(os.environ.get("REUSECHECK_REQUIRE_SHARED"))


def require_compiled(built: bool, source: str) -> None:
    """Where the compiled extension built from ``source`` is missing, skip (fail in CI,
    where ``pip install`` must have built it)."""
    if not built:
        if in_ci():
            pytest.fail(f"the compiled core ({source}) was not built: is a C compiler installed?")
        pytest.skip("the compiled core is not built here (no C compiler at install time)")


def read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def assert_index_exact(index: Index) -> None:
    """Every document of an open index has exactly the postings of its own seeds and the
    tokens a fresh tokenization gives (as `Checker.analyze` makes them), no posting is
    orphaned, and every run of postings is sorted and as its rows say."""
    c = index.connection
    fresh = Checker(CheckOptions(text=TextSettings(index.settings.language, index.settings.fold_spelling)))
    runs = list(index.postings.everything())
    assert all(len(hashes) == recorded for _, recorded, hashes, _ in runs)
    hashes = np.concatenate([h for *_, h, _ in runs]) if runs else np.zeros(0, dtype=np.int64)
    owners = np.concatenate([d for *_, d in runs]) if runs else np.zeros(0, dtype=np.int64)
    numbers = [number for (number,) in c.execute("SELECT number FROM documents").fetchall()]
    for number in numbers:
        stored = index.analyzed(number)
        expected = fresh.analyze(stored.document)
        assert stored.tokens.keys == expected.tokens.keys
        assert stored.tokens.starts.tolist() == expected.tokens.starts.tolist()
        assert stored.tokens.ends.tolist() == expected.tokens.ends.tolist()
        assert stored.tokens.ids.tolist() == expected.tokens.ids.tolist()
        assert sorted(hashes[owners == number].tolist()) == sorted(int(h) for h in expected.seeds.view("int64"))
    assert len(hashes) == c.execute("SELECT coalesce(sum(seeds), 0) FROM documents").fetchone()[0]
    assert set(np.unique(owners).tolist()) <= set(numbers)  # no orphaned postings


DOCS = ROOT / "docs"
HEADING = re.compile(r"^(#{1,6}) (.+)$")
FENCE = re.compile(r"^( *)```(\S*)\s*$")


def doc_pages() -> list[Path]:
    """README.md and every page of docs/: the documentation whose snippets the tests run."""
    return [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]


def headings(text: str) -> list[tuple[int, int, str]]:
    """(offset, level, title) of each Markdown heading of ``text`` outside code blocks."""
    found, fenced, offset = [], False, 0
    for line in text.splitlines(keepends=True):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and (match := HEADING.match(line.rstrip("\n"))):
            found.append((offset, len(match[1]), match[2]))
        offset += len(line)
    return found


def section(title: str, page: str | None = None) -> str:
    """The documentation under the one heading ``title`` (any level), up to the next heading
    of the same or a higher level; ``page`` (relative to docs/) narrows the search."""
    pages = [DOCS / page] if page else doc_pages()
    found = []
    for path in pages:
        text = path.read_text(encoding="utf-8")
        marks = headings(text)
        for i, (start, level, name) in enumerate(marks):
            if name == title:
                end = next((s for s, lv, _ in marks[i + 1 :] if lv <= level), len(text))
                found.append(text[start:end])
    assert len(found) == 1, f"{len(found)} documentation headings are titled {title!r}"
    return found[0]


def blocks(text: str, language: str) -> list[str]:
    """The code blocks of ``text`` fenced as ``language`` ("" for plain blocks), indented
    fences (inside list items) included, each without the fence's indentation."""
    found: list[str] = []
    body: list[str] | None = None
    indent, fenced_as = "", ""
    for line in text.splitlines(keepends=True):
        fence = FENCE.match(line)
        if fence and body is None:
            indent, fenced_as, body = fence[1], fence[2], []
        elif fence and fence[2] == "" and fence[1] == indent and body is not None:
            if fenced_as == language:
                found.append("".join(body))
            body = None
        elif body is not None:
            body.append(line.removeprefix(indent))
    return found


def assert_excerpt(example: str, printed: str) -> None:
    """Every line of a documented ``example`` output is a line ``printed``, in order; a line
    "…" or "..." stands for lines cut out, and a line ending in " ..." for a line cut short."""
    lines = printed.splitlines()
    shown = [line for line in example.splitlines() if line.strip() not in ("…", "...")]
    assert len(shown) > 5
    at = 0
    for line in shown:
        prefix = line.removesuffix(" ...")
        found = [i for i in range(at, len(lines)) if (lines[i] == line or
                                                        (prefix != line and lines[i].startswith(prefix)))]
        assert found, f"not printed (after line {at}): {line!r}"
        at = found[0] + 1


def ci_blocks(heading: str, language: str) -> list[str]:
    """The ``language`` code blocks under ``heading`` of the "Use in CI" page."""
    return blocks(section(heading, "ci.md"), language)
