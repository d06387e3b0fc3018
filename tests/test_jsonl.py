"""JSONL input: one document per line, for sources, candidates and the index alike."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from helpers import REPUBLISHED, REUTERS, read

from reusecheck.builtin import jsonl_loader
from reusecheck.cli import main
from reusecheck.engine import Checker, CheckOptions
from reusecheck.models import Credit


def write_lines(path: Path, *lines: object) -> Path:
    path.write_text("".join((json.dumps(x) if not isinstance(x, str) else x) + "\n" for x in lines), encoding="utf-8")
    return path


def load(path: Path) -> tuple[list, list]:
    checker = Checker()
    documents = list(checker.load([str(path)], None))
    return documents, checker.errors


def test_records_become_documents_with_their_metadata(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "docs.jsonl",
        {"id": "wire-1", "text": "First text.", "title": "A title", "date": "2016-11-02T09:30:00Z",
         "url": "https://example.com/1", "publisher": "Reuters",
         "credits": ["Jane Doe", {"name": "Reuters", "role": "publisher", "agency": "Reuters"}]},
        "",
        {"id": "wire-2", "text": "Second text.", "extra": "ignored"},
    )
    documents, errors = load(path)
    assert errors == []
    first, second = documents
    assert (first.id, first.text, first.title, first.url, first.publisher) == (
        "wire-1", "First text.", "A title", "https://example.com/1", "Reuters")
    assert first.date == dt.date(2016, 11, 2) and first.path == str(path)
    assert first.credits == (
        Credit(name="Jane Doe", role="author", kind="metadata"),
        Credit(name="Reuters", role="publisher", kind="metadata", agency="Reuters"),
    )
    assert (second.id, second.text, second.date, second.credits) == ("wire-2", "Second text.", None, ())


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 2: not valid JSON"),
        ('["a list"]', "line 2: a JSON list where an object"),
        ({"text": "no id"}, 'line 2: "id" must be a non-empty string'),
        ({"id": "", "text": "empty id"}, 'line 2: "id" must be a non-empty string'),
        ({"id": "x"}, 'line 2: "text" must be a string'),
        ({"id": "x", "text": "t", "date": "yesterday"}, 'line 2: "date" must be an ISO 8601 date'),
        ({"id": "x", "text": "t", "date": 20161102}, 'line 2: "date" must be an ISO 8601 date'),
        ({"id": "x", "text": "t", "title": 5}, 'line 2: "title" must be a string'),
        ({"id": "x", "text": "t", "credits": "Jane"}, 'line 2: "credits" must be a list'),
        ({"id": "x", "text": "t", "credits": [{"role": "author"}]}, 'line 2: each credit must be a name'),
        ({"id": "x", "text": "t", "credits": [{"name": "J", "role": "boss"}]}, "line 2: credit role 'boss' is not one of"),
        ({"id": "first", "text": "again"}, "line 2: id 'first' is already used on line 1"),
    ],
)
def test_bad_lines_are_errors_naming_file_and_line(tmp_path: Path, line: object, message: str) -> None:
    path = write_lines(tmp_path / "bad.jsonl", {"id": "first", "text": "fine"}, line)
    documents, errors = load(path)
    assert documents == []
    assert [e.path for e in errors] == [str(path)]
    assert errors[0].message.startswith(message)


def test_cli_bad_jsonl_is_a_one_line_error_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_lines(tmp_path / "bad.jsonl", "{oops")
    assert main(["check", str(path), "--against", str(REUTERS)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"reusecheck: error: {path}: line 1: not valid JSON (Expecting property name enclosed in double quotes "
                   "at column 2); write one JSON object per line"]


def test_jsonl_candidates_and_sources_report_record_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = write_lines(tmp_path / "sources.jsonl", {"id": "reuters-aleppo", "text": read(REUTERS)})
    candidates = write_lines(
        tmp_path / "candidates.jsonl",
        {"id": "copy", "text": read(REPUBLISHED)},
        {"id": "clean", "text": "Nothing here comes from the wire."},
    )
    assert main(["check", str(candidates), "--against", str(sources), "--format", "json"]) == 1
    results = json.loads(capsys.readouterr().out)["results"]
    assert [r["candidate"]["id"] for r in results] == ["copy", "clean"]
    assert [m["source"]["id"] for m in results[0]["matches"]] == ["reuters-aleppo"]
    assert results[1]["matches"] == []

    index = tmp_path / "i.db"
    assert main(["index", "add", "-q", str(index), str(sources)]) == 0
    assert main(["check", str(candidates), "--index", str(index), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["results"] == results
    assert main(["index", "list", str(index)]) == 0
    assert capsys.readouterr().out.split("\t")[0] == "reuters-aleppo"


@pytest.mark.parametrize("held", [jsonl_loader.HELD_CHARACTERS, 1000], ids=["held-after-checking", "read-again"])
def test_a_record_file_over_the_size_limit_is_read_record_by_record(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                    monkeypatch: pytest.MonkeyPatch, held: int) -> None:
    """A JSONL file is streamed: the size limit holds per record, not for the file, so a
    batch of candidates larger than --max-file-size is checked as its records come (held
    from the checking pass, or read again when their texts are over `HELD_CHARACTERS`)."""
    monkeypatch.setattr(jsonl_loader, "HELD_CHARACTERS", held)
    wire = read(REUTERS)
    copied = max(read(REPUBLISHED).split("\n\n"), key=len)  # its longest paragraph
    records = [{"id": f"copy-{n}", "text": copied, "notes": "x" * 8000} for n in range(140)]
    records.append({"id": "clean", "text": "Nothing here comes from the wire."})
    candidates = write_lines(tmp_path / "batch.jsonl", *records)
    assert candidates.stat().st_size > 1024 * 1024  # over the 1 MiB limit given below
    sources = write_lines(tmp_path / "wire.jsonl", {"id": "reuters-aleppo", "text": wire})
    assert main(["check", str(candidates), "--against", str(sources), "--max-file-size", "1", "--format", "jsonl"]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["candidate"]["id"] for r in lines] == [r["id"] for r in records]
    assert all(r["matches"][0]["source"]["id"] == "reuters-aleppo" for r in lines[:-1]) and lines[-1]["matches"] == []


def test_a_record_over_the_size_limit_is_an_error_naming_its_line(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "big.jsonl", {"id": "small", "text": "fine"}, {"id": "big", "text": "word " * 300_000})
    checker = Checker(CheckOptions(max_file_bytes=1024 * 1024))
    assert list(checker.load([str(path)], None)) == []
    assert [(e.path, e.message) for e in checker.errors] == [
        (str(path), "line 2: over the 1 MiB limit; split it into smaller files or raise --max-file-size")]


def test_a_streamed_file_is_checked_whole_before_its_first_record_is_used(tmp_path: Path) -> None:
    """A bad line far into a large file still makes the whole file an error: no record of it is
    checked or indexed (as for a file read at once)."""
    records = [{"id": f"r{n}", "text": f"record {n}"} for n in range(5000)]
    path = write_lines(tmp_path / "late.jsonl", *records, "{oops")
    documents, errors = load(path)
    assert documents == [] and [e.message.split(";")[0] for e in errors] == [
        "line 5001: not valid JSON (Expecting property name enclosed in double quotes at column 2)"]


def test_a_streamed_file_forced_to_utf8_never_falls_back_to_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "legacy.jsonl"
    path.write_bytes(b'{"id": "a", "text": "fine"}\n{"id": "b", "text": "na\xefve"}\n')
    checker = Checker(CheckOptions(encoding="utf-8"))
    assert list(checker.load([str(path)], None)) == []
    assert [(e.path, e.message) for e in checker.errors] == [
        (str(path), "line 2: not valid utf-8 at byte 23; give the right one with --encoding")]


@pytest.mark.parametrize("held", [jsonl_loader.HELD_CHARACTERS, 5])
def test_a_streamed_file_that_is_not_utf8_is_read_as_windows_1252_throughout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                             held: int) -> None:
    monkeypatch.setattr(jsonl_loader, "HELD_CHARACTERS", held)
    path = tmp_path / "legacy.jsonl"
    path.write_bytes(b'{"id": "a", "text": "caf\xc3\xa9"}\n{"id": "b", "text": "na\xefve \x93quoted\x94"}\n')
    documents, errors = load(path)
    assert errors == []
    assert [(d.text, d.encoding) for d in documents] == [("cafÃ©", "cp1252"), ("naïve “quoted”", "cp1252")]
