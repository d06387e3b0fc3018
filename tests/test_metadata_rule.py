"""RC108 metadata-mismatch, and the founding pair as a web page and as wire feeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import CORPUS, REPUBLISHED, REUTERS

from reusecheck.cli import main

PAGE = CORPUS / "republished-aleppo-2016-11-04.html"
FOUNDING_RULES = ["RC100", "RC102", "RC103", "RC104", "RC105", "RC105"]


def findings(capsys: pytest.CaptureFixture[str], candidate: Path, *sources: Path) -> list[dict]:
    main(["check", str(candidate), *(a for s in sources for a in ("--against", str(s))), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert report["errors"] == []
    return report["results"][0]["findings"]


@pytest.mark.parametrize("source", [REUTERS, CORPUS / "reuters-aleppo-2016-11-02.newsml.xml",
                                    CORPUS / "reuters-aleppo-2016-11-02.ninjs.json"])
def test_the_founding_findings_hold_for_every_form_of_the_pair(capsys: pytest.CaptureFixture[str], source: Path) -> None:
    assert sorted(f["rule"] for f in findings(capsys, REPUBLISHED, source)) == FOUNDING_RULES
    from_page = findings(capsys, PAGE, source)
    assert sorted(f["rule"] for f in from_page) == sorted([*FOUNDING_RULES, "RC108"])  # what the metadata adds
    [mismatch] = [f for f in from_page if f["rule"] == "RC108"]
    assert mismatch["message"] == (
        "Name Reuters in the structured data (e.g. JSON-LD “sourceOrganization” or “author”): 68% of this text is "
        f"Reuters copy from {mismatch['source']}, yet the metadata credits only Sami Haddad and The Levant Ledger."
    )
    assert Path(mismatch["source"]).resolve() == source.resolve()
    assert mismatch["severity"] == "warning" and mismatch["evidence"]["agency"] == "Reuters"


def page(tmp_path: Path, json_ld: dict, body: str) -> Path:
    path = tmp_path / "page.html"
    path.write_text(f'<html><head><script type="application/ld+json">{json.dumps(json_ld)}</script></head>'
                    f"<body><article>{body}</article></body></html>", encoding="utf-8")
    return path


def reuters_body() -> str:
    paragraphs = [p for p in REUTERS.read_text(encoding="utf-8").split("\n\n")[1:] if not p.startswith("Slideshow")]
    return "".join(f"<p>{p}</p>" for p in paragraphs[1:-1])


def test_naming_the_agency_in_the_structured_data_clears_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    staff_only = {"@type": "NewsArticle", "author": {"@type": "Person", "name": "Sami Haddad"}}
    rules = [f["rule"] for f in findings(capsys, page(tmp_path, staff_only, reuters_body()), REUTERS)]
    assert "RC108" in rules
    credited = {**staff_only, "sourceOrganization": {"@type": "Organization", "name": "Reuters"}}
    rules = [f["rule"] for f in findings(capsys, page(tmp_path, credited, reuters_body()), REUTERS)]
    assert "RC108" not in rules and "RC101" not in rules  # the structured credit counts as crediting Reuters


def test_visible_credit_and_structured_credit_disagree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    own = "<p>The city council met on Tuesday and voted to close the old market square for repairs next spring.</p>"
    agency = {"@type": "NewsArticle", "author": "Jane Doe"}
    [finding] = findings(capsys, page(tmp_path, agency, '<p class="byline">By Jane Doe, Reuters</p>' + own), REUTERS)
    assert finding["rule"] == "RC108" and finding["message"].startswith("Name Reuters in the structured data too")
    people = {"@type": "NewsArticle", "author": "John Roe"}
    [finding] = findings(capsys, page(tmp_path, people, '<p class="byline">By Jane Doe</p>' + own), REUTERS)
    assert finding["message"] == "Make the byline and the structured data agree: the byline names Jane Doe, the metadata John Roe."
    agreeing = {"@type": "NewsArticle", "author": "Jane Doe"}
    assert findings(capsys, page(tmp_path, agreeing, '<p class="byline">By Jane Doe</p>' + own), REUTERS) == []
