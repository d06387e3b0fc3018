"""Loaders: main-text quality and speed of the HTML loader (against trafilatura, if
installed), and documents per second for each wire format.

Pages are built from Reuters-21578 stories (``../shared/bench/reuters-21578``) in five
page layouts that differ in how they mark the article and its furniture: a semantic
``<article>`` page, class-less ``<div>`` soup, an old table layout, a blog with comments
and a news page with teasers inside the body. The furniture (menus, teasers, comments,
"most read" lists, cookie banners) holds the text of other stories, so words of the
boilerplate also occur in real articles. The gold text of a page is its story.

Quality: precision and recall of the extracted words against the gold words (multisets,
lower case, summed over all pages). Speed: pages per second, best of the repeats, in one
process (parse + main text + metadata for our loader; ``trafilatura.extract`` for it).

    python benchmarks/loaders.py [--stories 20] [--repeats 3]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reuters import read_stories  # noqa: E402

from reusecheck.builtin import html_loader, news_xml_loader, ninjs_loader  # noqa: E402
from reusecheck.loaders import LoadOptions  # noqa: E402

OPTIONS = LoadOptions()


def paragraphs(body: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n(?=\s{2,}\S)", body) if p.strip()]


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def ps(parts: list[str]) -> str:
    return "\n".join(f"<p>{esc(p)}</p>" for p in parts)


def links(titles: list[str]) -> str:
    return "".join(f'<li><a href="/s/{i}">{esc(t)}</a></li>' for i, t in enumerate(titles))


def semantic(title: str, body: list[str], other: list[str], titles: list[str]) -> str:
    return f"""<!doctype html><html><head><title>{esc(title)}</title>
<script type="application/ld+json">{json.dumps({"@type": "NewsArticle", "headline": title, "author": "Staff"})}</script></head>
<body><div class="cookie-notice"><p>This site uses cookies to personalise content and ads.</p><button>OK</button></div>
<header><nav><ul>{links(["Home", "World", "Business", "Markets"])}</ul></nav></header>
<main><article><h1>{esc(title)}</h1><p class="byline">By Staff Writer</p>
<div class="share"><a href="#">Share</a> <a href="#">Tweet</a></div>{ps(body)}
<footer><p>Topics: <a href="/t/1">Markets</a>, <a href="/t/2">Economy</a></p></footer></article>
<aside><h2>Related</h2><ul>{links(titles)}</ul><p>{esc(other[0])}</p></aside></main>
<footer><p>Copyright 1987 Example News. All rights reserved.</p></footer></body></html>"""


def div_soup(title: str, body: list[str], other: list[str], titles: list[str]) -> str:
    text = "<br><br>\n".join(esc(p) for p in body)
    return f"""<html><head><title>{esc(title)}</title></head><body>
<div id="top"><div class="logo">Example Daily</div><div class="links">{" | ".join(f'<a href="/{i}">{esc(t)}</a>' for i, t in enumerate(titles))}</div></div>
<div id="wrap"><div class="col1"><div class="hd">{esc(title)}</div><div class="txt">{text}</div></div>
<div class="col2"><div class="hd">Elsewhere</div><div class="blurb">{esc(other[0])}</div><div class="blurb">{esc(other[1])}</div></div></div>
<div id="bottom">Example Daily, 1 Main Street. <a href="/contact">Contact</a></div></body></html>"""


def table_layout(title: str, body: list[str], other: list[str], titles: list[str]) -> str:
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>{esc(title)}</title></head>
<body><table width="100%"><tr><td class="menu" width="150">{"<br>".join(f'<a href="/{i}">{esc(t)}</a>' for i, t in enumerate(titles))}</td>
<td><font size="+2"><b>{esc(title)}</b></font>{ps(body)}</td>
<td width="200"><div class="box"><b>Sponsored</b><p>{esc(other[0])}</p></div></td></tr></table>
<center><small>(c) Example Wire Services</small></center></body></html>"""


def blog(title: str, body: list[str], other: list[str], titles: list[str]) -> str:
    comments = "".join(f'<div class="c"><span class="who">reader{i}</span><p>{esc(t)}</p></div>' for i, t in enumerate(other))
    return f"""<!DOCTYPE html><html><head><title>{esc(title)}</title><meta name="author" content="Jo Blogger"></head>
<body><div id="page"><div id="masthead"><h1 class="site-title">A Markets Blog</h1><ul class="menu">{links(["About", "Archive"])}</ul></div>
<div class="post"><h2 class="entry-title">{esc(title)}</h2><div class="entry-content">{ps(body)}</div>
<div class="postmeta">Filed under <a href="/c/markets">Markets</a></div></div>
<div id="respond"><h3>3 Responses</h3>{comments}</div>
<div id="secondary"><h3>Recent posts</h3><ul>{links(titles)}</ul></div></div></body></html>"""


def teasers(title: str, body: list[str], other: list[str], titles: list[str]) -> str:
    middle = len(body) // 2
    teaser = f'<div class="inline-teaser"><a href="/s/x"><h4>{esc(titles[0])}</h4><p>{esc(other[0][:160])}</p></a></div>'
    return f"""<!doctype html><html><head><title>{esc(title)}</title>
<meta property="og:site_name" content="Example Times"></head><body>
<div class="site-header"><a href="/">Example Times</a></div>
<div class="story"><h1>{esc(title)}</h1><div class="story-body">{ps(body[:middle])}{teaser}{ps(body[middle:])}
<p class="ad-label">Advertisement</p></div></div>
<div class="rail"><h3>Most popular</h3><ol>{links(titles)}</ol><div class="newsletter">Get the briefing: {esc(other[1][:120])}</div></div>
</body></html>"""


