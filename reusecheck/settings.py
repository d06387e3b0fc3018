"""Option values from a configuration file.

Every option of ``reusecheck check`` (`reusecheck.options`) that is not command-line only is
a key of the configuration table, spelt as its long option without the dashes
(``--fail-level`` -> ``fail-level``); its value is read with the option's own converter.
Besides those: ``[[overrides]]`` (per-path threshold and severity), ``[plugins.NAME]``
(options a plugin declares; those it adds to the command line are top-level keys too) and
``[agency.NAME]`` (licence terms). Precedence: the command
line, then the configuration file, then the default; repeatable ``KEY=VALUE`` options merge,
the command line winning per KEY.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

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
from reusecheck.options import CHECK_OPTIONS, SECTIONS, Option

# argparse's -h is command-line only too
COMMAND_LINE_ONLY = frozenset({"help", *(k for k, o in CHECK_OPTIONS.items() if o.command_line_only)})
CONFIGURABLE: dict[str, Option] = {k: o for k, o in CHECK_OPTIONS.items() if not o.command_line_only}
# keys of an [[overrides]] section besides ``paths``
OVERRIDE_KEYS = ("threshold", "severity")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"


def _relocated(option: Option, value: str, config: ConfigFile) -> str:
    if option.glob and "/" in value and not os.path.isabs(value):
        return Path(os.path.relpath(config.folder / value)).as_posix()
    if not option.path or value == "-" or os.path.isabs(value):
        return value
    return os.path.relpath(config.folder / value)


class _Reader:
    """Converts configuration values with the options' own converters."""

    def __init__(self, config: ConfigFile) -> None:
        self.config = config

    def scalar(self, option: Option, value: Any, *keys: str | int) -> Any:
        label = ".".join(str(k) for k in keys)
        if isinstance(value, (bool, list, dict)):
            raise self.config.error(f"{label} takes one value ({option.metavar or 'a string'}), not {_kind(value)}", *keys)
        convert: Callable[[str], Any] = option.convert or str
        text = str(value)
        if isinstance(value, str) and option.kind == "pairs" and "=" in value:
            name, _, path = value.partition("=")
            text = f"{name}={_relocated(option, path, self.config)}"
        elif isinstance(value, str):
            text = _relocated(option, value, self.config)
        try:
            result = convert(text)
        except (ValueError, TypeError) as exc:
            raise self.config.error(f"{label}: {exc}", *keys) from None
        if type(result) in (int, float) and not isinstance(value, (int, float)):
            raise self.config.error(f"{label} takes a number, not {_kind(value)}", *keys)
        if type(result) is str and not isinstance(value, str):
            raise self.config.error(f"{label} takes a string, not {_kind(value)}", *keys)
        if option.choices is not None and result not in option.choices:
            raise self.config.error(f"{label}: {result!r} is not one of {', '.join(map(str, option.choices))}", *keys)
        return result

    def value(self, option: Option, value: Any, *keys: str | int) -> Any:
        """The option's value as the command line would have given it."""
        label = ".".join(str(k) for k in keys)
        if option.kind in ("flag", "switch"):
            if not isinstance(value, bool):
                raise self.config.error(f"{label} takes true or false, not {_kind(value)}", *keys)
            return value
        if option.kind == "value":
            return self.scalar(option, value, *keys)
        if isinstance(value, dict) and option.kind == "pairs":
            items = []
            for name, item in value.items():
                if isinstance(item, (list, dict, bool)):
                    raise self.config.error(f"{label}.{name} takes one value, not {_kind(item)}", *keys, name)
                raw = _relocated(option, item, self.config) if isinstance(item, str) else str(item)
                items.append(self._pair(option, f"{name}={raw}", *keys, name))
            return items
        if not isinstance(value, list):
            shape = "a list or a table" if option.kind == "pairs" else "a list"
            raise self.config.error(f"{label} takes {shape} (like repeating --{option.key}), not {_kind(value)}", *keys)
        return [self.scalar(option, item, *keys) for item in value]

    def _pair(self, option: Option, text: str, *keys: str | int) -> Any:
        try:
            return (option.convert or str)(text)
        except ValueError as exc:
            raise self.config.error(f"{'.'.join(map(str, keys))}: {exc}", *keys) from None


