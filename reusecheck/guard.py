"""Guards around every call into plugin code.

A registered scorer, rule, format or credit extractor is wrapped when it is registered
(`guarded`), and loaders are called through `load_documents` and `stream_documents` (each
document a streaming loader yields is checked as it comes): whatever the plugin's code
does (raises, takes other arguments, calls ``sys.exit``, returns the wrong kind of value)
becomes a `PluginFailure`, one line naming the plugin, what failed and the fix. The
engine leaves a failed scorer, rule or extractor out for the rest of the run; a failed
loader makes its file an input error.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import wraps
from typing import Any

from reusecheck.credits import CreditExtractor
from reusecheck.errors import PluginError, ReusecheckError
from reusecheck.formats import Format
from reusecheck.injection import unsupported
from reusecheck.models import Credit, Document, Finding, Severity
from reusecheck.rules import Rule, RuleContext
from reusecheck.scoring import Alignment, Scorer

_MAX_DETAIL = 300
_END = object()  # what a finished iterator gives `next`


@dataclass(frozen=True)
class Item:
    """What a plugin registered: its kind and name, and the plugin's name (messages start with it)."""

    kind: str
    name: str
    owner: str

    @property
    def fix(self) -> str:
        if self.kind == "format":
            return "fix the plugin or choose another format"
        return f"fix the plugin or block it with -p no:{self.owner}"


class PluginFailure(PluginError):
    """Plugin code that failed while running; ``item`` is what failed."""

    def __init__(self, item: Item, problem: str) -> None:
        super().__init__(f"{item.kind} {item.name!r} {problem}; {item.fix}", item.owner)
        self.item = item


def _detail(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:_MAX_DETAIL]}" if text else type(exc).__name__


def call(item: Item, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``function(*args, **kwargs)``; any exception of plugin code (SystemExit included) becomes a
    `PluginFailure`. Errors reusecheck defines (an `InputError` a loader raises for a file
    it cannot read) pass through."""
    try:
        return function(*args, **kwargs)
    except ReusecheckError:
        raise
    except (Exception, SystemExit) as exc:
        raise PluginFailure(item, f"failed: {_detail(exc)}") from None


def is_strict_json(value: Any) -> bool:
    """Can ``value`` be written as standard JSON (no NaN or infinity, string keys)?"""
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return False
    return True


def checked_score(item: Item, unit: str, value: Any) -> float:
    """A scorer's value if it is a finite number in its declared unit (0..1 for shares)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PluginFailure(item, f"returned {type(value).__name__} {value!r:.40}, not a number")
    if not math.isfinite(value):
        raise PluginFailure(item, f"returned {value}, not a finite number")
    if unit.startswith("share") and not 0 <= value <= 1:
        raise PluginFailure(item, f"returned {value}, outside 0..1 (its unit is {unit!r})")
    return value


def _span_fits(start: Any, end: Any, length: int) -> bool:
    if start is None and end is None:
        return True
    ints = all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end))
    return ints and 0 <= start <= end <= length


def _listed(item: Item, found: Any, kind: type) -> list[Any]:
    """What a rule or extractor gave, as a list, if it is an iterable of ``kind`` objects."""
    if isinstance(found, (str, bytes, kind)) or not isinstance(found, Iterable):
        raise PluginFailure(item, f"returned {type(found).__name__}, not an iterable of {kind.__name__} objects")
    listed: list[Any] = call(item, list, found)
    for element in listed:
        if not isinstance(element, kind):
            raise PluginFailure(item, f"yielded a {type(element).__name__} where a {kind.__name__} was expected")
    return listed


def checked_findings(item: Item, found: Any, text: str) -> list[Finding]:
    """A rule's findings if each is a `Finding` with a span inside the candidate's text
    and strict-JSON evidence."""
    findings: list[Finding] = _listed(item, found, Finding)
    for finding in findings:
        if not _span_fits(finding.candidate_start, finding.candidate_end, len(text)):
            raise PluginFailure(item, f"gave the span {finding.candidate_start}..{finding.candidate_end}, "
                                f"not inside the candidate's {len(text)} characters")
        if not isinstance(finding.message, str) or not (finding.source is None or isinstance(finding.source, str)):
            raise PluginFailure(item, "gave a finding whose message or source is not a string")
        if not isinstance(finding.evidence, dict) or not is_strict_json(finding.evidence):
            raise PluginFailure(item, "gave evidence that is not a JSON object of strings, finite numbers, lists and objects")
    return findings


def checked_credits(item: Item, found: Any, document: Document) -> list[Credit]:
    """An extractor's credits if each is a `Credit` with a span inside the text."""
    credits: list[Credit] = _listed(item, found, Credit)
    for credit in credits:
        if not _span_fits(credit.start, credit.end, len(document.text)):
            raise PluginFailure(item, f"gave the span {credit.start}..{credit.end}, not inside the document's "
                                f"{len(document.text)} characters")
    return credits


def checked_documents(item: Item, found: Any) -> list[Document] | None:
    """A loader's answer if it is None (not mine) or a list of `Document` objects."""
    if found is None:
        return None
    if not isinstance(found, (list, tuple)):
        raise PluginFailure(item, f"returned {type(found).__name__}, not a list of Document objects or None")
    return [_checked_document(item, document) for document in found]


def _checked_document(item: Item, document: Any) -> Document:
    if not isinstance(document, Document) or not isinstance(document.id, str) or not isinstance(document.text, str):
        raise PluginFailure(item, f"returned a {type(document).__name__} where a Document with string id and text was expected")
    return document


