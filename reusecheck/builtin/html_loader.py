"""Built-in loader for HTML pages (``.html``, ``.htm``, ``.xhtml``): one document per page.

The text is the page's main text without boilerplate (`reusecheck.html_content`), or its
JSON-LD ``articleBody`` where that is much longer (a page a script fills in); line and
column in reports are those of the HTML file. Credits, date, title, publisher and
URL come from the page's schema.org JSON-LD and microdata, ``<meta>`` tags and byline
elements (`reusecheck.structured`).
"""

from __future__ import annotations

import reusecheck
from reusecheck.html_content import main_text
from reusecheck.loaders import LoadOptions, declared_encoding, decode
from reusecheck.markup import parse_html
from reusecheck.models import Document
from reusecheck.structured import (
    Metadata,
    json_ld_article_body,
    json_ld_articles,
    microdata_articles,
    read_bylines,
    read_meta_tags,
    read_schema_article,
)

SUFFIXES = (".html", ".htm", ".xhtml")
BODY_FALLBACK = 2
"""A JSON-LD ``articleBody`` this many times longer than the main text found in the markup
is the text (a page a script fills in)."""


@reusecheck.hookimpl
def reusecheck_load_documents(path: str, data: bytes, options: LoadOptions) -> list[Document] | None:
    if not path.lower().endswith(SUFFIXES):
        return None
    file_text, encoding = decode(path, data, options.encoding, declared_encoding(data))
    root = parse_html(path, file_text)
    text, origin = main_text(root, file_text)
    body = json_ld_article_body(root, file_text)
    if body is not None and len(body[0]) >= BODY_FALLBACK * len(text):
        text, origin = body
    metadata = Metadata()
    for item in json_ld_articles(root):
        read_schema_article(item, "JSON-LD", metadata)
    for item in microdata_articles(root):
        read_schema_article(item, "microdata", metadata)
    read_meta_tags(root, metadata)
    read_bylines(root, metadata)
    return [
        Document(
            id=path,
            text=text,
            path=None if path == "-" else path,
            title=metadata.title,
            date=metadata.date or options.default_date,
            publisher=metadata.publisher,
            url=metadata.url,
            credits=tuple(metadata.credits),
            encoding=encoding,
            origin=origin,
        )
    ]
