"""The articles as pytest items: what ``pytest --reusecheck`` collects and runs.

Loaded by `reusecheck.pytest_plugin` only when ``--reusecheck`` is given, so that a pytest
run without it does not pay for importing the engine.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import reusecheck
from reusecheck import arguments, baseline, run_setup, settings
from reusecheck.config import Configuration
from reusecheck.decide import Policy
from reusecheck.engine import Checker, SourceStore
from reusecheck.errors import ReusecheckError
from reusecheck.formats import LineIndex, RenderContext, location_name
from reusecheck.models import Finding, Problem, Report, Severity
from reusecheck.options import Option

if TYPE_CHECKING:
    from _pytest._code.code import TracebackStyle  # the styles pytest's Node.repr_failure takes


@dataclass(frozen=True)
class Settings:
    """Which files are articles."""

    paths: tuple[Path, ...]
    extensions: tuple[str, ...]
    sources: tuple[Path, ...]  # --against and --index paths: never articles

    def is_article(self, path: Path) -> bool:
        """A file to check: the right extension, inside the content paths, not a source."""
        if path.suffix.lower() not in self.extensions:
            return False
        if self.paths and not any(_is_within(path, root) for root in self.paths):
            return False
        return not any(_is_within(path, source) for source in self.sources)


@dataclass
class Run:
    """What every item of one session shares: the checker, the policy, and the sources
    (``against``, ``indexes``) and ``baseline`` file, loaded on first use."""

    checker: Checker
    policy: Policy
    against: tuple[str, ...]
    indexes: tuple[str, ...]
    baseline: str | None
    stores: tuple[SourceStore, ...] = ()
    source_errors: tuple[Problem, ...] = ()
    loaded: bool = False


settings_key = pytest.StashKey[Settings]()
run_key = pytest.StashKey[Run]()
collected_key = pytest.StashKey[set[Path]]()


def _is_within(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _shown(path: Path, config: pytest.Config) -> str:
    """The path as reports show it: relative to the invocation folder when inside it."""
    base = config.invocation_params.dir
    if _is_within(path, base) and Path.cwd() == base:
        return os.path.relpath(path, base)
    return str(path)


def _paths(config: pytest.Config, name: str) -> tuple[Path, ...]:
    """The ``--NAME`` option's paths, else the ini value's; a missing one is a usage error."""
    paths = tuple(Path(p).resolve() for p in config.getoption(name) or config.getini(name))
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        option = "--" + name.replace("_", "-")
        raise pytest.UsageError(f"reusecheck: {missing[0]} does not exist; check {option} / {name}")
    return paths


def _given(config: pytest.Config, plugin_options: Sequence[Option]) -> dict[str, Any]:
    """The values of ``reusecheck check`` options the pytest options give, by name: the
    sources and fail level, then ``reusecheck_args`` (command-line syntax: repeatable
    options add to the sources, others win over the fail level)."""
    given: dict[str, Any] = {}
    for name in ("against", "index"):
        if paths := [_shown(p, config) for p in _paths(config, f"reusecheck_{name}")]:
            given[name] = paths
    level = config.getoption("reusecheck_fail_level") or config.getini("reusecheck_fail_level")
    if level:
        try:
            given["fail_level"] = Severity.parse(level)
        except ValueError as exc:
            raise pytest.UsageError(f"reusecheck fail level: {exc}") from None
    for name, value in arguments.given(config.getini("reusecheck_args"), plugin_options, where="reusecheck_args").items():
        given[name] = given[name] + value if isinstance(value, list) and name in given else value
    return given


def _check_values(config: pytest.Config) -> tuple[dict[str, Any], Configuration]:
    """The run's option values, by name (the pytest options, then the reusecheck
    configuration, then the defaults: `reusecheck.settings.resolve`), and the configuration."""
    plugin_options = run_setup.command_line_options()
    try:
        given = _given(config, plugin_options)
        values, configuration = settings.resolve(
            given, isolated=given.get("isolated", False), config_file=given.get("config_file"), plugin_options=plugin_options)
    except ReusecheckError as exc:
        print(f"reusecheck: error: {exc}", file=sys.stderr)
        raise pytest.UsageError("reusecheck: invalid reusecheck_args or reusecheck configuration (see above)") from None
    if not values["against"] and not values["index"]:
        raise pytest.UsageError(
            "--reusecheck needs sources: give --reusecheck-against PATH or --reusecheck-index PATH, "
            "set reusecheck_against or reusecheck_index in the ini file, or against in the reusecheck configuration"
        )
    return {**given, **values}, configuration


def configure(config: pytest.Config) -> None:
    """Set up the session's checker from the pytest options (``--reusecheck`` is on)."""
    values, configuration = _check_values(config)
    extensions = tuple(e.lower() if e.startswith(".") else f".{e.lower()}" for e in config.getini("reusecheck_extensions"))
    paths = tuple(Path(p).resolve() for p in config.getini("reusecheck_paths"))
    sources = tuple(Path(p).resolve() for p in (*values["against"], *values["index"]))
    articles = Settings(paths, extensions, sources)
    try:
        plugins = run_setup.plugins(values)
        checker = Checker(run_setup.configured(run_setup.check_options(values), plugins, configuration), plugins)
    except ReusecheckError as exc:
        raise pytest.UsageError(f"reusecheck: {exc}") from None
    config.stash[settings_key] = articles
    baseline_file = None if values.get("no_baseline") else values["baseline"]
    config.stash[run_key] = Run(checker, run_setup.policy(checker, values), tuple(values["against"]), tuple(values["index"]),
                                baseline_file)
    config.addinivalue_line("markers", "reusecheck: an article checked for reused passages by reusecheck")
    if config.args_source is not pytest.Config.ArgsSource.ARGS:
        # No paths on the command line: collect the content folders as well as testpaths.
        collected = [Path(arg).resolve() for arg in config.args]
        config.args.extend(str(p) for p in articles.paths if not any(_is_within(p, c) for c in collected))


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Do not go round a loop: a symbolic link to a folder that holds it is not collected."""
    if collection_path.is_symlink() and collection_path.is_dir():
        target = collection_path.resolve()
        if _is_within(collection_path.parent.resolve(), target):
            return True
    return None


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> ArticleFile | None:
    settings = parent.config.stash.get(settings_key, None)
    if settings is None or not settings.is_article(file_path.resolve()):
        return None
    seen = parent.config.stash.setdefault(collected_key, set())
    if file_path.resolve() in seen:  # the same article reached again through a symbolic link
        return None
    seen.add(file_path.resolve())
    return ArticleFile.from_parent(parent, path=file_path)


def _loaded(config: pytest.Config) -> Run:
    """The session's run with its sources, indexes and baseline, loaded on first use."""
    run = config.stash[run_key]
    if run.loaded:
        return run
    checker = run.checker
    stores: list[SourceStore] = [checker.memory_store(run.against)]
    problems = list(checker.errors)  # the plugins' and the sources'
    for path in run.indexes:
        try:
            store = checker.index_store(path)
        except ReusecheckError as exc:
            problems.append(Problem(exc.path or path, exc.message))
            continue
        config.add_cleanup(store.close)
        stores.append(store)
    if run.baseline:
        try:
            run.policy = replace(run.policy, accepted=baseline.load(run.baseline), baseline_root=baseline.root_of(run.baseline))
        except ReusecheckError as exc:
            problems.append(Problem(exc.path or run.baseline, exc.message))
    run.stores, run.source_errors, run.loaded = tuple(stores), tuple(problems), True
    return run


