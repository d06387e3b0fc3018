"""Postings sorted by the compiled core (``_native.sort_postings``) come out exactly as
numpy's stable sort orders them (the pure-Python path)."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from helpers import shared_path
from test_index_tokens import require_compiled

from reusecheck import postings
from reusecheck.cli import main


def _numpy_sorted(hashes: np.ndarray, documents: np.ndarray) -> tuple[list[int], list[int]]:
    order = np.argsort(hashes, kind="stable")
    return hashes[order].tolist(), documents[order].tolist()


def _arrays() -> list[np.ndarray]:
    """Random hashes, few values (many equal hashes, big buckets), sorted runs one after
    another, already sorted, reversed, all equal, the extremes, empty and one."""
    rng = np.random.default_rng(4)
    runs = np.concatenate([np.sort(rng.integers(-(2**63), 2**63 - 1, 5000, dtype=np.int64)) for _ in range(7)])
    return [rng.integers(-(2**63), 2**63 - 1, 200_000, dtype=np.int64), rng.integers(0, 1000, 100_000), runs,
            np.arange(70_000), np.arange(70_000)[::-1], np.zeros(5000, dtype=np.int64),
            rng.integers(-(2**63), 2**63 - 1, 3000, dtype=np.int64) >> 40,
            np.array([-(2**63), 2**63 - 1, 0, -1, 1, -(2**63), 2**63 - 1]), np.zeros(0, dtype=np.int64), np.array([5])]


@pytest.mark.parametrize("case", range(len(_arrays())))
def test_the_compiled_sort_orders_postings_as_numpys_stable_sort(case: int) -> None:
    require_compiled()
    assert postings.sort_postings is not None
    hashes = _arrays()[case].astype(np.int64)
    documents = np.random.default_rng(case).integers(0, 2**31 - 1, len(hashes)).astype(np.int64)
    sorted_hashes, sorted_documents = postings.sort_postings(hashes, documents)
    expected = _numpy_sorted(hashes, documents)
    assert np.frombuffer(sorted_hashes, dtype=np.int64).tolist() == expected[0]
    assert np.frombuffer(sorted_documents, dtype=np.int64).tolist() == expected[1]  # equal hashes: given order


def _tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as c:
        return {table: c.execute(f"SELECT * FROM {table}").fetchall() for table in ("documents", "runs", "blocks", "common")}


def test_an_index_sorted_by_the_compiled_core_is_the_pure_python_paths_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Real Reuters-21578 stories in batches of 25 (runs merged as they come, then
    compacted), blocks of 4 postings (many ``common`` rows)."""
    require_compiled()
    sgm = shared_path("bench", "reuters-21578", "reut2-000.sgm").read_text(encoding="latin-1")
    bodies = re.findall(r"<BODY>(.*?)</BODY>", sgm, re.S)[:400]
    sources = tmp_path / "sources.jsonl"
    sources.write_text("".join(json.dumps({"id": f"r{k}", "text": body}) + "\n" for k, body in enumerate(bodies)),
                       encoding="utf-8")
    monkeypatch.setattr(postings, "BLOCK", 4)
    compiled_sort, sorted_by_core = postings.sort_postings, []
    assert compiled_sort is not None

    def recorded(hashes: np.ndarray, documents: np.ndarray) -> tuple[bytes, bytes]:
        sorted_by_core.append(len(hashes))
        return compiled_sort(hashes, documents)

    monkeypatch.setattr(postings, "sort_postings", recorded)
    built = {}
    for path in ("compiled", "python"):
        if path == "python":
            monkeypatch.setattr(postings, "sort_postings", None)
        index = tmp_path / f"{path}.db"
        assert main(["index", "add", "--quiet", "--jobs", "1", "--batch", "25", str(index), str(sources)]) == 0
        built[path] = _tables(index)
    assert len(built["compiled"]["runs"]) == 1 and len(built["compiled"]["common"]) > 0
    assert len(sorted_by_core) == 16 + 2  # 16 batches, a merge of 8 runs as they came, the compaction
    assert built["compiled"] == built["python"]
