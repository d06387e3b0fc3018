"""The entry-point plugin: registers ``reusecheck spark``. pyspark is imported only when
the command runs, so an installed plugin costs other commands nothing."""

from __future__ import annotations

import argparse
from collections.abc import Callable

import reusecheck
from reusecheck.commands import Command


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    from reusecheck_spark.cli import add_arguments

    add_arguments(parser)


def _run(args: argparse.Namespace) -> int:
    from reusecheck_spark.cli import run

    return run(args)


@reusecheck.hookimpl
def reusecheck_register_commands(register: Callable[[Command], None]) -> None:
    register(Command(
        "spark", _add_arguments, _run,
        help="index an archive and check candidates on Apache Spark",
        description=(
            "Run reusecheck on Apache Spark: `spark index` writes a Parquet index of the sources, "
            "`spark check` checks candidates against it with the same engine as `reusecheck check`."
        ),
    ))
