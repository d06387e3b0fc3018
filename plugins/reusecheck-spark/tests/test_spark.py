"""reusecheck on Spark (local[2]): the same answers as the local index, bad input as rows,
plugins on the executors, and the installed command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import PLUGIN, ROOT, read_lines, spark_cli

from reusecheck.cli import main as reusecheck_main
from reusecheck.engine import Checker
from reusecheck.errors import UsageError

pytestmark = pytest.mark.slow  # a Spark session, pip installs

SCORER_PLUGIN = '''
import reusecheck

def reused_share(alignment):
    return round(sum(p.candidate_end - p.candidate_start for p in alignment.passages) / max(len(alignment.candidate.text), 1), 6)

@reusecheck.hookimpl
def reusecheck_register_scorers(register):
    register(reusecheck.Scorer("reused_share", reused_share, "share of candidate characters in passages"))
'''


@pytest.fixture(scope="module")
def spark_index(spark: Any, sample: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("spark") / "index"
    assert spark_cli("index", "--sources", str(sample[0]), "--out", str(out)) == 0
    return out


@pytest.fixture(scope="module")
def local_index(sample: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    local = tmp_path_factory.mktemp("local") / "local.db"
    assert reusecheck_main(["index", "add", "--quiet", str(local), str(sample[0])]) == 0
    return local


def test_same_answers_as_the_local_index(spark: Any, sample: tuple[Path, Path], spark_index: Path, local_index: Path,
                                         tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources, candidates = sample
    local = local_index
    reusecheck_main(["check", str(candidates), "--index", str(local), "--format", "jsonl", "--isolated",
                     "--output", f"jsonl={tmp_path / 'local.jsonl'}"])
    assert spark_cli("check", "--candidates", str(candidates), "--index", str(spark_index), "--out", str(tmp_path / "out")) == 0
    assert "40 checked" in capsys.readouterr().out

    expected = (tmp_path / "local.jsonl").read_text(encoding="utf-8").splitlines()
    got = read_lines(tmp_path / "out" / "results.jsonl")
    assert got == expected  # the same matches, scores, passages, findings and verdicts, in the same order
    results = [json.loads(line) for line in expected]
    assert sum(1 for r in results if r["matches"]) >= 30  # the sample really exercises retrieval and alignment
    assert sum(len(m["passages"]) for r in results for m in r["matches"]) >= 60
    findings = spark.read.parquet(str(tmp_path / "out" / "findings")).collect()
    local_findings = [(r["candidate"]["id"], f["rule"], f["source"], f["candidate_start"], f["message"])
                      for r in results for f in r["findings"]]
    assert sorted((f.candidate, f.rule, f.source, f.candidate_start, f.message) for f in findings) == sorted(local_findings)
    assert {f[1] for f in local_findings} >= {"RC100", "RC101"}


CONFIG = """[tool.reusecheck]
threshold = 0.4
min-words = 12
format = ["sarif"]  # a key of `reusecheck check` only: valid here, not used by Spark
exclude = ["drafts/"]

[tool.reusecheck.severity]
RC101 = "off"

[[tool.reusecheck.overrides]]
paths = ["candidates.jsonl"]
severity = { RC100 = "info" }
"""


def test_spark_check_reads_the_configuration_of_local_check(spark: Any, sample: tuple[Path, Path], spark_index: Path,
                                                            local_index: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    candidates = project / "candidates.jsonl"
    candidates.write_text(sample[1].read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(project)
    reusecheck_main(["check", str(candidates), "--index", str(local_index), "--format", "jsonl",
                     "--output", f"jsonl={tmp_path / 'local.jsonl'}"])
    assert spark_cli("check", "--candidates", str(candidates), "--index", str(spark_index), "--out", str(tmp_path / "out")) == 0

    expected = (tmp_path / "local.jsonl").read_text(encoding="utf-8").splitlines()
    assert read_lines(tmp_path / "out" / "results.jsonl") == expected
    findings = [f for line in expected for f in json.loads(line)["findings"]]
    assert findings and not any(f["rule"] == "RC101" for f in findings)  # severity: RC101 off
    assert {f["severity"] for f in findings if f["rule"] == "RC100"} == {"info"}  # the override

    (project / "pyproject.toml").write_text(CONFIG.replace("threshold", "treshold"), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_code:
        spark_cli("check", "--candidates", str(candidates), "--index", str(spark_index), "--out", str(tmp_path / "again"))
    assert exit_code.value.code == 2 and not (tmp_path / "again").exists()
    assert "pyproject.toml:2: unknown key 'treshold' in [tool.reusecheck]; did you mean 'threshold'?" in capsys.readouterr().err


def test_path_overrides_match_candidates_on_a_cluster(spark: Any, sample: tuple[Path, Path], spark_index: Path,
                                                      tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Candidates whose paths are ``hdfs://`` URIs (a Parquet table with a ``path``
    column): ``[[overrides]]`` globs match them on the URI's path."""
    records = [json.loads(line) for line in sample[1].read_text(encoding="utf-8").splitlines()[:12]]
    for k, record in enumerate(records):
        record["path"] = f"hdfs://namenode:8020/{'wire' if k % 2 else 'local'}/{record['id']}.txt"
    candidates = tmp_path / "candidates.parquet"
    spark.createDataFrame(records, "id string, text string, path string").write.parquet(str(candidates))
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(
        '[tool.reusecheck]\n\n[[tool.reusecheck.overrides]]\npaths = ["wire/**"]\nseverity = { RC100 = "info" }\n',
        encoding="utf-8")
    monkeypatch.chdir(project)
    assert spark_cli("check", "--candidates", str(candidates), "--index", str(spark_index), "--out", str(tmp_path / "out")) == 0
    levels: dict[str, set[str]] = {}
    for line in read_lines(tmp_path / "out" / "results.jsonl"):
        result = json.loads(line)
        folder = result["candidate"]["path"].split("/")[3]
        levels.setdefault(folder, set()).update(f["severity"] for f in result["findings"] if f["rule"] == "RC100")
    assert levels == {"wire": {"info"}, "local": {"warning"}}


