"""What plugin authors rely on: the package's exports and signature-based arguments."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from helpers import REPUBLISHED, REUTERS

import reusecheck
from reusecheck.credits import default_agencies, extract_credits
from reusecheck.formats import Format, RenderContext
from reusecheck.models import Credit, Document, Report, Severity
from reusecheck.plugins import load_plugins

PLUGIN_TYPES = ("RenderContext", "PluginOption", "SourceStore", "Tokens", "RetrievalSettings", "Analyzed",
                "Rule", "RuleContext", "PairContext", "Format", "Scorer", "CreditExtractor", "LoadOptions")


def test_all_is_a_static_list_of_names_that_resolve() -> None:
    tree = ast.parse(Path(reusecheck.__file__).read_text(encoding="utf-8"))
    assigned = [node.value for node in tree.body
                if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets)]
    assert len(assigned) == 1 and isinstance(assigned[0], ast.List)
    listed = [element.value for element in assigned[0].elts if isinstance(element, ast.Constant)]
    assert listed == reusecheck.__all__ and len(set(listed)) == len(listed)
    assert set(PLUGIN_TYPES) <= set(listed)
    for name in set(listed) - {"hookimpl"}:
        assert getattr(reusecheck, str(name)).__name__ == name


def test_every_export_is_re_exported_explicitly_for_type_checkers() -> None:
    tree = ast.parse(Path(reusecheck.__file__).read_text(encoding="utf-8"))
    re_exported = {alias.asname for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                   for alias in node.names if alias.asname == alias.name}
    assert re_exported == set(reusecheck.__all__) - {"hookimpl"}


def test_importing_the_package_does_not_import_the_engine() -> None:
    code = "import sys, reusecheck; print('reusecheck.engine' in sys.modules, 'numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_a_format_gets_the_context_when_its_signature_names_it() -> None:
    seen: list[object] = []

    def plain(report: Report) -> str:
        seen.append(("plain", len(report.results)))
        return "p"

    def contextual(report: Report, context: RenderContext) -> str:
        seen.append(("contextual", context.fail_level))
        return "c"

    def open_ended(report: Report, **extras: object) -> str:
        seen.append(("open", sorted(extras)))
        return "o"

    context = RenderContext(fail_level=Severity.ERROR)
    outputs = [Format(name, render).output(Report(()), context)
               for name, render in (("plain", plain), ("contextual", contextual), ("open", open_ended))]
    assert outputs == ["p", "c", "o"]
    assert seen == [("plain", 0), ("contextual", Severity.ERROR), ("open", ["context"])]


def test_a_credit_extractor_gets_the_agency_list_when_its_signature_names_it() -> None:
    calls: list[str] = []

    def with_agencies(document: Document, agencies: object) -> list[Credit]:
        calls.append(type(agencies).__name__)
        return []

    def without(document: Document) -> list[Credit]:
        calls.append("document only")
        return []

    extractors = (reusecheck.CreditExtractor("a", with_agencies), reusecheck.CreditExtractor("b", without))
    extract_credits(Document("d", "text"), extractors, default_agencies())
    assert calls == ["AgencyList", "document only"]


NEEDY = '''
import reusecheck

def render(report, settings):
    return ""

@reusecheck.hookimpl
def reusecheck_register_formats(register):
    register(reusecheck.Format("needy", render))
'''


def test_a_format_asking_for_an_argument_nobody_gives_is_refused_when_loaded(tmp_path: Path) -> None:
    plugin = tmp_path / "needy.py"
    plugin.write_text(NEEDY, encoding="utf-8")
    plugins = load_plugins(files=[str(plugin)])
    assert "needy" not in plugins.formats
    expected = (f"{plugin}: format 'needy': render needs the argument 'settings'; it is given the first argument "
                "and context by name; fix the plugin")
    assert [str(e) for e in plugins.errors] == [expected]


HOUSE = '''
import re
import reusecheck
from reusecheck.models import Credit

def wire_tag(document, agencies):
    for match in re.finditer(r"\\[wire: (?P<name>[^\\]]+)\\]", document.text):
        yield Credit(match["name"], "author", "credit-line", match.start(), match.end(),
                     agencies.identify(match["name"]), match.group())

@reusecheck.hookimpl
def reusecheck_register_credit_extractors(register):
    register(reusecheck.CreditExtractor("house-wire-tag", wire_tag, "[wire: AP] tags"))
'''


def test_a_guarded_extractor_keeps_its_signature(tmp_path: Path) -> None:
    plugin = tmp_path / "house.py"
    plugin.write_text(HOUSE, encoding="utf-8")
    plugins = load_plugins(files=[str(plugin)])
    assert not plugins.errors
    credits = extract_credits(Document("d", "Text. [wire: Associated Press]"),
                              [plugins.credit_extractors["house-wire-tag"]], default_agencies())
    assert [(c.name, c.agency) for c in credits] == [("Associated Press", "AP")]


def test_builtin_formats_ask_for_the_context_by_name() -> None:
    report = reusecheck.check([str(REPUBLISHED)], [str(REUTERS)])
    plugins = load_plugins()
    text = plugins.formats["text"]
    statistics = text.output(report, RenderContext(plugins.rules, scorers=plugins.scorers, statistics=True))
    assert statistics != text.output(report, RenderContext(plugins.rules, scorers=plugins.scorers))
    assert not any(f.takes_context for f in plugins.formats.values())
