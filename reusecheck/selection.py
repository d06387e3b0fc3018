"""Which files of a folder are articles: include/exclude globs, .gitignore, hidden files.

A file or folder named explicitly is always used (unless ``force_exclude`` and an exclude
glob matches it); a folder is walked recursively, in sorted order, and yields the files

- whose name (or path) matches an ``include`` glob (by default the article extensions
  `DEFAULT_INCLUDE`, matched without regard to case),
- that no ``exclude`` glob matches (nor any folder above them),
- that are not hidden (a name starting with ``.``, below the folder given),
- that are not the run's own baseline or report files (``own_files``),
- reached without going round a loop of symbolic links (a link to a folder being walked
  is not followed),
- and, with ``respect_gitignore``, that no ``.gitignore`` ignores: those in the walked
  folders and in the folders above up to the git work tree's top, and ``.git/info/exclude``.

Globs: ``*`` and ``?`` match within one name, ``**`` across folders; a glob without ``/``
matches a file or folder name anywhere, one with ``/`` the path relative to ``root`` (the
folder of the configuration file that set it, or the working directory).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm", "*.xml", "*.json", "*.jsonl")
DEFAULT_EXCLUDE = ("node_modules",)
GITIGNORE = ".gitignore"


def glob_pattern(glob: str, flags: int = 0) -> re.Pattern[str]:
    """A regex for a path glob: ``*`` and ``?`` within one folder name, ``**`` across folders."""
    out = []
    k = 0
    while k < len(glob):
        if glob.startswith("**/", k):
            out.append("(?:.*/)?")
            k += 3
        elif glob.startswith("**", k):
            out.append(".*")
            k += 2
        elif glob[k] == "*":
            out.append("[^/]*")
            k += 1
        elif glob[k] == "?":
            out.append("[^/]")
            k += 1
        else:
            out.append(re.escape(glob[k]))
            k += 1
    return re.compile("".join(out) + r"\Z", flags)


class GlobSet:
    """Globs relative to ``root``; `matches` tells whether one matches a path."""

    def __init__(self, globs: Sequence[str], root: str, flags: int = 0) -> None:
        cleaned = [g.strip().rstrip("/") for g in globs if g.strip().rstrip("/")]
        self.root = root
        self._names = [glob_pattern(g, flags) for g in cleaned if "/" not in g]
        self._paths = [glob_pattern(g.removeprefix("./"), flags) for g in cleaned if "/" in g]

    def relative(self, path: str) -> str:
        return Path(os.path.relpath(os.path.abspath(path), self.root)).as_posix()

    def matches(self, path: str, *, folders: bool) -> bool:
        """Whether a glob matches the path's name or, for globs with ``/``, its path relative
        to ``root``; with ``folders``, also those of any folder it is in."""
        names = [p for p in Path(path).parts if p not in ("/", ".", "..")] if folders else [Path(path).name]
        if any(p.match(n) for p in self._names for n in names):
            return True
        relative = self.relative(path)
        if relative.startswith("../") or not self._paths:
            return False
        parts = relative.split("/")
        prefixes = ["/".join(parts[:k]) for k in range(1, len(parts) + 1)] if folders else [relative]
        return any(p.match(prefix) for p in self._paths for prefix in prefixes)


@dataclass(frozen=True)
class FileSelection:
    """The rules above; ``root`` is the folder globs with a ``/`` are relative to."""

    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    respect_gitignore: bool = True
    force_exclude: bool = False
    root: str = field(default_factory=os.getcwd)
    own_files: frozenset[str] = frozenset()  # real paths of the run's baseline and reports: never articles

    @cached_property
    def _include(self) -> GlobSet:
        return GlobSet(self.include, self.root, re.IGNORECASE)

    @cached_property
    def _exclude(self) -> GlobSet:
        return GlobSet(self.exclude, self.root)

    def included(self, path: str) -> bool:
        return self._include.matches(path, folders=False)

    def is_own(self, path: str) -> bool:
        return bool(self.own_files) and os.path.realpath(path) in self.own_files

    def excluded(self, path: str, *, folders: bool = True) -> bool:
        """Whether an exclude glob matches the path (or, with ``folders``, a folder above it)."""
        return self._exclude.matches(path, folders=folders)


@dataclass(frozen=True)
class Listed:
    """One input a path names: a file to read, or a folder that could not be listed."""

    path: str
    named: bool  # given by the user, not met while walking a folder
    problem: str | None = None


def list_inputs(path: str, selection: FileSelection | None = None) -> Iterator[Listed]:
    """The files ``path`` names under ``selection``: itself, or a folder's selected files."""
    selection = selection or FileSelection()
    if path == "-" or not os.path.isdir(path):
        if not (selection.force_exclude and path != "-" and selection.excluded(path)):
            yield Listed(path, named=True)
        return
    if selection.force_exclude and selection.excluded(path):
        return
    ignores = _Gitignores(path) if selection.respect_gitignore else None
    yield from _walk(str(Path(path)), selection, ignores, frozenset())


