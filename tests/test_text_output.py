"""Output for people (issue 11 point 5) and escaping in CI formats (point 10)."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import cmarkgfm
import pytest
from helpers import REPUBLISHED, REUTERS, read
from test_config import run

from reusecheck.builtin.csv_format import render_csv
from reusecheck.builtin.github_format import render_github
from reusecheck.builtin.markdown_format import md, render_markdown
from reusecheck.formats import RenderContext
from reusecheck.models import Document, Finding, Report, Result, Severity

FIRST_PARAGRAPH = "Russia and the Syrian army on Wednesday"


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copied story, a clean one and one whose findings are all suppressed; the cwd."""
    shutil.copy(REUTERS, tmp_path / "reuters.txt")
    shutil.copy(REPUBLISHED, tmp_path / "aleppo.txt")
    (tmp_path / "council.txt").write_text("The council met on Tuesday to approve the library budget.\n", encoding="utf-8")
    story = read(REPUBLISHED)
    at = story.index(FIRST_PARAGRAPH)
    licensed = story[:at] + 'reusecheck: disable-file all reason="licensed, contract 2016-14"\n\n' + story[at:]
    (tmp_path / "licensed.txt").write_text(licensed, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_text_says_what_the_shares_mean_with_units_and_line_column_places(desk: Path) -> None:
    code, out, _ = run("check", "aleppo.txt", "--against", "reuters.txt")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "aleppo.txt (497 words, 3,071 characters)"
    assert re.fullmatch(r"  verdict: partially-derived \(score 0\.\d\d\) from reuters\.txt", lines[1])
    assert lines[2] == "  67% of this text is reused from reuters.txt (85% of that source's words)"
    assert lines[3] == ("    2 passages; longest 1,730 characters of the candidate; "
                        "64% of its quoted words and 68% of the rest")
    assert "  paragraphs:" in lines and "      2. 3:1 reuters.txt (100% reused)" in lines and "     14. 27:1 own (0% reused)" in lines
    assert "    [1] 3:1-21:247 here ~ 3:20-23:247 in the source, edited (similarity 0.94, 281 words)" in lines
    assert "    13:1 error RC104 quote-attribution-stripped: Restore the attribution to Reuters" in out
    assert not any(" 34-" in line or "candidate 34" in line for line in lines)  # no character offsets


def test_files_without_findings_or_with_all_suppressed_print_nothing(desk: Path) -> None:
    _, out, _ = run("check", "council.txt", "licensed.txt", "--against", "reuters.txt")
    assert out == "2 checked, 1 with reuse, 0 finding(s) (0 error, 0 warning, 0 info), 0 input error(s)\n"


def test_baselined_files_print_nothing(desk: Path) -> None:
    run("check", "aleppo.txt", "--against", "reuters.txt", "--write-baseline", "baseline.json")
    code, out, err = run("check", "aleppo.txt", "--against", "reuters.txt", "--baseline", "baseline.json")
    assert code == 0 and out.startswith("1 checked, 1 with reuse, 0 finding(s)") and "not shown" in err


def test_show_passages(desk: Path) -> None:
    _, short, _ = run("check", "aleppo.txt", "--against", "reuters.txt")
    _, full, _ = run("check", "aleppo.txt", "--against", "reuters.txt", "--show-passages", "full")
    _, none, _ = run("check", "aleppo.txt", "--against", "reuters.txt", "--show-passages", "none")
    assert "│ airstrikes in the city. The Russian Ministry … │" in short and "…" not in full.split("findings:")[0]
    assert "│ two special corridors. Civilians and the sick  │" in full and "Civilians and the sick" not in short
    assert "│" not in none and "[1]" not in none and "67% of this text is reused" in none and "findings:" in none


def test_quiet_prints_one_line_per_finding_and_no_notes(desk: Path) -> None:
    run("check", "aleppo.txt", "--against", "reuters.txt", "--write-baseline", "baseline.json", "--severity", "RC105=off")
    code, out, err = run("check", "aleppo.txt", "licensed.txt", "--against", "reuters.txt", "-q", "--baseline", "baseline.json")
    assert code == 1 and err == ""
    assert out.splitlines() == [
        "aleppo.txt:3:91: RC105 [warning] Give the day or time as the source does (“Friday evening”) instead of "
        "“tonight”, which is wrong for anyone reading on another day.",
        "aleppo.txt:5:220: RC105 [warning] Give the day or time as the source does (“0900 and 1900 local time on Nov. 4”) "
        "instead of “9am and 7pm today”, which is wrong for anyone reading on another day.",
    ]


def test_statistics_counts_findings_per_rule(desk: Path) -> None:
    _, out, _ = run("check", "aleppo.txt", "--against", "reuters.txt", "--statistics")
    assert out.splitlines()[:2] == ["     2  RC105  relative-date-rewritten [warning]", "     1  RC100  reuse [warning]"]
    assert out.splitlines()[-1].startswith("1 checked, 1 with reuse, 6 finding(s)")


def test_show_passages_is_checked(desk: Path) -> None:
    code, _, err = run("check", "aleppo.txt", "--against", "reuters.txt", "--show-passages", "some")
    assert code == 2 and "invalid choice: 'some'" in err


# -- control characters and bare URLs (point 10) ----------------------------------------------

HOSTILE = "Copied from https://www.reuters.com/article/x \x1b[2J\x00 and www.example.org\u202e"


def hostile_report() -> Report:
    text = "Some text.\n" + HOSTILE + "\n"
    candidate = Document(id="c.md", text=text, path="c.md")
    finding = Finding("RC100", "reuse", Severity.WARNING, HOSTILE, None, 11, len(text) - 1)
    return Report((Result(candidate, (), (finding,)),))


def test_github_output_escapes_control_characters() -> None:
    out = render_github(hostile_report())
    assert "\x1b" not in out and "\x00" not in out and "\u202e" not in out
    assert "\\x1b[2J\\x00" in out and out.count("\n") == 1


def test_csv_output_escapes_control_characters() -> None:
    [row] = list(csv.DictReader(io.StringIO(render_csv(hostile_report()))))
    assert row["message"] == "Copied from https://www.reuters.com/article/x \\x1b[2J\\x00 and www.example.org\\u202e"


def test_markdown_output_escapes_control_characters_and_links_nothing() -> None:
    out = render_markdown(hostile_report(), RenderContext())
    assert "\x1b" not in out and "\x00" not in out
    html = cmarkgfm.github_flavored_markdown_to_html(out)  # GitHub's own renderer, with its autolinker
    assert "<a " not in html and "https:\u200b//www\u200b.reuters.com/article/x" in html
    assert "<a " not in cmarkgfm.github_flavored_markdown_to_html(md("see www.reuters.com and ftp://x.org"))
    assert "<a " in cmarkgfm.github_flavored_markdown_to_html("see www.reuters.com")  # the renderer does link bare URLs
