"""Plugin loading: local modules and files, blocking, broken and misbehaving plugins."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from pathlib import Path

import pytest
from helpers import REPUBLISHED, REUTERS

from reusecheck.cli import main
from reusecheck.plugins import BUILTIN_PLUGINS, load_plugins

SCORER_PLUGIN = """
import reusecheck

def _half(alignment):
    return 0.5

@reusecheck.hookimpl
def reusecheck_register_scorers(register):
    register(reusecheck.Scorer("{name}", _half, "always one half"))
"""


def write_plugin(folder: Path, filename: str, source: str) -> Path:
    path = folder / filename
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return path


def check_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:
    code = main(["check", str(REPUBLISHED), "--against", str(REUTERS), "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out else {}, err


def test_builtins_register_through_the_hooks() -> None:
    plugins = load_plugins()
    assert len(plugins.plugin_names()) == len(BUILTIN_PLUGINS)
    assert {"containment", "coverage", "longest"} <= set(plugins.scorers)
    assert {"text", "json"} <= set(plugins.formats)
    assert "RC100" in plugins.rules
    assert plugins.owners[("scorer", "containment")] == "scorers"
    assert not plugins.errors


def _count_loads(monkeypatch: pytest.MonkeyPatch, installed: Sequence[str] = ()) -> list[int]:
    """Count `load_plugins` calls from the command line and the run set-up (the plugin files
    ``installed`` loaded by each call, as installed plugins are)."""
    import reusecheck.cli
    import reusecheck.run_setup

    calls: list[int] = []

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        kwargs["files"] = [*kwargs.get("files", ()), *installed]  # type: ignore[misc]
        return load_plugins(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reusecheck.cli, "load_plugins", counted)
    monkeypatch.setattr(reusecheck.run_setup, "load_plugins", counted)
    return calls


def test_a_command_line_loads_the_plugins_once(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Start-up: the parser's commands and options and the run share one plugin set."""
    calls = _count_loads(monkeypatch)
    code, report, _ = check_json(capsys)
    assert code == 1 and report["results"][0]["matches"]
    assert len(calls) == 1


CONFIGURED_COMMAND_PLUGIN = """
import reusecheck
from reusecheck.cli.config import add_config_options
from reusecheck.commands import Command


def _add_arguments(parser):
    add_config_options(parser)  # as the Spark plugin's commands do: the check options from the configuration


@reusecheck.hookimpl
def reusecheck_register_commands(register):
    register(Command("configured", _add_arguments, lambda args: 0, help="a plugin command with configured options"))
"""


