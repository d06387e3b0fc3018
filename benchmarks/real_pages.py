"""Main text of real web pages: the HTML loader (and trafilatura, if installed) scored on a
folder in the layout of trafilatura's test set (https://github.com/adbar/trafilatura,
folder ``tests/``: ``cache/*.html`` and ``evaldata.json``, about 110 news and blog pages
with snippets the main text must hold ("with") and must not ("without")). The pages are
not part of this project: fetch that folder and point ``--pages`` at it.

Scores: the share of "with" snippets found in the text and of "without" snippets absent
from it (white space collapsed), the pages whose text holds none of their "with"
snippets, and pages per second (best of the repeats, in one process).

    python benchmarks/real_pages.py --pages trafilatura/tests [--worst 10] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from reusecheck.builtin import html_loader
from reusecheck.loaders import LoadOptions

OPTIONS = LoadOptions()


def ours(path: Path, data: bytes) -> str:
    [document] = html_loader.reusecheck_load_documents(path=str(path), data=data, options=OPTIONS)
    return document.text


def extractors() -> dict[str, Callable[[Path, bytes], str]]:
    found: dict[str, Callable[[Path, bytes], str]] = {"reusecheck": ours}
    try:
        import trafilatura
    except ImportError:
        return found
    found[f"trafilatura {trafilatura.__version__}"] = lambda _path, data: trafilatura.extract(data) or ""
    return found


def collapse(text: str) -> str:
    return " ".join(text.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, required=True, help="folder holding cache/*.html and evaldata.json")
    parser.add_argument("--worst", type=int, default=0, help="list this many pages with the fewest 'with' snippets found")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    index = args.pages / "evaldata.json"
    if not index.is_file():
        print(f"skipped: no {index}; fetch the tests/ folder of https://github.com/adbar/trafilatura "
              "and give it as --pages")
        return
    cases = [(args.pages / "cache" / item["file"], item) for item in json.loads(index.read_text(encoding="utf-8")).values()]
    pages = [(path, path.read_bytes(), item) for path, item in cases if path.is_file()]
    print(f"{len(pages)} pages of {len(cases)} in {index.name}\n")
    print("| extractor | 'with' found | 'without' absent | pages with no 'with' found | pages/s |\n|---|---|---|---|---|")
    worst: dict[str, list[tuple[float, str, int]]] = {}
    for label, extract in extractors().items():
        found = wanted = absent = unwanted = empty = 0
        rows = []
        best = float("inf")
        for repeat in range(args.repeats):
            start = time.perf_counter()
            texts = [collapse(extract(path, data)) for path, data, _ in pages]
            best = min(best, time.perf_counter() - start)
            if repeat:
                continue
            for (path, _, item), text in zip(pages, texts, strict=True):
                hits = sum(collapse(s) in text for s in item.get("with", []))
                found, wanted = found + hits, wanted + len(item.get("with", []))
                absent += sum(collapse(s) not in text for s in item.get("without", []))
                unwanted += len(item.get("without", []))
                empty += bool(item.get("with")) and not hits
                if item.get("with"):
                    rows.append((hits / len(item["with"]), path.name, len(text)))
        worst[label] = sorted(rows)[: args.worst]
        print(f"| {label} | {found}/{wanted} = {found / wanted:.3f} | {absent}/{unwanted} = {absent / unwanted:.3f} "
              f"| {empty} | {len(pages) / best:.0f} |")
    for label, rows in worst.items():
        if rows:
            print(f"\n{label}, fewest 'with' snippets found:")
            for share, name, length in rows:
                print(f"  {share:.2f}  {name} ({length} characters)")


if __name__ == "__main__":
    sys.exit(main())
