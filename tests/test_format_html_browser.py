"""The HTML report in headless Chromium: passages highlighted on both sides, clicking and
n/p keys scroll the other side, injected markup stays text, nothing loads from outside.

Skips (naming what is missing) where Chromium, chromedriver or selenium are absent; in CI
(CI=true or REUSECHECK_REQUIRE_SHARED) they must be there and the tests fail instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import chromium
import pytest
from helpers import REPUBLISHED, REUTERS, read, shared_path
from html_dom import squash
from test_format_html import PAYLOADS

import reusecheck
from reusecheck.builtin.html_format import numbered_passages
from reusecheck.formats import RenderContext
from reusecheck.plugins import load_plugins

pytestmark = pytest.mark.slow  # a real browser

PLUGINS = load_plugins(autoload=False)


def need_browser() -> None:
    """Skip naming what is missing; in CI, fail instead."""
    absent = chromium.missing()
    if absent is not None:
        if chromium.required():
            pytest.fail(f"the browser tests must run in CI, but {absent} is missing")
        pytest.skip(f"no headless browser: {absent} is missing")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    need_browser()
    driver = chromium.start()
    yield driver
    chromium.stop(driver)


def open_report(browser: Any, folder: Path, candidates: list[str], sources: list[str], name: str = "report.html") -> reusecheck.Report:
    report = reusecheck.check(candidates, sources, plugins=PLUGINS)
    path = folder / name
    path.write_text(PLUGINS.formats["html"].output(report, RenderContext(PLUGINS.rules)), encoding="utf-8")
    browser.get(path.as_uri())
    return report


def pieces_text(browser: Any, pane: str, number: int) -> str:
    return str(browser.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(m => m.textContent).join(' ')",
        f'.{pane} mark[data-p="{number}"]',
    ))


def visible_in_pane(browser: Any, element_id: str) -> bool:
    """Whether the element's top lies inside its scrolling pane's visible area."""
    return bool(browser.execute_script(
        """const el = document.getElementById(arguments[0]), pane = el.closest('.pane');
        const r = el.getBoundingClientRect(), p = pane.getBoundingClientRect();
        return r.top >= p.top - 1 && r.top < p.bottom && el.getClientRects().length > 0;""",
        element_id,
    ))


def click(browser: Any, element_id: str) -> None:
    element = browser.find_element("id", element_id)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def test_founding_pair_passages_are_highlighted_on_both_sides(browser: Any, tmp_path: Path) -> None:
    report = open_report(browser, tmp_path, [str(REPUBLISHED)], [str(REUTERS)])
    [result] = report.results
    assert browser.execute_script("return document.documentElement.classList.contains('js')")  # the script ran under the CSP
    colours = []
    for n in numbered_passages(result):
        p = n.passage
        assert squash(pieces_text(browser, "cand-pane", n.number)) == squash(result.candidate.text[p.candidate_start : p.candidate_end])
        assert squash(pieces_text(browser, "src-pane", n.number)) == squash(n.match.source.text[p.source_start : p.source_end])
        left, right = (
            browser.execute_script("return getComputedStyle(document.getElementById(arguments[0])).backgroundColor", f"c1-{side}-p{n.number}")
            for side in "cs"
        )
        assert left == right and left not in ("rgba(0, 0, 0, 0)", "transparent")
        colours.append(left)
    assert len(set(colours)) == len(colours) == 2
    browser.save_screenshot(str(tmp_path / "founding-pair.png"))
    assert (tmp_path / "founding-pair.png").stat().st_size > 10_000


def test_clicking_a_passage_scrolls_the_other_side_to_it(browser: Any, tmp_path: Path) -> None:
    open_report(browser, tmp_path, [str(REPUBLISHED)], [str(REUTERS)])
    browser.execute_script("document.querySelectorAll('.pane').forEach(p => p.scrollTop = 0)")
    assert not visible_in_pane(browser, "c1-s-p2")
    click(browser, "c1-c-p2")
    assert visible_in_pane(browser, "c1-s-p2")
    assert browser.execute_script("return document.querySelector('.src-pane').scrollTop") > 0
    current = browser.execute_script("return Array.from(document.querySelectorAll('mark.cur')).map(m => m.dataset.p)")
    assert set(current) == {"2"} and len(current) >= 2  # both sides
    browser.execute_script("const p = document.querySelector('.cand-pane'); p.scrollTop = p.scrollHeight")
    assert not visible_in_pane(browser, "c1-c-p1")
    click(browser, "c1-s-p1")
    assert visible_in_pane(browser, "c1-c-p1")
    browser.save_screenshot(str(tmp_path / "after-click.png"))


def test_n_and_p_keys_step_through_the_passages(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    open_report(browser, tmp_path, [str(REPUBLISHED)], [str(REUTERS)])

    def press(key: str) -> list[str]:
        ActionChains(browser).send_keys(key).perform()
        return list(browser.execute_script("return Array.from(new Set(Array.from(document.querySelectorAll('mark.cur')).map(m => m.dataset.p)))"))

    assert press("n") == ["1"]
    assert press("n") == ["2"] and visible_in_pane(browser, "c1-s-p2") and visible_in_pane(browser, "c1-c-p2")
    assert press("n") == ["2"]  # the last passage stays current
    assert press("p") == ["1"] and visible_in_pane(browser, "c1-s-p1")


def test_injected_markup_does_not_run_and_nothing_is_loaded(browser: Any, tmp_path: Path) -> None:
    story = read(REUTERS)
    source = tmp_path / "source <b onmouseover=alert(1)>.txt"
    source.write_text(story + "\n" + "\n".join(PAYLOADS) + "\n", encoding="utf-8")
    candidate = tmp_path / "<img src=x onerror=window.pwned=1>.txt"
    candidate.write_text("\n".join(PAYLOADS) + "\n" + story.split("\n\n", 2)[2] + "\n" + "\n".join(PAYLOADS), encoding="utf-8")
    open_report(browser, tmp_path, [str(candidate)], [str(source)])
    for element in browser.find_elements("css selector", "mark.p[id]"):  # click every passage
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
    state = browser.execute_script(
        """return {pwned: typeof window.pwned, scripts: document.scripts.length,
        embedded: document.querySelectorAll('img, iframe, object, embed, svg[onload]').length,
        js: document.querySelectorAll('a[href^="javascript:" i]').length, text: document.body.innerText,
        loads: performance.getEntriesByType('resource').length}"""
    )
    assert state["pwned"] == "undefined"
    assert state["scripts"] == 1 and state["embedded"] == 0 and state["js"] == 0 and state["loads"] == 0
    for payload in PAYLOADS:
        assert payload in state["text"]
    assert candidate.name in state["text"]


def test_the_report_reads_without_javascript(tmp_path: Path) -> None:
    need_browser()
    driver = chromium.start(javascript=False)
    try:
        report = open_report(driver, tmp_path, [str(REPUBLISHED)], [str(REUTERS)])
        assert not driver.find_element("tag name", "html").get_attribute("class")  # the script did not run
        [result] = report.results
        for n in numbered_passages(result):
            for side in "cs":
                assert driver.find_element("id", f"c1-{side}-p{n.number}").is_displayed()
        driver.find_element("css selector", 'a.pn[href="#c1-s-p2"]').click()  # plain links still jump
        assert driver.current_url.endswith("#c1-s-p2") and visible_in_pane(driver, "c1-s-p2")
        driver.save_screenshot(str(tmp_path / "no-javascript.png"))
    finally:
        chromium.stop(driver)


def test_source_picker_and_sorting_with_several_sources(browser: Any, tmp_path: Path) -> None:
    wikipedia = shared_path("eval", "clough-stevenson-2011", "orig_taska.txt")
    reuters = read(REUTERS).split("\n\n")
    mixed = tmp_path / "mixed.txt"
    mixed.write_text("\n\n".join([*reuters[1:4], read(wikipedia).strip(), *reuters[4:6]]) + "\n", encoding="utf-8")
    report = open_report(browser, tmp_path, [str(mixed), str(REPUBLISHED)], [str(REUTERS), str(wikipedia)])
    result = report.results[0]
    assert len(result.matches) == 2

    def shown() -> list[bool]:
        return list(browser.execute_script(
            "return Array.from(document.querySelectorAll('#c1 .src')).map(s => getComputedStyle(s).display !== 'none')"))

    assert shown() == [True, False]
    other = next(n for n in numbered_passages(result) if n.source_number == 2)
    click(browser, f"c1-c-p{other.number}")
    assert shown() == [False, True] and visible_in_pane(browser, f"c1-s-p{other.number}")
    browser.find_element("css selector", '#c1 .picker button[data-src="1"]').click()
    assert shown() == [True, False]
    assert browser.find_element("css selector", '#c1 .picker button[data-src="1"]').get_attribute("aria-pressed") == "true"

    def column(index: int) -> list[str]:
        return list(browser.execute_script(
            "return Array.from(document.querySelectorAll('table.overview tbody tr')).map(r => r.cells[arguments[0]].dataset.v ?? r.cells[arguments[0]].textContent)", index))

    browser.execute_script("window.scrollTo(0, 0)")
    browser.find_element("css selector", 'th button[data-col="3"]').click()
    ascending = [float(v) for v in column(3)]
    assert ascending == sorted(ascending)
    browser.find_element("css selector", 'th button[data-col="3"]').click()
    assert [float(v) for v in column(3)] == sorted(ascending, reverse=True)
    browser.find_element("css selector", 'th button[data-col="1"]').click()
    assert column(1) == sorted(column(1))


def test_printing_keeps_both_columns_and_all_the_text(browser: Any, tmp_path: Path) -> None:
    open_report(browser, tmp_path, [str(REPUBLISHED)], [str(REUTERS)])
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        layout = browser.execute_script(
            """const cols = getComputedStyle(document.querySelector('.cols')).gridTemplateColumns.split(' ');
            const panes = Array.from(document.querySelectorAll('.pane')).map(p => [getComputedStyle(p).overflowY, p.scrollHeight - p.clientHeight]);
            const [c, s] = ['c1-c-p1', 'c1-s-p1'].map(i => document.getElementById(i).getBoundingClientRect());
            return {cols, panes, side: c.right <= s.left, colour: getComputedStyle(document.getElementById('c1-c-p1')).printColorAdjust};"""
        )
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert len(layout["cols"]) == 2 and layout["side"]  # candidate left, source right
    assert all(overflow == "visible" and hidden <= 1 for overflow, hidden in layout["panes"])  # nothing cut off
    assert layout["colour"] == "exact"
    pdf = browser.print_page()
    assert len(pdf) > 10_000
