"""Configuration for ``reusecheck check``: its options filled from a configuration file.

Every option of ``reusecheck check`` (`reusecheck.options`) is a key of the configuration
table, spelt as its long option without the dashes (``--fail-level`` -> ``fail-level``),
and its value is read by the option's own converter. Besides those: ``[[overrides]]``
(per-path threshold and severity) and ``[plugins.NAME]`` (options a plugin declares). Precedence: command line, then the
configuration file, then the built-in default.
"""

from __future__ import annotations

import argparse
import difflib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reusecheck.cli.options import add_group
from reusecheck.config import (
    COMMAND_LINE,
    DEFAULT,
    ConfigFile,
    Configuration,
    PathOverride,
    Setting,
    find_config,
    read_config,
)
from reusecheck.errors import ReusecheckError
from reusecheck.models import Severity
from reusecheck.options import CHECK_OPTIONS, CONFIGURATION

# The options' metadata (`reusecheck.options`), by configuration key. argparse's -h is
# command-line only too.
COMMAND_LINE_ONLY = frozenset({"help", *(k for k, o in CHECK_OPTIONS.items() if o.command_line_only)})
PATH_KEYS = frozenset(k for k, o in CHECK_OPTIONS.items() if o.path)
EXISTING_PATH_KEYS = frozenset(k for k, o in CHECK_OPTIONS.items() if o.must_exist)
GLOB_KEYS = frozenset(k for k, o in CHECK_OPTIONS.items() if o.glob)
# keys of an [[overrides]] section besides ``paths``
OVERRIDE_KEYS = ("threshold", "severity")
SECTIONS = ("overrides", "plugins", "agency")


class _Unset(list[Any]):  # a list, so that argparse's append actions can copy it
    """Marks an option the command line did not give (compared by identity)."""


def option_key(action: argparse.Action) -> str:
    """An option's configuration key: its long option without dashes, else its dest."""
    longs = [s for s in action.option_strings if s.startswith("--")]
    return longs[0][2:] if longs else action.dest.replace("_", "-")


def configurable_actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """The options of ``parser`` a configuration file may set."""
    return [
        a for a in parser._actions  # argparse has no public list of a parser's actions
        if a.option_strings and option_key(a) not in COMMAND_LINE_ONLY and not isinstance(a, argparse._CountAction)
    ]


def _is_list(action: argparse.Action) -> bool:
    return isinstance(action, (argparse._AppendAction, argparse._ExtendAction))


def _is_pairs(action: argparse.Action) -> bool:
    """A repeatable ``KEY=VALUE`` option (``--severity``, ``--output``): a table in TOML."""
    return _is_list(action) and "=" in str(action.metavar or "")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"


def _relocated(key: str, value: str, config: ConfigFile) -> str:
    if key in GLOB_KEYS and "/" in value and not os.path.isabs(value):
        return Path(os.path.relpath(config.folder / value)).as_posix()
    if key not in PATH_KEYS or value == "-" or os.path.isabs(value):
        return value
    return os.path.relpath(config.folder / value)


