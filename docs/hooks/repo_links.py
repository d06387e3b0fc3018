"""MkDocs hook: links from a docs page to the repository's other files.

``[benchmarks](../benchmarks/README.md)`` works where the Markdown is read on a forge, but
MkDocs only knows the pages under ``docs/``. Such a link must name a file (and a heading of
it) that exists, or the build fails; in the site it points at ``repo_url`` when one is
configured and is otherwise shown as the repository path.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<path>\.\./[^)#\s]*)(?P<anchor>#[^)\s]*)?\)")


def heading_anchors(markdown: str) -> set[str]:
    """The anchors a forge gives the headings of a Markdown file (outside code blocks)."""
    anchors, fenced = set(), False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            text = re.sub(r"[^\w\s-]", "", line.lstrip("#").strip().lower())
            anchors.add(re.sub(r"\s+", "-", text))
    return anchors


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    docs = Path(config.docs_dir).resolve()
    root = Path(config.config_file_path).resolve().parent

    def resolve(match: re.Match[str]) -> str:
        target = ((docs / page.file.src_uri).parent / match["path"]).resolve()
        if target == docs or docs in target.parents:
            return match[0]  # a page of the site: MkDocs validates it
        where = f"{page.file.src_uri}: link to {match['path']}{match['anchor'] or ''}"
        if not target.exists() or root not in target.parents:
            raise PluginError(f"{where}: no such file in the repository")
        anchor = match["anchor"] or ""
        if anchor and anchor[1:] not in heading_anchors(target.read_text(encoding="utf-8")):
            raise PluginError(f"{where}: no such heading in {target.relative_to(root)}")
        path = target.relative_to(root).as_posix()
        if config.repo_url:
            return f"[{match['text']}]({config.repo_url.rstrip('/')}/blob/HEAD/{path}{anchor})"
        return match["text"] if path in match["text"] else f"{match['text']} (`{path}`)"

    return LINK.sub(resolve, markdown)
