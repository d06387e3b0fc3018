"""The pipeline: load, tokenize, retrieve, align, score, attribute, decide.

`check` is the public entry point; `Checker` holds what a run reuses across candidates
(plugins, tokenizer, sources).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from reusecheck import parallel
from reusecheck.align import AlignSettings, align
from reusecheck.config import PathOverride, plugin_option_values
from reusecheck.credits import (
    AgencyList,
    AgencyPolicy,
    default_agencies,
    extract_credits,
    policies_by_agency,
    principal_agencies,
)
from reusecheck.decide import DEFAULT_THRESHOLD, Policy
from reusecheck.derivation import VerdictModel, default_model, derive, evidence
from reusecheck.errors import BinaryFileError, InputError, PluginError, UsageError
from reusecheck.guard import PluginFailure, load_documents, stream_documents
from reusecheck.index import IndexSettings
from reusecheck.loaders import MAX_FILE_BYTES, LoadOptions, normalize_path, read_bytes, unify_line_ends
from reusecheck.masking import masked_spans, pieces, unmasked
from reusecheck.models import Credit, Derivation, Document, Finding, Match, Problem, Report, Result, Severity
from reusecheck.overlaps import contested
from reusecheck.plugins import PluginSet, load_plugins
from reusecheck.provenance import provenance
from reusecheck.retrieve import Analyzed, MemoryStore, RetrievalSettings, analyze
from reusecheck.retrieve import SourceStore as SourceStore  # also importable from here, as before
from reusecheck.rules import PairContext, RuleContext
from reusecheck.scoring import Alignment, covered_mask
from reusecheck.selection import DEFAULT_EXCLUDE, FileSelection, list_inputs
from reusecheck.shards import IndexStore, open_shards
from reusecheck.templates import is_repeated_text, passage_specific, shared_specific
from reusecheck.text import TextSettings, Tokenizer, Tokens

# A source whose passages lie at least this much inside stronger sources' passages adds
# nothing the candidate did not take from those: it is left out (unless all_sources) ...
REDUNDANT_SHARE = 0.8
# ... unless it is at least this strong relative to them: then it is a duplicate of the
# reused story (Reuters repeats itself), reported alongside it.
EQUIVALENT_SHARE = 0.95
Input = str | Path | Document
# Documents whose credits are kept (`Checker._credits`): the sources of about a hundred candidates.
RECENT_CREDITS = 1024


@dataclass(frozen=True)
class CheckOptions:
    """Everything that shapes a run's results.

    ``threshold``: containment at or above which reuse is a finding (RC100 and the credit
    rules). ``severities``: per-rule overrides (rule code -> severity, or None for off).
    ``scorers``: scorer names to compute (None: all registered). ``candidate_date`` /
    ``source_date``: dates for documents whose loader found none. ``overrides``: per-path
    threshold and severities (from configuration files), applied in order.
    ``all_sources``: keep every matching source; by default a source is dropped when
    stronger sources already cover `REDUNDANT_SHARE` of the candidate words its passages
    cover and it is clearly weaker than them (a partial near-copy in the archive of the
    story actually reused).
    ``files``: which files of a candidate folder are checked (`reusecheck.selection`; source
    folders use its include globs and .gitignore rule, not its excludes).
    ``max_file_bytes``: larger inputs are refused (an input error).
    ``rule_options``: rule settings by name, e.g. ``principal_share`` (RC102). ``agencies``:
    the agency list of credit extractors and rules (None: the shipped one; see
    `reusecheck.credits.load_agencies`). ``source_agency``: the agency of the sources given
    directly (not from an index) whose text names none (``Document.agency``).
    ``agency_policies``: the newsroom's licence terms per agency (RC100, RC101, RC102, RC109).
    ``verdict_model``: the derivation verdict's model (None: the shipped one; see
    `reusecheck.derivation.load_model`).
    """

    text: TextSettings = field(default_factory=TextSettings)
    align: AlignSettings = field(default_factory=AlignSettings)
    retrieval: RetrievalSettings = field(default_factory=RetrievalSettings)
    threshold: float = DEFAULT_THRESHOLD
    severities: Mapping[str, Severity | None] = field(default_factory=dict)
    scorers: tuple[str, ...] | None = None
    encoding: str | None = None
    candidate_date: dt.date | None = None
    source_date: dt.date | None = None
    rule_options: Mapping[str, Any] = field(default_factory=dict)
    agencies: AgencyList | None = None
    overrides: tuple[PathOverride, ...] = ()
    all_sources: bool = False
    files: FileSelection = field(default_factory=FileSelection)
    source_agency: str | None = None
    agency_policies: tuple[AgencyPolicy, ...] = ()
    verdict_model: VerdictModel | None = None
    max_file_bytes: int = MAX_FILE_BYTES


class Checker:
    """Checks candidates against sources with one set of plugins and options."""

    def __init__(self, options: CheckOptions | None = None, plugins: PluginSet | None = None) -> None:
        self.options = options or CheckOptions()
        self.plugins = plugins or load_plugins()
        defaults, configuring = _configure_defaults(self.plugins)
        if defaults is not None and "plugins" not in self.options.rule_options:
            self.options = replace(self.options, rule_options={**self.options.rule_options, "plugins": defaults})
        self.tokenizer = Tokenizer(self.options.text)
        self.agencies = self.options.agencies or default_agencies()
        self.verdict_model = self.options.verdict_model or default_model()
        # Problems that hold for every run: plugins that failed to load or were left out.
        self._standing: list[Problem] = [Problem(e.path or "plugin", e.message) for e in [*self.plugins.errors, *configuring]]
        # The current run's problems (`run` starts them afresh); `load` notes into them.
        self.errors: list[Problem] = list(self._standing)
        self.warnings: list[Problem] = []
        self._scorers = self._chosen_scorers()
        self._policies = policies_by_agency(self.options.agency_policies, self.agencies)
        self._recent_credits = lru_cache(maxsize=RECENT_CREDITS)(self._extracted_credits)
        self.policy = Policy(self.options.threshold, self.options.severities, self.options.overrides)
        for code in self.options.severities:
            if code not in self.plugins.rules:
                raise UsageError(f"no rule {code!r}; `reusecheck rules` lists them")

    def _chosen_scorers(self) -> dict[str, Any]:
        available = self.plugins.scorers
        if "containment" not in available:
            raise UsageError("the containment scorer is blocked or missing; matches are ranked by it")
        names = self.options.scorers or tuple(available)
        unknown = [n for n in names if n not in available]
        if unknown:
            raise UsageError(f"no scorer {unknown[0]!r}; `reusecheck plugins` lists the scorers")
        return {n: available[n] for n in dict.fromkeys(("containment", *names))}

    # -- load -------------------------------------------------------------------------
    def load(
        self, inputs: Iterable[Input], default_date: dt.date | None, selection: FileSelection | None = None
    ) -> Iterator[Document]:
        """Documents from paths, folders, ``-`` and Document objects; bad files become errors,
        binary files met while walking a folder notes. Folders are walked by ``selection``
        (default: the options' `files`)."""
        options = LoadOptions(encoding=self.options.encoding, default_date=default_date, max_bytes=self.options.max_file_bytes)
        for item in inputs:
            if isinstance(item, Document):
                yield _with_unified_line_ends(item)
                continue
            for listed in list_inputs(str(item), selection or self.options.files):
                path = normalize_path(listed.path)
                if listed.problem is not None:
                    self.errors.append(Problem(path, listed.problem))
                    continue
                if path != "-":
                    streamed = self._streamed(path, options, listed.named)
                    if streamed is not None:
                        yield from streamed
                        continue
                try:
                    data = read_bytes(path, options.max_bytes)
                except InputError as exc:
                    self.errors.append(Problem(exc.path or path, exc.message))
                    continue
                yield from self.load_data(path, data, options, named=listed.named)

    def _streamed(self, path: str, options: LoadOptions, named: bool) -> Iterator[Document] | None:
        """The file's documents as a loader plugin streams them, or None when none does."""
        try:
            documents = stream_documents(self.plugins.manager.hook.reusecheck_stream_documents, path, options)
        except (PluginFailure, InputError) as exc:
            self._input_problem(exc, path, named)
            return iter(())
        return None if documents is None else self._read(documents, path, named)

    def _read(self, documents: Iterator[Document], path: str, named: bool) -> Iterator[Document]:
        try:
            for document in documents:
                self._note_caveats(document)
                yield _with_unified_line_ends(document)
        except (PluginFailure, InputError) as exc:
            self._input_problem(exc, path, named)

    def load_data(self, path: str, data: bytes, options: LoadOptions, named: bool = True) -> list[Document]:
        """The documents in one input's bytes, read by the caller (a file, a Spark record):
        the loader plugins decide; a bad input becomes an error, a caveat a warning, and a
        binary file met while walking a folder (not ``named``) a note that it was skipped."""
        try:
            documents = load_documents(self.plugins.manager.hook.reusecheck_load_documents, path, data, options)
        except (PluginFailure, InputError) as exc:
            self._input_problem(exc, path, named)
            return []
        if documents == []:  # claimed by a loader that found nothing in it: a feed without items
            self.warnings.append(Problem(path, "no documents in it; nothing to compare"))
        for document in documents or ():
            self._note_caveats(document)
        return [_with_unified_line_ends(d) for d in documents or ()]

    def _input_problem(self, exc: PluginFailure | InputError, path: str, named: bool) -> None:
        """A file its loader could not read: an error; a binary file met while walking a
        folder (not ``named``), a note that it was skipped."""
        if isinstance(exc, PluginFailure):
            self.errors.append(Problem(path, exc.message))
        elif isinstance(exc, BinaryFileError) and not named:
            self.warnings.append(Problem(exc.path or path, f"skipped: {exc.message.split(';')[0]}"))
        else:
            self.errors.append(Problem(exc.path or path, exc.message))

    def _note_caveats(self, document: Document) -> None:
        where = document.path or document.id
        if document.encoding != "utf-8" and not self.options.encoding:
            shown = "Windows-1252" if document.encoding == "cp1252" else document.encoding.upper()
            self.warnings.append(Problem(where, f"not UTF-8; read as {shown} (force another with --encoding)"))
        if not document.text.strip():
            self.warnings.append(Problem(where, "empty text; nothing to compare"))

    def analyze(self, document: Document) -> Analyzed:
        """The document's tokens (front matter and directives left out) and seeds."""
        tokens = unmasked(self.tokenizer.tokenize(document.text), masked_spans(document.text))
        return analyze(document, tokens, self.options.align.seed_ngram)

    def memory_store(self, sources: Iterable[Input]) -> MemoryStore:
        """The sources, loaded and analyzed, as an in-memory store; the problems met while
        loading them go with the store (every run that uses it reports them)."""
        selection = replace(self.options.files, exclude=DEFAULT_EXCLUDE, force_exclude=False)  # excludes pick candidates
        errors, warnings = len(self.errors), len(self.warnings)
        analyzed = [self.analyze(self._with_source_agency(d)) for d in self.load(sources, self.options.source_date, selection)]
        return MemoryStore(analyzed, self.options.retrieval, self.options.align.seed_ngram,
                           errors=self.errors[errors:], warnings=self.warnings[warnings:])

    def index_store(self, paths: str | Sequence[str]) -> IndexStore:
        """The index files and shard folders at ``paths``, searched together (one cut-off,
        one top-k), as a source store; they must have been built with this checker's text
        settings. Close it (``store.close()``) when done."""
        settings = IndexSettings.of(self.options.text, self.options.align.seed_ngram)
        shards = open_shards([paths] if isinstance(paths, str) else paths, settings)
        return IndexStore(shards, self.options.retrieval, self.options.source_date)

    def _with_source_agency(self, document: Document) -> Document:
        """The source with ``source_agency`` as its agency when it names none of its own."""
        agency = self.options.source_agency
        if not agency or document.agency or principal_agencies(self._credits(document)):
            return document
        return replace(document, agency=agency)

    # -- check one candidate ----------------------------------------------------------
    def check_one(self, candidate: Analyzed, stores: Iterable[SourceStore]) -> Result:
        """The candidate's result. A scorer, rule or credit extractor whose plugin code fails
        is reported once in ``errors`` and left out for the rest of the run; the candidate
        is then checked again without it."""
        while True:
            try:
                return self._check_one(candidate, stores)
            except PluginFailure as failure:
                self._leave_out(failure)

    def _leave_out(self, failure: PluginFailure) -> None:
        kind, name = failure.item.kind, failure.item.name
        if (kind, name) == ("scorer", "containment"):
            raise failure  # matches are ranked by it: the run cannot go on
        problem = Problem(failure.path or failure.item.owner, failure.message)
        self.errors.append(problem)
        self._standing.append(problem)
        self.plugins.drop(kind, name)
        if kind == "scorer":
            self._scorers.pop(name, None)

    def _check_one(self, candidate: Analyzed, stores: Iterable[SourceStore]) -> Result:
        aligned: list[Alignment] = []
        retrieved: list[tuple[Analyzed, float]] = []
        seen: set[str] = set()
        specific: dict[str, tuple[Analyzed, np.ndarray]] = {}  # source id -> (it, the candidate's specific seeds)
        least = self.options.retrieval.min_specific
        for store in stores:
            found = store.retrieve(candidate)
            specific_seeds = getattr(store, "specific_seeds", None) if getattr(store, "is_archive", False) else None
            archive_specific = specific_seeds(candidate) if specific_seeds is not None else None
            for source, share in found:
                if source.document.id in seen:
                    continue
                seen.add(source.document.id)
                if same_document(candidate.document, source.document):
                    where = candidate.document.path or candidate.document.id
                    self.warnings.append(Problem(where, "also given as a source; not checked against itself"))
                    continue
                retrieved.append((source, share))
                if archive_specific is not None:
                    if shared_specific(source, archive_specific) < least:
                        continue  # a template at best: its passages cannot hold enough
                    specific[source.document.id] = (source, archive_specific)
                alignment = self._align(candidate, source)
                if alignment is not None:
                    aligned.append(alignment)
        stories = [s for s, _ in retrieved]
        templates: list[Alignment] = []  # not reported, but they explain their words
        aligned = self._without_templates(candidate, aligned, specific, stories, templates)
        aligned = self._without_templates(candidate, self._settle_overlaps(candidate, stories, aligned, templates),
                                          specific, stories, templates, judged=aligned)
        matches = sorted((self._match(a) for a in aligned), key=lambda m: (-m[1].scores["containment"], m[1].source.id))
        if not self.options.all_sources:
            matches = _without_redundant(matches, candidate.tokens, [self._match(a) for a in templates])
        derivation = self._derive(candidate, retrieved, matches)
        rewritten = [self._match(self._unaligned(candidate, s)) for s, _ in retrieved
                     if s.document.id in derivation.sources and s.document.id not in {m.source.id for _, m in matches}]
        pairs = [PairContext(m.source, self._credits(m.source), a, m) for a, m in [*matches, *rewritten]]
        findings = self._findings(candidate, pairs, derivation)
        kept = tuple(m for _, m in matches)
        paragraphs = provenance(candidate.document.text, candidate.tokens, kept)
        return Result(candidate.document, kept, tuple(findings), derivation, paragraphs)

    def _derive(
        self, candidate: Analyzed, retrieved: list[tuple[Analyzed, float]], matches: list[tuple[Alignment, Match]]
    ) -> Derivation:
        kept = [m for _, m in matches]
        sources = [source for source, _ in retrieved]
        features = evidence(candidate, sources, kept)
        fallback = sources[0].document.id if sources else None
        threshold = self.policy.at(candidate.document.path).threshold
        return derive(self.verdict_model, features, kept, fallback, threshold)

    def _without_templates(
        self, candidate: Analyzed, aligned: list[Alignment], specific: Mapping[str, tuple[Analyzed, np.ndarray]],
        stories: Sequence[Analyzed], templates: list[Alignment], judged: Sequence[Alignment] = (),
    ) -> list[Alignment]:
        """The alignments whose passages hold enough of the candidate's specific seeds, and
        not only text that other ``stories`` (those retrieved) repeat (sources from an
        archive; others are all kept): see `reusecheck.templates`. Those left out go to
        ``templates``; those in ``judged`` (the very objects) have passed already."""
        n, least = self.options.align.seed_ngram, self.options.retrieval.min_specific
        passed = {id(a) for a in judged}
        kept = []
        for a in aligned:
            if a.source.id in specific and id(a) not in passed:
                source, seeds = specific[a.source.id]
                if passage_specific(candidate, a, source.seeds, seeds, n) < least \
                        or is_repeated_text(candidate, a, source, stories, seeds, n):
                    templates.append(a)
                    continue
            kept.append(a)
        return kept

    def _settle_overlaps(
        self, candidate: Analyzed, sources: list[Analyzed], aligned: list[Alignment], templates: Sequence[Alignment] = ()
    ) -> list[Alignment]:
        """Each source aligned again without the words another source's passages (or those
        of a template story left out) explain better, so no passage runs over another
        source's copy."""
        cuts = contested(candidate, sources, [*aligned, *templates], self.options.align.seed_ngram)
        if not cuts:
            return aligned
        by_id = {s.document.id: s for s in sources}
        settled = [self._align(candidate, by_id[a.source.id], cuts[a.source.id]) if a.source.id in cuts else a
                   for a in aligned]
        return [a for a in settled if a is not None]

    def _unaligned(self, candidate: Analyzed, source: Analyzed) -> Alignment:
        """A source the verdict rests on although no passage was found (a heavy rewrite): the
        rules see it; the result's matches, which hold passages, do not list it."""
        return Alignment(candidate.document, source.document, candidate.tokens, source.tokens, ())

    def _align(self, candidate: Analyzed, source: Analyzed, cut: Sequence[tuple[int, int]] = ()) -> Alignment | None:
        """The passages, aligned piece by piece between the candidate's masked spans (and the
        ``cut`` spans, whose words are left out: see `reusecheck.overlaps`)."""
        text = candidate.document.text
        tokens = unmasked(candidate.tokens, list(cut))
        passages = [
            passage
            for piece in pieces(tokens, sorted([*masked_spans(text), *cut]))
            if len(piece) >= self.options.align.min_words  # a shorter piece holds no passage
            for passage in align(text, piece, source.document.text, source.tokens, self.options.align)
        ]
        if not passages:
            return None
        return Alignment(candidate.document, source.document, candidate.tokens, source.tokens, passages)

    def _match(self, alignment: Alignment) -> tuple[Alignment, Match]:
        scores = {name: scorer.score(alignment) for name, scorer in self._scorers.items()}
        return alignment, Match(alignment.source, scores, tuple(alignment.passages))

    def _credits(self, document: Document) -> tuple[Credit, ...]:
        """The document's credits; those of the documents met lately are kept (a source is
        matched by many candidates), by the extractors that gave them."""
        return self._recent_credits(document, tuple(self.plugins.credit_extractors))

    def _extracted_credits(self, document: Document, extractors: tuple[str, ...]) -> tuple[Credit, ...]:
        found = self.plugins.credit_extractors
        return extract_credits(document, tuple(found[name] for name in extractors), self.agencies)

    def _findings(self, candidate: Analyzed, pairs: list[PairContext], derivation: Derivation) -> list[Finding]:
        """What the active rules find for the candidate, as the policy decides them."""
        policy = self.policy.at(candidate.document.path)
        context = RuleContext(
            candidate=candidate.document,
            candidate_credits=self._credits(candidate.document),
            pairs=tuple(pairs),
            threshold=policy.threshold,
            options=self.options.rule_options,
            agencies=self.agencies,
            policies=self._policies,
            derivation=derivation,
            reuse_score=self.verdict_model.reuse_score,
            credit_score=self.verdict_model.credit_score,
        )
        rules = self.plugins.rules
        found = {code: rule.check(context) for code, rule in policy.active(rules).items()}
        return policy.findings(rules, found, candidate.document.text)

    # -- the whole run ----------------------------------------------------------------
    def start_run(self, stores: Iterable[SourceStore]) -> None:
        """Begin a run's record of problems: the standing ones (plugins), then those met
        while building ``stores``; what earlier runs met is not carried over."""
        self.errors = list(self._standing)
        self.warnings = []
        for store in stores:
            self.errors.extend(getattr(store, "errors", ()))
            self.warnings.extend(getattr(store, "warnings", ()))

    def results(self, candidates: Iterable[Input], stores: list[SourceStore], jobs: int = 1) -> Iterator[Result]:
        """A run (`start_run`): each candidate's result as soon as it is done, in candidate
        order; ``errors`` and ``warnings`` are complete once the iterator is. ``jobs`` > 1
        checks that many candidates at once in forked processes (`reusecheck.parallel`),
        with the same results."""
        self.start_run(stores)
        documents = self.load(candidates, self.options.candidate_date, self.options.files)
        if jobs > 1 and parallel.can_fork():
            yield from parallel.checked(self, documents, stores, jobs)
            return
        for document in documents:
            yield self.check_one(self.analyze(document), stores)

    def run(self, candidates: Iterable[Input], stores: list[SourceStore], jobs: int = 1) -> Report:
        results = tuple(self.results(candidates, stores, jobs))
        return Report(results, tuple(self.errors), tuple(self.warnings))


def _configure_defaults(plugins: PluginSet) -> tuple[dict[str, dict[str, Any]] | None, list[PluginError]]:
    """Plugins nobody configured (an API user's) get their options' defaults through
    ``reusecheck_configure``: (the defaults, for ``rule_options["plugins"]``, or None when the
    plugins were configured already; a plugin's failure to take them, an error of every run)."""
    if plugins.configured:
        return None, []
    try:
        defaults = plugin_option_values(plugins.declared_options(), None)[0]
        plugins.configure(defaults)
    except PluginError as exc:
        return None, [exc]
    return defaults, []


def same_document(a: Document, b: Document) -> bool:
    """Whether two loaded documents are one: the same record (id) of the same file, or the
    same id and text (a file of several records, such as JSONL, holds several documents)."""
    if a.path and b.path and a.path != "-" and b.path != "-":
        return a.id == b.id and os.path.realpath(a.path) == os.path.realpath(b.path)
    return a.id == b.id and a.text == b.text


def _with_unified_line_ends(document: Document) -> Document:
    """The document with `unify_line_ends` applied to its text (the same object when that changes nothing)."""
    text = unify_line_ends(document.text)
    return document if text == document.text else replace(document, text=text)


def _strength(match: Match) -> float:
    """How much of the candidate a source explains: passage lengths weighted by similarity."""
    return sum((p.candidate_end - p.candidate_start) * p.similarity for p in match.passages)


def _without_redundant(
    matches: list[tuple[Alignment, Match]], tokens: Tokens, templates: Sequence[tuple[Alignment, Match]] = ()
) -> list[tuple[Alignment, Match]]:
    """Drop sources whose passages lie mostly (`REDUNDANT_SHARE`) inside those of stronger
    sources, unless they are about as strong (`EQUIVALENT_SHARE`) as the strongest such
    source: an archive's partial near-copy goes, a duplicate of the reused story stays.
    The ``templates`` (archive sources left out as template stories or repeated text) count
    as stronger sources too: a weaker variant of their words adds nothing either. The order
    of ``matches`` is kept."""
    covered = np.zeros(len(tokens), dtype=bool)
    kept: list[tuple[Match, np.ndarray, float]] = []
    for _, match in sorted([*matches, *templates], key=lambda am: (-_strength(am[1]), am[1].source.id)):
        mine = covered_mask(tokens, ((p.candidate_start, p.candidate_end) for p in match.passages))
        words, strength = int(mine.sum()), _strength(match)
        if not words:
            continue
        if int((mine & covered).sum()) >= REDUNDANT_SHARE * words:
            rival = max((s for _, m, s in kept if (m & mine).any()), default=0.0)
            if strength < EQUIVALENT_SHARE * rival:
                continue
        kept.append((match, mine, strength))
        covered |= mine
    chosen = {id(match) for match, _, _ in kept}
    return [am for am in matches if id(am[1]) in chosen]


def check(
    candidates: Iterable[Input],
    sources: Iterable[Input] = (),
    *,
    options: CheckOptions | None = None,
    plugins: PluginSet | None = None,
    stores: Iterable[SourceStore] = (),
) -> Report:
    """Check each candidate against the sources; return the report.

    :param candidates: paths, folders, ``"-"`` (stdin) or `Document` objects, in report order.
    :param sources: the same kinds of input, compared against every candidate.
    :param options: thresholds, text and alignment settings (defaults documented in docs/checking.md).
    :param plugins: a loaded `PluginSet` (default: built-ins plus installed plugins).
    :param stores: further source stores, e.g. an opened index.

    Unreadable inputs do not stop the run: they are listed in ``report.errors``.
    """
    checker = Checker(options, plugins)
    all_stores: list[SourceStore] = [checker.memory_store(sources), *stores]
    return checker.run(candidates, all_stores)
