"""The credit rules RC101-RC107, each positive and negative, on a made-up Associated Press
story and copies of it edited the way republishers edit wire copy (not the founding pair:
see test_attribution_founding_pair.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import blocks, section, shared_path

import reusecheck
from reusecheck.cli import main
from reusecheck.models import Finding, Severity
from reusecheck.plugins import load_plugins

HEADLINE = "Storm closes ports along Gulf coast\n\n"
DATELINE = "HOUSTON (AP) — "
BODY = (
    "Port authorities in Texas and Louisiana closed three major ports on Tuesday evening as a tropical storm "
    "pushed heavy rain and high winds toward the coast, officials said.\n\n"
    "The Coast Guard said ships would not be allowed to enter the Houston Ship Channel between 0600 and 1800 "
    "local time on Sept. 12 while crews inspected navigation markers and buoys.\n\n"
    "“We have never seen water this high in the channel this early in the season,” harbor pilot Maria Delgado "
    "told The Associated Press. “Nobody is moving until the wind drops.”\n\n"
    "Forecasters at the National Hurricane Center said the storm was moving north at about 8 mph and could "
    "strengthen before it makes landfall late in the week.\n\n"
    "About 40,000 homes lost power in the Houston area by late afternoon, according to the utility "
    "CenterPoint Energy, which said crews were waiting for the winds to ease.\n\n"
    "Schools in Galveston County will stay closed on Wednesday, the county judge said in a statement "
    "posted on the county website.\n\n"
)
TAIL = "Associated Press writers Jamie Stengle in Dallas and Rebecca Santana in New Orleans contributed to this report.\n"
STORY = HEADLINE + DATELINE + BODY + TAIL
QUOTE = "“We have never seen water this high in the channel this early in the season,” harbor pilot Maria Delgado said."
OWN_TEXT = (
    "Local fishing crews said they had pulled their boats out of the water two days earlier. "
    "The harbor master in Freeport said the town would open a shelter in the high school gym. "
    "Volunteers handed out sandbags at the fire station until they ran out in the early evening. "
    "Residents of the low-lying neighborhoods near the bayou were told to move their cars to higher ground. "
) * 3


def findings(candidate: str, source: str = STORY, *, candidate_date: dt.date | None = None,
             source_date: dt.date | None = None, **options: object) -> list[Finding]:
    report = reusecheck.check(
        [reusecheck.Document("candidate", candidate, date=candidate_date)],
        [reusecheck.Document("source", source, date=source_date)],
        options=reusecheck.CheckOptions(**options),  # type: ignore[arg-type]
        plugins=load_plugins(),
    )
    return list(report.results[0].findings)


def by_rule(found: list[Finding], code: str) -> list[Finding]:
    return [f for f in found if f.rule == code]


def span(text: str, finding: Finding) -> str:
    assert finding.candidate_start is not None and finding.candidate_end is not None
    return text[finding.candidate_start : finding.candidate_end]


def test_an_unchanged_copy_has_reuse_only() -> None:
    assert [f.rule for f in findings(STORY)] == ["RC100"]


def test_every_credit_rule_is_registered_with_its_code_slug_and_severity(capsys: pytest.CaptureFixture[str]) -> None:
    rules = load_plugins().rules
    expected = {
        "RC101": ("uncredited-reuse", Severity.ERROR), "RC102": ("understated-credit", Severity.ERROR),
        "RC103": ("byline-dropped", Severity.WARNING), "RC104": ("quote-attribution-stripped", Severity.ERROR),
        "RC105": ("relative-date-rewritten", Severity.WARNING), "RC106": ("agency-residue", Severity.WARNING),
        "RC107": ("source-newer", Severity.INFO),
    }
    assert {code: (rules[code].name, rules[code].severity) for code in expected} == expected
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for code, (slug, severity) in expected.items():
        assert f"{code}  {slug}" in out and str(severity) in out.split(code)[1].splitlines()[0]


# -- RC101 uncredited-reuse --------------------------------------------------------------
def test_rc101_fires_when_the_agency_is_credited_nowhere() -> None:
    copy = HEADLINE + BODY.replace("told The Associated Press", "said")
    [finding] = by_rule(findings(copy), "RC101")
    assert (finding.severity, finding.source) == (Severity.ERROR, "source")
    assert copy.startswith(span(copy, finding))  # placed at the first reused passage: the copy starts with it
    assert finding.evidence["agency"] == "AP" and not finding.evidence["named_only_as_quote_source"]
    assert "Credit AP" in finding.message


def test_rc101_an_agency_named_only_as_quote_source_is_not_a_credit() -> None:
    [finding] = by_rule(findings(HEADLINE + BODY), "RC101")
    assert finding.evidence["named_only_as_quote_source"] and "only as a quote source" in finding.message


@pytest.mark.parametrize(
    "copy",
    [
        HEADLINE + DATELINE + BODY,  # the dateline credits AP
        HEADLINE + "By The Associated Press\n\n" + BODY,
        HEADLINE + BODY + "Source: AP\n",
    ],
)
def test_rc101_silent_when_the_agency_is_credited(copy: str) -> None:
    assert not by_rule(findings(copy), "RC101")


def test_rc101_silent_below_the_threshold_and_for_sources_without_an_agency() -> None:
    one_paragraph = OWN_TEXT + BODY.split("\n\n")[3] + "\n\n" + OWN_TEXT
    found = findings(one_paragraph)
    assert by_rule(found, "RC100") == [] and by_rule(found, "RC101") == []
    no_agency = HEADLINE + BODY  # the source itself names no agency as author
    assert not by_rule(findings(BODY, source=no_agency.replace("told The Associated Press", "said")), "RC101")


def test_rc101_metadata_publisher_credits_the_agency() -> None:
    report = reusecheck.check(
        [reusecheck.Document("candidate", HEADLINE + BODY, publisher="The Associated Press")],
        [reusecheck.Document("source", STORY)], plugins=load_plugins(),
    )
    assert "RC101" not in [f.rule for f in report.results[0].findings]


# -- RC102 understated-credit ------------------------------------------------------------
def test_rc102_contributor_line_understates_the_principal_agency_even_with_a_dateline() -> None:
    credit = "The Associated Press contributed to this report."
    copy = HEADLINE + DATELINE + BODY + credit + "\n"
    [finding] = by_rule(findings(copy), "RC102")
    assert span(copy, finding) == credit and finding.severity == Severity.ERROR
    assert finding.evidence["agency"] == "AP" and "By AP" in finding.message
    assert not by_rule(findings(copy), "RC101")


def test_rc102_silent_when_a_credit_line_gives_the_agency_authorship() -> None:
    copy = HEADLINE + "By The Associated Press\n\n" + BODY + "The Associated Press contributed to this report.\n"
    assert not by_rule(findings(copy), "RC102")


def test_rc102_silent_when_the_agency_copy_is_not_the_principal_content() -> None:
    copy = OWN_TEXT + "\n\n" + BODY + "\n\n" + OWN_TEXT + "\nThe Associated Press contributed to this report.\n"
    found = findings(copy)
    assert by_rule(found, "RC100") and by_rule(found, "RC100")[0].evidence["containment"] < 0.5
    assert not by_rule(found, "RC102")
    mostly = HEADLINE + BODY + OWN_TEXT.split(". ")[0] + ".\n\nThe Associated Press contributed to this report.\n"
    assert 0.8 < by_rule(findings(mostly), "RC100")[0].evidence["containment"] < 0.99
    assert by_rule(findings(mostly), "RC102")
    assert not by_rule(findings(mostly, rule_options={"principal_share": 0.99}), "RC102")


# -- RC103 byline-dropped ----------------------------------------------------------------
def test_rc103_names_every_missing_person_and_points_at_the_reused_body() -> None:
    copy = HEADLINE + DATELINE + BODY
    [finding] = by_rule(findings(copy), "RC103")
    assert finding.evidence["missing"] == ["Jamie Stengle", "Rebecca Santana"]
    assert "Jamie Stengle (additional reporting) and Rebecca Santana (additional reporting)" in finding.message
    assert span(copy, finding) == copy.rstrip().rstrip(".")  # the whole copy is one reused passage


def test_rc103_silent_when_the_names_are_kept_in_any_form() -> None:
    copy = HEADLINE + DATELINE + BODY + "Jamie Stengle and Rebecca Santana of the AP contributed.\n"
    assert not by_rule(findings(copy), "RC103")
    assert not by_rule(findings(HEADLINE + DATELINE + BODY, source=HEADLINE + DATELINE + BODY), "RC103")


def test_rc103_names_a_byline_once_when_two_versions_of_the_story_carry_it() -> None:
    """A copy of a wire story and of its update, both bylined by the same people, drops one
    byline: one finding naming both versions, not one per version."""
    update = STORY.replace(TAIL, "Officials said the ports would reopen on Thursday.\n\n" + TAIL)
    copy = HEADLINE + DATELINE + BODY + "Officials said the ports would reopen on Thursday.\n"
    report = reusecheck.check(
        [reusecheck.Document("candidate", copy)],
        [reusecheck.Document("story", STORY), reusecheck.Document("update", update)],
        options=reusecheck.CheckOptions(all_sources=True), plugins=load_plugins(),
    )
    [finding] = by_rule(list(report.results[0].findings), "RC103")
    assert finding.evidence["missing"] == ["Jamie Stengle", "Rebecca Santana"]
    sources = finding.evidence["sources"]
    assert sorted(sources) == ["story", "update"] and finding.source == sources[0]  # the best match first
    assert f"credited in {sources[0]} and {sources[1]} but not here" in finding.message


def test_rc103_once_per_byline_on_a_meter_story_run_from_two_pa_versions() -> None:
    """Real copy: The Independent ran PA's trousers story, whose folder holds two versions
    bylined by the same reporter."""
    root = shared_path("eval", "meter-dev")
    checker = reusecheck.Checker()
    store = checker.memory_store([str(p) for p in sorted((root / "pa/02.11.99/trousers").glob("*.txt"))])
    story = root / "newspapers/02.11.99/trousers/trousers308_independent.txt"
    result = checker.check_one(checker.analyze(next(iter(checker.load([str(story)], None)))), [store])
    [finding] = [f for f in result.findings if f.rule == "RC103"]
    assert finding.evidence["missing"] == ["Matthew Cooper"] and len(finding.evidence["sources"]) == 2


# -- RC104 quote-attribution-stripped ----------------------------------------------------
def test_rc104_told_the_associated_press_turned_into_said() -> None:
    copy = STORY.replace("told The Associated Press", "said")
    [finding] = by_rule(findings(copy), "RC104")
    assert span(copy, finding) == QUOTE
    assert finding.evidence["source_attribution"] == "told The Associated Press"
    assert finding.severity == Severity.ERROR and "Restore the attribution to AP" in finding.message


@pytest.mark.parametrize(
    "copy",
    [
        STORY,
        STORY.replace("told The Associated Press", "told AP"),
        STORY.replace("harbor pilot Maria Delgado told", "Maria Delgado, a harbor pilot, told"),
    ],
)
def test_rc104_silent_when_the_attribution_stays(copy: str) -> None:
    assert not by_rule(findings(copy), "RC104")


# -- RC105 relative-date-rewritten -------------------------------------------------------
@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        ("on Tuesday evening", "tonight", "tonight"),
        ("between 0600 and 1800 local time on Sept. 12", "between 6am and 6pm today", "6am and 6pm today"),
        ("closed on Wednesday", "closed tomorrow", "tomorrow"),
        ("closed on Wednesday", "closed on Thursday", "Thursday"),
        ("closed on Wednesday", "closed this week", "this week"),
        ("closed on Wednesday", "closed next week", "next week"),
    ],
)
def test_rc105_points_at_the_rewritten_date(old: str, new: str, shown: str) -> None:
    copy = STORY.replace(old, new)
    [finding] = by_rule(findings(copy), "RC105")
    assert span(copy, finding) == shown and finding.severity == Severity.WARNING
    assert finding.evidence["candidate_text"] == shown


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("on Tuesday evening", "Tuesday evening"),  # same day, other wording
        ("between 0600 and 1800 local time", "between 6am and 6pm local time"),  # same times, no relative day
        ("late in the week", "this week"),
    ],
)
def test_rc105_silent_when_the_day_is_kept(old: str, new: str) -> None:
    assert not by_rule(findings(STORY.replace(old, new)), "RC105")


@pytest.mark.parametrize(
    ("old", "new", "quoted"),
    [
        ("on Tuesday evening", "from tonight", "Tuesday evening"),
        ("between 0600 and 1800 local time on Sept. 12", "between 6am and 6pm today", "0600 and 1800 local time on Sept. 12"),
    ],
)
def test_rc105_quotes_the_source_expression_not_its_dateline(old: str, new: str, quoted: str) -> None:
    """The source's dateline carries a date in the first sentence; the message quotes
    only the expression the candidate rewrote (issue 16: "March 6" was quoted for "from
    Friday evening")."""
    source = STORY.replace(DATELINE, "HOUSTON, Sept. 11 (AP) — ")
    copy = HEADLINE + BODY.replace(old, new) + TAIL
    [finding] = by_rule(findings(copy, source=source), "RC105")
    assert finding.evidence["source_text"] == quoted
    assert f"as the source does (“{quoted}”) instead of “{span(copy, finding)}”" in finding.message
    assert "Sept. 11" not in finding.message


def test_rc105_silent_when_the_source_itself_is_relative() -> None:
    source = STORY.replace("on Tuesday evening", "tonight")
    assert not by_rule(findings(STORY.replace("on Tuesday evening", "tonight"), source=source), "RC105")
    assert not by_rule(findings(STORY, source=source), "RC105")  # relative made absolute is fine


# -- RC106 agency-residue ----------------------------------------------------------------
def test_rc106_residue_without_credit() -> None:
    copy = HEADLINE + "AP Photo/David J. Phillip\n\n" + BODY.replace("told The Associated Press", "said")
    [finding] = by_rule(findings(copy), "RC106")
    assert span(copy, finding) == "AP Photo/David J. Phillip" and finding.source == "source"
    alone = "A flooded street in Houston.\n\nSlideshow ( 2 images )\n\nThe water rose quickly."
    [finding] = by_rule(findings(alone), "RC106")
    assert (finding.source, finding.evidence["agency"], span(alone, finding)) == (None, "Reuters", "Slideshow ( 2 images )")


def test_rc106_a_dateline_with_its_agency_cut_out() -> None:
    copy = HEADLINE + "HOUSTON () — " + BODY
    [finding] = by_rule(findings(copy), "RC106")
    assert span(copy, finding) == "HOUSTON () —" and finding.evidence["agency"] == "AP"


def test_rc106_silent_when_the_agency_is_credited() -> None:
    copy = HEADLINE + DATELINE + "AP Photo/David J. Phillip\n\n" + BODY
    assert not by_rule(findings(copy), "RC106")


# -- RC107 source-newer ------------------------------------------------------------------
def test_rc107_a_newer_source_gets_only_the_direction_finding() -> None:
    copy = HEADLINE + BODY.replace("told The Associated Press", "said")
    found = findings(copy, candidate_date=dt.date(2024, 9, 10), source_date=dt.date(2024, 9, 11))
    assert [(f.rule, f.severity) for f in found] == [("RC107", Severity.INFO)]
    assert found[0].evidence == {"candidate_date": "2024-09-10", "source_date": "2024-09-11"}
    # with the direction rule off, the other rules judge the pair again
    off = findings(copy, candidate_date=dt.date(2024, 9, 10), source_date=dt.date(2024, 9, 11), severities={"RC107": None})
    assert {"RC100", "RC101", "RC104"} <= {f.rule for f in off}


@pytest.mark.parametrize(
    ("candidate_date", "source_date"),
    [(dt.date(2024, 9, 11), dt.date(2024, 9, 10)), (dt.date(2024, 9, 10), dt.date(2024, 9, 10)),
     (None, dt.date(2024, 9, 11)), (dt.date(2024, 9, 10), None)],
)
def test_rc107_silent_unless_both_dates_are_known_and_the_source_is_newer(
    candidate_date: dt.date | None, source_date: dt.date | None
) -> None:
    found = findings(STORY, candidate_date=candidate_date, source_date=source_date)
    assert [f.rule for f in found] == ["RC100"]


# -- plugins: a house credit format in one small file (the documentation's example) -----
def test_the_documented_credit_extractor_plugin_credits_the_agency(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    [snippet] = blocks(section("Write a credit extractor plugin"), "python")
    plugin = tmp_path / "house.py"
    plugin.write_text(snippet, encoding="utf-8")
    source, candidate = tmp_path / "story.txt", tmp_path / "copy.txt"
    source.write_text(STORY, encoding="utf-8")
    candidate.write_text(HEADLINE + BODY + "[wire: Associated Press]\n", encoding="utf-8")
    args = ["check", str(candidate), "--against", str(source), "--format", "json"]
    assert main(args) == 1
    assert '"RC101"' in capsys.readouterr().out
    main([*args, "--plugin", str(plugin)])
    out = capsys.readouterr().out
    assert '"RC101"' not in out and '"RC100"' in out


def test_the_documented_sample_finding_is_what_the_first_command_prints(capsys: pytest.CaptureFixture[str]) -> None:
    [sample] = [block for block in blocks(section("Findings and rules"), "") if "RC104" in block]
    root = Path(__file__).resolve().parent.parent
    main(["check", str(root / "corpus/republished-aleppo-2016-11-04.txt"), "--against",
          str(root / "corpus/reuters-aleppo-2016-11-02.txt")])
    assert sample.strip() in capsys.readouterr().out
