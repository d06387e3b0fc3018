"""The public Python API."""

from __future__ import annotations

from pathlib import Path

from helpers import REPUBLISHED, REUTERS, file_id, read

import reusecheck
from reusecheck.formats import report_dict


def test_check_with_documents_and_paths() -> None:
    source = reusecheck.Document(id="wire-1", text=read(REUTERS))
    copy = reusecheck.Document(id="site-1", text=read(REPUBLISHED))
    report = reusecheck.check([copy, str(REUTERS)], [source])
    assert [r.candidate.id for r in report.results] == ["site-1", file_id(REUTERS)]
    [match] = report.results[0].matches
    assert match.source.id == "wire-1"
    assert 0.6 < match.scores["containment"] < 0.8
    assert report.results[1].matches[0].scores["containment"] == 1.0
    assert report_dict(report)["results"][0]["matches"][0]["source"] == {"id": "wire-1", "path": None, "length": len(source.text)}


def test_bad_inputs_are_listed_not_raised(tmp_path: Path) -> None:
    report = reusecheck.check([str(tmp_path / "missing.txt"), str(REPUBLISHED)], [str(REUTERS)])
    assert len(report.results) == 1
    assert report.errors == (reusecheck.Problem(str(tmp_path / "missing.txt"), "no such file; check the path"),)


def test_options_shape_the_run() -> None:
    options = reusecheck.CheckOptions(threshold=0.9, align=reusecheck.AlignSettings(min_words=30))
    report = reusecheck.check([str(REPUBLISHED)], [str(REUTERS)], options=options)
    [match] = report.results[0].matches
    assert all(len(read(REPUBLISHED)[p.candidate_start : p.candidate_end].split()) >= 30 for p in match.passages)
    assert "RC100" not in [f.rule for f in report.results[0].findings]
