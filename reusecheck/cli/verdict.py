"""``reusecheck train-verdict``: fit the derivation verdict's model on labelled stories."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from reusecheck import run_setup
from reusecheck.cli.common import add_plugin_options, add_text_options, write_output
from reusecheck.derivation import VERDICTS, train
from reusecheck.engine import Checker
from reusecheck.errors import UsageError


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "train-verdict", help="fit the derivation verdict's model on your own labelled stories",
        description=(
            "Check each labelled story against its sources, then fit the verdict model on the evidence and "
            "write it as JSON (use it with `check --verdict-model FILE`). LABELS is a CSV file with a header: "
            "a `story` column (a file), a `label` column (wholly-derived, partially-derived or non-derived) and "
            "a sources column (a file or folder; several separated by ';'), paths relative to the CSV file."
        ),
    )
    parser.add_argument("labels", metavar="LABELS", help="CSV file of labelled stories")
    parser.add_argument("--out", required=True, metavar="FILE", help="where to write the model (JSON)")
    parser.add_argument("--sources-column", default="sources", metavar="NAME",
                        help="the column naming each story's sources (default: sources; METER's is pa_sources)")
    add_text_options(parser)
    add_plugin_options(parser)
    parser.set_defaults(run=run)


def _rows(path: Path, column: str) -> Iterator[tuple[Path, str, list[Path]]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"story", "label", column} - set(reader.fieldnames or ())
            if missing:
                raise UsageError(f"missing column(s) {', '.join(sorted(missing))}; see `reusecheck train-verdict --help`", str(path))
            for number, row in enumerate(reader, start=2):
                if row["label"] not in VERDICTS:
                    raise UsageError(f"line {number}: label {row['label']!r} is not one of {', '.join(VERDICTS)}", str(path))
                sources = [path.parent / s.strip() for s in (row[column] or "").split(";") if s.strip()]
                yield path.parent / row["story"], row["label"], sources
    except OSError as exc:
        raise UsageError(f"cannot read the labels: {exc.strerror}", str(path)) from None


def run(args: argparse.Namespace) -> int:
    checker = Checker(run_setup.text_options(vars(args)), run_setup.plugins(vars(args)))
    labels_path = Path(args.labels)
    evidence: list[dict[str, float]] = []
    labels: list[str] = []
    for story, label, sources in _rows(labels_path, args.sources_column):
        absent = [s for s in sources if not s.exists()]
        if absent:
            print(f"reusecheck: note: {story}: left out, its source {absent[0]} does not exist", file=sys.stderr)
            continue
        store = checker.memory_store([str(s) for s in sources])
        for document in checker.load([str(story)], None):
            derivation = checker.check_one(checker.analyze(document), [store]).derivation
            if derivation is not None:
                evidence.append(dict(derivation.evidence))
                labels.append(label)
    for problem in checker.errors:
        print(f"reusecheck: error: {problem.path}: {problem.message}", file=sys.stderr)
    if checker.errors:
        return 2
    if len(set(labels)) < len(VERDICTS):
        raise UsageError("the labels must hold stories of all three verdicts", str(labels_path))
    model = train(evidence, labels, about={"trained_on": labels_path.name})
    write_output(json.dumps(model.to_dict(), indent=1) + "\n", args.out)
    print(f"{len(labels)} stories; reuse score {model.reuse_score}, credit score {model.credit_score}; wrote {args.out}",
          file=sys.stderr)
    return 0
