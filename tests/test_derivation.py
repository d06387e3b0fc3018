"""The derivation verdict, quoted vs narrative reuse, and the verdict model's training."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import numpy as np
import pytest
from helpers import CORPUS, shared_path

import reusecheck
from reusecheck.cli import main
from reusecheck.derivation import FEATURES, MONOTONE, WHOLLY_WEIGHTS, default_model, fit_logistic, load_model
from reusecheck.errors import UsageError
from reusecheck.plugins import load_plugins
from reusecheck.quotes import quoted_spans

REPUBLISHED = CORPUS / "republished-aleppo-2016-11-04.txt"
REUTERS = CORPUS / "reuters-aleppo-2016-11-02.txt"

SOURCE = (
    "The city council voted on Tuesday to close the old bridge over the river after engineers found cracks "
    "in two of its supporting piers during a routine inspection last month.\n\n"
    "\"We cannot let a single car cross that bridge until every pier has been repaired and tested again,\" "
    "the mayor told reporters outside the town hall after the vote.\n\n"
    "Repairs are expected to take at least eight months and cost about four million dollars, according to "
    "a report the engineers presented to the council before the meeting began.\n\n"
    "\"This is the hardest decision this council has taken in twenty years, and we took it for safety,\" "
    "the deputy mayor said in a statement issued in the evening.\n"
)
OWN_NARRATIVE = (
    "Drivers queued for an hour at the ferry landing on Wednesday morning as the town adjusted to life "
    "without its main crossing, and shopkeepers on the east bank said trade had already fallen.\n\n"
    "At the hearing, residents pressed officials about the detour through the industrial estate, which "
    "adds twenty minutes to the school run for families living north of the river.\n\n"
    "Speaking at the town hall, the mayor said: \"We cannot let a single car cross that bridge until every "
    "pier has been repaired and tested again.\"\n\n"
    "His deputy added: \"This is the hardest decision this council has taken in twenty years, and we took "
    "it for safety.\" A petition against the closure had gathered three hundred signatures by noon.\n"
)


def result_of(candidate: str, source: str) -> reusecheck.Result:
    report = reusecheck.check([reusecheck.Document("candidate", candidate)], [reusecheck.Document("source", source)],
                              plugins=load_plugins())
    return report.results[0]


def test_founding_pair_is_derived_from_the_reuters_story(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(REPUBLISHED), "--against", str(REUTERS), "--format", "json"]) == 1
    derivation = json.loads(capsys.readouterr().out)["results"][0]["derivation"]
    assert derivation["verdict"] in ("wholly-derived", "partially-derived")
    assert derivation["score"] >= default_model().credit_score
    assert [Path(s).resolve() for s in derivation["sources"]] == [REUTERS.resolve()]
    assert set(derivation["evidence"]) >= set(FEATURES)


def test_a_story_sharing_only_the_quotes_is_not_derived() -> None:
    result = result_of(OWN_NARRATIVE, SOURCE)
    assert result.derivation is not None and result.derivation.verdict == "non-derived"
    assert [f.rule for f in result.findings if f.rule == "RC100"] == []
    for match in result.matches:  # the shared quotes may align; the narrative does not
        assert match.scores["quoted"] > 0.5 > match.scores["narrative"]


def test_copied_narrative_is_derived_and_scored_apart_from_quotes() -> None:
    copy = SOURCE.split("\n\n")[0] + "\n\n" + SOURCE.split("\n\n")[2] + "\n\n" + OWN_NARRATIVE.split("\n\n")[0] + "\n"
    result = result_of(copy, SOURCE)
    assert result.derivation is not None and result.derivation.verdict != "non-derived"
    assert result.derivation.sources == ("source",)
    assert [f.rule for f in result.findings if f.rule == "RC100"] == ["RC100"]
    assert result.matches[0].scores["narrative"] > 0.5


def test_quotes_taken_from_the_source_count_as_shared_and_a_reporters_own_do_not() -> None:
    """A rewrite of wire copy takes the wire's quotes; a reporter at the hearing brings their own."""
    wire_quotes = result_of(OWN_NARRATIVE, SOURCE).derivation
    own = OWN_NARRATIVE.replace("We cannot let a single car cross that bridge until every pier has been repaired",
                                "Nobody in this chamber wanted to shut the crossing before the winter market opens")
    own = own.replace("This is the hardest decision this council has taken in twenty years",
                      "Ask me again in spring and I will tell you whether the engineers were right")
    own_quotes = result_of(own, SOURCE).derivation
    assert wire_quotes is not None and own_quotes is not None
    assert wire_quotes.evidence["quotes_shared"] == 1.0
    assert own_quotes.evidence["quotes_shared"] < 0.3
    quoting_nothing = result_of(SOURCE.split("\n\n")[0], SOURCE).derivation
    assert quoting_nothing is not None and quoting_nothing.evidence["quotes_shared"] == 0.0  # quotes nothing


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('He said: "Food was never prepared." Then he left.', ['"Food was never prepared."']),
        ("“We have never seen water,” she said. “Nobody moves.”", ["“We have never seen water,”", "“Nobody moves.”"]),
        ("It was 'a hefty sentence', he said of Jones' car. Don't.", ["'a hefty sentence'"]),
        ("He wrote ``His love was the sea,'' said Mr P.<\n``He was loved<\n``And more.''<\nAfter.",
         ["``His love was the sea,''", "``He was loved", "``And more.''"]),
        ('"A quote running on\n\n"into the next paragraph." Said.', ['"A quote running on', '"into the next paragraph."']),
    ],
)
def test_quotations_are_found_as_newspapers_and_wires_write_them(text: str, quoted: list[str]) -> None:
    assert [text[a:b] for a, b in quoted_spans(text)] == quoted