class _Reader:
    """Converts configuration values with the options' own converters."""

    def __init__(self, config: ConfigFile) -> None:
        self.config = config

    def scalar(self, action: argparse.Action, value: Any, *keys: str | int) -> Any:
        key = option_key(action)
        label = ".".join(str(k) for k in keys)
        if isinstance(value, (bool, list, dict)):
            raise self.config.error(f"{label} takes one value ({action.metavar or 'a string'}), not {_kind(value)}", *keys)
        convert: Callable[[str], Any] = action.type or str  # type: ignore[assignment]
        text = str(value)
        if isinstance(value, str) and _is_pairs(action) and "=" in value:
            name, _, path = value.partition("=")
            text = f"{name}={_relocated(key, path, self.config)}"
        elif isinstance(value, str):
            text = _relocated(key, value, self.config)
        try:
            result = convert(text)
        except (argparse.ArgumentTypeError, ValueError, TypeError) as exc:
            raise self.config.error(f"{label}: {exc}", *keys) from None
        if type(result) in (int, float) and not isinstance(value, (int, float)):
            raise self.config.error(f"{label} takes a number, not {_kind(value)}", *keys)
        if type(result) is str and not isinstance(value, str):
            raise self.config.error(f"{label} takes a string, not {_kind(value)}", *keys)
        if action.choices is not None and result not in action.choices:
            raise self.config.error(f"{label}: {result!r} is not one of {', '.join(map(str, action.choices))}", *keys)
        return result

    def value(self, action: argparse.Action, value: Any, *keys: str | int) -> Any:
        """The option's value as argparse would have stored it."""
        label = ".".join(str(k) for k in keys)
        if action.nargs == 0:  # a flag
            if not isinstance(value, bool):
                raise self.config.error(f"{label} takes true or false, not {_kind(value)}", *keys)
            if isinstance(action, argparse.BooleanOptionalAction):
                return value
            return action.const if value else action.default
        if not _is_list(action):
            return self.scalar(action, value, *keys)
        if isinstance(value, dict) and _is_pairs(action):
            items = []
            for name, item in value.items():
                if isinstance(item, (list, dict, bool)):
                    raise self.config.error(f"{label}.{name} takes one value, not {_kind(item)}", *keys, name)
                raw = _relocated(option_key(action), item, self.config) if isinstance(item, str) else str(item)
                items.append(self._pair(action, f"{name}={raw}", *keys, name))
            return items
        if not isinstance(value, list):
            shape = "a list or a table" if _is_pairs(action) else "a list"
            raise self.config.error(f"{label} takes {shape} (like repeating --{option_key(action)}), not {_kind(value)}", *keys)
        return [self.scalar(action, item, *keys) for item in value]

    def _pair(self, action: argparse.Action, text: str, *keys: str | int) -> Any:
        try:
            return (action.type or str)(text)  # type: ignore[operator]
        except (argparse.ArgumentTypeError, ValueError) as exc:
            raise self.config.error(f"{'.'.join(map(str, keys))}: {exc}", *keys) from None


