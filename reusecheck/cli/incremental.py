"""Options of ``reusecheck check`` that narrow a run to what is new: a baseline and --changed-since."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

from reusecheck import baseline
from reusecheck.arguments import add_group
from reusecheck.changed import renamed_files, select_changed
from reusecheck.cli.common import write_output
from reusecheck.decide import Policy
from reusecheck.errors import UsageError
from reusecheck.models import Report
from reusecheck.options import INCREMENTAL
from reusecheck.selection import FileSelection


def add_incremental_options(parser: argparse.ArgumentParser) -> None:
    add_group(parser, "baseline and changed files", INCREMENTAL)


def select_candidates(args: argparse.Namespace, selection: FileSelection) -> list[str]:
    """The candidates to check: all given, or those changed since --changed-since."""
    if args.changed_since is None:
        return list(args.candidates)
    return select_changed(args.candidates, args.changed_since, selection)


def _followed(args: argparse.Namespace, accepted: baseline.Baseline, root: Path) -> baseline.Baseline:
    """With --changed-since, the entries of articles git saw renamed since then follow them."""
    if args.changed_since is None or not accepted.entries:
        return accepted
    return baseline.renamed(accepted, renamed_files(args.changed_since), root)


def baseline_path(args: argparse.Namespace) -> str | None:
    """The baseline file this run applies or writes (None: no baseline)."""
    if args.no_baseline:
        args.baseline = None
    if args.prune_baseline and not args.baseline:
        raise UsageError("--prune-baseline needs the --baseline FILE to prune")
    path: str | None = args.write_baseline or args.baseline
    return path


def apply_baseline(args: argparse.Namespace, report: Report, policy: Policy) -> Report:
    """Write, prune or apply the baseline as asked; the report of the findings left to show
    (``policy`` with the baseline decides them)."""
    writing = args.write_baseline is not None
    path = baseline_path(args)
    if path is None:
        return report
    root = baseline.root_of(path)
    if writing:
        old = _followed(args, baseline.load(path) if os.path.exists(path) else baseline.Baseline({}), root)
        new = baseline.updated(old, report, root, prune_only=False)
        write_output(baseline.dumps(new), path)
        print(f"reusecheck: recorded {len(new)} finding(s) in {path}", file=sys.stderr)
        return replace(policy, accepted=new, baseline_root=root).shown(report)[0]
    accepted = _followed(args, baseline.load(path), root)
    shown, hidden = replace(policy, accepted=accepted, baseline_root=root).shown(report)
    if args.prune_baseline:
        pruned = baseline.updated(accepted, report, root, prune_only=True)
        write_output(baseline.dumps(pruned), path)
        print(f"reusecheck: pruned {len(accepted) - len(pruned)} stale finding(s) from {path}", file=sys.stderr)
    if hidden and not args.quiet:
        print(f"reusecheck: {hidden} finding(s) recorded in {path} not shown", file=sys.stderr)
    return shown
