"""Per-path overrides for inputs on a cluster (``hdfs://``, ``s3a://``): globs match the
URI's path from the root of its file system or bucket (no cluster needed: the candidates'
paths are such URIs)."""

from __future__ import annotations

import io
import textwrap
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from helpers import REPUBLISHED, REUTERS, read

from reusecheck import run_setup, settings
from reusecheck.cli import main
from reusecheck.config import PathOverride
from reusecheck.engine import Checker
from reusecheck.models import Document, Severity


@pytest.mark.parametrize(("glob", "path", "matched"), [
    ("wire/**", "s3a://news/wire/2016/story.jsonl", True),
    ("wire/**", "hdfs://namenode:8020/wire/story.jsonl", True),
    ("wire/**", "s3a://news/archive/wire/story.jsonl", False),  # from the root, as locally from the file's folder
    ("**/wire/**", "s3a://news/archive/wire/story.jsonl", True),
    ("/data/wire/*.jsonl", "hdfs://namenode:8020/data/wire/story.jsonl", True),
    ("*.html", "hdfs://namenode/data/pages/aleppo.html", True),  # a file name, in any folder
    ("*.html", "hdfs://namenode/data/pages/aleppo.txt", False),
    ("s3a://news/wire/**", "s3a://news/wire/story.jsonl", True),
    ("s3a://news/wire/**", "s3a://other/wire/story.jsonl", False),  # another bucket
    ("s3a://news/wire/**", "hdfs://news/wire/story.jsonl", False),  # another scheme
    ("S3A://News/wire/**", "s3a://news/wire/story.jsonl", True),  # scheme and host ignore case
    ("wire/my story.html", "s3a://news/wire/my%20story.html", True),  # percent-encoded
    ("wire/**", "file:///srv/site/wire/story.txt", True),  # file: URIs are local paths
])
def test_globs_match_a_uri_on_its_path(glob: str, path: str, matched: bool) -> None:
    assert PathOverride((glob,), Path("/srv/site")).matches(path) is matched


def test_local_paths_match_as_before(tmp_path: Path) -> None:
    override = PathOverride(("wire/**", "*.html"), tmp_path)
    assert override.matches(str(tmp_path / "wire" / "story.txt"))
    assert override.matches(str(tmp_path / "pages" / "a.html"))
    assert not override.matches(str(tmp_path / "local" / "story.txt"))
    assert not override.matches(str(tmp_path.parent / "wire" / "story.txt"))  # outside the file's folder


CONFIG = """
[tool.reusecheck]
severity = { RC101 = "off" }

[[tool.reusecheck.overrides]]
paths = ["wire/**"]
severity = { RC100 = "info" }
"""


def test_an_override_applies_to_a_candidate_on_a_cluster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(textwrap.dedent(CONFIG), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["config", "s3a://news/wire/aleppo.txt", "hdfs://namenode/local/aleppo.txt"]) == 0
    assert "# s3a://news/wire/aleppo.txt: overrides from pyproject.toml:5" in out.getvalue()
    assert "# hdfs://namenode/local/aleppo.txt: no overrides apply" in out.getvalue()

    values, configuration = settings.resolve({})
    plugins = run_setup.plugins(values)
    checker = Checker(run_setup.configured(run_setup.check_options(values), plugins, configuration), plugins)
    store = checker.memory_store([Document("reuters", read(REUTERS), path=str(REUTERS))])
    text = read(REPUBLISHED)
    levels = {}
    for path in ("s3a://news/wire/aleppo.txt", "hdfs://namenode/local/aleppo.txt"):
        result = checker.check_one(checker.analyze(Document(path, text, path=path)), [store])
        levels[path] = {f.severity for f in result.findings if f.rule == "RC100"}
    assert levels == {"s3a://news/wire/aleppo.txt": {Severity.INFO}, "hdfs://namenode/local/aleppo.txt": {Severity.WARNING}}
