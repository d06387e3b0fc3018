"""Options plugins add to the command line (`PluginOption(command_line=True)`): RC102's
``--principal-share`` is the built-in credit rules' own option, and any plugin's such
option is a flag, a top-level configuration key and a key of its table alike."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import REPUBLISHED, REUTERS

from reusecheck import arguments, run_setup, settings
from reusecheck.cli import main
from reusecheck.errors import PluginError, UsageError
from reusecheck.plugins import load_plugins

pytest_plugins = ["pytester"]

DESK_PLUGIN = '''
import reusecheck
from reusecheck.config import PluginOption

SEEN = []

@reusecheck.hookimpl
def reusecheck_register_options(register):
    register(PluginOption("desk-share", 0.4, "share the desk rule reports at", command_line=True))
    register(PluginOption("desk-strict", False, "report every copy", command_line=True))
    register(PluginOption("desk-label", "desk", "label in messages"))

@reusecheck.hookimpl
def reusecheck_configure(options):
    SEEN.append(dict(options))
'''


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(REUTERS, tmp_path / "reuters.txt")
    shutil.copy(REPUBLISHED, tmp_path / "story.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def rc102(capsys: pytest.CaptureFixture[str], *options: str) -> list[float]:
    """The principal share RC102 findings were judged with (none: no finding)."""
    assert main(["check", "story.txt", "--against", "reuters.txt", "--format", "json", *options]) == 1
    findings = json.loads(capsys.readouterr().out)["results"][0]["findings"]
    return [f["evidence"]["principal_share"] for f in findings if f["rule"] == "RC102"]


def test_principal_share_is_the_credit_rules_option_in_every_spelling(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert rc102(capsys) == [0.5]
    assert rc102(capsys, "--principal-share", "0.95") == []
    (project / ".reusecheck.toml").write_text("principal-share = 0.95\n", encoding="utf-8")
    assert rc102(capsys) == []
    assert rc102(capsys, "--principal-share", "0.3") == [0.3]  # the command line wins
    (project / ".reusecheck.toml").write_text("[plugins.credit_rules]\nprincipal-share = 0.2\n", encoding="utf-8")
    assert rc102(capsys) == [0.2]
    assert main(["config"]) == 0
    assert "principal-share = 0.2" in capsys.readouterr().out.replace("  ", "")


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("principal-share = 1.5\n", ".reusecheck.toml:1: principal-share: 1.5 is not between 0 and 1"),
        ("[plugins.credit_rules]\nprincipal-share = 'half'\n",
         ".reusecheck.toml:2: plugins.credit_rules.principal-share: not a number: 'half'"),
        ("principal-share = 0.6\n[plugins.credit_rules]\nprincipal-share = 0.7\n",
         ".reusecheck.toml:3: principal-share is set twice, here and at line 1; keep one"),
    ],
)
def test_a_bad_principal_share_names_the_line(project: Path, capsys: pytest.CaptureFixture[str], config: str, message: str) -> None:
    (project / ".reusecheck.toml").write_text(config, encoding="utf-8")
    with pytest.raises(SystemExit) as exited:  # configuration errors exit while the options are parsed
        main(["check", "story.txt", "--against", "reuters.txt"])
    assert exited.value.code == 2
    assert capsys.readouterr().err == f"reusecheck: error: {message}\n"


def test_a_plugins_command_line_options_are_flags_keys_and_table_keys(project: Path) -> None:
    (project / "desk.py").write_text(DESK_PLUGIN, encoding="utf-8")
    plugins = load_plugins(files=["desk.py"])
    options = run_setup.command_line_options(plugins)
    assert [o.flags for o in options if o.plugin == "desk"] == [("--desk-share",), ("--desk-strict",)]
    given = arguments.given(["--desk-share", "0.7", "--no-desk-strict", "--principal-share", "0.9"], options, where="args")
    assert given == {"desk_share": 0.7, "desk_strict": False, "principal_share": 0.9}
    (project / ".reusecheck.toml").write_text("desk-strict = true\n[plugins.desk]\ndesk-label = 'wire'\n", encoding="utf-8")
    values, configuration = settings.resolve({"desk_share": 0.7}, plugin_options=options)
    assert (values["desk_share"], values["desk_strict"], values["principal_share"]) == (0.7, True, 0.5)
    run_setup.configured(run_setup.check_options(values), plugins, configuration)
    module = plugins.manager.get_plugin("desk")
    assert module is not None and module.SEEN == [{"desk-share": 0.7, "desk-strict": True, "desk-label": "wire"}]
    with pytest.raises(UsageError, match="args: argument --desk-share: invalid float value: 'lots'"):
        arguments.given(["--desk-share", "lots"], options, where="args")


def test_an_option_another_option_has_is_refused_with_its_plugin(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "desk.py").write_text(DESK_PLUGIN.replace('"desk-share"', '"threshold"'), encoding="utf-8")
    plugins = load_plugins(files=["desk.py"])
    assert [o.key for o in run_setup.command_line_options(plugins)] == ["principal-share", "desk-strict"]
    with pytest.raises(PluginError, match="cannot add the command-line option --threshold: reusecheck check or another"):
        run_setup.plugin_values(plugins, settings.resolve({})[1])
    assert main(["check", "story.txt", "--against", "reuters.txt", "--plugin", "desk.py"]) == 2
    assert "desk: cannot add the command-line option --threshold" in capsys.readouterr().err


def test_pytest_reusecheck_args_take_the_plugins_options(pytester: pytest.Pytester) -> None:
    (pytester.path / "content").mkdir()
    (pytester.path / "sources").mkdir()
    shutil.copy(REPUBLISHED, pytester.path / "content" / "story.txt")
    shutil.copy(REUTERS, pytester.path / "sources" / "reuters.txt")
    ini = "[pytest]\nreusecheck_paths = content\nreusecheck_against = sources\nreusecheck_fail_level = info\n"
    pytester.makeini(ini)
    result = pytester.runpytest("--reusecheck", "content")
    result.assert_outcomes(failed=1)
    assert "RC102" in result.stdout.str()
    pytester.makeini(ini + "reusecheck_args = --principal-share 0.95\n")
    result = pytester.runpytest("--reusecheck", "content")
    result.assert_outcomes(failed=1)
    assert "RC102" not in result.stdout.str() and "RC104" in result.stdout.str()
