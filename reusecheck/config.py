"""Configuration files: finding them and reading them into typed values.

A configuration is the ``[tool.reusecheck]`` table of a ``pyproject.toml`` or the top
level of a ``.reusecheck.toml``, found by walking up from the working directory (in each
folder ``.reusecheck.toml`` first, then a ``pyproject.toml`` that has the table). tomllib
gives no line numbers, so `ConfigFile` finds a key's line by reading the file's lines.

What the decide stage applies (`reusecheck.decide`): per-path overrides (`PathOverride`),
per-agency licence terms (``[agency.NAME]``, `agency_policies`) and plugin options
(`PluginOption`: declared with the ``reusecheck_register_options`` hook, their values read
here and handed over with ``reusecheck_configure`` by `reusecheck.plugins.PluginSet.configure`).
Which keys exist and what types they take is decided by the options
(`reusecheck.options`), whose values `reusecheck.settings` reads from the file.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from reusecheck.credits import AgencyPolicy
from reusecheck.errors import InputError, UsageError
from reusecheck.loaders import read_bytes
from reusecheck.models import Severity
from reusecheck.selection import glob_pattern

DOT_FILE = ".reusecheck.toml"
PYPROJECT = "pyproject.toml"
TOOL_TABLE = ("tool", "reusecheck")

KeyPath = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)([^\[\]]+)\]\]?\s*(?:#.*)?$")
_KEY_LINE = re.compile(r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")
_KEY_PART = re.compile(r"""[A-Za-z0-9_-]+|"([^"]*)"|'([^']*)'""")


class ConfigError(UsageError):
    """A configuration file that cannot be used; ``path`` is ``file:line``."""


def shown(path: Path) -> str:
    """A path as messages show it: relative to the working directory when inside it."""
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


def _key_parts(dotted: str) -> tuple[str, ...]:
    return tuple(m.group(1) if m.group(1) is not None else m.group(2) if m.group(2) is not None else m.group(0)
                 for m in _KEY_PART.finditer(dotted))


def key_lines(text: str) -> dict[KeyPath, int]:
    """The 1-based line where each table header and ``key =`` line of a TOML text is.

    Arrays of tables get their element index in the path (``("overrides", 0, "paths")``).
    Keys inside inline tables or multi-line values are not listed; `ConfigFile.line_of`
    falls back to the nearest enclosing key.
    """
    lines: dict[KeyPath, int] = {}
    arrays: dict[KeyPath, int] = {}
    table: KeyPath = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            parts = _key_parts(header.group(2))
            path: KeyPath = ()
            for depth, part in enumerate(parts, start=1):
                path = (*path, part)
                if path in arrays and depth < len(parts):  # a sub-table of the array's last element
                    path = (*path, arrays[path])
            if header.group(1) == "[[":
                arrays[path] = arrays.get(path, -1) + 1
                path = (*path, arrays[path])
            table = path
            lines.setdefault(table, number)
            continue
        key = _KEY_LINE.match(line)
        if key:
            lines.setdefault((*table, *_key_parts(key.group(1))), number)
    return lines


@dataclass(frozen=True)
class ConfigFile:
    """A read configuration file: its reusecheck table and where each key is."""

    path: Path
    text: str
    table: dict[str, Any]
    prefix: KeyPath

    @cached_property
    def _lines(self) -> dict[KeyPath, int]:
        return key_lines(self.text)

    @property
    def folder(self) -> Path:
        """The folder relative paths in the file are resolved against."""
        return self.path.parent


    def line_of(self, *keys: str | int) -> int:
        """The line of a key (given below the reusecheck table), else of its nearest parent."""
        path: KeyPath = (*self.prefix, *keys)
        while path:
            if path in self._lines:
                return self._lines[path]
            path = path[:-1]
        return 1

    def where(self, *keys: str | int) -> str:
        """``file:line`` of a key, as error messages and ``reusecheck config`` show it."""
        return f"{shown(self.path)}:{self.line_of(*keys)}"

    def error(self, message: str, *keys: str | int) -> ConfigError:
        return ConfigError(message, self.where(*keys))


