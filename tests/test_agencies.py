"""Who the sources are: `--source-agency` (and its configuration key), a JSONL record's
``agency``, `index add --agency`; and one finding per agency when a story reuses the copy
of two agencies and credits one of them (issue 16, items 3 and 4)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import reusecheck
from reusecheck.cli import main
from reusecheck.credits import AgencyPolicy
from reusecheck.index import FORMAT_VERSION
from reusecheck.models import Document, Finding, Severity
from reusecheck.plugins import load_plugins

REUTERS_BODY = (
    "Russia and the Syrian army on Wednesday told anti-government rebels in Aleppo to leave by Friday evening, "
    "signaling an extended moratorium on air strikes in the city.\n\n"
    "The Russian Defence Ministry said rebels would be allowed to exit the city unharmed and with their weapons "
    "via two special corridors, while civilians and the sick and wounded could leave via six other corridors.\n\n"
    "The Syrian army released a similar statement later in the day calling on rebel fighters to cease fire "
    "and to use this opportunity to leave the city with their small arms.\n\n"
)
AP_BODY = (
    "Port authorities in Texas and Louisiana closed three major ports as a tropical storm pushed heavy rain "
    "and high winds toward the coast, officials said.\n\n"
    "The Coast Guard said ships would not be allowed to enter the Houston Ship Channel while crews inspected "
    "navigation markers and buoys that had drifted in the storm surge.\n\n"
    "Forecasters at the National Hurricane Center said the storm was moving north at about 8 mph and could "
    "strengthen before it makes landfall late in the week.\n\n"
)
REUTERS_STORY = "Russia tells rebels to leave Aleppo\n\nMOSCOW (Reuters) - " + REUTERS_BODY
AP_STORY = "Storm closes ports along Gulf coast\n\nHOUSTON (AP) — " + AP_BODY
# staff copy that no source has, so each agency's share of the roundup stays below RC102's
STAFF = (
    "Our correspondents followed both stories through the night and spoke to readers in three cities "
    "who had relatives in the affected areas, several of whom described the waiting as the hardest part.\n\n"
)


def check(candidate: str, *sources: Document, **options: Any) -> list[Finding]:
    report = reusecheck.check(
        [Document("roundup", candidate)], list(sources),
        options=reusecheck.CheckOptions(**options), plugins=load_plugins(),
    )
    return list(report.results[0].findings)


def agencies_of(found: list[Finding], code: str) -> list[str]:
    return [f.evidence["agency"] for f in found if f.rule == code]


# -- one finding per agency ---------------------------------------------------------------
def test_a_two_agency_story_crediting_one_raises_rc101_for_the_other_naming_it() -> None:
    roundup = "World roundup\nBy Reuters\n\n" + REUTERS_BODY + STAFF + AP_BODY
    found = check(roundup, Document("reuters", REUTERS_STORY), Document("ap", AP_STORY))
    assert agencies_of(found, "RC101") == ["AP"]
    [finding] = [f for f in found if f.rule == "RC101"]
    assert finding.source == "ap" and "Credit AP" in finding.message and "Reuters" not in finding.message
    assert sorted(str(f.source) for f in found if f.rule == "RC100") == ["ap", "reuters"]


def test_a_two_agency_story_crediting_neither_raises_one_rc101_per_agency() -> None:
    roundup = "World roundup\n\n" + REUTERS_BODY + STAFF + AP_BODY
    found = check(roundup, Document("reuters", REUTERS_STORY), Document("ap", AP_STORY))
    assert sorted(agencies_of(found, "RC101")) == ["AP", "Reuters"]


def test_the_other_agency_as_additional_reporting_while_its_copy_is_principal_is_rc102() -> None:
    story = "Ports close\nBy Reuters\n\n" + AP_BODY + "Additional reporting by The Associated Press\n"
    found = check(story, Document("reuters", REUTERS_STORY), Document("ap", AP_STORY))
    assert agencies_of(found, "RC102") == ["AP"] and not agencies_of(found, "RC101")


def test_several_versions_of_one_agency_story_give_one_rc101() -> None:
    update = AP_STORY.replace("three major ports", "four major ports")
    found = check("Ports close\n\n" + AP_BODY, Document("ap-1", AP_STORY), Document("ap-2", update),
                  all_sources=True)
    [finding] = [f for f in found if f.rule == "RC101"]
    assert finding.evidence["agency"] == "AP" and sorted(finding.evidence["sources"]) == ["ap-1", "ap-2"]
    assert finding.source == "ap-1" and "(the closest of 2 AP sources)" in finding.message


# -- saying who the sources are -------------------------------------------------------------
def test_source_agency_makes_uncredited_sources_that_agencys_copy() -> None:
    plain = Document("wire", AP_BODY)  # no credit in the text at all
    assert not agencies_of(check("Ports\n\n" + AP_BODY, plain), "RC101")
    assert agencies_of(check("Ports\n\n" + AP_BODY, plain, source_agency="Press Association"), "RC101") == ["PA Media"]
    assert not agencies_of(check("Ports\nBy PA News\n\n" + AP_BODY, plain, source_agency="PA"), "RC101")


def test_source_agency_does_not_override_a_source_that_names_its_own() -> None:
    found = check("Ports\n\n" + AP_BODY, Document("ap", AP_STORY), source_agency="Reuters")
    assert agencies_of(found, "RC101") == ["AP"]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def json_findings(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    main(["check", *args, "--format", "json"])
    return json.loads(capsys.readouterr().out)["results"][0]["findings"]


def test_source_agency_on_the_command_line_and_in_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "wire.txt", AP_BODY)
    write(tmp_path / "story.txt", "Ports\n\n" + AP_BODY)
    rc101 = [f for f in json_findings(capsys, "story.txt", "--against", "wire.txt", "--source-agency", "dpa") if f["rule"] == "RC101"]
    assert [f["evidence"]["agency"] for f in rc101] == ["dpa"] and "Credit dpa" in rc101[0]["message"]
    write(tmp_path / ".reusecheck.toml", 'source-agency = "Agence France-Presse"\n')
    found = json_findings(capsys, "story.txt", "--against", "wire.txt")
    assert [f["evidence"]["agency"] for f in found if f["rule"] == "RC101"] == ["AFP"]


def test_a_jsonl_record_names_its_agency(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = tmp_path / "wire.jsonl"
    records.write_text(json.dumps({"id": "pa-1", "text": AP_BODY, "agency": "PA News"}) + "\n", encoding="utf-8")
    story = write(tmp_path / "story.txt", "Ports\n\n" + AP_BODY)
    found = json_findings(capsys, str(story), "--against", str(records))
    assert [(f["evidence"]["agency"], f["source"]) for f in found if f["rule"] == "RC101"] == [("PA Media", "pa-1")]
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "x", "text": "t", "agency": 7}) + "\n", encoding="utf-8")
    assert main(["check", str(story), "--against", str(bad)]) == 2
    assert '"agency" must be a string' in capsys.readouterr().err


def test_index_add_agency_is_stored_per_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index = str(tmp_path / "wire.rcx")
    write(tmp_path / "wire.txt", AP_BODY)
    own = tmp_path / "own.jsonl"
    own.write_text(json.dumps({"id": "afp-1", "text": REUTERS_BODY, "agency": "AFP"}) + "\n", encoding="utf-8")
    assert main(["index", "add", index, str(tmp_path / "wire.txt"), str(own), "--agency", "Reuters", "-q"]) == 0
    story = write(tmp_path / "story.txt", "Roundup\n\n" + AP_BODY + STAFF + REUTERS_BODY)
    found = json_findings(capsys, str(story), "--index", index)
    assert sorted(f["evidence"]["agency"] for f in found if f["rule"] == "RC101") == ["AFP", "Reuters"]
    # re-adding with another agency replaces the stored document
    assert main(["index", "add", index, str(tmp_path / "wire.txt"), "--agency", "AP"]) == 0
    assert "0 added, 1 replaced" in capsys.readouterr().out


def test_an_index_of_the_format_before_agencies_is_refused_with_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Format 1 (no agency column, no stored tokens) cannot answer: rebuild it (one line, exit 2)."""
    index = str(tmp_path / "old.rcx")
    write(tmp_path / "wire.txt", AP_STORY)
    assert main(["index", "add", index, str(tmp_path / "wire.txt"), "-q"]) == 0
    with sqlite3.connect(index) as connection:
        connection.execute("ALTER TABLE documents DROP COLUMN agency")
        connection.execute("PRAGMA user_version = 1")
    story = write(tmp_path / "story.txt", "Ports\n\n" + AP_BODY)
    capsys.readouterr()
    assert main(["check", str(story), "--index", index]) == 2
    assert f"index format 1 is older than this reusecheck's ({FORMAT_VERSION}); rebuild the index" in capsys.readouterr().err
    rebuilt = str(tmp_path / "new.rcx")
    assert main(["index", "add", rebuilt, str(tmp_path / "wire.txt"), "--agency", "AP", "-q"]) == 0
    found = json_findings(capsys, str(story), "--index", rebuilt)
    assert [f["evidence"]["agency"] for f in found if f["rule"] == "RC101"] == ["AP"]