LAYOUTS: dict[str, Callable[[str, list[str], list[str], list[str]], str]] = {
    "semantic": semantic, "div-soup": div_soup, "table": table_layout, "blog": blog, "teasers": teasers,
}


def words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in re.findall(r"\w+", text))


def ours(page: str) -> str:
    [document] = html_loader.reusecheck_load_documents(path="page.html", data=page.encode("utf-8"), options=OPTIONS)
    return document.text


def extractors() -> dict[str, Callable[[str], str]]:
    found: dict[str, Callable[[str], str]] = {"reusecheck": ours}
    try:
        import trafilatura
    except ImportError:
        return found
    found[f"trafilatura {trafilatura.__version__}"] = lambda page: trafilatura.extract(page) or ""
    return found


def nitf(title: str, body: list[str]) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><nitf><head><docdata><date.issue norm="19870302T000000Z"/>'
            f'<doc.copyright holder="Reuters"/></docdata></head><body><body.head><hedline><hl1>{esc(title)}</hl1></hedline>'
            f"<byline>By Staff</byline><distributor>Reuters</distributor></body.head><body.content>{ps(body)}"
            "</body.content></body></nitf>")


def newsml(title: str, body: list[str]) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x">'
            "<rightsInfo><copyrightHolder><name>Reuters</name></copyrightHolder></rightsInfo>"
            "<itemMeta><versionCreated>1987-03-02T00:00:00Z</versionCreated></itemMeta>"
            f'<contentMeta><infoSource role="cRole:source"><name>Reuters</name></infoSource><headline>{esc(title)}</headline>'
            '</contentMeta><contentSet><inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body>'
            f"{ps(body)}</body></html></inlineXML></contentSet></newsItem>")


def ninjs(title: str, body: list[str]) -> str:
    return json.dumps({"uri": "urn:x", "headline": title, "versioncreated": "1987-03-02T00:00:00Z", "by": "Staff",
                       "infosources": [{"name": "Reuters"}], "body_text": "\n\n".join(body)})


def rate(function: Callable[[str], object], inputs: list[str], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for item in inputs:
            function(item)
        best = min(best, time.perf_counter() - start)
    return len(inputs) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=20, help="stories per layout (default 20)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    stories = [s for s in read_stories(min_chars=1500) if len(paragraphs(s.body)) >= 4]
    needed = args.stories * 4
    if len(stories) < needed:
        sys.exit(f"only {len(stories)} stories of 1500+ characters; lower --stories")
    pages: dict[str, list[tuple[str, str]]] = {name: [] for name in LAYOUTS}
    for k in range(args.stories):
        story, others = stories[k], stories[args.stories + 3 * k : args.stories + 3 * k + 3]
        other = [paragraphs(o.body)[0] for o in others]
        titles = [o.title for o in others]
        body = paragraphs(story.body)
        for name, layout in LAYOUTS.items():
            pages[name].append((layout(story.title, body, other, titles), "\n".join(body)))
    all_pages = [page for items in pages.values() for page, _ in items]
    print(f"{len(all_pages)} pages ({args.stories} Reuters-21578 stories x {len(LAYOUTS)} layouts), "
          f"{sum(map(len, all_pages)) / len(all_pages) / 1000:.1f} KB on average\n")
    print("| extractor | layout | precision | recall | F1 |\n|---|---|---|---|---|")
    found = extractors()
    for label, extract in found.items():
        totals = Counter()
        for name, items in pages.items():
            counts = Counter()
            for page, gold in items:
                got, want = words(extract(page)), words(gold)
                counts.update(hit=sum((got & want).values()), got=sum(got.values()), want=sum(want.values()))
            totals.update(counts)
            print(f"| {label} | {name} | {_pr(counts)} |")
        print(f"| {label} | **all** | {_pr(totals)} |")
    print("\n| input | documents/s |\n|---|---|")
    for label, extract in found.items():
        print(f"| HTML page, {label} | {rate(extract, all_pages, args.repeats):.0f} |")
    feeds = {
        "NITF": (news_xml_loader, "story.xml", nitf), "NewsML-G2": (news_xml_loader, "story.xml", newsml),
        "ninjs": (ninjs_loader, "story.json", ninjs),
    }
    for label, (module, path, build) in feeds.items():
        items = [build(s.title, paragraphs(s.body)).encode("utf-8") for s in stories[: args.stories * 5]]
        load = module.reusecheck_load_documents

        def run(data: bytes, load: Callable[..., object] = load, path: str = path) -> object:
            return load(path=path, data=data, options=OPTIONS)

        assert all(run(item) for item in items)
        print(f"| {label} | {rate(run, items, args.repeats):.0f} |")  # type: ignore[arg-type]


def _pr(counts: Counter[str]) -> str:
    precision = counts["hit"] / counts["got"] if counts["got"] else 0.0
    recall = counts["hit"] / counts["want"] if counts["want"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f"{precision:.3f} | {recall:.3f} | {f1:.3f}"


if __name__ == "__main__":
    main()
