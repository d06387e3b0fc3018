"""What lets RC104 and RC105 leave a passage's sentences unpaired, checked on real news
(METER's newspaper stories against their PA copy): a passage whose tokens are the same keys
in both texts has no changed source token (RC105 needs one), and every sentence pair lies
in the lines around the passage (RC104 looks for an attribution inside one)."""

from __future__ import annotations

import csv

import pytest
from helpers import shared_path

import reusecheck
from reusecheck.scoring import Alignment
from reusecheck.sentences import lines_around, passage_sentences, same_keys


@pytest.mark.slow
def test_passages_on_meter_keep_what_the_skips_rely_on() -> None:
    root = shared_path("eval", "meter-dev")
    checker = reusecheck.Checker()
    with (root / "labels.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if (root / row["pa_sources"]).is_dir()][::4]
    same = changed = pairs = 0
    for row in rows:
        store = checker.memory_store([str(p) for p in sorted((root / row["pa_sources"]).glob("*.txt"))])
        document = next(iter(checker.load([str(root / row["story"])], None)))
        result = checker.check_one(checker.analyze(document), [store])
        sources = {s.document.id: s for s in store.sources}
        for match in result.matches:
            source = sources[match.source.id]
            alignment = Alignment(document, source.document, checker.analyze(document).tokens, source.tokens,
                                  match.passages)
            for passage in match.passages:
                sentences = passage_sentences(alignment, passage)
                lo, hi = lines_around(source.document.text, passage.source_start, passage.source_end)
                pairs += len(sentences.pairs)
                assert all(lo <= p.source_start and p.source_end <= hi for p in sentences.pairs)
                if same_keys(alignment, passage):
                    same += 1
                    assert not sentences.source_changed(passage.source_start, passage.source_end)
                else:
                    changed += sentences.source_changed(passage.source_start, passage.source_end)
    assert same > 20 and changed > 20 and pairs > 200  # both kinds of passage were met
