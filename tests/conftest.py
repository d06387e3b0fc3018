"""Shared fixtures: the project's ../shared data, the sample corpus, a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "corpus"
REUTERS = CORPUS / "reuters-aleppo-2016-11-02.txt"
REPUBLISHED = CORPUS / "republished-aleppo-2016-11-04.txt"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skips the test where it is absent (fails in CI instead)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is absent: these tests read the project's ../shared data"
        if os.environ.get("REUSECHECK_REQUIRE_SHARED"):
            pytest.fail(message + " (REUSECHECK_REQUIRE_SHARED is set)")
        pytest.skip(message)
    return path


@pytest.fixture(autouse=True)
def _no_plugin_autoload(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see only the plugins they load themselves, not whatever is installed."""
    monkeypatch.setenv("REUSECHECK_DISABLE_PLUGIN_AUTOLOAD", "1")


def read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()
