"""``--changed-since REF``: keep only the candidate files git says changed since a revision.

Changed means: different between REF and the working tree (committed, staged or not yet
staged; deleted files excluded), or new and untracked (not ignored).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable

from reusecheck.errors import UsageError
from reusecheck.loaders import expand_paths
from reusecheck.selection import FileSelection


def _git(args: list[str], cwd: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("--changed-since needs git, which is not installed (or not on PATH)") from None


def changed_files(ref: str, cwd: str = ".") -> set[str]:
    """Real paths of the files changed since ``ref`` in the git work tree holding ``cwd``."""
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    if top.returncode != 0:
        raise UsageError(f"--changed-since needs a git repository, and {os.path.abspath(cwd)} is not inside one")
    root = top.stdout.decode().strip()
    if _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root).returncode != 0:
        if _git(["rev-parse", "--is-shallow-repository"], root).stdout.strip() == b"true":
            raise UsageError(
                f"--changed-since {ref}: no such commit in this shallow clone; fetch the history first "
                "(actions/checkout with fetch-depth: 0, or git fetch --unshallow)"
            )
        raise UsageError(f"--changed-since {ref}: no such commit, branch or tag in this repository")
    listings = (
        ["diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", ref, "--"],
        ["ls-files", "--others", "--exclude-standard", "-z"],
    )
    changed: set[str] = set()
    for args in listings:
        done = _git(args, root)
        if done.returncode != 0:
            raise UsageError(f"git {' '.join(args[:2])} failed: {done.stderr.decode(errors='replace').strip()}")
        names = [n for n in done.stdout.decode("utf-8", errors="surrogateescape").split("\0") if n]
        changed.update(os.path.realpath(os.path.join(root, n)) for n in names)
    return changed


def select_changed(candidates: Iterable[str], ref: str, selection: FileSelection | None = None) -> list[str]:
    """The candidate files (folders expanded by ``selection``, order kept) that changed since ``ref``."""
    candidates = list(candidates)
    if "-" in candidates:
        raise UsageError("--changed-since cannot select from standard input; give files or folders")
    changed = changed_files(ref)
    return [path for item in candidates for path in expand_paths(item, selection) if os.path.realpath(path) in changed]
