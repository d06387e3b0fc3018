"""Damaged and read-only indexes: one clear line naming the index and the fix, never a
traceback (run in process: any uncaught exception fails the test); read-only indexes checked
against without writing anything beside them."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import REPUBLISHED, REUTERS, file_id

from reusecheck.cli import main

READ_ONLY = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH


def build(tmp_path: Path) -> Path:
    index = tmp_path / "i.db"
    assert main(["index", "add", "--quiet", str(index), str(REUTERS)]) == 0
    return index


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Runs the command line in process (an uncaught exception fails the test)."""

    def run_cli(*argv: object) -> Run:
        capsys.readouterr()
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run_cli


def _sql(statement: str) -> Callable[[Path], None]:
    def damage(index: Path) -> None:
        connection = sqlite3.connect(index)
        connection.executescript(statement)
        connection.commit()
        connection.close()

    return damage


def _flip_bytes(index: Path) -> None:
    """Overwrite the middle of the file (past the header) with garbage."""
    data = bytearray(index.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4096] = bytes((b ^ 0x5A) for b in data[middle : middle + 4096])
    index.write_bytes(bytes(data))


def _truncate(index: Path) -> None:
    data = index.read_bytes()
    index.write_bytes(data[: len(data) // 2])


DAMAGES = {
    "flipped-bytes": _flip_bytes,
    "truncated": _truncate,
    "meta-row-deleted": _sql("DELETE FROM meta"),
    "meta-not-json": _sql("UPDATE meta SET value = '{not json'"),
    "meta-wrong-keys": _sql("""UPDATE meta SET value = '{"language": "english"}'"""),
    "postings-dropped": _sql("DROP TABLE blocks"),
    "tokens-garbled": _sql("UPDATE documents SET tokens = x'00112233'"),
    "bad-date": _sql("UPDATE documents SET date = 'yesterday'"),
    "bad-credits": _sql("UPDATE documents SET credits = '[1, 2'"),
    "postings-deleted": _sql("DELETE FROM blocks WHERE id IN (SELECT id FROM blocks LIMIT 1)"),
    "postings-garbled": _sql("UPDATE blocks SET documents = x'0011'"),
}


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_index_fails_with_one_line_naming_it_and_the_fix(
    tmp_path: Path, damage: Callable[[Path], None], run: Callable[..., Run]
) -> None:
    index = build(tmp_path)
    damage(index)
    checked = run("index", "check", "--full", index)
    assert checked.returncode == 2, checked
    assert "Traceback" not in checked.stderr
    assert all(line.startswith(f"reusecheck: error: {index}: ") for line in checked.stderr.splitlines())
    assert "rebuild" in checked.stderr
    for argv in (["check", REPUBLISHED, "--index", index], ["index", "list", index], ["index", "stats", index],
                 ["index", "add", index, REPUBLISHED]):
        result = run(*argv)
        if result.returncode in (0, 1):  # damage this command does not read (e.g. postings counts for `list`)
            continue
        assert result.returncode == 2, (argv, result)
        assert "Traceback" not in result.stderr, (argv, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"reusecheck: error: {index}: "), (argv, result.stderr)
        assert "index check" in lines[0] or "not a reusecheck index" in lines[0], lines[0]


def test_check_of_an_intact_index_says_ok(tmp_path: Path, run: Callable[..., Run]) -> None:
    index = build(tmp_path)
    for extra in ([], ["--full"]):
        result = run("index", "check", *extra, index)
        assert result.returncode == 0 and result.stdout == f"{index}: ok (1 document(s))\n", result


def test_dropped_postings_are_found_by_check_and_the_rows_named(tmp_path: Path, run: Callable[..., Run]) -> None:
    index = build(tmp_path)
    _sql("DELETE FROM blocks WHERE id IN (SELECT id FROM blocks LIMIT 1)")(index)
    result = run("index", "check", index)
    assert result.returncode == 2
    assert "seeds recorded" in result.stderr and "postings" in result.stderr
    assert "records" in result.stderr and "holds" in result.stderr  # the run's count


def _leftovers(index: Path) -> list[str]:
    return sorted(p.name for p in index.parent.iterdir() if p.name != index.name)


def test_a_0444_index_is_checked_against_without_leaving_wal_or_shm(tmp_path: Path, run: Callable[..., Run]) -> None:
    index = build(tmp_path)
    os.chmod(index, READ_ONLY)
    content = index.read_bytes()
    result = run("check", REPUBLISHED, "--index", index, "--format", "json")
    assert result.returncode == 1, result.stderr
    assert file_id(REUTERS) in result.stdout
    assert run("index", "list", index).returncode == 0
    assert run("index", "check", index).returncode == 0
    assert _leftovers(index) == [] and index.read_bytes() == content
    os.chmod(index, READ_ONLY | stat.S_IWUSR)  # the owner makes it writable again: adding works
    assert run("index", "add", "--quiet", index, REPUBLISHED).returncode == 0
    assert _leftovers(index) == []


def test_an_index_in_a_read_only_folder_can_be_checked_against(tmp_path: Path, run: Callable[..., Run]) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    index = build(folder)
    os.chmod(folder, stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    try:
        result = run("check", REPUBLISHED, "--index", index, "--format", "json")
        assert result.returncode == 1, result.stderr
        assert file_id(REUTERS) in result.stdout
        assert _leftovers(index) == []
        added = run("index", "add", index, REUTERS)
        assert added.returncode == 2 and "read-only" in added.stderr and "Traceback" not in added.stderr
    finally:
        os.chmod(folder, stat.S_IRWXU)
