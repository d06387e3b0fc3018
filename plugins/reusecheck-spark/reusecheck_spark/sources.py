"""Read documents from JSONL, Parquet or folders of files, on any Hadoop path.

Every reader gives an RDD of ``(path, data)`` inputs for the loader plugins on the
executors (`reusecheck_spark.executor.analyzed_rows`):

- ``jsonl``: files ending in ``.jsonl``/``.ndjson`` (a file, a folder or a glob), read as
  lines (UTF-8) so that big files split across tasks; each line is one record for the
  JSONL loader, exactly as ``reusecheck index add`` reads it.
- ``files``: every file below a folder (binary, whole), decoded and parsed by the same
  loader plugins as local files (text, JSONL, and any installed loader); files over the
  local size limit become errors.
- ``parquet``: rows with ``id`` and ``text`` columns, and optionally any other
  `reusecheck.Document` field (``date``, ``title``, ``publisher``, ``agency``, ``credits``
  as JSON, ...): a ``documents`` table of a Spark index is valid input.

Document paths (``path`` in reports) are spelt from the path given: ``corpus/`` holds
``corpus/a.txt``; a local path is first spelt as locally (`reusecheck.loaders.normalize_path`:
relative to the working folder when inside it, else absolute).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlparse

from reusecheck.builtin.jsonl_loader import SUFFIXES as JSONL_SUFFIXES
from reusecheck.errors import UsageError
from reusecheck.loaders import MAX_FILE_BYTES, normalize_path
from reusecheck_spark.executor import JsonLine
from reusecheck_spark.records import DOCUMENT_COLUMNS
from reusecheck_spark.session import HadoopFiles

FORMATS = ("auto", "jsonl", "files", "parquet")
TASKS_PER_CORE = 3  # read splits per core, so that every core has work and slow tasks even out
MIN_SPLIT_BYTES = 256 * 1024


def input_format(path: str, declared: str) -> str:
    """The reader for ``path``: as declared, else by its ending (``.parquet``, ``.jsonl``,
    ``.ndjson``; anything else is a folder of files)."""
    if declared != "auto":
        return declared
    name = path.lower().rstrip("/")
    if name.endswith(".parquet"):
        return "parquet"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return "files"


class PathNames:
    """Spells file URIs as reports name files: relative to the path the user gave."""

    def __init__(self, files: HadoopFiles, given: str) -> None:
        self.given = given if urlparse(given).scheme else normalize_path(given)
        self.root = _uri_path(files.qualified(_before_glob(given))).rstrip("/")

    def __call__(self, uri: str) -> str:
        path = _uri_path(uri)
        if path == self.root:
            return self.given
        if path.startswith(self.root + "/"):
            return self.given.rstrip("/") + path[len(self.root):]
        return uri


def _before_glob(path: str) -> str:
    cut = min((path.find(c) for c in "*?[{" if c in path), default=-1)
    return path if cut < 0 else path[:cut].rsplit("/", 1)[0] or "/"


def _uri_path(uri: str) -> str:
    return unquote(urlparse(uri).path)


def read_inputs(spark: Any, path: str, declared: str) -> Any:
    """An RDD of ``(path, data)``: ``data`` is bytes for the loaders, an int (the size of a
    file over the limit) or a dict of Parquet columns."""
    kind = input_format(path, declared)
    files = HadoopFiles(spark)
    names = PathNames(files, path)
    if kind in ("jsonl", "parquet"):
        _split_for_every_core(spark, files.size(path))
    try:
        if kind == "jsonl":
            return _jsonl(spark, path, names)
        if kind == "parquet":
            return _parquet(spark, path)
        return _files(spark, path, names)
    except Exception as exc:
        if type(exc).__name__ == "AnalysisException":
            raise UsageError(f"cannot read {kind} input ({str(exc).splitlines()[0]}); check the path and --input-format",
                             path) from None
        raise


def _split_for_every_core(spark: Any, size: int | None) -> None:
    """Lower ``spark.sql.files.maxPartitionBytes`` for this session when the input is too
    small to give every core `TASKS_PER_CORE` splits (a 20 MB JSONL file is one 128 MB
    split by default: one core would analyze it all). Splits keep the file order."""
    if not size:
        return
    conf = spark._jsparkSession.sessionState().conf()
    wanted = max(MIN_SPLIT_BYTES, size // (spark.sparkContext.defaultParallelism * TASKS_PER_CORE))
    if wanted < conf.filesMaxPartitionBytes():
        spark.conf.set("spark.sql.files.maxPartitionBytes", str(wanted))


def _jsonl(spark: Any, path: str, names: PathNames) -> Any:
    from pyspark.sql import functions as F

    lines = spark.read.text(path).select(F.input_file_name().alias("file"), "value")
    return lines.rdd.map(lambda row: (names(row.file), JsonLine(row.value.encode("utf-8"))))


def _files(spark: Any, path: str, names: PathNames) -> Any:
    from pyspark.sql import functions as F

    found = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(path)
    small = found.filter(F.col("length") <= MAX_FILE_BYTES).select("path", "content")
    large = found.filter(F.col("length") > MAX_FILE_BYTES).select("path", "length")
    return small.rdd.map(lambda row: (names(row.path), bytes(row.content))).union(
        large.rdd.map(lambda row: (names(row.path), int(row.length)))
    )


def _parquet(spark: Any, path: str) -> Any:
    table = spark.read.parquet(path)
    missing = [c for c in ("id", "text") if c not in table.columns]
    if missing:
        raise UsageError(f"the Parquet input has no {' or '.join(missing)} column; give id and text columns", path)
    columns = [c for c in DOCUMENT_COLUMNS if c in table.columns]
    return table.select(*columns).rdd.map(lambda row: (path, row.asDict()))
