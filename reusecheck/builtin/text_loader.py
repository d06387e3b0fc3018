"""Built-in loader for plain text (and any file no other loader claims): one document per file.

The document's date is the one the text gives itself (Markdown front matter ``date:``, or
a leading ``date 2016-11-04 …`` line), else the run's default (``--candidate-date`` /
``--source-date``).
"""

from __future__ import annotations

import reusecheck
from reusecheck.loaders import LoadOptions, decode
from reusecheck.models import Document
from reusecheck.temporal import text_date


@reusecheck.hookimpl(trylast=True)
def reusecheck_load_documents(path: str, data: bytes, options: LoadOptions) -> list[Document]:
    text, encoding = decode(path, data, options.encoding)
    return [
        Document(
            id=path,
            text=text,
            path=None if path == "-" else path,
            date=text_date(text) or options.default_date,
            encoding=encoding,
        )
    ]
