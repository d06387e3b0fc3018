"""The command line: output, exit codes, inputs from stdin and folders, bad input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import CORPUS, REPUBLISHED, REUTERS, file_id, read

from reusecheck.cli import main


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:
    code = main(["check", *args, "--format", "json"])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def test_founding_pair_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, report, err = run_json(capsys, str(REPUBLISHED), "--against", str(REUTERS))
    assert code == 1 and err == ""
    assert report["version"] == 1 and report["errors"] == []
    [result] = report["results"]
    assert result["candidate"] == {"id": file_id(REPUBLISHED), "path": file_id(REPUBLISHED), "length": len(read(REPUBLISHED))}
    [match] = result["matches"]
    assert match["source"]["id"] == file_id(REUTERS)
    assert set(match["scores"]) >= {"containment", "coverage", "longest"}
    assert isinstance(match["scores"]["longest"], int)
    starts = [p["candidate_start"] for p in match["passages"]]
    assert starts == sorted(starts)
    assert set(match["passages"][0]) == {"candidate_start", "candidate_end", "source_start", "source_end", "kind", "similarity"}
    reuse = [f for f in result["findings"] if f["rule"] == "RC100"]
    assert reuse and reuse[0]["name"] == "reuse" and reuse[0]["severity"] == "warning"
    assert reuse[0]["source"] == file_id(REUTERS)


def test_text_format_quotes_passages_side_by_side(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(REPUBLISHED), "--against", str(REUTERS)]) == 1
    out = capsys.readouterr().out
    assert f"67% of this text is reused from {file_id(REUTERS)} (85% of that source's words)" in out
    assert "│ Russia and the Syrian army on Wednesday told   │ Russia and the Syrian army on Wednesday told" in out
    assert "RC100 reuse" in out and "1 checked, 1 with reuse" in out


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], 1),
        (["--fail-level", "error"], 0),
        (["--severity", "RC100=error", "--fail-level", "error"], 1),
        (["--severity", "RC100=info"], 0),
        (["--severity", "RC100=info", "--fail-level", "info"], 1),
        (["--severity", "RC100=off", "--fail-level", "info"], 0),
    ],
)
def test_exit_codes_follow_severity_and_fail_level(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], expected: int
) -> None:
    """A copy of the Reuters story against the story carries RC100 only."""
    copy = tmp_path / "copy.txt"
    shutil.copy(REUTERS, copy)
    code, report, _ = run_json(capsys, str(copy), "--against", str(REUTERS), *options)
    assert code == expected
    rules = [f["rule"] for f in report["results"][0]["findings"]]
    assert rules == ([] if "RC100=off" in options else ["RC100"])


def test_threshold_decides_reuse_findings(capsys: pytest.CaptureFixture[str]) -> None:
    _, report, _ = run_json(capsys, str(REPUBLISHED), "--against", str(REUTERS), "--threshold", "0.95")
    assert report["results"][0]["matches"] and "RC100" not in [f["rule"] for f in report["results"][0]["findings"]]


def test_unrelated_text_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text("A council meeting on Tuesday approved the new budget for the city's libraries and parks.\n")
    code, report, _ = run_json(capsys, str(clean), "--against", str(REUTERS))
    assert code == 0
    assert report["results"][0]["matches"] == [] and report["results"][0]["findings"] == []


def test_results_keep_candidate_order_and_folders_expand(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean = tmp_path / "a-clean.txt"
    clean.write_text("Nothing here is copied from anywhere at all, it is a short original note.\n")
    code, report, _ = run_json(capsys, str(REPUBLISHED), str(clean), "--against", str(CORPUS), "--all-sources")
    assert [r["candidate"]["id"] for r in report["results"]] == [file_id(REPUBLISHED), file_id(clean)]
    sources = [m["source"]["id"] for m in report["results"][0]["matches"]]
    assert file_id(REUTERS) in sources
    assert file_id(REPUBLISHED) not in sources  # the folder holds the candidate itself: not checked against itself
    assert {"path": file_id(REPUBLISHED), "message": "also given as a source; not checked against itself"} in report["warnings"]
    containments = [m["scores"]["containment"] for m in report["results"][0]["matches"]]
    assert containments == sorted(containments, reverse=True)


def test_sources_that_only_repeat_a_better_source_are_left_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An archive's near-copy of the reused story adds nothing: only the best source is reported."""
    archive = tmp_path / "archive"
    archive.mkdir()
    story = read(REUTERS)
    (archive / "story.txt").write_text(story, encoding="utf-8")
    first_half = story[: story.index("Civilians and the sick")]
    (archive / "earlier-version.txt").write_text(first_half, encoding="utf-8")
    (archive / "other.txt").write_text(read(REPUBLISHED).split("In related news")[1], encoding="utf-8")
    _, report, _ = run_json(capsys, str(REPUBLISHED), "--against", str(archive))
    sources = [m["source"]["id"] for m in report["results"][0]["matches"]]
    assert sources == [str(archive / "story.txt"), str(archive / "other.txt")]
    (archive / "duplicate.txt").write_text(story, encoding="utf-8")  # as strong: reported too
    _, report, _ = run_json(capsys, str(REPUBLISHED), "--against", str(archive))
    sources = [m["source"]["id"] for m in report["results"][0]["matches"]]
    assert sources == [str(archive / "duplicate.txt"), str(archive / "story.txt"), str(archive / "other.txt")]
    _, report, _ = run_json(capsys, str(REPUBLISHED), "--against", str(archive), "--all-sources")
    assert {m["source"]["id"] for m in report["results"][0]["matches"]} == {str(archive / n) for n in ("story.txt", "duplicate.txt", "earlier-version.txt", "other.txt")}


