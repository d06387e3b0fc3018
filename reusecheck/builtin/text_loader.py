"""Built-in loader for plain text (and any file no other loader claims): one document per file."""

from __future__ import annotations

import reusecheck
from reusecheck.loaders import LoadOptions, decode
from reusecheck.models import Document


@reusecheck.hookimpl(trylast=True)
def reusecheck_load_documents(path: str, data: bytes, options: LoadOptions) -> list[Document]:
    text, encoding = decode(path, data, options.encoding)
    return [
        Document(
            id=path,
            text=text,
            path=None if path == "-" else path,
            date=options.default_date,
            encoding=encoding,
        )
    ]