def test_overlap_features_never_lower_the_probability() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(200, 3))
    y = (x[:, 0] - 0.8 * x[:, 1] + rng.normal(scale=0.5, size=200) > 0).astype(float)
    free = fit_logistic(x, y)
    monotone = fit_logistic(x, y, monotone=(True, True, True))
    assert free.weights[1] < 0 and monotone.weights[1] == 0 and monotone.weights[0] > 0
    shipped = default_model()
    for name, derived, wholly in zip(shipped.features, shipped.derived.weights, shipped.wholly.weights, strict=True):
        if name in MONOTONE:
            assert derived >= 0 and wholly >= 0, name


def test_a_row_weighs_in_the_fit_as_often_as_its_weight_says() -> None:
    """Row weights (a wholly derived story's in P(derived), `WHOLLY_WEIGHTS`): weight 0 is
    leaving the row out, weight 2 giving it twice; the classes stay balanced by weight."""
    rng = np.random.default_rng(5)
    x = rng.normal(size=(120, 3))
    y = (x[:, 0] + 0.5 * x[:, 2] + rng.normal(scale=0.7, size=120) > 0.4).astype(float)
    times = rng.integers(0, 3, size=120)
    weighted = fit_logistic(x, y, row_weights=times)
    repeated = fit_logistic(np.repeat(x, times, axis=0), np.repeat(y, times))
    assert weighted.intercept == pytest.approx(repeated.intercept, abs=1e-6)
    assert weighted.weights == pytest.approx(repeated.weights, abs=1e-6)
    assert default_model().about["wholly_weight"] in WHOLLY_WEIGHTS


