"""The founding pair: the republication checked against the Reuters story it copies yields
RC102, RC103, RC104 and RC105 at the right spans and nothing else but RC100; the Reuters
story against itself or a fully credited copy yields RC100 only; a copy stripped of every
Reuters credit yields RC101 (and RC106 while the slideshow residue is left in)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import REPUBLISHED, REUTERS, file_id, read

from reusecheck.cli import main

ARTICLE = read(REPUBLISHED)
STORY = read(REUTERS)


def check_json(capsys: pytest.CaptureFixture[str], candidate: Path, source: Path, *options: str) -> tuple[int, dict[str, Any]]:
    code = main(["check", str(candidate), "--against", str(source), "--format", "json", *options])
    return code, json.loads(capsys.readouterr().out)["results"][0]


def rules(result: dict[str, Any]) -> list[str]:
    return sorted(f["rule"] for f in result["findings"])


def spans(result: dict[str, Any], text: str, code: str) -> list[str]:
    return [text[f["candidate_start"] : f["candidate_end"]] for f in result["findings"] if f["rule"] == code]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


@pytest.fixture
def founding(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code, result = check_json(capsys, REPUBLISHED, REUTERS)
    assert code == 1
    return result


def test_founding_pair_yields_the_four_credit_findings_and_reuse(founding: dict[str, Any]) -> None:
    assert rules(founding) == ["RC100", "RC102", "RC103", "RC104", "RC105", "RC105"]


def test_rc102_points_at_the_additional_reporting_line(founding: dict[str, Any]) -> None:
    assert spans(founding, ARTICLE, "RC102") == ["Additional reporting by Reuters"]
    [finding] = [f for f in founding["findings"] if f["rule"] == "RC102"]
    assert (finding["severity"], finding["source"]) == ("error", file_id(REUTERS))
    assert finding["evidence"]["agency"] == "Reuters"


def test_rc103_names_the_missing_byline_over_the_reused_body(founding: dict[str, Any]) -> None:
    [finding] = [f for f in founding["findings"] if f["rule"] == "RC103"]
    missing = ["Denis Pinchuk", "Andrew Osborn", "John Davison", "Gareth Jones"]
    assert finding["evidence"]["missing"] == missing and all(name in finding["message"] for name in missing)
    passages = founding["matches"][0]["passages"]
    assert (finding["candidate_start"], finding["candidate_end"]) == (passages[0]["candidate_start"], passages[-1]["candidate_end"])
    body = ARTICLE[finding["candidate_start"] : finding["candidate_end"]]
    assert body.startswith("Russia and the Syrian army on Wednesday") and "Raqqa" not in body
    assert finding["severity"] == "warning"


def test_rc104_points_at_malahifjis_quote(founding: dict[str, Any]) -> None:
    [quote] = spans(founding, ARTICLE, "RC104")
    assert quote == (
        "“This is completely out of the question. We will not give up the city of Aleppo to the Russians and "
        "we won’t surrender,” Zakaria Malahifji of the Fastaqim rebel group said."
    )
    [finding] = [f for f in founding["findings"] if f["rule"] == "RC104"]
    assert finding["evidence"]["source_attribution"] == "told Reuters" and finding["severity"] == "error"


def test_rc105_points_at_the_relative_dates(founding: dict[str, Any]) -> None:
    assert spans(founding, ARTICLE, "RC105") == ["tonight", "9am and 7pm today"]
    sources = [f["evidence"]["source_text"] for f in founding["findings"] if f["rule"] == "RC105"]
    assert sources == ["Friday evening", "0900 and 1900 local time on Nov. 4"]
    messages = [f["message"] for f in founding["findings"] if f["rule"] == "RC105"]
    assert messages[0].startswith("Give the day or time as the source does (“Friday evening”) instead of “tonight”")


def test_text_output_explains_each_finding_in_one_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(REPUBLISHED), "--against", str(REUTERS)])
    lines = [line for line in capsys.readouterr().out.splitlines() if " RC10" in line and "RC100" not in line]
    assert [re.findall(r"\bRC\d{3}\b", line)[0] for line in lines] == ["RC103", "RC105", "RC105", "RC104", "RC102"]
    for line in lines:
        message = line.split(": ", 1)[1]
        unquoted = re.sub(r"“[^”]*”", "", message).replace("e.g. ", "")
        assert message.endswith(".") and message[0].isupper() and ". " not in unquoted


def test_exit_codes_follow_the_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(REPUBLISHED), "--against", str(REUTERS), "--fail-level", "error"]) == 1
    credited = write(tmp_path, "credited.txt", "Our headline\n\n" + STORY[STORY.index("MOSCOW") :])
    assert main(["check", str(credited), "--against", str(REUTERS), "--fail-level", "error"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("name", ["itself", "credited copy"])
def test_the_story_itself_or_a_credited_copy_yields_reuse_only(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = STORY if name == "itself" else "Republished by Example News\n\n" + STORY[STORY.index("MOSCOW") :]
    code, result = check_json(capsys, write(tmp_path, "copy.txt", text), REUTERS, "--fail-level", "error")
    assert (code, rules(result)) == (0, ["RC100"])


def stripped(keep_slideshow: bool) -> str:
    """The Reuters story without its credit line and every mention of Reuters."""
    text = STORY.replace("MOSCOW (Reuters) - ", "MOSCOW - ").replace(" told Reuters.", " said.")
    text = text[: text.index("Writing by")].rstrip() + "\n"
    if not keep_slideshow:
        text = text.replace("Slideshow ( 2 images )\n\n", "")
    assert "Reuters" not in text and ("Slideshow" in text) == keep_slideshow
    return text


@pytest.mark.parametrize("keep_slideshow", [True, False])
def test_a_copy_stripped_of_every_reuters_credit_is_uncredited(
    keep_slideshow: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = stripped(keep_slideshow)
    _, result = check_json(capsys, write(tmp_path, "stripped.txt", copy), REUTERS)
    found = rules(result)
    assert "RC101" in found and ("RC106" in found) == keep_slideshow
    assert not {"RC102", "RC105", "RC107"} & set(found)
    if keep_slideshow:
        assert spans(result, copy, "RC106") == ["Slideshow ( 2 images )"]


@pytest.mark.parametrize(
    "footer",
    ["(c) Copyright Thomson Reuters 2016. Click For Restrictions - http://about.reuters.com/fulllegal.asp",
     "© Reuters 2016. All Rights Reserved."],
)
def test_a_stripped_copy_under_the_agencys_copyright_footer_is_credited(
    footer: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Clients run syndicated copy under the agency's copyright line: that credits the agency as author."""
    copy = stripped(keep_slideshow=False) + "\n" + footer + "\n"
    _, result = check_json(capsys, write(tmp_path, "syndicated.txt", copy), REUTERS)
    assert not {"RC101", "RC102"} & set(rules(result))