def registration_problem(registered: Any) -> str | None:
    """What is wrong with a registered object's fields, or None: callables must be
    callable, severities `Severity` values, names non-empty strings."""
    checks: list[tuple[bool, str]] = []
    if isinstance(registered, Scorer):
        checks = [(callable(registered.score), "score must be a function of the Alignment"),
                  (isinstance(registered.unit, str), "unit must be a string such as 'share of 0..1'")]
    elif isinstance(registered, Rule):
        checks = [(callable(registered.check), "check must be a function of the RuleContext"),
                  (isinstance(registered.severity, Severity), f"severity must be a reusecheck.Severity "
                   f"(e.g. Severity.WARNING), not {registered.severity!r}")]
    elif isinstance(registered, Format):
        checks = [(callable(registered.render), "render must be a function of the Report"),
                  _injectable(registered.render, registered.takes_context, "render", "context"),
                  (registered.render_files is None or callable(registered.render_files),
                   "render_files must be None or a function of the Report and RenderContext"),
                  (registered.stream is None or callable(registered.stream),
                   "stream must be None or a function of the RenderContext")]
    elif isinstance(registered, CreditExtractor):
        checks = [(callable(registered.extract), "extract must be a function of the Document"),
                  _injectable(registered.extract, registered.uses_agencies, "extract", "agencies")]
    for ok, problem in checks:
        if not ok:
            return problem
    return None


def _injectable(function: Any, positional: bool, role: str, *offered: str) -> tuple[bool, str]:
    """A check that ``function`` needs no argument beyond those offered (by name)."""
    missing = [] if positional or not callable(function) else unsupported(function, offered)
    given = " and ".join(offered)
    return not missing, f"{role} needs the argument {missing[0] if missing else ''!r}; it is given the first argument and {given} by name"


class GuardedStream:
    """A format plugin's `reusecheck.formats.ReportStream` whose failures and non-text
    returns become a `PluginFailure`."""

    def __init__(self, item: Item, stream: Any) -> None:
        self.item = item
        self.stream = stream

    def _text(self, method: str, *args: Any) -> str:
        function = getattr(self.stream, method, None)
        if not callable(function):
            raise PluginFailure(self.item, f"stream has no {method} method")
        text = call(self.item, function, *args)
        if not isinstance(text, str):
            raise PluginFailure(self.item, f"stream {method} returned {type(text).__name__}, not text")
        return text

    def result(self, result: Any) -> str:
        return self._text("result", result)

    def end(self, errors: Any, warnings: Any) -> str:
        return self._text("end", errors, warnings)


def guarded(registered: Any, item: Item) -> Any:
    """The registered object with its function wrapped by the checks above."""
    if isinstance(registered, Scorer):
        score, unit = registered.score, registered.unit

        def guarded_score(alignment: Alignment) -> float:
            return checked_score(item, unit, call(item, score, alignment))

        return replace(registered, score=guarded_score)
    if isinstance(registered, Rule):
        check = registered.check

        def guarded_check(context: RuleContext) -> list[Finding]:
            return checked_findings(item, call(item, check, context), context.candidate.text)

        return replace(registered, check=guarded_check)
    if isinstance(registered, Format):
        render = registered.render

        @wraps(render)  # the plugin's signature decides what it is given (`reusecheck.injection`)
        def guarded_render(*args: Any, **kwargs: Any) -> str:
            text = call(item, render, *args, **kwargs)
            if not isinstance(text, str):
                raise PluginFailure(item, f"returned {type(text).__name__}, not the report as a string")
            return text

        render_files = registered.render_files

        def guarded_render_files(*args: Any) -> Mapping[str, str]:
            assert render_files is not None
            files = call(item, render_files, *args)
            if not isinstance(files, Mapping) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
                raise PluginFailure(item, f"render_files returned {type(files).__name__}, not a mapping of file names to text")
            return files

        stream = registered.stream
        return replace(registered, render=guarded_render,
                       render_files=None if render_files is None else guarded_render_files,
                       stream=None if stream is None else lambda context: GuardedStream(item, call(item, stream, context)))
    if isinstance(registered, CreditExtractor):
        extract = registered.extract

        @wraps(extract)
        def guarded_extract(document: Document, *args: Any, **kwargs: Any) -> list[Credit]:
            return checked_credits(item, call(item, extract, document, *args, **kwargs), document)

        return replace(registered, extract=guarded_extract)
    return registered


def load_documents(hook: Any, path: str, data: bytes, options: Any) -> list[Document] | None:
    """Call the ``reusecheck_load_documents`` implementations as pluggy would (last
    registered first, ``tryfirst``/``trylast`` respected; the first list wins), each guarded."""
    arguments = {"path": path, "data": data, "options": options}
    for impl in reversed(hook.get_hookimpls()):
        item = Item("loader", impl.plugin_name, impl.plugin_name)
        documents = checked_documents(item, call(item, impl.function, *(arguments[a] for a in impl.argnames)))
        if documents is not None:
            return documents
    return None


def stream_documents(hook: Any, path: str, options: Any) -> Iterator[Document] | None:
    """Call the ``reusecheck_stream_documents`` implementations in pluggy's order; the first
    iterator wins and is read guarded (each step, each document checked)."""
    arguments = {"path": path, "options": options}
    for impl in reversed(hook.get_hookimpls()):
        item = Item("loader", impl.plugin_name, impl.plugin_name)
        found = call(item, impl.function, *(arguments[a] for a in impl.argnames))
        if found is None:
            continue
        if not isinstance(found, Iterator):
            raise PluginFailure(item, f"returned {type(found).__name__}, not an iterator of Document objects or None")
        return _guarded_documents(item, found)
    return None


def _guarded_documents(item: Item, documents: Iterator[Any]) -> Iterator[Document]:
    while True:
        document = call(item, next, documents, _END)
        if document is _END:
            return
        yield _checked_document(item, document)