def test_train_verdict_writes_a_model_check_can_use(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paragraphs = SOURCE.split("\n\n")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "wire.txt").write_text(SOURCE, encoding="utf-8")
    stories = {
        "whole.txt": (SOURCE, "wholly-derived"),
        "whole2.txt": ("\n\n".join(paragraphs[:3]), "wholly-derived"),
        "part.txt": (paragraphs[0] + "\n\n" + OWN_NARRATIVE.split("\n\n")[0], "partially-derived"),
        "part2.txt": (paragraphs[2] + "\n\n" + OWN_NARRATIVE.split("\n\n")[1], "partially-derived"),
        "own.txt": (OWN_NARRATIVE, "non-derived"),
        "own2.txt": (OWN_NARRATIVE.split("\n\n")[1] + "\n\n" + OWN_NARRATIVE.split("\n\n")[0], "non-derived"),
    }
    with (tmp_path / "labels.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["story", "label", "sources"])
        for name, (text, label) in stories.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
            writer.writerow([name, label, "src"])
    model_path = tmp_path / "model.json"
    assert main(["train-verdict", str(tmp_path / "labels.csv"), "--out", str(model_path)]) == 0
    model = load_model(model_path)
    assert model.features == FEATURES and model.derived_cut <= model.reuse_score <= model.credit_score <= 1
    capsys.readouterr()
    assert main(["check", str(tmp_path / "whole.txt"), "--against", str(tmp_path / "src"), "--verdict-model",
                 str(model_path), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["results"][0]["derivation"]["verdict"] == "wholly-derived"


@pytest.mark.slow
def test_the_shipped_model_is_what_train_verdict_makes_of_meter_dev(tmp_path: Path) -> None:
    """The shipped parameters are reproducible from ../shared/eval/meter-dev with the code as it is
    (a change of features or of the fit must ship a retrained model)."""
    labels = shared_path("eval", "meter-dev", "labels.csv")
    out = tmp_path / "model.json"
    assert main(["train-verdict", str(labels), "--sources-column", "pa_sources", "--out", str(out)]) == 0
    trained, shipped = load_model(out).to_dict(), default_model().to_dict()
    for part in ("derived", "wholly"):
        assert trained[part]["weights"] == pytest.approx(shipped[part]["weights"], abs=1e-6)
        assert trained[part]["intercept"] == pytest.approx(shipped[part]["intercept"], abs=1e-6)
    for name in ("mean", "scale"):
        assert trained[name] == pytest.approx(shipped[name], abs=1e-9)
    for name in ("features", "derived_cut", "wholly_cut", "reuse_score", "credit_score"):
        assert trained[name] == shipped[name]


def test_a_bad_verdict_model_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "model.json"
    bad.write_text('{"features": ["colour"]}', encoding="utf-8")
    with pytest.raises(UsageError, match="not a verdict model"):
        load_model(bad)


@pytest.mark.slow
def test_rc100_and_rc101_on_meter_dev_spare_independent_stories_and_find_wholly_derived_ones() -> None:
    """Issue 16 point 9 and its targets: at default settings RC100 fires on at most 10% of the
    stories written independently of PA and on at least 95% of the wholly derived ones; RC101
    (no paper credits PA) on at most 5% and at least 90%."""
    root = shared_path("eval", "meter-dev")
    checker = reusecheck.Checker()
    fired: dict[str, list[bool]] = {}
    uncredited: dict[str, list[bool]] = {}
    with (root / "labels.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            folder = root / row["pa_sources"]
            if row["label"] == "partially-derived" or not folder.is_dir():
                continue
            store = checker.memory_store([str(p) for p in sorted(folder.glob("*.txt"))])
            document = next(iter(checker.load([str(root / row["story"])], None)))
            result = checker.check_one(checker.analyze(document), [store])
            fired.setdefault(row["label"], []).append(any(f.rule == "RC100" for f in result.findings))
            uncredited.setdefault(row["label"], []).append(any(f.rule == "RC101" for f in result.findings))
    assert np.mean(fired["non-derived"]) <= 0.10
    assert np.mean(fired["wholly-derived"]) >= 0.95
    assert np.mean(uncredited["non-derived"]) <= 0.05
    assert np.mean(uncredited["wholly-derived"]) >= 0.90


@pytest.mark.parametrize("story, pa", [
    ("newspapers/04.10.99/attack/attack263_guardian.txt", "pa/04.10.99/attack"),
    ("newspapers/16.07.99/bailiffs/bailiffs124_telegraph.txt", "pa/16.07.99/bailiffs"),
])
def test_a_story_with_a_tenth_of_its_narrative_copied_word_for_word_is_derived(story: str, pa: str) -> None:
    """Two METER stories labelled partially derived that run a tenth of their narrative in
    8-word runs verbatim from PA's copy, which the model alone scores as independent."""
    root = shared_path("eval", "meter-dev")
    checker = reusecheck.Checker()
    store = checker.memory_store([str(p) for p in sorted((root / pa).glob("*.txt"))])
    result = checker.check_one(checker.analyze(next(iter(checker.load([str(root / story)], None)))), [store])
    assert result.derivation is not None
    model = default_model()
    assert 0.1 <= result.derivation.evidence["ngram8"] < 0.2
    assert model.probabilities(result.derivation.evidence)[0] < model.derived_cut
    assert result.derivation.verdict == "partially-derived"
    assert result.derivation.score >= model.reuse_score
    assert [f.rule for f in result.findings if f.rule == "RC100"] == ["RC100"]


def test_paragraph_provenance_of_the_founding_pair() -> None:
    report = reusecheck.check([str(REPUBLISHED)], [str(REUTERS)], plugins=load_plugins())
    result = report.results[0]
    text = result.candidate.text
    sources = [p.source and Path(p.source).resolve() for p in result.paragraphs]
    assert len(result.paragraphs) == 18 and sources[1:13] == [REUTERS.resolve()] * 12
    assert sources[13:] == [None] * 5  # the Raqqa paragraphs and the credit line are the site's own
    assert text[result.paragraphs[13].start:].startswith("In related news")
    assert all(p.share >= 0.9 for p in result.paragraphs[1:13])


def test_a_story_mixing_two_sources_and_staff_copy_shows_all_three() -> None:
    wire = REUTERS.read_text(encoding="utf-8").split("\n\n")
    story = "\n\n".join([wire[3], SOURCE.split("\n\n")[0], OWN_NARRATIVE.split("\n\n")[1], wire[4]]) + "\n"
    report = reusecheck.check([reusecheck.Document("story", story)],
                              [reusecheck.Document("reuters", "\n\n".join(wire)), reusecheck.Document("ap", SOURCE)],
                              plugins=load_plugins())
    assert [p.source for p in report.results[0].paragraphs] == ["reuters", "ap", None, "reuters"]


def test_junit_sarif_and_markdown_carry_the_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    pair = [str(REPUBLISHED), "--against", str(REUTERS)]
    main(["check", *pair, "--format", "sarif"])
    [entry] = json.loads(capsys.readouterr().out)["runs"][0]["properties"]["derivations"]
    assert entry["verdict"] == "partially-derived" and entry["uri"].endswith("republished-aleppo-2016-11-04.txt")
    main(["check", *pair, "--format", "junit"])
    junit = capsys.readouterr().out
    assert '<property name="verdict" value="partially-derived" />' in junit
    assert re.search(r"<system-out>verdict: partially-derived \(score 0\.\d\d\) from", junit)
    main(["check", *pair, "--format", "markdown"])
    assert re.search(r"\| partially-derived \(0\.\d\d\) \|", capsys.readouterr().out)
