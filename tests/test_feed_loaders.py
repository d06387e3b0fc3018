"""Wire feeds: NewsML-G2 and NITF (XML, parsed safely) and ninjs (JSON)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from helpers import CORPUS, REPUBLISHED, REUTERS, read

from reusecheck.cli import main
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


# -- RSS and Atom ------------------------------------------------------------------------
ARTICLE_PARAGRAPHS = [p.strip() for p in read(REPUBLISHED).split("\n\n")[1:] if p.strip()]  # without the header line
TITLE = "Russia tells Aleppo rebels to leave by tonight"


def wordpress_rss(paragraphs: list[str]) -> str:
    """An RSS 2.0 feed as WordPress writes it: the article in CDATA, an escaped excerpt."""
    body = "".join(f"<p>{html.escape(p, quote=False)}</p>\n" for p in paragraphs)
    excerpt = html.escape(f"<p>{paragraphs[0][:80]} [&#8230;]</p>\n<p>The post <a rel=\"nofollow\" "
                          f"href=\"https://example.com/aleppo/\">{TITLE}</a> appeared first on "
                          "<a rel=\"nofollow\" href=\"https://example.com\">Example News</a>.</p>", quote=False)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Example News</title>
  <link>https://example.com</link>
  <item>
    <title>{TITLE}</title>
    <link>https://example.com/aleppo/</link>
    <dc:creator><![CDATA[Web Desk]]></dc:creator>
    <pubDate>Fri, 04 Nov 2016 09:12:00 +0000</pubDate>
    <guid isPermaLink="false">https://example.com/?p=101</guid>
    <description>{excerpt}</description>
    <content:encoded><![CDATA[{body}<p>The post <a rel="nofollow" href="https://example.com/aleppo/">{TITLE}</a> appeared first on <a rel="nofollow" href="https://example.com">Example News</a>.</p>]]></content:encoded>
  </item>
  <item>
    <title>Council approves budget</title>
    <link>https://example.com/budget/</link>
    <author>desk@example.com (Jo Bloggs)</author>
    <pubDate>Thu, 03 Nov 2016 18:00:00 +0000</pubDate>
    <guid>https://example.com/?p=100</guid>
    <description>The council approved its budget on Thursday &amp;amp; set a new rate.</description>
  </item>
</channel>
</rss>
"""


def test_an_rss_feed_gives_one_document_per_item(tmp_path: Path) -> None:
    path = write(tmp_path, "feed.rss", wordpress_rss(ARTICLE_PARAGRAPHS))
    (story, budget), errors = load(path)
    assert errors == []
    assert story.id == f"{path}#https://example.com/?p=101" and story.url == "https://example.com/aleppo/"
    assert story.text.split("\n\n") == [TITLE, *ARTICLE_PARAGRAPHS]  # "The post ... appeared first on" left out
    assert (str(story.date), story.publisher, story.title) == ("2016-11-04", "Example News", TITLE)
    assert [(c.name, c.role) for c in story.credits] == [("Web Desk", "author")]
    # an RSS description is escaped HTML: "&amp;amp;" in the file is "&amp;" in HTML, "&" in the text
    assert budget.text == "Council approves budget\n\nThe council approved its budget on Thursday & set a new rate."
    assert [(c.name, c.role) for c in budget.credits] == [("Jo Bloggs", "author")] and str(budget.date) == "2016-11-03"
    words_map_back(story)
    words_map_back(budget)


def test_an_rss_item_is_checked_like_the_same_text(tmp_path: Path) -> None:
    """The republication as a feed item gets the findings it gets as plain text, at the
    same words, and reports point into the feed file."""
    feed = write(tmp_path, "feed.rss", wordpress_rss(ARTICLE_PARAGRAPHS))
    plain = write(tmp_path, "story.txt", TITLE + "\n\n" + "\n\n".join(ARTICLE_PARAGRAPHS) + "\n")
    checker = Checker()
    store = checker.memory_store([str(REUTERS)])
    found = []
    for path in (feed, plain):
        document = next(iter(checker.load([str(path)], None)))
        result = checker.check_one(checker.analyze(document), [store])
        found.append(sorted((f.rule, document.text[f.candidate_start or 0 : f.candidate_end or 0]) for f in result.findings))
    # and RC108: the feed's dc:creator credits only the site's staff for Reuters copy
    assert found[0] == sorted([*found[1], ("RC108", "Additional reporting by Reuters")])
    assert {rule for rule, _ in found[1]} >= {"RC100", "RC102", "RC104", "RC105"}


def test_an_atom_feed_with_html_and_xhtml_content(tmp_path: Path) -> None:
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Wire</title>
  <author><name>Wire Desk</name></author>
  <entry>
    <title>Ports close as storm nears</title>
    <link rel="alternate" href="https://example.org/ports"/>
    <id>tag:example.org,2016:ports</id>
    <published>2016-09-13T08:00:00Z</published>
    <author><name>Jamie Stengle</name></author>
    <contributor><name>Rebecca Santana</name></contributor>
    <content type="html">&lt;p&gt;Ports closed on Tuesday &amp;amp; ships waited.&lt;/p&gt;&lt;p&gt;&#8220;Nobody moves,&#8221; a pilot said.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Schools stay shut</title>
    <id>tag:example.org,2016:schools</id>
    <updated>2016-09-14T08:00:00Z</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Schools in Galveston stay closed.</p><p>Buses will not run.</p></div></content>
  </entry>
