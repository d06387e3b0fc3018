"""Command-line syntax for the options of `reusecheck.options`: argparse options built
from their definitions. `reusecheck.cli` builds its commands with them; `given` reads
options written as a command line elsewhere (the pytest plugin's ``reusecheck_args``)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NoReturn

from reusecheck.errors import UsageError
from reusecheck.options import CHECK_OPTIONS, Option


def _argparse_type(convert: Callable[[str], Any]) -> Callable[[str], Any]:
    """``convert`` with its ValueError shown to users as it is (an ArgumentTypeError)."""
    def typed(value: str) -> Any:
        try:
            return convert(value)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    typed.__name__ = getattr(convert, "__name__", "value")
    return typed


def add_options(container: argparse._ActionsContainer, options: Iterable[Option], *, defaults: bool = True) -> None:
    """Add ``options`` to a parser or an argument group (``defaults``: else an option not
    given is left out of the parsed namespace)."""
    for option in options:
        settings: dict[str, Any] = {"help": option.help}
        if option.dest:
            settings["dest"] = option.dest
        if option.kind == "flag":
            settings["action"] = "store_true"
        elif option.kind == "switch":
            settings.update(action=argparse.BooleanOptionalAction, default=option.default)
        else:
            settings.update(default=option.default, metavar=option.metavar, choices=option.choices)
            if option.kind in ("list", "pairs"):
                settings["action"] = "append"
            if option.convert is not None:
                settings["type"] = _argparse_type(option.convert) if option.strict else option.convert
        if not defaults:
            settings["default"] = argparse.SUPPRESS
        container.add_argument(*option.flags, **settings)


def add_group(parser: argparse.ArgumentParser, title: str, options: Iterable[Option]) -> None:
    """Add ``options`` as the argument group ``title``."""
    add_options(parser.add_argument_group(title), options)


def add_plugin_groups(parser: argparse.ArgumentParser, options: Iterable[Option]) -> None:
    """Add the options plugins add to the command line, one group per plugin."""
    by_plugin: dict[str | None, list[Option]] = {}
    for option in options:
        by_plugin.setdefault(option.plugin, []).append(option)
    for plugin, own in by_plugin.items():
        add_group(parser, f"plugin {plugin}", own)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def given(arguments: Sequence[str], plugin_options: Iterable[Option] = (), *, where: str) -> dict[str, Any]:
    """The values of the check options (`reusecheck.options.CHECK_OPTIONS` and
    ``plugin_options``) that ``arguments`` give, by name; ``where`` names them in errors
    (a `UsageError`)."""
    parser = _Parser(prog=where, add_help=False)
    add_options(parser, [*CHECK_OPTIONS.values(), *plugin_options], defaults=False)
    return vars(parser.parse_args(arguments))
