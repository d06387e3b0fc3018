"""``reusecheck pan``: run as a PAN text-alignment system (``align``) and score detections
with the PAN measures (``evaluate``)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

from reusecheck import run_setup
from reusecheck.cli.common import add_plugin_options, add_text_options, write_output
from reusecheck.engine import Checker
from reusecheck.errors import UsageError
from reusecheck.pan.annotations import CASE_NAMES, DETECTION_NAMES, detections_xml, read_folder
from reusecheck.pan.corpus import open_corpus
from reusecheck.pan.detect import CaseGaps, detect
from reusecheck.pan.measures import Measures, evaluate
from reusecheck.temporaries import remove_stale_temporaries


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    pan = subparsers.add_parser(
        "pan", help="PAN text alignment: write detection XML, compute plagdet",
        description="Run reusecheck on a PAN plagiarism-detection corpus and score detections with the PAN measures.",
    )
    commands = pan.add_subparsers(dest="pan_command", metavar="COMMAND", required=True)
    align = commands.add_parser(
        "align", help="write one PAN detection XML per suspicious document",
        description=(
            "Align PAN suspicious documents with their sources and write OUT/NAME.xml (PAN's "
            "detected-plagiarism format) for each. Given a pairs file (or a corpus folder holding "
            "one) it aligns those pairs; given a corpus folder without one it retrieves candidate "
            "sources itself among all sources. Truth XML files are never read. Use --language none "
            "--no-spelling-variants for language-neutral matching."
        ),
    )
    align.add_argument("corpus", metavar="PAIRS_OR_CORPUS_DIR",
                       help="a PAN corpus folder (suspicious-documents/ or susp/, source-documents/ or src/) or a pairs file in one")
    align.add_argument("--out", required=True, metavar="DIR",
                       help="folder for the detection XML files (created if missing; outside the corpus)")
    existing = align.add_mutually_exclusive_group()
    existing.add_argument("--force", action="store_true",
                          help="write into a non-empty --out folder, replacing files of the same names")
    existing.add_argument("--clean", action="store_true",
                          help="first delete the *.xml files below a non-empty --out folder (stale ones would count in `pan evaluate`)")
    gaps = CaseGaps()
    align.add_argument("--case-gap", type=int, default=gaps.suspicious, metavar="CHARS",
                       help=f"passages of one document pair this close in the suspicious document (and within "
                       f"--source-case-gap in the source), in any order, merge into one case (default: {gaps.suspicious}; 0 merges only overlapping ones)")
    align.add_argument("--source-case-gap", type=int, default=gaps.source, metavar="CHARS",
                       help=f"the same distance in the source document (default: {gaps.source})")
    add_text_options(align)
    add_plugin_options(align)
    align.set_defaults(run=run_align)
    evaluate_ = commands.add_parser(
        "evaluate", help="PAN precision, recall, granularity and plagdet of detections",
        description=(
            "Compare detection XML files with the gold XML files at character level: micro- and "
            "macro-averaged precision and recall, granularity and plagdet (Potthast et al. 2010). Gold "
            "cases are elements with name=\"plagiarism\" (or \"detected-plagiarism\"), detections those "
            "with name=\"detected-plagiarism\", whatever the element is called."
        ),
    )
    evaluate_.add_argument("--truth", required=True, metavar="DIR", help="folder with the gold XML files (searched recursively)")
    evaluate_.add_argument("--detections", required=True, metavar="DIR", help="folder with the detection XML files (searched recursively)")
    evaluate_.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    evaluate_.set_defaults(run=run_evaluate)


def run_align(args: argparse.Namespace) -> int:
    checker = Checker(run_setup.text_options(vars(args)), run_setup.plugins(vars(args)))
    corpus = open_corpus(args.corpus)
    prepare_out(args.out, corpus.root, clean=args.clean, force=args.force)
    for reference, detections in detect(corpus, checker, CaseGaps(args.case_gap, args.source_case_gap)):
        name = os.path.join(args.out, os.path.splitext(reference)[0] + ".xml")
        write_output(detections_xml(reference, detections), name, clean_stale=False)
    for problem in checker.errors:
        print(f"reusecheck: error: {problem.path}: {problem.message}", file=sys.stderr)
    return 2 if checker.errors else 0


def prepare_out(out: str, corpus_root: Path, *, clean: bool, force: bool) -> None:
    """Make the --out folder: never inside the corpus (nor holding it), empty unless
    ``force``, emptied of XML files with ``clean``."""
    real_out, real_root = os.path.realpath(out), os.path.realpath(corpus_root)
    if os.path.commonpath([real_out, real_root]) in (real_out, real_root):
        raise UsageError(f"--out {out} overlaps the corpus {corpus_root}; write the detections to a folder outside it")
    try:
        os.makedirs(out, exist_ok=True)
        remove_stale_temporaries(out)
        present = os.listdir(out)
        if present and clean:
            for stale in Path(out).rglob("*.xml"):
                stale.unlink()
        elif present and not force:
            raise UsageError(
                f"--out {out} is not empty; stale detection files would count in `pan evaluate`: "
                "give --clean to delete its *.xml files first, --force to write into it anyway, or an empty folder"
            )
    except OSError as exc:
        raise UsageError(f"cannot prepare the --out folder: {exc.strerror}; check the path", out) from None


def render(measures: Measures) -> str:
    """The measures as an aligned two-column table."""
    rows = [
        ("cases", str(measures.cases)),
        ("detections", str(measures.detections)),
        ("plagdet", f"{measures.plagdet:.4f}"),
        ("precision (macro)", f"{measures.macro_precision:.4f}"),
        ("recall (macro)", f"{measures.macro_recall:.4f}"),
        ("granularity", f"{measures.granularity:.4f}"),
        ("precision (micro)", f"{measures.micro_precision:.4f}"),
        ("recall (micro)", f"{measures.micro_recall:.4f}"),
        ("plagdet (micro)", f"{measures.plagdet_micro:.4f}"),
    ]
    return "".join(f"{label:<18} {value}\n" for label, value in rows)


def run_evaluate(args: argparse.Namespace) -> int:
    measures = evaluate(read_folder(args.truth, CASE_NAMES), read_folder(args.detections, DETECTION_NAMES))
    if args.format == "json":
        print(json.dumps({**asdict(measures), "plagdet": measures.plagdet, "plagdet_micro": measures.plagdet_micro}, indent=2))
    else:
        print(render(measures), end="")
    return 0