def read_config(path: Path, *, required: bool) -> ConfigFile | None:
    """Read a configuration file; None for a pyproject.toml without the table unless ``required``."""
    if not path.exists():
        raise ConfigError("no such configuration file; check the --config path", shown(path))
    try:
        text = read_bytes(str(path)).decode("utf-8")
    except InputError as exc:
        raise ConfigError(f"cannot read the configuration file: {exc.message}", shown(path)) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"cannot read the configuration file: not UTF-8 at byte {exc.start}; save it as UTF-8", shown(path)) from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}; fix the syntax", shown(path)) from None
    except RecursionError:
        raise ConfigError("tables or arrays nested too deeply; flatten the configuration", shown(path)) from None
    if path.name != PYPROJECT:
        return ConfigFile(path.resolve(), text, document, ())
    table = document.get("tool", {}).get("reusecheck") if isinstance(document.get("tool"), dict) else None
    if table is None:
        if required:
            raise ConfigError("has no [tool.reusecheck] table; add one or give another --config file", shown(path))
        return None
    config = ConfigFile(path.resolve(), text, table, TOOL_TABLE)
    if not isinstance(table, dict):
        raise config.error("tool.reusecheck must be a table")
    return config


def find_config(start: Path) -> ConfigFile | None:
    """The nearest configuration file in ``start`` or a folder above it, read."""
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / DOT_FILE).is_file():
            return read_config(folder / DOT_FILE, required=True)
        if (folder / PYPROJECT).is_file():
            found = read_config(folder / PYPROJECT, required=False)
            if found is not None:
                return found
    return None


# -- per-path overrides -------------------------------------------------------------------

_URI = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://([^/]*)(.*)")


def split_uri(text: str) -> tuple[str, str, str] | None:
    """A URI's scheme and authority (lower case) and its path from the root, without the
    leading ``/`` (``s3a://news/wire/a.jsonl`` -> ``("s3a", "news", "wire/a.jsonl")``);
    None for a local path."""
    found = _URI.fullmatch(text)
    if found is None:
        return None
    return found.group(1).lower(), found.group(2).lower(), unquote(found.group(3)).lstrip("/")


@dataclass(frozen=True)
class PathOverride:
    """Decide-stage settings for candidates whose path matches one of ``globs``.

    Globs are relative to ``root`` (the configuration file's folder); a glob without a
    ``/`` matches a file name in any folder. ``where`` is the ``file:line`` it came from.
    A URI other than ``file:`` (``hdfs://``, ``s3a://``: inputs on a cluster) is matched
    on its path from the root of its file system or bucket: a glob naming a scheme and
    authority (``s3a://news/wire/**``) matches there only, another glob with a ``/``
    (``wire/**``) on any, and one without a ``/`` matches the file name.
    """

    globs: tuple[str, ...]
    root: Path
    threshold: float | None = None
    severities: Mapping[str, Severity | None] = field(default_factory=dict)
    where: str = ""

    @cached_property
    def _patterns(self) -> list[re.Pattern[str]]:
        return [glob_pattern(g if "/" in g else f"**/{g}") for g in self.globs]

    @cached_property
    def _uri_patterns(self) -> list[tuple[tuple[str, str] | None, re.Pattern[str]]]:
        """Per glob: the (scheme, authority) it names, or None for any, and its pattern for
        a URI's path from the root."""
        found: list[tuple[tuple[str, str] | None, re.Pattern[str]]] = []
        for glob in self.globs:
            uri = split_uri(glob)
            if uri is not None:
                found.append(((uri[0], uri[1]), glob_pattern(uri[2])))
            else:
                found.append((None, glob_pattern(glob.removeprefix("./").lstrip("/") if "/" in glob else f"**/{glob}")))
        return found

    def matches(self, path: str | None) -> bool:
        if path is None or path == "-":
            return False
        uri = split_uri(path)
        if uri is not None and uri[0] != "file":
            return any((named is None or named == uri[:2]) and p.match(uri[2]) for named, p in self._uri_patterns)
        if uri is not None:  # file:///folder/name: a local path
            path = "/" + uri[2]
        relative = os.path.relpath(os.path.abspath(path), self.root)
        if relative.startswith(".."):
            return False
        posix = Path(relative).as_posix()
        return any(p.match(posix) for p in self._patterns)


# -- what a configuration decided -------------------------------------------------------

# where a setting came from, besides a configuration file's ``file:line``
DEFAULT, COMMAND_LINE = "default", "command line"


@dataclass(frozen=True)
class Setting:
    """One option's effective value and where it came from (``default``, ``file:line``, ``command line``)."""

    key: str
    value: Any
    origins: tuple[str, ...]
    plugin: str | None = None  # the plugin that declared the option (a `PluginOption` with ``command_line``)


@dataclass(frozen=True)
class Configuration:
    """What the configuration decided beyond option values: the file, overrides, rule codes named."""

    file: ConfigFile | None
    isolated: bool
    settings: tuple[Setting, ...] = ()
    overrides: tuple[PathOverride, ...] = ()
    rule_codes: tuple[tuple[str, str], ...] = ()  # (code, file:line) of every configured severity


# -- licence terms per agency -------------------------------------------------------------

AGENCY_KEYS = ("licensed", "credit")


