"""The HTML loader: main text without boilerplate, offsets back into the page, metadata credits."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import CORPUS

from reusecheck.cli import main
from reusecheck.engine import Checker
from reusecheck.models import Document

PAGE = CORPUS / "republished-aleppo-2016-11-04.html"


def load(path: Path) -> tuple[list[Document], list]:
    checker = Checker()
    documents = list(checker.load([str(path)], None))
    return documents, checker.errors


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_the_article_text_without_boilerplate() -> None:
    [page], errors = load(PAGE)
    assert errors == []
    paragraphs = page.text.split("\n\n")
    assert paragraphs[0].startswith("Russia and the Syrian army on Wednesday told anti-government rebels")
    assert paragraphs[-1] == "Additional reporting by Reuters"
    for furniture in ("cookies", "Subscribe", "Most read", "Related stories", "Read more", "Advertisement",
                      "Share on Facebook", "Comments", "reader_1978", "All rights reserved", "Middle East", "Sign up"):
        assert furniture not in page.text
    assert "won’t surrender" in page.text and "&rsquo;" not in page.text  # entities decoded


def test_every_word_maps_back_to_the_same_word_in_the_page() -> None:
    [page], _ = load(PAGE)
    html = PAGE.read_text(encoding="utf-8")
    assert page.origin is not None and page.origin.file_text == html
    for word in re.finditer(r"[A-Za-z0-9]+", page.text):
        at = page.origin.file_offset(word.start())
        assert html[at : at + len(word.group())] == word.group()


def test_findings_point_at_lines_and_columns_of_the_html(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(PAGE), "--against", str(CORPUS / "reuters-aleppo-2016-11-02.txt"), "--format", "sarif"])
    sarif = json.loads(capsys.readouterr().out)
    lines = PAGE.read_text(encoding="utf-8").split("\n")
    spans = [(r["ruleId"], lines[region["startLine"] - 1][region["startColumn"] - 1 : region["endColumn"] - 1])
             for r in sarif["runs"][0]["results"] if r.get("locations")
             for region in [r["locations"][0]["physicalLocation"].get("region")]
             if region and region["startLine"] == region["endLine"]]
    assert ("RC102", "Additional reporting by Reuters") in spans
    assert [text.split()[0] for rule, text in spans if rule == "RC105"] == ["tonight", "9am"]


def test_metadata_of_the_page() -> None:
    [page], _ = load(PAGE)
    assert page.title == "Russia tells Aleppo rebels to leave the city by tonight"
    assert str(page.date) == "2016-11-04" and page.publisher == "The Levant Ledger"
    assert {(c.name, c.role, c.kind) for c in page.credits} == {
        ("Sami Haddad", "author", "metadata"), ("The Levant Ledger", "publisher", "metadata"),
        ("Sami Haddad", "author", "byline"),
    }


SCHEMA_PAGE = """<!doctype html><html><head>
<meta property="article:author" content="https://example.com/profile/jane">
<meta name="byl" content="By Jane Doe and John Roe">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "Example"},
  {"@type": ["NewsArticle"], "author": "Jane Doe", "creator": {"@type": "Person", "name": "Ann Lee",
   "worksFor": {"@type": "Organization", "name": "Associated Press"}},
   "sourceOrganization": {"@type": "Organization", "name": "Reuters"}, "creditText": "Agence France-Presse",
   "copyrightHolder": {"@type": "Organization", "name": "Example Media"},
   "isBasedOn": {"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "dpa"}},
   "datePublished": "2021-03-05T10:00:00Z"}]}</script>
