"""``reusecheck check``: find reused passages and attribution problems."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace

from reusecheck import run_setup
from reusecheck.builtin.credit_rules import PRINCIPAL_SHARE
from reusecheck.cli.common import add_plugin_options, add_text_options, iso_date, whole_number
from reusecheck.cli.config import add_config_options
from reusecheck.cli.incremental import add_incremental_options, apply_baseline, select_candidates
from reusecheck.cli.outputs import add_output_options, plan_outputs, refuse_overwriting_inputs, write_reports
from reusecheck.decide import DEFAULT_THRESHOLD
from reusecheck.engine import Checker, CheckOptions
from reusecheck.errors import UsageError
from reusecheck.formats import PASSAGE_VIEWS, RenderContext
from reusecheck.loaders import MAX_FILE_BYTES, MIB
from reusecheck.models import Severity
from reusecheck.plugins import PluginSet
from reusecheck.selection import DEFAULT_EXCLUDE, DEFAULT_INCLUDE


def _share(value: str) -> float:
    try:
        share = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= share <= 1.0:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and 1")
    return share


def _severity_override(value: str) -> tuple[str, Severity | None]:
    code, _, level = value.partition("=")
    if not code or not level:
        raise argparse.ArgumentTypeError(f"use CODE=LEVEL (e.g. RC103=error or RC105=off), not {value!r}")
    if level.lower() == "off":
        return code.upper(), None
    try:
        return code.upper(), Severity.parse(level)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "check",
        help="find reused passages and attribution problems",
        description=(
            "Check each CANDIDATE against the sources: every reused passage with character offsets in "
            "both texts, scores per source, and findings. Exit 0: no finding at or above --fail-level; "
            "1: some; 2: usage, input or plugin error (other inputs are still checked)."
        ),
    )
    parser.add_argument("candidates", nargs="+", metavar="CANDIDATE", help="file or folder to check; - reads standard input")
    parser.add_argument("--against", action="append", default=[], metavar="SOURCE", help="source file or folder (repeatable)")
    parser.add_argument("--index", action="append", default=[], metavar="INDEX",
                        help="a source index (a file or a folder of shards) built with `reusecheck index add` "
                        "(repeatable: searched together; combines with --against)")
    parser.add_argument("--scorer", action="append", metavar="NAME", help="compute only these scorers (repeatable; containment is always computed)")
    parser.add_argument("--all-sources", action="store_true",
                        help="report every matching source, also those whose passages better-ranked sources already cover (near-copies)")
    add_finding_options(parser)
    add_file_options(parser)
    add_text_options(parser)
    add_output_options(parser)
    add_view_options(parser)
    add_incremental_options(parser)
    add_plugin_options(parser)
    add_config_options(parser)
    parser.set_defaults(run=run)


def add_finding_options(parser: argparse.ArgumentParser) -> None:
    """The "findings" options (threshold, severities, RC102 share, agencies, dates) that
    `options_from_args` reads; shared with commands that check elsewhere (reusecheck spark)."""
    decide = parser.add_argument_group("findings")
    decide.add_argument("--threshold", type=_share, default=DEFAULT_THRESHOLD, metavar="SHARE",
                        help=f"containment (0..1) at or above which reuse is a finding (default: {DEFAULT_THRESHOLD})")
    decide.add_argument("--fail-level", type=Severity.parse, default=Severity.WARNING, metavar="LEVEL",
                        help="exit 1 when a finding is at or above this severity: error, warning or info (default: warning)")
    decide.add_argument("--severity", action="append", type=_severity_override, default=[], metavar="CODE=LEVEL",
                        help="override a rule's severity (error, warning, info) or turn it off (repeatable)")
    decide.add_argument("--principal-share", type=_share, default=PRINCIPAL_SHARE, metavar="SHARE",
                        help=f"RC102: containment at or above which an agency's copy is the principal content (default: {PRINCIPAL_SHARE})")
    decide.add_argument("--agencies", action="append", default=[], metavar="FILE",
                        help="extend the agency list with a JSON file shaped like reusecheck/data/agencies.json (repeatable)")
    decide.add_argument("--verdict-model", metavar="FILE",
                        help="the derivation verdict's model, written by `reusecheck train-verdict` (default: the shipped one)")
    decide.add_argument("--source-agency", metavar="NAME",
                        help="the agency of --against sources that name none themselves (e.g. PA, Reuters): "
                             "reusing them without crediting NAME is RC101")
    decide.add_argument("--candidate-date", type=iso_date, metavar="DATE", help="date of candidates whose text gives none")
    decide.add_argument("--source-date", type=iso_date, metavar="DATE", help="date of sources whose text gives none")


def add_file_options(parser: argparse.ArgumentParser) -> None:
    """Which files of a folder are checked (see `reusecheck.selection`)."""
    files = parser.add_argument_group("file selection (folders)")
    files.add_argument("--include", action="append", default=list(DEFAULT_INCLUDE), metavar="GLOB",
                       help=f"check the files of a folder that match these globs (repeatable; default: {' '.join(DEFAULT_INCLUDE)})")
    files.add_argument("--extend-include", action="append", default=[], metavar="GLOB", help="add globs to --include (repeatable)")
    files.add_argument("--exclude", action="append", default=list(DEFAULT_EXCLUDE), metavar="GLOB",
                       help=f"skip files and folders that match these globs (repeatable; default: {' '.join(DEFAULT_EXCLUDE)})")
    files.add_argument("--extend-exclude", action="append", default=[], metavar="GLOB", help="add globs to --exclude (repeatable)")
    files.add_argument("--respect-gitignore", action=argparse.BooleanOptionalAction, default=True,
                       help="skip files that .gitignore ignores when walking folders (default: on)")
    files.add_argument("--max-file-size", type=whole_number(1), default=MAX_FILE_BYTES // MIB, metavar="MIB",
                       help=f"refuse inputs larger than this many MiB (default: {MAX_FILE_BYTES // MIB})")
    files.add_argument("--force-exclude", action="store_true",
                       help="apply the excludes also to files named on the command line (for pre-commit)")


def add_view_options(parser: argparse.ArgumentParser) -> None:
    """How much the text report shows."""
    view = parser.add_argument_group("text report")
    view.add_argument("-q", "--quiet", action="store_true",
                      help="print the findings only, one line each (path:line:column: CODE [severity] message), and no notes")
    view.add_argument("--statistics", action="store_true", help="print how many findings each rule reported instead of the findings")
    view.add_argument("--show-passages", choices=PASSAGE_VIEWS, default="short",
                      help="quote reused passages in full, shortened to a few lines (default) or not at all")


def render_context(args: argparse.Namespace, plugins: PluginSet) -> RenderContext:
    return RenderContext(plugins.rules, args.fail_level, plugins.scorers, args.show_passages, args.quiet, args.statistics)


def own_files(args: argparse.Namespace, options: CheckOptions) -> CheckOptions:
    """``options`` whose file selection never walks into this run's baseline or report files."""
    reports = [value.partition("=")[2] or value for value in args.output]
    own = frozenset(os.path.realpath(p) for p in (args.baseline, args.write_baseline, *reports) if p and p != "-")
    return replace(options, files=replace(options.files, own_files=own))


