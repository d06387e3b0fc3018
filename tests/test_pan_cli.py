"""``reusecheck pan align`` and ``reusecheck pan evaluate`` on a hand-made PAN corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import shared_path

from reusecheck.cli import main
from reusecheck.pan.annotations import CASE_NAMES, DETECTION_NAMES, read_folder

COPIED = (
    "The river authority said on Tuesday that the northern dam would be closed for repairs "
    "until the end of March, after engineers found cracks in the spillway during a routine "
    "inspection, and that farmers downstream should expect lower water levels this spring"
)
SOURCE = (
    "Officials met in the capital to discuss the budget for the coming year and agreed on "
    "most of the spending plans.\n\n" + COPIED + ".\n\nA spokesman declined to say how much "
    "the repairs would cost or who would pay for them.\n"
)
SUSPICIOUS = (
    "Local news in brief, compiled by our own reporters from the county offices.\r\n\r\n"
    + COPIED + ".\r\n\r\nIn other news, the school board elected a new chair on Monday evening.\r\n"
)
UNRELATED = "Nothing in this text comes from anywhere else; it is about gardening and roses in June.\n"
OTHER = "A note on cycling: the club rides every Sunday morning, whatever the weather, from the old mill.\n"


def pan_text(path: Path) -> str:
    """A file as PAN counts its characters: UTF-8 (a BOM is a character), newline=''."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "source-documents").mkdir(parents=True)
    (root / "suspicious-documents" / "part1").mkdir(parents=True)
    (root / "source-documents" / "source-document00001.txt").write_bytes(SOURCE.encode("utf-8"))
    (root / "source-documents" / "source-document00002.txt").write_bytes(UNRELATED.encode("utf-8"))
    suspicious = root / "suspicious-documents" / "part1"
    # A BOM and CRLF line ends: PAN offsets count both.
    (suspicious / "suspicious-document00001.txt").write_bytes(b"\xef\xbb\xbf" + SUSPICIOUS.encode("utf-8"))
    (suspicious / "suspicious-document00002.txt").write_bytes(OTHER.encode("utf-8"))
    # A truth file that would break any reader: `pan align` must never read it.
    (suspicious / "suspicious-document00001.xml").write_text("<document this is not XML", encoding="utf-8")
    return root


