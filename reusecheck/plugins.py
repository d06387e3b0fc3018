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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from reusecheck import hookspecs
from reusecheck.commands import Command
from reusecheck.config import PluginOption
from reusecheck.credits import CreditExtractor
from reusecheck.errors import PluginError
from reusecheck.formats import Format
from reusecheck.guard import Item, guarded, registration_problem
from reusecheck.rules import Rule
from reusecheck.scoring import Scorer

ENTRY_POINT_GROUP = "reusecheck"
AUTOLOAD_ENV = "REUSECHECK_DISABLE_PLUGIN_AUTOLOAD"

BUILTIN_PLUGINS: tuple[str, ...] = (
    "reusecheck.builtin.text_loader",
    "reusecheck.builtin.jsonl_loader",
    "reusecheck.builtin.html_loader",
    "reusecheck.builtin.news_xml_loader",
    "reusecheck.builtin.ninjs_loader",
    "reusecheck.builtin.scorers",
    "reusecheck.builtin.text_format",
    "reusecheck.builtin.json_format",
    "reusecheck.builtin.jsonl_format",
    "reusecheck.builtin.sarif_format",
    "reusecheck.builtin.rdjsonl_format",
    "reusecheck.builtin.github_format",
    "reusecheck.builtin.junit_format",
    "reusecheck.builtin.markdown_format",
    "reusecheck.builtin.csv_format",
    "reusecheck.builtin.gitlab_format",
    "reusecheck.builtin.checkstyle_format",
    "reusecheck.builtin.html_format",
    "reusecheck.builtin.reuse_rule",
    "reusecheck.builtin.credit_extractors",
    "reusecheck.builtin.credit_rules",
    "reusecheck.builtin.metadata_rule",
    "reusecheck.builtin.quote_rule",
    "reusecheck.builtin.date_rule",
    "reusecheck.builtin.suppression_rule",
)

# hook name -> (kind shown to users, registered type, attribute that names an item)
_REGISTRIES: dict[str, tuple[str, type, str]] = {
    "reusecheck_register_scorers": ("scorer", Scorer, "name"),
    "reusecheck_register_formats": ("format", Format, "name"),
    "reusecheck_register_rules": ("rule", Rule, "code"),
    "reusecheck_register_credit_extractors": ("credit extractor", CreditExtractor, "name"),
    "reusecheck_register_commands": ("command", Command, "name"),
}


@dataclass
class PluginSet:
    """The loaded plugins, everything they registered (by kind and name) and the plugins
    that failed: a broken plugin is left out and reported, the run goes on without it."""

    manager: pluggy.PluginManager
    registered: dict[str, dict[str, Any]] = field(default_factory=dict)
    owners: dict[tuple[str, str], str] = field(default_factory=dict)
    errors: list[PluginError] = field(default_factory=list)
    configured: bool = False

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

    @property
    def commands(self) -> dict[str, Command]:
        return self.registered["command"]

    def plugin_names(self) -> list[str]:
        """Every registered plugin's name, built-ins first, in load order."""
        return [name for name, plugin in self.manager.list_name_plugin() if plugin is not None]

    def registrations_of(self, plugin_name: str) -> list[tuple[str, str]]:
        """(kind, name) of everything a plugin registered."""
        return [key for key, owner in self.owners.items() if owner == plugin_name]

    def drop(self, kind: str, name: str) -> None:
        """Leave a registered item out of the rest of the run (its plugin code failed)."""
        self.registered[kind].pop(name, None)

    def declared_options(self, *, skip_failing: bool = False) -> dict[str, dict[str, PluginOption]]:
        """The options each plugin declares (``reusecheck_register_options``), by plugin
        name (built-ins first, in load order) and option name; a bad declaration is a
        `PluginError` (``skip_failing``: that plugin's options are left out)."""
        declared: dict[str, dict[str, PluginOption]] = {}
        for impl in reversed(self.manager.hook.reusecheck_register_options.get_hookimpls()):
            own = declared.setdefault(impl.plugin_name, {})

            def register(option: PluginOption, _own: dict[str, PluginOption] = own, _name: str = impl.plugin_name) -> None:
                if not isinstance(option, PluginOption):
                    raise PluginError(f"registered a {type(option).__name__} where a PluginOption was expected", _name)
                if option.name in _own:
                    raise PluginError(f"declares the option {option.name!r} twice", _name)
                _own[option.name] = option

            try:
                _call_hook(impl.function, {"register": register}, impl.plugin_name)
            except PluginError:
                if not skip_failing:
                    raise
                del declared[impl.plugin_name]
        return {name: declared[name] for name in self.plugin_names() if name in declared}

    def configure(self, values: Mapping[str, Mapping[str, Any]]) -> None:
        """Hand each plugin that implements ``reusecheck_configure`` its own option values
        (`reusecheck.config.plugin_option_values`); once per plugin set."""
        self.configured = True
        for impl in self.manager.hook.reusecheck_configure.get_hookimpls():
            _call_hook(impl.function, {"options": dict(values.get(impl.plugin_name, {}))}, impl.plugin_name)


