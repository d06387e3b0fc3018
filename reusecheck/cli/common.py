"""Options and helpers every subcommand shares."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile

from reusecheck.errors import UsageError
from reusecheck.plugins import PluginSet, load_plugins


def add_plugin_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("plugins")
    group.add_argument(
        "-p", dest="plugin_modules", action="append", default=[], metavar="MODULE",
        help="load a plugin module by import name; -p no:NAME blocks the plugin NAME",
    )
    group.add_argument(
        "--plugin", dest="plugin_files", action="append", default=[], metavar="FILE",
        help="load a plugin from a Python file",
    )


def plugins_from_args(args: argparse.Namespace) -> PluginSet:
    blocked = [m[3:] for m in args.plugin_modules if m.startswith("no:")]
    modules = [m for m in args.plugin_modules if not m.startswith("no:")]
    return load_plugins(modules=modules, files=args.plugin_files, blocked=blocked)


def iso_date(value: str) -> dt.date:
    """argparse type for ISO 8601 dates (a time part is accepted and dropped)."""
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date: {value!r} (use YYYY-MM-DD)") from None


def write_output(text: str, path: str | None) -> None:
    """Print to stdout, or write a file atomically (a failed run leaves the old file)."""
    if path is None or path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    folder = os.path.dirname(os.path.abspath(path))
    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, delete=False, suffix=".tmp") as handle:
            handle.write(text)
        os.replace(handle.name, path)
    except OSError as exc:
        raise UsageError(f"cannot write the report: {exc.strerror}; check the output path", path) from None