def test_candidate_from_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    class Stdin:
        buffer = open(REPUBLISHED, "rb")  # noqa: SIM115 - closed below

    monkeypatch.setattr(sys, "stdin", Stdin)
    try:
        code, report, _ = run_json(capsys, "-", "--against", str(REUTERS))
    finally:
        Stdin.buffer.close()
    assert code == 1
    assert report["results"][0]["candidate"] == {"id": "-", "path": None, "length": len(read(REPUBLISHED))}
    assert report["results"][0]["matches"]


def test_binary_and_missing_files_are_errors_while_others_are_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)))
    missing = tmp_path / "missing.txt"
    code, report, err = run_json(capsys, str(binary), str(missing), str(REPUBLISHED), "--against", str(REUTERS))
    assert code == 2
    assert [r["candidate"]["id"] for r in report["results"]] == [file_id(REPUBLISHED)]
    assert report["results"][0]["matches"]
    errors = {e["path"]: e["message"] for e in report["errors"]}
    assert "binary file" in errors[str(binary)]
    assert "no such file" in errors[str(missing)]
    assert len(err.strip().splitlines()) == 2 and "Traceback" not in err


def test_unreadable_file_is_an_error(tmp_path: Path) -> None:
    """Root reads any file, so where the tests run as root a forked child drops to nobody."""
    locked = tmp_path / "locked.txt"
    locked.write_text("secret text")
    locked.chmod(0)
    tmp_path.chmod(0o755)
    errors = tmp_path / "stderr.txt"
    pid = os.fork()
    if pid == 0:  # the child: run the real CLI as an unprivileged user
        code = 3
        try:
            with open(errors, "w") as handle:
                sys.stderr = handle
                if os.geteuid() == 0:
                    os.setgid(65534)
                    os.setuid(65534)
                code = main(["check", str(locked), "--against", str(REUTERS), "--format", "json", "-o", os.devnull])
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 2
    err = errors.read_text()
    assert f"{locked}: permission denied; make the file readable" in err
    assert "Traceback" not in err


def test_empty_file_is_checked_with_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, report, _ = run_json(capsys, str(empty), "--against", str(REUTERS))
    assert code == 0
    assert report["results"][0]["candidate"]["length"] == 0 and report["results"][0]["matches"] == []
    assert report["warnings"] == [{"path": str(empty), "message": "empty text; nothing to compare"}]


def test_windows_1252_falls_back_with_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    legacy = tmp_path / "legacy.txt"
    text = read(REUTERS).replace("\u201c", "\u201c").replace("won\u2019t", "won\u2019t")
    legacy.write_bytes(text.encode("cp1252"))
    code, report, _ = run_json(capsys, str(legacy), "--against", str(REUTERS))
    assert code == 1
    [match] = report["results"][0]["matches"]
    assert match["scores"]["containment"] == 1.0
    assert report["warnings"][0]["path"] == str(legacy) and "Windows-1252" in report["warnings"][0]["message"]
    code, report, _ = run_json(capsys, str(legacy), "--against", str(REUTERS), "--encoding", "cp1252")
    assert report["warnings"] == []
    code, report, err = run_json(capsys, str(legacy), "--against", str(REUTERS), "--encoding", "utf-8")
    assert code == 2 and "not valid utf-8" in report["errors"][0]["message"]


