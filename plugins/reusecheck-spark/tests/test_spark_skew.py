"""Skew on Spark (local[2]): a real Reuters paragraph copied into 25 sources makes hot
n-grams under the boilerplate cut-off; their postings are salted over several join keys,
and retrieval and answers stay those of the local rule (short briefs included)."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path
from typing import Any

import pytest
from conftest import shared_path
from sample import read_stories

from reusecheck.builtin.jsonl_format import report_lines
from reusecheck.engine import Checker, CheckOptions
from reusecheck.retrieve import RetrievalSettings
from reusecheck_spark.check import Salting, retrieve, run_check, salted
from reusecheck_spark.executor import DOC, RunSpec
from reusecheck_spark.index import analyzed_frame, build_index, read_meta, spec_settings
from reusecheck_spark.session import HadoopFiles

# 300 sources: the cut-off is 30 sources, and n-grams in more than 5 are in `frequent/`
SETTINGS = RetrievalSettings(max_df=0.1, df_floor=5)
SPEC = RunSpec(CheckOptions(retrieval=SETTINGS))
SALTING = Salting(salts=4, above=5)
HOT_COPIES = 25


@pytest.fixture(scope="module")
def skewed(sample: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """Sources with one outside paragraph added to every 12th (25 copies); candidates: the
    sample's, republications carrying the hot paragraph, and short briefs that share only
    a 7-word phrase (5 n-grams) with a source."""
    folder = tmp_path_factory.mktemp("skewed")
    sources = [json.loads(line) for line in sample[0].read_text(encoding="utf-8").splitlines()]
    taken = {s["id"] for s in sources}
    outside = [s.body for s in read_stories(shared_path("bench", "reuters-21578")) if s.id not in taken]
    hot = " ".join(outside[0].split()[:60])
    for source in sources[::12]:
        source["text"] += "\n" + hot + "\n"
    rng = random.Random(3)
    extra = []
    for k, source in enumerate(sources[12:60:12]):
        words = source["text"].split()
        extra.append({"id": f"hot-{k}", "text": " ".join(words[: len(words) // 2]) + "\n\n" + hot + "\n"})
    for k in range(3):
        phrase = " ".join(rng.choice(sources)["text"].split()[40:47])
        filler = rng.choice(outside[1:]).split()[:30]
        extra.append({"id": f"brief-{k}", "text": " ".join(filler[:15]) + f" {phrase} " + " ".join(filler[15:]) + "\n"})
    sources_path, candidates_path = folder / "sources.jsonl", folder / "candidates.jsonl"
    sources_path.write_text("".join(json.dumps(s) + "\n" for s in sources), encoding="utf-8")
    candidates_path.write_text(sample[1].read_text(encoding="utf-8") + "".join(json.dumps(c) + "\n" for c in extra),
                               encoding="utf-8")
    return sources_path, candidates_path, hot


@pytest.fixture(scope="module")
def index(spark: Any, skewed: tuple[Path, Path, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("skew-index") / "index"
    build_index(spark, SPEC, str(skewed[0]), str(out))
    return out


def test_hot_postings_are_spread_over_the_salts(spark: Any, skewed: tuple[Path, Path, str], index: Path) -> None:
    from pyspark.sql import functions as F

    hot_hashes = {int(h) for h in Checker().analyze(_document(skewed[2])).seeds.view("int64").tolist()}
    frequent = spark.read.parquet(str(index / "frequent"))
    cutoff = SETTINGS.max_df * 300
    hot = frequent.filter((F.col("df") > SALTING.above) & (F.col("df") <= cutoff)).select("hash")
    salted_hot = {row.hash for row in hot.collect()} & hot_hashes
    assert len(salted_hot) >= 0.8 * len(hot_hashes)  # the copied paragraph's n-grams are hot, not boilerplate
    postings = spark.read.parquet(str(index / "fingerprints")).select("hash", "doc")
    seeds = spark.createDataFrame([(0, h) for h in sorted(salted_hot)], "order long, hash long")
    salted_seeds, salted_postings = salted(seeds, postings, hot, SALTING.salts)
    per_key = salted_postings.filter(F.col("hash").isin(sorted(salted_hot))).groupBy("hash", "salt").count().collect()
    largest = max(row["count"] for row in per_key)
    assert sum(row["count"] for row in per_key) >= HOT_COPIES * len(salted_hot)  # no posting lost
    assert largest <= math.ceil(HOT_COPIES / SALTING.salts) * 2  # no key holds all 25 postings of a hot n-gram
    assert {row["salt"] for row in per_key} == set(range(SALTING.salts))
    assert salted_seeds.count() == SALTING.salts * len(salted_hot)  # each hot seed meets every salt


def test_retrieval_is_the_local_rule_with_and_without_salting(spark: Any, skewed: tuple[Path, Path, str],
                                                             index: Path) -> None:
    from pyspark.sql import functions as F

    sources, candidates, _ = skewed
    frame = analyzed_frame(spark, SPEC, str(candidates), "auto", None).withColumnRenamed("number", "order") \
        .filter(F.col("kind") == DOC)
    ids = dict(frame.select("order", "id").collect())
    meta = read_meta(HadoopFiles(spark), str(index), spec_settings(SPEC), SETTINGS)

    def ranked(salting: Salting) -> dict[str, list[str]]:
        rows = retrieve(spark, frame, str(index), meta, SPEC, salting).collect()
        return {ids[r.order]: [s.document.id for s in sorted(r.sources, key=lambda s: s.rank)] for r in rows}

    checker = Checker(CheckOptions(retrieval=SETTINGS))
    store = checker.memory_store([str(sources)])
    local = {d.id: [s.document.id for s, _ in store.retrieve(checker.analyze(d))] for d in checker.load([str(candidates)], None)}
    local = {k: v for k, v in local.items() if v}
    assert ranked(SALTING) == local
    assert ranked(Salting(salts=1)) == local
    assert all(local[f"hot-{k}"][:1] for k in range(4)) and all(local.get(f"brief-{k}") for k in range(3))


def test_salted_check_gives_the_local_answers(spark: Any, skewed: tuple[Path, Path, str], index: Path,
                                              tmp_path: Path) -> None:
    sources, candidates, _ = skewed
    checker = Checker(CheckOptions(retrieval=SETTINGS))
    report = checker.run([str(candidates)], [checker.memory_store([str(sources)])])
    expected = [json.dumps(line, ensure_ascii=False) for line in report_lines(report)]
    summary = run_check(spark, SPEC, str(candidates), str(index), str(tmp_path / "out"), salting=SALTING)
    got = [line for part in sorted((tmp_path / "out" / "results.jsonl").glob("part-*"))
           for line in part.read_text(encoding="utf-8").splitlines()]
    assert got == expected
    assert summary.candidates == 47 and summary.errors == 0
    hot_results = [json.loads(line) for line in got if '"id": "hot-' in line]
    assert all(r["matches"] for r in hot_results)


def _document(text: str) -> Any:
    from reusecheck.models import Document

    return Document(id="hot", text=text)
