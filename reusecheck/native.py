"""The compiled core (`reusecheck/_native.c`: words, stems, sorted postings), or None.

``pip install`` builds it where there is a C compiler; without one every caller takes its
pure-Python path, which gives the same results (the tests run both).
"""

from __future__ import annotations

__all__ = ["core"]

try:
    from reusecheck import _native as core
except ImportError:  # no compiler at install time
    core = None  # type: ignore[assignment]
