"""Markup as loaders see it: a tree of elements whose text runs know their file offsets,
parsed from HTML (`parse_html`, the standard library's tolerant parser) or XML
(`parse_xml`, expat with entity declarations and external entities refused), and
`TextBuilder`, which lays the chosen runs out as plain text (white space collapsed,
blocks as paragraphs) with the `Origin` that maps it back to the file.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import NoReturn
from xml.parsers import expat

import numpy as np

from reusecheck.errors import InputError
from reusecheck.models import Origin


@dataclass
class Run:
    """Character data at ``start`` in the file; ``linear``: copied as is (not an entity)."""

    text: str
    start: int
    linear: bool = True


@dataclass(eq=False)
class Element:
    """An element: its tag (lower case, XML namespace dropped), attributes, start offset
    in the file, children (elements and runs) and its XML namespace's URI ("" for none)."""

    tag: str
    attrs: dict[str, str]
    start: int
    children: list[Element | Run] = field(default_factory=list)
    namespace: str = ""

    def iter(self) -> Iterator[Element]:
        """This element and every element below it, in document order."""
        stack = [self]
        while stack:
            element = stack.pop()
            yield element
            stack.extend(reversed([c for c in element.children if isinstance(c, Element)]))

    def find(self, tag: str) -> Element | None:
        return next((e for e in self.iter() if e.tag == tag), None)

    def findall(self, tag: str) -> list[Element]:
        return [e for e in self.iter() if e.tag == tag]

    def text(self) -> str:
        """All text below this element, white space collapsed."""
        parts: list[str] = []
        stack: list[Element | Run] = [self]
        while stack:
            node = stack.pop()
            if isinstance(node, Run):
                parts.append(node.text)
            elif node.tag not in ("script", "style"):
                stack.extend(reversed(node.children))
        return " ".join("".join(parts).split())


# -- HTML ---------------------------------------------------------------------------------
VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Opening one of these closes an open <p> (as HTML's parsing rules say).
_CLOSES_P = frozenset(
    "address article aside blockquote div dl fieldset figure footer form h1 h2 h3 h4 h5 h6 header hr "
    "main nav ol p pre section table ul".split()
)
_SIBLINGS = {"li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr"}, "td": {"td", "th"},
             "th": {"td", "th"}, "option": {"option"}}
_SCOPES = frozenset({"ul", "ol", "dl", "table", "select"})


class _HTMLTree(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.raw = text
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.root = Element("#document", {}, 0)
        self.stack = [self.root]
        self.open_tags: dict[str, int] = {}  # how many elements of each tag are open
        self.tags = 0

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _close_implied(self, tag: str) -> None:
        if tag in _CLOSES_P and self.open_tags.get("p"):
            self._pop_to("p")
        siblings = _SIBLINGS.get(tag)
        if siblings:
            for depth in range(len(self.stack) - 1, max(0, len(self.stack) - 64), -1):  # bounded: crafted nesting
                name = self.stack[depth].tag
                if name in _SCOPES:
                    break
                if name in siblings:
                    self._truncate(depth)
                    break

    def _truncate(self, depth: int) -> None:
        for element in self.stack[depth:]:
            self.open_tags[element.tag] -= 1
        del self.stack[depth:]

    def _pop_to(self, tag: str) -> None:
        if not self.open_tags.get(tag):
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                self._truncate(depth)
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags += 1
        self._close_implied(tag)
        element = Element(tag, {k: v or "" for k, v in attrs}, self._offset())
        self.stack[-1].children.append(element)
        if tag not in VOID_TAGS:
            self.stack.append(element)
            self.open_tags[tag] = self.open_tags.get(tag, 0) + 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags += 1
        self._close_implied(tag)
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}, self._offset()))

    def handle_endtag(self, tag: str) -> None:
        self.tags += 1
        if tag == "br":  # </br> is read as <br>, as browsers do
            self.stack[-1].children.append(Element("br", {}, self._offset()))
        self._pop_to(tag)

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(Run(data, self._offset()))

    def handle_entityref(self, name: str) -> None:
        start = self._offset()
        closed = self.raw.startswith(";", start + 1 + len(name))
        self.stack[-1].children.append(Run(html.unescape(f"&{name};" if closed else f"&{name}"), start, False))

    def handle_charref(self, name: str) -> None:
        start = self._offset()
        self.stack[-1].children.append(Run(html.unescape(f"&#{name};"), start, False))