class ArticleFile(pytest.File):
    """One article; collects a single item that checks it."""

    def collect(self) -> list[ArticleItem]:
        return [ArticleItem.from_parent(self, name="reusecheck")]


class ReuseFound(Exception):
    """An article has findings at or above the fail level, or could not be checked."""


class ArticleItem(pytest.Item):
    """Checks one article against the session's sources."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.add_marker("reusecheck")

    def runtest(self) -> None:
        run = _loaded(self.config)
        if run.source_errors:
            raise ReuseFound(_problems("cannot use the sources", run.source_errors))
        checker = run.checker
        report = reusecheck.check([_shown(self.path, self.config)], options=checker.options, plugins=checker.plugins, stores=run.stores)
        report = run.policy.shown(report)[0]
        if report.errors:
            raise ReuseFound(_problems("cannot check the article", report.errors))
        failing = run.policy.failing(f for r in report.results for f in r.findings)
        if failing:
            raise ReuseFound(_failure(report, failing, RenderContext(checker.plugins.rules, run.policy.fail_level), checker))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: TracebackStyle | None = None) -> str:
        if isinstance(excinfo.value, ReuseFound):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style=style))

    def reportinfo(self) -> tuple[Path, None, str]:
        return self.path, None, f"reusecheck {self.nodeid}"


def _problems(headline: str, problems: tuple[Problem, ...]) -> str:
    return "\n".join([f"{headline}:", *(f"  {p.path}: {p.message}" for p in problems)])


def _failure(report: Report, failing: list[Finding], context: RenderContext, checker: Checker) -> str:
    """The failing findings as path:line:column lines, then the full text report."""
    result = report.results[0]
    index = LineIndex.of(result.candidate)
    lines = [f"{len(failing)} reusecheck finding(s) at or above {context.fail_level}:"]
    for finding in failing:
        where = location_name(result.candidate)
        if finding.candidate_start is not None:
            line, column = index.position(finding.candidate_start)
            where = f"{where}:{line}:{column}"
        lines.append(f"  {where}: {finding.severity} {finding.rule} {finding.name}: {finding.message}")
    lines += ["", checker.plugins.formats["text"].output(report, context)]
    return "\n".join(lines)
