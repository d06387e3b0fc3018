"""PAN measures on hand-made cases; every expected value was computed by hand.

Notation: a case or detection covers characters in the suspicious document ("this") and
in the source; |s| counts both. A detection detects a case when both name the same two
documents and overlap in both.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from helpers import shared_path

from reusecheck.errors import InputError
from reusecheck.pan.annotations import CASE_NAMES, DETECTION_NAMES, Annotation, detections_xml, read_file, read_folder
from reusecheck.pan.measures import detects, evaluate, granularity, plagdet, union_length


def ann(this_offset: int, this_length: int, source_offset: int, source_length: int,
        this: str = "susp.txt", source: str | None = "src.txt") -> Annotation:
    return Annotation(this, this_offset, this_length, source, source_offset, source_length)


CASE = ann(0, 100, 0, 100)  # |CASE| = 200


def values(cases: list[Annotation], detections: list[Annotation]) -> tuple[float, ...]:
    m = evaluate(cases, detections)
    return (m.macro_precision, m.macro_recall, m.micro_precision, m.micro_recall, m.granularity, m.plagdet)


def test_exact_detection_scores_one() -> None:
    assert values([CASE], [CASE]) == (1, 1, 1, 1, 1, 1)


def test_partial_detection() -> None:
    # Detection covers the first half on both sides: recall (50 + 50) / 200, precision 1.
    p, r, mp, mr, g, score = values([CASE], [ann(0, 50, 0, 50)])
    assert (p, r, mp, mr, g) == (1, 0.5, 1, 0.5, 1)
    assert score == pytest.approx(2 * 0.5 / 1.5)  # F1 = 2/3, log2(2) = 1


def test_detection_larger_than_case() -> None:
    # Detection spans 0..200 on both sides: it covers the case (recall 1) but only
    # 200 of its 400 characters are plagiarism (precision 0.5).
    assert values([CASE], [ann(0, 200, 0, 200)])[:5] == (0.5, 1, 0.5, 1, 1)


def test_case_split_into_two_detections() -> None:
    halves = [ann(0, 50, 0, 50), ann(50, 50, 50, 50)]
    p, r, mp, mr, g, score = values([CASE], halves)
    assert (p, r, mp, mr, g) == (1, 1, 1, 1, 2)
    assert score == pytest.approx(1 / math.log2(3))  # 0.6309...


def test_overlapping_detections_of_one_case() -> None:
    # 0..60 and 40..100 overlap each other: together they cover the case once (recall 1),
    # each lies inside the case (precision 1), but the case is detected twice.
    p, r, mp, mr, g, score = values([CASE], [ann(0, 60, 0, 60), ann(40, 60, 40, 60)])
    assert (p, r, mp, mr, g) == (1, 1, 1, 1, 2)
    assert score == pytest.approx(1 / math.log2(3))


def test_false_positive_halves_precision() -> None:
    false_positive = ann(500, 100, 500, 100)
    p, r, mp, mr, g, score = values([CASE], [CASE, false_positive])
    assert (p, r, mp, mr, g) == (0.5, 1, 0.5, 1, 1)  # micro: 200 of 400 detected chars
    assert score == pytest.approx(2 / 3)


@pytest.mark.parametrize(
    "wrong",
    [
        ann(0, 100, 0, 100, source="other.txt"),  # same suspicious passage, other source
        ann(0, 100, 300, 100),                    # right source, passage elsewhere in it
        ann(0, 100, 0, 100, this="other.txt"),    # other suspicious document
    ],
)
def test_detection_must_overlap_in_both_documents(wrong: Annotation) -> None:
    assert not detects(wrong, CASE)
    assert values([CASE], [wrong]) == (0, 0, 0, 0, 1, 0)


def test_overlapping_cases_from_two_sources() -> None:
    # Two cases overlap in the suspicious document (50..100) but come from different
    # sources; the detection spans 0..150 against src.txt only, so it detects CASE alone.
    other = ann(50, 100, 0, 100, source="other.txt")
    detection = ann(0, 150, 0, 100)
    m = evaluate([CASE, other], [detection])
    assert m.macro_recall == 0.5  # (200/200 + 0/200) / 2
    assert m.macro_precision == 0.8  # (100 + 100) / (150 + 100)
    assert m.granularity == 1
    assert m.plagdet == pytest.approx(2 * 0.8 * 0.5 / 1.3)
    # micro: cases cover 150 chars of susp.txt + 100 of src.txt + 100 of other.txt = 350;
    # the detection covers 250, of which 200 are CASE.
    assert m.micro_recall == pytest.approx(200 / 350)
    assert m.micro_precision == pytest.approx(200 / 250)


def test_micro_weights_characters_macro_weights_cases() -> None:
    long_case = ann(1000, 300, 1000, 300)  # 600 chars, undetected
    m = evaluate([CASE, long_case], [CASE])
    assert m.macro_recall == 0.5  # (1 + 0) / 2
    assert m.micro_recall == 0.25  # 200 / (200 + 600)
    assert m.macro_precision == m.micro_precision == 1


def test_granularity_counts_only_detected_cases() -> None:
    second = ann(1000, 100, 1000, 100)
    three_pieces = [ann(0, 30, 0, 30), ann(30, 30, 30, 30), ann(60, 40, 60, 40)]
    assert granularity([CASE, second], three_pieces + [second]) == 2  # (3 + 1) / 2
    assert granularity([CASE, ann(5000, 10, 5000, 10)], three_pieces) == 3  # undetected case not counted
    assert granularity([CASE], []) == 1


def test_empty_sets() -> None:
    assert values([], []) == (1, 1, 1, 1, 1, 1)
    assert values([CASE], []) == (0, 0, 0, 0, 1, 0)
    assert values([], [CASE]) == (0, 0, 0, 0, 1, 0)


def test_duplicate_annotations_count_once() -> None:
    assert values([CASE, CASE], [CASE, CASE]) == (1, 1, 1, 1, 1, 1)


def test_plagdet_formula() -> None:
    assert plagdet(1, 1, 1) == 1
    assert plagdet(0.75, 0.25, 2) == pytest.approx(0.375 / math.log2(3))  # F1 = 0.375
    assert plagdet(0, 0, 1) == 0


def test_union_length_counts_overlaps_once() -> None:
    assert union_length([(0, 10), (5, 15), (20, 25), (25, 30)]) == 25
    assert union_length([]) == 0


def test_xml_reads_any_element_by_name_attribute(tmp_path: Path) -> None:
    xml = tmp_path / "suspicious-document00001.xml"
    xml.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<document reference="suspicious-document00001.txt">\n'
        '<feature name="plagiarism" this_offset="5" this_length="10" source_reference="s.txt" source_offset="1" source_length="12"/>\n'
        '<featue name="plagiarism" this_offset="40" this_length="3" source_reference="s.txt" source_offset="7" source_length="3"/>\n'
        '<feature name="about" this_offset="0" this_length="9"/>\n'
        '<feature name="detected-plagiarism" this_offset="60" this_length="4" source_reference="t.txt" source_offset="0" source_length="4"/>\n'
        "</document>\n",
        encoding="utf-8",
    )
    cases = read_file(xml, CASE_NAMES)
    assert cases == [
        Annotation("suspicious-document00001.txt", 5, 10, "s.txt", 1, 12),
        Annotation("suspicious-document00001.txt", 40, 3, "s.txt", 7, 3),
        Annotation("suspicious-document00001.txt", 60, 4, "t.txt", 0, 4),
    ]
    assert read_file(xml, DETECTION_NAMES) == [cases[2]]


def test_detection_xml_round_trips(tmp_path: Path) -> None:
    detections = [ann(3, 40, 7, 41, this="a & b.txt"), ann(90, 10, 0, 12, this="a & b.txt", source='q"s.txt')]
    (tmp_path / "out.xml").write_text(detections_xml("a & b.txt", detections), encoding="utf-8")
    assert read_folder(tmp_path, DETECTION_NAMES) == detections


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<document reference='x.txt'><feature name='plagiarism'", "not well-formed XML"),
        ("<document reference='x.txt'><feature name='plagiarism' this_offset='a' this_length='1'/></document>", "not a whole number"),
    ],
)
def test_bad_xml_is_an_input_error_naming_the_file(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "bad.xml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError, match=message) as error:
        read_file(path, CASE_NAMES)
    assert error.value.path == str(path)


def test_indonesian_corpus_has_94_cases_including_the_misspelled_tag() -> None:
    cases = read_folder(shared_path("eval", "pan-format-indonesian", "suspicious-documents"), CASE_NAMES)
    assert len(cases) == 94
    assert Annotation("suspicious-document00028.txt", 28043, 795, "source-document00012.txt", 5699, 794) in cases