def parse_html(path: str, text: str) -> Element:
    """The element tree of an HTML page, text runs with their offsets in ``text``.

    A file that is not markup (it does not start with ``<`` or has no tags) is an `InputError`.
    """
    first = re.search(r"\S", text)
    if first is None or text[first.start()] != "<":
        line = text.count("\n", 0, first.start()) + 1 if first else 1
        raise InputError(f"not an HTML page: line {line} starts with text, not markup; give an HTML file "
                         "or rename it to .txt", path)
    tree = _parsed(text)
    if tree.tags == 0:
        raise InputError("not an HTML page: no tags; give an HTML file or rename it to .txt", path)
    return tree.root


def html_fragment(text: str) -> Element:
    """The element tree of a piece of HTML that need not be a page (a feed item's body)."""
    return _parsed(text).root


def _parsed(text: str) -> _HTMLTree:
    tree = _HTMLTree(text)
    tree.feed(text)
    tree.close()
    return tree


# -- XML ----------------------------------------------------------------------------------
def _refuse(what: str) -> Callable[..., NoReturn]:
    def handler(*_args: object) -> NoReturn:
        raise _Refused(what)

    return handler


class _Refused(Exception):
    pass


def _utf8_to_char(text: str) -> Callable[[int], int]:
    """Byte offsets of ``text`` encoded as UTF-8 -> character offsets."""
    if text.isascii():
        return lambda offset: offset
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    widths = 1 + (points >= 0x80) + (points >= 0x800) + (points >= 0x10000)
    byte_starts = np.concatenate(([0], np.cumsum(widths)))
    return lambda offset: int(np.searchsorted(byte_starts, offset, side="right")) - 1


