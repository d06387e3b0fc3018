"""Bounded-time fuzzing of everything a user or a plugin feeds reusecheck.

Two engines drive the properties of ``tests/properties.py`` (no exception but the
documented ones, every offset inside the text and slicing it to the reported passage, the
same output twice, strict JSON) over the tokenizer, every loader, configuration files,
suppression directives, PAN XML, credit extraction and the whole check (through the API
and through `reusecheck check` on files of any bytes):

1. hypothesis: ``tests/test_properties.py`` with its example counts multiplied by
   ``--scale`` (examples counted from hypothesis' statistics);
2. atheris (coverage-guided, libFuzzer), where it installs (``pip install -e '.[fuzz]'``):
   each target for ``--seconds`` in its own process.

    nice python benchmarks/fuzz.py [--scale 10] [--seconds 60] [--targets check loader ...]

Prints one row per engine and target: examples run, seconds, crashes; exits 1 on a crash
(atheris leaves the input that crashed in ``--artifacts``).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
TARGETS = ("tokenizer", "loader", "config", "suppressions", "pan_xml", "credits", "check", "check_command")


# -- hypothesis ------------------------------------------------------------------------------

def run_hypothesis(scale: float) -> list[tuple[str, str, int, float, int]]:
    """Rows (engine, target, examples, seconds, crashes) from one pytest run of the property tests."""
    env = {**os.environ, "REUSECHECK_PROPERTY_EXAMPLES": str(scale), "REUSECHECK_DISABLE_PLUGIN_AUTOLOAD": "1"}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-show-statistics",
         str(TESTS / "test_properties.py")],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    seconds = time.perf_counter() - started
    rows = []
    for block in re.split(r"\n(?=tests/test_properties\.py::)", done.stdout):
        name = re.match(r"tests/test_properties\.py::test_(\w+)", block)
        if name:
            examples = sum(int(n) for n in re.findall(r"(\d+) passing", block))
            failing = sum(int(n) for n in re.findall(r"(\d+) failing", block))
            phase = sum(float(s) for s in re.findall(r"phase \(([\d.]+) seconds\)", block))
            rows.append(("hypothesis", name.group(1), examples, phase, failing))
    if done.returncode != 0:
        print(done.stdout[-4000:], file=sys.stderr)
        rows.append(("hypothesis", "(pytest failed)", 0, seconds, 1))
    return rows


# -- atheris ---------------------------------------------------------------------------------

def run_atheris(target: str, seconds: int, artifacts: Path) -> tuple[str, str, int, float, int]:
    """One target in its own process (libFuzzer ends the process when time is up)."""
    artifacts.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--atheris-target", target, "--", f"-max_total_time={seconds}",
         "-print_final_stats=1", f"-artifact_prefix={artifacts}/{target}-", "-rss_limit_mb=4096", "-timeout=60"],
        cwd=ROOT, env={**os.environ, "REUSECHECK_DISABLE_PLUGIN_AUTOLOAD": "1"}, capture_output=True, text=True,
    )
    runs = re.search(r"stat::number_of_executed_units:\s*(\d+)", done.stderr)
    if done.returncode != 0:
        print(done.stderr[-4000:], file=sys.stderr)
    return ("atheris", target, int(runs.group(1)) if runs else 0, time.perf_counter() - started, int(done.returncode != 0))


def fuzz_one(target: str, libfuzzer_args: list[str]) -> None:
    """The atheris child: instrument reusecheck, then fuzz one target until libFuzzer stops."""
    import atheris

    sys.path.insert(0, str(TESTS))
    with atheris.instrument_imports(include=["reusecheck", "properties"]):
        import properties

    news = (ROOT / "corpus" / "reuters-aleppo-2016-11-02.txt").read_text(encoding="utf-8")

    def text(fdp: atheris.FuzzedDataProvider, size: int = 2000) -> str:
        return fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, size))

    def one_input(data: bytes) -> None:
        fdp = atheris.FuzzedDataProvider(data)
        if target == "tokenizer":
            properties.tokenize(text(fdp))
        elif target == "loader":
            suffix = properties.LOADER_SUFFIXES[fdp.ConsumeIntInRange(0, len(properties.LOADER_SUFFIXES) - 1)]
            properties.load(suffix, fdp.ConsumeBytes(fdp.remaining_bytes()))
        elif target == "config":
            properties.config(text(fdp, 400))
        elif target == "suppressions":
            spans = [(fdp.ConsumeIntInRange(0, 5000), fdp.ConsumeIntInRange(0, 5000)) for _ in range(fdp.ConsumeIntInRange(0, 3))]
            properties.suppressions(text(fdp), spans)
        elif target == "pan_xml":
            properties.pan_xml(fdp.ConsumeBytes(fdp.remaining_bytes()))
        elif target == "credits":
            properties.credits(text(fdp))
        elif target == "check":  # real news as the source, a candidate spliced from it and fuzz
            start = fdp.ConsumeIntInRange(0, len(news))
            source = news[start : start + fdp.ConsumeIntInRange(0, 1500)]
            cut = fdp.ConsumeIntInRange(0, len(source))
            properties.check(source[:cut] + text(fdp, 300) + source[cut:], source)
        elif target == "check_command":  # `reusecheck check` on a candidate file of any bytes
            start = fdp.ConsumeIntInRange(0, len(news))
            source = news[start : start + fdp.ConsumeIntInRange(0, 1500)]
            suffix = properties.LOADER_SUFFIXES[fdp.ConsumeIntInRange(0, len(properties.LOADER_SUFFIXES) - 1)]
            properties.check_files(suffix, source.encode("utf-8") + fdp.ConsumeBytes(fdp.remaining_bytes()), source)

    atheris.Setup([sys.argv[0], *libfuzzer_args], one_input)
    atheris.Fuzz()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=10, help="hypothesis: examples per property test times this (default 10)")
    parser.add_argument("--seconds", type=int, default=60, help="atheris: seconds per target (default 60; 0 skips atheris)")
    parser.add_argument("--targets", nargs="+", choices=TARGETS, default=list(TARGETS), help="atheris targets")
    parser.add_argument("--artifacts", type=Path, default=Path(tempfile.gettempdir()) / "reusecheck-fuzz",
                        help="where atheris leaves crashing inputs")
    parser.add_argument("--atheris-target", choices=TARGETS, help=argparse.SUPPRESS)
    args, libfuzzer_args = parser.parse_known_args()
    if args.atheris_target:
        fuzz_one(args.atheris_target, [a for a in libfuzzer_args if a != "--"])
        return 0
    rows = run_hypothesis(args.scale) if args.scale > 0 else []
    if args.seconds > 0:
        try:
            import atheris  # noqa: F401
        except ImportError:
            print("atheris is not installed (pip install -e '.[fuzz]'): skipping coverage-guided fuzzing", file=sys.stderr)
        else:
            rows += [run_atheris(t, args.seconds, args.artifacts) for t in args.targets]
    print(f"{'engine':<11} {'target':<24} {'examples':>10} {'seconds':>8} {'crashes':>8}")
    for engine, target, examples, seconds, crashes in rows:
        print(f"{engine:<11} {target:<24} {examples:>10,} {seconds:>8.1f} {crashes:>8}")
    total = sum(r[2] for r in rows)
    crashes = sum(r[4] for r in rows)
    print(f"{'total':<36} {total:>10,} {sum(r[3] for r in rows):>8.1f} {crashes:>8}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
