"""``--config`` and ``--isolated``, and ``reusecheck check``'s options filled from the
configuration file (`reusecheck.settings` reads it; this module is the argparse side)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from reusecheck import run_setup, settings
from reusecheck.arguments import add_group
from reusecheck.errors import ReusecheckError
from reusecheck.options import CONFIGURATION, Option


class _Unset(list[Any]):  # a list, so that argparse's append actions can copy it
    """Marks an option the command line did not give (compared by identity)."""


def add_config_options(parser: argparse.ArgumentParser, plugin_options: Sequence[Option] | None = None) -> None:
    """Add --config and --isolated, and make ``parser`` fill its options from the configuration:
    the check options and those plugins add (default: `reusecheck.run_setup.command_line_options`).

    argparse has no hook between choosing a subcommand and filling in defaults, so this
    wraps the subparser's ``parse_known_args`` (the method argparse calls for a
    subcommand): options the command line leaves out are marked, then filled from the
    configuration file or the default. A configuration error exits 2 with one line.
    """
    add_group(parser, "configuration", CONFIGURATION)
    extra = run_setup.command_line_options() if plugin_options is None else plugin_options
    parse = parser.parse_known_args

    def parse_known_args(args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None) -> tuple[argparse.Namespace, list[str]]:
        marked = namespace if namespace is not None else argparse.Namespace()
        unset = {option.name: _Unset() for option in (*settings.CONFIGURABLE.values(), *extra)}
        for name, marker in unset.items():
            setattr(marked, name, marker)
        parsed, extras = parse(args, marked)
        given = {name: list(value) if isinstance(value, _Unset) else value
                 for name in unset if (value := getattr(parsed, name)) is not unset[name]}
        try:
            values, parsed.configuration = settings.resolve(given, isolated=parsed.isolated, config_file=parsed.config_file,
                                                            plugin_options=extra)
        except ReusecheckError as exc:
            parser.exit(2, f"reusecheck: error: {exc}\n")
        for name, value in values.items():
            setattr(parsed, name, value)
        return parsed, extras

    parser.parse_known_args = parse_known_args  # type: ignore[method-assign,assignment]