def test_the_header_dates_the_republication_and_the_reuters_story_is_undated(capsys: pytest.CaptureFixture[str]) -> None:
    _, result = check_json(capsys, REPUBLISHED, REUTERS, "--source-date", "2016-11-02")
    assert "RC107" not in rules(result)
    _, result = check_json(capsys, REPUBLISHED, REUTERS, "--source-date", "2016-11-05")
    assert rules(result) == ["RC107"]
    [finding] = result["findings"]
    assert finding["severity"] == "info" and finding["evidence"] == {"candidate_date": "2016-11-04", "source_date": "2016-11-05"}
    # the other way round: the Reuters story (dated by option) against the later republication
    _, result = check_json(capsys, REUTERS, REPUBLISHED, "--candidate-date", "2016-11-02")
    assert rules(result) == ["RC107"]


@pytest.mark.parametrize(
    ("now", "day"),
    [("yesterday", [("yesterday", "Wednesday")]), ("last night", [("last night", "Wednesday")]),
     ("this week", [("this week", "Wednesday")])],
)
def test_rc105_gives_each_rewritten_day_its_own_finding(
    now: str, day: list[tuple[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two days rewritten in one sentence ("on Wednesday told ... by Friday evening" ->
    "yesterday told ... by tonight") are two findings, each quoting its own expression."""
    text = ARTICLE.replace("Russia and the Syrian army on Wednesday told", f"Russia and the Syrian army {now} told")
    _, result = check_json(capsys, write(tmp_path, "rewritten.txt", text), REUTERS)
    found = [(f["evidence"]["candidate_text"], f["evidence"]["source_text"]) for f in result["findings"] if f["rule"] == "RC105"]
    assert found == [*day, ("tonight", "Friday evening"), ("9am and 7pm today", "0900 and 1900 local time on Nov. 4")]
    assert spans(result, text, "RC105")[0] == now


def test_principal_share_option_decides_rc102(capsys: pytest.CaptureFixture[str]) -> None:
    _, result = check_json(capsys, REPUBLISHED, REUTERS, "--principal-share", "0.95")
    assert "RC102" not in rules(result) and "RC104" in rules(result)


def test_crlf_copy_gets_the_same_spans(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = ARTICLE.replace("\n", "\r\n")
    _, result = check_json(capsys, write(tmp_path, "crlf.txt", text), REUTERS)
    assert spans(result, text, "RC105") == ["tonight", "9am and 7pm today"]
    assert spans(result, text, "RC102") == ["Additional reporting by Reuters"]
