"""pytest plugin: ``pytest --reusecheck`` checks each article of a content folder as a test.

Registered through the ``pytest11`` entry point, so it is loaded wherever reusecheck is
installed; without ``--reusecheck`` it only declares its options. With it, every file under ``reusecheck_paths``
whose name ends in one of ``reusecheck_extensions`` becomes a test item that fails with
the article's findings at or above the fail level (and on input errors). Sources are read
once per session and shared by all items.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

import reusecheck
from reusecheck.cli.index import index_store
from reusecheck.engine import Checker, CheckOptions, SourceStore
from reusecheck.errors import ReusecheckError
from reusecheck.formats import LineIndex, RenderContext, location_name
from reusecheck.models import Finding, Problem, Report, Severity
from reusecheck.plugins import PluginSet

DEFAULT_EXTENSIONS = (".txt", ".md", ".html")
DEFAULT_FAIL_LEVEL = "warning"


@dataclass(frozen=True)
class Settings:
    """The effective settings: command-line options override the ini file's."""

    paths: tuple[Path, ...]
    extensions: tuple[str, ...]
    against: tuple[Path, ...]
    indexes: tuple[Path, ...]
    fail_level: Severity

    def is_article(self, path: Path) -> bool:
        """A file to check: the right extension, inside the content paths, not a source."""
        if path.suffix.lower() not in self.extensions:
            return False
        if self.paths and not any(_is_within(path, root) for root in self.paths):
            return False
        return not any(_is_within(path, source) for source in (*self.against, *self.indexes))


@dataclass(frozen=True)
class Session:
    """What every item of one pytest session shares: plugins, options, the loaded sources."""

    plugins: PluginSet
    options: CheckOptions
    stores: tuple[SourceStore, ...]
    source_report: Report


settings_key = pytest.StashKey[Settings]()
session_key = pytest.StashKey[Session]()


