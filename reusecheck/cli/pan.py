"""``reusecheck pan``: run as a PAN text-alignment system (``align``) and score detections
with the PAN measures (``evaluate``)."""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import asdict

from reusecheck.cli.common import add_plugin_options, add_text_options, plugins_from_args, text_settings_from_args
from reusecheck.engine import Checker, CheckOptions
from reusecheck.errors import UsageError
from reusecheck.pan.annotations import CASE_NAMES, DETECTION_NAMES, detections_xml, read_folder
from reusecheck.pan.corpus import open_corpus
from reusecheck.pan.detect import CaseGaps, detect
from reusecheck.pan.measures import Measures, evaluate


def add_parser(subparsers: argparse._SubParsersAction) -> None:
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
    align.add_argument("--out", required=True, metavar="DIR", help="folder for the detection XML files (created if missing)")
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
    text, align = text_settings_from_args(args)
    checker = Checker(CheckOptions(text=text, align=align, encoding=args.encoding), plugins_from_args(args))
    corpus = open_corpus(args.corpus)
    try:
        os.makedirs(args.out, exist_ok=True)
        for reference, detections in detect(corpus, checker, CaseGaps(args.case_gap, args.source_case_gap)):
            name = os.path.join(args.out, os.path.splitext(reference)[0] + ".xml")
            with open(name, "w", encoding="utf-8") as handle:
                handle.write(detections_xml(reference, detections))
    except OSError as exc:
        raise UsageError(f"cannot write detections: {exc.strerror}; check the --out folder", args.out) from None
    return 0


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
