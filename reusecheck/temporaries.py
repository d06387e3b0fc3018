"""Files written whole: the temporary files beside their targets, and those of killed runs.

A report (`reusecheck.cli.common.open_output`) or a new index (`reusecheck.index.Index.build`)
is written to ``.NAME.PID.reusecheck-tmp`` beside ``NAME`` and renamed (or linked) into
place at the end; a run killed meanwhile leaves that file, which the next write to the same
name removes once its process is gone (with the ``-wal``/``-shm`` files SQLite may leave
beside an index's).
"""

from __future__ import annotations

import os

TEMPORARY_SUFFIX = ".reusecheck-tmp"
_SQLITE_SUFFIXES = ("-wal", "-shm")


def temporary_path(path: str) -> str:
    """This process's temporary file for ``path``."""
    folder, name = os.path.split(os.path.abspath(path))
    return os.path.join(folder, f".{name}.{os.getpid()}{TEMPORARY_SUFFIX}")


def remove_stale_temporaries(folder: str, name: str | None = None) -> None:
    """Delete the temporary files of writes to ``folder/name`` (any name: None) whose process is gone."""
    try:
        entries = os.listdir(folder)
    except OSError:
        return
    for entry in entries:
        base = next((entry[: -len(s)] for s in _SQLITE_SUFFIXES if entry.endswith(s)), entry)
        stem, _, pid = base[: -len(TEMPORARY_SUFFIX)].rpartition(".")
        ours = base.startswith(".") and base.endswith(TEMPORARY_SUFFIX) and pid.isdigit()
        if ours and (name is None or stem == f".{name}") and not _alive(int(pid)):
            try:
                os.unlink(os.path.join(folder, entry))
            except OSError:
                pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
