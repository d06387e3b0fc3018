"""Install the plugin for real and check that `reusecheck check --scorer jaccard` uses it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PLUGIN = Path(__file__).resolve().parent.parent
ROOT = PLUGIN.parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(PLUGIN)],
        check=True,
    )
    return target


def _run(installed: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "REUSECHECK_DISABLE_PLUGIN_AUTOLOAD"}
    env["PYTHONPATH"] = os.pathsep.join([str(installed), env.get("PYTHONPATH", "")])
    return subprocess.run([sys.executable, "-m", "reusecheck", *args], capture_output=True, text=True, env=env)


@pytest.mark.slow
def test_entry_point_plugin_is_listed(installed: Path) -> None:
    out = _run(installed, "plugins")
    assert out.returncode == 0, out.stderr
    assert "jaccard: scorer jaccard" in out.stdout


@pytest.mark.slow
def test_check_uses_the_jaccard_scorer(installed: Path) -> None:
    out = _run(
        installed, "check", str(CORPUS / "republished-aleppo-2016-11-04.txt"),
        "--against", str(CORPUS / "reuters-aleppo-2016-11-02.txt"), "--scorer", "jaccard", "--format", "json",
    )
    assert out.returncode in (0, 1), out.stderr
    scores = json.loads(out.stdout)["results"][0]["matches"][0]["scores"]
    assert set(scores) == {"containment", "jaccard"}
    assert 0.3 < scores["jaccard"] < 1.0


def test_identical_and_disjoint_texts() -> None:
    sys.path.insert(0, str(PLUGIN))
    try:
        import reusecheck
        from reusecheck.text import Tokenizer
        from reusecheck_jaccard import jaccard
    finally:
        sys.path.remove(str(PLUGIN))
    tokenizer = Tokenizer()
    same = tokenizer.tokenize("the cat sat on the mat today")
    other = tokenizer.tokenize("an entirely different sentence about dogs")
    doc = reusecheck.Document(id="d", text="")
    assert jaccard(reusecheck.Alignment(doc, doc, same, same, ())) == 1.0
    assert jaccard(reusecheck.Alignment(doc, doc, same, other, ())) == 0.0
