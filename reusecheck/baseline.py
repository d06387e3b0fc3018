"""Baselines: the findings a team has accepted, so that a check reports only new ones.

A finding is keyed by its candidate (the path relative to the baseline file's folder), its
rule, its source (also relative to the baseline's folder when it is a file) and its text:
the normalised words of the reused passages inside the finding's span (of the span itself
for findings without a source; nothing for findings without a span). The text is kept two
ways: an exact ``fingerprint`` (a hash) and a fuzzy ``sketch`` (the `SKETCH_SIZE` smallest
hashes of its word 3-grams, a bottom-k MinHash). A finding matches an entry of the same
candidate, rule and source whose fingerprint is equal or whose sketch estimates a Jaccard
similarity of at least `SIMILAR` (exact matches are taken first). So editing, adding or
removing text elsewhere in the candidate, or a few words in or next to the passage (fixing
an attribution), leaves the finding baselined; a substantially different passage is new.
Identical keys are counted, so a second occurrence of the same finding is new.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reusecheck.errors import InputError, UsageError
from reusecheck.formats import finding_passages
from reusecheck.loaders import read_bytes
from reusecheck.models import Document, Finding, Report, Result

BASELINE_VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 1 files have no sketches: their entries match exactly only
SKETCH_SIZE = 16
SHINGLE = 3
SIMILAR = 0.5
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
    sketch: tuple[int, ...] = ()

    @property
    def key(self) -> Key:
        return self.candidate, self.fingerprint


    @property
    def group(self) -> tuple[str, str, str | None]:
        """What a finding must share with an entry to match it: candidate, rule and source."""
        return self.candidate, self.rule, self.source


def _normalised_words(text: str) -> str:
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def sketch_of(words: str) -> tuple[int, ...]:
    """The `SKETCH_SIZE` smallest 32-bit hashes of the word 3-grams (of the words themselves
    when there are fewer than three), sorted."""
    tokens = words.split()
    grams = {" ".join(tokens[k : k + SHINGLE]) for k in range(max(1, len(tokens) - SHINGLE + 1))} if tokens else set()
    hashes = {int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=4).digest(), "big") for g in grams}
    return tuple(sorted(hashes)[:SKETCH_SIZE])


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """The bottom-k estimate of the Jaccard similarity of the two sketched 3-gram sets."""
    if not a or not b:
        return 0.0
    smallest = sorted(set(a) | set(b))[:SKETCH_SIZE]
    return sum(1 for h in smallest if h in a and h in b) / len(smallest)


def _relative(path: str, root: Path) -> str:
    return Path(os.path.relpath(os.path.abspath(path), root)).as_posix()


def document_key(document: Document, root: Path) -> str:
    """How the baseline names a document: its path relative to ``root``, else its id."""
    return _relative(document.path, root) if document.path else document.id


def _finding_text(result: Result, finding: Finding) -> str:
    """The candidate text a finding is about: its passages from its source inside its span
    (`finding_passages`; for an empty span all that `finding_passages` gives are empty here)."""
    start, end = finding.candidate_start, finding.candidate_end
    if start is None or end is None:
        return ""
    text = result.candidate.text
    passages = [p for _, p in finding_passages(result, finding)]
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
    words = _normalised_words(_finding_text(result, finding))
    content = "\0".join((finding.rule, source or "", words))
    fingerprint = hashlib.sha256(content.encode("utf-8")).hexdigest()[:32]
    return Entry(document_key(result.candidate, root), finding.rule, source, fingerprint, 1, finding.message, sketch_of(words))


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


def match(entries: list[Entry], baseline: Baseline) -> list[Entry | None]:
    """For each entry of a run's findings, the baseline entry it matches (None: a new
    finding). Each baseline entry matches at most ``count`` findings; exact fingerprints
    are matched first, then the most similar sketch of the same candidate, rule and source."""
    left = {key: entry.count for key, entry in baseline.entries.items()}
    groups: dict[tuple[str, str, str | None], list[Entry]] = {}
    for entry in baseline.entries.values():
        groups.setdefault(entry.group, []).append(entry)
    found: list[Entry | None] = [None] * len(entries)
    for k, entry in enumerate(entries):
        if left.get(entry.key, 0) > 0:
            left[entry.key] -= 1
            found[k] = baseline.entries[entry.key]
    for k, entry in enumerate(entries):
        if found[k] is not None:
            continue
        scored = [(similarity(entry.sketch, old.sketch), old) for old in groups.get(entry.group, []) if left[old.key] > 0]
        best = max(scored, key=lambda item: item[0], default=None)
        if best is not None and best[0] >= SIMILAR:
            left[best[1].key] -= 1
            found[k] = best[1]
    return found


def filter_report(report: Report, baseline: Baseline, root: Path) -> tuple[Report, int]:
    """The report without the findings the baseline accepts, and how many were dropped."""
    new = [old is None for old in match(report_entries(report, root), baseline)]  # in the order of report_entries
    unmatched = iter(new)
    results = [replace(r, findings=tuple(f for f in r.findings if next(unmatched))) for r in report.results]
    return replace(report, results=tuple(results)), new.count(False)


def updated(old: Baseline, report: Report, root: Path, *, prune_only: bool) -> Baseline:
    """The baseline after this run, for the candidates it checked (other entries are kept).

    ``prune_only``: keep only old entries still found (as the finding that matched them, so
    the entry follows small edits); otherwise record exactly what was found.
    """
    checked = {document_key(result.candidate, root) for result in report.results}
    current = report_entries(report, root)
    kept = [e for e in old.entries.values() if e.candidate not in checked]
    if prune_only:
        kept += [entry for entry, matched in zip(current, match(current, old), strict=True) if matched is not None]
    else:
        kept += current
    return Baseline.of(kept)


def renamed(baseline: Baseline, renames: dict[str, str], root: Path) -> Baseline:
    """The baseline with the entries of renamed candidates moved to their new names
    (``renames``: old absolute path -> new absolute path, as git reports them)."""
    moved = {_relative(old, root): _relative(new, root) for old, new in renames.items()}
    return Baseline.of(replace(e, candidate=moved.get(e.candidate, e.candidate)) for e in baseline.entries.values())


def dumps(baseline: Baseline) -> str:
    """The baseline file's text: JSON, entries sorted so that diffs stay small."""
    entries = sorted(baseline.entries.values(), key=lambda e: (e.candidate, e.rule, e.source or "", e.fingerprint))
    payload = {
        "version": BASELINE_VERSION,
        "findings": [
            {"candidate": e.candidate, "rule": e.rule, "source": e.source, "fingerprint": e.fingerprint,
             "sketch": " ".join(f"{h:08x}" for h in e.sketch), "count": e.count, "message": e.message}
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
    try:
        sketch = tuple(sorted(int(h, 16) for h in str(item.get("sketch", "")).split()))
    except ValueError:
        raise ValueError("a sketch must be hexadecimal numbers separated by spaces") from None
    return Entry(item["candidate"], item["rule"], source if isinstance(source, str) else None,
                 item["fingerprint"], item.get("count", 1), str(item.get("message", "")), sketch)


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
        if not isinstance(payload, dict) or payload.get("version") not in READABLE_VERSIONS:
            raise ValueError(f"expected an object with \"version\": {BASELINE_VERSION} (or 1)")
        findings = payload.get("findings")
        if not isinstance(findings, list):
            raise ValueError("\"findings\" must be a list")
        return Baseline.of(_entry_from(item) for item in findings)
    except ValueError as exc:
        raise UsageError(f"not a reusecheck baseline: {exc}; rewrite it with --write-baseline", path) from None


def root_of(path: str) -> Path:
    """The folder that paths in a baseline file are relative to: the file's own."""
    return Path(os.path.abspath(path)).parent
