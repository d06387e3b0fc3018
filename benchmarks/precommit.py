"""pre-commit's time for a 5-file commit checked against a 5,000-story index.

Builds (once, in WORKDIR) a git repository shaped like a newsroom site: an index of the
first 5,000 Reuters-21578 stories of at least 400 characters (``reusecheck index add``),
a configuration naming it, and ``content/`` with five staged articles: three
republications of indexed stories (every third sentence dropped, the credit removed) and
two stories that are not in the index. Then measures, interleaved, median of the repeats:

- ``pre-commit run`` with reusecheck's hook (``language: system`` on this install's
  ``reusecheck``, so pre-commit builds no environment) on the staged files;
- the hook's own command, ``reusecheck check --force-exclude FILES``;
- ``reusecheck --version`` (Python start-up and reusecheck's imports), the baseline.

    python benchmarks/precommit.py [--workdir /tmp/reusecheck-precommit] [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from reuters import read_stories

INDEXED = 5000
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)]{2}[.!?])\s+(?=[A-Z\"(])")


def republished(body: str) -> str:
    sentences = _SENTENCE_END.split(body.strip())
    kept = [s for k, s in enumerate(sentences) if k % 3 != 2]
    return "Our correspondent reports.\n\n" + "\n\n".join(kept) + "\n"


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org", *args],
                   cwd=folder, check=True, capture_output=True)


def reusecheck_bin() -> str:
    return str(Path(sys.executable).with_name("reusecheck"))


def build(workdir: Path) -> list[str]:
    """The repository (built when missing); the five staged articles' paths."""
    files = [f"content/{name}" for name in ("copy-1.md", "copy-2.md", "copy-3.txt", "own-1.md", "own-2.html")]
    if (workdir / "done").exists():
        return files
    shutil.rmtree(workdir, ignore_errors=True)
    (workdir / "content").mkdir(parents=True)
    stories = read_stories()
    with open(workdir / "sources.jsonl", "w", encoding="utf-8") as out:
        for story in stories[:INDEXED]:
            out.write(json.dumps({"id": story.id, "title": story.title, "text": story.body}) + "\n")
    started = time.perf_counter()
    subprocess.run([reusecheck_bin(), "index", "add", "--quiet", "wire.rcx", "sources.jsonl"], cwd=workdir, check=True)
    print(f"index of {INDEXED} stories built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    (workdir / "sources.jsonl").unlink()
    bodies = [republished(stories[k].body) for k in (10, 2000, 4000)] + [stories[INDEXED + k].body for k in (1, 2)]
    for name, body in zip(files, bodies, strict=True):
        text = f"<p>{body}</p>\n" if name.endswith(".html") else body
        (workdir / name).write_text(text, encoding="utf-8")
    (workdir / "pyproject.toml").write_text('[tool.reusecheck]\nindex = ["wire.rcx"]\n', encoding="utf-8")
    (workdir / ".gitignore").write_text("wire.rcx*\n", encoding="utf-8")
    hook = {"repos": [{"repo": "local", "hooks": [{
        "id": "reusecheck", "name": "reusecheck", "entry": f"{reusecheck_bin()} check --force-exclude",
        "language": "system", "types_or": ["markdown", "html", "plain-text"], "require_serial": True}]}]}
    (workdir / ".pre-commit-config.yaml").write_text(json.dumps(hook, indent=2), encoding="utf-8")
    git(workdir, "init", "-q")
    git(workdir, "add", ".")
    (workdir / "done").touch()
    return files


def wall(argv: list[str], cwd: Path) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, check=False)
    return time.perf_counter() - started, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/reusecheck-precommit"))
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    files = build(args.workdir)
    commands = {
        "pre-commit run (5 files)": [sys.executable, "-m", "pre_commit", "run", "--files", *files],
        "reusecheck check --force-exclude (5 files)": [reusecheck_bin(), "check", "--force-exclude", *files],
        "reusecheck --version": [reusecheck_bin(), "--version"],
    }
    codes = {name: wall(argv, args.workdir)[1] for name, argv in commands.items()}  # warm-up, exit codes
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.repeats):
        for name, argv in commands.items():
            times[name].append(wall(argv, args.workdir)[0])
    base = statistics.median(times["reusecheck --version"])
    print(f"python {sys.version.split()[0]}, median of {args.repeats}, index of {INDEXED} Reuters-21578 stories")
    print("| command | wall s | x --version | exit code |")
    print("|---|---|---|---|")
    for name, values in times.items():
        print(f"| {name} | {statistics.median(values):.2f} | {statistics.median(values) / base:.1f} | {codes[name]} |")


if __name__ == "__main__":
    main()
