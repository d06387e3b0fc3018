"""News feeds: RSS 2.0, RSS 1.0 (RDF) and Atom, one document per item or entry.

The text is the item's title and its body: ``content:encoded``, else ``description``
(RSS); ``content``, else ``summary`` (Atom). HTML bodies (escaped or in CDATA, as CMSs
write them) are read like a web page's article (`reusecheck.html_content.main_text`:
"The post ... appeared first on ..." links and share bars dropped); every character
still maps back to its place in the feed file. Credits: ``author``, ``dc:creator``
(author; an Atom entry without one has the feed's), ``contributor`` (Atom), ``source``
(the channel an aggregated item came from, as its author). Date: ``pubDate``, ``dc:date``,
``published``, else ``updated``. The channel's title is the publisher. Media RSS elements
(``media:content``, ``media:title``, ``media:description``) describe an attached photo or
video, not the item: they are never its title, body or credits.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterator
from dataclasses import dataclass

from reusecheck.credits import AUTHOR, CONTRIBUTOR, PUBLISHER, default_agencies
from reusecheck.html_content import embedded_main_text, main_text
from reusecheck.markup import Element, Run, TextBuilder, joined_texts
from reusecheck.models import Origin
from reusecheck.structured import Metadata, parse_date

FEED_TAGS = frozenset({"rss", "RDF", "feed"})
_COPYRIGHT_WORDS = re.compile(r"©|\([cC]\)|\bcopyright\b|\ball rights reserved\b\.?|\b\d{4}(?:\s*[-–]\s*\d{4})?\b",
                              re.IGNORECASE)
# Media RSS's namespace, as its specification writes it and as some feeds do.
_MEDIA_RSS = frozenset({"http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss"})
_EMAIL_AND_NAME = re.compile(r"^\s*\S+@\S+\s*\((?P<name>[^)]+)\)\s*$")  # RSS: "jdoe@example.com (Jane Doe)"


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed: its id within the file, text and where the text lies in it."""

    key: str
    text: str
    origin: Origin
    metadata: Metadata
    url: str | None


def feed_items(top: Element, file_text: str) -> list[FeedItem]:
    """The items of a feed whose root element is ``top`` (one of `FEED_TAGS`)."""
    channel = top.find("channel") if top.tag != "feed" else top
    publisher = _child_text(channel, "title") if channel is not None else ""
    entries = [e for e in top.iter() if e.tag in ("item", "entry")]
    feed_authors = list(_children(top, "author")) if top.tag == "feed" else []  # Atom: entries without one have these
    feed_rights = _rights(channel) if channel is not None else ""
    found = []
    for number, entry in enumerate(entries, start=1):
        text, origin = _entry_text(entry, file_text)
        if not text:
            continue
        metadata = _metadata(entry, feed_authors)
        _credit_copyright_agency(metadata, _rights(entry) or feed_rights)
        metadata.publisher = publisher or None
        url = _link(entry)
        found.append(FeedItem(_child_text(entry, "guid") or _child_text(entry, "id") or url or str(number),
                              text, origin, metadata, url))
    return found


def _children(element: Element, tag: str) -> Iterator[Element]:
    """The child elements named ``tag``, but Media RSS's."""
    return (c for c in element.children if isinstance(c, Element) and c.tag == tag and c.namespace not in _MEDIA_RSS)


def _child(element: Element, tag: str) -> Element | None:
    return next(_children(element, tag), None)


def _child_text(element: Element, tag: str) -> str:
    child = _child(element, tag)
    return child.text() if child is not None else ""


def _link(entry: Element) -> str | None:
    for link in _children(entry, "link"):
        if link.attrs.get("href") and link.attrs.get("rel", "alternate") == "alternate":
            return link.attrs["href"]  # Atom
        if link.text():
            return link.text()  # RSS
    return None


def _metadata(entry: Element, feed_authors: list[Element]) -> Metadata:
    metadata = Metadata()
    for tag, role in (("author", AUTHOR), ("creator", AUTHOR), ("contributor", CONTRIBUTOR)):
        people = list(_children(entry, tag)) or (feed_authors if tag == "author" else [])
        for person in people:
            name = _child_text(person, "name") or person.text()  # Atom <author><name>, RSS text
            found = _EMAIL_AND_NAME.match(name)
            metadata.add(found["name"] if found else name, role, f"feed {tag}")
    source = _child(entry, "source")
    if source is not None:
        metadata.add(_child_text(source, "title") or source.text(), AUTHOR, "feed source")
    for tag in ("pubDate", "date", "published", "updated"):
        if metadata.date is None and (value := _child_text(entry, tag)):
            metadata.date = parse_date(value) or _rfc822_date(value)
    metadata.title = _child_text(entry, "title") or None
    return metadata


def _rights(element: Element) -> str:
    """The copyright statement: RSS ``<copyright>``, Atom ``<rights>``."""
    return _child_text(element, "copyright") or _child_text(element, "rights")


def _credit_copyright_agency(metadata: Metadata, rights: str) -> None:
    """An agency the copyright names as its holder holds the item, as a NITF
    ``doc.copyright`` holder does (an agency's own feed: ``Copyright 2016 Thomson Reuters.
    All rights reserved.``); a newsroom's copyright of its own credits nobody."""
    agency = default_agencies().identify(_COPYRIGHT_WORDS.sub(" ", rights).strip(" ,.;:"))
    if agency is not None:
        metadata.add(agency, PUBLISHER, "feed copyright")


def _rfc822_date(value: str) -> dt.date | None:
    """The date of an RSS ``pubDate`` (``Fri, 04 Nov 2016 10:00:00 GMT``)."""
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def _entry_text(entry: Element, file_text: str) -> tuple[str, Origin]:
    """The title, then the body, as one text with its origin in the feed file."""
    title = TextBuilder(file_text)
    heading = _child(entry, "title")
    for run in heading.children if heading is not None else ():
        if isinstance(run, Run):
            title.add(run)
    parts = [title.build()]
    tags = ("content", "summary") if entry.tag == "entry" else ("encoded", "description")  # Atom, RSS
    body = next((b for tag in tags if (b := _child(entry, tag)) is not None and b.children), None)
    if body is not None:
        parts.append(_body_text(body, file_text))
    return joined_texts([p for p in parts if p[0]], file_text)


def _body_text(body: Element, file_text: str) -> tuple[str, Origin]:
    kind = body.attrs.get("type", "html")
    if kind == "xhtml" or any(isinstance(c, Element) for c in body.children):
        return main_text(Element("article", {}, body.start, body.children), file_text)
    runs = [c for c in body.children if isinstance(c, Run)]
    if kind == "text":
        plain = TextBuilder(file_text)
        for run in runs:
            plain.add(run)
        return plain.build()
    value = "".join(r.text for r in runs)
    positions = [r.start + k if r.linear else r.start for r in runs for k in range(len(r.text))]
    return embedded_main_text(value, positions, file_text)