<script type="application/ld+json">{not json</script>
</head><body><article><p>Text of the story is here and long enough.</p></article></body></html>"""

MICRODATA_PAGE = """<html><body>
<div itemscope itemtype="https://schema.org/NewsArticle">
  <h1 itemprop="headline">Floods</h1>
  <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Maria Rossi</span></span>
  <meta itemprop="datePublished" content="2020-01-02">
  <span itemprop="publisher" itemscope itemtype="https://schema.org/Organization"><meta itemprop="name" content="ANSA"></span>
  <div itemprop="articleBody"><p>Rivers rose across the region overnight.</p></div>
</div></body></html>"""


def test_schema_org_json_ld_credits(tmp_path: Path) -> None:
    [page], _ = load(write(tmp_path, "schema.html", SCHEMA_PAGE))
    credits = {(c.name, c.role, c.agency) for c in page.credits}
    assert credits == {
        ("Jane Doe", "author", None), ("John Roe", "author", None),  # JSON-LD author, <meta name=byl>
        ("Ann Lee", "author", "AP"),  # creator working for the Associated Press
        ("Reuters", "author", "Reuters"), ("AFP", "author", "AFP"),  # sourceOrganization, creditText
        ("Example Media", "publisher", None), ("dpa", "author", "dpa"),  # copyrightHolder, isBasedOn's publisher
    }
    assert not any(c.name.startswith("http") for c in page.credits)
    assert str(page.date) == "2021-03-05"


def test_microdata_credits(tmp_path: Path) -> None:
    [page], _ = load(write(tmp_path, "micro.html", MICRODATA_PAGE))
    assert {(c.name, c.role) for c in page.credits} == {("Maria Rossi", "author"), ("ANSA", "publisher")}
    assert page.title == "Floods" and str(page.date) == "2020-01-02"
    assert page.text == "Rivers rose across the region overnight."


def test_declared_charset_is_used_and_warned_about(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15"></head>' \
           "<body><p>Le prix: 5 \u20ac, dit l'\u0153uvre.</p></body></html>"
    path = write(tmp_path, "page.html", page.encode("iso8859_15"))
    [document], errors = load(path)
    assert errors == [] and document.text == "Le prix: 5 \u20ac, dit l'\u0153uvre." and document.encoding == "iso8859-15"
    main(["check", str(path), "--against", str(path), "--format", "json"])
    assert json.loads(capsys.readouterr().out)["warnings"][0]["message"] == "not UTF-8; read as ISO8859-15 (force another with --encoding)"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Dear editor,\nthis is a letter, not a page.\n", "not an HTML page: line 1 starts with text"),
        ("\n\n   {\"id\": 1}", "not an HTML page: line 3 starts with text"),
        ("", "not an HTML page"),
    ],
)
def test_a_html_file_that_is_not_html_is_an_error(tmp_path: Path, content: str, message: str) -> None:
    documents, errors = load(write(tmp_path, "page.html", content))
    assert documents == [] and len(errors) == 1 and errors[0].message.startswith(message)


@pytest.mark.slow
def test_deeply_nested_markup_does_not_crash(tmp_path: Path) -> None:
    page = "<html><body>" + "<div>" * 50_000 + "<p>Deep words here.</p>" + "</div>" * 50_000 + "</body></html>"
    [document], errors = load(write(tmp_path, "deep.html", page))
    assert errors == [] and document.text == "Deep words here."


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ('<div class="byline">Posted by Ned Deily</div>', ["Ned Deily"]),
        ('<p class="author">Author: Julia Hitz</p>', ["Julia Hitz"]),
        ('<span class="byline">By John Walk - January 10, 2020 21 minutes - 4312 words</span>', ["John Walk"]),
        ('<div class="author">Von Markus Balser und Klaus Ott</div>', ["Markus Balser", "Klaus Ott"]),
        ('<div class="byline"><span>by</span></div>', []),
        # a photo's credit is not the article's byline
        ('<figure><img src="a.jpg"><figcaption>Ports shut. <span class="img-author">Mike Blake/Reuters files</span>'
         '</figcaption></figure>', []),
        ('<p class="byline">Photograph by Jane Roe</p>', []),
        # reuters.com's reading time, cnet.de's German time stamp, faz.net's title after the name,
        # zeit.de's "an analysis by"
        ('<div class="byline">Jill Serjeant 4 Min Read</div>', ["Jill Serjeant"]),
        ('<span class="author">Anja Schmoll-Trautmann am 14. Mai 2014, 15:40 Uhr</span>', ["Anja Schmoll-Trautmann"]),
        ('<div class="author">Benjamin Fischer Redakteur</div>', ["Benjamin Fischer"]),
        ('<div class="byline">Eine Analyse von Caspar Schwietering</div>', ["Caspar Schwietering"]),
        # lemire.me's author box: a short biography, then the name again; mercurynews.com's column label
        ('<div class="author">Daniel Lemire A computer science professor at the University of Quebec (TELUQ). '
         'View all posts by Daniel Lemire</div>', ["Daniel Lemire"]),
        ('<span class="byline">Letters To The Editor |</span>', ["Letters To The Editor"]),
        # kulu-media.com: the time stamp and the byline run together by the page's markup
        ('<div class="byline">Published 2 months agoon June 12, 2026By Kulu Media News Desk</div>',
         ["Kulu Media News Desk"]),
    ],
)
def test_byline_elements_as_real_pages_write_them(tmp_path: Path, byline: str, names: list[str]) -> None:
    """Byline elements of real pages (python.org's blog, dw.com, Pluralsight, Süddeutsche,
    Vice, a Postmedia page, National Geographic, reuters.com, cnet.de, faz.net, zeit.de, lemire.me, mercurynews.com, kulu-media.com): the
    names, not the words around them."""
    page = f"<html><body><article>{byline}<p>The council met on Monday and approved the plan.</p></article></body></html>"
    [document], _ = load(write(tmp_path, "page.html", page))
    assert [c.name for c in document.credits if c.kind == "byline"] == names
