"""Runs of postings merged by the compiled core's k-way merge (``_native.merge_sorted``)
come out exactly as the pure-Python path's stable sort orders them."""

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


def _parts(rng: np.random.Generator, count: int, values: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Sorted parts of random sizes (empty ones too); few ``values`` make many equal hashes."""
    parts = []
    for _ in range(count):
        size = int(rng.integers(0, 300))
        hashes = np.sort(rng.integers(-values, values, size)).astype(np.int64)
        parts.append((hashes, rng.integers(0, 2**31 - 1, size).astype(np.int64)))
    return parts


def _sorted_whole(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    return postings._sorted(np.concatenate([h for h, _ in parts]), np.concatenate([d for _, d in parts]))


@pytest.mark.parametrize("values", [3, 1000, 2**63 - 1])
def test_the_merge_orders_postings_as_the_stable_sort_does(values: int) -> None:
    require_compiled()
    rng = np.random.default_rng(values % 1000)
    for count in (0, 1, 2, 7, 40):
        parts = _parts(rng, count, values) if count else [(np.zeros(0, dtype=np.int64),) * 2]
        hashes, documents = postings._merged(parts)
        expected_hashes, expected_documents = _sorted_whole(parts)
        assert hashes.tolist() == expected_hashes.tolist()
        assert documents.tolist() == expected_documents.tolist()  # equal hashes: earlier part first


def test_a_part_out_of_order_is_sorted_instead() -> None:
    require_compiled()
    parts = [(np.array([1, 5, 9], dtype=np.int64), np.array([1, 2, 3], dtype=np.int64)),
             (np.array([4, 2], dtype=np.int64), np.array([4, 5], dtype=np.int64))]
    assert postings.merge_sorted is not None
    assert postings.merge_sorted(np.concatenate([parts[0][0], parts[1][0]]), np.arange(5, dtype=np.int64),
                                 np.array([0, 3, 5], dtype=np.int64)) is None
    hashes, documents = postings._merged(parts)
    assert hashes.tolist() == [1, 2, 4, 5, 9] and documents.tolist() == [1, 5, 4, 2, 3]


def _tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as c:
        return {table: c.execute(f"SELECT * FROM {table}").fetchall() for table in ("documents", "runs", "blocks", "common")}


def test_an_index_merged_by_the_compiled_core_is_the_pure_python_paths_byte_for_byte(
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
    compiled_merge, merged = postings.merge_sorted, []
    assert compiled_merge is not None

    def recorded(*arrays: np.ndarray) -> tuple[bytes, bytes] | None:
        merged.append(compiled_merge(*arrays))
        return merged[-1]

    monkeypatch.setattr(postings, "merge_sorted", recorded)
    built = {}
    for path in ("compiled", "python"):
        if path == "python":
            monkeypatch.setattr(postings, "merge_sorted", None)
        index = tmp_path / f"{path}.db"
        assert main(["index", "add", "--quiet", "--jobs", "1", "--batch", "25", str(index), str(sources)]) == 0
        built[path] = _tables(index)
    assert len(built["compiled"]["runs"]) == 1 and len(built["compiled"]["common"]) > 0
    assert len(merged) >= 2 and all(result is not None for result in merged)  # merged as they came, then compacted
    assert built["compiled"] == built["python"]
