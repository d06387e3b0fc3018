"""The composite GitHub Action (action.yml): its inputs, and its run step executed by bash."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import REPUBLISHED, REUTERS, ROOT, ci_blocks

from reusecheck.cli import main

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
INPUTS = {"files", "against", "index", "fail-level", "format", "sarif-file", "args", "python-version",
          "working-directory", "changed-since", "baseline"}
EXPRESSION = re.compile(r"\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}")
INSTALLED_PYTHON = "${{ steps.install.outputs.python }}"  # the install step's virtual environment


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Desk", "-c", "user.email=desk@example.org", *args], cwd=folder, check=True,
                   capture_output=True)


def check_step() -> dict[str, Any]:
    [step] = [s for s in ACTION["runs"]["steps"] if s.get("id") == "check"]
    return step


def run_check_step(workspace: Path, inputs: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run the action's check step the way the runner does: inputs (or their defaults) in its env, bash."""
    unknown = set(inputs) - set(ACTION["inputs"])
    assert not unknown, f"not inputs of action.yml: {unknown}"
    values = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()} | inputs
    step = check_step()
    env = {key: EXPRESSION.sub(lambda m: str(values[m.group(1)]), value.replace(INSTALLED_PYTHON, sys.executable))
           for key, value in step["env"].items()}
    folder = workspace / EXPRESSION.sub(lambda m: str(values[m.group(1)]), step["working-directory"])
    github_output = workspace / "github-output.txt"
    github_output.write_text("", encoding="utf-8")
    env |= {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_OUTPUT": str(github_output),
        "REUSECHECK_DISABLE_PLUGIN_AUTOLOAD": "1",
    }
    process = subprocess.run(
        ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step["run"]],
        cwd=folder, env=env, capture_output=True, text=True, timeout=120,
    )
    return process, github_output.read_text(encoding="utf-8")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A checked-out newsroom repository: content/ (one reused, one clean article) and sources/."""
    (tmp_path / "content").mkdir()
    (tmp_path / "sources").mkdir()
    shutil.copy(REPUBLISHED, tmp_path / "content" / "aleppo.md")
    (tmp_path / "content" / "council.md").write_text("The city council met on Tuesday to discuss parks.\n", encoding="utf-8")
    shutil.copy(REUTERS, tmp_path / "sources" / "reuters.txt")
    return tmp_path


def test_inputs_and_composite_steps() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) == INPUTS
    assert all(spec.get("description") for spec in ACTION["inputs"].values())
    steps_text = yaml.safe_dump(ACTION["runs"]["steps"])
    assert set(EXPRESSION.findall(steps_text)) == INPUTS
    assert all(step.get("shell") == "bash" for step in ACTION["runs"]["steps"] if "run" in step)
    # no input is pasted into a script, where a crafted value would run as code
    assert not any("${{" in step.get("run", "") for step in ACTION["runs"]["steps"])
    assert ACTION["outputs"]["exit-code"]["value"] == "${{ steps.check.outputs.exit-code }}"


@pytest.mark.slow
def test_reuse_fails_the_step_with_annotations_and_sarif(workspace: Path) -> None:
    process, outputs = run_check_step(
        workspace, {"files": "content/aleppo.md\ncontent/council.md", "against": "sources", "sarif-file": "reusecheck.sarif"}
    )
    assert process.returncode == 1, process.stderr
    assert outputs == "exit-code=1\n"
    assert "reusecheck check content/aleppo.md content/council.md --against sources --format github" in process.stdout
    assert re.search(r"^::warning file=content/aleppo\.md,line=3,.*title=RC100", process.stdout, flags=re.M), process.stdout
    sarif = json.loads((workspace / "reusecheck.sarif").read_text(encoding="utf-8"))
    [run] = sarif["runs"]
    assert "RC100" in {r["ruleId"] for r in run["results"]}
    # every finding is in the reused article, none in the clean one
    [location] = {loc["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"] for loc in r["locations"]}
    assert location == "content/aleppo.md"


@pytest.mark.slow
def test_clean_articles_pass_and_inputs_reach_the_command(workspace: Path) -> None:
    process, outputs = run_check_step(
        workspace, {"files": "content/council.md", "against": "sources", "format": "text", "fail-level": "error",
                    "args": "--threshold 0.5"},
    )
    assert process.returncode == 0, process.stderr
    assert outputs == "exit-code=0\n"
    assert "reusecheck check content/council.md --fail-level error --against sources --format text --threshold 0.5" in process.stdout
    assert "1 checked, 0 with reuse, 0 finding(s)" in process.stdout


@pytest.mark.slow
def test_index_input_reaches_the_command(workspace: Path) -> None:
    assert main(["index", "add", "--quiet", str(workspace / "sources.rcx"), str(workspace / "sources")]) == 0
    process, outputs = run_check_step(workspace, {"files": "content/aleppo.md", "index": "sources.rcx", "format": "json"})
    assert process.returncode == 1, process.stderr
    assert outputs == "exit-code=1\n"
    command, report = process.stdout.split("\n", 1)
    assert command == "reusecheck check content/aleppo.md --index sources.rcx --format json"
    [result] = json.loads(report)["results"]
    assert [m["source"]["id"] for m in result["matches"]] == [str(workspace / "sources" / "reuters.txt")]


@pytest.mark.slow
def test_sources_from_the_repository_configuration(workspace: Path) -> None:
    (workspace / ".reusecheck.toml").write_text('against = ["sources"]\nformat = ["json"]\n', encoding="utf-8")
    process, outputs = run_check_step(workspace, {"files": "content/", "format": ""})
    assert process.returncode == 1, process.stderr
    command, report = process.stdout.split("\n", 1)
    assert command == "reusecheck check content/"
    assert [r["candidate"]["path"] for r in json.loads(report)["results"] if r["matches"]] == ["content/aleppo.md"]


@pytest.mark.slow
def test_empty_files_input_is_an_error(workspace: Path) -> None:
    process, outputs = run_check_step(workspace, {"files": " \n", "against": "sources"})
    assert process.returncode == 2
    assert process.stdout == "::error title=reusecheck::the files input is empty; name the articles to check\n"


@pytest.mark.slow
def test_documented_workflow_runs_as_written(workspace: Path) -> None:
    """The documented workflow (docs/ci.md): its reusecheck step run through action.yml, then the SARIF upload's file."""
    [workflow_text] = [b for b in ci_blocks("GitHub Actions", "yaml") if "jobs:" in b]
    workflow = yaml.safe_load(workflow_text)
    assert workflow["permissions"]["security-events"] == "write"
    [job] = workflow["jobs"].values()
    uses = [step.get("uses", "") for step in job["steps"]]
    assert uses[0].startswith("actions/checkout@")
    [ours] = [step for step in job["steps"] if re.fullmatch(r"[\w.-]+/reusecheck@[\w.-]+", step.get("uses", ""))]
    [upload] = [step for step in job["steps"] if step.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert uses.index(upload["uses"]) > uses.index(ours["uses"])
    assert job["steps"][0]["with"]["fetch-depth"] == 0  # --changed-since needs the base commit
    # the pull request: the clean article and the baseline are on the base branch, the copied one is new
    aleppo = (workspace / "content" / "aleppo.md").read_bytes()
    (workspace / "content" / "aleppo.md").unlink()
    assert main(["check", str(workspace / "content"), "--against", str(workspace / "sources"),
                 "--write-baseline", str(workspace / ours["with"]["baseline"])]) == 0
    git(workspace, "init", "-q")
    git(workspace, "add", ".")
    git(workspace, "commit", "-q", "-m", "base")
    base = subprocess.run(["git", "rev-parse", "HEAD"], cwd=workspace, capture_output=True, text=True, check=True).stdout.strip()
    (workspace / "content" / "aleppo.md").write_bytes(aleppo)
    git(workspace, "add", ".")
    git(workspace, "commit", "-q", "-m", "a copied story")
    assert ours["with"]["changed-since"] == "${{ github.event.pull_request.base.sha || 'HEAD~1' }}"
    process, outputs = run_check_step(workspace, {**ours["with"], "changed-since": base})
    assert process.stdout.startswith("reusecheck check content/ --against sources/ --changed-since ")
    assert process.returncode == 1, process.stderr
    assert outputs == "exit-code=1\n"
    # the job has failed by now: the upload must still run, and find the file
    assert upload["if"] == "${{ !cancelled() }}"
    assert upload["with"]["sarif_file"] == ours["with"]["sarif-file"]
    sarif = json.loads((workspace / upload["with"]["sarif_file"]).read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]


def test_the_callers_python_is_left_alone_and_pip_is_cached() -> None:
    [setup] = [s for s in ACTION["runs"]["steps"] if s.get("uses", "").startswith("actions/setup-python@")]
    assert setup["with"]["update-environment"] is False  # PATH and pythonLocation stay the caller's
    assert setup["with"]["cache"] == "pip" and setup["with"]["cache-dependency-path"].endswith("/pyproject.toml")
    [install] = [s for s in ACTION["runs"]["steps"] if s.get("id") == "install"]
    assert '"$RC_SETUP_PYTHON" -m venv "$venv"' in install["run"] and "$RUNNER_TEMP" in install["run"]
    assert "GITHUB_PATH" not in install["run"] and "GITHUB_ENV" not in install["run"]
    assert check_step()["env"]["RC_PYTHON"] == INSTALLED_PYTHON


@pytest.mark.slow
def test_args_keep_quotes_and_lines_and_may_be_a_yaml_list(workspace: Path) -> None:
    (workspace / "content" / "my drafts").mkdir()
    shutil.copy(REPUBLISHED, workspace / "content" / "my drafts" / "draft.md")
    shutil.copy(REPUBLISHED, workspace / "content" / "my story.md")
    block = '--extend-exclude "content/my drafts"\n--threshold 0.3\n--format json\n'
    process, outputs = run_check_step(workspace, {"files": 'content "content/my story.md"', "against": "sources",
                                                  "format": "", "args": block})
    command, report = process.stdout.split("\n", 1)
    assert command == ("reusecheck check content 'content/my story.md' --against sources "
                       "--extend-exclude 'content/my drafts' --threshold 0.3 --format json")
    checked = [r["candidate"]["path"] for r in json.loads(report)["results"]]
    assert checked == ["content/aleppo.md", "content/council.md", "content/my story.md", "content/my story.md"]
    listed, _ = run_check_step(workspace, {"files": "content/council.md", "against": "sources", "format": "",
                                           "args": '[--threshold, "0.5", --format, json]'})
    assert listed.stdout.split("\n", 1)[0].endswith("--against sources --threshold 0.5 --format json"), listed.stdout


@pytest.mark.slow
def test_globs_working_directory_changed_since_and_baseline_inputs(workspace: Path) -> None:
    site = workspace / "site"
    shutil.move(workspace / "content", site / "content")
    shutil.move(workspace / "sources", site / "sources")
    assert main(["check", str(site / "content"), "--against", str(site / "sources"),
                 "--write-baseline", str(site / "baseline.json"), "--format", "json"]) == 0
    process, outputs = run_check_step(workspace, {"files": "content/**/*.md", "against": "sources/*.txt",
                                                  "working-directory": "site", "baseline": "baseline.json"})
    assert process.returncode == 0, process.stdout + process.stderr
    assert process.stdout.startswith("reusecheck check content/aleppo.md content/council.md "
                                     "--against sources/reuters.txt --baseline baseline.json --format github\n")
    missing, _ = run_check_step(workspace, {"files": "content/**/*.txt", "working-directory": "site"})
    assert missing.returncode == 2 and missing.stdout.startswith(
        "::error title=reusecheck::content/**/*.txt matches no file (the files input")
    changed, outputs = run_check_step(workspace, {"files": "content", "against": "sources", "working-directory": "site",
                                                  "changed-since": "origin/main"})
    assert "--changed-since origin/main" in changed.stdout and outputs == "exit-code=2\n"  # not a git repository
    assert "--changed-since needs a git repository" in changed.stderr
