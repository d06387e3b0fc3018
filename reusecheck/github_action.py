"""The GitHub Action's run step (action.yml): its inputs, from the environment, as a
``reusecheck check`` command line, run in this process.

Inputs that take several values (``files``, ``against``, ``format``, ``args``) are split
the way a shell splits words, so quotes keep a value with spaces whole, and newlines
separate like spaces (a YAML block scalar gives one value or option per line); a YAML flow
list (``[--threshold, "0.3"]``) is read too. ``files`` and ``against`` values with glob
characters are expanded here (``content/**/*.md``), sorted; one that matches nothing is
an error. The command is printed, then run; ``exit-code=N`` goes to ``$GITHUB_OUTPUT``.
"""

from __future__ import annotations

import glob
import os
import shlex
import sys

from reusecheck.cli import main

INPUTS = {  # input -> environment variable the step sets
    "files": "RC_FILES", "against": "RC_AGAINST", "index": "RC_INDEX", "fail-level": "RC_FAIL_LEVEL",
    "format": "RC_FORMAT", "sarif-file": "RC_SARIF_FILE", "changed-since": "RC_CHANGED_SINCE",
    "baseline": "RC_BASELINE", "args": "RC_ARGS",
}
_GLOB = frozenset("*?[")


class InputError(ValueError):
    """An input that cannot be used; the message names it."""


def words(value: str) -> list[str]:
    """An input's values: shell-like words over all its lines, or the items of a YAML flow list."""
    text = value.strip()
    try:
        if text.startswith("[") and text.endswith("]"):
            lexer = shlex.shlex(text[1:-1], posix=True)
            lexer.whitespace += ","
            lexer.whitespace_split = True
            return list(lexer)
        return shlex.split(text)
    except ValueError as exc:
        raise InputError(f"cannot split it into values ({exc}); check its quotes") from None


def expanded(paths: list[str], name: str) -> list[str]:
    """``paths`` with glob patterns replaced by the files and folders they match."""
    found: list[str] = []
    for path in paths:
        if _GLOB.isdisjoint(path) or os.path.exists(path):
            found.append(path)
            continue
        matches = sorted(glob.glob(path, recursive=True))
        if not matches:
            raise InputError(f"{path} matches no file (the {name} input; globs are relative to working-directory)")
        found += matches
    return found


def command(env: dict[str, str]) -> list[str]:
    """The ``reusecheck check`` arguments the inputs in ``env`` ask for."""
    def values(name: str) -> list[str]:
        try:
            return words(env.get(INPUTS[name], ""))
        except InputError as exc:
            raise InputError(f"the {name} input: {exc}") from None

    files = expanded(values("files"), "files")
    if not files:
        raise InputError("the files input is empty; name the articles to check")
    argv = ["check", *files]
    def single(name: str) -> list[str]:
        value = env.get(INPUTS[name], "").strip()
        return [f"--{name}", value] if value else []

    argv += single("fail-level")
    for source in expanded(values("against"), "against"):
        argv += ["--against", source]
    argv += [*single("index"), *single("changed-since"), *single("baseline")]
    for name in values("format"):
        argv += ["--format", name]
    if env.get(INPUTS["sarif-file"], "").strip():
        argv += ["--output", f"sarif={env[INPUTS['sarif-file']].strip()}"]
    return argv + values("args")


def run(env: dict[str, str]) -> int:
    try:
        argv = command(env)
    except InputError as exc:
        print(f"::error title=reusecheck::{exc}")
        code = 2
    else:
        print(shlex.join(["reusecheck", *argv]), flush=True)
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse and configuration errors exit with their message printed
            code = exc.code if isinstance(exc.code, int) else 2
    if env.get("GITHUB_OUTPUT"):
        with open(env["GITHUB_OUTPUT"], "a", encoding="utf-8") as output:
            output.write(f"exit-code={code}\n")
    return code


if __name__ == "__main__":
    sys.exit(run(dict(os.environ)))
