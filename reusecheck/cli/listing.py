"""``reusecheck plugins`` and ``reusecheck rules``: what is loaded and what it checks."""

from __future__ import annotations

import argparse
import sys

from reusecheck import run_setup
from reusecheck.cli.common import add_plugin_options
from reusecheck.plugins import PluginSet


def add_parsers(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    plugins = subparsers.add_parser(
        "plugins", help="list loaded plugins and what each registers",
        description="List every loaded plugin (built-ins first) with the scorers, formats, rules and credit extractors it registers.",
    )
    add_plugin_options(plugins)
    plugins.set_defaults(run=run_plugins)
    rules = subparsers.add_parser(
        "rules", help="list every rule with code, slug, severity and description",
        description="List every registered rule: stable code, slug, default severity and what it checks.",
    )
    add_plugin_options(rules)
    rules.set_defaults(run=run_rules)


def run_plugins(args: argparse.Namespace) -> int:
    loaded = run_setup.plugins(vars(args))
    for name in loaded.plugin_names():
        items = loaded.registrations_of(name)
        described = ", ".join(f"{kind} {item}" for kind, item in items) or "hooks only"
        print(f"{name}: {described}")
    return _report_plugin_errors(loaded)


def _report_plugin_errors(loaded: PluginSet) -> int:
    for error in loaded.errors:
        print(f"reusecheck: error: {error}", file=sys.stderr)
    return 2 if loaded.errors else 0


def run_rules(args: argparse.Namespace) -> int:
    loaded = run_setup.plugins(vars(args))
    for code in sorted(loaded.rules):
        rule = loaded.rules[code]
        print(f"{code}  {rule.name:<28} {str(rule.severity):<8} {rule.description}")
    return _report_plugin_errors(loaded)
