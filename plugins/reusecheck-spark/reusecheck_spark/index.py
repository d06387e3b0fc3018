"""``reusecheck spark index``: a Parquet index of the sources.

Layout of the index folder (written to a temporary folder next to it, moved into place
when complete):

- ``documents/``: one row per source: ``number`` (the key the fingerprints use), every
  `reusecheck.Document` field (``id``, ``text``, ``date``, ``agency``, ``credits`` as
  JSON, ...) and ``seeds`` (its number of distinct seed n-grams).
- ``fingerprints/``: one row per distinct seed n-gram of each source: ``doc`` (the
  document's number), ``hash`` (64-bit, as the local index stores it) and ``position``
  (token position of its first occurrence); partitioned by ``bucket`` (hash modulo the
  bucket count), so a join on ``hash`` reads evenly sized files.
- ``frequent/``: ``hash`` and ``df`` (documents holding it) of every n-gram in more than
  ``df_floor`` documents: the only ones the boilerplate cut-off can drop. `reusecheck
  spark check` computes the cut-off from it, as the local index does at query time.
- ``errors/``: JSON lines ``{"type": "error"|"warning", "path", "message"}`` for inputs
  that could not be indexed (one bad document never fails the job).
- ``_reusecheck.json``: format version, settings, counts; written last.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from reusecheck.errors import UsageError
from reusecheck.index import IndexSettings
from reusecheck.retrieve import RetrievalSettings
from reusecheck_spark.executor import DOC, RunSpec, analyzed_rows
from reusecheck_spark.records import DOCUMENT_COLUMNS, document_fields
from reusecheck_spark.session import HadoopFiles, stage, staged_output
from reusecheck_spark.sources import read_inputs

FORMAT = 1
META = "_reusecheck.json"
DEFAULT_BUCKETS = 32
NUMBER_BITS = 40  # a row's number: its input partition << NUMBER_BITS, plus its place there


@dataclass(frozen=True)
class IndexSummary:
    documents: int
    fingerprints: int
    errors: int
    warnings: int


def analyzed_schema() -> Any:
    """Rows of `reusecheck_spark.executor.analyzed_rows` with their ``number``."""
    from pyspark.sql.types import ArrayType, IntegerType, LongType, StringType, StructField, StructType

    return StructType([
        StructField("number", LongType(), False),
        StructField("kind", StringType(), False),
        StructField("problem_path", StringType(), True),
        StructField("problem_message", StringType(), True),
        *document_fields(),
        StructField("hashes", ArrayType(LongType(), False), True),
        StructField("positions", ArrayType(IntegerType(), False), True),
        StructField("limits", ArrayType(IntegerType(), False), True),
    ])


def analyzed_frame(spark: Any, spec: RunSpec, path: str, declared: str, default_date: Any,
                   with_limits: bool = False) -> Any:
    """Every input document analyzed on the executors, numbered in reading order (input
    partition, then place in it: no extra pass to count), and the problems met, as one
    DataFrame (see `analyzed_schema`; ``limits`` only ``with_limits``); persisted."""
    from functools import partial

    from pyspark import StorageLevel

    analyze = partial(analyzed_rows, spec, default_date, with_limits)
    numbered = read_inputs(spark, path, declared).mapPartitionsWithIndex(
        lambda part, inputs: (((part << NUMBER_BITS) + k, *row) for k, row in enumerate(analyze(inputs)))
    )
    return spark.createDataFrame(numbered, analyzed_schema(), verifySchema=False).persist(StorageLevel.MEMORY_AND_DISK)


def problem_lines(frame: Any) -> Any:
    """The problems of an analyzed frame as JSON lines (``type``, ``path``, ``message``)."""
    from pyspark.sql import functions as F

    return frame.filter(F.col("kind") != DOC).select(
        "number",
        F.to_json(F.struct(F.col("kind").alias("type"), F.col("problem_path").alias("path"),
                           F.col("problem_message").alias("message"))).alias("line"),
    )


def build_index(spark: Any, spec: RunSpec, sources: str, out: str, *, declared: str = "auto",
                buckets: int = DEFAULT_BUCKETS, overwrite: bool = False) -> IndexSummary:
    """Index ``sources`` into the folder ``out`` (see the module's docstring)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    files = HadoopFiles(spark)
    settings = spec.options.retrieval
    with staged_output(files, out, overwrite) as folder:
        with stage(spark, "read and fingerprint sources"):
            analyzed = analyzed_frame(spark, spec, sources, declared, None)
            analyzed.count()
        documents = analyzed.filter(F.col("kind") == DOC)
        # ids used again: found on (id, number) alone, so the documents themselves never shuffle
        first = Window.partitionBy("id").orderBy("number")
        again = documents.select("id", "number", "path").withColumn("copy", F.row_number().over(first)) \
            .filter(F.col("copy") > 1)
        kept = documents.join(F.broadcast(again.select("number")), "number", "left_anti")
        duplicates = again.select(
            "number",
            F.to_json(F.struct(F.lit("error").alias("type"), F.coalesce("path", "id").alias("path"),
                               F.format_string("id %s is used again; the first document with it is kept", "id")
                               .alias("message"))).alias("line"),
        )
        with stage(spark, "write documents"):
            kept.select("number", *DOCUMENT_COLUMNS, F.size("hashes").alias("seeds")) \
                .write.parquet(f"{folder}/documents")
        stored = spark.read.parquet(f"{folder}/documents")
        fingerprints = kept.select(F.col("number").alias("doc"), F.explode(F.arrays_zip("hashes", "positions")).alias("f")) \
            .select("doc", F.col("f.hashes").alias("hash"), F.col("f.positions").alias("position")) \
            .withColumn("bucket", F.pmod(F.col("hash"), F.lit(buckets)))
        with stage(spark, "write fingerprints"):
            fingerprints.repartition("bucket").write.partitionBy("bucket").parquet(f"{folder}/fingerprints")
        table = spark.read.parquet(f"{folder}/fingerprints")
        with stage(spark, "document frequencies"):
            table.groupBy("hash").agg(F.count("*").alias("df")).filter(F.col("df") > settings.df_floor) \
                .write.parquet(f"{folder}/frequent")
        with stage(spark, "write errors"):
            problems = problem_lines(analyzed).unionByName(duplicates)
            problems.orderBy("number").select("line").write.text(f"{folder}/errors")
        with stage(spark, "count"):
            counts = problems.groupBy(F.get_json_object("line", "$.type").alias("type")).count().collect()
            summary = IndexSummary(stored.count(), table.count(), *_problem_counts(counts))
        meta = {"format": FORMAT, "settings": asdict(spec_settings(spec)), "documents": summary.documents,
                "fingerprints": summary.fingerprints, "buckets": buckets, "df_floor": settings.df_floor}
        files.write_text(f"{folder}/{META}", json.dumps(meta, indent=1) + "\n")
        analyzed.unpersist()
    return summary


def _problem_counts(rows: list[Any]) -> tuple[int, int]:
    found = {row["type"]: row["count"] for row in rows}
    return found.get("error", 0), found.get("warning", 0)


def spec_settings(spec: RunSpec) -> IndexSettings:
    return IndexSettings.of(spec.options.text, spec.options.align.seed_ngram)


def read_meta(files: HadoopFiles, index: str, wanted: IndexSettings, retrieval: RetrievalSettings) -> dict[str, Any]:
    """The index's description; an unfinished index, a newer format, other text settings or
    a ``df_floor`` below the index's (whose ``frequent/`` table would miss n-grams) are errors."""
    meta_path = f"{index.rstrip('/')}/{META}"
    if not files.exists(meta_path):
        raise UsageError(f"not a finished Spark index (no {META}); build one with `reusecheck spark index`", index)
    meta: dict[str, Any] = json.loads(files.read_text(meta_path))
    if meta.get("format") != FORMAT:
        raise UsageError(f"Spark index format {meta.get('format')} is not this plugin's ({FORMAT}); "
                         "rebuild the index or upgrade reusecheck-spark", index)
    if meta.get("df_floor", 0) > retrieval.df_floor:
        raise UsageError(f"the index keeps document frequencies above {meta['df_floor']} sources only, this run's "
                         f"df_floor is {retrieval.df_floor}; build the index with this run's retrieval settings", index)
    stored = IndexSettings(**meta["settings"])
    if stored != wanted:
        raise UsageError(f"the index was built with {stored.describe()}, this run uses {wanted.describe()}; "
                         "use the index's settings or build a new index", index)
    return meta
