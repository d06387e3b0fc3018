"""``reusecheck check``: find reused passages and attribution problems."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import replace

from reusecheck import run_setup
from reusecheck.arguments import add_group, add_options, add_plugin_groups
from reusecheck.cli.common import add_plugin_options, add_text_options
from reusecheck.cli.config import add_config_options
from reusecheck.cli.incremental import add_incremental_options, apply_baseline, baseline_path, select_candidates
from reusecheck.cli.outputs import (
    add_output_options,
    can_stream,
    plan_outputs,
    refuse_overwriting_inputs,
    stream_reports,
    write_reports,
)
from reusecheck.engine import Checker, CheckOptions
from reusecheck.errors import UsageError
from reusecheck.formats import RenderContext
from reusecheck.models import Problem
from reusecheck.options import FILES, FINDINGS, RETRIEVAL, SOURCES, VIEW, Option
from reusecheck.plugins import PluginSet


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], plugin_options: Sequence[Option]) -> None:
    """The ``check`` command, with the options ``plugin_options`` (`run_setup.command_line_options`)."""
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
    add_options(parser, SOURCES)
    add_finding_options(parser, plugin_options)
    add_file_options(parser)
    add_text_options(parser)
    add_retrieval_options(parser)
    add_output_options(parser)
    add_view_options(parser)
    add_incremental_options(parser)
    add_plugin_options(parser)
    add_config_options(parser, plugin_options)
    parser.set_defaults(run=run)


def add_finding_options(parser: argparse.ArgumentParser, plugin_options: Sequence[Option] | None = None) -> None:
    """The "findings" options (threshold, severities, agencies, dates) that
    `reusecheck.run_setup.check_options` reads, and the options plugins add (such as RC102's
    ``--principal-share``; default: `reusecheck.run_setup.command_line_options`); shared
    with commands that check elsewhere (reusecheck spark)."""
    add_group(parser, "findings", FINDINGS)
    add_plugin_groups(parser, run_setup.command_line_options() if plugin_options is None else plugin_options)


def add_retrieval_options(parser: argparse.ArgumentParser) -> None:
    """Which sources are aligned (`reusecheck.retrieve.RetrievalSettings`); shared with
    reusecheck spark."""
    add_group(parser, "retrieval", RETRIEVAL)


def add_file_options(parser: argparse.ArgumentParser) -> None:
    """Which files of a folder are checked (see `reusecheck.selection`)."""
    add_group(parser, "file selection (folders)", FILES)


def add_view_options(parser: argparse.ArgumentParser) -> None:
    """How much the text report shows."""
    add_group(parser, "text report", VIEW)


def render_context(args: argparse.Namespace, plugins: PluginSet) -> RenderContext:
    return RenderContext(plugins.rules, args.fail_level, plugins.scorers, args.show_passages, args.quiet, args.statistics)


def own_files(args: argparse.Namespace, options: CheckOptions) -> CheckOptions:
    """``options`` whose file selection never walks into this run's baseline or report files."""
    reports = [value.partition("=")[2] or value for value in args.output]
    own = frozenset(os.path.realpath(p) for p in (args.baseline, args.write_baseline, *reports) if p and p != "-")
    return replace(options, files=replace(options.files, own_files=own))


def run(args: argparse.Namespace) -> int:
    plugins = run_setup.plugins(vars(args))
    options = own_files(args, run_setup.configured(run_setup.check_options(vars(args)), plugins, args.configuration))  # config errors first
    outputs = plan_outputs(args.format, args.output, plugins.formats)
    refuse_overwriting_inputs(outputs, input_paths(args))
    checker = Checker(options, plugins)
    with run_setup.source_stores(checker, args.against, args.index) as stores:
        if not args.against and not args.index:
            raise UsageError("nothing to check against: give --against SOURCE or --index INDEX")
        policy = run_setup.policy(checker, vars(args))
        candidates = select_candidates(args, checker.options.files)
        context = render_context(args, plugins)
        streamed = can_stream(outputs) and baseline_path(args) is None  # each result written as it is done
        if streamed:
            worst = stream_reports(checker.results(candidates, stores, args.jobs),
                                   lambda: (checker.errors, checker.warnings), outputs, context)
            errors: Sequence[Problem] = checker.errors
        else:
            report = checker.run(candidates, stores, args.jobs)
    if not streamed:
        report = apply_baseline(args, report, policy)
        try:
            write_reports(report, outputs, context)
        except BrokenPipeError:  # the reader stopped early (`| head`): the exit code still tells
            pass
        errors, worst = report.errors, report.worst_severity()
    for problem in errors:
        print(f"reusecheck: error: {problem.path}: {problem.message}", file=sys.stderr)
    return policy.exit_code(errors, worst, exit_zero=args.exit_zero)


def input_paths(args: argparse.Namespace) -> list[str]:
    """Every file or folder the run reads, which no report may overwrite."""
    single = (args.baseline, args.write_baseline, getattr(args, "config_file", None))
    return [*args.candidates, *args.against, *args.index, *args.agencies, *args.plugin_files, *(p for p in single if p)]