def test_utf8_bom_is_not_part_of_the_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + REUTERS.read_bytes())
    _, report, _ = run_json(capsys, str(bom), "--against", str(REUTERS))
    assert report["results"][0]["candidate"]["length"] == len(read(REUTERS))
    passage = report["results"][0]["matches"][0]["passages"][0]
    assert passage["candidate_start"] == passage["source_start"]


def test_crlf_offsets_count_both_characters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(REPUBLISHED.read_bytes().replace(b"\n", b"\r\n"))
    _, report, _ = run_json(capsys, str(crlf), "--against", str(REUTERS))
    text = crlf.read_bytes().decode("utf-8")
    for passage in report["results"][0]["matches"][0]["passages"]:
        assert text[passage["candidate_start"] : passage["candidate_end"]].split()[-3:] == \
            read(REUTERS)[passage["source_start"] : passage["source_end"]].split()[-3:]
        assert "\r\n" in text[passage["candidate_start"] : passage["candidate_end"]]


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["check", str(REPUBLISHED), "--threshold", "2"])
    assert exc.value.code == 2
    assert main(["check", str(REPUBLISHED)]) == 2
    assert "give --against SOURCE" in capsys.readouterr().err
    assert main(["check", str(REPUBLISHED), "--against", str(REUTERS), "--format", "nope"]) == 2
    assert main(["check", str(REPUBLISHED), "--against", str(REUTERS), "--scorer", "nope"]) == 2
    assert main(["check", str(REPUBLISHED), "--against", str(REUTERS), "--severity", "RC999=error"]) == 2
    assert main(["check", str(REPUBLISHED), "--against", str(REUTERS), "--language", "klingon"]) == 2
    err = capsys.readouterr().err
    assert "no format 'nope'" in err and "no scorer 'nope'" in err and "no rule 'RC999'" in err
    assert "unknown language 'klingon'" in err


def test_output_file_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.json"
    old_umask = os.umask(0o022)
    try:
        main(["check", str(REPUBLISHED), "--against", str(REUTERS), "--format", "json", "--output", str(target)])
    finally:
        os.umask(old_umask)
    assert capsys.readouterr().out == ""
    assert json.loads(target.read_text())["results"][0]["matches"]
    assert target.stat().st_mode & 0o777 == 0o644  # as any new file, not the temporary file's 0600
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_unwritable_output_leaves_no_temporary_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "not-a-folder"  # a missing report folder is created; a file in the way cannot be
    blocker.write_text("", encoding="utf-8")
    target = blocker / "report.json"
    code = main(["check", str(REPUBLISHED), "--against", str(REUTERS), "--output", str(target)])
    assert code == 2
    assert f"{target}: cannot write the file" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == [blocker]


@pytest.mark.slow
def test_python_dash_m_and_help() -> None:
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run([sys.executable, "-m", "reusecheck", "--help"], capture_output=True, text=True, env=env)
    assert out.returncode == 0 and "check" in out.stdout and "Exit codes" in out.stdout
    out = subprocess.run([sys.executable, "-m", "reusecheck", "check", "--help"], capture_output=True, text=True, env=env)
    assert out.returncode == 0 and "--against" in out.stdout and "--fail-level" in out.stdout


def test_rules_and_plugins_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    assert "RC100  reuse" in capsys.readouterr().out
    assert main(["plugins"]) == 0
    assert "scorers: scorer containment, scorer coverage, scorer longest" in capsys.readouterr().out


def test_records_of_one_jsonl_file_are_checked_against_each_other(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A researcher checks a corpus against itself: each record is a document of its own, so a
    record copying another is found, and only a record is left out against itself."""
    wire = REUTERS.read_text(encoding="utf-8")
    corpus = tmp_path / "corpus.jsonl"
    records = [{"id": "wire", "text": wire}, {"id": "copy", "text": REPUBLISHED.read_text(encoding="utf-8")},
               {"id": "note", "text": "A council meeting on Tuesday approved the new budget for the libraries."}]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    code, report, _ = run_json(capsys, str(corpus), "--against", str(corpus))
    assert code == 1
    by_id = {r["candidate"]["id"]: r for r in report["results"]}
    assert [m["source"]["id"] for m in by_id["copy"]["matches"]] == ["wire"]
    assert [m["source"]["id"] for m in by_id["wire"]["matches"]] == ["copy"]
    assert by_id["note"]["matches"] == []
    assert len([w for w in report["warnings"] if "not checked against itself" in w["message"]]) == 3
