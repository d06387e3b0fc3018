"""Setting up a check run from option values: what the command line, the configuration
file and the pytest plugin give, by option name (``threshold``, ``fail_level``, ...; the
names `reusecheck check` stores its options under), becomes the engine's `CheckOptions`,
the loaded plugins, the decide stage's `Policy` and the source stores, opened and closed.

No argparse here: `reusecheck.cli` parses, this module sets up, the engine runs.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import fields, replace
from typing import Any

from reusecheck.align import AlignSettings
from reusecheck.config import (
    COMMAND_LINE,
    Configuration,
    Setting,
    agency_policies,
    plugin_option_values,
)
from reusecheck.credits import load_agencies
from reusecheck.decide import Policy
from reusecheck.derivation import load_model
from reusecheck.engine import Checker, CheckOptions, SourceStore
from reusecheck.errors import ReusecheckError, UsageError
from reusecheck.loaders import MIB
from reusecheck.options import Option, plugin_options
from reusecheck.plugins import PluginSet, load_plugins
from reusecheck.retrieve import RetrievalSettings
from reusecheck.selection import FileSelection
from reusecheck.text import TextSettings

Values = Mapping[str, Any]


def text_settings(values: Values) -> tuple[TextSettings, AlignSettings]:
    """The text and alignment settings (``language``, ``no_spelling_variants``, ``ngram``,
    ``max_gap``, ``min_words``); bad values are a usage error."""
    language = None if values["language"].lower() == "none" else values["language"].lower()
    try:
        return (
            TextSettings(language=language, fold_spelling=not values["no_spelling_variants"]),
            AlignSettings(seed_ngram=values["ngram"], max_gap=values["max_gap"], min_words=values["min_words"]),
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def text_options(values: Values) -> CheckOptions:
    """The options of a command that reads texts without checking them (``index add``,
    ``pan align``, ``train-verdict``): `text_settings` and the ``encoding``."""
    text, align = text_settings(values)
    return CheckOptions(text=text, align=align, encoding=values["encoding"])


def retrieval_settings(values: Values) -> RetrievalSettings:
    """The retrieval settings (``top_k``, ``min_shared``, ``max_df``, ...: the options of the
    "retrieval" group are named as the `RetrievalSettings` fields)."""
    return RetrievalSettings(**{f.name: values[f.name] for f in fields(RetrievalSettings)})


def file_selection(values: Values) -> FileSelection:
    """Which files of a folder are checked (``include``, ``exclude`` and their extensions,
    ``respect_gitignore``, ``force_exclude``)."""
    return FileSelection(
        include=(*values["include"], *values["extend_include"]),
        exclude=(*values["exclude"], *values["extend_exclude"]),
        respect_gitignore=values["respect_gitignore"],
        force_exclude=values["force_exclude"],
    )


def check_options(values: Values) -> CheckOptions:
    """The engine's options from a check run's option values."""
    text, align = text_settings(values)
    try:
        return CheckOptions(
            text=text,
            align=align,
            retrieval=retrieval_settings(values),
            threshold=values["threshold"],
            severities=dict(values["severity"]),
            scorers=tuple(values["scorer"]) if values["scorer"] else None,
            encoding=values["encoding"],
            candidate_date=values["candidate_date"],
            source_date=values["source_date"],
            agencies=load_agencies(values["agencies"]) if values["agencies"] else None,
            all_sources=values["all_sources"],
            files=file_selection(values),
            verdict_model=load_model(values["verdict_model"]) if values["verdict_model"] else None,
            source_agency=values["source_agency"],
            max_file_bytes=values["max_file_size"] * MIB,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def plugins(values: Values) -> PluginSet:
    """The plugins: built-ins, installed ones, ``plugin_modules`` (``no:NAME`` blocks one)
    and ``plugin_files``. Not yet configured (see `PluginSet.configure`). Without modules
    and files, ``known_plugins`` (the set the command line was built from) if given."""
    blocked = [m[3:] for m in values["plugin_modules"] if m.startswith("no:")]
    modules = [m for m in values["plugin_modules"] if not m.startswith("no:")]
    known = values.get("known_plugins")
    if isinstance(known, PluginSet) and not (blocked or modules or values["plugin_files"]):
        return known
    return load_plugins(modules=modules, files=values["plugin_files"], blocked=blocked)


def configured(options: CheckOptions, plugins: PluginSet, configuration: Configuration) -> CheckOptions:
    """``options`` with the configuration's per-path overrides, licence terms and plugin options.

    Checks the configured rule codes, formats and plugin options against the loaded plugins
    (errors name the file and line) and hands each plugin its options (``reusecheck_configure``).
    """
    config = configuration.file
    for code, where in configuration.rule_codes:
        if code not in plugins.rules:
            raise ReusecheckError(f"no rule {code!r} (severity); `reusecheck rules` lists them", where)
    for name, where in _configured_formats(configuration):
        if name not in plugins.formats:
            close = difflib.get_close_matches(name, list(plugins.formats), n=1)
            hint = f"did you mean {close[0]!r}?" if close else "`reusecheck plugins` lists the formats"
            raise ReusecheckError(f"no format {name!r}; {hint}", where)
    values, _ = plugin_values(plugins, configuration)
    plugins.configure(values)
    rule_options = {**options.rule_options, "plugins": values}
    return replace(options, overrides=configuration.overrides, rule_options=rule_options,
                   agency_policies=agency_policies(config))


# The plugins a command line is being parsed with (`parsing_with`).
_PARSER_PLUGINS: ContextVar[PluginSet | None] = ContextVar("parser_plugins", default=None)


@contextlib.contextmanager
def parsing_with(plugins: PluginSet) -> Iterator[None]:
    """While the command line's parser is built: `command_line_options` called without
    plugins (as a plugin command's options do, through `add_config_options`) uses
    ``plugins`` instead of loading them again."""
    token = _PARSER_PLUGINS.set(plugins)
    try:
        yield
    finally:
        _PARSER_PLUGINS.reset(token)


def command_line_options(plugins: PluginSet | None = None) -> tuple[Option, ...]:
    """The options ``plugins`` add to the command line (`reusecheck.options.plugin_options`);
    by default those of the plugins known before a command line is read: the built-in and
    installed ones (the set the parser is being built with, `parsing_with`). A plugin whose
    declaration fails adds none here: the run that loads it reports the error
    (`plugin_values`)."""
    plugins = plugins or _PARSER_PLUGINS.get() or load_plugins()
    declared = plugins.declared_options(skip_failing=True)
    return plugin_options(declared)[0]


def plugin_values(plugins: PluginSet, configuration: Configuration) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str], str]]:
    """Each plugin's option values and their origins (`reusecheck.config.plugin_option_values`),
    with the values its command-line options were given (`reusecheck.settings.resolve`).
    A bad declaration is a `PluginError`."""
    declared = plugins.declared_options()
    _, errors = plugin_options(declared)
    if errors:
        raise errors[0]
    settled: dict[tuple[str, str], Setting] = {(s.plugin, s.key): s for s in configuration.settings if s.plugin}
    return plugin_option_values(declared, configuration.file, settled)


def _configured_formats(configuration: Configuration) -> list[tuple[str, str]]:
    """(format name, file:line) of the formats the configuration file names and the run uses."""
    config = configuration.file
    if config is None:
        return []
    origins = {s.key: s.origins for s in configuration.settings}
    found: list[tuple[str, str]] = []
    if COMMAND_LINE not in origins.get("format", ()) and isinstance(config.table.get("format"), list):
        found += [(name, config.where("format")) for name in config.table["format"] if isinstance(name, str)]
    output = config.table.get("output")
    if isinstance(output, dict):
        found += [(name, config.where("output", name)) for name in output]
    elif isinstance(output, list):
        found += [(item.partition("=")[0], config.where("output")) for item in output if isinstance(item, str) and "=" in item]
    return found


def policy(checker: Checker, values: Values) -> Policy:
    """The run's policy: the checker's (threshold, severities, overrides) with the ``fail_level``."""
    return replace(checker.policy, fail_level=values["fail_level"])


@contextlib.contextmanager
def source_stores(checker: Checker, against: Sequence[str], indexes: Sequence[str]) -> Iterator[list[SourceStore]]:
    """The stores a run searches: the ``against`` sources in memory, then one store over
    every index (closed when the block ends)."""
    with contextlib.ExitStack() as opened:
        stores: list[SourceStore] = [checker.memory_store(against)]
        if indexes:
            stores.append(opened.enter_context(contextlib.closing(checker.index_store(indexes))))
        yield stores