def parse_xml(path: str, text: str) -> Element:
    """The element tree of an XML document (namespaces apart from tag names).

    Entity declarations (``<!ENTITY``, the "billion laughs" bomb) and external entities
    are refused, never expanded or fetched; a document that is not well formed is an
    `InputError` naming the line and column.
    """
    parser = expat.ParserCreate(encoding="UTF-8", namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _refuse("declares an entity (<!ENTITY>)")
    parser.UnparsedEntityDeclHandler = _refuse("declares an unparsed entity")
    parser.ExternalEntityRefHandler = _refuse("refers to an external entity")
    to_char = _utf8_to_char(text)
    root = Element("#document", {}, 0)
    stack = [root]

    def start(tag: str, attrs: dict[str, str]) -> None:
        namespace, _, name = tag.rpartition("}")
        element = Element(name, {k.rpartition("}")[2]: v for k, v in attrs.items()}, to_char(parser.CurrentByteIndex),
                          namespace=namespace)
        stack[-1].children.append(element)
        stack.append(element)

    def end(_tag: str) -> None:
        stack.pop()

    def data(chunk: str) -> None:
        at = to_char(parser.CurrentByteIndex)
        stack[-1].children.append(Run(chunk, at, text.startswith(chunk, at)))

    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, data
    parser.buffer_text = False
    try:
        parser.Parse(text.encode("utf-8", "surrogatepass"), True)
    except _Refused as exc:
        raise InputError(f"XML that {exc} at line {parser.CurrentLineNumber}: refused, as entities can expand "
                         "without bound or read other files; remove the DOCTYPE's entity declarations", path) from None
    except expat.ExpatError as exc:
        raise InputError(f"not well-formed XML at line {exc.lineno}, column {exc.offset + 1}: "
                         f"{expat.ErrorString(exc.code)}; fix the file", path) from None
    return root


# -- laying text out ------------------------------------------------------------------------
class TextBuilder:
    """Plain text from runs: white space collapsed to one space, `block` boundaries as a
    blank line, `line_break` as a newline; records the `Origin` of every stretch."""

    def __init__(self, file_text: str) -> None:
        self.file_text = file_text
        self.parts: list[str] = []
        self.length = 0
        self.starts: list[int] = []
        self.file_starts: list[int] = []
        self.linear: list[bool] = []
        self._space: int | None = None  # file offset of pending white space
        self._break: str | None = None  # pending separator, mapped to the start of the next text

    def _emit(self, piece: str, at: int, linear: bool) -> None:
        if self.linear and linear and self.linear[-1] and self.file_starts[-1] + self.length - self.starts[-1] == at:
            pass  # continues the previous stretch
        else:
            self.starts.append(self.length)
            self.file_starts.append(at)
            self.linear.append(linear)
        self.parts.append(piece)
        self.length += len(piece)

    def _content(self, piece: str, at: int, linear: bool) -> None:
        if self._break and self.length:
            self._emit(self._break, at, False)
        elif self._space is not None and self.length:
            self._emit(" ", self._space, False)
        self._break = self._space = None
        self._emit(piece, at, linear)

    def add(self, run: Run) -> None:
        """Append a run's text."""
        if not run.linear:
            if run.text.isspace():
                self._space = run.start if self._space is None else self._space
            else:
                self._content(run.text.strip(), run.start, False)
            return
        for match in re.finditer(r"\S+|\s+", run.text):
            at = run.start + match.start()
            if match.group().isspace():
                self._space = at if self._space is None else self._space
            else:
                self._content(match.group(), at, True)

    def block(self) -> None:
        """A paragraph boundary: the next text starts after a blank line."""
        self._break = "\n\n"
        self._space = None

    def line_break(self) -> None:
        """A line break (``<br>``)."""
        if self._break is None:
            self._break = "\n"
        self._space = None

    def build(self) -> tuple[str, Origin]:
        return "".join(self.parts), Origin(self.file_text, tuple(self.starts), tuple(self.file_starts), tuple(self.linear))


def joined_texts(parts: list[tuple[str, Origin]], file_text: str) -> tuple[str, Origin]:
    """Texts extracted from one file, one after the other with a blank line between them
    (mapped to the start of the next text): a headline and a body read apart."""
    text = ""
    starts: list[int] = []
    file_starts: list[int] = []
    linear: list[bool] = []
    for part, origin in parts:
        if text:
            starts.append(len(text))
            file_starts.append(origin.file_starts[0] if origin.file_starts else 0)
            linear.append(False)
            text += "\n\n"
        starts.extend(len(text) + s for s in origin.starts)
        file_starts.extend(origin.file_starts)
        linear.extend(origin.linear)
        text += part
    return text, Origin(file_text, tuple(starts), tuple(file_starts), tuple(linear))


# Elements laid out as paragraphs in XML news bodies (XHTML, NITF), besides HTML's blocks.
XML_BLOCKS = frozenset("p h1 h2 h3 h4 h5 h6 li blockquote pre div table tr dt dd hl1 hl2 tagline byline dateline "
                       "block media-caption note".split())


def lay_out(elements: list[Element], out: TextBuilder, blocks: frozenset[str] = XML_BLOCKS) -> None:
    """Append the text of ``elements`` to ``out``, each block element a paragraph."""
    for element in elements:
        out.block()
        stack = [iter(element.children)]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
            elif isinstance(child, Run):
                out.add(child)
            elif child.tag == "br":
                out.line_break()
            else:
                if child.tag in blocks:
                    out.block()
                stack.append(iter(child.children))
