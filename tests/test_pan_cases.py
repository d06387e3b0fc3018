"""Merging the engine's passages into PAN cases."""

from __future__ import annotations

from reusecheck.pan.annotations import Annotation
from reusecheck.pan.detect import CaseGaps, merge_cases


def det(this: int, this_end: int, source: str, src: int, src_end: int) -> Annotation:
    return Annotation("susp.txt", this, this_end - this, source, src, src_end - src)


def test_reordered_pieces_of_one_region_become_one_case() -> None:
    pieces = [det(0, 100, "a.txt", 500, 600), det(105, 200, "a.txt", 300, 400), det(210, 300, "a.txt", 410, 495)]
    assert merge_cases(pieces, CaseGaps(50, 50)) == [det(0, 300, "a.txt", 300, 600)]


def test_far_apart_pieces_stay_apart_in_either_document() -> None:
    far_here = [det(0, 100, "a.txt", 0, 100), det(1000, 1100, "a.txt", 120, 220)]
    far_there = [det(0, 100, "a.txt", 0, 100), det(120, 220, "a.txt", 5000, 5100)]
    assert merge_cases(far_here, CaseGaps(800, 1200)) == sorted(far_here, key=lambda a: a.this_offset)
    assert merge_cases(far_there, CaseGaps(800, 1200)) == far_there


def test_pieces_of_different_sources_never_merge() -> None:
    pieces = [det(0, 100, "a.txt", 0, 100), det(110, 200, "b.txt", 110, 200)]
    assert merge_cases(pieces, CaseGaps(800, 1200)) == pieces


def test_merging_is_transitive() -> None:
    chain = [det(0, 100, "a.txt", 0, 100), det(150, 250, "a.txt", 150, 250), det(300, 400, "a.txt", 300, 400)]
    assert merge_cases(chain, CaseGaps(60, 60)) == [det(0, 400, "a.txt", 0, 400)]
    assert merge_cases(chain, CaseGaps(0, 0)) == chain