def options_from_args(args: argparse.Namespace) -> CheckOptions:
    """The engine's options from the parsed options (`reusecheck.run_setup.check_options`)."""
    return run_setup.check_options(vars(args))


def run(args: argparse.Namespace) -> int:
    plugins = run_setup.plugins(vars(args))
    options = own_files(args, run_setup.configured(options_from_args(args), plugins, args.configuration))  # config errors first
    outputs = plan_outputs(args.format, args.output, plugins.formats)
    refuse_overwriting_inputs(outputs, input_paths(args))
    checker = Checker(options, plugins)
    with run_setup.source_stores(checker, args.against, args.index) as stores:
        if not args.against and not args.index:
            raise UsageError("nothing to check against: give --against SOURCE or --index INDEX")
        report = checker.run(select_candidates(args, checker.options.files), stores)
    policy = run_setup.policy(checker, vars(args))
    report = apply_baseline(args, report, policy)
    try:
        write_reports(report, outputs, render_context(args, plugins))
    except BrokenPipeError:  # the reader stopped early (`| head`): the exit code still tells
        pass
    for problem in report.errors:
        print(f"reusecheck: error: {problem.path}: {problem.message}", file=sys.stderr)
    return policy.exit_code(report.errors, report.worst_severity(), exit_zero=args.exit_zero)


def input_paths(args: argparse.Namespace) -> list[str]:
    """Every file or folder the run reads, which no report may overwrite."""
    single = (args.baseline, args.write_baseline, getattr(args, "config_file", None))
    return [*args.candidates, *args.against, *args.index, *args.agencies, *args.plugin_files, *(p for p in single if p)]
