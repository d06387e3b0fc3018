"""Credits from structured metadata: schema.org (JSON-LD and microdata) ``NewsArticle``
objects, ``<meta>`` tags, byline elements, and the fields of wire formats (NITF,
NewsML-G2, ninjs), as `Credit` objects of kind ``metadata`` (``byline`` for a page's
visible byline element). They feed the credit rules like the credits found in the text.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from reusecheck.credits import (
    AUTHOR,
    BYLINE,
    CONTRIBUTOR,
    EDITOR,
    METADATA,
    PUBLISHER,
    REPORTER,
    WRITER,
    default_agencies,
    parse_names,
)
from reusecheck.html_content import is_boilerplate, is_byline
from reusecheck.json_strings import lay_out_string, string_positions
from reusecheck.markup import Element, Run, TextBuilder
from reusecheck.models import Credit, Origin

# schema.org CreativeWork properties -> the role they give.
SCHEMA_ROLES = {
    "author": AUTHOR, "creator": AUTHOR, "sourceOrganization": AUTHOR, "creditText": AUTHOR,
    "contributor": CONTRIBUTOR, "editor": EDITOR, "publisher": PUBLISHER, "copyrightHolder": PUBLISHER,
}
_ARTICLE_TYPES = re.compile(r"(?:News|Reportage|Analysis|Opinion|Report|Backgrounder|Review|Scholarly|Tech|Satirical)?"
                            r"(?:Article|BlogPosting|LiveBlogPosting|Report)$")
_MARKUP = re.compile(r"</?[a-zA-Z][^>]*>")
_BY = re.compile(r"^\s*(?:(?:(?:posted|published|written|story|words|(?:eine?\s+)?(?:analyse|kommentar|gastbeitrag))\s+)?"
                 r"(?:by|from|von|par|por)(?:\s+|$)|authors?\s*:\s*)", re.IGNORECASE)  # "Eine Analyse von X" (zeit.de)
# What stands before the name: an author box's biography ("… View all posts by NAME"), a time
# stamp the markup ran into the byline ("Published 2 months agoon June 12, 2026By NAME").
_BEFORE_NAME = re.compile(r"^(?:.*\b[Vv]iew\s+all\s+(?:posts|articles|stories)\s+by\s+"
                          r"|(?:(?:Last\s+)?Updated|(?:First\s+)?Published|Posted)\b.*?\d(?=By\s+[A-Z])By\s+)", re.DOTALL)
# A picture's credit ("Photograph by Jane Roe", "Foto: dpa"), not the article's byline.
_PICTURE_CREDIT = re.compile(r"^\s*(?:photo(?:graph)?s?|pictures?|images?|foto|video)\b", re.IGNORECASE)


@dataclass
class Metadata:
    """What a loader read besides the text: credits, date, title, publisher, URL."""

    credits: list[Credit] = field(default_factory=list)
    date: dt.date | None = None
    title: str | None = None
    publisher: str | None = None
    url: str | None = None

    def add(self, value: str, role: str, label: str, *, kind: str = METADATA, agency: str | None = None) -> None:
        """Credit the people and agencies ``value`` names (``By X and Y``, ``Reuters``)."""
        value = " ".join(value.split())
        if not value or value.startswith(("http://", "https://", "/")):
            return
        value = _BY.sub("", _BEFORE_NAME.sub("", value)).strip(" |·•")
        if not value:  # a byline element that says only "by"
            return
        names = parse_names(value, default_agencies())
        if not names:  # not a person's name by our rules (a desk, a site): credit it whole
            names_found = [(value, agency)]
        else:
            names_found = [(n.name, agency or n.agency) for n in names]
        for name, works_for in names_found:
            credit = Credit(name, role, kind, agency=works_for, evidence=f"{label}: {value}")
            if credit not in self.credits:
                self.credits.append(credit)

    def date_from(self, value: Any) -> None:
        """Take ``value`` as the document's date unless one is known already."""
        if self.date is None:
            self.date = parse_date(value)


def parse_date(value: Any) -> dt.date | None:
    """The date of an ISO 8601 timestamp (``2016-11-02T11:39:00Z``, ``20161102T113900Z``)."""
    if not isinstance(value, str):
        return None
    found = re.match(r"\s*(\d{4})-?(\d{2})-?(\d{2})", value)
    if not found:
        return None
    try:
        return dt.date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return None


def role_of(qualifier: str, default: str) -> str:
    """The role a wire format's role code names (``crol:editor``, ``ctrol1:reporter``)."""
    lowered = qualifier.lower()
    for word, role in (("edit", EDITOR), ("report", REPORTER), ("writ", WRITER), ("contrib", CONTRIBUTOR)):
        if word in lowered:
            return role
    return default


# -- schema.org ---------------------------------------------------------------------------
def _names(value: Any) -> Iterator[tuple[str, str | None]]:
    """(name, organization the person works for) of a schema.org Person/Organization value."""
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            yield item, None
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            employer = item.get("worksFor") or item.get("affiliation")
            works_for = next((n for n, _ in _names(employer)), None) if employer else None
            yield item["name"], works_for


def _is_article(item: dict[str, Any]) -> bool:
    types = item.get("@type", ())
    return any(isinstance(t, str) and _ARTICLE_TYPES.search(t) for t in (types if isinstance(types, list) else [types]))


