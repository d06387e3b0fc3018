"""Properties every input must keep, as functions of the input that raise AssertionError
when one is broken (any other exception is a crash). tests/test_properties.py drives them
with hypothesis; benchmarks/fuzz.py with hypothesis at scale and with atheris.

- no exception but the documented one (`InputError`, `ConfigError`, exit code 2);
- every offset inside the text, and slicing the text gives the reported passage;
- the same output twice; JSON strict (no NaN or Infinity).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from reusecheck.cli import main
from reusecheck.config import ConfigError, read_config
from reusecheck.credits import default_agencies, extract_credits
from reusecheck.engine import Checker, CheckOptions
from reusecheck.errors import InputError
from reusecheck.formats import RenderContext
from reusecheck.guard import load_documents
from reusecheck.loaders import LoadOptions, unify_line_ends
from reusecheck.models import Document, Finding, Report, Severity
from reusecheck.pan.annotations import CASE_NAMES, read_file
from reusecheck.plugins import PluginSet, load_plugins
from reusecheck.suppress import Directive, find_directives, judge, suppressing_regions
from reusecheck.text import Tokenizer

# File names that route bytes to each loader (a loader claims files by suffix).
LOADER_SUFFIXES = (".txt", ".md", ".jsonl", ".ndjson", ".json", ".html", ".htm", ".xml", ".nitf")


@cache
def plugins() -> PluginSet:
    return load_plugins(autoload=False)


@cache
def tokenizer() -> Tokenizer:
    return Tokenizer()


def _strict_json(text: str) -> Any:
    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in JSON output")

    return json.loads(text, parse_constant=refuse)


def _span_inside(start: int | None, end: int | None, length: int) -> None:
    if start is None and end is None:
        return
    assert start is not None and end is not None, (start, end)
    assert 0 <= start <= end <= length, (start, end, length)


# -- the targets ---------------------------------------------------------------------------

def tokenize(text: str) -> None:
    tokens = tokenizer().tokenize(text)
    starts, ends = tokens.starts.tolist(), tokens.ends.tolist()
    assert len(starts) == len(ends) == len(tokens)
    for start, end in zip(starts, ends, strict=True):
        assert 0 <= start < end <= len(text), (start, end, len(text))
        assert text[start:end].strip(), repr(text[start:end])
    assert starts == sorted(starts)


def load(suffix: str, data: bytes) -> None:
    """Every loader: documents or an `InputError`, the same twice, texts that encode."""
    hook = plugins().manager.hook.reusecheck_load_documents
    answers = []
    for _ in range(2):
        try:
            documents = load_documents(hook, f"input{suffix}", data, LoadOptions())
        except InputError as exc:
            assert exc.message and "\n" not in exc.message, exc.message
            answers.append(str(exc))
            continue
        name = f"input{suffix}"
        for document in documents or ():
            # a document is named by its file (and its item, when a file holds several);
            # a JSONL record names itself
            assert document.id == name or document.id.startswith(f"{name}#") or (
                suffix in (".jsonl", ".ndjson") and document.id), document.id
            assert document.path == name, document.path
            document.text.encode("utf-8")  # no lone surrogates
            for credit in document.credits:
                _span_inside(credit.start, credit.end, len(document.text))
        answers.append(repr(documents))
    assert answers[0] == answers[1]


def config(text: str) -> None:
    """A configuration file: read, or one `ConfigError`; `reusecheck config` exits 0 or 2."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ".reusecheck.toml"
        path.write_text(text, encoding="utf-8")
        with contextlib.suppress(ConfigError):
            read_config(path, required=True)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(["config", "--config", str(path)])
            except SystemExit as exc:  # argparse leaves with the configuration error
                code = int(exc.code or 0)
        assert code in (0, 2), code
        assert "Traceback" not in err.getvalue()
        if code == 2:
            assert err.getvalue().count("\n") == 1, err.getvalue()


def suppressions(text: str, spans: list[tuple[int, int]]) -> None:
    """Directives and the regions they suppress lie inside the text; suppression only drops
    findings (and adds RC001/RC002 findings on directives), the same twice."""
    for directive in find_directives(text):
        _span_inside(directive.start, directive.end, len(text))
    known = set(plugins().rules)
    for region in suppressing_regions(text, known):
        _span_inside(region.start, region.end, len(text))
    findings = []
    for a, b in spans:
        start, end = sorted((a % (len(text) + 1), b % (len(text) + 1)))
        findings.append(Finding("RC100", "reuse", Severity.WARNING, "m", "s", start, end))

    def report(code: str, directive: Directive, message: str) -> Finding:
        return Finding(code, "directive", Severity.WARNING, message, None, directive.start, directive.end)

    kept = judge(text, findings, known, known, report)
    for finding in kept:
        assert finding in findings or finding.rule in ("RC001", "RC002"), finding
        _span_inside(finding.candidate_start, finding.candidate_end, len(text))
    assert kept == judge(text, findings, known, known, report)


