"""The main text of a news page, without its boilerplate (our own rules; see
benchmarks/loaders.py for how they measure against trafilatura).

1. **Container**: the element marked as the article body (``itemprop="articleBody"`` or a
   body class such as ``article-body``), else the ``<article>`` with the most paragraph
   text, else ``<main>``, else the element with the most prose of its own (text and
   paragraphs as direct children, less link text).
2. **Drop** inside it: scripts, forms, navigation, asides, footers, hidden elements, and
   elements whose class, id or role names boilerplate (share, related, most read,
   newsletter, ads, cookie banners, comments, ...); and blocks that are mostly links
   (a "Read more" line, a list of related stories).
3. **Lay out** what is left: each block element a paragraph, ``<br>`` a line break,
   white space collapsed (`reusecheck.markup.TextBuilder`), every stretch mapped back to
   its place in the file.
"""

from __future__ import annotations

import re

from reusecheck.markup import Element, Run, TextBuilder
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
    "comment comments disqus sidebar widget tags taglist outbrain taboola paywall toolbar skip modal "
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
                               r"continue reading|share this article|read more)\W*$", re.IGNORECASE)
BYLINE_CLASSES = re.compile(
    r"(?:^|[\s_-])(?:byline|byline__name|author|author-name|article-author|contributor)(?:$|[\s_-])", re.IGNORECASE
)
LINK_SHARE = 0.6
"""A block at least this much link text, shorter than `LINK_BLOCK_CHARS`, is navigation."""
LINK_BLOCK_CHARS = 200
ALL_LINKS = 0.9
"""A block this much link text is navigation (a teaser, a link list) at any length."""
_PROSE_TAGS = frozenset("p br a b i em strong span font small blockquote q cite abbr".split())


def is_byline(element: Element) -> bool:
    """Is this a byline element (``class="byline"``, ``class="author"``, ``rel="author"``)?"""
    return bool(BYLINE_CLASSES.search(element.attrs.get("class", ""))) or element.attrs.get("rel") == "author"


def is_boilerplate(element: Element) -> bool:
    """Does the element's tag, class, id, role or visibility mark it as page furniture?"""
    attrs = element.attrs
    if element.tag in _DROPPED_TAGS or "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    if re.search(r"display\s*:\s*none", attrs.get("style", "")):
        return True
    if attrs.get("role") in _BOILERPLATE_ROLES:
        return True
    names = f"{attrs.get('class', '')} {attrs.get('id', '')}"
    words = set(re.split(r"[\s_-]+", names.lower()))
    return bool(words & _BOILERPLATE_WORDS) or bool(_BOILERPLATE_PAIRS.search(names))


def _measure(root: Element) -> dict[int, tuple[int, int, int, int]]:
    """(text characters, characters inside links, characters inside paragraphs, elements)
    of every element's subtree, by ``id``, in one pass from the leaves up."""
    sizes: dict[int, tuple[int, int, int, int]] = {}
    for element in reversed(list(root.iter())):
        chars = linked = para = 0
        count = 1
        for child in element.children:
            if isinstance(child, Run):
                chars += len(child.text.strip())
            elif child.tag not in ("script", "style"):
                c_chars, c_linked, c_para, c_count = sizes[id(child)]
                chars, linked, para, count = chars + c_chars, linked + c_linked, para + c_para, count + c_count
        if element.tag == "a":
            linked = chars
        if element.tag == "p":
            para = chars
        sizes[id(element)] = (chars, linked, para, count)
    return sizes


def main_container(root: Element, sizes: dict[int, tuple[int, int, int, int]]) -> Element:
    """The element holding the article's text (see the module docstring, step 1)."""
    elements = [e for e in root.iter() if not is_boilerplate(e)]
    marked = [e for e in elements if e.attrs.get("itemprop") == "articleBody" or _BODY_CLASSES.search(e.attrs.get("class", ""))]
    for candidates in (marked, [e for e in elements if e.tag == "article"],
                       [e for e in elements if e.tag == "main" or e.attrs.get("role") == "main"]):
        if candidates:
            return max(candidates, key=lambda e: sizes[id(e)][2])
    return _densest(elements, sizes) or root.find("body") or root


def _densest(elements: list[Element], sizes: dict[int, tuple[int, int, int, int]]) -> Element | None:
    """The element with the most prose of its own: text and paragraphs that are its
    direct children, less their link text (a page without article markup)."""
    best, most = None, 0
    for element in elements:
        own = 0
        for child in element.children:
            if isinstance(child, Run):
                own += len(child.text.strip())
            elif child.tag in _PROSE_TAGS:
                chars, linked, _, _ = sizes[id(child)]
                own += chars - linked
        if own > most:
            best, most = element, own
    return best


def _is_navigation_block(element: Element, sizes: dict[int, tuple[int, int, int, int]]) -> bool:
    if element.tag not in ("p", "li", "ul", "ol", "div", "section", "h2", "h3", "h4") or is_byline(element):
        return False
    chars, linked, _, count = sizes[id(element)]
    if chars and linked >= LINK_SHARE * chars and (chars < LINK_BLOCK_CHARS or linked >= ALL_LINKS * chars):
        return True
    return chars <= 40 and count <= 8 and bool(_BOILERPLATE_TEXT.match(element.text()))


def main_text(root: Element, file_text: str) -> tuple[str, Origin]:
    """The article's text and where each stretch of it lies in the file."""
    sizes = _measure(root)
    out = TextBuilder(file_text)
    stack = [(iter(main_container(root, sizes).children), False)]
    while stack:
        child = next(stack[-1][0], None)
        if child is None:
            if stack.pop()[1]:
                out.block()
        elif isinstance(child, Run):
            out.add(child)
        elif child.tag == "br":
            out.line_break()
        elif is_boilerplate(child) or _is_navigation_block(child, sizes):
            if child.tag in BLOCK_TAGS:
                out.block()
        else:
            is_block = child.tag in BLOCK_TAGS
            if is_block:
                out.block()
            stack.append((iter(child.children), is_block))
    return out.build()
