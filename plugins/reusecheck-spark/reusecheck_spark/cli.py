"""``reusecheck spark index|check``: argparse over `reusecheck_spark.index` and `.check`.

Imported when the command line is built, so pyspark is imported only inside ``run``.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from typing import Any

from reusecheck import run_setup
from reusecheck.cli.check import add_finding_options, add_retrieval_options
from reusecheck.cli.common import add_plugin_options, add_text_options
from reusecheck.cli.config import add_config_options
from reusecheck.engine import Checker
from reusecheck.errors import UsageError
from reusecheck.options import whole_number
from reusecheck.plugins import AUTOLOAD_ENV, load_plugins
from reusecheck_spark.check import Salting
from reusecheck_spark.executor import RunSpec
from reusecheck_spark.sources import FORMATS


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="spark_action", metavar="ACTION", required=True)
    index = actions.add_parser(
        "index", help="write a Parquet index of the sources",
        description=(
            "Fingerprint the sources on Spark with the local index's tokenizer, n-gram size and boilerplate "
            "cut-off, and write a Parquet index (documents, fingerprints, n-gram frequencies) to --out. "
            "Inputs that cannot be read are listed in OUT/errors and do not stop the job."
        ),
    )
    index.add_argument("--sources", required=True, metavar="PATH",
                       help="JSONL file or folder, Parquet, or a folder of files (local, hdfs://, s3a://, ...)")
    index.add_argument("--buckets", type=int, default=32, metavar="N", help="partitions of the fingerprint table (default: 32)")
    _common(index)
    add_config_options(index)
    index.set_defaults(spark_run=_run_index)

    check = actions.add_parser(
        "check", help="check candidates against a Spark index",
        description=(
            "Check the candidates against a Spark index with the engine of `reusecheck check`: retrieval as "
            "joins, then alignment, scores, credit rules and the derivation verdict on the executors. Writes "
            "OUT/results.jsonl (the jsonl format of `reusecheck check`) and OUT/findings (Parquet)."
        ),
    )
    check.add_argument("--candidates", required=True, metavar="PATH", help="JSONL, Parquet or a folder of files, as for --sources")
    check.add_argument("--index", required=True, metavar="PATH", help="a folder written by `reusecheck spark index`")
    check.add_argument("--scorer", action="append", metavar="NAME", help="compute only these scorers (repeatable)")
    check.add_argument("--all-sources", action="store_true", help="report every matching source, also near-copies")
    skew = check.add_argument_group("skew")
    skew.add_argument("--salts", type=whole_number(1), default=Salting.salts, metavar="N",
                      help=f"join keys a hot n-gram's postings are spread over (default: {Salting.salts}; 1: no salting)")
    skew.add_argument("--salt-above", type=whole_number(1), default=Salting.above, metavar="DF",
                      help=f"salt n-grams in more than DF sources (under the boilerplate cut-off; default: {Salting.above})")
    add_finding_options(check)
    _common(check)
    add_config_options(check)
    check.set_defaults(spark_run=_run_check)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, metavar="PATH", help="the output folder (written whole, or not at all)")
    parser.add_argument("--overwrite", action="store_true", help="replace --out if it exists")
    parser.add_argument("--input-format", choices=FORMATS, default="auto",
                        help="how to read the input (default: by its name: .jsonl/.ndjson, .parquet, else a folder of files)")
    spark = parser.add_argument_group("spark")
    spark.add_argument("--master", metavar="URL", help="Spark master (default: the spark-submit one, else local[*])")
    spark.add_argument("--conf", action="append", default=[], type=_pair, metavar="KEY=VALUE",
                       help="a Spark setting (repeatable), e.g. spark.executor.memory=4g")
    add_text_options(parser)
    add_retrieval_options(parser)
    add_plugin_options(parser)


def _pair(value: str) -> tuple[str, str]:
    key, sep, setting = value.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"use KEY=VALUE, not {value!r}")
    return key, setting


def run_spec(args: argparse.Namespace) -> RunSpec:
    """The run's options as `reusecheck check` sets up its own (`reusecheck.run_setup`:
    command line, then configuration file, with its per-path overrides, agency terms and
    plugin options), and its plugins, checked on the driver: unknown scorers, rules,
    configured codes and broken plugins fail here, before any job starts."""
    blocked = tuple(m[3:] for m in args.plugin_modules if m.startswith("no:"))
    modules = tuple(m for m in args.plugin_modules if not m.startswith("no:"))
    files = tuple(os.path.abspath(f) for f in args.plugin_files)
    autoload = not os.environ.get(AUTOLOAD_ENV)
    plugins = load_plugins(modules, files, blocked, autoload)
    checker = Checker(run_setup.configured(run_setup.check_options(vars(args)), plugins, args.configuration), plugins)
    if checker.errors:
        raise UsageError("; ".join(f"{p.path}: {p.message}" for p in checker.errors))
    return RunSpec(checker.options, modules, files, blocked, autoload)


def _ship_plugin_files(spark: Any, spec: RunSpec) -> RunSpec:
    """--plugin files go to every executor with addFile; they load them from SparkFiles."""
    for path in spec.files:
        spark.sparkContext.addFile(path)
    return replace(spec, files=tuple(os.path.basename(p) for p in spec.files))


def run(args: argparse.Namespace) -> int:
    return int(args.spark_run(args))


def _session(args: argparse.Namespace, name: str) -> Any:
    from reusecheck_spark.session import start

    return start(args.master, args.conf, f"reusecheck spark {name}")


def _run_index(args: argparse.Namespace) -> int:
    from reusecheck_spark.index import build_index

    spec = run_spec(args)
    if args.buckets < 1:
        raise UsageError(f"--buckets must be at least 1, not {args.buckets}")
    spark = _session(args, "index")
    summary = build_index(spark, _ship_plugin_files(spark, spec), args.sources, args.out,
                          declared=args.input_format, buckets=args.buckets, overwrite=args.overwrite)
    print(f"{args.out}: {summary.documents} documents, {summary.fingerprints} fingerprints, "
          f"{summary.errors} error(s), {summary.warnings} warning(s)" + (f" (see {args.out}/errors)" if summary.errors else ""))
    return 0


def _run_check(args: argparse.Namespace) -> int:
    from reusecheck_spark.check import run_check

    spec = run_spec(args)
    spark = _session(args, "check")
    summary = run_check(spark, _ship_plugin_files(spark, spec), args.candidates, args.index, args.out,
                        declared=args.input_format, overwrite=args.overwrite,
                        salting=Salting(args.salts, args.salt_above))
    print(f"{args.out}: {summary.candidates} checked, {summary.with_reuse} with reuse, {summary.findings} finding(s), "
          f"{summary.errors} error(s)", file=sys.stdout)
    return 0
