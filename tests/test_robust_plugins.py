"""Plugin code failing at run time (issue 15 item 9): every call into a plugin is guarded;
a failure is one line naming the plugin, what failed and the fix, the other candidates are
still checked (without the failed scorer, rule or extractor), the exit code is 2 and JSON
reports stay strict."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import REPUBLISHED, REUTERS, read

from reusecheck.cli import main
from reusecheck.loaders import normalize_path

CANDIDATES = [str(REPUBLISHED), "a copy of it, set below"]


@pytest.fixture(autouse=True, scope="module")
def _second_candidate(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Two candidates that reuse the source (a source is not checked against itself)."""
    copy = tmp_path_factory.mktemp("candidates") / "copy.txt"
    copy.write_text(read(REPUBLISHED), encoding="utf-8")
    CANDIDATES[1] = str(copy)


def _plugin(tmp_path: Path, source: str, name: str = "house") -> Path:
    path = tmp_path / f"{name}.py"
    path.write_text("import sys, math\nimport reusecheck\nfrom reusecheck import Scorer, Rule, Format, Severity\n"
                    "from reusecheck.credits import CreditExtractor\n" + textwrap.dedent(source), encoding="utf-8")
    return path


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, list[str]]:
    try:
        code = main(["check", *CANDIDATES, "--against", str(REUTERS), "--format", "json", *args])
    except SystemExit as exc:  # would be the plugin's own sys.exit
        code = exc.code  # type: ignore[assignment]
    out, err = capsys.readouterr()
    report = json.loads(out, parse_constant=lambda c: pytest.fail(f"{c} in the JSON report")) if out else {}
    return code, report, err.splitlines()


def _one_error(err: list[str], *needles: str) -> None:
    assert len(err) == 1, err
    assert "Traceback" not in err[0]
    for needle in needles:
        assert needle in err[0], err[0]


def _scorer(body: str, unit: str = "") -> str:
    return f"""
        def score(alignment):
            {body}

        @reusecheck.hookimpl
        def reusecheck_register_scorers(register):
            register(Scorer("odd", score{', unit=' + repr(unit) if unit else ''}))
    """


def _all_checked(report: dict) -> None:
    assert [r["candidate"]["id"] for r in report["results"]] == [normalize_path(c) for c in CANDIDATES]
    assert all(r["matches"] for r in report["results"])
    assert all(r["findings"] for r in report["results"]), "the built-in rules still ran"


@pytest.mark.parametrize(
    ("body", "unit", "says"),
    [
        ("raise RuntimeError('boom')", "", "failed: RuntimeError: boom"),
        ("return 1 / 0", "", "ZeroDivisionError"),
        ("sys.exit(3)", "", "SystemExit: 3"),
        ("return '0.5'", "", "returned str '0.5', not a number"),
        ("return None", "", "returned NoneType None, not a number"),
        ("return True", "", "returned bool True, not a number"),
        ("return 1.7", "", "returned 1.7, outside 0..1"),
        ("return -0.2", "", "returned -0.2, outside 0..1"),
        ("return math.nan", "", "returned nan, not a finite number"),
        ("return math.inf", "characters", "returned inf, not a finite number"),
    ],
)
def test_a_failing_scorer_is_one_line_and_left_out(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   body: str, unit: str, says: str) -> None:
    plugin = _plugin(tmp_path, _scorer(body, unit))
    code, report, err = _check(capsys, "--plugin", str(plugin))
    assert code == 2
    _one_error(err, "reusecheck: error: house: scorer 'odd' ", says, "fix the plugin or block it with -p no:house")
    _all_checked(report)
    assert all("odd" not in m["scores"] for r in report["results"] for m in r["matches"])
    assert [e["path"] for e in report["errors"]] == ["house"]


def test_a_scorer_in_another_unit_may_go_beyond_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plugin = _plugin(tmp_path, _scorer("return 17", "characters"))
    code, report, err = _check(capsys, "--plugin", str(plugin))
    assert code == 1 and err == []
    assert all(m["scores"]["odd"] == 17 for r in report["results"] for m in r["matches"])


def test_a_scorer_taking_the_wrong_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plugin = _plugin(tmp_path, """
        def score():
            return 0.5

        @reusecheck.hookimpl
        def reusecheck_register_scorers(register):
            register(Scorer("odd", score))
    """)
    code, report, err = _check(capsys, "--plugin", str(plugin))
    assert code == 2
    _one_error(err, "house: scorer 'odd' failed: TypeError: score() takes 0 positional arguments but 1 was given")
    _all_checked(report)


