"""Configuration files: discovery, precedence, per-path overrides, plugin options, errors with lines."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import REPUBLISHED, REUTERS

from reusecheck.cli import main
from reusecheck.config import find_config, key_lines
from reusecheck.plugins import load_plugins
from reusecheck.selection import glob_pattern


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A newsroom repo: sources/, wire/ and local/ each with a copied story; the cwd."""
    (tmp_path / "sources").mkdir()
    shutil.copy(REUTERS, tmp_path / "sources" / "reuters.txt")
    for folder in ("wire", "local"):
        (tmp_path / folder).mkdir()
        shutil.copy(REPUBLISHED, tmp_path / folder / "story.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str, str]:
    """main() in-process; configuration errors leave argparse with SystemExit(2)."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def findings(*args: str) -> dict[str, list[tuple[str, str]]]:
    """RC100 findings by candidate (the rule these tests configure; others may fire too)."""
    code, out, err = run("check", *args, "--format", "json")
    assert code in (0, 1), err
    report = json.loads(out)
    return {r["candidate"]["id"]: [(f["rule"], f["severity"]) for f in r["findings"] if f["rule"] == "RC100"]
            for r in report["results"]}


# every rule but RC100 switched off, so that exit codes depend on RC100 alone
ONLY_RC100 = [f"--severity={code}=off" for code in load_plugins().rules if code != "RC100"]


PYPROJECT = """
    [project]
    name = "newsroom"

    [tool.reusecheck]
    against = ["sources"]
    threshold = 0.5
    fail-level = "error"

    [tool.reusecheck.severity]
    RC100 = "error"
"""


# -- discovery and precedence ---------------------------------------------------------------

def test_pyproject_found_from_a_subfolder_and_paths_relative_to_it(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project / "pyproject.toml", PYPROJECT)
    monkeypatch.chdir(project / "wire")
    assert findings("story.txt") == {"story.txt": [("RC100", "error")]}


def test_dot_file_wins_over_pyproject_in_the_same_folder(project: Path) -> None:
    write(project / "pyproject.toml", PYPROJECT)
    write(project / ".reusecheck.toml", 'against = ["sources"]\nseverity = { RC100 = "info" }\n')
    assert findings("wire") == {"wire/story.txt": [("RC100", "info")]}


def test_pyproject_without_the_table_is_passed_over(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project / "pyproject.toml", PYPROJECT)
    write(project / "wire" / "pyproject.toml", '[project]\nname = "wire"\n')
    found = find_config(project / "wire")
    assert found is not None and found.path == (project / "pyproject.toml").resolve()


def test_command_line_overrides_configuration_which_overrides_defaults(project: Path) -> None:
    write(project / "pyproject.toml", PYPROJECT)
    assert run("check", "wire", *ONLY_RC100)[0] == 1  # RC100 error, fail-level error
    assert run("check", "wire", *ONLY_RC100, "--fail-level", "info", "--severity", "RC100=info")[0] == 1
    assert run("check", "wire", *ONLY_RC100, "--severity", "RC100=warning")[0] == 0  # CLI wins for RC100; fail-level from config
    assert run("check", "wire", *ONLY_RC100, "--threshold", "0.9")[0] == 0  # 67% reuse is under the CLI threshold
    assert findings("wire", "--against", "sources", "--isolated") == {"wire/story.txt": [("RC100", "warning")]}


def test_config_option_replaces_discovery_and_a_missing_file_is_an_error(project: Path) -> None:
    write(project / "pyproject.toml", PYPROJECT)
    write(project / "quiet.toml", 'against = ["sources"]\n[severity]\nRC100 = "off"\n')
    assert findings("wire", "--config", "quiet.toml") == {"wire/story.txt": []}
    code, _, err = run("check", "wire", "--config", "nope.toml")
    assert code == 2 and err == "reusecheck: error: nope.toml: no such configuration file; check the --config path\n"


def test_lists_on_the_command_line_replace_configured_lists(project: Path) -> None:
    write(project / ".reusecheck.toml", 'against = ["no-such-folder"]\n')
    assert findings("wire", "--against", "sources") == {"wire/story.txt": [("RC100", "warning")]}


# -- per-path overrides ----------------------------------------------------------------------

def test_overrides_apply_to_matching_paths_only(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project / ".reusecheck.toml", """
        against = ["sources"]

        [[overrides]]
        paths = ["wire/**"]
        severity = { RC100 = "off" }

        [[overrides]]
        paths = ["story.txt"]
        threshold = 0.9
        [overrides.severity]
        RC100 = "error"
    """)
    assert findings("wire", "local", "--threshold", "0.1") == {"wire/story.txt": [], "local/story.txt": []}
    write(project / "local" / "other.txt", REPUBLISHED.read_text(encoding="utf-8"))
    assert findings("local") == {"local/other.txt": [("RC100", "warning")], "local/story.txt": []}
    monkeypatch.chdir(project / "local")
    assert findings("other.txt", "story.txt", "--threshold", "0.1") == {"other.txt": [("RC100", "warning")], "story.txt": []}


def test_globs() -> None:
    def matches(glob: str, path: str) -> bool:
        return bool(glob_pattern(glob).match(path))

    assert matches("wire/**", "wire/a/b.md") and matches("wire/**", "wire/a.md")
    assert matches("**/*.md", "a.md") and matches("**/*.md", "x/y/a.md")
    assert not matches("wire/*.md", "wire/a/b.md") and not matches("wire/**", "wires/a.md")
    assert matches("a?c.txt", "abc.txt") and not matches("a?c.txt", "a/c.txt")


# -- errors name the key, the file and the line -----------------------------------------------

@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("against = ['sources']\ntreshold = 0.5\n", 2, "unknown key 'treshold' at the top level; did you mean 'threshold'?"),
        ("threshold = 'high'\n", 1, "threshold: not a number: 'high'"),
        ("threshold = 1.5\n", 1, "threshold: 1.5 is not between 0 and 1"),
        ("ngram = 3.5\n", 1, "ngram: '3.5' is not a whole number"),
        ("ngram = '4'\n", 1, "ngram takes a number, not str '4'"),
        ("language = 4\n", 1, "language takes a string, not int 4"),
        ("no-spelling-variants = 'yes'\n", 1, "no-spelling-variants takes true or false"),
        ("against = 'sources'\n", 1, "against takes a list (like repeating --against), not str 'sources'"),
        ("fail-level = 'loud'\n", 1, "fail-level: unknown severity 'loud'"),
        ("against = ['sources']\n[severity]\nRC100 = 'loud'\n", 3, "severity.RC100: unknown severity 'loud'"),
        ("changed-since = 'HEAD'\n", 1, "'changed-since' is a command-line option only"),
        ("[[overrides]]\npaths = ['a/**']\n\n[[overrides]]\npaths = ['b/**']\nthreshhold = 0.4\n", 6,
         "unknown key 'threshhold' in [overrides.1]; did you mean 'threshold'?"),
        ("[[overrides]]\nthreshold = 0.4\n", 1, "each [[overrides]] needs paths"),
        ("[plugins.nobody]\nx = 1\n", 1, "no loaded plugin declares options under plugins.nobody"),
        ("against = ['sources']\n[severity]\nRC999 = 'off'\n", 3, "no rule 'RC999' (severity)"),
        ("[[overrides]]\npaths = ['a/**']\nseverity.XX1 = 'off'\n", 3, "no rule 'XX1' (severity)"),
        ("threshold = \n", 1, "not valid TOML: Invalid value (at line 1, column 13)"),
    ],
)
def test_bad_configuration_is_one_line_naming_file_line_and_key(project: Path, body: str, line: int, message: str) -> None:
    write(project / ".reusecheck.toml", body)
    code, out, err = run("check", "wire", "--against", "sources")
    where = ".reusecheck.toml" if "TOML" in message else f".reusecheck.toml:{line}"
    assert code == 2 and out == ""
    assert err.startswith(f"reusecheck: error: {where}: ") and message in err and err.count("\n") == 1


def test_lines_are_found_in_pyproject_tables(project: Path) -> None:
    write(project / "pyproject.toml", PYPROJECT + '\n    [[tool.reusecheck.overrides]]\n    paths = ["x/**"]\n    "min-words" = "eight"\n')
    code, _, err = run("check", "wire")
    assert code == 2 and "pyproject.toml:14: unknown key 'min-words' in [tool.reusecheck.overrides.0]" in err


def test_key_lines_follow_tables_arrays_and_dotted_keys() -> None:
    text = textwrap.dedent("""
        [tool.reusecheck]
        a = 1
        b.c = 2  # dotted
        "quoted key" = 3
        list = [
          "x = 1",
        ]
        [[tool.reusecheck.overrides]]
        paths = []
        [[tool.reusecheck.overrides]]
        paths = []
        [tool.reusecheck.overrides.severity]
        RC100 = "off"
    """)
    lines = key_lines(text)
    prefix = ("tool", "reusecheck")
    assert lines[(*prefix, "a")] == 3 and lines[(*prefix, "b", "c")] == 4 and lines[(*prefix, "quoted key")] == 5
    assert lines[(*prefix, "overrides", 1, "paths")] == 12
    assert lines[(*prefix, "overrides", 1, "severity", "RC100")] == 14
    assert (*prefix, "x") not in lines


@pytest.mark.slow
def test_a_config_error_from_a_real_process_exits_2(project: Path) -> None:
    write(project / "pyproject.toml", PYPROJECT.replace("threshold = 0.5", "threshold = [0.5]"))
    done = subprocess.run([sys.executable, "-m", "reusecheck", "check", "wire"], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == "reusecheck: error: pyproject.toml:6: threshold takes one value (SHARE), not a list\n"


# -- plugin options ------------------------------------------------------------------------------

HOUSE_PLUGIN = '''
import reusecheck
from reusecheck.config import PluginOption
from reusecheck.models import Severity
from reusecheck.rules import Rule

seen = {}

@reusecheck.hookimpl
def reusecheck_register_options(register):
    register(PluginOption("min-share", 0.5, "share at or above which house_rule reports"))
    register(PluginOption("label", "house", "label in messages"))

@reusecheck.hookimpl
def reusecheck_configure(options):
    seen.update(options)
    print("configured", sorted(options.items()))

def check(context):
    mine = context.options["plugins"]["house_rule"]
    for pair in context.pairs:
        if pair.scores["containment"] >= mine["min-share"]:
            yield RULE.finding(f"{mine['label']}: too much reuse", source=pair.source.id, start=0, end=1)

RULE = Rule("HS001", "house", Severity.WARNING, "house rule", check)

@reusecheck.hookimpl
def reusecheck_register_rules(register):
    register(RULE)
'''


def test_plugin_options_are_declared_configured_and_handed_over(project: Path) -> None:
    plugin = write(project / "house_rule.py", HOUSE_PLUGIN)
    write(project / ".reusecheck.toml", f'against = ["sources"]\nplugin = ["{plugin.name}"]\n\n[plugins.house_rule]\nlabel = "desk"\n')
    code, out, _ = run("check", "wire", "--format", "json")
    assert out.startswith("configured [('label', 'desk'), ('min-share', 0.5)]\n")
    report = json.loads(out.split("\n", 1)[1])
    assert [f["message"] for f in report["results"][0]["findings"] if f["rule"] == "HS001"] == ["desk: too much reuse"]
    write(project / ".reusecheck.toml", f'against = ["sources"]\nplugin = ["{plugin.name}"]\n[plugins.house_rule]\nmin-share = 0.9\n')
    code, out, _ = run("check", "wire", "--format", "json")
    assert "HS001" not in [f["rule"] for f in json.loads(out.split("\n", 1)[1])["results"][0]["findings"]]


@pytest.mark.parametrize(
    ("table", "line", "message"),
    [
        ("[plugins.house_rule]\n\nlabel = 3\n", 5, "plugins.house_rule.label takes a str (label in messages), not 3"),
        ("[plugins.house_rule]\nmin-share = true\n", 4, "plugins.house_rule.min-share takes a float (share at or above which house_rule reports), not True"),
        ("[plugins.house_rule]\ncolour = 'red'\n", 4, "unknown option plugins.house_rule.colour; house_rule declares min-share, label"),
    ],
)
def test_bad_plugin_options_name_file_and_line(project: Path, table: str, line: int, message: str) -> None:
    write(project / "house_rule.py", HOUSE_PLUGIN)
    write(project / ".reusecheck.toml", 'against = ["sources"]\nplugin = ["house_rule.py"]\n' + table)
    code, _, err = run("check", "wire")
    assert code == 2 and err == f"reusecheck: error: .reusecheck.toml:{line}: {message}\n"


# -- reusecheck config -------------------------------------------------------------------------

def test_config_command_shows_values_and_origins(project: Path) -> None:
    write(project / "house_rule.py", HOUSE_PLUGIN)
    write(project / "pyproject.toml", PYPROJECT + """
    [[tool.reusecheck.overrides]]
    paths = ["wire/**"]
    threshold = 0.9

    [tool.reusecheck.plugins.house_rule]
    label = "desk"
    """)
    code, out, _ = run("config", "--threshold", "0.3", "--plugin", "house_rule.py", "--severity", "RC001=off", "wire/story.txt")
    assert code == 0
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert f"# configuration file: {(project / 'pyproject.toml').resolve()}" in lines
    assert 'against = ["sources"] # pyproject.toml:5' in lines
    assert "threshold = 0.3 # command line" in lines
    assert 'fail-level = "error" # pyproject.toml:7' in lines
    assert 'severity = ["RC100=error", "RC001=off"] # pyproject.toml:9, command line' in lines
    assert "ngram = 3 # default" in lines
    assert "# encoding is not set # default" in lines
    assert "[[overrides]] # pyproject.toml:12" in lines and "threshold = 0.9" in lines
    assert 'plugins.house_rule.label = "desk" # pyproject.toml:17; label in messages' in lines
    assert "plugins.house_rule.min-share = 0.5 # default; share at or above which house_rule reports" in lines
    assert "# wire/story.txt: overrides from pyproject.toml:12" in lines


def test_config_command_without_a_file_and_isolated(project: Path) -> None:
    code, out, _ = run("config")
    assert code == 0 and out.startswith(f"# no configuration file in {project}")
    write(project / ".reusecheck.toml", "threshold = 0.4\n")
    code, out, _ = run("config", "--isolated")
    assert out.startswith("# --isolated: configuration files ignored") and "threshold = 0.1" in out


# -- agency list extensions -------------------------------------------------------------------

NORDIC = (
    "OSLO (Nordic News) - The Norwegian government on Tuesday approved a plan to build three new offshore wind "
    "farms in the North Sea, the energy minister told reporters at a news conference in the capital. The farms "
    "will supply power to more than a million homes by the end of the decade, according to the ministry, which "
    "said construction would begin next spring after a final round of environmental reviews. Opposition parties "
    "criticised the cost of the programme, which they said could exceed forty billion crowns, and demanded a "
    "parliamentary debate before any contracts are signed with foreign developers.\n"
)


def test_agencies_key_extends_the_agency_list_relative_to_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for folder in ("sources", "articles", "house"):
        (tmp_path / folder).mkdir()
    (tmp_path / "sources" / "nn.txt").write_text(NORDIC, encoding="utf-8")
    (tmp_path / "articles" / "copy.txt").write_text("OSLO - " + NORDIC.split(" - ", 1)[1], encoding="utf-8")
    (tmp_path / "house" / "agencies.json").write_text(
        json.dumps({"agencies": [{"name": "Nordic News", "aliases": ["Nordic News", "NN"]}]}), encoding="utf-8")
    monkeypatch.chdir(tmp_path / "articles")

    def rules(*args: str) -> list[str]:
        code, out, err = run("check", "copy.txt", "--against", "../sources", "--format", "json", *args)
        assert code in (0, 1), err
        return [f["rule"] for f in json.loads(out)["results"][0]["findings"]]

    assert "RC101" not in rules()  # the shipped list does not know Nordic News
    write(tmp_path / "pyproject.toml", '[tool.reusecheck]\nagencies = ["house/agencies.json"]\n')
    assert "RC101" in rules()  # the uncredited agency copy is found with the configured extension
    assert "RC101" not in rules("--isolated")
