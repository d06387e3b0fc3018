"""Wire feeds: NewsML-G2 and NITF (XML, parsed safely) and ninjs (JSON)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import CORPUS, REUTERS, read

from reusecheck.engine import Checker
from reusecheck.models import Document

NEWSML = CORPUS / "reuters-aleppo-2016-11-02.newsml.xml"
NINJS = CORPUS / "reuters-aleppo-2016-11-02.ninjs.json"


def load(path: Path) -> tuple[list[Document], list]:
    checker = Checker()
    documents = list(checker.load([str(path)], None))
    return documents, checker.errors


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def words_map_back(document: Document) -> None:
    assert document.origin is not None
    for word in re.finditer(r"[A-Za-z0-9]+", document.text):
        at = document.origin.file_offset(word.start())
        assert document.origin.file_text[at : at + len(word.group())] == word.group()


@pytest.mark.parametrize("path", [NEWSML, NINJS])
def test_the_reuters_story_as_a_feed(path: Path) -> None:
    [story], errors = load(path)
    assert errors == []
    plain = [p for p in read(REUTERS).split("\n\n") if not p.startswith("Slideshow")]
    assert story.text.split("\n\n")[:-1] == [p.strip() for p in plain][:-1]
    assert story.text.endswith("(Writing by Denis Pinchuk and Andrew Osborn; Additional reporting by John Davison in "
                               "Beirut; Editing by Gareth Jones)")
    assert str(story.date) == "2016-11-02" and story.title == "Russia tells rebels to leave Syria's Aleppo by Friday evening"
    assert story.publisher == "Thomson Reuters"
    words_map_back(story)


def test_newsml_g2_credits() -> None:
    [story], _ = load(NEWSML)
    assert {(c.name, c.role, c.kind) for c in story.credits} == {
        ("Reuters", "author", "metadata"),  # infoSource, creditline
        ("Denis Pinchuk", "writer", "metadata"), ("Andrew Osborn", "writer", "metadata"),
        ("John Davison", "reporter", "metadata"), ("Gareth Jones", "editor", "metadata"),
        ("Reuters", "publisher", "metadata"),  # copyrightHolder Thomson Reuters
    }


def test_ninjs_credits() -> None:
    [story], _ = load(NINJS)
    assert {(c.name, c.role) for c in story.credits} == {
        ("Denis Pinchuk", "author"), ("Andrew Osborn", "author"), ("Reuters", "author"), ("Reuters", "publisher"),
    }


NITF = """<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE nitf SYSTEM "nitf-3-4.dtd">
<nitf>
 <head><title>Floods</title><docdata><doc.copyright year="2020" holder="Agence France-Presse"/>
  <date.issue norm="20200102T101500Z"/></docdata></head>
 <body>
  <body.head><hedline><hl1>Rivers burst their banks</hl1></hedline>
   <byline>By <person>Marie Dupont</person></byline><distributor>AFP</distributor></body.head>
  <body.content><p>PARIS (AFP) - Rivers rose across the region overnight, caf\xe9 owners said.</p>
   <p>More rain is expected &amp; roads are closed.</p></body.content>
  <body.end><tagline>Editing by Jean Martin</tagline></body.end>
 </body>
</nitf>
"""


def test_nitf(tmp_path: Path) -> None:
    path = tmp_path / "story.xml"
    path.write_bytes(NITF.encode("latin-1"))
    [story], errors = load(path)
    assert errors == []
    assert story.text == ("Rivers burst their banks\n\nPARIS (AFP) - Rivers rose across the region overnight, caf\xe9 owners "
                          "said.\n\nMore rain is expected & roads are closed.\n\nEditing by Jean Martin")
    assert {(c.name, c.role) for c in story.credits} == {("Marie Dupont", "author"), ("AFP", "publisher")}
    assert str(story.date) == "2020-01-02" and story.encoding == "cp1252"
    words_map_back(story)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n'
         "<nitf><body.content><p>&lol2;</p></body.content></nitf>", "XML that declares an entity (<!ENTITY>) at line 2"),
        ('<?xml version="1.0"?>\n<!DOCTYPE nitf [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
         "<nitf><body.content><p>&xxe;</p></body.content></nitf>", "XML that declares an entity"),
        ("<nitf>\n<body.content><p>unclosed</body.content>\n</nitf>", "not well-formed XML at line 2, column 28: mismatched tag"),
        ("<nitf><p>&nbsp;</p></nitf>", "not well-formed XML at line 1, column 10: undefined entity"),
    ],
)
def test_unsafe_or_broken_xml_is_refused_with_the_line(tmp_path: Path, content: str, message: str) -> None:
    documents, errors = load(write(tmp_path, "feed.xml", content))
    assert documents == [] and len(errors) == 1
    assert errors[0].message.startswith(message), errors[0].message


def test_other_xml_and_json_are_read_as_text(tmp_path: Path) -> None:
    [xml], _ = load(write(tmp_path, "notes.xml", "<notes><note>Buy milk</note></notes>"))
    assert xml.text == "<notes><note>Buy milk</note></notes>" and xml.origin is None
    [other], _ = load(write(tmp_path, "data.json", '{"name": "not a news item"}'))
    assert other.origin is None


def test_ninjs_with_html_bodies_and_a_list(tmp_path: Path) -> None:
    items = [
        {"uri": "urn:1", "headlines": [{"value": "First"}], "versioncreated": "2021-05-01T00:00:00Z",
         "bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>One &amp; two.</p><p>Three\u2019s.</p>"}],
         "infosources": [{"name": "Associated Press", "role": "originator"}, {"name": "PA", "role": "contributing"}]},
        {"uri": "urn:2", "body_text": "Plain \"quoted\" body.", "byline": "By Jo Bloggs"},
    ]
    path = write(tmp_path, "items.json", json.dumps(items))
    first, second = load(path)[0]
    assert (first.id, first.text) == (f"{path}#urn:1", "First\n\nOne & two.\n\nThree\u2019s.")
    assert {(c.name, c.role) for c in first.credits} == {("AP", "author"), ("PA Media", "contributor")}
    assert (second.text, [c.name for c in second.credits]) == ('Plain "quoted" body.', ["Jo Bloggs"])
    words_map_back(first)
    words_map_back(second)
