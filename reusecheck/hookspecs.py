"""Every hook a reusecheck plugin can implement.

A plugin is a module (or object) with functions named after these specs and marked with
``@reusecheck.hookimpl``. Built-in scorers, formats, loaders and rules use the same hooks.
Registration hooks receive a ``register`` callback and may call it any number of times;
registering a name that is already taken is an error (exit code 2), never a silent rename.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from reusecheck.commands import Command
    from reusecheck.config import PluginOption
    from reusecheck.credits import CreditExtractor
    from reusecheck.formats import Format
    from reusecheck.loaders import LoadOptions
    from reusecheck.models import Document
    from reusecheck.rules import Rule
    from reusecheck.scoring import Scorer

hookspec = pluggy.HookspecMarker("reusecheck")


@hookspec
def reusecheck_register_scorers(register: Callable[[Scorer], None]) -> None:
    """Register scorers: named numbers computed for each candidate-source match.

    :param register: call ``register(Scorer(name=..., score=..., description=..., unit=...))``
        once per scorer. ``score`` receives an :class:`reusecheck.Alignment` (the two
        documents, their tokens and the passages found) and returns a float.

    Called once per run, when the plugin manager is set up. Not firstresult.
    """


@hookspec
def reusecheck_register_formats(register: Callable[[Format], None]) -> None:
    """Register output formats (``--format NAME``).

    :param register: call ``register(Format(name=..., render=..., description=...))`` once
        per format. ``render`` receives the :class:`reusecheck.Report` and returns the whole
        output as a string. A ``render`` whose signature names a ``context`` parameter,
        ``render(report, context)``, also receives the :class:`reusecheck.RenderContext`
        (the run's rules, scorers and fail level).

    Called once per run. Not firstresult.
    """


@hookspec
def reusecheck_register_rules(register: Callable[[Rule], None]) -> None:
    """Register rules: checks that turn a candidate's matches and credits into findings.

    :param register: call ``register(Rule(code=..., name=..., severity=..., description=...,
        check=...))`` once per rule. ``check`` receives a :class:`reusecheck.RuleContext`
        and yields :class:`reusecheck.Finding` objects (``rule.finding(...)`` builds one).
        Codes are stable identifiers such as ``RC101``; third-party rules should use
        their own prefix.

    Called once per run. Not firstresult.
    """


@hookspec
def reusecheck_register_credit_extractors(register: Callable[[CreditExtractor], None]) -> None:
    """Register credit extractors: functions that find credits (datelines, bylines, ...).

    :param register: call ``register(CreditExtractor(name=..., extract=...))``; ``extract``
        receives a :class:`reusecheck.Document` and yields :class:`reusecheck.Credit`
        objects with character offsets into ``document.text``. An ``extract`` whose
        signature names an ``agencies`` parameter, ``extract(document, agencies)``, also
        receives the run's agency list (shipped plus ``--agencies`` files), to recognize
        agency names as the built-ins do.

    Called once per run. Not firstresult.
    """


@hookspec
def reusecheck_register_commands(register: Callable[[Command], None]) -> None:
    """Register subcommands of the command line: ``reusecheck NAME ...``.

    :param register: call ``register(Command(name=..., add_arguments=..., run=..., help=...))``
        once per command. ``add_arguments`` receives the command's
        ``argparse.ArgumentParser`` (it may add subparsers of its own); ``run`` receives the
        parsed ``argparse.Namespace`` and returns the exit code. A name that a built-in
        command or another plugin already uses is an error: the command is left out.

    Called once when the command line is built, for installed (entry-point) plugins only:
    ``-p`` and ``--plugin`` are read after the commands are chosen. Keep the plugin module
    cheap to import; import heavy dependencies inside ``run``. Not firstresult.
    """


@hookspec
def reusecheck_register_options(register: Callable[[PluginOption], None]) -> None:
    """Declare the options this plugin reads from ``[tool.reusecheck.plugins.NAME]``.

    :param register: call ``register(PluginOption(name=..., default=..., description=...))``
        once per option. ``NAME`` is the plugin's name as ``reusecheck plugins`` lists it;
        the option's type is the type of ``default``. A configuration that sets an option
        nobody declared, or a value of another type, is an error naming the file and line.
        ``PluginOption(..., command_line=True)`` makes it an option of ``reusecheck check``
        too: ``--NAME`` and the top-level configuration key ``NAME``.

    Called once per run, before ``reusecheck_configure``. Not firstresult.
    """


@hookspec
def reusecheck_configure(options: Mapping[str, Any]) -> None:
    """Receive this plugin's option values, before any document is checked.

    :param options: option name -> value for every option the plugin declared with
        ``reusecheck_register_options``: the configured value, else the default. Each
        plugin receives only its own options. Rules also find them, without this hook,
        in ``RuleContext.options["plugins"][NAME]``.

    Called once per run (`reusecheck.plugins.PluginSet.configure`): by the command line and
    the pytest plugin with the configured values, by a `reusecheck.Checker` given plugins
    nobody configured with the defaults. Not firstresult.
    """


@hookspec(firstresult=True)
def reusecheck_stream_documents(path: str, options: LoadOptions) -> Iterator[Document] | None:
    """Read one input file's documents lazily, for files too large to hold at once (a JSONL
    batch of 100,000 candidates, an archive export).

    :param path: the path of a regular file (never ``-``); open it with
        `reusecheck.loaders.open_input` or read it with `reusecheck.loaders.read_lines`.
    :param options: as for `reusecheck_load_documents`; ``max_bytes`` then limits each
        record rather than the file.
    :return: an iterator of the file's documents, or None to let the next loader try
        (and, when none streams it, the whole-file loaders). Raise
        :class:`reusecheck.InputError` from the iterator for a file it cannot read,
        before its first document if the file should give none.

    Asked before `reusecheck_load_documents` for every file. firstresult. The built-in
    JSONL loader streams.
    """


@hookspec(firstresult=True)
def reusecheck_load_documents(path: str, data: bytes, options: LoadOptions) -> list[Document] | None:
    """Turn the bytes of one input file into documents.

    :param path: the file's path as given (``-`` for standard input).
    :param data: the file's raw bytes.
    :param options: the requested encoding and the run's defaults (dates).
    :return: the documents in the file (one for plain text, one per line for JSONL), or
        None to let the next loader try. Raise :class:`reusecheck.InputError` for a file
        that this loader claims but cannot read.

    firstresult: the first loader that returns a list wins; the built-in plain-text loader
    runs last.
    """
