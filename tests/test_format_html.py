"""The HTML report read without a browser: structure, passages on both sides, word edits,
pinned findings, escaping, the security policy and the folder output.

tests/test_format_html_browser.py checks the same report in headless Chromium.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import random
import re
import shlex
from pathlib import Path

import pytest
from helpers import CORPUS, REPUBLISHED, REUTERS, ROOT, blocks, read, section
from html_dom import Element, parse, squash

import reusecheck
from reusecheck.builtin.html_assets import CSS, PALETTE
from reusecheck.builtin.html_format import numbered_passages, page_name
from reusecheck.builtin.html_marks import Span, flatten, render_lines, word_diff
from reusecheck.cli import main
from reusecheck.formats import LineIndex, RenderContext
from reusecheck.models import Derivation, ParagraphSource, Report
from reusecheck.plugins import load_plugins

PLUGINS = load_plugins(autoload=False)
HTML = PLUGINS.formats["html"]
PAYLOADS = (
    '<script>window.pwned = "script"</script>',
    "<img src=x onerror=\"window.pwned='img'\">",
    "<a href=\"javascript:window.pwned='link'\">click me</a>",
    "</div></section><svg onload=window.pwned='svg'>",
)


@pytest.fixture(scope="module")
def founding() -> reusecheck.Report:
    return reusecheck.check([str(REPUBLISHED)], [str(REUTERS)], plugins=PLUGINS)


def render(report: Report) -> str:
    return HTML.output(report, RenderContext(PLUGINS.rules))


def marks(dom: Element, pane: str, number: int) -> list[Element]:
    return dom.find_all(
        lambda e: e.tag == "mark" and e.attrs.get("data-p") == str(number) and any(pane in a.classes for a in e.ancestors())
    )


def test_each_passage_is_marked_on_both_sides_at_its_text(founding: Report) -> None:
    dom = parse(render(founding))
    [result] = founding.results
    passages = numbered_passages(result)
    assert len(passages) == 2
    for n in passages:
        p = n.passage
        candidate, source = marks(dom, "cand-pane", n.number), marks(dom, "src-pane", n.number)
        assert squash(" ".join(m.text for m in candidate)) == squash(result.candidate.text[p.candidate_start : p.candidate_end])
        assert squash(" ".join(m.text for m in source)) == squash(n.match.source.text[p.source_start : p.source_end])
        assert candidate[0].attrs["id"] == f"c1-c-p{n.number}" and source[0].attrs["id"] == f"c1-s-p{n.number}"
        assert candidate[0].attrs["class"] == source[0].attrs["class"]  # the same colour and border on both sides
        number_links = dom.find_all(lambda e, n=n: e.tag == "a" and "pn" in e.classes and e.attrs["data-n"] == str(n.number))
        assert {a.attrs["href"] for a in number_links} >= {f"#c1-s-p{n.number}", f"#c1-c-p{n.number}"}
    assert marks(dom, "cand-pane", 1)[0].attrs["class"] != marks(dom, "cand-pane", 2)[0].attrs["class"]


def test_every_line_of_both_texts_is_shown_numbered(founding: Report) -> None:
    dom = parse(render(founding))
    [result] = founding.results
    for pane, text in (("cand-pane", result.candidate.text), ("src-pane", result.matches[0].source.text)):
        lines = dom.find_all(lambda e, pane=pane: e.tag == "div" and "l" in e.classes and any(pane in a.classes for a in e.ancestors()))
        assert [line.text for line in lines] == text.split("\n")


def test_word_edits_inside_a_passage_are_marked(founding: Report) -> None:
    dom = parse(render(founding))
    changed = {(e.text, e.attrs.get("title")) for e in dom.find_all(lambda e: e.tag == "span" and "w" in e.classes)}
    assert ("tonight", "source: Friday evening") in changed
    assert ("Friday evening", "candidate: tonight") in changed
    assert ("airstrikes", "source: air strikes") in changed
    [section] = dom.find_all(lambda e: e.tag == "section")
    dropped = {squash(e.text) for e in section.find_all(lambda e: e.tag == "del")}
    assert "Defence" in dropped  # "The Russian Defence Ministry" -> "The ministry"
    assert all(any("src-pane" in a.classes for a in e.ancestors()) for e in section.find_all(lambda e: e.tag == "del"))
    assert all(any("cand-pane" in a.classes for a in e.ancestors()) for e in section.find_all(lambda e: e.tag == "ins"))


def test_word_diff_reports_inserted_deleted_and_changed_words() -> None:
    source = "The Russian Defence Ministry said on Friday evening that rebels left."
    candidate = "The ministry said tonight that the rebels left."
    edits = {(e.kind, candidate[e.candidate_start : e.candidate_end], source[e.source_start : e.source_end])
             for e in word_diff(candidate, 0, len(candidate), source, 0, len(source))}
    assert ("changed", "tonight", "on Friday evening") in edits
    assert ("inserted", "the", "") in edits
    assert ("changed", "ministry", "Russian Defence Ministry") in edits
    assert word_diff("same “words”", 0, 12, "same \"words\"", 0, 12) == []  # curly and straight quotes are one word


def test_findings_are_pinned_after_their_line_and_listed_by_severity(founding: Report) -> None:
    dom = parse(render(founding))
    [result] = founding.results
    lines = LineIndex(result.candidate.text)
    pane = next(e for e in dom.iter() if "cand-pane" in e.classes)
    text = next(e for e in pane.iter() if "text" in e.classes)
    for number, finding in enumerate(result.findings, 1):
        note = dom.by_id(f"c1-f{number}")
        assert finding.rule in note.text and squash(finding.message) in squash(note.text)
        assert str(finding.severity) in note.text and f"sev-{finding.severity}" in note.classes
        siblings = [c for c in text.children if isinstance(c, Element)]
        lines_before = [e for e in siblings[: siblings.index(note)] if "l" in e.classes]  # numbered by a CSS counter
        assert len(lines_before) == lines.position(finding.candidate_start or 0)[0]
        pins = dom.find_all(lambda e, number=number: "pin" in e.classes and e.attrs.get("href") == f"#c1-f{number}")
        assert len(pins) == 1 and pins[0].text == ""  # the pin's glyph is CSS, so copied text stays the article's
    summary = [li for li in dom.iter() if li.tag == "li" and li.parent is not None and "findings" in li.parent.classes]
    severities = [next(s for s in ("error", "warning", "info") if f"sev-{s}" in li.classes) for li in summary]
    assert severities == sorted(severities, key=["error", "warning", "info"].index) and len(summary) == len(result.findings)
    def flagged(pane: str, rule: str) -> set[str]:
        return {squash(e.text) for e in dom.find_all(lambda e: "flag" in e.classes and e.attrs.get("title", "").startswith(rule)
                                                     and any(pane in a.classes for a in e.ancestors()))}

    assert flagged("cand-pane", "RC105") == {"tonight", "9am and 7pm today"}
    assert flagged("src-pane", "RC105") == {"Friday evening", "0900 and 1900 local time on Nov. 4"}  # the exact source text
    assert "told Reuters" in " ".join(flagged("src-pane", "RC104"))
    assert not flagged("cand-pane", "RC100")  # spans the whole reused stretch: pinned, not underlined


def test_summary_shows_scores_verdict_and_provenance_when_present(founding: Report) -> None:
    [result] = founding.results
    source = result.matches[0].source
    middle = len(result.candidate.text) // 2
    rich = dataclasses.replace(
        result,
        derivation=Derivation("partially-derived", 0.72, (source.id,)),
        paragraphs=(ParagraphSource(0, middle, source.id, 0.9), ParagraphSource(middle, len(result.candidate.text), None, 0.0)),
    )
    output = render(Report((rich,)))
    dom = parse(output)
    verdict = next(e for e in dom.iter() if "verdict" in e.classes)
    assert "partially-derived" in verdict.text and "0.72" in verdict.text and source.id in verdict.text
    summary = next(e for e in dom.iter() if "summary" in e.classes).text
    assert "67%" in summary and "85%" in summary  # containment and coverage
    svg = next(e for e in dom.iter() if e.tag == "svg")
    titles = [t.text for t in svg.iter() if t.tag == "title"]
    assert any(t.startswith("passage 1:") for t in titles) and any("90% from" in t for t in titles)
    assert any("the writer's own" in t for t in titles) and any(t.startswith("paragraph at lines 1–") for t in titles)
    blank_lines = [i for i, line in enumerate(result.candidate.text.split("\n")[:-1]) if not line.strip() and i > 0]
    ticks = [e for e in svg.iter() if e.tag == "line"]  # one dashed tick where each later paragraph starts
    assert len(ticks) == len({i for i in blank_lines if i + 1 not in blank_lines}) > 5
    plain = parse(render(Report((dataclasses.replace(result, derivation=None, paragraphs=()),))))  # no verdict computed
    assert "67% reused, from 1 source" in next(e for e in plain.iter() if "verdict" in e.classes).text


def test_document_text_cannot_become_markup(tmp_path: Path) -> None:
    story = read(REUTERS)
    source = tmp_path / "source <b onmouseover=alert(1)>.txt"
    source.write_text(story + "\n" + "\n".join(PAYLOADS) + "\n", encoding="utf-8")
    candidate = tmp_path / "<img src=x onerror=alert(1)>.txt"
    candidate.write_text("\n".join(PAYLOADS) + "\n" + story.split("\n\n", 2)[2] + "\n" + "\n".join(PAYLOADS), encoding="utf-8")
    output = render(reusecheck.check([str(candidate)], [str(source)], plugins=PLUGINS))
    dom = parse(output)
    assert len(re.findall(r"<script\b", output)) == 1 and "<img" not in output and "<svg onload" not in output
    assert not dom.find_all(lambda e: e.tag in {"img", "iframe", "object", "embed"} or any(a.startswith("on") for a in e.attrs))
    assert not dom.find_all(lambda e: e.attrs.get("href", "").lower().startswith("javascript:"))
    body = squash(next(e for e in dom.iter() if e.tag == "body").text)
    for payload in PAYLOADS:
        assert payload in body
    assert candidate.name in body and source.name in body


def test_security_policy_allows_only_the_inline_script_and_style(founding: Report) -> None:
    output = render(founding)
    dom = parse(output)
    [meta] = dom.find_all(lambda e: e.tag == "meta" and e.attrs.get("http-equiv") == "Content-Security-Policy")
    policy = dict(part.strip().split(" ", 1) for part in meta.attrs["content"].split(";"))
    assert policy["default-src"] == "'none'" and policy["base-uri"] == "'none'" and policy["form-action"] == "'none'"
    for tag, directive in (("script", "script-src"), ("style", "style-src")):
        [element] = dom.find_all(lambda e, tag=tag: e.tag == tag)
        digest = base64.b64encode(hashlib.sha256(element.text.encode("utf-8")).digest()).decode()
        assert policy[directive] == f"'sha256-{digest}'"
    assert not re.search(r"\b(src|href)=\"(https?:)?//", output)  # nothing to load, nothing linked outside
    assert not dom.find_all(lambda e: "style" in e.attrs)  # inline style attributes would need 'unsafe-inline'


def test_overview_has_one_sortable_row_per_candidate(founding: Report, tmp_path: Path) -> None:
    unrelated = tmp_path / "unrelated.txt"
    unrelated.write_text("The weather in Lisbon was mild and the markets were calm all week long.\n")
    copy = tmp_path / "reuters-copy.txt"  # a source is not checked against itself
    copy.write_text(REUTERS.read_text(encoding="utf-8"), encoding="utf-8")
    report = reusecheck.check([str(REPUBLISHED), str(unrelated), str(copy)], [str(REUTERS)], plugins=PLUGINS)
    dom = parse(render(report))
    [table] = dom.find_all(lambda e: e.tag == "table" and "overview" in e.classes)
    rows = [e for e in table.iter() if e.tag == "tr" and e.parent is not None and e.parent.tag == "tbody"]
    assert len(rows) == 3
    links = [next(a for a in row.iter() if a.tag == "a").attrs["href"] for row in rows]
    assert links == ["#c1", "#c2", "#c3"] and all(dom.by_id(link[1:]).tag == "section" for link in links)
    cells = [[c for c in row.children if isinstance(c, Element)] for row in rows]
    assert [row[2].text for row in cells] == ["partially-derived", "non-derived", "wholly-derived"]  # the verdicts
    containment = [max((m.scores["containment"] for m in r.matches), default=0.0) for r in report.results]
    assert [row[3].attrs["data-v"] for row in cells] == [f"{c:.4f}" for c in containment] and containment[1] == 0
    assert all("data-col" in b.attrs for b in table.iter() if b.tag == "button")
    single = parse(render(Report(report.results[:1])))
    assert not single.find_all(lambda e: e.tag == "table" and "overview" in e.classes)


def test_ids_are_unique_and_every_link_has_its_target(founding: Report, tmp_path: Path) -> None:
    report = reusecheck.check([str(REPUBLISHED), str(REUTERS)], [str(REUTERS)], plugins=PLUGINS)
    dom = parse(render(report))
    ids = [e.attrs["id"] for e in dom.iter() if "id" in e.attrs]
    assert len(ids) == len(set(ids))
    for link in dom.find_all(lambda e: e.tag == "a" and e.attrs.get("href", "").startswith("#")):
        assert link.attrs["href"][1:] in ids, link.attrs["href"]


def test_folder_output_writes_an_index_and_one_page_per_candidate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "report"
    code = main(["check", str(REPUBLISHED), str(REUTERS), "--against", str(REUTERS), "--output", f"html={folder}/"])
    capsys.readouterr()
    assert code == 1
    pages = sorted(p.name for p in folder.iterdir())
    assert pages == ["0001-republished-aleppo-2016-11-04.txt.html", "0002-reuters-aleppo-2016-11-02.txt.html", "index.html"]
    index = parse((folder / "index.html").read_text(encoding="utf-8"))
    hrefs = [a.attrs["href"] for a in index.iter() if a.tag == "a" and a.parent is not None and "name" in a.parent.classes]
    assert hrefs == pages[:2]
    first = parse((folder / pages[0]).read_text(encoding="utf-8"))
    assert marks(first, "cand-pane", 1) and marks(first, "src-pane", 2)
    assert any(a.attrs.get("href") == "index.html" for a in first.iter() if a.tag == "a")


@pytest.mark.parametrize(("where", "checked"), [
    ("{inputs}/", "{inputs}/index.html"),  # the folder holds an input
    ("{inputs}/..", "{inputs}/index.html"),
    ("{inputs}/reports/", "{inputs}"),  # inside an input folder
])
def test_folder_output_never_goes_among_the_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str, checked: str) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    candidate = inputs / "index.html"  # a page named like the folder report's index
    page = read(CORPUS / "republished-aleppo-2016-11-04.html")  # .html inputs are read as web pages
    candidate.write_text(page, encoding="utf-8")
    code = main(["check", checked.format(inputs=inputs), "--against", str(REUTERS), "--output", f"html={where.format(inputs=inputs)}"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "would write its pages among the inputs" in err
    assert candidate.read_text(encoding="utf-8") == page and sorted(p.name for p in inputs.iterdir()) == ["index.html"]
    assert main(["check", str(candidate), "--against", str(REUTERS), "--output", f"html={inputs}/reports/"]) == 1  # beside a file: fine
    assert (inputs / "reports" / "index.html").is_file()


def test_folder_output_is_refused_for_single_file_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(REPUBLISHED), "--against", str(REUTERS), "--output", f"json={tmp_path}"])
    err = capsys.readouterr().err
    assert code == 2 and f"{tmp_path} is a folder, but format 'json' writes one file" in err and "html" in err


def test_records_of_one_file_are_named_by_their_ids(tmp_path: Path) -> None:
    records = tmp_path / "wire.jsonl"
    story = read(REPUBLISHED)
    records.write_text("\n".join(json.dumps({"id": f"story-{i}", "text": story, "title": f"Aleppo <{i}>"}) for i in (1, 2)) + "\n")
    report = reusecheck.check([str(records)], [str(REUTERS)], plugins=PLUGINS)
    dom = parse(render(report))
    names = [a.text for a in dom.iter() if a.tag == "a" and a.parent is not None and "name" in a.parent.classes]
    assert names == [f"{records} › story-1", f"{records} › story-2"]
    assert [page_name(i, r) for i, r in enumerate(report.results, 1)] == ["0001-story-1.html", "0002-story-2.html"]
    titles = [e.text for e in dom.iter() if "doc-title" in e.classes]
    assert titles == ["Aleppo <1>", "Aleppo <2>"]


def test_page_names_are_safe_file_names(founding: Report) -> None:
    [result] = founding.results
    odd = dataclasses.replace(result, candidate=dataclasses.replace(result.candidate, path="x.jsonl", id="../a/<b> c?.txt"))
    assert page_name(7, odd) == "0007-b-c-.txt.html"
    assert page_name(1, dataclasses.replace(result, candidate=dataclasses.replace(result.candidate, path="-", id="-"))) == "0001-candidate.html"


def test_render_lines_nests_layers_wherever_they_start_and_end() -> None:
    rng = random.Random(5)
    for _ in range(200):
        text = "".join(rng.choice("ab \n\r<&") for _ in range(rng.randrange(0, 40)))
        layers: list[list[Span]] = []
        anchors: dict[int, str] = {}
        for depth in range(3):
            spans = []
            for k in range(rng.randrange(0, 4)):
                start = rng.randrange(0, len(text) + 1)
                end = rng.randrange(start, len(text) + 1)
                spans.append(Span(start, end, ("mark", "span", "ins")[depth], f'data-k="{depth}.{k}"', key=f"{depth}.{k}",
                                  first_attrs=f'id="i{depth}.{k}"'))
            pieces, hidden = flatten(spans)
            layers.append(pieces)
            anchors.update({at: anchors.get(at, "") + html for at, html in hidden.items()})
        dom = parse(f"<div>{render_lines(text, layers, anchors)}</div>")
        lines = [e for e in dom.iter() if "l" in e.classes]
        assert [line.text for line in lines] == [line.removesuffix("\r").replace("\r", " ") for line in text.split("\n")]
        for layer in layers:
            for key in {s.key for s in layer}:
                found = dom.find_all(lambda e, key=key: e.attrs.get("data-k") == key)
                expected = "".join(text[s.start : s.end] for s in layer if s.key == key)
                assert "".join("".join(e.text for e in found).split()) == "".join(expected.split())
                assert len(dom.find_all(lambda e, key=key: e.attrs.get("id") == f"i{key}")) == 1


def test_flatten_lets_the_first_span_win_and_anchors_hidden_ones() -> None:
    spans = [Span(5, 10, "mark", 'class="a"', key="a", first_attrs='id="a"'),
             Span(0, 20, "mark", 'class="b"', key="b", first_attrs='id="b"'),
             Span(6, 8, "mark", 'class="c"', key="c", first_attrs='id="c"', before="<i>3</i>")]
    pieces, anchors = flatten(spans)
    assert [(p.key, p.start, p.end) for p in pieces] == [("b", 0, 5), ("a", 5, 10), ("b", 10, 20)]
    assert anchors == {6: '<i>3</i><mark class="c" id="c"></mark>'}


def test_unsafe_characters_become_replacement_characters(founding: Report) -> None:
    [result] = founding.results
    odd = dataclasses.replace(result, candidate=dataclasses.replace(result.candidate, text="a\x00b\x1bc\ud800d\r\ne"), matches=(), findings=())
    output = render(Report((odd,)))
    assert "a\ufffdb\ufffdc\ufffdd</div>" in output and "\r" not in output
    output.encode("utf-8")  # writable


def test_documented_html_command_runs_as_written(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    text = section("Output formats")
    [command] = [b for b in blocks(text, "sh") if "html=" in b]
    argv = shlex.split(command.replace("\\\n", " "))
    assert argv[:2] == ["reusecheck", "check"] and "html=report.html" in argv
    monkeypatch.chdir(ROOT)
    code = main([a.replace("html=", f"html={tmp_path}/") for a in argv[1:]])
    capsys.readouterr()
    assert code == 1
    dom = parse((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert marks(dom, "cand-pane", 1) and marks(dom, "src-pane", 2)
    picture = re.search(r"!\[[^]]+\]\(([^)]+\.png)\)", text)
    assert picture is not None and (ROOT / "docs" / picture.group(1)).stat().st_size < 150_000  # a small screenshot


def contrast(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two #RRGGBB colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_text_keeps_enough_contrast_on_every_colour() -> None:
    variables = dict(re.findall(r"--(fg|muted|err|warn|info):(#[0-9A-Fa-f]{6})", CSS))
    assert set(variables) == {"fg", "muted", "err", "warn", "info"}
    for _, tint in PALETTE:
        assert contrast(variables["fg"], tint) >= 7  # WCAG AAA for the article text on a passage
    for name in ("muted", "err", "warn", "info"):
        assert contrast(variables[name], "#FFFFFF") >= 4.5 and contrast(variables[name], "#FAFAFA") >= 4.5  # AA
    assert len({full for full, _ in PALETTE}) == len(PALETTE) == 8


def test_places_of_an_html_candidate_are_those_of_its_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The summary names findings at the page's own line:column, as the CI formats do."""
    page, pair = CORPUS / "republished-aleppo-2016-11-04.html", ["--against", str(REUTERS)]
    main(["check", str(page), *pair, "--format", "github"])
    annotations = re.findall(r"line=(\d+),endLine=\d+,col=(\d+),.*?title=RC105", capsys.readouterr().out)
    assert annotations
    main(["check", str(page), *pair, "--output", f"html={tmp_path / 'report.html'}"])
    shown = (tmp_path / "report.html").read_text(encoding="utf-8")
    for line, column in annotations:
        assert f">{line}:{column}<" in shown