def read_schema_article(item: dict[str, Any], source: str, into: Metadata) -> None:
    """Credits, date, title and publisher of one schema.org article object."""
    agencies = default_agencies()
    for prop, role in SCHEMA_ROLES.items():
        for name, works_for in _names(item.get(prop)):
            into.add(name, role, f"{prop} ({source})", agency=agencies.identify(works_for) if works_for else None)
    based = item.get("isBasedOn")
    for based_on in based if isinstance(based, list) else [based]:
        if isinstance(based_on, dict):
            for prop in ("author", "creator", "publisher", "sourceOrganization"):
                for name, _ in _names(based_on.get(prop)):
                    into.add(name, AUTHOR, f"isBasedOn {prop} ({source})")
    into.date_from(item.get("datePublished") or item.get("dateCreated"))
    if into.title is None and isinstance(item.get("headline"), str):
        into.title = item["headline"]
    if into.publisher is None:
        into.publisher = next((n for n, _ in _names(item.get("publisher"))), None)
    if into.url is None and isinstance(item.get("url"), str):
        into.url = item["url"]


def _json_ld_objects(data: Any) -> Iterator[dict[str, Any]]:
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            yield item
            if isinstance(item.get("@graph"), list):
                stack.extend(reversed(item["@graph"]))


def json_ld_articles(root: Element) -> Iterator[dict[str, Any]]:
    """The article objects of a page's ``<script type="application/ld+json">`` blocks
    (a block that is not valid JSON is skipped, as search engines do)."""
    for _script, item in _json_ld_articles(root):
        yield item


def _json_ld_articles(root: Element) -> Iterator[tuple[Element, dict[str, Any]]]:
    for script in root.iter():
        if script.tag != "script" or "ld+json" not in script.attrs.get("type", ""):
            continue
        raw = "".join(run.text for run in script.children if not isinstance(run, Element))
        raw = re.sub(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$", "", raw)
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        yield from ((script, item) for item in _json_ld_objects(data) if _is_article(item))


def json_ld_article_body(root: Element, file_text: str) -> tuple[str, Origin] | None:
    """The longest plain-text ``articleBody`` of the page's JSON-LD articles, a paragraph
    per line, mapped to its place in the file (pages whose text a script writes)."""
    found = [(item["articleBody"], script) for script, item in _json_ld_articles(root)
             if isinstance(item.get("articleBody"), str) and not _MARKUP.search(item["articleBody"])]
    if not found:
        return None
    body, script = max(found, key=lambda pair: len(pair[0]))
    runs = [run for run in script.children if isinstance(run, Run)]
    out = TextBuilder(file_text)
    lay_out_string(out, body, string_positions(file_text, body, runs[0].start, runs[-1].start + len(runs[-1].text)), r"\n")
    return out.build()


def _item_value(element: Element) -> Any:
    """A microdata property's value: a nested item's ``name``, else ``content``/``datetime``, else the text."""
    if "itemscope" in element.attrs:
        name = next((e for e in element.iter() if e is not element and e.attrs.get("itemprop") == "name"), None)
        return {"name": _item_value(name) if name else element.text()}
    for attribute in ("content", "datetime"):
        if attribute in element.attrs:
            return element.attrs[attribute]
    return element.text()


def microdata_articles(root: Element) -> Iterator[dict[str, Any]]:
    """Article items marked up with ``itemscope itemtype=".../NewsArticle"`` as dicts of
    their properties (nested items by their ``name``)."""
    for scope in root.iter():
        if "itemscope" not in scope.attrs or not _ARTICLE_TYPES.search(scope.attrs.get("itemtype", "").rstrip("/")):
            continue
        item: dict[str, Any] = {"@type": "Article"}
        stack = [c for c in scope.children if isinstance(c, Element)]
        while stack:
            element = stack.pop()
            for prop in element.attrs.get("itemprop", "").split():
                item.setdefault(prop, []).append(_item_value(element))
            if "itemscope" not in element.attrs:
                stack.extend(c for c in element.children if isinstance(c, Element))
        for prop in ("datePublished", "dateCreated", "headline", "url"):
            if isinstance(item.get(prop), list):
                item[prop] = item[prop][0]
        yield item


# -- <meta> tags and byline elements ----------------------------------------------------------
_META_ROLES = {"author": AUTHOR, "article:author": AUTHOR, "byl": AUTHOR, "dc.creator": AUTHOR,
               "dcterms.creator": AUTHOR, "article:publisher": PUBLISHER, "og:site_name": PUBLISHER}
_META_DATES = ("article:published_time", "datepublished", "date", "dc.date", "dcterms.created")


def read_meta_tags(root: Element, into: Metadata) -> None:
    """``<meta name="author">``, OpenGraph ``article:author``/``article:published_time``,
    ``og:site_name`` (the publisher) and similar tags."""
    for meta in root.findall("meta"):
        key = (meta.attrs.get("property") or meta.attrs.get("name") or "").lower()
        content = meta.attrs.get("content", "")
        if key in _META_ROLES and content:
            if key == "og:site_name":
                into.publisher = into.publisher or content
            into.add(content, _META_ROLES[key], f"<meta {key}>")
        elif key in _META_DATES:
            into.date_from(content)
        elif key in ("og:title", "title") and into.title is None:
            into.title = content or None


def visible_bylines(root: Element) -> list[Element]:
    """Elements a page shows its byline in (`reusecheck.html_content.is_byline`), outside
    boilerplate such as comments."""
    found: list[Element] = []
    stack = [root]
    while stack:
        element = stack.pop()
        if element is not root and (is_boilerplate(element) or element.tag in ("figure", "figcaption")):
            continue  # a picture's caption credits the picture
        if is_byline(element) and element.tag not in ("meta", "link", "body", "html", "article"):
            found.append(element)
            continue
        stack.extend(reversed([c for c in element.children if isinstance(c, Element)]))
    return found


def read_bylines(root: Element, into: Metadata) -> None:
    """Credits of the page's visible byline elements (kind ``byline``)."""
    for element in visible_bylines(root):
        text = element.text()
        if 0 < len(text) <= 200 and not _PICTURE_CREDIT.match(text):
            into.add(text, AUTHOR, "byline", kind=BYLINE)
