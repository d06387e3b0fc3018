"""The plugin manager: built-ins first, then entry points, then local modules and files.

Built-in plugins are the modules in `BUILTIN_PLUGINS`, registered through the same hooks as
third-party ones. Third-party plugins come from the entry-point group ``reusecheck``
(unless ``REUSECHECK_DISABLE_PLUGIN_AUTOLOAD`` is set), local ones from ``-p module`` and
``--plugin file.py``; ``-p no:NAME`` blocks one by name. Every failure is a `PluginError`
naming the plugin and the fix.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from reusecheck import hookspecs
from reusecheck.credits import CreditExtractor
from reusecheck.errors import PluginError
from reusecheck.formats import Format
from reusecheck.rules import Rule
from reusecheck.scoring import Scorer

ENTRY_POINT_GROUP = "reusecheck"
AUTOLOAD_ENV = "REUSECHECK_DISABLE_PLUGIN_AUTOLOAD"

BUILTIN_PLUGINS: tuple[str, ...] = (
    "reusecheck.builtin.text_loader",
    "reusecheck.builtin.scorers",
    "reusecheck.builtin.text_format",
    "reusecheck.builtin.json_format",
    "reusecheck.builtin.reuse_rule",
)

# hook name -> (kind shown to users, registered type, attribute that names an item)
_REGISTRIES: dict[str, tuple[str, type, str]] = {
    "reusecheck_register_scorers": ("scorer", Scorer, "name"),
    "reusecheck_register_formats": ("format", Format, "name"),
    "reusecheck_register_rules": ("rule", Rule, "code"),
    "reusecheck_register_credit_extractors": ("credit extractor", CreditExtractor, "name"),
}


@dataclass
class PluginSet:
    """The loaded plugins and everything they registered, by kind and name."""

    manager: pluggy.PluginManager
    registered: dict[str, dict[str, Any]] = field(default_factory=dict)
    owners: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def scorers(self) -> dict[str, Scorer]:
        return self.registered["scorer"]

    @property
    def formats(self) -> dict[str, Format]:
        return self.registered["format"]

    @property
    def rules(self) -> dict[str, Rule]:
        return self.registered["rule"]

    @property
    def credit_extractors(self) -> dict[str, CreditExtractor]:
        return self.registered["credit extractor"]

    def plugin_names(self) -> list[str]:
        """Every registered plugin's name, built-ins first, in load order."""
        return [name for name, plugin in self.manager.list_name_plugin() if plugin is not None]

    def registrations_of(self, plugin_name: str) -> list[tuple[str, str]]:
        """(kind, name) of everything a plugin registered."""
        return [key for key, owner in self.owners.items() if owner == plugin_name]


def _short_name(module_name: str) -> str:
    return module_name.rsplit(".", 1)[-1] if module_name.startswith("reusecheck.builtin.") else module_name


def _import_module(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise PluginError(f"cannot import plugin module ({exc}); install it or fix the -p name", name) from None
    except Exception as exc:  # a plugin's own import-time failure
        raise PluginError(f"plugin module failed while importing: {type(exc).__name__}: {exc}", name) from None


def _load_file(path: str) -> ModuleType:
    file = Path(path)
    if not file.is_file():
        raise PluginError("no such plugin file; check the --plugin path", path)
    module_name = f"reusecheck_local_{file.stem}"
    spec = importlib.util.spec_from_file_location(module_name, file)
    if spec is None or spec.loader is None:
        raise PluginError("not a Python file; --plugin takes a .py file", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        raise PluginError(f"syntax error at line {exc.lineno}: {exc.msg}; fix the plugin file", path) from None
    except Exception as exc:
        raise PluginError(f"plugin failed while importing: {type(exc).__name__}: {exc}; fix the plugin file", path) from None
    return module


def _register(pm: pluggy.PluginManager, plugin: object, name: str, origin: str) -> None:
    if pm.is_blocked(name) or pm.has_plugin(name):
        return
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"invalid plugin {name!r}: {exc}; fix its hook functions", origin) from None


def _entry_points() -> Iterable[importlib.metadata.EntryPoint]:
    return importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)


def load_plugins(
    modules: Sequence[str] = (),
    files: Sequence[str] = (),
    blocked: Sequence[str] = (),
    autoload: bool | None = None,
) -> PluginSet:
    """Set up the plugin manager and collect what every plugin registers.

    :param modules: importable module names (``-p``).
    :param files: paths of plugin files (``--plugin``).
    :param blocked: plugin names not to load (``-p no:NAME``).
    :param autoload: load entry-point plugins; default: unless ``REUSECHECK_DISABLE_PLUGIN_AUTOLOAD`` is set.
    """
    pm = pluggy.PluginManager("reusecheck")
    pm.add_hookspecs(hookspecs)
    for name in blocked:
        pm.set_blocked(name)
    for module_name in BUILTIN_PLUGINS:
        _register(pm, importlib.import_module(module_name), _short_name(module_name), module_name)
    if autoload is None:
        autoload = not os.environ.get(AUTOLOAD_ENV)
    if autoload:
        for ep in _entry_points():
            if pm.is_blocked(ep.name):
                continue
            try:
                plugin = ep.load()
            except Exception as exc:
                raise PluginError(
                    f"entry-point plugin {ep.name!r} ({ep.value}) failed to load: {type(exc).__name__}: {exc}; "
                    f"fix or uninstall it, or skip it with -p no:{ep.name}",
                    ep.value,
                ) from None
            _register(pm, plugin, ep.name, ep.value)
    for module_name in modules:
        _register(pm, _import_module(module_name), module_name, module_name)
    for path in files:
        _register(pm, _load_file(path), Path(path).stem, path)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"{exc}; check the hook's spelling against reusecheck.hookspecs") from None
    plugins = PluginSet(pm)
    for hook_name, (kind, kind_type, key) in _REGISTRIES.items():
        plugins.registered[kind] = _collect(plugins, hook_name, kind, kind_type, key)
    return plugins


def _collect(plugins: PluginSet, hook_name: str, kind: str, kind_type: type, key: str) -> dict[str, Any]:
    """Call one registration hook plugin by plugin, so each item knows its owner."""
    items: dict[str, Any] = {}
    hook = getattr(plugins.manager.hook, hook_name)
    for impl in reversed(hook.get_hookimpls()):  # pluggy lists them last-registered first

        def register(item: Any, _owner: str = impl.plugin_name) -> None:
            if not isinstance(item, kind_type):
                raise PluginError(f"registered a {type(item).__name__} where a {kind_type.__name__} was expected", _owner)
            name = getattr(item, key)
            if name in items:
                first = plugins.owners[(kind, name)]
                raise PluginError(
                    f"{kind} {name!r} is registered by both {first!r} and {_owner!r}; rename one or block one with -p no:NAME",
                    _owner,
                )
            items[name] = item
            plugins.owners[(kind, name)] = _owner

        _call_registration(impl.function, register, impl.plugin_name)
    return items


def _call_registration(function: Callable[..., Any], register: Callable[[Any], None], owner: str) -> None:
    try:
        function(register=register)
    except PluginError:
        raise
    except Exception as exc:
        raise PluginError(f"plugin raised {type(exc).__name__}: {exc} while registering; fix the plugin", owner) from None