def _unknown_key(config: ConfigFile, key: str, known: Sequence[str], *keys: str | int) -> ReusecheckError:
    if key in COMMAND_LINE_ONLY:
        return config.error(f"{key!r} is a command-line option only; it cannot be set in a configuration file", *keys, key)
    close = difflib.get_close_matches(key.replace("_", "-"), known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else "; `reusecheck config --isolated` lists the keys"
    table = ".".join(map(str, (*config.prefix, *keys)))
    place = f"in [{table}]" if table else "at the top level"
    return config.error(f"unknown key {key!r} {place}{hint}", *keys, key)


def _overrides(config: ConfigFile, actions: dict[str, argparse.Action]) -> tuple[list[PathOverride], list[tuple[str, str]]]:
    sections = config.table.get("overrides", [])
    if not isinstance(sections, list) or not all(isinstance(s, dict) for s in sections):
        raise config.error("overrides takes a list of tables: [[tool.reusecheck.overrides]] or [[overrides]]", "overrides")
    reader = _Reader(config)
    found: list[PathOverride] = []
    codes: list[tuple[str, str]] = []
    for index, section in enumerate(sections):
        for key in section:
            if key != "paths" and (key not in OVERRIDE_KEYS or key not in actions):
                raise _unknown_key(config, key, ("paths", *OVERRIDE_KEYS), "overrides", index)
        paths = section.get("paths")
        if not isinstance(paths, list) or not paths or not all(isinstance(p, str) and p for p in paths):
            raise config.error("each [[overrides]] needs paths = [\"glob\", ...] (relative to this file's folder)",
                               "overrides", index, "paths")
        threshold = reader.value(actions["threshold"], section["threshold"], "overrides", index, "threshold") \
            if "threshold" in section else None
        severities: dict[str, Severity | None] = {}
        if "severity" in section:
            for code, level in reader.value(actions["severity"], section["severity"], "overrides", index, "severity"):
                severities[code] = level
                codes.append((code, config.where("overrides", index, "severity", code)))
        found.append(PathOverride(tuple(paths), config.folder, threshold, severities, config.where("overrides", index)))
    return found, codes


def _load(namespace: argparse.Namespace) -> ConfigFile | None:
    if namespace.isolated:
        return None
    if namespace.config_file:
        return read_config(Path(namespace.config_file), required=True)
    return find_config(Path.cwd())


def resolve(namespace: argparse.Namespace, actions: list[argparse.Action], unset: dict[str, _Unset]) -> None:
    """Fill every option the command line did not give from the configuration or the default."""
    config = _load(namespace)
    table = config.table if config else {}
    by_key = {option_key(a): a for a in actions}
    if config:
        for key in table:
            if key not in by_key and key not in SECTIONS:
                raise _unknown_key(config, key, [*by_key, *SECTIONS])
    reader = _Reader(config) if config else None
    settings: list[Setting] = []
    rule_codes: list[tuple[str, str]] = []
    for key, action in by_key.items():
        given = getattr(namespace, action.dest)
        from_cli = given is not unset[action.dest]
        if from_cli and isinstance(given, _Unset):
            given = list(given)
        origins: list[str] = []
        if reader and config and key in table:
            value = reader.value(action, table[key], key)
            origins.append(config.where(key))
            if key == "severity":
                rule_codes += [(code, config.where(key, code)) for code, _ in value]
            if from_cli and _is_pairs(action):  # merged: the command line wins per KEY
                value = [*value, *given]
                origins.append(COMMAND_LINE)
            elif from_cli:
                value, origins = given, [COMMAND_LINE]
        elif from_cli:
            value, origins = given, [COMMAND_LINE]
        else:
            value, origins = _default(action), [DEFAULT]
        if config and key in EXISTING_PATH_KEYS and origins[0] == config.where(key):
            missing = [path for path in value if not os.path.exists(path)]
            if missing:
                raise config.error(
                    f"{key}: no such file or folder {missing[0]!r} (relative to the folder of this file); fix the path", key)
        setattr(namespace, action.dest, value)
        settings.append(Setting(key, value, tuple(origins)))
    overrides: list[PathOverride] = []
    if config and "overrides" in table:
        overrides, codes = _overrides(config, by_key)
        rule_codes += codes
    namespace.configuration = Configuration(config, namespace.isolated, tuple(settings), tuple(overrides), tuple(rule_codes))


def _default(action: argparse.Action) -> Any:
    default = action.default
    if isinstance(default, str) and callable(action.type):
        return action.type(default)  # argparse converts string defaults the same way
    return list(default) if isinstance(default, list) else default


def add_config_options(parser: argparse.ArgumentParser) -> None:
    """Add --config and --isolated, and make ``parser`` fill its options from the configuration.

    argparse has no hook between choosing a subcommand and filling in defaults, so this
    wraps the subparser's ``parse_known_args`` (the method argparse calls for a
    subcommand): options the command line leaves out are marked, then filled from the
    configuration file or the default. A configuration error exits 2 with one line.
    """
    add_group(parser, "configuration", CONFIGURATION)
    parse = parser.parse_known_args

    def parse_known_args(args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None) -> tuple[argparse.Namespace, list[str]]:
        marked = namespace if namespace is not None else argparse.Namespace()
        actions = configurable_actions(parser)
        unset = {a.dest: _Unset() for a in actions}
        for dest, marker in unset.items():
            setattr(marked, dest, marker)
        parsed, extras = parse(args, marked)
        try:
            resolve(parsed, actions, unset)
        except ReusecheckError as exc:
            parser.exit(2, f"reusecheck: error: {exc}\n")
        return parsed, extras

    parser.parse_known_args = parse_known_args  # type: ignore[method-assign,assignment]
