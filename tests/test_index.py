"""The persistent index: incremental add, replace, remove, settings, format, read-only use,
and results equal to checking with --against."""

from __future__ import annotations

import json
import os
import pty
import random
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPUBLISHED, REUTERS, assert_index_exact, file_id

from reusecheck.cli import main
from reusecheck.engine import Checker, CheckOptions
from reusecheck.errors import UsageError
from reusecheck.formats import report_dict
from reusecheck.index import FORMAT_VERSION, Index
from reusecheck.models import Document
from reusecheck.retrieve import RetrievalSettings

SYLLABLES = "ka lo mi ne ru ta vo si pe du ga ho".split()
WORDS = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES[:4]]  # 576 made-up words
BOILERPLATE = "the company said in a statement on Wednesday that it expected further talks."


def story(seed: int, boilerplate: bool = True) -> str:
    """A deterministic pseudo-story: six sentences of random made-up words, plus (in the
    sources) one boilerplate sentence that every story shares."""
    rng = random.Random(seed)
    out = [f"{' '.join(rng.choices(WORDS, k=12))} number {seed * 100 + s}." for s in range(6)]
    if boilerplate:
        out.insert(2, BOILERPLATE.capitalize())
    return " ".join(out) + "\n"


def write_sources(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(count):
        path = folder / f"story-{k:02d}.txt"
        path.write_text(story(k), encoding="utf-8")
        paths.append(path)
    return paths


def run_cli(*argv: str | Path) -> int:
    return main([str(a) for a in argv])


def test_add_is_incremental_and_unchanged_readd_is_a_no_op(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = write_sources(tmp_path / "src", 4)
    index = tmp_path / "i.db"
    assert run_cli("index", "add", index, *sources[:2]) == 0
    assert "2 added, 0 replaced, 0 unchanged" in capsys.readouterr().out
    assert run_cli("index", "add", index, tmp_path / "src") == 0
    assert "2 added, 0 replaced, 2 unchanged" in capsys.readouterr().out
    with Index.open(str(index)) as opened:
        before = opened.connection.execute("SELECT number, id, digest FROM documents ORDER BY number").fetchall()
        postings = opened.stats()["postings"]
    assert run_cli("index", "add", index, tmp_path / "src") == 0
    assert "0 added, 0 replaced, 4 unchanged" in capsys.readouterr().out
    with Index.open(str(index)) as opened:
        assert opened.connection.execute("SELECT number, id, digest FROM documents ORDER BY number").fetchall() == before
        assert opened.stats()["postings"] == postings == _posting_rows(opened)
        assert [row[0] for row in opened.listing()] == sorted(str(p) for p in sources)


def _posting_rows(index: Index) -> int:
    return index.connection.execute(
        "SELECT (SELECT coalesce(sum(count), 0) FROM blocks) + (SELECT coalesce(sum(count), 0) FROM common)").fetchone()[0]


def test_changed_document_replaces_the_old_version(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = write_sources(tmp_path / "src", 3)
    index = tmp_path / "i.db"
    assert run_cli("index", "add", index, *sources) == 0
    capsys.readouterr()
    sources[1].write_text(story(40), encoding="utf-8")
    assert run_cli("index", "add", "--quiet", index, *sources) == 0
    assert capsys.readouterr().out == ""
    assert run_cli("index", "add", index, *sources) == 0
    assert "0 added, 0 replaced, 3 unchanged" in capsys.readouterr().out
    with Index.open(str(index)) as opened:
        assert opened.count() == 3
        number = opened.connection.execute("SELECT number FROM documents WHERE id = ?", (str(sources[1]),)).fetchone()[0]
        assert opened.analyzed(number).document.text == story(40)
        assert_index_exact(opened)
    # The old text is no longer found, the new one is.
    assert _matched_ids(index, story(1, boilerplate=False)) == []
    assert _matched_ids(index, story(40, boilerplate=False)) == [str(sources[1])]


def _matched_ids(index: Path, text: str) -> list[str]:
    checker = Checker()
    store = checker.index_store(str(index))
    try:
        report = checker.run([Document("candidate", text)], [store])
    finally:
        store.close()
    return [m.source.id for m in report.results[0].matches]


def test_remove_deletes_documents_and_their_postings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = write_sources(tmp_path / "src", 3)
    index = tmp_path / "i.db"
    assert run_cli("index", "add", index, *sources) == 0
    capsys.readouterr()
    assert run_cli("index", "remove", index, str(sources[0]), "no-such-id") == 2
    assert "no document 'no-such-id'" in capsys.readouterr().err
    with Index.open(str(index)) as opened:
        assert [row[0] for row in opened.listing()] == [str(sources[1]), str(sources[2])]
        assert_index_exact(opened)
    assert _matched_ids(index, story(0, boilerplate=False)) == []
    assert _matched_ids(index, story(2, boilerplate=False)) == [str(sources[2])]
    assert run_cli("index", "stats", "--json", index) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == 2 and stats["format"] == FORMAT_VERSION and stats["seed_ngram"] == 3
    assert stats["bytes"] > 0 and stats["postings"] > 0


def test_other_settings_are_refused_with_a_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = write_sources(tmp_path / "src", 2)
    index = tmp_path / "i.db"
    assert run_cli("index", "add", "--ngram", "4", "--language", "none", index, *sources) == 0
    capsys.readouterr()
    assert run_cli("check", sources[0], "--index", index) == 2
    err = capsys.readouterr().err
    assert "built with language none, seed n-gram 4" in err and "this run uses language english, seed n-gram 3" in err
    assert run_cli("index", "add", index, *sources) == 2  # default settings differ too
    assert "built with language none" in capsys.readouterr().err
    copy = tmp_path / "copy.txt"  # a source is not checked against itself
    shutil.copy(sources[0], copy)
    assert run_cli("check", copy, "--index", index, "--ngram", "4", "--language", "none") == 1


def test_newer_format_and_foreign_files_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index = tmp_path / "i.db"
    assert run_cli("index", "add", index, *write_sources(tmp_path / "src", 1)) == 0
    connection = sqlite3.connect(index)
    connection.execute(f"PRAGMA user_version = {FORMAT_VERSION + 1}")
    connection.close()
    with pytest.raises(UsageError, match=f"index format {FORMAT_VERSION + 1} is newer .* upgrade reusecheck"):
        Index.open(str(index))
    capsys.readouterr()
    assert run_cli("index", "list", index) == 2
    assert "is newer" in capsys.readouterr().err

    # format 2 (one row per posting, tables postings and recent) is refused with the fix, not misread
    older = tmp_path / "format-2.db"
    connection = sqlite3.connect(older)
    connection.executescript("CREATE TABLE postings (hash INTEGER, document INTEGER); PRAGMA user_version = 2; "
                             "PRAGMA application_id = 1380141400;")
    connection.close()
    assert run_cli("check", REPUBLISHED, "--index", older) == 2
    assert "index format 2 is older than this reusecheck's (3); rebuild the index" in capsys.readouterr().err

    foreign = tmp_path / "other.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)")
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a database at all, just some words\n" * 100)
    for path in (foreign, text_file):
        assert run_cli("index", "add", path, text_file) == 2
        assert "not a reusecheck index" in capsys.readouterr().err
    assert text_file.read_text() == "not a database at all, just some words\n" * 100
    assert run_cli("index", "stats", tmp_path / "missing.db") == 2
    assert "no index here" in capsys.readouterr().err
    assert not (tmp_path / "missing.db").exists()


def test_read_only_index_can_be_checked_against_and_is_not_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = tmp_path / "i.db"
    assert run_cli("index", "add", index, REUTERS) == 0
    os.chmod(index, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    content = index.read_bytes()
    capsys.readouterr()
    assert run_cli("check", REPUBLISHED, "--index", index, "--format", "json") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["results"][0]["matches"][0]["source"]["id"] == file_id(REUTERS)
    assert run_cli("index", "add", index, REPUBLISHED) == 2
    assert "read-only" in capsys.readouterr().err
    assert run_cli("index", "remove", index, str(REUTERS)) == 2
    assert "read-only" in capsys.readouterr().err
    assert index.read_bytes() == content


def _results(report: object) -> list[dict[str, object]]:
    return report_dict(report)["results"]  # type: ignore[arg-type]


# How the index is laid out: one file; a folder of shards of about 1,000 characters each
# (so the 31 sources spread over many files), built by two tokenizing workers; one file
# of blocks of 4 postings (so that every shared n-gram is a common row), batches of 7 and
# runs merged as they come.
LAYOUTS: dict[str, tuple[str, list[str]]] = {
    "one-file": ("i.db", []),
    "shards-jobs-3": ("shards/", ["--shard-size", "1000", "--jobs", "3", "--batch", "5"]),
    "merged": ("i.db", ["--batch", "7"]),
}


@pytest.mark.parametrize(
    "retrieval",
    [RetrievalSettings(), RetrievalSettings(min_shared=3, max_df=0.1, df_floor=2, top_k=2),
     RetrievalSettings(min_archive=10, rare_df=1, number_df=2, admit_specific=2, top_k=3)],
    ids=["defaults", "tight-cutoff-and-top-k", "archive-templates"],
)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_index_gives_the_results_of_against(
    tmp_path: Path, retrieval: RetrievalSettings, layout: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = write_sources(tmp_path / "src", 30)
    name, add_options = LAYOUTS[layout]
    index = f"{tmp_path}/{name}"  # a folder keeps its trailing slash
    if layout == "merged":
        monkeypatch.setattr("reusecheck.postings.BLOCK", 4)
        Index.open(index, create=True).close()  # added to, not built new: a run per batch, merged as they come
    assert run_cli("index", "add", "--quiet", *add_options, index, tmp_path / "src", REUTERS) == 0
    shards = sorted((tmp_path / "shards").glob("shard-*.db")) if layout.startswith("shards") else [Path(index)]
    assert len(shards) > 5 or not layout.startswith("shards")
    for shard in shards:
        with Index.open(str(shard)) as opened:
            assert_index_exact(opened)
            if layout == "merged":
                c = opened.connection
                assert c.execute("SELECT count(*) FROM runs").fetchone()[0] == 1  # 5 batches merged as they came, then compacted
                assert c.execute("SELECT count(*) FROM common").fetchone()[0] > 0
                assert c.execute("PRAGMA freelist_count").fetchone()[0] == 0  # merged pages freed
    candidates = [
        Document("two-sources", story(3)[:300] + " Unrelated words here. " + story(17)[100:]),
        Document("copied-aleppo", REPUBLISHED.read_text(encoding="utf-8")),
        Document("boilerplate-only", BOILERPLATE * 3),
        Document("nothing", "A text about nothing that any source says, in words of its own."),
        *(Document(f"whole-{k}", story(k)) for k in range(0, 30, 7)),
    ]
    options = CheckOptions(retrieval=retrieval)
    against_checker = Checker(options)
    against = against_checker.run(candidates, [against_checker.memory_store([*sources, REUTERS])])
    checker = Checker(options)
    store = checker.index_store(str(index))
    try:
        indexed = checker.run(candidates, [store])
    finally:
        store.close()
    assert _results(indexed) == _results(against)
    matched = {r.candidate.id: [m.source.id for m in r.matches] for r in indexed.results}
    assert matched["copied-aleppo"] == [file_id(REUTERS)]
    assert matched["nothing"] == [] and matched["boilerplate-only"] == []
    assert set(matched["two-sources"]) >= {str(sources[3]), str(sources[17])} or retrieval.top_k < 2


def test_re_adding_the_documents_of_a_full_shard_changes_nothing(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The first shard is full after the first run: the second run starts no new shard
    for documents it already holds."""
    write_sources(tmp_path / "src", 6)
    index = f"{tmp_path}/shards/"
    for _ in range(2):
        assert run_cli("index", "add", "--shard-size", "1000", index, tmp_path / "src") == 0
    assert capsys.readouterr().out.splitlines() == [f"{index}: 6 added, 0 replaced, 0 unchanged",
                                                    f"{index}: 0 added, 0 replaced, 6 unchanged"]
    assert [p.name for p in (tmp_path / "shards").iterdir()] == ["shard-0001.db"]


def test_check_index_cli_equals_against_and_combines_with_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_sources(tmp_path / "src", 5)
    index = tmp_path / "i.db"
    candidate = tmp_path / "candidate.txt"
    candidate.write_text(story(2, boilerplate=False) + REPUBLISHED.read_text(encoding="utf-8"), encoding="utf-8")
    assert run_cli("index", "add", "-q", index, tmp_path / "src") == 0
    outputs = []
    runs: tuple[list[str | Path], ...] = (["--index", index, "--against", REUTERS], ["--against", tmp_path / "src", "--against", REUTERS])
    for sources in runs:
        assert run_cli("check", candidate, *sources, "--format", "json") == 1
        outputs.append(json.loads(capsys.readouterr().out)["results"])
    assert outputs[0] == outputs[1]
    assert {m["source"]["id"] for m in outputs[0][0]["matches"]} == {str(tmp_path / "src" / "story-02.txt"), file_id(REUTERS)}


def test_a_writer_blocked_past_the_busy_timeout_gets_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = write_sources(tmp_path / "src", 2)
    index = tmp_path / "i.db"
    assert run_cli("index", "add", index, sources[0]) == 0
    monkeypatch.setattr("reusecheck.index.BUSY_TIMEOUT_SECONDS", 0.2)
    holder = sqlite3.connect(index, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer in the middle of its batch
    try:
        assert run_cli("index", "add", index, sources[1]) == 2
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "cannot write the index (database is locked); if another process holds it, try again" in capsys.readouterr().err
    with Index.open(str(index)) as opened:
        assert opened.count() == 1
        assert_index_exact(opened)


def _add_with_stderr_on_a_terminal(index: Path, *arguments: object) -> str:
    """Run `index add` in a real process whose stderr is a pseudo-terminal; return what it wrote."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.run(
            [sys.executable, "-m", "reusecheck", "index", "add", str(index), *map(str, arguments)],
            stderr=follower, stdout=subprocess.DEVNULL, timeout=120,
        )
        assert process.returncode == 0
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal is closed and drained
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks).decode()
    finally:
        os.close(leader)


@pytest.mark.slow
def test_progress_bar_only_on_a_terminal_and_not_with_quiet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = write_sources(tmp_path / "src", 3)
    shown = _add_with_stderr_on_a_terminal(tmp_path / "a.db", *sources)
    assert "\r[" in shown and "100% 3 documents" in shown
    assert _add_with_stderr_on_a_terminal(tmp_path / "b.db", "--quiet", *sources) == ""
    assert run_cli("index", "add", tmp_path / "c.db", *sources) == 0  # stderr captured: not a terminal
    assert capsys.readouterr().err == ""


def test_one_file_named_three_ways_is_one_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text(REUTERS.read_text(encoding="utf-8"), encoding="utf-8")
    names = ["a.txt", "./a.txt", str(tmp_path / "a.txt"), "sub/../a.txt"]
    Path("sub").mkdir()
    assert run_cli("index", "add", "i.db", *names) == 0
    assert "1 added, 0 replaced, 0 unchanged" in capsys.readouterr().out
    with Index.open("i.db") as opened:
        assert [row[0] for row in opened.listing()] == ["a.txt"]
    assert run_cli("check", REPUBLISHED, "--index", "i.db", "--against", "./a.txt", "--format", "json") == 1
    result = json.loads(capsys.readouterr().out)["results"][0]
    assert [m["source"]["id"] for m in result["matches"]] == ["a.txt"]
    assert {f["source"] for f in result["findings"]} == {"a.txt"}
    assert run_cli("index", "remove", "i.db", str(tmp_path / "a.txt")) == 0
    with Index.open("i.db") as opened:
        assert opened.count() == 0
