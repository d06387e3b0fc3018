"""The SparkSession, named stages, and files through Hadoop's FileSystem (local, HDFS, S3)."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Iterator, Sequence
from typing import Any

from reusecheck.errors import UsageError

APP_NAME = "reusecheck"
log = logging.getLogger("reusecheck_spark")


def start(master: str | None, conf: Sequence[tuple[str, str]], app: str = APP_NAME) -> Any:
    """A SparkSession: the one spark-submit set up, else a new one (``master``, default
    ``local[*]``). Local workers run this Python, so they import this reusecheck."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise UsageError("pyspark is not installed; pip install 'reusecheck-spark[pyspark]' "
                         "(or run through spark-submit on a cluster)") from None
    if (master or "local").startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    elif "SPARK_HOME" not in os.environ and not os.environ.get("PYSPARK_SUBMIT_ARGS"):
        builder = builder.master("local[*]")
    for key, value in conf:
        builder = builder.config(key, value)
    return builder.getOrCreate()


@contextlib.contextmanager
def stage(spark: Any, name: str) -> Iterator[None]:
    """Name the jobs and stages started inside (the Spark UI shows ``reusecheck: name``);
    log its wall time (logger ``reusecheck_spark``, level INFO)."""
    context = spark.sparkContext
    label = f"reusecheck: {name}"
    context.setJobDescription(label)
    context.setLocalProperty("callSite.short", label)
    context.setLocalProperty("callSite.long", label)
    started = time.perf_counter()
    try:
        yield
    finally:
        log.info("%s: %.1f s", label, time.perf_counter() - started)
        context.setJobDescription(None)
        context.setLocalProperty("callSite.short", None)
        context.setLocalProperty("callSite.long", None)


class HadoopFiles:
    """Paths through Hadoop's FileSystem, so local paths, ``hdfs://`` and ``s3a://`` work alike."""

    def __init__(self, spark: Any) -> None:
        self._jvm = spark.sparkContext._jvm
        self._conf = spark.sparkContext._jsc.hadoopConfiguration()

    def _fs(self, path: str) -> tuple[Any, Any]:
        hadoop_path = self._jvm.org.apache.hadoop.fs.Path(path)
        return hadoop_path.getFileSystem(self._conf), hadoop_path

    def qualified(self, path: str) -> str:
        fs, hadoop_path = self._fs(path)
        return str(fs.makeQualified(hadoop_path).toString())

    def size(self, path: str) -> int | None:
        """Bytes under ``path`` (a file or folder; None for a glob or a missing path)."""
        fs, hadoop_path = self._fs(path)
        if any(c in path for c in "*?[{") or not fs.exists(hadoop_path):
            return None
        return int(fs.getContentSummary(hadoop_path).getLength())

    def exists(self, path: str) -> bool:
        fs, hadoop_path = self._fs(path)
        return bool(fs.exists(hadoop_path))

    def delete(self, path: str) -> None:
        fs, hadoop_path = self._fs(path)
        fs.delete(hadoop_path, True)

    def rename(self, source: str, target: str) -> None:
        fs, hadoop_source = self._fs(source)
        if not fs.rename(hadoop_source, self._jvm.org.apache.hadoop.fs.Path(target)):
            raise UsageError(f"cannot move the finished output from {source}; check the folder's permissions", target)

    def write_text(self, path: str, text: str) -> None:
        fs, hadoop_path = self._fs(path)
        stream = fs.create(hadoop_path, True)
        try:
            stream.write(bytearray(text.encode("utf-8")))
        finally:
            stream.close()

    def read_text(self, path: str) -> str:
        fs, hadoop_path = self._fs(path)
        stream = fs.open(hadoop_path)
        try:
            reader = self._jvm.java.io.BufferedReader(self._jvm.java.io.InputStreamReader(stream, "UTF-8"))
            lines = []
            while (line := reader.readLine()) is not None:
                lines.append(line)
            return "\n".join(lines)
        finally:
            stream.close()


@contextlib.contextmanager
def staged_output(files: HadoopFiles, out: str, overwrite: bool) -> Iterator[str]:
    """A temporary folder next to ``out`` to write into; moved to ``out`` only when the
    block finishes, so a failed run never leaves a half-written index or result."""
    if files.exists(out) and not overwrite:
        raise UsageError("already exists; remove it, choose another --out, or give --overwrite", out)
    temporary = out.rstrip("/") + f".partial-{os.getpid()}"
    files.delete(temporary)
    try:
        yield temporary
    except BaseException:
        files.delete(temporary)
        raise
    if files.exists(out):
        files.delete(out)
    files.rename(temporary, out)