# -- licence-aware policy -----------------------------------------------------------------
def by_code(found: list[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {}
    for finding in found:
        grouped.setdefault(finding.rule, []).append(finding)
    return grouped


def test_a_licensed_agency_with_a_contracted_credit_is_judged_by_rc109() -> None:
    licence = (AgencyPolicy("Reuters", licensed=True, credit="© Reuters"),)
    copy = "Aleppo deadline\n\n" + REUTERS_BODY
    found = by_code(check(copy, Document("reuters", REUTERS_STORY), agency_policies=licence))
    assert [f.severity for f in found["RC100"]] == [Severity.INFO]
    assert "licensed Reuters copy" in found["RC100"][0].message
    [contracted] = found["RC109"]
    assert contracted.severity == Severity.ERROR and contracted.evidence["credit"] == "© Reuters"
    assert "“© Reuters”" in contracted.message and "RC101" not in found
    credited = by_code(check(copy + "©  Reuters\n", Document("reuters", REUTERS_STORY), agency_policies=licence))
    assert set(credited) == {"RC100"} and credited["RC100"][0].severity == Severity.INFO
    # the contracted credit, not any credit: "By Reuters" does not carry "© Reuters"
    bylined = by_code(check("By Reuters\n\n" + REUTERS_BODY, Document("reuters", REUTERS_STORY), agency_policies=licence))
    assert "RC109" in bylined


def test_a_licence_without_a_credit_keeps_rc101_and_other_agencies_stay_warnings() -> None:
    licence = (AgencyPolicy("PA", licensed=True),)
    roundup = "World roundup\n\n" + REUTERS_BODY + STAFF + AP_BODY
    sources = (Document("pa", REUTERS_BODY, agency="Press Association"), Document("ap", AP_STORY))
    found = by_code(check(roundup, *sources, agency_policies=licence))
    assert {f.source: f.severity for f in found["RC100"]} == {"pa": Severity.INFO, "ap": Severity.WARNING}
    assert sorted(f.evidence["agency"] for f in found["RC101"]) == ["AP", "PA Media"]
    assert "RC109" not in found


def test_a_severity_set_by_the_user_still_wins_over_the_licence() -> None:
    licence = (AgencyPolicy("Reuters", licensed=True),)
    found = check("By Reuters\n\n" + REUTERS_BODY, Document("reuters", REUTERS_STORY),
                  agency_policies=licence, severities={"RC100": Severity.ERROR})
    assert [f.severity for f in found if f.rule == "RC100"] == [Severity.ERROR]


def test_licences_in_pyproject_and_their_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "wire.txt", REUTERS_STORY)
    write(tmp_path / "story.txt", "Aleppo deadline\n\n" + REUTERS_BODY)
    write(tmp_path / "pyproject.toml", '[tool.reusecheck.agency.Reuters]\nlicensed = true\ncredit = "Reuters"\n')
    found = json_findings(capsys, "story.txt", "--against", "wire.txt")
    assert sorted((f["rule"], f["severity"]) for f in found) == [("RC100", "info"), ("RC109", "error")]
    [contracted] = [f for f in found if f["rule"] == "RC109"]
    assert contracted["evidence"]["licence"] == "pyproject.toml:1"
    write(tmp_path / "pyproject.toml", '[tool.reusecheck.agency.Reuters]\nlicensed = "yes"\n')
    assert main(["check", "story.txt", "--against", "wire.txt"]) == 2
    assert "pyproject.toml:2: agency.Reuters.licensed takes true or false" in capsys.readouterr().err
    write(tmp_path / "pyproject.toml", '[tool.reusecheck.agency.Reuters]\nlicenced = true\n')
    assert main(["check", "story.txt", "--against", "wire.txt"]) == 2
    assert "unknown key 'licenced' in [agency.Reuters]" in capsys.readouterr().err


def test_reusecheck_config_shows_the_licences(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / ".reusecheck.toml", '[agency."PA News"]\nlicensed = true\ncredit = "PA Media"\n')
    assert main(["config"]) == 0
    shown = capsys.readouterr().out.split("\n\n")[-1].splitlines()
    assert [line.split("#")[0].rstrip() for line in shown] == ['[agency."PA News"]', "licensed = true", 'credit = "PA Media"']
    assert shown[0].endswith("# .reusecheck.toml:1")
