"""Main text of pages laid out as real news sites and blogs lay them out (small pages written
for these tests, each with the structure of a real page the extraction failed on)."""

from __future__ import annotations

import json
import re

import pytest

from reusecheck.builtin import html_loader
from reusecheck.loaders import LoadOptions
from reusecheck.models import Document

STORY = [
    "Rebels in the eastern districts were told on Wednesday to leave the city by Friday evening.",
    "The army said two corridors would stay open for civilians and fighters who lay down their arms.",
    "Aid agencies said they had not been told how the sick and wounded would be moved out of the city.",
    "Residents reached by telephone said shelling had stopped for the first time in a week.",
]
RELATED = "Markets slide as oil prices fall for a third day running after the producers' meeting failed"


def paragraphs(parts: list[str] = STORY) -> str:
    return "".join(f"<p>{p}</p>" for p in parts)


def load(page: str) -> Document:
    documents = html_loader.reusecheck_load_documents(path="page.html", data=page.encode("utf-8"), options=LoadOptions())
    assert documents is not None and len(documents) == 1
    document = documents[0]
    assert document.origin is not None
    for word in re.finditer(r"[A-Za-z0-9]+", document.text):  # every word maps back to itself in the page
        at = document.origin.file_offset(word.start())
        assert page[at : at + len(word.group())] == word.group()
    return document


def assert_story(document: Document, parts: list[str] = STORY) -> None:
    """The story's paragraphs are paragraphs of the text, in order, one after the other."""
    found = document.text.split("\n\n")
    assert any(found[k : k + len(parts)] == parts for k in range(len(found))), document.text


SIDEBAR = f'<div class="l-col__sidebar"><h3>Good deals</h3><p>{RELATED}.</p></div>'


@pytest.mark.parametrize("body_class", [
    "l-sidebar-fixed l-segment l-article-body-segment",  # a layout class naming the sidebar it sits next to
    "o-row c-fixed-sidebar-layout--140--left@lg",
    "share-zone",  # the body wrapped in the share buttons' hover zone
    "widget-area widget-area-group-2col",
])
def test_a_body_whose_class_names_furniture_is_kept_when_it_holds_the_text(body_class: str) -> None:
    page = f"""<html><body><nav><a href="/">Home</a></nav><main><article class="l-main-content">
<h1>Rebels told to leave</h1><div class="{body_class}">{paragraphs()}{SIDEBAR}</div></article></main></body></html>"""
    document = load(page)
    assert_story(document)
    assert RELATED not in document.text and "Good deals" not in document.text


def test_an_article_whose_class_names_ads_is_the_article() -> None:
    page = f"""<html><body><main><article class="article article-ad-marker">{paragraphs()}</article>
<div class="ad-slot"><p>{RELATED}</p></div></main></body></html>"""
    document = load(page)
    assert_story(document)
    assert RELATED not in document.text


def test_bem_modifiers_do_not_name_what_an_element_is() -> None:
    sections = "".join(f'<section class="report__section report__section--ads"><p>{p}</p></section>' for p in STORY)
    page = f"""<html><body><div class="l-outer l-outer--nav"><nav><a href="/">Home</a></nav>
<main class="l-main"><article class="report">{sections}</article></main></div></body></html>"""
    document = load(page)
    assert_story(document)
    assert "Home" not in document.text


def test_teaser_cards_are_not_the_article() -> None:
    cards = "".join(f'<article><a href="/s/{k}"><h3>{RELATED}</h3><p>Teaser {k}</p></a></article>' for k in range(3))
    page = f"""<html><body><main><h1>Child seats tested</h1>{paragraphs()}
<div class="carousel">{cards}</div></main></body></html>"""
    document = load(page)
    assert_story(document)
    assert RELATED not in document.text


def test_teaser_articles_inside_related_posts_are_not_the_article() -> None:
    teasers = "".join(f'<li><article class="post_teaser"><h3><a href="/{k}">Post {k}</a></h3>'
                      f'<div class="excerpt"><p>{RELATED[:40]} ({k})</p></div></article></li>'
                      for k in range(3))
    page = f"""<html><body><section class="single"><div class="wrap"><div id="main"><h1>Ear candy</h1>
<div class="elementor-widget-container">{paragraphs()}</div></div>
<div id="related_posts"><ul>{teasers}</ul></div></div></section></body></html>"""
    document = load(page)
    assert_story(document)
    assert RELATED[:40] not in document.text


