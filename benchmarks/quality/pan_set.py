"""PAN measures on a PAN-format corpus: reusecheck (pairs given, and retrieval over all
sources) and the naive exact-5-gram aligner, language-neutral."""

from __future__ import annotations

from pathlib import Path

from naive import exact_runs

from reusecheck.engine import Checker, CheckOptions
from reusecheck.pan.annotations import CASE_NAMES, Annotation, read_folder
from reusecheck.pan.corpus import Corpus, open_corpus, read_text
from reusecheck.pan.detect import detect
from reusecheck.pan.measures import Measures, evaluate
from reusecheck.text import TextSettings

NEUTRAL = TextSettings(language=None, fold_spelling=False)


def _naive(corpus: Corpus, pairs: list[tuple[str, str]]) -> list[Annotation]:
    texts = {}
    for name, path in [*corpus.suspicious.items(), *corpus.sources.items()]:
        pan = read_text(path)
        texts[name] = (pan.document.text, pan.shift)
    found = []
    for susp, src in pairs:
        (ctext, cshift), (stext, sshift) = texts[susp], texts[src]
        for c0, c1, s0, s1 in exact_runs(ctext, stext):
            found.append(Annotation(susp, c0 + cshift, c1 - c0, src, s0 + sshift, s1 - s0))
    return found


def measure(root: Path, options: CheckOptions | None = None) -> dict[str, Measures]:
    """Rows: reusecheck and baseline, given the true pairs and over all pairs."""
    options = options or CheckOptions(text=NEUTRAL)
    cases = read_folder(root / "suspicious-documents", CASE_NAMES)
    corpus = open_corpus(root)
    true_pairs = sorted({(c.this_reference, c.source_reference or "") for c in cases})
    all_pairs = [(s, r) for s in sorted(corpus.suspicious) for r in sorted(corpus.sources)]
    paired = Corpus(corpus.suspicious, corpus.sources, tuple(true_pairs))
    checker = Checker(options)
    return {
        "reusecheck, true pairs": evaluate(cases, [d for _, ds in detect(paired, checker) for d in ds]),
        "baseline, true pairs": evaluate(cases, _naive(corpus, true_pairs)),
        "reusecheck, retrieval": evaluate(cases, [d for _, ds in detect(corpus, checker) for d in ds]),
        "baseline, all pairs": evaluate(cases, _naive(corpus, all_pairs)),
    }
