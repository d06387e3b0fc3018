"""The code blocks of README's "Use in CI" section, by subsection, for the tests that run them."""

from __future__ import annotations

from test_readme import blocks, section


def ci_blocks(heading: str, language: str) -> list[str]:
    """The ``language`` code blocks under ``### heading`` of "Use in CI"."""
    text = section("Use in CI")
    start = text.index(f"\n### {heading}\n")
    end = text.find("\n### ", start + 1)
    return blocks(text[start : end if end != -1 else None], language)
