"""The options of a check run, defined once: names, kinds, converters, defaults, help, and
what a configuration file may do with them.

An option's configuration key is its long option without the dashes (``--fail-level`` ->
``fail-level``); its value is stored under ``name`` (``fail_level``), the name
`reusecheck.run_setup` reads. The command line (`reusecheck.arguments`) builds its
argparse options from these groups; configuration files are read against them
(`reusecheck.settings`). Converters raise ``ValueError`` with the message users see.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from reusecheck.align import AlignSettings
from reusecheck.config import PluginOption
from reusecheck.decide import DEFAULT_THRESHOLD
from reusecheck.errors import PluginError
from reusecheck.formats import PASSAGE_VIEWS
from reusecheck.loaders import MAX_FILE_BYTES, MIB
from reusecheck.models import Severity
from reusecheck.retrieve import RetrievalSettings
from reusecheck.selection import DEFAULT_EXCLUDE, DEFAULT_INCLUDE
from reusecheck.text import LANGUAGES

# value: one value; flag: true when given; switch: --NAME / --no-NAME; list: repeatable;
# pairs: repeatable KEY=VALUE (a table in a configuration file)
Kind = Literal["value", "flag", "switch", "list", "pairs"]
DEFAULT_FORMAT = "text"


@dataclass(frozen=True)
class Option:
    """One option. ``path``: its values are paths, relative ones in a configuration file
    relative to the file's folder (``must_exist``: and they must exist); ``glob``: globs,
    those with a ``/`` relative to that folder; ``command_line_only``: it acts on one run
    only, so a configuration file cannot set it. ``strict``: the converter's message is
    shown as it is (else argparse's "invalid ... value"). ``plugin``: the plugin that
    declared it (`plugin_options`); its table ``[plugins.PLUGIN]`` may set it too."""

    flags: tuple[str, ...]
    help: str
    kind: Kind = "value"
    convert: Callable[[str], Any] | None = None
    default: Any = None
    metavar: str | None = None
    choices: tuple[str, ...] | None = None
    dest: str | None = None
    path: bool = False
    must_exist: bool = False
    glob: bool = False
    command_line_only: bool = False
    strict: bool = True
    plugin: str | None = None

    @property
    def name(self) -> str:
        """Where the value is stored (argparse's ``dest``)."""
        return self.dest or self.key.replace("-", "_")

    @property
    def key(self) -> str:
        """The configuration key: the long option without dashes, else the name."""
        longs = [f for f in self.flags if f.startswith("--")]
        return longs[0][2:] if longs else (self.dest or "").replace("_", "-")


def share(value: str) -> float:
    """A number from 0 to 1."""
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"not a number: {value!r}") from None
    if not 0.0 <= number <= 1.0:
        raise ValueError(f"{value} is not between 0 and 1")
    return number


def severity_override(value: str) -> tuple[str, Severity | None]:
    """``CODE=LEVEL`` (a severity, or off) -> (CODE, severity or None)."""
    code, _, level = value.partition("=")
    if not code or not level:
        raise ValueError(f"use CODE=LEVEL (e.g. RC103=error or RC105=off), not {value!r}")
    if level.lower() == "off":
        return code.upper(), None
    return code.upper(), Severity.parse(level)


def whole_number(minimum: int) -> Callable[[str], int]:
    """A converter to a whole number at least ``minimum``, with a message that says so."""
    def convert(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a whole number") from None
        if number < minimum:
            raise ValueError(f"{number} is less than {minimum}; give a whole number of at least {minimum}")
        return number

    return convert


def iso_date(value: str) -> dt.date:
    """An ISO 8601 date (a time part is accepted and dropped)."""
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        raise ValueError(f"not an ISO 8601 date: {value!r} (use YYYY-MM-DD)") from None


_ALIGN = AlignSettings()

SOURCES = (
    Option(("--against",), "source file or folder (repeatable)", "list", default=[], metavar="SOURCE",
           path=True, must_exist=True),
    Option(("--index",), "a source index (a file or a folder of shards) built with `reusecheck index add` "
           "(repeatable: searched together; combines with --against)", "list", default=[], metavar="INDEX",
           path=True, must_exist=True),
    Option(("--scorer",), "compute only these scorers (repeatable; containment is always computed)", "list",
           metavar="NAME"),
    Option(("--all-sources",), "report every matching source, also those whose passages better-ranked sources "
           "already cover (near-copies)", "flag"),
    Option(("-j", "--jobs"), "check N candidates at once in N processes, with the same report (default: 1)",
           convert=whole_number(1), default=1, metavar="N", command_line_only=True),
)
FINDINGS = (
    Option(("--threshold",), f"containment (0..1) at or above which reuse is a finding (default: {DEFAULT_THRESHOLD})",
           convert=share, default=DEFAULT_THRESHOLD, metavar="SHARE"),
    Option(("--fail-level",), "exit 1 when a finding is at or above this severity: error, warning or info (default: warning)",
           convert=Severity.parse, default=Severity.WARNING, metavar="LEVEL", strict=False),
    Option(("--severity",), "override a rule's severity (error, warning, info) or turn it off (repeatable)", "pairs",
           convert=severity_override, default=[], metavar="CODE=LEVEL"),
    Option(("--agencies",), "extend the agency list with a JSON file shaped like reusecheck/data/agencies.json (repeatable)",
           "list", default=[], metavar="FILE", path=True, must_exist=True),
    Option(("--verdict-model",), "the derivation verdict's model, written by `reusecheck train-verdict` (default: the shipped one)",
           metavar="FILE", path=True, must_exist=True),
    Option(("--source-agency",), "the agency of --against sources that name none themselves (e.g. PA, Reuters): "
           "reusing them without crediting NAME is RC101", metavar="NAME"),
    Option(("--candidate-date",), "date of candidates whose text gives none", convert=iso_date, metavar="DATE"),
    Option(("--source-date",), "date of sources whose text gives none", convert=iso_date, metavar="DATE"),
)
FILES = (
    Option(("--include",), f"check the files of a folder that match these globs (repeatable; default: {' '.join(DEFAULT_INCLUDE)})",
           "list", default=list(DEFAULT_INCLUDE), metavar="GLOB", glob=True),
    Option(("--extend-include",), "add globs to --include (repeatable)", "list", default=[], metavar="GLOB", glob=True),
    Option(("--exclude",), f"skip files and folders that match these globs (repeatable; default: {' '.join(DEFAULT_EXCLUDE)})",
           "list", default=list(DEFAULT_EXCLUDE), metavar="GLOB", glob=True),
    Option(("--extend-exclude",), "add globs to --exclude (repeatable)", "list", default=[], metavar="GLOB", glob=True),
    Option(("--respect-gitignore",), "skip files that .gitignore ignores when walking folders (default: on)", "switch",
           default=True),
    Option(("--max-file-size",), f"refuse inputs larger than this many MiB (default: {MAX_FILE_BYTES // MIB})",
           convert=whole_number(1), default=MAX_FILE_BYTES // MIB, metavar="MIB"),
    Option(("--force-exclude",), "apply the excludes also to files named on the command line (for pre-commit)", "flag"),
)
TEXT = (
    Option(("--encoding",), "decode inputs with this encoding (default: UTF-8, else Windows-1252 with a warning)",
           metavar="NAME"),
    Option(("--language",), f"Snowball stemmer language, or none (default: english; one of {', '.join(LANGUAGES)})",
           default="english", metavar="LANG"),
    Option(("--no-spelling-variants",), "do not fold British/American spellings and compounds", "flag"),
    Option(("--ngram",), f"words per seed n-gram (default: {_ALIGN.seed_ngram})", convert=whole_number(1),
           default=_ALIGN.seed_ngram, metavar="N"),
    Option(("--max-gap",), f"words an edit may span inside one passage (default: {_ALIGN.max_gap})",
           convert=whole_number(0), default=_ALIGN.max_gap, metavar="N"),
    Option(("--min-words",), f"shortest passage reported, in words (default: {_ALIGN.min_words})",
           convert=whole_number(1), default=_ALIGN.min_words, metavar="N"),
)
_RETRIEVAL = RetrievalSettings()
# named as the `RetrievalSettings` fields they set (``--top-k`` -> ``top_k``)
RETRIEVAL = (
    Option(("--top-k",), f"sources aligned per candidate at most (default: {_RETRIEVAL.top_k})",
           convert=whole_number(1), default=_RETRIEVAL.top_k, metavar="N"),
    Option(("--min-shared",), "distinct seed n-grams a source must share with a candidate to be aligned "
           f"(default: {_RETRIEVAL.min_shared}; a short text needs fewer)",
           convert=whole_number(1), default=_RETRIEVAL.min_shared, metavar="N"),
    Option(("--max-df",), "boilerplate cut-off: the share of the sources an n-gram may occur in and still count "
           f"(default: {_RETRIEVAL.max_df})", convert=share, default=_RETRIEVAL.max_df, metavar="SHARE"),
    Option(("--df-floor",), f"sources an n-gram may always occur in, whatever --max-df says (default: {_RETRIEVAL.df_floor})",
           convert=whole_number(1), default=_RETRIEVAL.df_floor, metavar="N"),
    Option(("--min-archive",), "sources from which a store is an archive that tells template passages from copies "
           f"(default: {_RETRIEVAL.min_archive})", convert=whole_number(1), default=_RETRIEVAL.min_archive, metavar="N"),
    Option(("--rare-df",), f"archive: a seed n-gram in at most N sources is specific (default: {_RETRIEVAL.rare_df})",
           convert=whole_number(0), default=_RETRIEVAL.rare_df, metavar="N"),
    Option(("--number-df",), "archive: a seed n-gram holding a number is specific in at most N sources "
           f"(default: {_RETRIEVAL.number_df})", convert=whole_number(0), default=_RETRIEVAL.number_df, metavar="N"),
    Option(("--min-specific",), "archive: specific seeds a source's passages must hold for it to be reported "
           f"(default: {_RETRIEVAL.min_specific})", convert=whole_number(0), default=_RETRIEVAL.min_specific, metavar="N"),
    Option(("--admit-specific",), "archive: specific seeds that admit a source below --min-shared "
           f"(default: {_RETRIEVAL.admit_specific})", convert=whole_number(1), default=_RETRIEVAL.admit_specific,
           metavar="N"),
)
REPORTS = (
    Option(("--format",), f"output format (repeatable; default: {DEFAULT_FORMAT}; `reusecheck plugins` lists them)",
           "list", default=[], metavar="NAME"),
    Option(("-o", "--output"), "FORMAT=PATH writes that format to PATH (repeatable); a plain PATH takes the --format "
           "output instead of standard output", "pairs", default=[], metavar="[FORMAT=]PATH", path=True),
    Option(("--exit-zero",), "exit 0 even when there are findings (still 2 on usage, input or plugin errors)", "flag"),
)
VIEW = (
    Option(("-q", "--quiet"), "print the findings only, one line each (path:line:column: CODE [severity] message), "
           "and no notes", "flag", command_line_only=True),
    Option(("--statistics",), "print how many findings each rule reported instead of the findings", "flag",
           command_line_only=True),
    Option(("--show-passages",), "quote reused passages in full, shortened to a few lines (default) or not at all",
           choices=PASSAGE_VIEWS, default="short"),
)
INCREMENTAL = (
    Option(("--baseline",), "report only findings not recorded in this baseline file", metavar="FILE", path=True),
    Option(("--no-baseline",), "ignore the configured baseline: report every finding", "flag", command_line_only=True),
    Option(("--write-baseline",), "record this run's findings in FILE (entries of candidates not checked are kept); "
           "any --baseline is then ignored", metavar="FILE", command_line_only=True),
    Option(("--prune-baseline",), "drop entries of the --baseline file that this run no longer finds", "flag",
           command_line_only=True),
    Option(("--changed-since",), "check only candidate files that git says changed since REF (a commit, branch or tag)",
           metavar="REF", command_line_only=True),
)
PLUGINS = (
    Option(("-p",), "load a plugin module by import name; -p no:NAME blocks the plugin NAME", "list", default=[],
           metavar="MODULE", dest="plugin_modules"),
    Option(("--plugin",), "load a plugin from a Python file", "list", default=[], metavar="FILE", dest="plugin_files",
           path=True, must_exist=True),
)
CONFIGURATION = (
    Option(("--config",), "read this configuration file instead of looking for pyproject.toml / .reusecheck.toml",
           metavar="PATH", dest="config_file", command_line_only=True),
    Option(("--isolated",), "ignore every configuration file", "flag", command_line_only=True),
)

# (argparse group title or None, options) in the order `reusecheck check --help` shows them
CHECK_GROUPS: tuple[tuple[str | None, tuple[Option, ...]], ...] = (
    (None, SOURCES),
    ("findings", FINDINGS),
    ("file selection (folders)", FILES),
    ("text and alignment", TEXT),
    ("retrieval", RETRIEVAL),
    ("reports", REPORTS),
    ("text report", VIEW),
    ("baseline and changed files", INCREMENTAL),
    ("plugins", PLUGINS),
    ("configuration", CONFIGURATION),
)
CHECK_OPTIONS: dict[str, Option] = {option.key: option for _, group in CHECK_GROUPS for option in group}
SECTIONS = ("overrides", "plugins", "agency")  # tables of a configuration file besides the options' keys



def plugin_options(declared: Mapping[str, Mapping[str, PluginOption]]) -> tuple[tuple[Option, ...], list[PluginError]]:
    """The check options plugins add: each `PluginOption` with ``command_line`` becomes
    ``--NAME`` (``--NAME``/``--no-NAME`` for a boolean; repeatable for a list) and the
    configuration key ``NAME``. An option whose name is not a plain ``words-with-dashes``
    name or is another option's is left out, with an error naming its plugin."""
    keys = {*CHECK_OPTIONS, "help", *SECTIONS}
    names = {option.name for option in CHECK_OPTIONS.values()}
    flags = {flag for option in CHECK_OPTIONS.values() for flag in _spellings(option)}
    found: list[Option] = []
    errors: list[PluginError] = []
    for plugin, options in declared.items():
        for declared_option in options.values():
            if not declared_option.command_line:
                continue
            option = _command_line_option(plugin, declared_option)
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*", declared_option.name):
                problem = "use letters, digits and single dashes"
            elif option.key in keys or option.name in names or flags.intersection(_spellings(option)):
                problem = "reusecheck check or another plugin has an option of that name; rename it"
            else:
                keys.add(option.key)
                names.add(option.name)
                flags.update(_spellings(option))
                found.append(option)
                continue
            errors.append(PluginError(f"cannot add the command-line option {option.flags[0]}: {problem}", plugin))
    return tuple(found), errors


def _spellings(option: Option) -> set[str]:
    """The flags argparse gives ``option`` (a switch has a ``--no-`` one too)."""
    return {*option.flags, *(f"--no-{f[2:]}" for f in option.flags if option.kind == "switch")}


def _command_line_option(plugin: str, option: PluginOption) -> Option:
    default = option.default
    shown = " ".join(map(str, default)) if isinstance(default, list) else str(default)
    help = f"{option.description} (default: {shown or 'none'})".lstrip()
    if isinstance(default, bool):
        return Option((f"--{option.name}",), help, "switch", default=default, plugin=plugin)
    convert = option.convert
    if convert is None and not isinstance(default, (str, list)):
        convert = type(default)
    metavar = option.metavar or option.name.replace("-", "_").upper()
    kind: Kind = "list" if isinstance(default, list) else "value"
    return Option((f"--{option.name}",), help, kind, convert, default=default, metavar=metavar,
                  strict=option.convert is not None, plugin=plugin)
