"""`pan align` and `pan evaluate` on hostile or careless input (issue 15): detections never
written over the corpus or mixed with stale ones, unreadable documents skipped, bad XML
encodings one line, evaluation fast on many annotations."""

from __future__ import annotations

import itertools
import os
import random
import time
from pathlib import Path

import pytest
from test_pan_cli import COPIED, corpus  # noqa: F401  (the fixture)

from reusecheck.cli import main
from reusecheck.pan.annotations import DETECTION_NAMES, Annotation, read_folder
from reusecheck.pan.measures import evaluate, overlapping


def _one_line(capsys: pytest.CaptureFixture[str], *needles: str) -> None:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    for needle in needles:
        assert needle in err


@pytest.mark.parametrize("where", ["{corpus}", "{corpus}/suspicious-documents/part1", "{corpus}/.."])
def test_out_overlapping_the_corpus_is_refused(corpus: Path, capsys: pytest.CaptureFixture[str], where: str) -> None:  # noqa: F811
    gold = corpus / "suspicious-documents" / "part1" / "suspicious-document00001.xml"
    before = gold.read_bytes()
    out = where.format(corpus=corpus)
    for extra in ([], ["--force"], ["--clean"]):
        assert main(["pan", "align", str(corpus), "--out", out, *extra]) == 2
        _one_line(capsys, "overlaps the corpus")
    assert gold.read_bytes() == before


def test_a_non_empty_out_needs_clean_or_force(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    out = tmp_path / "out"
    out.mkdir()
    stale = out / "old" / "suspicious-document00009.xml"
    stale.parent.mkdir()
    stale.write_text('<document reference="suspicious-document00001.txt">'
                     '<feature name="detected-plagiarism" this_offset="0" this_length="5" '
                     'source_reference="source-document00002.txt" source_offset="0" source_length="5"/></document>',
                     encoding="utf-8")
    notes = out / "notes.md"
    notes.write_text("mine", encoding="utf-8")
    assert main(["pan", "align", str(corpus), "--out", str(out)]) == 2
    _one_line(capsys, "is not empty", "--clean", "--force")
    assert stale.exists()
    assert main(["pan", "align", str(corpus), "--out", str(out), "--force"]) == 0
    assert len(read_folder(out, DETECTION_NAMES)) == 2  # the stale detection still counts
    assert main(["pan", "align", str(corpus), "--out", str(out), "--clean"]) == 0
    assert not stale.exists() and notes.read_text(encoding="utf-8") == "mine"
    [found] = read_folder(out, DETECTION_NAMES)
    assert found.source_reference == "source-document00001.txt"


def test_align_carries_on_past_unreadable_documents(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    binary_source = corpus / "source-documents" / "source-document00000.txt"  # sorts first
    binary_source.write_bytes(b"\x00\x01\x02" * 100)
    binary_suspicious = corpus / "suspicious-documents" / "part1" / "suspicious-document00000.txt"
    binary_suspicious.write_bytes(b"\x00" * 50)
    paths = [binary_source, binary_suspicious]
    if hasattr(os, "mkfifo"):
        fifo = corpus / "suspicious-documents" / "suspicious-document00003.txt"
        os.mkfifo(fifo)
        paths.append(fifo)
    out = tmp_path / "out"
    assert main(["pan", "align", str(corpus), "--out", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert sorted(line.split(": ")[2] for line in err) == sorted(str(p) for p in paths)
    assert sorted(p.name for p in out.iterdir()) == ["suspicious-document00001.xml", "suspicious-document00002.xml"]
    [found] = read_folder(out, DETECTION_NAMES)
    assert found.source_reference == "source-document00001.txt"


@pytest.mark.parametrize("encoding", ["UTF-6", "UTF-7", "bogus"])
def test_evaluate_with_an_unusable_xml_encoding_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str) -> None:
    (tmp_path / "a.xml").write_text(f'<?xml version="1.0" encoding="{encoding}"?><document reference="a.txt"/>', encoding="ascii")
    assert main(["pan", "evaluate", "--truth", str(tmp_path), "--detections", str(tmp_path)]) == 2
    _one_line(capsys, "a.xml")


def test_overlapping_finds_exactly_the_overlapping_pairs() -> None:
    rng = random.Random(7)
    for _ in range(300):
        spans = [[(a, a + rng.randint(0, 6)) for a in (rng.randint(0, 30) for _ in range(rng.randint(0, 12)))] for _ in range(2)]
        found = list(overlapping(*spans))
        brute = [(i, j) for (i, a), (j, b) in itertools.product(enumerate(spans[0]), enumerate(spans[1]))
                 if a[0] < b[1] and b[0] < a[1]]
        assert sorted(found) == brute and len(found) == len(set(found))


@pytest.mark.slow
def test_evaluate_is_not_quadratic_in_annotations_per_document() -> None:
    # 20,000 cases and 200,000 detections in one document pair: once over 300 s.
    cases = [Annotation("s.txt", i * 1000, 500, "r.txt", i * 1000, 500) for i in range(20_000)]
    detections = [Annotation("s.txt", i * 100, 60, "r.txt", i * 100 + 10, 60) for i in range(200_000)]
    started = time.process_time()
    measures = evaluate(cases, detections)
    assert (measures.cases, measures.detections, measures.granularity) == (20_000, 200_000, 5.0)
    # Each case [1000i, 1000i + 500) holds five whole detections (60 of 100 characters each
    # side): recall 300 / 500, and half the detections lie in a case.
    assert measures.macro_recall == pytest.approx(0.6) and measures.micro_recall == pytest.approx(0.6)
    assert measures.macro_precision == pytest.approx(0.5) and measures.micro_precision == pytest.approx(0.5)
    assert time.process_time() - started < 120
