"""Built-in loader for wire XML and news feeds (``.xml``, ``.nitf``, ``.newsml``, ``.rss``,
``.atom``): NewsML-G2, NITF, and RSS and Atom feeds (`reusecheck.feeds`: one document per
item).

- **NewsML-G2** (``newsItem``, or a ``newsMessage`` of several): the text is the headline
  and the ``inlineXML``/``inlineData`` body; credits from ``creator`` and ``contributor``
  (their ``role``), ``infoSource`` (its ``role``), ``creditline``, ``copyrightHolder``
  and ``by``; the date from ``contentCreated``, else ``firstCreated``, else ``versionCreated``.
- **NITF** (``nitf``): the text is ``hl1`` and ``body.content`` and ``body.end``
  (taglines); credits from ``byline``, ``distributor``, ``doc.copyright holder``; the date
  from ``date.issue``.

Parsing refuses entity declarations and external entities (`reusecheck.markup.parse_xml`).
An XML file of another kind is left to the plain-text loader; one that is not well formed
is an error naming the line. Line and column in reports are those of the XML file.
"""

from __future__ import annotations

import reusecheck
from reusecheck.credits import AUTHOR, CONTRIBUTOR, PUBLISHER
from reusecheck.feeds import FEED_TAGS, feed_items
from reusecheck.loaders import LoadOptions, declared_encoding, decode
from reusecheck.markup import Element, TextBuilder, lay_out, parse_xml
from reusecheck.models import Document, Origin
from reusecheck.structured import Metadata, role_of

SUFFIXES = (".xml", ".nitf", ".newsml", ".rss", ".atom")


@reusecheck.hookimpl
def reusecheck_load_documents(path: str, data: bytes, options: LoadOptions) -> list[Document] | None:
    if not path.lower().endswith(SUFFIXES):
        return None
    file_text, encoding = decode(path, data, options.encoding, declared_encoding(data))
    root = parse_xml(path, file_text)
    top = next((c for c in root.children if isinstance(c, Element)), None)
    if top is None:
        return None
    if top.tag in FEED_TAGS:
        entries = feed_items(top, file_text)
        items = [(path if len(entries) == 1 else f"{path}#{e.key}", e.text, e.origin, e.metadata, e.url) for e in entries]
    elif top.tag == "nitf":
        items = [(path, *_laid_out(*_nitf(top), file_text), None)]
    elif top.tag in ("newsItem", "newsMessage"):
        found = top.findall("newsItem")
        items = [(path if len(found) == 1 else f"{path}#{item.attrs.get('guid', index)}",
                  *_laid_out(*_newsml_item(item), file_text), None)
                 for index, item in enumerate(found, start=1)]
    else:
        return None
    return [
        Document(
            id=doc_id, text=text, path=None if path == "-" else path, title=metadata.title,
            date=metadata.date or options.default_date, publisher=metadata.publisher, url=url,
            credits=tuple(metadata.credits), encoding=encoding, origin=origin,
        )
        for doc_id, text, origin, metadata, url in items
    ]


def _laid_out(body: list[Element], metadata: Metadata, file_text: str) -> tuple[str, Origin, Metadata]:
    builder = TextBuilder(file_text)
    lay_out(body, builder)
    text, origin = builder.build()
    return text, origin, metadata


def _text(element: Element | None) -> str:
    return element.text() if element is not None else ""


def _name(element: Element) -> str:
    """A NewsML-G2 party's name: its ``<name>``, else its ``literal``, else its text."""
    name = element.find("name")
    return _text(name) or element.attrs.get("literal", "") or element.text()


def _newsml_item(item: Element) -> tuple[list[Element], Metadata]:
    metadata = Metadata()
    meta = item.find("contentMeta") or item
    for creator in meta.findall("creator"):
        metadata.add(_name(creator), role_of(creator.attrs.get("role", ""), AUTHOR), "NewsML-G2 creator")
    for contributor in meta.findall("contributor"):
        metadata.add(_name(contributor), role_of(contributor.attrs.get("role", ""), CONTRIBUTOR), "NewsML-G2 contributor")
    for source in meta.findall("infoSource"):
        role = source.attrs.get("role", "")
        metadata.add(_name(source), CONTRIBUTOR if "contrib" in role.lower() else AUTHOR,
                     f"NewsML-G2 infoSource{f' ({role})' if role else ''}")
    for line in (*meta.findall("creditline"), *meta.findall("by")):
        metadata.add(line.text(), AUTHOR, f"NewsML-G2 {line.tag}")
    for holder in item.findall("copyrightHolder"):
        metadata.add(_name(holder), PUBLISHER, "NewsML-G2 copyrightHolder")
        metadata.publisher = metadata.publisher or _name(holder)
    for field in ("contentCreated", "firstCreated", "versionCreated"):
        metadata.date_from(_text(item.find(field)))
    headline = meta.find("headline")
    metadata.title = _text(headline) or None
    bodies = [e for e in item.iter() if e.tag in ("inlineXML", "inlineData")]
    content = [b.find("body") or b for b in bodies]
    return ([headline] if headline is not None else []) + content, metadata


def _nitf(nitf: Element) -> tuple[list[Element], Metadata]:
    metadata = Metadata()
    for byline in nitf.findall("byline"):
        metadata.add(byline.text(), AUTHOR, "NITF byline")
    for distributor in nitf.findall("distributor"):
        metadata.add(distributor.text(), PUBLISHER, "NITF distributor")
    for copyright in nitf.findall("doc.copyright"):
        holder = copyright.attrs.get("holder", "")
        metadata.add(holder, PUBLISHER, "NITF doc.copyright holder")
        metadata.publisher = metadata.publisher or holder or None
    issue = nitf.find("date.issue")
    if issue is not None:
        metadata.date_from(issue.attrs.get("norm", "") or issue.text())
    headline = nitf.find("hl1")
    metadata.title = _text(headline) or None
    parts = [headline, nitf.find("body.content"), nitf.find("body.end")]
    return [p for p in parts if p is not None], metadata
