"""One SparkSession (local[2]) for every Spark test, and the project's ../shared data."""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PLUGIN = Path(__file__).resolve().parents[1]
ROOT = PLUGIN.parents[1]
if importlib.util.find_spec("reusecheck_spark") is None:  # not installed: use the checkout (workers too)
    sys.path.insert(0, str(PLUGIN))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PLUGIN), os.environ.get("PYTHONPATH")]))

REQUIRED = bool(os.environ.get("REUSECHECK_REQUIRE_SHARED") or os.environ.get("CI"))


def _project_helpers() -> Any:
    """The project's tests/helpers.py as a module (its `shared_path` helper)."""
    spec = importlib.util.spec_from_file_location("reusecheck_project_helpers", ROOT / "tests" / "helpers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


shared_path = _project_helpers().shared_path


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """local[2], few shuffle partitions, no UI: the Spark tests' one session."""
    if importlib.util.find_spec("pyspark") is None:
        message = "pyspark is not installed (pip install -e 'plugins/reusecheck-spark[pyspark]')"
        if REQUIRED:
            pytest.fail(message + "; .ci/run installs it")
        pytest.skip(message)
    from reusecheck_spark.session import start

    session = start("local[2]", [
        ("spark.sql.shuffle.partitions", "4"),
        ("spark.default.parallelism", "2"),
        ("spark.ui.enabled", "false"),
        ("spark.ui.showConsoleProgress", "false"),
    ], "reusecheck-spark tests")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """300 Reuters-21578 sources and 40 republications (tests/sample.py), as JSONL."""
    from sample import write_sample

    return write_sample(tmp_path_factory.mktemp("sample"), shared_path("bench", "reuters-21578"))


def spark_cli(*argv: str) -> int:
    """``reusecheck spark ARGV`` in this process (the tests' Spark session is reused)."""
    from reusecheck_spark.cli import add_arguments, run

    parser = argparse.ArgumentParser(prog="reusecheck spark")
    add_arguments(parser)
    return run(parser.parse_args(list(argv)))


def read_lines(folder: Path) -> list[str]:
    """The lines of a Spark text output folder, part files in order."""
    return [line for part in sorted(folder.glob("part-*")) for line in part.read_text(encoding="utf-8").splitlines()]