</feed>
"""
    path = write(tmp_path, "wire.atom", atom)
    (ports, schools), errors = load(path)
    assert errors == []
    assert ports.text == "Ports close as storm nears\n\nPorts closed on Tuesday & ships waited.\n\n\u201cNobody moves,\u201d a pilot said."
    assert (ports.id, ports.url, str(ports.date)) == (f"{path}#tag:example.org,2016:ports", "https://example.org/ports", "2016-09-13")
    assert {(c.name, c.role) for c in ports.credits} == {("Jamie Stengle", "author"), ("Rebecca Santana", "contributor")}
    assert schools.text == "Schools stay shut\n\nSchools in Galveston stay closed.\n\nBuses will not run."
    assert ports.publisher == "Example Wire" and str(schools.date) == "2016-09-14"
    assert [(c.name, c.role) for c in schools.credits] == [("Wire Desk", "author")]  # the feed's author
    words_map_back(ports)
    words_map_back(schools)


def test_an_rss_1_feed(tmp_path: Path) -> None:
    rdf = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://example.net/"><title>Example Daily</title></channel>
  <item rdf:about="https://example.net/a">
    <title>Bridge reopens</title>
    <link>https://example.net/a</link>
    <description>The bridge reopened on Monday.</description>
    <dc:creator>Ann Lee</dc:creator>
    <dc:date>2016-11-07T10:00:00Z</dc:date>
  </item>
</rdf:RDF>
"""
    [item], errors = load(write(tmp_path, "daily.xml", rdf))
    assert errors == [] and item.text == "Bridge reopens\n\nThe bridge reopened on Monday."
    assert (item.publisher, str(item.date), [c.name for c in item.credits]) == ("Example Daily", "2016-11-07", ["Ann Lee"])


def test_a_feed_without_items_is_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "empty.rss", '<?xml version="1.0"?><rss version="2.0"><channel><title>X</title></channel></rss>')
    assert main(["check", str(path), "--against", str(REUTERS)]) == 0
    shown = capsys.readouterr()
    assert f"warning: {path}: no documents in it; nothing to compare" in shown.out + shown.err


def test_an_rss_item_with_media_content_is_read_from_its_description(tmp_path: Path) -> None:
    """Yahoo Media RSS puts ``<media:content>`` (an image) in items; it is not the body."""
    rss = """<?xml version="1.0"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Example</title>
<item><title>Bridge reopens</title>
<media:content url="https://example.net/bridge.jpg" medium="image"><media:credit>Jo Bloggs</media:credit></media:content>
<description>&lt;p&gt;The bridge reopened on Monday.&lt;/p&gt;</description></item>
</channel></rss>
"""
    [item], _ = load(write(tmp_path, "media.rss", rss))
    assert item.text == "Bridge reopens\n\nThe bridge reopened on Monday."


def test_media_rss_elements_describe_the_attached_photo_not_the_item(tmp_path: Path) -> None:
    """Media RSS's ``content``, ``title`` and ``description`` (an image, its caption) share
    their local names with the item's own; neither in an Atom entry nor in an RSS item are
    they its title or body."""
    media = ('<media:content url="https://example.net/bridge.jpg" medium="image">'
             "<media:title>Cars queue</media:title><media:credit>REUTERS/Jo Bloggs</media:credit></media:content>")
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
<title>Example</title>
<entry><id>urn:1</id><media:title>A photo of the bridge</media:title><title>Bridge reopens</title>{media}
<content type="html">&lt;p&gt;The bridge reopened on Monday.&lt;/p&gt;</content></entry>
</feed>
"""
    rss = f"""<?xml version="1.0"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Example</title>
<item><media:title>A photo of the bridge</media:title><title>Bridge reopens</title>{media}
<media:description>Cars queue at the bridge.</media:description>
<description>&lt;p&gt;The bridge reopened on Monday.&lt;/p&gt;</description></item>
</channel></rss>
"""
    for name, feed in (("media.atom", atom), ("media.rss", rss)):
        [item], errors = load(write(tmp_path, name, feed))
        assert errors == []
        assert item.text == "Bridge reopens\n\nThe bridge reopened on Monday.", name
        assert item.credits == (), name
        words_map_back(item)


def test_a_ninjs_html_body_that_opens_with_text(tmp_path: Path) -> None:
    """A body_html is a fragment, not a page: it may open with text before any tag."""
    item = {"uri": "urn:3", "headline": "Vote", "body_html": "Polls closed at 8pm. <p>Counting <b>began</b> at once.</p>"}
    [story], errors = load(write(tmp_path, "item.json", json.dumps(item)))
    assert errors == []
    assert story.text == "Vote\n\nPolls closed at 8pm.\n\nCounting began at once."
    words_map_back(story)


@pytest.mark.parametrize(
    ("rights", "credits"),
    [
        ("<copyright>Copyright 2016 Reuters. All rights reserved.</copyright>", {("Reuters", "publisher")}),
        ("<copyright>(c) 2016 Agence France-Presse</copyright>", {("AFP", "publisher")}),
        ("<rights>Copyright © 2016-2024 Thomson Reuters</rights>", {("Reuters", "publisher")}),
        # a newsroom's own copyright names no agency: no credit
        ("<copyright>© 2016 Example News</copyright>", set()),
    ],
)
def test_a_feed_copyright_naming_an_agency_makes_its_items_that_agencys_copy(
        tmp_path: Path, rights: str, credits: set[tuple[str, str]]) -> None:
    """As a NITF ``doc.copyright`` holder does: an agency's own feed marks its items as its copy."""
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{rights}'
            "<item><title>Floods</title><description>Rivers rose across the region overnight.</description></item>"
            "</channel></rss>")
    [story], errors = load(write(tmp_path, "wire.rss", feed))
    assert errors == [] and {(c.name, c.role) for c in story.credits} == credits
