"""``reusecheck spark check``: retrieval as DataFrame operations, checking on the executors.

1. Candidates are read and analyzed like sources (`reusecheck_spark.index.analyzed_frame`).
2. Retrieval, the local rule as joins: the candidates' distinct seed n-grams, minus the
   boilerplate ones (in more than ``max(df_floor, max_df * documents)`` sources; dropped
   before the big join, with a broadcast anti-join), joined with the fingerprints on
   ``hash``; sources sharing at least ``min_shared`` n-grams (fewer for a short candidate,
   `reusecheck.retrieve.for_candidate`) are ranked per candidate by shared n-grams (ties
   by id) and the ``top_k`` best kept; from an archive, with the template model of the
   local stores (`reusecheck.templates`: specific seeds admit and rank sources, and are
   handed to the engine, which judges passages by them; see `retrieve`). Hot n-grams
   (in more than ``salt_above`` sources, still under the cut-off) are salted: their
   postings are spread over ``salts`` join keys (by document) and their candidate rows
   copied to each, so no one task joins all of a hot n-gram's postings (see `Salting`).
3. Each candidate with its ranked sources' records goes to ``mapPartitions``, where
   `reusecheck.engine.Checker.check_one` aligns, scores, extracts credits, runs the rules
   and gives the derivation verdict, exactly as ``reusecheck check --index`` does.

Output folder: ``results.jsonl/`` (text part files, in candidate order: one ``result``
line per candidate in the CLI's ``jsonl`` format, then ``error`` and ``warning`` lines)
and ``findings/`` (Parquet, one row per finding).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from reusecheck.retrieve import RetrievalSettings, df_cutoff, for_candidate
from reusecheck_spark.executor import DOC, RunSpec, check_rows
from reusecheck_spark.index import analyzed_frame, problem_lines, read_meta, spec_settings
from reusecheck_spark.records import DOCUMENT_COLUMNS
from reusecheck_spark.session import HadoopFiles, stage, staged_output
from reusecheck_spark.sources import TASKS_PER_CORE

# Below this many boilerplate n-grams the anti-join broadcasts them to every task.
BROADCAST_ROWS = 2_000_000


@dataclass(frozen=True)
class CheckSummary:
    candidates: int
    with_reuse: int
    findings: int
    errors: int


def finding_schema() -> Any:
    from pyspark.sql.types import IntegerType, StringType, StructField, StructType

    text = StringType()
    return StructType([
        StructField("candidate", text, False), StructField("path", text, True), StructField("rule", text, False),
        StructField("name", text, False), StructField("severity", text, False), StructField("message", text, False),
        StructField("source", text, True), StructField("candidate_start", IntegerType(), True),
        StructField("candidate_end", IntegerType(), True), StructField("evidence", text, False),
    ])


def output_schema() -> Any:
    from pyspark.sql.types import ArrayType, LongType, StringType, StructField, StructType

    return StructType([
        StructField("order", LongType(), False), StructField("kind", StringType(), False),
        StructField("line", StringType(), False), StructField("findings", ArrayType(finding_schema()), False),
    ])


@dataclass(frozen=True)
class Salting:
    """Hot n-grams (in more than ``above`` sources, under the boilerplate cut-off) join on
    ``(hash, salt)``: a posting's salt is a hash of its document number modulo ``salts``,
    and each candidate row of a hot n-gram is copied once per salt, so a hot n-gram's
    postings are joined by ``salts`` tasks instead of one; other n-grams keep salt 0. The
    counts per (candidate, source) are the same as without salting."""

    salts: int = 16
    above: int = 1000


def salted(seeds: Any, postings: Any, hot: Any, salts: int) -> tuple[Any, Any]:
    """``seeds`` (order, hash, ...) and ``postings`` (hash, doc) with a ``salt`` column each
    (see `Salting`); ``hot`` holds the hot n-grams' ``hash``es (small: broadcast)."""
    from pyspark.sql import functions as F

    flagged = F.broadcast(hot.select("hash", F.lit(True).alias("hot")))
    every_salt = F.sequence(F.lit(0), F.lit(salts - 1))
    seeds = seeds.join(flagged, "hash", "left").select(
        *seeds.columns, F.explode(F.when(F.col("hot"), every_salt).otherwise(F.array(F.lit(0)))).alias("salt"))
    postings = postings.join(flagged, "hash", "left").select(
        "hash", "doc", F.when(F.col("hot"), F.pmod(F.xxhash64("doc"), F.lit(salts))).otherwise(F.lit(0)).alias("salt"))
    return seeds, postings


