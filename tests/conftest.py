"""Shared fixtures (the helpers tests import are in helpers.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_plugin_autoload(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see only the plugins they load themselves, not whatever is installed."""
    monkeypatch.setenv("REUSECHECK_DISABLE_PLUGIN_AUTOLOAD", "1")
