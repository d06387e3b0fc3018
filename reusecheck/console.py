"""The ``reusecheck`` command's entry point (``python -m reusecheck`` too).

numpy's OpenBLAS starts a thread per core when numpy is imported, which spins for a while
(about 0.05-0.08 CPU s per process on 2 cores: a sixth of a `check` of two texts, taken from
`index add`'s workers while they start). reusecheck multiplies no large matrices, so the
command starts OpenBLAS with one thread unless the user chose a number
(``OPENBLAS_NUM_THREADS``, ``GOTO_NUM_THREADS`` or ``OMP_NUM_THREADS`` set); the variable is
unset again once numpy is imported, so processes the command starts get the user's
environment. Importing reusecheck as a library changes nothing.
"""

from __future__ import annotations

import os

_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")


def main() -> int:
    """Run the command line (`reusecheck.cli.main`)."""
    chosen = any(name in os.environ for name in _THREAD_VARIABLES)
    if not chosen:
        os.environ["OPENBLAS_NUM_THREADS"] = "1"  # read once, when numpy loads OpenBLAS
    try:
        from reusecheck.cli import main as run  # imports numpy
    finally:
        if not chosen:
            del os.environ["OPENBLAS_NUM_THREADS"]
    return run()
