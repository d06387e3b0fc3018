"""``reusecheck check`` with several formats and outputs, and --exit-zero."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPUBLISHED, REUTERS, ROOT, blocks, file_id, section
from junitparser import JUnitXml

from reusecheck.cli import main

PAIR = [str(REPUBLISHED), "--against", str(REUTERS)]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_several_formats_to_files_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sarif, junit, jsonl = tmp_path / "r.sarif", tmp_path / "r.xml", tmp_path / "r.jsonl"
    code, out, _ = run(capsys, *PAIR, "--output", f"sarif={sarif}", "--output", f"junit={junit}",
                       "-o", f"jsonl={jsonl}")
    assert code == 1
    assert out.startswith(file_id(REPUBLISHED)) and "finding(s)" in out  # no --format: text on stdout
    assert json.loads(sarif.read_text())["runs"][0]["results"][0]["ruleId"] == "RC100"
    assert [case.name for suite in JUnitXml.fromfile(str(junit)) for case in suite] == [file_id(REPUBLISHED)]
    assert json.loads(jsonl.read_text())["type"] == "result"


def test_format_named_in_output_is_not_printed_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "r.json"
    code, out, _ = run(capsys, *PAIR, "--format", "github", "--format", "json", "--output", f"json={target}")
    assert code == 1
    [result] = json.loads(target.read_text())["results"]
    assert out.startswith("::") and out.count("\n") == len(result["findings"]) > 0  # one annotation per finding


def test_plain_output_path_keeps_its_meaning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "r.md"
    code, out, _ = run(capsys, *PAIR, "--format", "markdown", "-o", str(target))
    assert code == 1 and out == ""
    assert re.match(r"## reusecheck: \d+ findings? at or above warning\n", target.read_text())


def test_a_path_with_an_equals_sign(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, *PAIR, "--format", "csv", "-o", "./csv=x.csv")
    assert code == 1 and (tmp_path / "csv=x.csv").read_text().startswith("path,line,column")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "json", "--format", "sarif"], "formats json and sarif would both go to standard output"),
        (["--format", "nope"], "no format 'nope'; choose one of text, json"),
        (["--output", "sarf=x.sarif"], "no format 'sarf'"),
        (["--output", "json="], "give a path after '='"),
        (["-o", "a.txt", "-o", "b.txt"], "-o/--output PATH given 2 times"),
        (["--output", "json=same", "--output", "sarif=same"], "formats json and sarif would both go to"),
        (["--format", "json", "--output", "json=j", "-o", "x"], "-o x: every --format already has its own --output"),
        (["--format", "json", "--output", "json=-"], None),
    ],
)
def test_output_plans_that_clash_are_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch, args: list[str], message: str | None) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, *PAIR, *args)
    if message is None:  # json to "-" is standard output, and nothing else goes there
        assert code == 1 and json.loads(out)["version"] == 1
        return
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_exit_zero_with_findings_but_not_with_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, *PAIR, "--exit-zero", "--format", "github")
    assert code == 0 and "::warning file=" in out and "title=RC100::" in out
    code, _, err = run(capsys, str(tmp_path / "missing.txt"), *PAIR, "--exit-zero")
    assert code == 2 and "missing.txt" in err


@pytest.mark.slow
def test_exit_zero_in_a_real_process(tmp_path: Path) -> None:
    sarif = tmp_path / "r.sarif"
    done = subprocess.run(
        [sys.executable, "-m", "reusecheck", "check", *PAIR, "--format", "github", "--output", f"sarif={sarif}", "--exit-zero"],
        capture_output=True, text=True, env={"REUSECHECK_DISABLE_PLUGIN_AUTOLOAD": "1", "PATH": ""}, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "title=RC100::" in done.stdout and json.loads(sarif.read_text())["version"] == "2.1.0"


PLUGINS = '''
import reusecheck
from reusecheck import Format


def render_count(report):
    return f"{len(report.results)} checked\\n"


def render_broken(report, context):
    raise RuntimeError("boom")


@reusecheck.hookimpl
def reusecheck_register_formats(register):
    register(Format("count", render_count))
    register(Format("broken", render_broken, takes_context=True))
'''


def test_third_party_formats_and_a_failing_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plugin = tmp_path / "myformats.py"
    plugin.write_text(PLUGINS, encoding="utf-8")
    code, out, _ = run(capsys, *PAIR, "--plugin", str(plugin), "--format", "count")
    assert code == 1 and out == "1 checked\n"
    kept = tmp_path / "r.json"
    kept.write_text("old report")
    code, out, err = run(capsys, *PAIR, "--plugin", str(plugin), "--output", f"json={kept}", "--format", "broken")
    assert code == 2 and out == ""
    assert err == "reusecheck: error: myformats: format 'broken' failed: RuntimeError: boom; fix the plugin or choose another format\n"
    assert kept.read_text() == "old report"  # nothing is written when one format fails


def test_documented_formats_snippet_runs_as_written(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    command = blocks(section("Output formats"), "sh")[0]
    argv = shlex.split(command.replace("\\\n", " "))
    assert argv[:2] == ["reusecheck", "check"]
    monkeypatch.chdir(ROOT)
    argv = [a.replace("sarif=", f"sarif={tmp_path}/").replace("junit=", f"junit={tmp_path}/") for a in argv[1:]]
    code = main(argv)
    out = capsys.readouterr().out
    assert code == 0 and "::warning file=corpus/republished-aleppo-2016-11-04.txt,line=3,endLine=25,title=RC100::" in out
    assert json.loads((tmp_path / "reusecheck.sarif").read_text())["runs"][0]["results"]
    assert [case.name for suite in JUnitXml.fromfile(str(tmp_path / "reusecheck.xml")) for case in suite]