def test_a_plugin_commands_configured_options_come_from_the_loaded_plugins(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Start-up with a plugin command that reads the configuration (the Spark plugin's `spark
    index` and `spark check`): its options come from the plugins the command line loaded,
    not from loading them again (each load costs about 20 ms)."""
    import reusecheck.cli

    plugin = write_plugin(tmp_path, "configured.py", CONFIGURED_COMMAND_PLUGIN)
    calls = _count_loads(monkeypatch, [str(plugin)])
    parser = reusecheck.cli.build_parser()
    assert parser.parse_args(["configured"]).command == "configured"
    assert len(calls) == 1


def test_a_run_given_plugins_loads_its_own_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    plugin = write_plugin(tmp_path, "half.py", SCORER_PLUGIN.format(name="half"))
    calls = _count_loads(monkeypatch)
    code, report, _ = check_json(capsys, "--plugin", str(plugin))
    assert code == 1 and report["results"][0]["matches"][0]["scores"]["half"] == 0.5
    assert len(calls) == 2


def test_plugin_file_adds_a_scorer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plugin = write_plugin(tmp_path, "half.py", SCORER_PLUGIN.format(name="half"))
    code, report, _ = check_json(capsys, "--plugin", str(plugin), "--scorer", "half")
    assert code == 1
    assert report["results"][0]["matches"][0]["scores"] == {
        "containment": report["results"][0]["matches"][0]["scores"]["containment"],
        "half": 0.5,
    }


def test_plugin_module_by_import_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    write_plugin(tmp_path, "house_scorer.py", SCORER_PLUGIN.format(name="house"))
    monkeypatch.syspath_prepend(str(tmp_path))
    assert main(["plugins", "-p", "house_scorer"]) == 0
    assert "house_scorer: scorer house" in capsys.readouterr().out


def test_blocking_a_builtin(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugins", "-p", "no:json_format"]) == 0
    assert "json_format" not in capsys.readouterr().out
    code = main(["check", str(REPUBLISHED), "--against", str(REUTERS), "-p", "no:json_format", "--format", "json"])
    assert code == 2
    assert "no format 'json'" in capsys.readouterr().err


def test_misspelled_hook_is_an_error_but_files_are_still_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plugin = write_plugin(tmp_path, "typo.py", """
        import reusecheck

        @reusecheck.hookimpl
        def reusecheck_register_scorer(register):
            pass
    """)
    code, report, err = check_json(capsys, "--plugin", str(plugin))
    assert code == 2
    assert "unknown hook 'reusecheck_register_scorer'" in err and str(plugin) in err
    assert report["results"][0]["matches"], "the candidate is still checked"
    assert report["errors"][0]["path"] == str(plugin)


def test_duplicate_names_are_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plugin = write_plugin(tmp_path, "dupe.py", SCORER_PLUGIN.format(name="coverage"))
    code, report, err = check_json(capsys, "--plugin", str(plugin))
    assert code == 2
    assert "scorer 'coverage' is registered by both 'scorers' and 'dupe'" in err
    assert report["results"][0]["matches"][0]["scores"]["coverage"] != 0.5


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def broken(:\n    pass\n", "syntax error at line 1"),
        ("raise RuntimeError('boom')\n", "RuntimeError: boom"),
        ("import no_such_module_anywhere\n", "ModuleNotFoundError"),
    ],
)
def test_broken_plugin_file_gets_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   source: str, expected: str) -> None:
    plugin = write_plugin(tmp_path, "broken.py", source)
    code, report, err = check_json(capsys, "--plugin", str(plugin))
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0] and str(plugin) in lines[0]
    assert "Traceback" not in err
    assert report["results"][0]["matches"]


def test_missing_plugin_file_and_module(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plugins", "--plugin", "/nonexistent/plugin.py"]) == 2
    assert "no such plugin file" in capsys.readouterr().err
    assert main(["plugins", "-p", "no_such_plugin_module"]) == 2
    assert "cannot import plugin module" in capsys.readouterr().err


def test_plugin_that_registers_the_wrong_type(tmp_path: Path) -> None:
    plugin = write_plugin(tmp_path, "wrong.py", """
        import reusecheck

        @reusecheck.hookimpl
        def reusecheck_register_scorers(register):
            register("not a scorer")
    """)
    plugins = load_plugins(files=[str(plugin)])
    assert "registered a str where a Scorer was expected" in str(plugins.errors[0])


def test_plugin_with_a_wrong_hook_signature(tmp_path: Path) -> None:
    plugin = write_plugin(tmp_path, "sig.py", """
        import reusecheck

        @reusecheck.hookimpl
        def reusecheck_register_scorers(register, extra):
            pass
    """)
    plugins = load_plugins(files=[str(plugin)])
    assert "invalid plugin 'sig'" in str(plugins.errors[0])
    assert "sig" not in plugins.plugin_names()


def test_autoload_can_be_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    class FakeEntryPoint:  # the one stand-in: the installed-package path is tested for real in plugins/reusecheck-jaccard
        name, value = "fake", "fake_module"

        def load(self) -> object:
            calls.append("loaded")
            raise ImportError("not installed")

    monkeypatch.setattr("reusecheck.plugins._entry_points", lambda: [FakeEntryPoint()])
    assert not load_plugins().errors  # the test fixture sets REUSECHECK_DISABLE_PLUGIN_AUTOLOAD
    assert calls == []
    monkeypatch.delenv("REUSECHECK_DISABLE_PLUGIN_AUTOLOAD")
    errors = load_plugins().errors
    assert calls == ["loaded"] and "entry-point plugin 'fake' failed to load" in str(errors[0])
    assert not load_plugins(blocked=["fake"]).errors


COMMAND_PLUGIN = """
import reusecheck
from reusecheck.commands import Command

def _arguments(parser):
    parser.add_argument("--times", type=int, default=1)

def _run(args):
    print("hello " * args.times)
    return 3

def _broken(parser):
    raise RuntimeError("no options today")

@reusecheck.hookimpl
def reusecheck_register_commands(register):
    register(Command("hello", _arguments, _run, help="say hello"))
    register(Command("check", _arguments, _run, help="a clash with the built-in"))
    register(Command("broken", _broken, _run, help="fails to declare its options"))
"""


def test_installed_plugin_adds_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    module = write_plugin(tmp_path, "hello_command.py", COMMAND_PLUGIN)
    monkeypatch.syspath_prepend(str(tmp_path))

    class InstalledEntryPoint:  # what importlib.metadata yields for an installed package's entry point
        name, value = "hello", module.stem

        def load(self) -> object:
            import importlib
            return importlib.import_module(self.value)

    monkeypatch.setattr("reusecheck.plugins._entry_points", lambda: [InstalledEntryPoint()])
    monkeypatch.delenv("REUSECHECK_DISABLE_PLUGIN_AUTOLOAD")
    assert main(["hello", "--times", "2"]) == 3
    out, err = capsys.readouterr()
    assert out.strip() == "hello hello"
    assert "plugin 'hello': command 'check' is a built-in command; rename it" in err
    assert "plugin 'hello': command 'broken' failed to declare its options (RuntimeError: no options today)" in err
    assert main(["plugins"]) == 0
    assert "hello: command hello, command check, command broken" in capsys.readouterr().out