def _call_hook(function: Callable[..., Any], kwargs: dict[str, Any], owner: str) -> None:
    try:
        function(**kwargs)
    except PluginError:
        raise
    except (Exception, SystemExit) as exc:
        raise PluginError(f"plugin raised {type(exc).__name__}: {exc} in {function.__name__}; fix the plugin", owner) from None


def _short_name(module_name: str) -> str:
    return module_name.rsplit(".", 1)[-1] if module_name.startswith("reusecheck.builtin.") else module_name


def _import_module(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise PluginError(f"cannot import plugin module ({exc}); install it or fix the -p name", name) from None
    except (Exception, SystemExit) as exc:  # a plugin's own import-time failure
        raise PluginError(f"plugin module failed while importing: {_one_line(exc)}", name) from None


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
    except (Exception, SystemExit) as exc:
        raise PluginError(f"plugin failed while importing: {_one_line(exc)}; fix the plugin file", path) from None
    return module


def _one_line(exc: BaseException) -> str:
    """An exception as ``Type: message`` on one line."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _register(pm: pluggy.PluginManager, plugin: object, name: str, origin: str, origins: dict[str, str]) -> None:
    if pm.is_blocked(name):
        return
    if pm.has_plugin(name):
        raise PluginError(
            f"the plugin name {name!r} is taken by {origins.get(name, name)}; rename the file or module, "
            f"or block the other with -p no:{name}",
            origin,
        )
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        raise PluginError(f"invalid plugin {name!r}: {'; '.join(str(exc).splitlines())}; fix its hook functions", origin) from None
    if not pm.get_hookcallers(plugin):
        pm.unregister(plugin)
        raise PluginError(
            "defines no hook function; mark them with @reusecheck.hookimpl (reusecheck/hookspecs.py lists the hooks)",
            origin,
        )
    origins[name] = origin


def _drop_unknown_hooks(pm: pluggy.PluginManager, origins: dict[str, str]) -> list[PluginError]:
    """Unregister plugins that implement a hook no spec declares (a misspelled hook)."""
    errors = []
    for hook_name, caller in list(vars(pm.hook).items()):
        if caller.spec is not None:
            continue
        for impl in caller.get_hookimpls():
            if impl.optionalhook or not pm.has_plugin(impl.plugin_name):
                continue
            errors.append(PluginError(
                f"plugin {impl.plugin_name!r} implements unknown hook {hook_name!r}; "
                "check its spelling against reusecheck/hookspecs.py",
                origins.get(impl.plugin_name, impl.plugin_name),
            ))
            pm.unregister(name=impl.plugin_name)
    return errors


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

    A plugin that fails to load, misspells a hook or registers a taken name is left out and
    listed in ``PluginSet.errors``; the built-ins always load.
    """
    pm = pluggy.PluginManager("reusecheck")
    pm.add_hookspecs(hookspecs)
    plugins = PluginSet(pm)
    origins: dict[str, str] = {}  # plugin name -> the file or module it came from
    for name in blocked:
        pm.set_blocked(name)
    for module_name in BUILTIN_PLUGINS:
        _register(pm, importlib.import_module(module_name), _short_name(module_name), module_name, origins)
    if autoload is None:
        autoload = not os.environ.get(AUTOLOAD_ENV)
    loaders: list[tuple[str, str, Callable[[], object]]] = []
    if autoload:
        loaders += [(ep.name, ep.value, partial(_load_entry_point, ep)) for ep in _entry_points()]
    loaders += [(m, m, partial(_import_module, m)) for m in modules]
    loaders += [(Path(f).stem, f, partial(_load_file, f)) for f in files]
    for name, origin, load in loaders:
        if pm.is_blocked(name):
            continue
        try:
            _register(pm, load(), name, origin, origins)
        except PluginError as exc:
            plugins.errors.append(exc)
    plugins.errors += _unknown_blocked(blocked, [name for name, _, _ in loaders])
    plugins.errors += _drop_unknown_hooks(pm, origins)
    for hook_name, (kind, kind_type, key) in _REGISTRIES.items():
        plugins.registered[kind] = _collect(plugins, hook_name, kind, kind_type, key, origins)
    return plugins


def _unknown_blocked(blocked: Sequence[str], loadable: Sequence[str]) -> list[PluginError]:
    """A ``-p no:NAME`` that names no plugin (a typo would block nothing)."""
    known = {_short_name(m) for m in BUILTIN_PLUGINS} | set(loadable)
    if blocked:
        known |= {ep.name for ep in _entry_points()}
    return [
        PluginError(f"-p no:{name}: no plugin is named {name!r}; `reusecheck plugins` lists the names")
        for name in blocked if name not in known
    ]


def _load_entry_point(ep: importlib.metadata.EntryPoint) -> object:
    try:
        return ep.load()
    except (Exception, SystemExit) as exc:
        raise PluginError(
            f"entry-point plugin {ep.name!r} failed to load: {_one_line(exc)}; "
            f"fix or uninstall it, or skip it with -p no:{ep.name}",
            ep.value,
        ) from None


def _collect(
    plugins: PluginSet, hook_name: str, kind: str, kind_type: type, key: str, origins: dict[str, str]
) -> dict[str, Any]:
    """Call one registration hook plugin by plugin, so each item knows its owner."""
    items: dict[str, Any] = {}
    hook = getattr(plugins.manager.hook, hook_name)
    for impl in hook.get_hookimpls():  # in registration order: built-ins first
        owner = impl.plugin_name
        origin = origins.get(owner, owner)

        def register(item: Any, _owner: str = owner, _origin: str = origin) -> None:
            if not isinstance(item, kind_type):
                raise PluginError(
                    f"plugin {_owner!r} registered a {type(item).__name__} where a {kind_type.__name__} "
                    "was expected; fix the plugin",
                    _origin,
                )
            name = getattr(item, key)
            if not isinstance(name, str) or not name:
                raise PluginError(f"plugin {_owner!r} registered a {kind} whose {key} is not a non-empty string; fix the plugin", _origin)
            problem = registration_problem(item)
            if problem is not None:
                raise PluginError(f"{kind} {name!r}: {problem}; fix the plugin", _origin)
            if name in items:
                raise PluginError(
                    f"{kind} {name!r} is registered by both {plugins.owners[(kind, name)]!r} and {_owner!r}; "
                    "rename one, or block one with -p no:NAME",
                    _origin,
                )
            items[name] = guarded(item, Item(kind, name, _owner))
            plugins.owners[(kind, name)] = _owner

        try:
            impl.function(register=register)
        except PluginError as exc:
            plugins.errors.append(exc)
        except (Exception, SystemExit) as exc:
            plugins.errors.append(PluginError(
                f"plugin {owner!r} raised {_one_line(exc)} while registering; fix the plugin", origin
            ))
    return items