@pytest.mark.parametrize(
    ("registration", "says"),
    [
        ('Scorer("odd", 0.5)', "scorer 'odd': score must be a function of the Alignment"),
        ('Rule("HX1", "odd", "warning", "", lambda c: [])', "rule 'HX1': severity must be a reusecheck.Severity"),
        ('Rule("HX1", "odd", Severity.INFO, "", None)', "rule 'HX1': check must be a function"),
        ('Format("odd", "text")', "format 'odd': render must be a function"),
        ('CreditExtractor("odd", 3)', "credit extractor 'odd': extract must be a function"),
        ('Scorer(7, lambda a: 0.5)', "whose name is not a non-empty string"),
    ],
)
def test_values_instead_of_functions_are_refused_when_registered(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                  registration: str, says: str) -> None:
    hook = {"Scorer": "scorers", "Rule": "rules", "Format": "formats", "CreditExtractor": "credit_extractors"}
    kind = registration.split("(")[0]
    plugin = _plugin(tmp_path, f"""
        @reusecheck.hookimpl
        def reusecheck_register_{hook[kind]}(register):
            register({registration})
    """)
    code, report, err = _check(capsys, "--plugin", str(plugin))
    assert code == 2
    _one_error(err, str(plugin), says)
    _all_checked(report)


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("raise KeyError('pairs')", "rule 'HX1' failed: KeyError: 'pairs'"),
        ("sys.exit(3)", "rule 'HX1' failed: SystemExit: 3"),
        ("return 'RC100 found'", "rule 'HX1' returned str, not an iterable of Finding objects"),
        ("return ['a finding']", "rule 'HX1' yielded a str where a Finding was expected"),
        ("yield RULE.finding('x', start=-1, end=5)", "rule 'HX1' gave the span -1..5, not inside the candidate's"),
        ("yield RULE.finding('x', start=0, end=10**9)", "not inside the candidate's"),
        ("yield RULE.finding('x', evidence={'share': math.nan})", "gave evidence that is not a JSON object"),
        ("yield RULE.finding('x')\n            raise ValueError('late')", "rule 'HX1' failed: ValueError: late"),
    ],
)
def test_a_failing_rule_is_one_line_and_left_out(tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, says: str) -> None:
    plugin = _plugin(tmp_path, f"""
        def check(context):
            {body}

        RULE = Rule("HX1", "odd", Severity.WARNING, "a house rule", check)

        @reusecheck.hookimpl
        def reusecheck_register_rules(register):
            register(RULE)
    """)
    code, report, err = _check(capsys, "--plugin", str(plugin))
    assert code == 2
    _one_error(err, "reusecheck: error: house: ", says, "-p no:house")
    _all_checked(report)
    assert all(f["rule"] != "HX1" for r in report["results"] for f in r["findings"])


def test_a_failing_credit_extractor_is_left_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plugin = _plugin(tmp_path, """
        def extract(document):
            raise LookupError('no byline')

        @reusecheck.hookimpl
        def reusecheck_register_credit_extractors(register):
            register(CreditExtractor("odd", extract))
    """)
    code, report, err = _check(capsys, "--plugin", str(plugin))
    assert code == 2
    _one_error(err, "house: credit extractor 'odd' failed: LookupError: no byline")
    _all_checked(report)


def test_a_failing_loader_makes_its_file_an_error_and_the_others_are_checked(tmp_path: Path,
                                                                              capsys: pytest.CaptureFixture[str]) -> None:
    plugin = _plugin(tmp_path, """
        @reusecheck.hookimpl
        def reusecheck_load_documents(path, data, options):
            if path.endswith("republished-aleppo-2016-11-04.txt"):  # the first candidate
                raise MemoryError
            return None
    """)
    code, report, err = _check(capsys, "--plugin", str(plugin))
    assert code == 2
    _one_error(err, f"{normalize_path(str(REPUBLISHED))}: loader 'house' failed: MemoryError; fix the plugin or block it with -p no:house")
    assert [r["candidate"]["id"] for r in report["results"]] == [normalize_path(CANDIDATES[1])]


def test_a_streaming_loader_failing_midway_makes_its_file_an_error_and_the_others_are_checked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plugin = _plugin(tmp_path, """
        from reusecheck.loaders import read_lines
        from reusecheck.models import Document

        @reusecheck.hookimpl
        def reusecheck_stream_documents(path, options):
            if not path.endswith("republished-aleppo-2016-11-04.txt"):  # the first candidate
                return None
            def documents():
                for number, line in read_lines(path):
                    if number == 3:
                        raise MemoryError
                    yield Document(id=f"line {number}", text=line.decode())
            return documents()
    """)
    code, report, err = _check(capsys, "--plugin", str(plugin))
    assert code == 2
    _one_error(err, f"{normalize_path(str(REPUBLISHED))}: loader 'house' failed: MemoryError; fix the plugin or block it "
                    "with -p no:house")
    assert [r["candidate"]["id"] for r in report["results"]] == ["line 1", "line 2", normalize_path(CANDIDATES[1])]


