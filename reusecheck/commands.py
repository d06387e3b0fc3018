"""The Command type: a subcommand a plugin adds to the ``reusecheck`` command line."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    """``reusecheck NAME ...``: ``add_arguments(parser)`` declares its options (it may add
    subparsers of its own); ``run(args)`` runs it and returns the exit code."""

    name: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    help: str = ""
    description: str = ""
