"""reusecheck on Apache Spark: ``reusecheck spark index`` and ``reusecheck spark check``.

`plugin` registers the command (and imports nothing heavy); `sources` reads documents from
JSONL, Parquet and text folders; `index` writes the Parquet index; `check` retrieves and
checks candidates; `executor` is the code that runs on the executors: the same
`reusecheck.engine.Checker` the local command line uses.
"""

__version__ = "0.1.0"
