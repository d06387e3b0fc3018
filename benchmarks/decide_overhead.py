"""Cost of the decide stage's additions per candidate: suppressions, baseline keys, config.

Run: .venv/bin/python benchmarks/decide_overhead.py
Prints microseconds per call for: the whole check of the pair (for scale), scanning an
article for suppressions without directives and with three, computing the baseline entries of its findings, and reading a configuration
(walk up + TOML + line index). The article is corpus/republished-aleppo-2016-11-04.txt.
"""

from __future__ import annotations

import tempfile
import timeit
from pathlib import Path

import reusecheck
from reusecheck import baseline
from reusecheck.config import find_config
from reusecheck.suppress import drop_suppressed

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (ROOT / "corpus" / "republished-aleppo-2016-11-04.txt").read_text(encoding="utf-8")
SOURCE = (ROOT / "corpus" / "reuters-aleppo-2016-11-02.txt").read_text(encoding="utf-8")
DIRECTED = (
    '<!-- reusecheck: disable RC103 reason="licensed" -->\n' + ARTICLE
    + '\n<!-- reusecheck: enable -->\nreusecheck: disable-next-paragraph RC101 reason="x"\nend\n'
)
CONFIG = """[tool.reusecheck]
against = ["sources"]
threshold = 0.3
[tool.reusecheck.severity]
RC105 = "off"
[[tool.reusecheck.overrides]]
paths = ["wire/**"]
threshold = 0.8
"""


def per_call(function: object, number: int) -> float:
    return timeit.timeit(function, number=number) / number * 1e6  # type: ignore[arg-type]


def main() -> None:
    report = reusecheck.check([reusecheck.Document("a", ARTICLE)], [reusecheck.Document("s", SOURCE)])
    (result,) = report.results
    findings = list(result.findings)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
        deep = Path(folder, "a", "b", "c")
        deep.mkdir(parents=True)
        plugins = reusecheck.load_plugins()
        pair = ([reusecheck.Document("a", ARTICLE)], [reusecheck.Document("s", SOURCE)])
        rows = [
            ("for scale: the whole check of the pair", per_call(lambda: reusecheck.check(*pair, plugins=plugins), 50)),
            (f"suppressions, no directive ({len(ARTICLE)} chars)", per_call(lambda: drop_suppressed(ARTICLE, findings), 20000)),
            ("suppressions, 3 directives", per_call(lambda: drop_suppressed(DIRECTED, findings), 5000)),
            (f"baseline entries ({len(findings)} findings)", per_call(lambda: baseline.report_entries(report, Path(folder)), 2000)),
            ("config: walk up 3 folders, read, index lines", per_call(lambda: find_config(deep).line_of("threshold"), 2000)),
        ]
    for name, micros in rows:
        print(f"{name:<48} {micros:10.1f} µs")


if __name__ == "__main__":
    main()
