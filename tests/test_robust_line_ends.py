"""Line ends do not change findings (issue 15 item 10): a lone CR, U+2028, U+2029, NEL and
the other line ends str.splitlines knows are read as LF, one character for one."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from helpers import REPUBLISHED, REUTERS, read

from reusecheck.cli import main
from reusecheck.loaders import unify_line_ends


def _report(capsys: pytest.CaptureFixture[str], folder: Path, line_end: str) -> dict:
    candidate, source = folder / f"candidate-{ord(line_end[0])}.txt", folder / f"source-{ord(line_end[0])}.txt"
    candidate.write_bytes(read(REPUBLISHED).replace("\n", line_end).encode("utf-8"))
    source.write_bytes(read(REUTERS).replace("\n", line_end).encode("utf-8"))
    main(["check", str(candidate), "--against", str(source), "--format", "json"])
    return json.loads(capsys.readouterr().out)


def _found(report: dict) -> tuple[list, list]:
    [result] = report["results"]
    findings = [(f["rule"], f["candidate_start"], f["candidate_end"]) for f in result["findings"]]
    passages = [(p["candidate_start"], p["candidate_end"], p["source_start"], p["source_end"])
                for m in result["matches"] for p in m["passages"]]
    return findings, passages


@pytest.mark.parametrize("line_end", ["\r", "\u2028", "\u2029", "\x85", "\x0c", "\x1e"])
def test_findings_do_not_depend_on_the_line_end(tmp_path: Path, capsys: pytest.CaptureFixture[str], line_end: str) -> None:
    expected = _found(_report(capsys, tmp_path, "\n"))
    assert "RC102" in [rule for rule, _, _ in expected[0]]  # the credit rule the header decides
    report = _report(capsys, tmp_path, line_end)
    assert _found(report) == expected
    original = read(REPUBLISHED).replace("\n", line_end)
    for start, end, _, _ in expected[1]:  # offsets slice the file as written
        assert unify_line_ends(original[start:end]) == read(REPUBLISHED)[start:end]


def test_unify_line_ends_keeps_crlf_and_every_offset() -> None:
    text = "a\r\nb\rc\u2028d\x85e\u2029\n"
    assert unify_line_ends(text) == "a\r\nb\nc\nd\ne\n\n"
    assert len(unify_line_ends(text)) == len(text)


def test_unify_line_ends_writes_each_line_end_but_crlf_as_lf() -> None:
    """On random texts of line ends, CRLF and other characters (ASCII and not), against the
    definition: a lone CR and every str.splitlines line end but LF and CRLF become LF."""
    rng = random.Random(5)
    pieces = ["a", "é", "中", "\r\n", "\r", "\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        expected = "".join("\n" if (c in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029" or c == "\r" and text[i + 1 : i + 2] != "\n")
                           else c for i, c in enumerate(text))
        assert unify_line_ends(text) == expected
        assert len(unify_line_ends(text)) == len(text)
