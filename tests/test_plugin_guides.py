"""The rule and format plugin guides (docs/plugins/) run as written."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from helpers import DOCS, ROOT, blocks

from reusecheck.cli import main


def _run_guide(page: str, module: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    text = (DOCS / "plugins" / page).read_text(encoding="utf-8")
    [plugin_source] = blocks(text, "python")
    (tmp_path / module).write_text(plugin_source, encoding="utf-8")
    argv = shlex.split(blocks(text, "sh")[0].replace("\\\n", " "))
    assert argv[0] == "reusecheck"
    monkeypatch.chdir(tmp_path)
    return main([str(ROOT / a) if a.startswith("corpus/") else a for a in argv[1:]])


def test_the_rule_guide_plugin_reports_unmarked_agency_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert _run_guide("rule.md", "house_rule.py", tmp_path, monkeypatch) == 1
    [result] = json.loads(capsys.readouterr().out)["results"]
    [house] = [f for f in result["findings"] if f["rule"] == "HOUSE001"]
    assert house["severity"] == "warning" and house["evidence"]["agency"] == "Reuters"
    assert house["message"].startswith("Mark this story as agency copy: it reuses Reuters copy from ")


def test_the_format_guide_plugin_prints_findings_as_tsv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert _run_guide("format.md", "tsv_format.py", tmp_path, monkeypatch) == 1
    header, *rows = capsys.readouterr().out.splitlines()
    assert header.split("\t") == ["path", "rule", "severity", "source", "start", "end", "message"]
    assert {row.split("\t")[1] for row in rows} >= {"RC100", "RC102", "RC104"}
    assert all(row.split("\t")[2] in ("warning", "error") for row in rows)
