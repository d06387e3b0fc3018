"""Baselines: the findings a team has accepted, so that a check reports only new ones.

A finding is keyed by its candidate (the path relative to the baseline file's folder), and
by a fingerprint of its content, not its position: the rule, the source (also relative to
the baseline's folder when it is a file) and the normalised words of the reused passages
inside the finding's span (of the span itself for findings without a source; nothing for
findings without a span). Editing, adding or removing text elsewhere in the candidate
therefore leaves the key alone. Identical keys are counted, so a second occurrence of the
same finding is new.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reusecheck.errors import InputError, UsageError
from reusecheck.loaders import read_bytes
from reusecheck.models import Document, Finding, Report, Result

BASELINE_VERSION = 1
_WORD = re.compile(r"\w+")

Key = tuple[str, str]  # (candidate, fingerprint)


@dataclass(frozen=True)
class Entry:
    """One accepted finding: where, which rule, against which source, how often; the message for readers."""

    candidate: str
    rule: str
    source: str | None
    fingerprint: str
    count: int
    message: str

    @property
    def key(self) -> Key:
        return self.candidate, self.fingerprint


def _normalised_words(text: str) -> str:
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def _relative(path: str, root: Path) -> str:
    return Path(os.path.relpath(os.path.abspath(path), root)).as_posix()


def document_key(document: Document, root: Path) -> str:
    """How the baseline names a document: its path relative to ``root``, else its id."""
    return _relative(document.path, root) if document.path else document.id


def _finding_text(result: Result, finding: Finding) -> str:
    """The candidate text a finding is about: its passages from its source inside its span."""
    start, end = finding.candidate_start, finding.candidate_end
    if start is None or end is None:
        return ""
    text = result.candidate.text
    passages = [
        p
        for match in result.matches
        if match.source.id == finding.source
        for p in match.passages
        if p.candidate_start < end and p.candidate_end > start
    ]
    if not passages:
        return text[start:end]
    return "\n".join(text[max(p.candidate_start, start) : min(p.candidate_end, end)] for p in passages)


def _source_key(result: Result, source_id: str | None, root: Path) -> str | None:
    for match in result.matches:
        if match.source.id == source_id:
            return document_key(match.source, root)
    return source_id


def entry_for(result: Result, finding: Finding, root: Path) -> Entry:
    """The baseline entry (count 1) of one finding of a result."""
    source = _source_key(result, finding.source, root)
    content = "\0".join((finding.rule, source or "", _normalised_words(_finding_text(result, finding))))
    fingerprint = hashlib.sha256(content.encode("utf-8")).hexdigest()[:32]
    return Entry(document_key(result.candidate, root), finding.rule, source, fingerprint, 1, finding.message)


@dataclass(frozen=True)
class Baseline:
    """Accepted findings, by (candidate, fingerprint)."""

    entries: dict[Key, Entry]

    @classmethod
    def of(cls, entries: Iterable[Entry]) -> Baseline:
        merged: dict[Key, Entry] = {}
        for entry in entries:
            earlier = merged.get(entry.key)
            merged[entry.key] = replace(entry, count=entry.count + (earlier.count if earlier else 0))
        return cls(merged)

    def __len__(self) -> int:
        return sum(e.count for e in self.entries.values())


def report_entries(report: Report, root: Path) -> list[Entry]:
    """One entry per finding of the report."""
    return [entry_for(result, finding, root) for result in report.results for finding in result.findings]


def filter_report(report: Report, baseline: Baseline, root: Path) -> tuple[Report, int]:
    """The report without the findings the baseline accepts, and how many were dropped."""
    left = Counter({key: entry.count for key, entry in baseline.entries.items()})
    dropped = 0
    results = []
    for result in report.results:
        kept = []
        for finding in result.findings:
            key = entry_for(result, finding, root).key
            if left[key] > 0:
                left[key] -= 1
                dropped += 1
            else:
                kept.append(finding)
        results.append(replace(result, findings=tuple(kept)))
    return replace(report, results=tuple(results)), dropped


def updated(old: Baseline, report: Report, root: Path, *, prune_only: bool) -> Baseline:
    """The baseline after this run, for the candidates it checked (other entries are kept).

    ``prune_only``: keep only old entries still found (counts lowered to what was found);
    otherwise record exactly what was found.
    """
    checked = {document_key(result.candidate, root) for result in report.results}
    found = Baseline.of(report_entries(report, root))
    kept = [e for e in old.entries.values() if e.candidate not in checked]
    if prune_only:
        kept += [
            replace(e, count=min(e.count, found.entries[e.key].count))
            for e in old.entries.values()
            if e.candidate in checked and e.key in found.entries
        ]
    else:
        kept += found.entries.values()
    return Baseline.of(kept)


def dumps(baseline: Baseline) -> str:
    """The baseline file's text: JSON, entries sorted so that diffs stay small."""
    entries = sorted(baseline.entries.values(), key=lambda e: (e.candidate, e.rule, e.source or "", e.fingerprint))
    payload = {
        "version": BASELINE_VERSION,
        "findings": [
            {"candidate": e.candidate, "rule": e.rule, "source": e.source, "fingerprint": e.fingerprint,
             "count": e.count, "message": e.message}
            for e in entries
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _entry_from(item: Any) -> Entry:
    if not isinstance(item, dict):
        raise ValueError("each finding must be an object")
    strings = ("candidate", "rule", "fingerprint")
    if any(not isinstance(item.get(k), str) for k in strings) or not isinstance(item.get("count", 1), int):
        raise ValueError("each finding needs candidate, rule and fingerprint strings and an integer count")
    source = item.get("source")
    return Entry(item["candidate"], item["rule"], source if isinstance(source, str) else None,
                 item["fingerprint"], item.get("count", 1), str(item.get("message", "")))


def load(path: str) -> Baseline:
    """Read a baseline file; a UsageError naming the file when it is missing or malformed."""
    if not os.path.lexists(path):
        raise UsageError("no such baseline file; create it with --write-baseline", path)
    try:
        payload = json.loads(read_bytes(path).decode("utf-8"))
    except InputError as exc:
        raise UsageError(f"cannot read the baseline: {exc.message}", path) from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"cannot read the baseline: not UTF-8 at byte {exc.start}", path) from None
    except json.JSONDecodeError as exc:
        raise UsageError(f"not a baseline (invalid JSON at line {exc.lineno}); rewrite it with --write-baseline", path) from None
    except RecursionError:
        raise UsageError("not a baseline (JSON nested too deeply); rewrite it with --write-baseline", path) from None
    try:
        if not isinstance(payload, dict) or payload.get("version") != BASELINE_VERSION:
            raise ValueError(f"expected an object with \"version\": {BASELINE_VERSION}")
        findings = payload.get("findings")
        if not isinstance(findings, list):
            raise ValueError("\"findings\" must be a list")
        return Baseline.of(_entry_from(item) for item in findings)
    except ValueError as exc:
        raise UsageError(f"not a reusecheck baseline: {exc}; rewrite it with --write-baseline", path) from None


def root_of(path: str) -> Path:
    """The folder that paths in a baseline file are relative to: the file's own."""
    return Path(os.path.abspath(path)).parent