def _walk(folder: str, selection: FileSelection, ignores: _Gitignores | None, above: frozenset[tuple[int, int]]) -> Iterator[Listed]:
    """The selected files below ``folder``; ``above``: the folders being walked (device, inode),
    so that a symbolic link back to one of them is not followed round a loop."""
    try:
        status = os.stat(folder)
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        yield Listed(folder, named=False, problem=f"cannot list the folder: {exc.strerror}; make it readable")
        return
    here = (status.st_dev, status.st_ino)
    if here in above:
        return
    above = above | {here}
    if ignores is not None:
        ignores.enter(folder)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child = entry.name if folder == "." else os.path.join(folder, entry.name)
        is_dir = entry.is_dir()
        if selection.excluded(child, folders=False) or (ignores is not None and ignores.ignored(child, is_dir)):
            continue
        if is_dir:
            yield from _walk(child, selection, ignores, above)
        elif entry.is_file() and selection.included(child) and not selection.is_own(child):
            yield Listed(child, named=False)
    if ignores is not None:
        ignores.leave(folder)


def _gitignore_spec(lines: list[str]) -> pathspec.GitIgnoreSpec:
    """The rules of one .gitignore file (pathspec is imported on first need: a run given
    files walks no folder)."""
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


class _Gitignores:
    """The .gitignore rules in force while walking: the folders above, then each walked one."""

    def __init__(self, start: str) -> None:
        self._specs: list[tuple[str, pathspec.GitIgnoreSpec]] = []
        chain = [Path(os.path.abspath(start)), *Path(os.path.abspath(start)).parents]
        above: list[Path] = []  # outside a git work tree only the walked folders' .gitignore files apply
        for depth, folder in enumerate(chain):
            if (folder / ".git").exists():
                self._add(str(folder), folder / ".git" / "info" / "exclude")
                above = chain[1 : depth + 1]
                break
        for folder in reversed(above):
            self._add(str(folder), folder / GITIGNORE)

    def _add(self, folder: str, file: Path) -> bool:
        try:
            lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return False
        self._specs.append((folder, _gitignore_spec(lines)))
        return True

    def enter(self, folder: str) -> None:
        if not self._add(os.path.abspath(folder), Path(folder) / GITIGNORE):
            self._specs.append((os.path.abspath(folder), _gitignore_spec([])))

    def leave(self, folder: str) -> None:
        self._specs.pop()

    def ignored(self, path: str, is_dir: bool) -> bool:
        """Whether the deepest .gitignore rule matching the path ignores it (a ``!`` rule un-ignores)."""
        absolute = os.path.abspath(path)
        verdict = False
        for folder, spec in self._specs:
            relative = Path(os.path.relpath(absolute, folder)).as_posix() + ("/" if is_dir else "")
            if relative.startswith("../"):
                continue
            result = spec.check_file(relative).include
            if result is not None:
                verdict = result
        return verdict