def agency_policies(config: ConfigFile | None) -> tuple[AgencyPolicy, ...]:
    """The ``[agency.NAME]`` tables (``[tool.reusecheck.agency.NAME]`` in pyproject.toml):
    ``licensed = true|false`` and ``credit = "..."``; a bad one is a `ConfigError`."""
    tables = config.table.get("agency", {}) if config else {}
    if config is None or not tables:
        return ()
    if not isinstance(tables, dict):
        raise config.error('agency takes tables: [agency.NAME] with licensed = true, credit = "NAME"', "agency")
    found = []
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise config.error(f'agency.{name} must be a table: licensed = true, credit = "{name}"', "agency", name)
        for key in table:
            if key not in AGENCY_KEYS:
                raise config.error(f"unknown key {key!r} in [agency.{name}]; the keys are licensed and credit",
                                   "agency", name, key)
        licensed, credit = table.get("licensed", False), table.get("credit")
        if not isinstance(licensed, bool):
            raise config.error(f"agency.{name}.licensed takes true or false, not {licensed!r}", "agency", name, "licensed")
        if credit is not None and (not isinstance(credit, str) or not credit.strip()):
            raise config.error(f"agency.{name}.credit takes the credit text the licence names, not {credit!r}",
                               "agency", name, "credit")
        if credit is not None and not licensed:
            raise config.error(f"agency.{name}.credit is the credit a licence names; set licensed = true as well",
                               "agency", name, "credit")
        found.append(AgencyPolicy(name, licensed, credit, config.where("agency", name)))
    return tuple(found)


# -- plugin options -----------------------------------------------------------------------

@dataclass(frozen=True)
class PluginOption:
    """An option a plugin reads from ``[tool.reusecheck.plugins.NAME]``.

    Its type is the type of ``default`` (an int is accepted where a float is expected);
    ``description`` is what ``reusecheck config``, ``--help`` and the error messages show.

    ``command_line``: the option is also an option of ``reusecheck check``: ``--NAME`` on
    the command line (and in pytest's ``reusecheck_args``), and the key ``NAME`` at the top
    level of the configuration, besides the plugin's table (`reusecheck.options.plugin_options`).
    ``convert`` turns such a value into the option's (a ``ValueError``'s message is shown as it
    is; default: the type of ``default``); ``metavar`` names the value in ``--help``.
    """

    name: str
    default: str | int | float | bool | list[Any]
    description: str = ""
    command_line: bool = False
    convert: Callable[[str], Any] | None = None
    metavar: str | None = None


def _fits(value: Any, default: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def plugin_option_values(
    declared: Mapping[str, Mapping[str, PluginOption]], config: ConfigFile | None,
    settled: Mapping[tuple[str, str], Setting] | None = None,
) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str], str]]:
    """Each plugin's option values (defaults filled in) and where each came from.

    ``settled``: the values of options already read as check options (command-line plugin
    options, `reusecheck.settings.resolve`), by (plugin, option). Unknown plugins, unknown
    options and values of the wrong type are `ConfigError`s.
    """
    values = {name: {o.name: o.default for o in options.values()} for name, options in declared.items()}
    origins = {(name, option): "default" for name, options in declared.items() for option in options}
    for (name, option_name), setting in (settled or {}).items():
        if option_name in values.get(name, {}):
            values[name][option_name] = setting.value
            origins[(name, option_name)] = ", ".join(setting.origins)
    if config is None:
        return values, origins
    tables = config.table.get("plugins", {})
    if not isinstance(tables, dict):
        raise config.error("'plugins' must be a table of [plugins.NAME] tables", "plugins")
    for name, table in tables.items():
        if name not in declared or not declared[name]:
            known = ", ".join(n for n in declared if declared[n]) or "none"
            raise config.error(f"no loaded plugin declares options under plugins.{name} (plugins with options: {known})",
                               "plugins", name)
        if not isinstance(table, dict):
            raise config.error(f"plugins.{name} must be a table", "plugins", name)
        for option_name, value in table.items():
            option = declared[name].get(option_name)
            if settled and (name, option_name) in settled:
                continue  # read with the option's converter as a check option
            if option is None:
                raise config.error(f"unknown option plugins.{name}.{option_name}; {name} declares "
                                   f"{', '.join(declared[name])}", "plugins", name, option_name)
            if not _fits(value, option.default):
                raise config.error(f"plugins.{name}.{option_name} takes a {type(option.default).__name__} "
                                   f"({option.description or 'see the plugin'}), not {value!r}", "plugins", name, option_name)
            values[name][option_name] = value
            origins[(name, option_name)] = config.where("plugins", name, option_name)
    return values, origins