def test_a_body_class_on_the_intro_only_does_not_hide_the_rest_of_the_article() -> None:
    page = f"""<html><body><article class="post"><div class="entry_content"><p>An interview about retail.</p></div>
<div class="single_post_content">{paragraphs()}</div></article></body></html>"""
    document = load(page)
    assert document.text.startswith("An interview about retail.")
    assert_story(document)


def test_paragraphs_written_as_divs() -> None:
    text = "".join(f'<div class="para">{p}</div>' for p in STORY)
    page = f"""<html><body><div id="wrapper"><div class="menu"><a href="/">Home</a> | <a href="/w">World</a></div>
<div class="grid"><div class="column-wide"><h1>Nightmare</h1><div class="text">{text}</div></div>
<div class="column-small"><div class="box"><p>{RELATED}.</p></div></div></div></div></body></html>"""
    document = load(page)
    assert document.text.split("\n\n") == STORY


def test_a_blog_post_in_a_blogger_widget() -> None:
    lines = "<br>".join(STORY)
    page = f"""<html><body><div class="main section" id="main"><div class="widget Blog" id="Blog1">
<div class="post hentry"><h3 class="post-title">Python 3.6.0 is now available!</h3>
<div class="post-body entry-content">{lines}</div></div></div></div>
<aside><div class="widget BlogArchive"><ul><li><a href="/2016">2016</a></li></ul></div></aside></body></html>"""
    document = load(page)
    assert document.text.split("\n") == STORY


def test_an_aside_holding_the_whole_article_is_the_article() -> None:
    page = f"""<html><body><main class="content"><aside class="pa pa-direct-content"><h1>Award</h1>{paragraphs()}
</aside></main><aside class="rail"><p>{RELATED}.</p></aside></body></html>"""
    document = load(page)
    assert_story(document)
    assert RELATED not in document.text


def test_a_page_wide_form_is_not_furniture() -> None:
    page = f"""<html><body><form id="aspnetForm" action="/page.aspx"><div class="story">{paragraphs()}</div>
<input type="hidden" name="__VIEWSTATE" value="x"></form></body></html>"""
    assert_story(load(page))


def test_an_author_biography_is_not_article_text_but_the_byline_still_credits() -> None:
    bio = "Jane Doe writes about software, security and the people who build it. You can follow her on Twitter."
    page = f"""<html><body><article><p class="byline">By <span class="author">Jane Doe</span></p>{paragraphs()}
<div class="m-author"><div class="m-author__description">{bio}</div></div></article></body></html>"""
    document = load(page)
    assert_story(document)
    assert bio not in document.text
    assert ("Jane Doe", "byline") in {(c.name, c.kind) for c in document.credits}


@pytest.mark.parametrize("heading", ["You might also like:", "Related posts", "Ähnliche Beiträge", "À lire aussi"])
def test_headings_announcing_related_links_are_dropped(heading: str) -> None:
    page = f"""<html><body><article>{paragraphs()}<h4>{heading}</h4>
<ul><li><a href="/1">{RELATED}</a></li></ul></article></body></html>"""
    document = load(page)
    assert_story(document)
    assert heading not in document.text


def json_ld_page(body: str, *, ensure_ascii: bool) -> str:
    article = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Playbook",
               "author": {"@type": "Person", "name": "Alice Wu"}, "articleBody": body}
    return f"""<!doctype html><html><head><script type="application/ld+json">{json.dumps(article, ensure_ascii=ensure_ascii)}
</script></head><body><div id="app"><div class="author-card"><p>Alice Wu writes about politics.</p></div>
<div class="article-body-placeholder"></div></div><script>window.render()</script></body></html>"""


@pytest.mark.parametrize("ensure_ascii", [False, True])
def test_a_page_whose_text_is_only_in_json_ld_reads_its_article_body(ensure_ascii: bool) -> None:
    body = "\n".join([*STORY, "It is \u201calmost insulting\u201d, she said \u2013 a sign of \u00e9lan / \"hard work\"."])
    document = load(json_ld_page(body, ensure_ascii=ensure_ascii))
    assert document.text.split("\n\n") == body.split("\n")
    assert ("Alice Wu", "author") in {(c.name, c.role) for c in document.credits}