def test_index_tables(spark: Any, spark_index: Path, sample: tuple[Path, Path]) -> None:
    meta = json.loads((spark_index / "_reusecheck.json").read_text(encoding="utf-8"))
    assert meta["documents"] == 300 and meta["settings"] == {"language": "english", "fold_spelling": True, "seed_ngram": 3}
    checker = Checker()  # what `reusecheck index add` stores: each document's distinct seeds from Checker.analyze
    expected = sorted((d.id, h) for d in checker.load([str(sample[0])], None)
                      for h in checker.analyze(d).seeds.view(np.int64).tolist())
    documents = spark.read.parquet(str(spark_index / "documents"))
    fingerprints = spark.read.parquet(str(spark_index / "fingerprints"))
    ids = dict(documents.select("number", "id").collect())
    assert sorted((ids[r.doc], r.hash) for r in fingerprints.select("doc", "hash").collect()) == expected
    assert {"id", "text", "date", "agency", "credits", "seeds"} <= set(documents.columns)
    assert set(fingerprints.columns) == {"doc", "hash", "position", "bucket"}


def test_bad_documents_become_error_rows(spark: Any, spark_index: Path, tmp_path: Path) -> None:
    sources = tmp_path / "wire.jsonl"
    sources.write_text(
        '{"id": "good", "text": "Shares of the company rose sharply on Monday after it reported results."}\n'
        "not json at all\n"
        '{"id": "no-text", "text": 5}\n'
        "\n"
        '{"id": "good", "text": "the same id again"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "index"
    assert spark_cli("index", "--sources", str(sources), "--out", str(out)) == 0
    assert spark.read.parquet(str(out / "documents")).select("id").collect()[0].id == "good"
    errors = [json.loads(line) for line in read_lines(out / "errors")]
    assert [e["type"] for e in errors] == ["error"] * 3
    assert all(e["path"] == str(sources) for e in errors)
    messages = " | ".join(e["message"] for e in errors)
    assert "a line starting 'not json at all': not valid JSON" in messages
    assert '"text" must be a string' in messages and "id good is used again" in messages

    folder = tmp_path / "candidates"
    folder.mkdir()
    (folder / "story.txt").write_text("A plain story that reuses nothing at all from the archive.\n", encoding="utf-8")
    (folder / "image.bin").write_bytes(b"\x00\x01\x02binary")
    assert spark_cli("check", "--candidates", str(folder), "--index", str(spark_index), "--out", str(tmp_path / "out")) == 0
    lines = [json.loads(line) for line in read_lines(tmp_path / "out" / "results.jsonl")]
    assert [(line["type"], line.get("candidate", {}).get("path") or line.get("path")) for line in lines] == [
        ("result", f"{folder}/story.txt"), ("error", f"{folder}/image.bin")]
    assert "binary file" in lines[1]["message"]


def test_scorer_plugin_runs_on_the_executors(spark: Any, sample: tuple[Path, Path], spark_index: Path, tmp_path: Path) -> None:
    plugin = tmp_path / "reused_share.py"
    plugin.write_text(SCORER_PLUGIN, encoding="utf-8")
    one = tmp_path / "one.jsonl"
    one.write_text(sample[1].read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert spark_cli("check", "--candidates", str(one), "--index", str(spark_index), "--out", str(tmp_path / "out"),
                     "--plugin", str(plugin), "--scorer", "reused_share") == 0
    [line] = read_lines(tmp_path / "out" / "results.jsonl")
    scores = json.loads(line)["matches"][0]["scores"]
    assert set(scores) == {"containment", "reused_share"} and 0 < scores["reused_share"] <= 1


def test_settings_and_outputs_are_checked(spark: Any, sample: tuple[Path, Path], spark_index: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="built with language english, seed n-gram 3.*this run uses .*seed n-gram 4"):
        spark_cli("check", "--candidates", str(sample[1]), "--index", str(spark_index), "--out", str(tmp_path / "o"), "--ngram", "4")
    with pytest.raises(UsageError, match="already exists; remove it, choose another --out, or give --overwrite"):
        spark_cli("index", "--sources", str(sample[0]), "--out", str(spark_index))
    with pytest.raises(UsageError, match="not a finished Spark index"):
        spark_cli("check", "--candidates", str(sample[1]), "--index", str(tmp_path), "--out", str(tmp_path / "o"))
    assert not (tmp_path / "o").exists()


def test_installed_plugin_adds_the_spark_command(tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(PLUGIN)],
                   check=True)
    env = {k: v for k, v in os.environ.items() if k != "REUSECHECK_DISABLE_PLUGIN_AUTOLOAD"}
    env["PYTHONPATH"] = os.pathsep.join([str(target), str(ROOT)])
    out = subprocess.run([sys.executable, "-m", "reusecheck", "spark", "--help"], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert "index" in out.stdout and "check" in out.stdout
    listed = subprocess.run([sys.executable, "-m", "reusecheck", "plugins"], capture_output=True, text=True, env=env)
    assert "spark: command spark" in listed.stdout