@pytest.mark.parametrize(("returned", "says"), [("['a', 'list']", "returned list"), ("None", "returned NoneType")])
def test_a_format_returning_no_string_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str], returned: str, says: str) -> None:
    plugin = _plugin(tmp_path, f"""
        @reusecheck.hookimpl
        def reusecheck_register_formats(register):
            register(Format("odd", lambda report: {returned}))
    """)
    kept = tmp_path / "kept.json"
    kept.write_text("old", encoding="utf-8")
    code = main(["check", *CANDIDATES, "--against", str(REUTERS), "--plugin", str(plugin), "--format", "odd",
                 "--output", f"json={kept}"])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and kept.read_text(encoding="utf-8") == "old"
    _one_error(err.splitlines(), "house: format 'odd' ", says, "fix the plugin or choose another format")


def test_a_plugin_file_without_hook_functions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plugin = _plugin(tmp_path, """
        def reusecheck_register_scorers(register):  # the @reusecheck.hookimpl mark is missing
            register(Scorer("odd", lambda a: 0.5))
    """)
    code, report, err = _check(capsys, "--plugin", str(plugin))
    assert code == 2
    _one_error(err, str(plugin), "defines no hook function; mark them with @reusecheck.hookimpl")
    _all_checked(report)


def test_a_plugin_whose_name_is_taken(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = _plugin(tmp_path, _scorer("return 0.5"))
    other = tmp_path / "other"
    other.mkdir()
    second = _plugin(other, _scorer("return 0.25"))
    code, report, err = _check(capsys, "--plugin", str(first), "--plugin", str(second))
    assert code == 2
    _one_error(err, str(second), f"the plugin name 'house' is taken by {first}")
    assert all(m["scores"]["odd"] == 0.5 for r in report["results"] for m in r["matches"])
    builtin_name = _plugin(tmp_path, _scorer("return 0.5"), name="json_format")
    code, _, err = _check(capsys, "--plugin", str(builtin_name))
    assert code == 2
    _one_error(err, "the plugin name 'json_format' is taken by reusecheck.builtin.json_format")


def test_blocking_a_plugin_nobody_has_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, report, err = _check(capsys, "-p", "no:json_fromat")
    assert code == 2
    _one_error(err, "-p no:json_fromat: no plugin is named 'json_fromat'")
    _all_checked(report)


def test_a_wrong_hook_signature_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plugin = _plugin(tmp_path, """
        @reusecheck.hookimpl
        def reusecheck_register_scorers(regster):
            pass
    """)
    code, _, err = _check(capsys, "--plugin", str(plugin))
    assert code == 2
    _one_error(err, "invalid plugin 'house'", "regster", "fix its hook functions")


@pytest.mark.parametrize("where", ["module", "register"])
@pytest.mark.slow
def test_sys_exit_in_a_plugin_does_not_end_the_run(tmp_path: Path, where: str) -> None:
    source = "sys.exit(3)\n" if where == "module" else """
        @reusecheck.hookimpl
        def reusecheck_register_scorers(register):
            sys.exit(3)
    """
    plugin = _plugin(tmp_path, source)
    done = subprocess.run([sys.executable, "-m", "reusecheck", "check", *CANDIDATES, "--against", str(REUTERS),
                           "--plugin", str(plugin), "--format", "json"],
                          capture_output=True, text=True, env={"REUSECHECK_DISABLE_PLUGIN_AUTOLOAD": "1", "PATH": ""}, timeout=120)
    assert done.returncode == 2
    _one_error(done.stderr.splitlines(), str(plugin), "SystemExit: 3")
    _all_checked(json.loads(done.stdout))


def test_json_formats_never_write_nan_or_infinity() -> None:
    from reusecheck.errors import PluginError
    from reusecheck.models import Document, Finding, Match, Report, Result, Severity
    from reusecheck.plugins import load_plugins

    document, source = Document(id="c", text="some text"), Document(id="s", text="x")
    match = Match(source, {"containment": float("nan")}, ())
    finding = Finding("RC100", "reuse", Severity.WARNING, "m", "s", 0, 4, {"share": float("inf")})
    plugins = load_plugins()
    for result in (Result(document, (match,)), Result(document, findings=(finding,))):
        for name in ("json", "jsonl"):
            with pytest.raises(PluginError, match=f"format '{name}' failed: ValueError: Out of range float values"):
                plugins.formats[name].output(Report((result,), (), ()))
