"""``--changed-since REF``: keep only the candidate files git says changed since a revision.

Changed means: different between REF and the working tree (committed, staged or not yet
staged; deleted files excluded), or new and untracked (not ignored). Renames since REF
(`renamed_files`) let a baseline follow its articles to their new names.
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


def _work_tree(ref: str, cwd: str) -> str:
    """The top folder of the git work tree holding ``cwd``, once ``ref`` is known to be a commit there."""
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
    return root


def changed_files(ref: str, cwd: str = ".") -> set[str]:
    """Real paths of the files changed since ``ref`` in the git work tree holding ``cwd``."""
    root = _work_tree(ref, cwd)
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


def renamed_files(ref: str, cwd: str = ".") -> dict[str, str]:
    """Files git sees as renamed since ``ref`` (committed or staged): old path -> new path, both absolute."""
    root = _work_tree(ref, cwd)
    done = _git(["diff", "--name-status", "-z", "-M", ref, "--"], root)
    if done.returncode != 0:
        raise UsageError(f"git diff failed: {done.stderr.decode(errors='replace').strip()}")
    fields = done.stdout.decode("utf-8", errors="surrogateescape").split("\0")
    renames: dict[str, str] = {}
    k = 0
    while k < len(fields) and fields[k]:
        status = fields[k]
        if status.startswith(("R", "C")):
            if status.startswith("R"):
                renames[os.path.join(root, fields[k + 1])] = os.path.join(root, fields[k + 2])
            k += 3
        else:
            k += 2
    return renames


def select_changed(candidates: Iterable[str], ref: str, selection: FileSelection | None = None) -> list[str]:
    """The candidate files (folders expanded by ``selection``, order kept) that changed since ``ref``."""
    candidates = list(candidates)
    if "-" in candidates:
        raise UsageError("--changed-since cannot select from standard input; give files or folders")
    changed = changed_files(ref)
    return [path for item in candidates for path in expand_paths(item, selection) if os.path.realpath(path) in changed]
