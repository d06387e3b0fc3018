"""The run-setup layer: stores opened and closed, plugins configured for API users too."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers import REPUBLISHED, REUTERS, ROOT

from reusecheck import run_setup
from reusecheck.cli import main
from reusecheck.engine import Checker
from reusecheck.plugins import load_plugins

CONFIGURED = '''
import reusecheck
from reusecheck.config import PluginOption

SEEN = []

@reusecheck.hookimpl
def reusecheck_register_options(register):
    register(PluginOption("label", "house", "label in messages"))

@reusecheck.hookimpl
def reusecheck_configure(options):
    SEEN.append(dict(options))
'''


def test_the_stores_of_a_run_are_closed_when_it_ends(tmp_path: Path) -> None:
    index = tmp_path / "sources.sqlite"
    assert main(["index", "add", str(index), str(REUTERS), "-q"]) == 0
    checker = Checker()
    with run_setup.source_stores(checker, [], [str(index)]) as stores:
        report = checker.run([str(REPUBLISHED)], stores)
        connection = stores[1].shards[0].connection  # type: ignore[attr-defined]
    assert report.results[0].matches
    with pytest.raises(sqlite3.ProgrammingError):
        connection.execute("SELECT 1")


def test_api_users_plugins_are_configured_with_their_defaults(tmp_path: Path) -> None:
    plugin = tmp_path / "house.py"
    plugin.write_text(CONFIGURED, encoding="utf-8")
    plugins = load_plugins(files=[str(plugin)])
    checker = Checker(plugins=plugins)
    module = plugins.manager.get_plugin("house")
    assert module is not None and module.SEEN == [{"label": "house"}]
    assert checker.options.rule_options["plugins"]["house"] == {"label": "house"}
    Checker(plugins=plugins)  # configured once per plugin set
    assert module.SEEN == [{"label": "house"}]


def test_a_configuration_file_may_name_the_verdict_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    # A single path (not a list) that must exist was checked letter by letter: "no such file 'm'".
    (tmp_path / "model.json").write_bytes((ROOT / "reusecheck" / "data" / "verdict_model.json").read_bytes())
    (tmp_path / ".reusecheck.toml").write_text('verdict-model = "model.json"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(REPUBLISHED), "--against", str(REUTERS), "-q"]) == 1
    assert "no such file" not in capsys.readouterr().err
    (tmp_path / ".reusecheck.toml").write_text('verdict-model = "gone.json"\n', encoding="utf-8")
    with pytest.raises(SystemExit) as exited:  # configuration errors exit while the options are parsed
        main(["check", str(REPUBLISHED), "--against", str(REUTERS), "-q"])
    assert exited.value.code == 2
    assert "verdict-model: no such file or folder 'gone.json'" in capsys.readouterr().err


def test_reusecheck_config_shows_every_option_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "--isolated"]) == 0
    lines = {" ".join(line.split()) for line in capsys.readouterr().out.splitlines()}
    assert {"all-sources = false # default", "respect-gitignore = true # default", "exit-zero = false # default",
            'show-passages = "short" # default', 'fail-level = "warning" # default', "threshold = 0.1 # default",
            "# verdict-model is not set # default"} <= lines
