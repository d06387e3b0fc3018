"""The ``reusecheck`` command: a thin layer over the Python API.

Each subcommand lives in its own module with ``add_parser(s)``; `build_parser` adds them.
Installed plugins add more through the ``reusecheck_register_commands`` hook. The built-in
and installed plugins are loaded once per command line: their commands and options shape
the parser, and a run given no other plugins (``-p``, ``--plugin``) uses that same set.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from reusecheck import __version__, run_setup
from reusecheck.cli import check, index, listing, pan, show_config, verdict
from reusecheck.cli.common import detach_stdout
from reusecheck.commands import Command
from reusecheck.errors import ReusecheckError
from reusecheck.plugins import PluginSet, load_plugins


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reusecheck",
        description="Find passages of a text reused from other texts, and check that the reuse is properly credited.",
        epilog="Run `reusecheck COMMAND --help` for a command's options. Exit codes: 0 clean, 1 findings, 2 errors.",
    )
    parser.add_argument("--version", action="version", version=f"reusecheck {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    known = load_plugins()
    plugin_options = run_setup.command_line_options(known)
    check.add_parser(subparsers, plugin_options)
    show_config.add_parser(subparsers, plugin_options)
    for add in (index.add_parser, listing.add_parsers, pan.add_parser, verdict.add_parser):
        add(subparsers)
    with run_setup.parsing_with(known):
        problems = _add_plugin_commands(subparsers, known)
    for problem in problems:
        print(f"reusecheck: error: {problem}", file=sys.stderr)
    parser.set_defaults(known_plugins=known)
    return parser


def _add_plugin_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], plugins: PluginSet) -> list[str]:
    """Add the commands ``plugins`` register; return why any was left out."""
    problems = []
    for command in plugins.commands.values():
        owner = plugins.owners[("command", command.name)]
        if command.name in subparsers.choices:
            problems.append(f"plugin {owner!r}: command {command.name!r} is a built-in command; rename it")
            continue
        try:
            parser = _command_parser(command)
        except Exception as exc:  # the plugin's own add_arguments failed
            problems.append(f"plugin {owner!r}: command {command.name!r} failed to declare its options "
                            f"({type(exc).__name__}: {exc}); fix the plugin")
            continue
        subparsers.add_parser(command.name, parents=[parser], add_help=False, help=command.help,
                              description=command.description or command.help)
    return problems


def _command_parser(command: Command) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"reusecheck {command.name}")
    command.add_arguments(parser)
    parser.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = int(args.run(args))
        sys.stdout.flush()
        return code
    except ReusecheckError as exc:
        print(f"reusecheck: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("reusecheck: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader stopped early (`| head`): not an error of this command
        detach_stdout()
        return 0
    except OSError as exc:
        if exc.filename is not None:
            print(f"reusecheck: error: {exc.filename}: {exc.strerror}; check the path", file=sys.stderr)
            return 2
        detach_stdout()  # standard output failed (a full disk, /dev/full)
        print(f"reusecheck: error: cannot write to standard output: {exc.strerror}", file=sys.stderr)
        return 2