def pan_xml(data: bytes) -> None:
    """A PAN XML file: annotations with whole, non-negative numbers, or one `InputError`."""
    descriptor, name = tempfile.mkstemp(suffix=".xml")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        try:
            annotations = read_file(name, CASE_NAMES)
        except InputError as exc:
            assert "\n" not in exc.message
            return
        for a in annotations:
            assert min(a.this_offset, a.this_length, a.source_offset, a.source_length) >= 0
            assert a.size > 0
    finally:
        os.unlink(name)


def credits(text: str) -> None:
    """Credits found in a text lie inside it, the same twice."""
    document = Document(id="d", text=unify_line_ends(text))
    extractors = tuple(plugins().credit_extractors.values())
    found = extract_credits(document, extractors, default_agencies())
    for credit in found:
        _span_inside(credit.start, credit.end, len(document.text))
        assert credit.name.strip(), credit
    assert found == extract_credits(document, extractors, default_agencies())


def check(candidate: str, source: str) -> None:
    """The whole check: offsets inside both texts and slicing the originals to each passage,
    the same report twice, strict JSON in every JSON format."""
    outputs = []
    for _ in range(2):
        checker = Checker(CheckOptions(), plugins())
        report = checker.run([Document(id="candidate", text=candidate)],
                             [checker.memory_store([Document(id="source", text=source)])])
        assert not report.errors, report.errors
        outputs.append(_rendered(report))
        _offsets_inside(report, candidate, source)
    assert outputs[0] == outputs[1]


def _offsets_inside(report: Report, candidate: str, source: str) -> None:
    for result in report.results:
        assert unify_line_ends(candidate) == result.candidate.text
        for match in result.matches:
            for p in match.passages:
                _span_inside(p.candidate_start, p.candidate_end, len(candidate))
                _span_inside(p.source_start, p.source_end, len(source))
                assert p.candidate_start < p.candidate_end and p.source_start < p.source_end
                assert unify_line_ends(candidate[p.candidate_start : p.candidate_end]) == \
                    result.candidate.text[p.candidate_start : p.candidate_end]
                assert unify_line_ends(source[p.source_start : p.source_end]) == \
                    match.source.text[p.source_start : p.source_end]
        for finding in result.findings:
            _span_inside(finding.candidate_start, finding.candidate_end, len(candidate))


def _rendered(report: Report) -> dict[str, str]:
    formats = plugins().formats
    context = RenderContext(plugins().rules)
    names: tuple[str, ...] = ("text", "json", "jsonl", "sarif", "rdjsonl")
    rendered = {name: formats[name].output(report, context) for name in names if name in formats}
    _strict_json(rendered["json"])
    _strict_json(rendered["sarif"])
    for line in (rendered["jsonl"] + rendered["rdjsonl"]).split("\n"):  # U+2028 may sit inside a string
        if line:
            _strict_json(line)
    return rendered


def check_files(suffix: str, candidate: bytes, source: str) -> None:
    """`reusecheck check` on a candidate file of any bytes: exit 0, 1 or 2, one line per
    error and no traceback, strict JSON, the same report twice."""
    with tempfile.TemporaryDirectory() as folder:
        candidate_path, source_path = Path(folder) / f"candidate{suffix}", Path(folder) / "source.txt"
        candidate_path.write_bytes(candidate)
        source_path.write_text(source, encoding="utf-8")
        reports = []
        for run in range(2):
            report = Path(folder) / f"report{run}.json"
            err = io.StringIO()
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
                code = main(["check", str(candidate_path), "--against", str(source_path), "--isolated",
                             "--output", f"json={report}", "--format", "text"])
            assert code in (0, 1, 2), code
            assert "Traceback" not in err.getvalue()
            assert all(line.startswith("reusecheck: ") for line in err.getvalue().splitlines()), err.getvalue()
            reports.append(report.read_text(encoding="utf-8"))
            _strict_json(reports[-1])
        assert reports[0] == reports[1]