def retrieve(spark: Any, candidates: Any, index: str, meta: dict[str, Any], spec: RunSpec,
             salting: Salting = Salting()) -> Any:
    """Per candidate ``order``, its ranked sources: ``sources`` = [(rank, number, document)],
    and ``specific``: from an archive, the candidate's specific seeds its ranked sources
    hold (`reusecheck.templates`; the engine only ever asks about those), else null.

    In an archive (at least ``min_archive`` sources) a seed is specific when its document
    frequency, counted over its postings, is at most its `reusecheck.templates.seed_limits`
    (the ``limits`` column of the candidates); sources are admitted by ``min_shared``
    shared seeds or ``admit_specific`` specific ones, and ranked by specific seeds, then
    shared ones, then id, as `reusecheck.retrieve.rank` does."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql.types import ArrayType, IntegerType, LongType

    settings = spec.options.retrieval
    cutoff = df_cutoff(settings, meta["documents"])
    archive = is_archive(meta, settings)
    # n-grams joined: those under the cut-off, and in an archive any that may still be specific
    joined_df = max(cutoff, settings.rare_df, settings.number_df) if archive else cutoff
    frequent = spark.read.parquet(f"{index}/frequent")
    boilerplate = frequent.filter(F.col("df") > joined_df).select("hash")
    if boilerplate.count() <= BROADCAST_ROWS:
        boilerplate = F.broadcast(boilerplate)
    if archive:
        seeds = candidates.select("order", F.explode(F.arrays_zip("hashes", "limits")).alias("s")) \
            .select("order", F.col("s.hashes").alias("hash"), F.col("s.limits").alias("limit"))
    else:
        seeds = candidates.select("order", F.explode("hashes").alias("hash"))
    seeds = seeds.join(boilerplate, "hash", "left_anti")
    postings = spark.read.parquet(f"{index}/fingerprints").select("hash", "doc")
    keys = ["hash"]
    hot = frequent.filter((F.col("df") > salting.above) & (F.col("df") <= joined_df)).select("hash")
    if salting.salts > 1 and not hot.isEmpty():
        seeds, postings = salted(seeds, postings, hot, salting.salts)
        keys.append("salt")
    least = F.udf(partial(_min_shared, settings), IntegerType(), useArrow=False)  # the local rule, short texts included
    needed = candidates.select("order", least(F.size("hashes")).alias("needed"))
    documents = spark.read.parquet(f"{index}/documents")
    pairs = seeds.join(postings, keys)
    if archive:
        df = F.count(F.lit(1)).over(Window.partitionBy("hash", "order"))  # the seed's postings: its frequency
        pairs = pairs.withColumn("df", df)
        specific = F.col("df") <= F.col("limit")
        shared = pairs.groupBy("order", "doc").agg(
            F.sum(F.when(F.col("df") <= cutoff, 1).otherwise(0)).alias("shared"),
            F.sum(specific.cast("int")).alias("specific"),
            F.collect_set(F.when(specific, F.col("hash"))).alias("held"),
        ).join(needed, "order").filter((F.col("shared") >= F.col("needed")) | (F.col("specific") >= settings.admit_specific))
        best = Window.partitionBy("order").orderBy(F.desc("specific"), F.desc("shared"), F.asc("id"))
    else:
        shared = pairs.groupBy("order", "doc").agg(F.count("*").alias("shared")).withColumn("held", F.lit(None)) \
            .join(needed, "order").filter(F.col("shared") >= F.col("needed"))
        best = Window.partitionBy("order").orderBy(F.desc("shared"), F.asc("id"))
    ranked = shared.join(documents.select(F.col("number").alias("doc"), "id"), "doc") \
        .withColumn("rank", F.row_number().over(best)).filter(F.col("rank") <= settings.top_k)
    records = documents.select(F.col("number").alias("doc"), F.struct(*DOCUMENT_COLUMNS).alias("document"))
    held = F.array_distinct(F.flatten(F.collect_list("held"))) if archive else F.lit(None)
    return ranked.select("order", "doc", "rank", "held").join(records, "doc").groupBy("order").agg(
        F.collect_list(F.struct("rank", F.col("doc").alias("number"), "document")).alias("sources"),
        held.cast(ArrayType(LongType())).alias("specific"),
    )


def is_archive(meta: dict[str, Any], settings: RetrievalSettings) -> bool:
    """Whether the index holds enough sources to tell templates (as the local stores' ``is_archive``)."""
    return bool(meta["documents"] >= settings.min_archive)


def _min_shared(settings: RetrievalSettings, seeds: int) -> int:
    return for_candidate(settings, seeds).min_shared


def run_check(spark: Any, spec: RunSpec, candidates_path: str, index: str, out: str, *,
              declared: str = "auto", overwrite: bool = False, salting: Salting = Salting()) -> CheckSummary:
    """Check the candidates against the Spark index; write the results to ``out``."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    files = HadoopFiles(spark)
    index = index.rstrip("/")
    meta = read_meta(files, index, spec_settings(spec), spec.options.retrieval)
    archive = is_archive(meta, spec.options.retrieval)
    with staged_output(files, out, overwrite) as folder:
        with stage(spark, "read and fingerprint candidates"):
            analyzed = analyzed_frame(spark, spec, candidates_path, declared, spec.options.candidate_date, True) \
                .withColumnRenamed("number", "order")
            analyzed.count()
        candidates = analyzed.filter(F.col("kind") == DOC)
        with stage(spark, "retrieve sources"):
            sources = retrieve(spark, candidates, index, meta, spec, salting)
        rows = candidates.select("order", F.struct(*DOCUMENT_COLUMNS).alias("candidate")).join(sources, "order", "left") \
            .repartition(spark.sparkContext.defaultParallelism * TASKS_PER_CORE, "order")
        with stage(spark, "align, score and check"):
            checked = spark.createDataFrame(rows.rdd.mapPartitions(partial(check_rows, spec, archive)), output_schema(),
                                            verifySchema=False) \
                .persist(StorageLevel.MEMORY_AND_DISK)
            checked.count()
        problems = problem_lines(analyzed.withColumnRenamed("order", "number")).withColumnRenamed("number", "order")
        lines = checked.select(F.when(F.col("kind") == "result", 0).otherwise(1).alias("section"), "order", "line") \
            .unionByName(problems.select(F.lit(1).alias("section"), "order", "line"))
        with stage(spark, "write results"):
            lines.orderBy("section", "order").select("line").write.text(f"{folder}/results.jsonl")
        with stage(spark, "write findings"):
            checked.select(F.explode("findings").alias("f")).select("f.*").write.parquet(f"{folder}/findings")
        with stage(spark, "count"):
            totals = lines.agg(
                F.sum(F.when(F.col("section") == 0, 1).otherwise(0)).alias("candidates"),
                F.sum(F.when(F.get_json_object("line", "$.matches[0]").isNotNull(), 1).otherwise(0)).alias("reuse"),
                F.sum(F.when(F.get_json_object("line", "$.type") == "error", 1).otherwise(0)).alias("errors"),
            ).collect()[0]
            findings = checked.select(F.size("findings").alias("n")).agg(F.sum("n")).collect()[0][0] or 0
        analyzed.unpersist()
        checked.unpersist()
    return CheckSummary(totals["candidates"] or 0, totals["reuse"] or 0, int(findings), totals["errors"] or 0)