def test_the_article_body_of_json_ld_is_found_however_its_escapes_are_written() -> None:
    body = "\n".join(STORY) + " See http://example.com/a and caf\u00e9."
    page = json_ld_page(body, ensure_ascii=False).replace("http://example.com/a", "http:\\/\\/example.com\\/a")
    page = page.replace("caf\u00e9", "caf\\u00E9")
    document = load(page)
    assert document.text.split("\n\n") == body.split("\n")
    assert page[document.origin.file_offset(0) :].startswith(STORY[0])  # type: ignore[union-attr]


def test_json_ld_article_body_does_not_replace_the_text_of_the_page() -> None:
    page = f"""<html><head><script type="application/ld+json">{json.dumps({"@type": "NewsArticle", "articleBody": STORY[0]})}
</script></head><body><article>{paragraphs()}</article></body></html>"""
    assert_story(load(page))


def test_a_lead_before_the_marked_body_is_part_of_the_text() -> None:
    lead = "The army gave rebels until Friday to leave, the first such ultimatum since the siege began."
    page = f"""<html><body><div class="mod_article"><h1>Ultimatum</h1><div class="intro"><p>{lead}</p></div>
<div class="image"><img src="a.jpg" alt=""><p>Photo: Reuters</p></div>
<div class="article-body">{paragraphs()}</div><div class="related"><p>{RELATED}</p></div></div></body></html>"""
    document = load(page)
    assert document.text.split("\n\n") == [lead, *STORY]


def test_a_teaser_before_a_row_of_teasers_is_not_a_lead() -> None:
    blurbs = f'<div class="blurb">{RELATED} {RELATED}</div>'
    page = f"""<html><body><div class="col2">{blurbs}<div class="blurb">{" ".join(STORY * 2)}</div></div></body></html>"""
    assert load(page).text == " ".join(STORY * 2)


def test_a_heading_whose_anchor_id_has_a_furniture_word_is_kept() -> None:
    page = f"""<html><body><article>{paragraphs(STORY[:2])}<h3 id="nav_only_the_foil_stays">Only the foil stays</h3>
{paragraphs(STORY[2:])}</article></body></html>"""
    assert load(page).text.split("\n\n") == [*STORY[:2], "Only the foil stays", *STORY[2:]]


def test_a_paragraph_citing_an_address_is_not_navigation() -> None:
    page = f"""<html><body><article>{paragraphs()}<p><a href="http://www.example.org/p/1">http://www.example.org/p/1</a></p>
<p>Write to <a href="mailto:desk@example.org">desk@example.org</a></p><p><a href="/more">Read more</a></p></article></body></html>"""
    assert load(page).text.split("\n\n") == [*STORY, "http://www.example.org/p/1", "Write to desk@example.org"]


def test_the_page_footer_is_not_the_article() -> None:
    about = " ".join(["Boing Boing is published under a Creative Commons license except where otherwise noted."] * 3)
    page = f"""<html><body><div id="container"><div id="headline"><h1>Millennials</h1></div>
<div id="story"><p>{STORY[0]}</p><p>{STORY[1]}</p></div></div>
<div id="footer" class="clearfix"><div id="footer-left"><p>{about}</p><p>{about}</p></div></div></body></html>"""
    assert load(page).text.split("\n\n") == STORY[:2]


def test_a_lead_before_the_wrapper_of_the_body() -> None:
    lead = "Berlin has begun a five-year project to examine how the city remembers its colonial past and its victims."
    page = f"""<html><body><div class="col3"><h1>Colonial past</h1><p class="intro">{lead}</p>
<div class="sharing-bar"><a href="/s"><img src="s.png" alt=""></a></div><div class="picBox"><img src="p.jpg" alt=""></div>
<div class="group"><div class="longText">{paragraphs()}</div></div>
<div class="group"><ul><li><a href="/1">{RELATED}</a></li></ul></div></div></body></html>"""
    assert load(page).text.split("\n\n") == [lead, *STORY]


def test_comments_longer_than_the_article_are_not_its_text() -> None:
    comments = "".join(f"<li><p>{p} {p}</p></li>" for p in STORY)
    page = f"""<html><body><article>{paragraphs(STORY[:2])}<div id="comments">
<ol class="commentlist">{comments}</ol></div></article></body></html>"""
    assert load(page).text.split("\n\n") == STORY[:2]
