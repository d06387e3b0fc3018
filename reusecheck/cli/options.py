"""argparse options built from the library's option definitions (`reusecheck.options`)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from typing import Any

from reusecheck.options import Option


def _argparse_type(convert: Callable[[str], Any]) -> Callable[[str], Any]:
    """``convert`` with its ValueError shown to users as it is (an ArgumentTypeError)."""
    def typed(value: str) -> Any:
        try:
            return convert(value)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    typed.__name__ = getattr(convert, "__name__", "value")
    return typed


def add_options(container: argparse._ActionsContainer, options: Iterable[Option]) -> None:
    """Add ``options`` to a parser or an argument group."""
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
        container.add_argument(*option.flags, **settings)


def add_group(parser: argparse.ArgumentParser, title: str, options: Iterable[Option]) -> None:
    """Add ``options`` as the argument group ``title``."""
    add_options(parser.add_argument_group(title), options)
