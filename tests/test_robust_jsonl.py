"""JSONL records as hostile or unusual as JSON allows (issue 15 item 6): deep nesting and
lone surrogates are one-line errors, line separators inside strings are text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import REPUBLISHED, REUTERS, read

from reusecheck.cli import main


def _lines(err: str) -> list[str]:
    lines = err.splitlines()
    assert all("Traceback" not in line for line in lines)
    return lines


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ('{"id": "deep", "text": ' + "[" * 200_000 + "]" * 200_000 + "}", "line 2: JSON nested too deeply"),
        ('{"id": "lone", "text": "half a pair \\ud800 here"}', "line 2: a lone surrogate escape"),
        ('{"id": "lone", "text": "fine", "title": "\\udfff"}', "line 2: a lone surrogate escape"),
    ],
)
def test_hostile_records_are_one_line_in_check_and_index_add(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                             line: str, says: str) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "ok", "text": read(REPUBLISHED)}) + "\n" + line + "\n", encoding="utf-8")
    report = tmp_path / "report.json"
    assert main(["check", str(feed), "--against", str(REUTERS), "--output", f"json={report}"]) == 2
    [error] = _lines(capsys.readouterr().err)
    assert error.startswith(f"reusecheck: error: {feed}: {says}")
    assert json.loads(report.read_text(encoding="utf-8"))["errors"][0]["path"] == str(feed)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith("tmp")] == []
    assert main(["index", "add", str(tmp_path / "sources.db"), str(feed), "-q"]) == 2
    assert any(says in line for line in _lines(capsys.readouterr().err))


def test_line_separators_inside_json_strings_are_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = read(REPUBLISHED).replace("\n\n", "\u2028\u2028", 1).replace("\n", "\x85", 1) + "\x1c"
    record = json.dumps({"id": "odd-separators", "text": text, "title": "a\u2029b"}, ensure_ascii=False)
    assert "\u2028" in record and "\x85" in record  # what json.dumps(ensure_ascii=False) writes
    record = record.replace("\\u001c", "\x1c")  # a raw control character, as some writers leave it
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes((record + "\r\n" + record.replace("odd-separators", "again") + "\n").encode("utf-8"))
    assert main(["check", str(feed), "--against", str(REUTERS), "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    results = json.loads(out)["results"]
    assert [r["candidate"]["id"] for r in results] == ["odd-separators", "again"]
    assert all(r["candidate"]["length"] == len(text) and r["matches"] for r in results)
