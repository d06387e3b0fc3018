"""Book-length pairs: time and peak memory of one ``check`` of an edited copy of a long text.

The source is Reuters-21578 bodies joined in file order (blank lines between stories) up
to each size; the candidate is the same text with one word in nine replaced by another
word of the text (seed 1). One ``reusecheck check CANDIDATE --against SOURCE --format
json`` process per size: wall seconds, CPU seconds, peak RSS (VmHWM, `peak.py`), and the
report's containment and passage count.

    .venv/bin/python benchmarks/long_pairs.py --sizes 1 5
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reuters import read_stories  # noqa: E402

HERE = Path(__file__).resolve().parent
_WORD = re.compile(r"[A-Za-z]{3,}")


def long_text(size: int) -> str:
    """Reuters bodies joined until ``size`` characters."""
    parts, total = [], 0
    for story in read_stories():
        parts.append(story.body)
        total += len(story.body) + 2
        if total >= size:
            break
    return "\n\n".join(parts)[:size]


def edited(text: str, every: int = 9, seed: int = 1) -> str:
    """``text`` with one word in ``every`` replaced by another word of the text."""
    rng = random.Random(seed)
    words = _WORD.findall(text)
    count = 0

    def swap(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return rng.choice(words) if count % every == 0 else match.group()

    return _WORD.sub(swap, text)


def measure(size_mb: float, folder: Path) -> dict[str, float | str]:
    source = long_text(int(size_mb * 1_000_000))
    src, cand = folder / f"source-{size_mb}.txt", folder / f"candidate-{size_mb}.txt"
    src.write_text(source, encoding="utf-8")
    cand.write_text(edited(source), encoding="utf-8")
    peak_file = folder / "peak"
    env = {**os.environ, "PEAK_RSS_FILE": str(peak_file)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(HERE / "peak.py"), "-m", "reusecheck", "check", str(cand), "--against", str(src), "--format", "json"],
        capture_output=True, text=True, env=env, check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    row: dict[str, float | str] = {
        "MB": size_mb, "exit": done.returncode, "wall_s": round(wall, 1),
        "cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1),
        "peak_rss_MB": round(int(peak_file.read_text()) / 1024) if peak_file.exists() else -1,
    }
    if done.returncode in (0, 1):
        result = json.loads(done.stdout)["results"][0]
        match = result["matches"][0] if result["matches"] else None
        row["containment"] = match["scores"]["containment"] if match else 0.0
        row["passages"] = len(match["passages"]) if match else 0
    else:
        row["error"] = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "?"
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=float, nargs="+", default=[1.0, 5.0], help="sizes in MB (10^6 characters)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            print(json.dumps(measure(size, Path(folder))), flush=True)


if __name__ == "__main__":
    main()
