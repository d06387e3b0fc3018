"""``reusecheck config``: the effective configuration of ``reusecheck check`` and where
each value comes from."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reusecheck import run_setup
from reusecheck.arguments import add_options, add_plugin_groups
from reusecheck.cli.config import add_config_options
from reusecheck.config import Configuration, agency_policies
from reusecheck.models import Severity
from reusecheck.options import CHECK_OPTIONS, Option


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], plugin_options: Sequence[Option]) -> None:
    """The ``config`` command, with the options ``plugin_options`` (`run_setup.command_line_options`)."""
    parser = subparsers.add_parser(
        "config",
        help="show the effective configuration and where each value comes from",
        description=(
            "Print every setting `reusecheck check` would use with these options, and where it comes from: "
            "the default, a configuration file (file:line) or the command line. Give PATHs to see which "
            "[[overrides]] apply to them."
        ),
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="candidate paths to show the per-path overrides of")
    add_options(parser, [o for o in CHECK_OPTIONS.values() if not o.command_line_only])
    add_plugin_groups(parser, plugin_options)
    add_config_options(parser, plugin_options)
    parser.set_defaults(run=run)


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)) and not isinstance(value, Severity):
        return repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, tuple):  # a KEY=VALUE item, e.g. a severity override
        return json.dumps("=".join("off" if part is None else str(part) for part in value))
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _line(text: str, origin: str) -> str:
    return f"{text:<48} # {origin}"


def run(args: argparse.Namespace) -> int:
    configuration: Configuration = args.configuration
    config = configuration.file
    if configuration.isolated:
        print("# --isolated: configuration files ignored")
    elif config is None:
        print(f"# no configuration file in {Path.cwd()} or above (.reusecheck.toml, pyproject.toml [tool.reusecheck])")
    else:
        print(f"# configuration file: {config.path}")
    for setting in configuration.settings:
        text = f"# {setting.key} is not set" if setting.value is None else f"{setting.key} = {_toml(setting.value)}"
        print(_line(text, ", ".join(setting.origins)))
    for override in configuration.overrides:
        print()
        print(_line("[[overrides]]", override.where))
        print(f"paths = {_toml(list(override.globs))}")
        if override.threshold is not None:
            print(f"threshold = {_toml(override.threshold)}")
        for code, level in override.severities.items():
            print(f"severity.{code} = {_toml('off' if level is None else level)}")
    for policy in agency_policies(config):
        print()
        name = policy.agency if re.fullmatch(r"[A-Za-z0-9_-]+", policy.agency) else json.dumps(policy.agency)
        print(_line(f"[agency.{name}]", policy.where))
        print(f"licensed = {_toml(policy.licensed)}")
        if policy.credit is not None:
            print(f"credit = {_toml(policy.credit)}")
    plugins = run_setup.plugins(vars(args))
    values, origins = run_setup.plugin_values(plugins, configuration)
    for name, options in plugins.declared_options().items():
        for option_name, option in options.items():
            if option.command_line:  # listed with the check options above
                continue
            text = f"plugins.{name}.{option_name} = {_toml(values[name][option_name])}"
            print(_line(text, f"{origins[(name, option_name)]}; {option.description}".rstrip("; ")))
    for path in args.paths:
        applying = [o.where for o in configuration.overrides if o.matches(path)]
        print(f"# {path}: " + (f"overrides from {', '.join(applying)}" if applying else "no overrides apply"))
    return 0
