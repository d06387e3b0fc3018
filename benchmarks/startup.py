"""Start-up cost: CPU time of short ``reusecheck`` processes against ``import numpy``.

Runs, interleaved and ``--repeats`` times each, ``python -c "import numpy"`` and the
commands users start once per run (pre-commit, the pytest plugin, CI): ``check`` of the
founding pair in ``corpus/``, ``--version``, ``--help``, ``rules`` and ``plugins``. Prints
the median CPU seconds (user + system, from the children's rusage) of each, its ratio to
the numpy import measured in the same run, and whether the process imported nltk or
scipy (checked by running the same command in-process in a child with ``-X importtime``).

    .venv/bin/python benchmarks/startup.py --repeats 9
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAIR = [str(ROOT / "corpus" / "reuters-aleppo-2016-11-02.txt"), "--against", str(ROOT / "corpus" / "republished-aleppo-2016-11-04.txt")]
COMMANDS: dict[str, list[str]] = {
    "check (founding pair)": ["check", *PAIR],
    "--version": ["--version"],
    "--help": ["--help"],
    "rules": ["rules"],
    "plugins": ["plugins"],
}


# As users run it: byte code cached (a warm-up run writes it where the environment forbids).
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def cpu_seconds(argv: list[str]) -> float:
    """User + system CPU seconds of one run of ``argv`` (output discarded)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=ROOT, env=ENV)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def imported(argv: list[str], prefixes: tuple[str, ...]) -> list[str]:
    """Which of the top-level packages ``prefixes`` the command imports."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "reusecheck", *argv],
                            capture_output=True, text=True, check=False, cwd=ROOT, env=ENV)
    names = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    return [prefix for prefix in prefixes if prefix in names]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    baseline = [sys.executable, "-c", "import numpy"]
    runs: dict[str, list[float]] = {"import numpy": [], **{name: [] for name in COMMANDS}}
    for argv in COMMANDS.values():  # warm-up: byte code written, files cached
        cpu_seconds([sys.executable, "-m", "reusecheck", *argv])
    for _ in range(args.repeats):
        runs["import numpy"].append(cpu_seconds(baseline))
        for name, argv in COMMANDS.items():
            runs[name].append(cpu_seconds([sys.executable, "-m", "reusecheck", *argv]))
    numpy_cpu = statistics.median(runs["import numpy"])
    try:
        import scipy  # noqa: F401  (only asked whether it is installed)

        scipy_state = "installed"
    except ImportError:
        scipy_state = "not installed"
    print(f"python {sys.version.split()[0]}, scipy {scipy_state}, {os.cpu_count()} cores, median of {args.repeats}")
    print("| command | CPU s | x import numpy | imports |")
    print("|---|---|---|---|")
    for name, values in runs.items():
        cpu = statistics.median(values)
        heavy = "" if name == "import numpy" else ", ".join(imported(COMMANDS[name], ("nltk", "scipy"))) or "no nltk, no scipy"
        print(f"| {name} | {cpu:.3f} | {cpu / numpy_cpu:.2f} | {heavy} |")


if __name__ == "__main__":
    main()
