"""A very long document on Spark (local[2]): a 3 MB archive file and a 0.3 MB digest made
of real Reuters-21578 stories go through `spark index` and `spark check`; the story the
digest reprints is found as one passage where it is, and the job does not fail."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import read_lines, shared_path, spark_cli
from sample import read_stories


def test_a_several_megabyte_document_is_indexed_and_checked(spark: Any, tmp_path: Path) -> None:
    stories = read_stories(shared_path("bench", "reuters-21578"))
    archive = "\n".join(s.body for s in stories[:3000])
    reprinted = max((s.body for s in stories[1000:3000]), key=len)  # a long story: no near-twin in the archive
    parts = [s.body for s in stories[6000:6300]]
    parts.insert(150, reprinted)
    digest = "\n".join(parts)
    assert len(archive) > 3_000_000 and len(digest) > 300_000
    (tmp_path / "archive.jsonl").write_text(json.dumps({"id": "archive", "text": archive, "publisher": "Reuters"}) + "\n",
                                            encoding="utf-8")
    (tmp_path / "digest.jsonl").write_text(json.dumps({"id": "digest", "text": digest}) + "\n", encoding="utf-8")

    assert spark_cli("index", "--sources", str(tmp_path / "archive.jsonl"), "--out", str(tmp_path / "index")) == 0
    assert not read_lines(tmp_path / "index" / "errors")
    assert spark_cli("check", "--candidates", str(tmp_path / "digest.jsonl"), "--index", str(tmp_path / "index"),
                     "--out", str(tmp_path / "out")) == 0

    [line] = read_lines(tmp_path / "out" / "results.jsonl")
    result = json.loads(line)
    assert result["type"] == "result" and result["candidate"]["length"] == len(digest)
    [match] = result["matches"]
    assert match["source"]["id"] == "archive" and match["source"]["length"] == len(archive)
    start, end = digest.index(reprinted), digest.index(reprinted) + len(reprinted.rstrip())
    placed = archive.index(reprinted)
    [found] = [p for p in match["passages"] if p["candidate_start"] <= start + 2 and p["candidate_end"] >= end - 2]
    assert abs(found["source_start"] - placed) <= 20 and found["source_end"] >= placed + len(reprinted.rstrip()) - 2
    assert found["similarity"] >= 0.99  # the story as printed, give or take a word of its neighbours