def _is_within(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _shown(path: Path, config: pytest.Config) -> str:
    """The path as reports show it: relative to the invocation folder when inside it."""
    base = config.invocation_params.dir
    if _is_within(path, base) and Path.cwd() == base:
        return os.path.relpath(path, base)
    return str(path)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("reusecheck", "reusecheck: articles checked for passages reused from sources")
    group.addoption(
        "--reusecheck", action="store_true", default=False,
        help="collect the articles under reusecheck_paths as tests that fail on reuse findings",
    )
    group.addoption(
        "--reusecheck-against", action="append", default=[], metavar="PATH",
        help="source file or folder (repeatable; replaces the reusecheck_against ini value)",
    )
    group.addoption(
        "--reusecheck-index", action="append", default=[], metavar="PATH",
        help="a reusecheck source index to check against (repeatable; replaces the reusecheck_index ini value)",
    )
    group.addoption(
        "--reusecheck-fail-level", metavar="LEVEL",
        help="fail an article on findings at or above this severity: error, warning or info "
        f"(default: the reusecheck_fail_level ini value, else {DEFAULT_FAIL_LEVEL})",
    )
    parser.addini("reusecheck_paths", type="paths", default=[],
                  help="folders or files holding the articles (default: whatever pytest collects)")
    parser.addini("reusecheck_extensions", type="args", default=list(DEFAULT_EXTENSIONS),
                  help="file name endings of articles (default: .txt .md .html)")
    parser.addini("reusecheck_against", type="paths", default=[], help="source files or folders")
    parser.addini("reusecheck_index", type="paths", default=[], help="source indexes (`reusecheck index add`)")
    parser.addini("reusecheck_fail_level", default=DEFAULT_FAIL_LEVEL,
                  help=f"fail an article on findings at or above this severity (default: {DEFAULT_FAIL_LEVEL})")


def _paths(config: pytest.Config, name: str) -> tuple[Path, ...]:
    """The ``--NAME`` option's paths, else the ini value's; a missing one is a usage error."""
    paths = tuple(Path(p).resolve() for p in config.getoption(name) or config.getini(name))
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        option = "--" + name.replace("_", "-")
        raise pytest.UsageError(f"reusecheck: {missing[0]} does not exist; check {option} / {name}")
    return paths


def _settings(config: pytest.Config) -> Settings:
    against, indexes = _paths(config, "reusecheck_against"), _paths(config, "reusecheck_index")
    if not against and not indexes:
        raise pytest.UsageError(
            "--reusecheck needs sources: give --reusecheck-against PATH or --reusecheck-index PATH, "
            "or set reusecheck_against or reusecheck_index in the ini file"
        )
    level = config.getoption("reusecheck_fail_level") or config.getini("reusecheck_fail_level")
    try:
        fail_level = Severity.parse(level)
    except ValueError as exc:
        raise pytest.UsageError(f"reusecheck fail level: {exc}") from None
    extensions = tuple(e.lower() if e.startswith(".") else f".{e.lower()}" for e in config.getini("reusecheck_extensions"))
    paths = tuple(Path(p).resolve() for p in config.getini("reusecheck_paths"))
    return Settings(paths, extensions, against, indexes, fail_level)


def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("reusecheck"):
        return
    settings = _settings(config)
    config.stash[settings_key] = settings
    config.addinivalue_line("markers", "reusecheck: an article checked for reused passages by reusecheck")
    if config.args_source is not pytest.Config.ArgsSource.ARGS:
        # No paths on the command line: collect the content folders as well as testpaths.
        collected = [Path(arg).resolve() for arg in config.args]
        config.args.extend(str(p) for p in settings.paths if not any(_is_within(p, c) for c in collected))


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> ArticleFile | None:
    settings = parent.config.stash.get(settings_key, None)
    if settings is None or not settings.is_article(file_path.resolve()):
        return None
    return ArticleFile.from_parent(parent, path=file_path)


def _session(config: pytest.Config) -> Session:
    """Load plugins and sources on first use; every item reuses them."""
    if session_key not in config.stash:
        settings = config.stash[settings_key]
        checker = Checker()
        stores: list[SourceStore] = [checker.memory_store([_shown(p, config) for p in settings.against])]
        for path in settings.indexes:
            try:
                store = index_store(_shown(path, config), checker)
            except ReusecheckError as exc:
                checker.errors.append(Problem(exc.path or _shown(path, config), exc.message))
                continue
            config.add_cleanup(store.close)
            stores.append(store)
        source_report = Report((), tuple(checker.errors), tuple(checker.warnings))
        config.stash[session_key] = Session(checker.plugins, checker.options, tuple(stores), source_report)
    return config.stash[session_key]


class ArticleFile(pytest.File):
    """One article; collects a single item that checks it."""

    def collect(self) -> list[ArticleItem]:
        return [ArticleItem.from_parent(self, name="reusecheck")]


class ReuseFound(Exception):
    """An article has findings at or above the fail level, or could not be read."""


class ArticleItem(pytest.Item):
    """Checks one article against the session's sources."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.add_marker("reusecheck")

    def runtest(self) -> None:
        session = _session(self.config)
        fail_level = self.config.stash[settings_key].fail_level
        if session.source_report.errors:
            raise ReuseFound(_problems("cannot use the sources", session.source_report))
        report = reusecheck.check([_shown(self.path, self.config)], options=session.options, plugins=session.plugins, stores=session.stores)
        failing = [f for r in report.results for f in r.findings if f.severity >= fail_level]
        if report.errors:
            raise ReuseFound(_problems("cannot check the article", report))
        if failing:
            raise ReuseFound(_failure(report, failing, fail_level, session.plugins))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: str | None = None) -> str:  # type: ignore[override]
        if isinstance(excinfo.value, ReuseFound):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style=style))  # type: ignore[arg-type]

    def reportinfo(self) -> tuple[Path, None, str]:
        return self.path, None, f"reusecheck {self.nodeid}"


def _problems(headline: str, report: Report) -> str:
    return "\n".join([f"{headline}:", *(f"  {p.path}: {p.message}" for p in report.errors)])


def _failure(report: Report, failing: list[Finding], fail_level: Severity, plugins: PluginSet) -> str:
    """The failing findings as path:line:column lines, then the full text report."""
    result = report.results[0]
    index = LineIndex(result.candidate.text)
    lines = [f"{len(failing)} reusecheck finding(s) at or above {fail_level}:"]
    for finding in failing:
        where = location_name(result.candidate)
        if finding.candidate_start is not None:
            line, column = index.position(finding.candidate_start)
            where = f"{where}:{line}:{column}"
        lines.append(f"  {where}: {finding.severity} {finding.rule} {finding.name}: {finding.message}")
    lines += ["", plugins.formats["text"].output(report, RenderContext(plugins.rules, fail_level))]
    return "\n".join(lines)
