"""The HTML report at scale: render time, size, and load time in headless Chromium.

    .venv/bin/python benchmarks/html_report.py [--workload /tmp/reusecheck-bench] [--repeats 3]
    .venv/bin/python benchmarks/html_report.py --screenshot docs/html-report.png   # the picture in docs/output-formats.md

Checks the 1,200 candidates of the index benchmark's workload (benchmarks/workload.py,
built if absent, without the 10x copies) against its index (built if absent), then in
one run:

- renders the report in process: one file (`render_html`) and a folder (`render_pages`),
  seconds and megabytes, against the json format's render time as the baseline;
- loads in headless Chromium (tests/chromium.py: Debian's chromium and chromedriver) the
  single file, the folder's index.html, and a candidate page, with two baselines measured
  the same way: an empty page and the run's JSON report as a plain file. Per page: wall
  seconds of the navigation (until the load event); first contentful paint, the overview
  table complete and drawn (a script injected through DevTools watches for its last row),
  DOMContentLoaded and the load event from the page's own timing; median of the repeats.

"Usable" is the overview shown and sortable: the issue asks for under 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT / "tests")]

import chromium  # noqa: E402
from workload import build as build_workload  # noqa: E402

import reusecheck  # noqa: E402
from reusecheck.builtin.html_format import render_html, render_pages  # noqa: E402
from reusecheck.engine import Checker  # noqa: E402
from reusecheck.errors import UsageError  # noqa: E402
from reusecheck.formats import RenderContext, report_dict  # noqa: E402
from reusecheck.models import Report  # noqa: E402
from reusecheck.plugins import load_plugins  # noqa: E402

PYTHON = sys.executable
# injected before the page's own scripts (DevTools, so the report's CSP does not apply): the
# moment the overview's last row is in the document and the next frame has been drawn
WATCH = """const rows = () => document.querySelector('td[elementtiming="overview-end"]');
const tick = () => { if (rows()) { requestAnimationFrame(() => { window.__overview = performance.now(); }); }
                     else if (document.readyState !== 'complete') { requestAnimationFrame(tick); } };
