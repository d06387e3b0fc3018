"""Names and titles from inputs cannot forge output lines (issue 15 item 13): the text
format and `index list` escape control characters, line separators, bidirectional
overrides and a leading `::` (a GitHub Actions workflow command)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import REPUBLISHED, REUTERS, read

from reusecheck.cli import main
from reusecheck.formats import visible_at_line_start


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("::stop-commands::x.txt", "\\x3a:stop-commands::x.txt"),
        ("  ::error::forged", "  \\x3a:error::forged"),
        ("a\tb\nc\r\x1b[31m", "a\tb\\x0ac\\x0d\\x1b[31m"),
        ("evil\u2028line\x85\u202etxt", "evil\\u2028line\\x85\\u202etxt"),
        ("plain/path::kept.txt", "plain/path::kept.txt"),
    ],
)
def test_visible_at_line_start(raw: str, shown: str) -> None:
    assert visible_at_line_start(raw) == shown


def test_text_format_escapes_file_names_at_line_starts(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(REPUBLISHED, tmp_path / "::stop-commands::x.txt")
    shutil.copy(REUTERS, tmp_path / "source\nerror: forged.txt")
    assert main(["check", "::stop-commands::x.txt", "--against", "source\nerror: forged.txt"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert not [line for line in lines if line.lstrip().startswith("::")]
    assert not [line for line in lines if line.startswith("error: forged")]
    assert lines[0].startswith("\\x3a:stop-commands::x.txt (")
    assert lines[1].endswith(" from source\\x0aerror: forged.txt")  # the verdict line
    assert " from source\\x0aerror: forged.txt (" in lines[2]


def test_index_list_rows_cannot_be_forged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feed = tmp_path / "feed.jsonl"
    record = {"id": "one\tfake-date\t1\tfake row\nsecond", "title": "title\twith\ttabs\nand a line", "text": read(REUTERS)}
    feed.write_text(json.dumps(record) + "\n", encoding="utf-8")
    index = tmp_path / "sources.db"
    assert main(["index", "add", str(index), str(feed), "-q"]) == 0
    capsys.readouterr()
    assert main(["index", "list", str(index)]) == 0
    [row] = capsys.readouterr().out.splitlines()
    fields = row.split("\t")
    assert len(fields) == 4
    assert fields[0] == "one\\x09fake-date\\x091\\x09fake row\\x0asecond"
    assert fields[3] == "title\\x09with\\x09tabs\\x0aand a line"
