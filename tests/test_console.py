"""The ``reusecheck`` command (`reusecheck.console`) starts numpy's OpenBLAS with one thread
unless the user chose a number; importing reusecheck as a library leaves it alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Runs a command as the console entry point does, then reports the process's threads and the variable.
_COMMAND = """
import contextlib, io, os, sys
sys.argv = ["reusecheck", "rules"]
from reusecheck.console import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main()
print(code, len(os.listdir("/proc/self/task")), os.environ.get("OPENBLAS_NUM_THREADS"))
"""
_LIBRARY = """
import os
import reusecheck.cli
print(len(os.listdir("/proc/self/task")))
"""


def _run(script: str, **variables: str) -> list[str]:
    env = {name: value for name, value in os.environ.items()
           if name not in ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")}
    done = subprocess.run([sys.executable, "-c", script], env={**env, **variables}, cwd=ROOT, capture_output=True,
                          text=True, check=True)
    return done.stdout.split()


@pytest.fixture
def blas_threads() -> int:
    """The threads a process has after ``import numpy`` (OpenBLAS's, one per core, and the main one)."""
    if not Path("/proc/self/task").is_dir():
        pytest.skip("no /proc here to count a process's threads")
    threads = int(_run("import os, numpy; print(len(os.listdir('/proc/self/task')))")[0])
    if threads < 2:
        pytest.skip("numpy's BLAS starts no threads here (one core, or not OpenBLAS)")
    return threads


def test_the_command_starts_openblas_with_one_thread_and_leaves_the_environment_as_it_was(blas_threads: int) -> None:
    assert _run(_COMMAND) == ["0", "1", "None"]
    assert int(_run(_LIBRARY)[0]) == blas_threads  # a library import: OpenBLAS as numpy starts it


@pytest.mark.parametrize("variable", ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"])
def test_a_number_of_threads_the_user_chose_is_kept(blas_threads: int, variable: str) -> None:
    code, threads, kept = _run(_COMMAND, **{variable: "2"})
    assert (code, int(threads)) == ("0", 2)
    assert kept == ("2" if variable == "OPENBLAS_NUM_THREADS" else "None")