requestAnimationFrame(tick);"""
TIMING = """const n = performance.getEntriesByType('navigation')[0];
const paint = performance.getEntriesByType('paint').find(p => p.name === 'first-contentful-paint');
return {dcl: n.domContentLoadedEventEnd / 1000, load: n.loadEventEnd / 1000, fcp: paint ? paint.startTime / 1000 : null,
        overview: window.__overview ? window.__overview / 1000 : null,
        rows: document.querySelectorAll('table.overview tbody tr').length};"""


def workload_report(work: Path, limit: int | None) -> Report:
    """The benchmark's candidates (the first ``limit``, for a quick try) checked against its
    index (both built if absent)."""
    if not (work / "candidates.jsonl").exists():
        build_workload(work, seed=1, candidates=1200, copies=0)
    index = work / "index.db"
    checker = Checker(plugins=load_plugins(autoload=False))
    if index.exists():
        try:
            checker.index_store(str(index)).close()
        except UsageError as exc:  # an index of an older format: built anew
            print(f"{exc}: rebuilding", flush=True)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{index}{suffix}").unlink(missing_ok=True)
    if not index.exists():
        print("building the index …", flush=True)
        subprocess.run([PYTHON, "-m", "reusecheck", "index", "add", "--quiet", str(index), str(work / "sources.jsonl")], check=True)
    candidates = work / "candidates.jsonl"
    if limit is not None:
        lines = candidates.read_text(encoding="utf-8").splitlines(keepends=True)[:limit]
        candidates = work / f"candidates-{limit}.jsonl"
        candidates.write_text("".join(lines), encoding="utf-8")
    store = checker.index_store(str(index))
    try:
        return checker.run([str(candidates)], [store])
    finally:
        store.close()


def timed(function: Any, *args: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    value = function(*args)
    return time.perf_counter() - start, value


def load(driver: Any, path: Path, repeats: int) -> dict[str, float | None]:
    """Median wall, DOMContentLoaded, load-event and first-paint seconds of opening ``path``."""
    runs = []
    for _ in range(repeats):
        driver.get("about:blank")
        wall, _ = timed(driver.get, path.as_uri())
        runs.append({"wall": wall, **driver.execute_script(TIMING)})
    result: dict[str, float | None] = {"wall": statistics.median(r["wall"] for r in runs)}
    for key in ("dcl", "load"):
        result[key] = statistics.median(r[key] for r in runs)
    for key in ("fcp", "overview"):
        seen = [r[key] for r in runs if r[key] is not None]
        result[key] = statistics.median(seen) if seen else None
    result["rows"] = runs[-1]["rows"]
    return result


def screenshot(path: Path) -> None:
    """The founding pair's report, scrolled to the candidate, as the PNG in docs/output-formats.md."""
    plugins = load_plugins(autoload=False)
    page = path.resolve().with_suffix(".html")
    os.chdir(ROOT)  # the paths in the report as the documented command shows them
    report = reusecheck.check(["corpus/republished-aleppo-2016-11-04.txt"], ["corpus/reuters-aleppo-2016-11-02.txt"], plugins=plugins)
    page.write_text(render_html(report, RenderContext(plugins.rules)), encoding="utf-8")
    driver = chromium.start(window="1100,900")
    try:
        driver.get(page.as_uri())
        driver.execute_script("document.querySelector('section.cand').scrollIntoView()")
        driver.save_screenshot(str(path))
    finally:
        chromium.stop(driver)
        page.unlink()
    if shutil.which("pngquant"):  # Debian's pngquant: a third of the size, same look
        subprocess.run(["pngquant", "--quality", "60-85", "--speed", "1", "--force", "--output", str(path), str(path)], check=True)
    print(f"wrote {path} ({path.stat().st_size // 1024} KB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workload", type=Path, default=Path("/tmp/reusecheck-bench"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--limit", type=int, help="check only the first N candidates (to try the script quickly)")
    parser.add_argument("--screenshot", type=Path, help="only write the documentation's screenshot to this PNG")
    args = parser.parse_args()
    absent = chromium.missing()
    if absent is not None:
        raise SystemExit(f"no headless browser: {absent} is missing")
    if args.screenshot:
        screenshot(args.screenshot)
        return
    work = args.workload
    check_seconds, report = timed(workload_report, work, args.limit)
    plugins = load_plugins(autoload=False)
    context = RenderContext(plugins.rules)
    json_seconds, _ = timed(plugins.formats["json"].output, report, context)
    single_seconds, single = timed(render_html, report, context)
    folder_seconds, pages = timed(render_pages, report, context)
    out = work / ("html" if args.limit is None else f"html-{args.limit}")
    (out / "pages").mkdir(parents=True, exist_ok=True)
    (out / "report.html").write_text(single, encoding="utf-8")
    for name, text in pages.items():
        (out / "pages" / name).write_text(text, encoding="utf-8")
    (out / "report.json").write_text(json.dumps(report_dict(report)), encoding="utf-8")
    (out / "empty.html").write_text("<!DOCTYPE html><title>empty</title>", encoding="utf-8")
    largest = max((n for n in pages if n != "index.html"), key=lambda n: len(pages[n]))
    targets = {
        "empty page (baseline)": out / "empty.html",
        "JSON report as a file (baseline)": out / "report.json",
        "single file report.html": out / "report.html",
        "folder index.html (overview)": out / "pages" / "index.html",
        f"largest candidate page ({largest})": out / "pages" / largest,
    }
    driver = chromium.start()
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH})
    try:
        loads = {name: load(driver, path, args.repeats) for name, path in targets.items()}
    finally:
        chromium.stop(driver)
    print(f"{len(report.results):,} candidates, {sum(len(r.matches) for r in report.results):,} matches, "
          f"{sum(len(m.passages) for r in report.results for m in r.matches):,} passages; check {check_seconds:.1f} s")
    print(f"render: json (baseline) {json_seconds:.2f} s; html single file {single_seconds:.2f} s "
          f"({single_seconds / json_seconds:.1f}x json), {len(single.encode()) / 1e6:.1f} MB; "
          f"folder {folder_seconds:.2f} s, {sum(len(t.encode()) for t in pages.values()) / 1e6:.1f} MB in {len(pages):,} files "
          f"(index.html {len(pages['index.html'].encode()) / 1e6:.2f} MB)")
    print(f"\n{'page':<58} {'MB':>6} {'wall s':>7} {'FCP s':>7} {'table s':>7} {'DCL s':>7} {'load s':>7} {'rows':>5}")
    for name, timing in loads.items():
        size = targets[name].stat().st_size / 1e6
        fcp, table = (f"{timing[k]:.2f}" if timing[k] is not None else "–" for k in ("fcp", "overview"))
        print(f"{name:<58} {size:>6.2f} {timing['wall']:>7.2f} {fcp:>7} {table:>7} {timing['dcl']:>7.2f} {timing['load']:>7.2f} "
              f"{timing['rows']:>5}")
    print("\nFCP: first contentful paint; table: the overview's last row in the document and drawn (the report's "
          "script is in its head, so the table sorts from then on); DCL: DOMContentLoaded; all from navigation start.")
    (out / "results.json").write_text(json.dumps({"loads": loads, "render_json_s": json_seconds, "render_single_s": single_seconds,
                                                  "render_folder_s": folder_seconds}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