def test_align_retrieves_sources_and_writes_pan_offsets(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["pan", "align", str(corpus), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["suspicious-document00001.xml", "suspicious-document00002.xml"]
    assert "<document reference=\"suspicious-document00002.txt\">" in (out / "suspicious-document00002.xml").read_text()
    [found] = read_folder(out, DETECTION_NAMES)
    assert found.this_reference == "suspicious-document00001.txt"
    assert found.source_reference == "source-document00001.txt"
    susp = pan_text(corpus / "suspicious-documents" / "part1" / "suspicious-document00001.txt")
    src = pan_text(corpus / "source-documents" / "source-document00001.txt")
    assert susp.startswith("\ufeff")
    # The offsets, counted PAN's way, point at the copied text in both documents.
    assert susp[found.this_offset : found.this_offset + found.this_length] == COPIED
    assert src[found.source_offset : found.source_offset + found.source_length] == COPIED


def test_align_with_a_pairs_file_aligns_only_those_pairs(corpus: Path, tmp_path: Path) -> None:
    pairs = corpus / "pairs"
    pairs.write_text("suspicious-document00002.txt source-document00001.txt\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["pan", "align", str(pairs), "--out", str(out)]) == 0
    assert [p.name for p in out.iterdir()] == ["suspicious-document00002.xml"]
    assert read_folder(out, DETECTION_NAMES) == []
    # A corpus folder holding a pairs file uses it too.
    out2 = tmp_path / "out2"
    assert main(["pan", "align", str(corpus), "--out", str(out2)]) == 0
    assert [p.name for p in out2.iterdir()] == ["suspicious-document00002.xml"]


def test_align_then_evaluate(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    susp = pan_text(corpus / "suspicious-documents" / "part1" / "suspicious-document00001.txt")
    src = pan_text(corpus / "source-documents" / "source-document00001.txt")
    truth = tmp_path / "truth"
    truth.mkdir()
    (truth / "suspicious-document00001.xml").write_text(
        '<document reference="suspicious-document00001.txt">\n'
        f'<feature name="plagiarism" this_offset="{susp.index(COPIED)}" this_length="{len(COPIED) + 1}" '
        f'source_reference="source-document00001.txt" source_offset="{src.index(COPIED)}" source_length="{len(COPIED) + 1}"/>\n'
        "</document>\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["pan", "align", str(corpus), "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["pan", "evaluate", "--truth", str(truth), "--detections", str(out), "--format", "json"]) == 0
    measures = json.loads(capsys.readouterr().out)
    # The detection stops before the final full stop the truth includes: recall is
    # 2 * len(COPIED) of 2 * (len(COPIED) + 1) characters, precision 1.
    assert measures["cases"] == measures["detections"] == 1
    assert measures["macro_precision"] == measures["micro_precision"] == 1
    assert measures["macro_recall"] == pytest.approx(len(COPIED) / (len(COPIED) + 1))
    assert measures["granularity"] == 1
    assert main(["pan", "evaluate", "--truth", str(truth), "--detections", str(out)]) == 0
    text = capsys.readouterr().out
    assert "plagdet" in text and "granularity        1.0000" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pan", "align", "{tmp}/missing", "--out", "{tmp}/out"], "no such file or folder"),
        (["pan", "align", "{tmp}", "--out", "{tmp}/out"], "no suspicious-documents/ or susp/ folder"),
        (["pan", "evaluate", "--truth", "{tmp}/missing", "--detections", "{tmp}"], "no such folder"),
    ],
)
def test_bad_input_is_a_one_line_error(tmp_path: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([a.format(tmp=tmp_path) for a in args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_bad_input_exits_2_without_traceback_in_a_real_process(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reusecheck", "pan", "align", str(tmp_path / "missing"), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 2
    assert done.stderr == f"reusecheck: error: {tmp_path / 'missing'}: no such file or folder; give a PAN corpus folder or a pairs file\n"


def test_pairs_naming_an_unknown_document_is_an_error(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pairs = corpus / "pairs"
    pairs.write_text("suspicious-document00001.txt source-document00009.txt\n", encoding="utf-8")
    assert main(["pan", "align", str(pairs), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert str(pairs) in err and "line 1: no source document 'source-document00009.txt'" in err


def test_malformed_detection_xml_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "d.xml").write_text("<document", encoding="utf-8")
    assert main(["pan", "evaluate", "--truth", str(tmp_path), "--detections", str(tmp_path)]) == 2
    assert "d.xml: not well-formed XML" in capsys.readouterr().err


@pytest.mark.slow
def test_indonesian_corpus_language_neutral(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shared = shared_path("eval", "pan-format-indonesian")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for folder in ("source-documents", "suspicious-documents"):
        (corpus / folder).symlink_to(shared / folder)
    # A pairs file for three suspicious documents and their true sources (the test reads
    # the truth to write it; `pan align` itself never does).
    truth = read_folder(shared / "suspicious-documents", CASE_NAMES)
    wanted = set(sorted({c.this_reference for c in truth})[:3])
    pairs = sorted({(c.this_reference, c.source_reference) for c in truth if c.this_reference in wanted})
    (corpus / "pairs").write_text("".join(f"{a} {b}\n" for a, b in pairs), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["pan", "align", str(corpus), "--out", str(out), "--language", "none", "--no-spelling-variants"]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(name[:-4] + ".xml" for name in wanted)
    assert main(["pan", "evaluate", "--truth", str(shared / "suspicious-documents"), "--detections", str(out), "--format", "json"]) == 0
    measures = json.loads(capsys.readouterr().out)
    assert measures["cases"] == 94
    # Character-level precision: with cases merged there are only a few detections here, so
    # the macro average over detections swings with any single one.
    assert measures["micro_precision"] > 0.95
    assert measures["granularity"] < 1.2
