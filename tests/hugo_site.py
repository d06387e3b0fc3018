"""A Hugo-style newsroom site, as issue 11 tried it: page bundles with photos, Markdown, HTML
and TXT articles, a folder of wire stories, generated output that .gitignore ignores."""

from __future__ import annotations

import textwrap
from pathlib import Path

from helpers import REPUBLISHED, REUTERS, read

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
FRONT_MATTER = '---\ntitle: "Aleppo rebels launch offensive"\ndate: 2016-11-04\ntags: [syria, aleppo]\n---\n'


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def make_site(root: Path, config: str = "") -> Path:
    """The site under ``root``; ``config`` is the [tool.reusecheck] table's body."""
    story = read(REPUBLISHED)
    write(root / "hugo.toml", 'baseURL = "https://example.org/"\ntitle = "Desk"\n')
    write(root / ".gitignore", "public/\nresources/\nreports/\n")
    write(root / "pyproject.toml", "[tool.reusecheck]\n" + textwrap.dedent(config).lstrip())
    write(root / "sources" / "reuters-aleppo.txt", read(REUTERS))
    write(root / "content" / "posts" / "aleppo" / "index.md", FRONT_MATTER + story)
    write(root / "content" / "posts" / "aleppo" / "photo.png", PNG)
    write(root / "content" / "posts" / "weather.html",
          "<html><body><p>Sunny spells and light winds are expected across the region on Saturday.</p></body></html>\n")
    write(root / "content" / "posts" / "council.txt", "The town council met on Tuesday to discuss the new library budget.\n")
    write(root / "content" / "drafts" / "unfinished.md", story)
    write(root / "public" / "posts" / "aleppo" / "index.html", "<p>" + story + "</p>\n")
    write(root / "reports" / "last-run.json", '{"version": 1, "results": []}\n')
    return root
