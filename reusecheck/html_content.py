"""The main text of a news page, without its boilerplate (our own rules; see
benchmarks/loaders.py and benchmarks/real_pages.py for how they measure against trafilatura).

1. **Container**: the element marked as the article body (``itemprop="articleBody"`` or a
   body class such as ``article-body``), else the ``<article>`` with the most running
   text, else ``<main>``, else the element with the most prose of its own (text and
   paragraphs as direct children, less link text; the parent of a row of ``<div>``
   paragraphs; not the page's header or footer). A candidate with less than `MAIN_SHARE`
   of the text of the largest ``<article>``/``<main>`` is passed over, and so is anything
   inside furniture. Paragraphs just before the container are its lead.
2. **Drop** inside it: scripts, forms, navigation, asides, footers, hidden elements, and
   elements whose class, id or role names boilerplate (share, related, most read,
   newsletter, ads, cookie banners, comments, ...); blocks that are mostly links
   (a "Read more" line, a list of related stories); author biographies. An element named
   as furniture (or an ``<aside>``/``<form>``) that holds at least half of the text
   around it wraps the article and is kept.
3. **Lay out** what is left: each block element a paragraph, ``<br>`` a line break,
   white space collapsed (`reusecheck.markup.TextBuilder`), every stretch mapped back to
   its place in the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from reusecheck.json_strings import string_runs
from reusecheck.markup import Element, Run, TextBuilder, html_fragment
from reusecheck.models import Origin

_DROPPED_TAGS = frozenset(
    "script style noscript template svg iframe form button select input textarea nav aside footer "
    "object embed canvas audio video dialog menu head title".split()
)
BLOCK_TAGS = frozenset(
    "address article blockquote dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li main "
    "ol p pre section table td th tr ul".split()
)
_BOILERPLATE_WORDS = frozenset(
    "nav navbar navigation menu breadcrumb breadcrumbs share sharing social related recommended "
    "recommendations trending popular mostread newsletter subscribe subscription signup promo promotion "
    "ad ads advert advertisement advertising adslot sponsor sponsored cookie cookies consent gdpr banner "
    "comment comments disqus sidebar tags taglist outbrain taboola paywall toolbar skip modal "
    "popup masthead".split()
)
_BOILERPLATE_PAIRS = re.compile(r"most[-_ ]?(?:read|popular|viewed|shared)|more[-_ ]?(?:stories|news|from)|read[-_ ]?more"
                                r"|sign[-_ ]?up|site[-_ ]?(?:header|footer)|you[-_ ]may[-_ ]like", re.IGNORECASE)
_BOILERPLATE_ROLES = frozenset({"navigation", "complementary", "banner", "contentinfo", "search", "dialog", "alert"})
_BODY_CLASSES = re.compile(
    r"(?:^|\s)(?:article[-_]?body|story[-_]?body|articlebody|entry[-_]content|post[-_]content|"
    r"article[-_]content|story[-_]content|article__body|body[-_]text)(?:\s|$)", re.IGNORECASE
)
_BOILERPLATE_TEXT = re.compile(r"^(?:advertisement|advertising|sponsored|story continues below|"
                               r"continue reading|share this article|read more|related(?: posts| articles| stories| topics)?|"
                               r"you (?:might|may) also like|see also|more on this (?:topic|story)|"
                               r"ähnliche (?:beiträge|artikel)|auch interessant|(?:lire|à lire) aussi|"
                               r"sur le même sujet|(?:das|dies|das thema) könnte (?:sie|dich) auch interessieren)\W*$",
                               re.IGNORECASE)
_ADDRESS = re.compile(r"https?://|www\.|\w@\w")
"""A link showing an address (a petition's URL, an email address) is cited, not navigation."""
_AUTHOR_BOX = re.compile(r"(?:^|[\s_-])author", re.IGNORECASE)
AUTHOR_BOX_CHARS = 100
"""An element named for its author holding this much text besides links is the author's
biography, not the article's (a byline is shorter)."""
BYLINE_CLASSES = re.compile(
    r"(?:^|[\s_-])(?:byline|byline__name|author|author-name|article-author|contributor)(?:$|[\s_-])", re.IGNORECASE
)
LINK_SHARE = 0.6
"""A block at least this much link text, shorter than `LINK_BLOCK_CHARS`, is navigation."""
LINK_BLOCK_CHARS = 200
ALL_LINKS = 0.9
"""A block this much link text is navigation (a teaser, a link list) at any length."""
MAIN_SHARE = 1 / 3
"""A marked body or ``<article>`` holding less running text than this share of the largest
``<article>`` or ``<main>`` is not the container (an intro marked as the body, a teaser card)."""
_TEXT_BLOCKS = frozenset("article blockquote dd div li main p pre section td".split())
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_COMMENTS = re.compile(r"(?:^|[\s_-])(?:comments?|disqus)(?:$|[\s_-])", re.IGNORECASE)
_PAGE_EDGE = re.compile(r"(?:^|[\s_-])(?:footer|header)(?:$|[\s_-])", re.IGNORECASE)
LEAD_CHARS = 80
"""A paragraph this long just before the container is its lead (standfirst)."""
PARAGRAPH_ROW = 3
"""This many sibling blocks of one tag and class are paragraphs."""
_WRAPPER_TAGS = frozenset({"aside", "form"})
_MODIFIER = re.compile(r"--\S*")
_PROSE_TAGS = frozenset("p br a b i em strong span font small blockquote q cite abbr".split())


def is_byline(element: Element) -> bool:
    """Is this a byline element (``class="byline"``, ``class="author"``, ``rel="author"``)?"""
    return bool(BYLINE_CLASSES.search(element.attrs.get("class", ""))) or element.attrs.get("rel") == "author"


def _names(element: Element) -> str:
    """The element's class and id, BEM modifiers dropped (``l-outer--nav`` is an ``l-outer``
    that holds the navigation, ``section--ads`` a section with ads in it); a heading's id is
    an anchor made of its words, not a name."""
    attrs = element.attrs
    anchor = element.tag in _HEADINGS
    return _MODIFIER.sub("", f"{attrs.get('class', '')} {'' if anchor else attrs.get('id', '')}")


def _is_marked_furniture(element: Element) -> bool:
    """Does the element's tag, role or visibility mark it as page furniture?"""
    return element.tag in _DROPPED_TAGS or _is_hidden_or_aside(element)


def _is_hidden_or_aside(element: Element) -> bool:
    """Is the element hidden, or does its ARIA role mark it as furniture?"""
    attrs = element.attrs
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    if re.search(r"display\s*:\s*none", attrs.get("style", "")):
        return True
    return attrs.get("role") in _BOILERPLATE_ROLES


def _is_named_furniture(element: Element) -> bool:
    """Do the element's class or id words name page furniture (share, related, ads, ...)?"""
    names = _names(element)
    words = set(re.split(r"[\s_-]+", names.lower()))
    return bool(words & _BOILERPLATE_WORDS) or bool(_BOILERPLATE_PAIRS.search(names))


def is_boilerplate(element: Element) -> bool:
    """Does the element's tag, class, id, role or visibility mark it as page furniture?"""
    return _is_marked_furniture(element) or _is_named_furniture(element)


class Size(NamedTuple):
    """What an element's subtree holds."""

    chars: int
    """text characters"""
    linked: int
    """characters inside links"""
    prose: int
    """characters of running text: in paragraphs (``<p>``, a ``<div>`` or ``<td>`` without
    blocks inside) or directly in a block, not inside links"""
    elements: int
    blocks: int
    """block elements below it"""


Sizes = dict[int, Size]
"""`Size` of every element, by ``id``."""


def _measure(root: Element) -> Sizes:
    """The `Size` of every element's subtree, in one pass from the leaves up."""
    sizes: Sizes = {}
    for element in reversed(list(root.iter())):
        chars = linked = prose = blocks = 0
        count = 1
        for child in element.children:
            if isinstance(child, Run):
                chars += len(child.text.strip())
            elif child.tag not in ("script", "style"):
                size = sizes[id(child)]
                chars, linked, prose = chars + size.chars, linked + size.linked, prose + size.prose
                count, blocks = count + size.elements, blocks + size.blocks + (child.tag in BLOCK_TAGS)
        if element.tag == "a":
            linked, prose = chars, 0
        elif element.tag == "p" or (element.tag in _TEXT_BLOCKS and not blocks):
            prose = chars - linked
        elif element.tag in _TEXT_BLOCKS:
            prose += sum(len(c.text.strip()) for c in element.children if isinstance(c, Run))
        sizes[id(element)] = Size(chars, linked, prose, count, blocks)
    return sizes


def _is_furniture(element: Element, sizes: Sizes, prose: int, *, by_name: bool = True) -> bool:
    """Is the element furniture, in a context holding ``prose`` characters of paragraphs?
    An ``<aside>`` or ``<form>``, or an element whose class or id names furniture, that
    holds at least half of them wraps the text (``l-sidebar-fixed l-article-body``, a
    page-wide form), it is not furniture; comments are, however long."""
    if _is_hidden_or_aside(element) or (element.tag in _DROPPED_TAGS and element.tag not in _WRAPPER_TAGS):
        return True
    if element.tag not in _WRAPPER_TAGS and not (by_name and _is_named_furniture(element)):
        return False
    return not (prose and 2 * sizes[id(element)].prose >= prose) or bool(_COMMENTS.search(_names(element)))


def _outside(body: Element, skip: Callable[[Element], bool]) -> list[Element]:
    """The elements of ``body`` not in one that ``skip`` says to skip, in document order."""
    found: list[Element] = []
    stack = [body]
    while stack:
        element = stack.pop()
        if element is body or not skip(element):
            found.append(element)
            stack.extend(reversed([c for c in element.children if isinstance(c, Element)]))
    return found


def main_container(root: Element, sizes: Sizes) -> Element:
    """The element holding the article's text (see the module docstring, step 1)."""
    body = root.find("body") or root
    page = sizes[id(body)].prose

    def furniture(element: Element) -> bool:  # an <article> or <main> is not furniture by its class words
        return _is_furniture(element, sizes, page, by_name=element.tag not in ("article", "main"))

    elements = _outside(body, furniture)
    levels = [
        [e for e in elements if e.attrs.get("itemprop") == "articleBody" or _BODY_CLASSES.search(e.attrs.get("class", ""))],
        [e for e in elements if e.tag == "article"],
        [e for e in elements if e.tag == "main" or e.attrs.get("role") == "main"],
    ]
    best = [max(candidates, key=lambda e: sizes[id(e)].prose, default=None) for candidates in levels]
    prose = [sizes[id(e)].prose if e is not None else 0 for e in best]
    for level, chosen in enumerate(best):
        if chosen is not None and prose[level] >= MAIN_SHARE * max(prose[level:]):
            return chosen
    return _densest(_outside(body, lambda e: furniture(e) or bool(_PAGE_EDGE.search(_names(e)))), sizes) or body


def _densest(elements: list[Element], sizes: Sizes) -> Element | None:
    """The element with the most prose of its own: text and paragraphs that are its
    direct children, less their link text (a page without article markup); the parent of
    one of a row of same-class ``<div>`` paragraphs. ``elements`` leave out the page's
    header and footer."""
    best, most, parents = None, 0, {}
    for element in elements:
        own = 0
        for child in element.children:
            if isinstance(child, Run):
                own += len(child.text.strip())
            else:
                parents[id(child)] = element
                if child.tag in _PROSE_TAGS:
                    chars, linked, *_ = sizes[id(child)]
                    own += chars - linked
        if own > most:
            best, most = element, own
    parent = parents.get(id(best))
    if best is not None and parent is not None and _one_of_paragraphs(best, parent, sizes):
        return parent
    return best


def _one_of_paragraphs(element: Element, parent: Element, sizes: Sizes) -> bool:
    """Is ``element`` one of several blocks of its tag and class in ``parent``, without
    blocks inside (paragraphs written as ``<div class="para">``, not teasers)?"""
    like = [c for c in parent.children
            if isinstance(c, Element) and c.tag == element.tag and c.attrs.get("class") == element.attrs.get("class")]
    return element.tag in BLOCK_TAGS and not sizes[id(element)].blocks and len(like) >= PARAGRAPH_ROW


def _is_navigation_block(element: Element, sizes: Sizes) -> bool:
    if element.tag not in ("p", "li", "ul", "ol", "div", "section", "h2", "h3", "h4", "h5") or is_byline(element):
        return False
    chars, linked, _, count, _ = sizes[id(element)]
    if chars and linked >= LINK_SHARE * chars and (chars < LINK_BLOCK_CHARS or linked >= ALL_LINKS * chars):
        return not _ADDRESS.search(element.text())
    return chars <= 45 and count <= 8 and bool(_BOILERPLATE_TEXT.match(element.text()))


def _is_author_box(element: Element, sizes: Sizes) -> bool:
    size = sizes[id(element)]
    return size.chars - size.linked >= AUTHOR_BOX_CHARS and bool(_AUTHOR_BOX.search(_names(element)))


def _leads(root: Element, container: Element, sizes: Sizes) -> list[Element]:
    """The paragraphs just before the container, if any: a lead (standfirst) the body's
    markup leaves out. Looked for in the container's parent, or above it while the
    container is all the text of its parent; empty elements and pictures between them are
    skipped, and a block of the container's own tag and class is its peer (a teaser), not
    its lead."""
    parents = {id(c): e for e in root.iter() for c in e.children if isinstance(c, Element)}
    node = container
    while (parent := parents.get(id(node))) is not None and parent.tag != "body" and sizes[id(parent)].chars == sizes[id(node)].chars:
        node = parent
    if parent is None:
        return []
    leads: list[Element] = []
    for child in reversed(parent.children[: next(k for k, c in enumerate(parent.children) if c is node)]):
        if isinstance(child, Run) or not sizes[id(child)].chars or _is_picture(child, sizes):
            if isinstance(child, Run) and child.text.strip():
                break
            continue
        chars, linked, prose, _, _ = sizes[id(child)]
        peer = child.tag == node.tag and child.attrs.get("class") == node.attrs.get("class")
        if (peer or child.tag not in _TEXT_BLOCKS or is_boilerplate(child) or prose < LEAD_CHARS
                or 4 * linked > chars or 5 * prose < 4 * chars):
            break
        leads.append(child)
    return leads[::-1]


def _is_picture(element: Element, sizes: Sizes) -> bool:
    """A figure, or a block with an image and a caption shorter than a lead."""
    return element.tag == "figure" or (sizes[id(element)].chars < LEAD_CHARS and element.find("img") is not None)


def main_text(root: Element, file_text: str) -> tuple[str, Origin]:
    """The article's text and where each stretch of it lies in the file."""
    sizes = _measure(root)
    out = TextBuilder(file_text)
    container = main_container(root, sizes)
    prose = sizes[id(container)].prose
    stack: list[tuple[Iterator[Element | Run], bool]] = [(iter([*_leads(root, container, sizes), *container.children]), False)]
    while stack:
        child = next(stack[-1][0], None)
        if child is None:
            if stack.pop()[1]:
                out.block()
        elif isinstance(child, Run):
            out.add(child)
        elif child.tag == "br":
            out.line_break()
        elif _is_furniture(child, sizes, prose) or _is_navigation_block(child, sizes) or _is_author_box(child, sizes):
            if child.tag in BLOCK_TAGS:
                out.block()
        else:
            is_block = child.tag in BLOCK_TAGS
            if is_block:
                out.block()
            stack.append((iter(child.children), is_block))
    return out.build()


def embedded_main_text(value: str, positions: list[int], file_text: str) -> tuple[str, Origin]:
    """The article text of HTML held in a string of another file (a feed item's escaped
    body, a ninjs ``body_html``), every character mapped to its place in that file
    (``positions``: the file offset of each character of ``value``)."""
    root = html_fragment(value)
    last = len(positions) - 1
    for element in root.iter():
        element.start = positions[min(element.start, last)] if last >= 0 else 0
        moved: list[Element | Run] = []
        for child in element.children:
            if not isinstance(child, Run):
                moved.append(child)
            elif child.linear:  # split where an entity, escape or CDATA boundary of the file falls
                moved.extend(string_runs(value, positions, child.start, child.start + len(child.text)))
            elif child.text:
                moved.append(Run(child.text, positions[child.start], False))
        element.children = moved
    return main_text(Element("article", {}, root.start, root.children), file_text)
