"""Reads bounded by the bytes actually read, non-regular files refused, reports never
written over inputs, temporary files cleaned up, standard output failures (issue 15)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPUBLISHED, REUTERS

from reusecheck.cli import main
from reusecheck.cli.common import write_output
from reusecheck.errors import InputError
from reusecheck.loaders import read_bytes
from reusecheck.temporaries import TEMPORARY_SUFFIX

needs_devices = pytest.mark.skipif(not os.path.exists("/dev/zero") or not hasattr(os, "mkfifo"), reason="POSIX devices")


def _exit_code(argv: list[str]) -> int:
    """main() in-process; configuration errors leave argparse with SystemExit(2)."""
    try:
        return main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)


def _cli_to_dev_full(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REUSECHECK_DISABLE_PLUGIN_AUTOLOAD": "1"}
    with open("/dev/full", "w") as full:
        return subprocess.run([sys.executable, "-m", "reusecheck", *args], stdout=full, stderr=subprocess.PIPE,
                              text=True, env=env, timeout=120)


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    return path


@pytest.fixture
def articles(tmp_path: Path) -> tuple[Path, Path]:
    candidate, source = tmp_path / "candidate.txt", tmp_path / "source.txt"
    shutil.copy(REPUBLISHED, candidate)
    shutil.copy(REUTERS, source)
    return candidate, source


# -- reads ---------------------------------------------------------------------------------

def test_a_file_over_the_limit_is_refused_by_bytes_read(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 100)
    assert read_bytes(str(path), max_bytes=500) == b"word " * 100
    with pytest.raises(InputError, match="over the"):
        read_bytes(str(path), max_bytes=499)


def test_standard_input_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 1000)))
    with pytest.raises(InputError, match="over the") as caught:
        read_bytes("-", max_bytes=999)
    assert caught.value.path == "standard input"


@needs_devices
@pytest.mark.parametrize("role", ["candidate", "source"])
def test_devices_and_fifos_are_refused_in_one_line(capsys: pytest.CaptureFixture[str], fifo: Path, role: str) -> None:
    for bad in ("/dev/zero", str(fifo)):
        args = [bad, "--against", str(REUTERS)] if role == "candidate" else [str(REPUBLISHED), "--against", bad]
        assert main(["check", *args, "--format", "json"]) == 2
        out, err = capsys.readouterr()
        assert [e["path"] for e in json.loads(out)["errors"]] == [bad]
        [line] = err.splitlines()
        assert line == f"reusecheck: error: {bad}: not a regular file (a device, pipe or socket); give a file, or pipe the text to standard input as -"


@needs_devices
def test_a_fifo_baseline_agency_file_or_config_is_refused(capsys: pytest.CaptureFixture[str], fifo: Path,
                                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pair = [str(REPUBLISHED), "--against", str(REUTERS), "--isolated"]
    for option in ("--baseline", "--agencies"):
        for bad in ("/dev/zero", str(fifo)):
            assert main(["check", *pair, option, bad]) == 2
            err = capsys.readouterr().err
            assert err.count("\n") == 1 and bad in err and "not a regular file" in err
    assert _exit_code(["check", str(REPUBLISHED), "--against", str(REUTERS), "--config", str(fifo)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a regular file" in err


@needs_devices
def test_a_config_file_naming_dev_zero_as_baseline_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".reusecheck.toml").write_text('baseline = "/dev/zero"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(REPUBLISHED), "--against", str(REUTERS)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "/dev/zero" in err and "not a regular file" in err


def test_deeply_nested_toml_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = tmp_path / "deep.toml"
    config.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    assert _exit_code(["check", str(REPUBLISHED), "--against", str(REUTERS), "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nested too deeply" in err


# -- reports never over inputs -------------------------------------------------------------

@pytest.mark.parametrize("output", ["-o {candidate}", "--output=sarif={source}", "--output=json={folder}/source.txt"])
def test_a_report_is_never_written_over_an_input(capsys: pytest.CaptureFixture[str], articles: tuple[Path, Path], output: str) -> None:
    candidate, source = articles
    before = candidate.read_bytes(), source.read_bytes()
    target = output.format(candidate=candidate, source=source, folder=source.parent)
    against = str(source.parent) if "folder" in output else str(source)
    assert main(["check", str(candidate), "--against", against, *target.split(" ")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "would overwrite the input" in err
    assert (candidate.read_bytes(), source.read_bytes()) == before


def test_a_report_may_go_to_a_new_file_next_to_the_inputs(capsys: pytest.CaptureFixture[str], articles: tuple[Path, Path]) -> None:
    candidate, source = articles
    report = candidate.parent / "report.json"
    assert main(["check", str(candidate), "--against", str(source), "--output", f"json={report}"]) == 1
    assert json.loads(report.read_text(encoding="utf-8"))["version"] == 1


def test_temporary_files_left_by_a_killed_run_are_removed_by_the_next(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".report.json.{dead.stdout.strip()}{TEMPORARY_SUFFIX}"
    stale.write_text("half a report", encoding="utf-8")
    mine = tmp_path / f".report.json.{os.getpid()}{TEMPORARY_SUFFIX}"  # a live process's write is left alone
    write_output("{}", str(report))
    assert report.read_text(encoding="utf-8") == "{}"
    assert not stale.exists() and not mine.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_sigkill_during_a_report_write_leaves_a_named_temporary_the_next_run_removes(tmp_path: Path) -> None:
    script = (
        "import os, signal, reusecheck.cli.common as c\n"
        "real = os.replace\n"
        "def die(*a): os.kill(os.getpid(), signal.SIGKILL)\n"
        "os.replace = die\n"
        f"c.write_output('x' * 100000, {str(tmp_path / 'r.txt')!r})\n"
    )
    subprocess.run([sys.executable, "-c", script], timeout=60)
    left = [p.name for p in tmp_path.iterdir()]
    assert len(left) == 1 and left[0].startswith(".r.txt.") and left[0].endswith(TEMPORARY_SUFFIX)
    write_output("done", str(tmp_path / "r.txt"))
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]


# -- standard output -----------------------------------------------------------------------

@needs_devices
@pytest.mark.slow
def test_standard_output_to_dev_full_is_one_line_and_exit_2() -> None:
    done = _cli_to_dev_full("check", str(REPUBLISHED), "--against", str(REUTERS))
    assert done.returncode == 2
    assert done.stderr == "reusecheck: error: cannot write to standard output: No space left on device\n"


@needs_devices
def test_pan_evaluate_to_dev_full_is_one_line(tmp_path: Path) -> None:
    done = _cli_to_dev_full("pan", "evaluate", "--truth", str(tmp_path), "--detections", str(tmp_path))
    assert done.returncode == 2
    assert done.stderr == "reusecheck: error: cannot write to standard output: No space left on device\n"


@pytest.mark.slow
def test_a_broken_pipe_keeps_the_findings_exit_code(tmp_path: Path) -> None:
    env = {**os.environ, "REUSECHECK_DISABLE_PLUGIN_AUTOLOAD": "1"}
    many = [str(REPUBLISHED)] * 40  # a report far larger than a pipe's buffer
    with open(tmp_path / "stderr", "w+") as errors:
        process = subprocess.Popen([sys.executable, "-m", "reusecheck", "check", *many, "--against", str(REUTERS)],
                                   stdout=subprocess.PIPE, stderr=errors, env=env)
        assert process.stdout is not None
        process.stdout.read(10)
        process.stdout.close()  # the reader stops, as `| head -c 10` does
        assert process.wait(timeout=300) == 1
        errors.seek(0)
        assert errors.read() == ""
