"""Read Reuters-21578 bodies from the SGML files in ../shared/bench/reuters-21578.

Cleaning: entities ``&lt; &gt; &amp;`` are unescaped, the end mark ``&#3;`` and the
trailing "Reuter" sign-off are dropped, and the literal paragraph marks ``&\\t`` (an
artifact of this copy) are removed so paragraphs start with their first word.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "bench" / "reuters-21578"

_RECORD = re.compile(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_SIGNOFF = re.compile(r"\s*Reuter\s*(?:&#3;)?\s*$")


@dataclass(frozen=True)
class Story:
    id: str
    title: str
    body: str


def clean(body: str) -> str:
    body = body.replace("&\\t", "").replace("&#3;", "")
    body = _SIGNOFF.sub("\n", body)
    return html.unescape(body).strip() + "\n"


def read_stories(folder: Path = DEFAULT_DIR, min_chars: int = 400) -> list[Story]:
    """Every story whose cleaned body has at least ``min_chars`` characters, in NEWID order."""
    stories = []
    for path in sorted(folder.glob("reut2-*.sgm")):
        raw = path.read_text(encoding="latin-1")
        for match in _RECORD.finditer(raw):
            body = _BODY.search(match.group(2))
            if body is None:
                continue
            text = clean(body.group(1))
            if len(text) >= min_chars:
                title = _TITLE.search(match.group(2))
                stories.append(Story(f"reuters-{match.group(1)}", html.unescape(title.group(1)) if title else "", text))
    return stories