def _unknown_key(config: ConfigFile, key: str, known: Sequence[str], *keys: str | int) -> ReusecheckError:
    if key in COMMAND_LINE_ONLY:
        return config.error(f"{key!r} is a command-line option only; it cannot be set in a configuration file", *keys, key)
    close = difflib.get_close_matches(key.replace("_", "-"), known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else "; `reusecheck config --isolated` lists the keys"
    table = ".".join(map(str, (*config.prefix, *keys)))
    place = f"in [{table}]" if table else "at the top level"
    return config.error(f"unknown key {key!r} {place}{hint}", *keys, key)


def _overrides(config: ConfigFile) -> tuple[list[PathOverride], list[tuple[str, str]]]:
    sections = config.table.get("overrides", [])
    if not isinstance(sections, list) or not all(isinstance(s, dict) for s in sections):
        raise config.error("overrides takes a list of tables: [[tool.reusecheck.overrides]] or [[overrides]]", "overrides")
    reader = _Reader(config)
    found: list[PathOverride] = []
    codes: list[tuple[str, str]] = []
    for index, section in enumerate(sections):
        for key in section:
            if key != "paths" and key not in OVERRIDE_KEYS:
                raise _unknown_key(config, key, ("paths", *OVERRIDE_KEYS), "overrides", index)
        paths = section.get("paths")
        if not isinstance(paths, list) or not paths or not all(isinstance(p, str) and p for p in paths):
            raise config.error("each [[overrides]] needs paths = [\"glob\", ...] (relative to this file's folder)",
                               "overrides", index, "paths")
        threshold = reader.value(CONFIGURABLE["threshold"], section["threshold"], "overrides", index, "threshold") \
            if "threshold" in section else None
        severities: dict[str, Severity | None] = {}
        if "severity" in section:
            for code, level in reader.value(CONFIGURABLE["severity"], section["severity"], "overrides", index, "severity"):
                severities[code] = level
                codes.append((code, config.where("overrides", index, "severity", code)))
        found.append(PathOverride(tuple(paths), config.folder, threshold, severities, config.where("overrides", index)))
    return found, codes


def load(isolated: bool, config_file: str | None) -> ConfigFile | None:
    """The configuration file of a run: none when ``isolated``, else ``config_file``, else
    the nearest one from the working folder up."""
    if isolated:
        return None
    if config_file:
        return read_config(Path(config_file), required=True)
    return find_config(Path.cwd())


def _default(option: Option) -> Any:
    if option.kind == "flag":
        return False  # as argparse's store_true
    default = option.default
    if isinstance(default, str) and option.convert is not None:
        return option.convert(default)
    return list(default) if isinstance(default, list) else default


def _place(config: ConfigFile, option: Option) -> tuple[tuple[str, ...], Any] | None:
    """Where the file sets ``option`` and to what: its key, or for a plugin's option also
    its key in the plugin's table (`reusecheck.options.plugin_options`); None when unset."""
    found: list[tuple[str, ...]] = [(option.key,)] if option.key in config.table else []
    tables = config.table.get("plugins")
    own = tables.get(option.plugin) if option.plugin and isinstance(tables, dict) else None
    if isinstance(own, dict) and option.key in own:
        found.append(("plugins", str(option.plugin), option.key))
    if len(found) > 1:
        raise config.error(f"{option.key} is set twice, here and at line {config.line_of(option.key)}; keep one", *found[1])
    if not found:
        return None
    value: Any = config.table
    for key in found[0]:
        value = value[key]
    return found[0], value


def resolve(given: Mapping[str, Any], *, isolated: bool = False, config_file: str | None = None,
            plugin_options: Sequence[Option] = ()) -> tuple[dict[str, Any], Configuration]:
    """Every configurable option's value, by name, and what the configuration decided.

    ``given``: the values the command line gave, by option name (``fail_level``); the
    others come from the configuration file, else the default. ``plugin_options``: the
    options plugins add to the command line (`reusecheck.options.plugin_options`). Errors
    name the file and line.
    """
    config = load(isolated, config_file)
    table = config.table if config else {}
    configurable = {**CONFIGURABLE, **{option.key: option for option in plugin_options}}
    if config:
        for key in table:
            if key not in configurable and key not in SECTIONS:
                raise _unknown_key(config, key, [*configurable, *SECTIONS])
    reader = _Reader(config) if config else None
    values: dict[str, Any] = {}
    settings: list[Setting] = []
    rule_codes: list[tuple[str, str]] = []
    for key, option in configurable.items():
        from_cli = option.name in given
        origins: list[str] = []
        place, value = (_place(config, option) if config else None) or ((), None)
        if reader and config and place:
            value = reader.value(option, value, *place)
            origins.append(config.where(*place))
            if key == "severity":
                rule_codes += [(code, config.where(key, code)) for code, _ in value]
            if from_cli and option.kind == "pairs":  # merged: the command line wins per KEY
                value = [*value, *given[option.name]]
                origins.append(COMMAND_LINE)
            elif from_cli:
                value, origins = given[option.name], [COMMAND_LINE]
        elif from_cli:
            value, origins = given[option.name], [COMMAND_LINE]
        else:
            value, origins = _default(option), [DEFAULT]
        if config and place and option.must_exist and origins[0] == config.where(*place):
            missing = [path for path in (value if isinstance(value, list) else [value]) if not os.path.exists(path)]
            if missing:
                raise config.error(
                    f"{key}: no such file or folder {missing[0]!r} (relative to the folder of this file); fix the path", key)
        values[option.name] = value
        settings.append(Setting(key, value, tuple(origins), option.plugin))
    overrides: list[PathOverride] = []
    if config and "overrides" in table:
        overrides, codes = _overrides(config)
        rule_codes += codes
    return values, Configuration(config, isolated, tuple(settings), tuple(overrides), tuple(rule_codes))
