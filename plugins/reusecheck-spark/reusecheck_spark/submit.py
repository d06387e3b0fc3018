"""The spark-submit entry script: ``spark-submit [spark options] submit.py index|check ...``.

Takes the same arguments as ``reusecheck spark``; the session is the one spark-submit
configures (``--master``, ``--deploy-mode``, ``--conf``). Find the file with
``python -c 'import reusecheck_spark.submit as s; print(s.__file__)'``.
"""

from __future__ import annotations

import argparse
import sys

from reusecheck.errors import ReusecheckError
from reusecheck_spark.cli import add_arguments, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reusecheck spark", description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        return run(args)
    except ReusecheckError as exc:
        print(f"reusecheck: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
