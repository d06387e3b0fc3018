"""Credit extraction: every pattern (datelines, header lines, bylines and credit tails,
in-body attribution, web residue, metadata) for every agency and role, and the tricky
cases (an agency only as quote source, "AP" inside other words, a story about Reuters)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import REPUBLISHED, REUTERS, blocks, read, section, shared_path

import reusecheck
from reusecheck.builtin.credit_extractors import EXTRACTORS
from reusecheck.cli import main
from reusecheck.credits import (
    AgencyList,
    credited_agencies,
    default_agencies,
    extract_credits,
    load_agencies,
    parse_names,
    principal_agencies,
)
from reusecheck.engine import Checker
from reusecheck.errors import UsageError
from reusecheck.models import Credit, Document
from reusecheck.temporal import text_date


def credits_of(text: str, agencies: AgencyList | None = None, **metadata: object) -> list[Credit]:
    return list(extract_credits(Document("doc", text, **metadata), EXTRACTORS, agencies))  # type: ignore[arg-type]


def summary(text: str, agencies: AgencyList | None = None) -> set[tuple[str, str, str, str | None]]:
    """(name, role, kind, agency) of every credit found in ``text``."""
    return {(c.name, c.role, c.kind, c.agency) for c in credits_of(text, agencies)}


def test_every_credit_spans_its_evidence() -> None:
    for path in (REUTERS, REPUBLISHED):
        text = read(path)
        for credit in credits_of(text):
            assert credit.start is not None and credit.end is not None
            assert text[credit.start : credit.end] == credit.evidence


# -- datelines ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "agency", "place"),
    [
        ("MOSCOW (Reuters) - Russia said", "Reuters", "MOSCOW"),
        ("RALEIGH, N.C. (AP) — Lawmakers said", "AP", "RALEIGH, N.C."),
        ("PARIS, Jan 1 (AFP) - France said", "AFP", "PARIS"),
        ("(Bloomberg) -- Stocks fell", "Bloomberg", None),
        ("Berlin (dpa) - Die Regierung", "dpa", "Berlin"),
        ("LONDON (PA) - Ministers said", "PA Media", "LONDON"),
        ("WASHINGTON (UPI) -- Congress said", "UPI", "WASHINGTON"),
        ("ROMA (ANSA) - Il governo", "ANSA", "ROMA"),
        ("MADRID (EFE) - El Gobierno", "EFE", "MADRID"),
        ("TOKYO (Kyodo) -- Japan said", "Kyodo", "TOKYO"),
        ("BEIJING (Xinhua) -- China said", "Xinhua", "BEIJING"),
        ("MOSCOW (TASS) - Russia said", "TASS", "MOSCOW"),
        ("ANKARA (AA) - Turkey said", "Anadolu", "ANKARA"),
        ("WASHINGTON, Nov 2 (REUTERS) - U.S. officials", "Reuters", "WASHINGTON"),
        # a dated dateline without a place: Reuters' company news, AP's national stories
        ("Nov 4 (Reuters) - Tesla Inc said", "Reuters", None),
        ("Nov. 4, 2024 (AP) — Officials said", "AP", None),
    ],
)
def test_dateline_credits_the_agency_as_author(line: str, agency: str, place: str | None) -> None:
    text = f"Headline\n\n{line} on Tuesday.\n"
    [credit] = [c for c in credits_of(text) if c.kind == "dateline"]
    assert (credit.name, credit.role, credit.agency, credit.place) == (agency, "author", agency, place)
    assert credit.evidence == re.match(r".*?\)\s*(?:--|—|-)", line).group()  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("line", "agency", "place", "evidence"),
    [
        ("New Delhi, Nov 4 (PTI) The Supreme Court", "PTI", "New Delhi", "New Delhi, Nov 4 (PTI)"),
        ("Washington, Nov 4 (IANS) US officials", "IANS", "Washington", "Washington, Nov 4 (IANS)"),
        ("MOSCOW, November 4. /TASS/. Russia's", "TASS", "MOSCOW", "MOSCOW, November 4. /TASS/."),
        # ANI names the country in brackets and puts a colon after the agency
        ("New Delhi [India], November 4 (ANI): The Supreme Court", "ANI", "New Delhi",
         "New Delhi [India], November 4 (ANI):"),
    ],
)
def test_datelines_of_agencies_that_write_no_dash(line: str, agency: str, place: str, evidence: str) -> None:
    """PTI and IANS put no dash after a dated dateline; TASS writes ``PLACE, Month D. /TASS/.``;
    ANI ``Place [Country], Month D (ANI):``."""
    [credit] = [c for c in credits_of(f"Headline\n\n{line} said on Tuesday.\n") if c.kind == "dateline"]
    assert (credit.name, credit.role, credit.place, credit.evidence) == (agency, "author", place, evidence)


@pytest.mark.parametrize(
    ("line", "agency", "place", "evidence"),
    [
        ("Madrid, 4 nov (EFE).- El Gobierno", "EFE", "Madrid", "Madrid, 4 nov (EFE).-"),
        ("MADRID, 4 Nov. (EUROPA PRESS) - El Gobierno", "Europa Press", "MADRID", "MADRID, 4 Nov. (EUROPA PRESS) -"),
        ("PARIS, 4 novembre 2024 (AFP) - Le gouvernement", "AFP", "PARIS", "PARIS, 4 novembre 2024 (AFP) -"),
    ],
)
def test_datelines_with_the_day_before_the_month(line: str, agency: str, place: str, evidence: str) -> None:
    """European agencies write the day first, in their own language, and EFE ends with ``).-``."""
    [credit] = [c for c in credits_of(f"Titular\n\n{line} dijo el martes.\n") if c.kind == "dateline"]
    assert (credit.name, credit.role, credit.place, credit.evidence) == (agency, "author", place, evidence)


def test_dateline_needs_a_line_start_and_a_dash() -> None:
    assert not [c for c in credits_of("He spoke in Moscow (Reuters) - on Tuesday.") if c.kind == "dateline"]
    assert not [c for c in credits_of("MOSCOW (Reuters photo) shows a street.") if c.kind == "dateline"]
    # without a dash only a dated dateline counts ("New Delhi, Nov 4 (PTI) The ...")
    assert not [c for c in credits_of("Ministers (Reuters) The panel said.") if c.kind == "dateline"]


def test_dateline_with_its_agency_cut_out_is_residue() -> None:
    [credit] = credits_of("MOSCOW () - Russia and the Syrian army said.")
    assert (credit.role, credit.kind, credit.agency, credit.place) == ("residue", "dateline", None, "MOSCOW")


def test_header_line_credits_the_agency_and_dates_the_text() -> None:
    text = read(REPUBLISHED)
    [header] = [c for c in credits_of(text) if c.kind == "header"]
    assert (header.name, header.role, header.place, header.evidence) == (
        "Reuters", "author", "MOSCOW", "date 2016-11-04 Reuters, MOSCOW")
    assert str(text_date(text)) == "2016-11-04"
    assert summary("date 2021-03-01 Associated Press\n\nBody.") == {("AP", "author", "header", "AP")}


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("---\ntitle: Aleppo\ndate: 2016-11-04T10:00:00Z\n---\nBody", "2016-11-04"),
        ("date: 2020-02-29\nBody", "2020-02-29"),
        ("Body only\ndate 2016-11-04 Reuters", None),
        ("date 2016-13-45 Reuters\nBody", None),
    ],
)
def test_text_date(text: str, date: str | None) -> None:
    assert (str(text_date(text)) if text_date(text) else None) == date


def test_loader_reads_the_header_date_and_falls_back_to_the_option(tmp_path: Path) -> None:
    undated = tmp_path / "undated.txt"
    undated.write_text("Some text without a date.", encoding="utf-8")
    checker = reusecheck.Checker()
    [republished, plain] = checker.load([str(REPUBLISHED), str(undated)], default_date=text_date("date 2001-01-01"))
    assert (str(republished.date), str(plain.date)) == ("2016-11-04", "2001-01-01")


# -- bylines and credit tails ------------------------------------------------------------
def test_reuters_credit_tail_semicolon_form() -> None:
    found = [c for c in credits_of(read(REUTERS)) if c.kind == "credit-line"]
    assert [(c.name, c.role, c.evidence) for c in found] == [
        ("Denis Pinchuk", "writer", "Writing by Denis Pinchuk and Andrew Osborn"),
        ("Andrew Osborn", "writer", "Writing by Denis Pinchuk and Andrew Osborn"),
        ("John Davison", "contributor", "Additional reporting by John Davison in Beirut"),
        ("Gareth Jones", "editor", "Editing by Gareth Jones"),
    ]


def test_credit_tail_full_stop_form() -> None:
    text = "Body.\n\nReporting by Maria Tsvetkova and Dmitry Solovyov in Moscow, Tom Perry in Beirut. Writing by Jane Doe. Editing by Mark Trevelyan.\n"
    assert summary(text) == {
        ("Maria Tsvetkova", "reporter", "credit-line", None), ("Dmitry Solovyov", "reporter", "credit-line", None),
        ("Tom Perry", "reporter", "credit-line", None), ("Jane Doe", "writer", "credit-line", None),
        ("Mark Trevelyan", "editor", "credit-line", None),
    }


def test_credit_tail_in_parentheses_after_the_last_paragraph() -> None:
    text = "They have no chance to break out of the city.” (Reporting by Tom Perry; Editing by Alison Williams)\n"
    credits = credits_of(text)
    assert {(c.name, c.role) for c in credits} == {("Tom Perry", "reporter"), ("Alison Williams", "editor")}
    assert {c.evidence for c in credits} == {"Reporting by Tom Perry", "Editing by Alison Williams"}


def test_additional_reporting_by_an_agency_is_a_contributor_credit() -> None:
    [credit] = credits_of(read(REPUBLISHED)[-40:])
    assert (credit.name, credit.role, credit.kind, credit.agency, credit.evidence) == (
        "Reuters", "contributor", "credit-line", "Reuters", "Additional reporting by Reuters")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Denis Pinchuk", {("Denis Pinchuk", "author", "byline", None)}),
        ("By Reuters", {("Reuters", "author", "byline", "Reuters")}),
        ("By The Associated Press", {("AP", "author", "byline", "AP")}),
        ("BY JOHN SMITH, Associated Press", {("JOHN SMITH", "author", "byline", "AP"), ("AP", "author", "byline", "AP")}),
        ("By Jane Doe and Zakaria al-Hamid", {("Jane Doe", "author", "byline", None), ("Zakaria al-Hamid", "author", "byline", None)}),
        ("By Reuters Staff", {("Reuters", "author", "byline", "Reuters")}),
        ("By the time rebels left, the city had fallen.", set()),
        ("By Friday, most had gone", set()),
    ],
)
def test_bylines(line: str, expected: set[tuple[str, str, str, str | None]]) -> None:
    assert summary(f"Headline\n{line}\n\nBody text.") == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Associated Press writers Zeina Karam in Beirut and Bassem Mroue contributed to this report.",
         {("Zeina Karam", "contributor", "credit-line", "AP"), ("Bassem Mroue", "contributor", "credit-line", "AP")}),
        ("The Associated Press contributed to this report.", {("AP", "contributor", "credit-line", "AP")}),
        ("Reuters contributed to this report.", {("Reuters", "contributor", "credit-line", "Reuters")}),
        ("AFP contributed reporting.", {("AFP", "contributor", "credit-line", "AFP")}),
        ("--With assistance from Jane Doe and Tom Roe.",
         {("Jane Doe", "contributor", "credit-line", None), ("Tom Roe", "contributor", "credit-line", None)}),
        ("To contact the reporter on this story: Jane Doe in London at jdoe@bloomberg.net",
         {("Jane Doe", "reporter", "credit-line", None)}),
        ("To contact the editors responsible for this story: Tom Roe at troe@bloomberg.net, Ann Lee",
         {("Tom Roe", "editor", "credit-line", None), ("Ann Lee", "editor", "credit-line", None)}),
        ("Source: Reuters", {("Reuters", "author", "credit-line", "Reuters")}),
        ("(c) Copyright Thomson Reuters 2016.", {("Reuters", "author", "credit-line", "Reuters")}),
        # the footers agencies' clients run under syndicated copy
        ("(c) Copyright Thomson Reuters 2016. Click For Restrictions - http://about.reuters.com/fulllegal.asp",
         {("Reuters", "author", "credit-line", "Reuters")}),
        ("(C) Reuters 2016. All Rights Reserved.", {("Reuters", "author", "credit-line", "Reuters")}),
        ("Copyright 2016 The Associated Press. All rights reserved.", {("AP", "author", "credit-line", "AP")}),
        ("Copyright 2016 The Associated Press. All rights reserved. This material may not be published, broadcast, "
         "rewritten or redistributed.", {("AP", "author", "credit-line", "AP"), ("AP", "residue", "residue", "AP")}),
        ("Copyright 2016 The Canadian Press", {("Canadian Press", "author", "credit-line", "Canadian Press")}),
        # Bloomberg's footer under its copy on clients' sites: a credit, and a trace of its own page
        ("©2024 Bloomberg L.P.", {("Bloomberg", "author", "credit-line", "Bloomberg"),
                                 ("Bloomberg", "residue", "residue", "Bloomberg")}),
        ("— The Associated Press", {("AP", "author", "credit-line", "AP")}),
        ("Copyright reform was passed in 2016.", set()),
        ("Reuters and AP contributed to this report.",
         {("Reuters", "contributor", "credit-line", "Reuters"), ("AP", "contributor", "credit-line", "AP")}),
        ("(With inputs from PTI)", {("PTI", "contributor", "credit-line", "PTI")}),
        ("With inputs from Reuters and agencies", {("Reuters", "contributor", "credit-line", "Reuters")}),
        ("With files from Reuters and The Canadian Press",
         {("Reuters", "contributor", "credit-line", "Reuters"),
          ("Canadian Press", "contributor", "credit-line", "Canadian Press")}),
        ("With inputs from agencies", set()),
        ("Information from The Associated Press was used in this report.", {("AP", "contributor", "credit-line", "AP")}),
        ("This story was originally published by The Associated Press.", {("AP", "author", "credit-line", "AP")}),
        ("This article originally appeared on Reuters.com.", {("Reuters", "author", "credit-line", "Reuters")}),
        ("Sources: Reuters, AFP", {("Reuters", "author", "credit-line", "Reuters"), ("AFP", "author", "credit-line", "AFP")}),
        ("Photo: Reuters", set()),
        ("The report was published in Reuters on Monday, the minister said.", set()),
        ("Associated Press writer Jamie Stengle contributed from Dallas.", {("Jamie Stengle", "contributor", "credit-line", "AP")}),
        ("Associated Press writers Zeina Karam and Bassem Mroue contributed.",
         {("Zeina Karam", "contributor", "credit-line", "AP"), ("Bassem Mroue", "contributor", "credit-line", "AP")}),
        ("Jane Doe contributed reporting from Washington.", {("Jane Doe", "contributor", "credit-line", None)}),
        ("The weather contributed.", set()),
        ("(Reporting By Jane Doe In London; Editing by John Roe)",
         {("Jane Doe", "reporter", "credit-line", None), ("John Roe", "editor", "credit-line", None)}),
        ("All of these factors contributed to this report.", set()),
        ("— AFP", {("AFP", "author", "credit-line", "AFP")}),
        ("(Reuters)", {("Reuters", "author", "credit-line", "Reuters")}),
        ("- The minister said the plan would cost more.", set()),
        ("With Reuters", {("Reuters", "contributor", "credit-line", "Reuters")}),
        ("— With agencies", set()),
        ("- with Reuters", {("Reuters", "contributor", "credit-line", "Reuters")}),
        # the agency's name alone as the last line: Canadian Press, AAP and AFP copy signs off so
        ("The Canadian Press", {("Canadian Press", "author", "credit-line", "Canadian Press")}),
        ("AAP", {("AAP", "author", "credit-line", "AAP")}),
        ("Agence France-Presse", {("AFP", "author", "credit-line", "AFP")}),
        # and in brackets after the last sentence
        ("France will send more troops. (AFP)", {("AFP", "author", "credit-line", "AFP")}),
        # copy of two agencies signed off together, as Gulf and South Asian papers run it
        ("— AFP/Reuters", {("AFP", "author", "credit-line", "AFP"), ("Reuters", "author", "credit-line", "Reuters")}),
        ("(AFP, Reuters)", {("AFP", "author", "credit-line", "AFP"), ("Reuters", "author", "credit-line", "Reuters")}),
        ("Reuters/AP", {("Reuters", "author", "credit-line", "Reuters"), ("AP", "author", "credit-line", "AP")}),
        ("With AFP and Reuters",
         {("AFP", "contributor", "credit-line", "AFP"), ("Reuters", "contributor", "credit-line", "Reuters")}),
        ("— Agencies", set()),
        ("Reuters/John Doe", set()),  # a photo credit's shape, not a sign-off
        # the dash glued to the name
        ("-Reuters", {("Reuters", "author", "credit-line", "Reuters")}),
        ("—AFP/Reuters", {("AFP", "author", "credit-line", "AFP"), ("Reuters", "author", "credit-line", "Reuters")}),
        # The Canadian Press's footer
        ("This report by The Canadian Press was first published Nov. 4, 2024.",
         {("Canadian Press", "author", "credit-line", "Canadian Press")}),
    ],
)
def test_credit_lines(line: str, expected: set[tuple[str, str, str, str | None]]) -> None:
    assert summary(f"Body text.\n\n{line}\n") == expected


def test_an_agency_name_alone_on_a_line_signs_off_only_the_end_of_the_text() -> None:
    """A photo's credit under its caption, a label in a list, a wrapped ``told`` / ``Reuters.``
    are no sign-off: only the text's last line after a sentence's end or a blank line."""
    assert summary("Soldiers patrol the street.\nAP\n\nThe army said the curfew would stay.\n") == set()
    assert summary("Agencies quoted:\n\nReuters\n\nAFP\n\nThe army said the curfew would stay.\n") == set()
    # a hard-wrapped last sentence (Reuters-21578 story 3283) is attribution, not a sign-off
    wrapped = "market,\" Lance Moir, corporate treasurer at Storehouse Plc told\nReuters.\n"
    assert ("Reuters", "author", "credit-line", "Reuters") not in summary(wrapped)
    # the same archive's sign-off after the last sentence (story 159) is one
    signed = "reliability and that the contract will be renegotiated.\n REUTERS\n"
    assert summary(signed) == {("Reuters", "author", "credit-line", "Reuters")}


def test_an_agency_name_alone_on_the_first_line_names_the_provider() -> None:
    """Portals that run agency copy (Yahoo, MSN) put the agency's name alone above the
    story, and the date under it: the agency as author. A first line that says more, or a
    photo's credit, is none."""
    provided = "Reuters\nNovember 4, 2024 · 3 min read\n\nThe bank raised rates on Tuesday.\n"
    assert summary(provided) == {("Reuters", "author", "credit-line", "Reuters")}
    [credit] = credits_of(provided)
    assert (credit.start, credit.end, credit.evidence) == (0, 7, "Reuters")
    assert summary("\n  The Associated Press\n\nOfficials said on Tuesday.\n") == {("AP", "author", "credit-line", "AP")}
    assert ("Reuters", "author", "credit-line", "Reuters") not in summary("Reuters reported the bank raised rates.\nBody.\n")
    assert summary("Reuters/John Doe\n\nSoldiers patrol the street.\n") == set()


def test_contributed_after_the_last_sentence_on_the_same_line() -> None:
    text = "Schools stay closed. Associated Press writer Jamie Stengle in Dallas contributed to this report.\n"
    assert ("Jamie Stengle", "contributor", "credit-line", "AP") in summary(text)


# -- in-body attribution -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "agency", "evidence"),
    [
        ("“We will not surrender,” Zakaria Malahifji told Reuters.", "Reuters", "told Reuters"),
        ("The ministry plans cuts, Reuters reported on Tuesday.", "Reuters", "Reuters reported"),
        ("Prices rose, according to Reuters calculations.", "Reuters", "according to Reuters"),
        ("A letter seen by Reuters shows the plan.", "Reuters", "seen by Reuters"),
        ("Shelling continued overnight, a Reuters witness said.", "Reuters", "a Reuters witness said"),
        ("Reuters could not independently verify the reports.", "Reuters", "Reuters could not independently verify"),
        ("“It was awful,” she told The Associated Press.", "AP", "told The Associated Press"),
        ("The Associated Press reported the deal first.", "AP", "The Associated Press reported"),
        ("The mayor told AP the roads were closed.", "AP", "told AP"),
        ("An AP reporter saw three bodies.", "AP", "An AP reporter"),
        ("Ten people died, according to AFP.", "AFP", "according to AFP"),
        ("The official spoke to Agence France-Presse on condition of anonymity.", "AFP", "spoke to Agence France-Presse on condition of anonymity"),
        ("The company is weighing a sale, Bloomberg News reported.", "Bloomberg", "Bloomberg News reported"),
        ("“We are ready,” he told Bloomberg in an interview.", "Bloomberg", "told Bloomberg"),
        ("He said so in an interview with dpa.", "dpa", "in an interview with dpa"),
        ("The talks failed, Xinhua reported.", "Xinhua", "Xinhua reported"),
        ("The official told Anadolu Agency the border was open.", "Anadolu", "told Anadolu Agency"),
    ],
)
def test_in_body_attribution_makes_the_agency_a_quote_source(sentence: str, agency: str, evidence: str) -> None:
    [credit] = credits_of(f"Body.\n\n{sentence}\n")
    assert (credit.name, credit.role, credit.kind, credit.agency, credit.evidence) == (
        agency, "quote-source", "attribution", agency, evidence)


def test_an_agency_named_only_as_quote_source_is_not_credited_for_the_copy() -> None:
    credits = credits_of("“This is out of the question,” Zakaria Malahifji told Reuters.\n\nHe denied it.")
    assert {c.role for c in credits} == {"quote-source"}
    assert credited_agencies(credits) == set() and principal_agencies(credits) == []


@pytest.mark.parametrize(
    "text",
    [
        "APPLE (APPLE) - shares rose. The map showed a CAP on prices; apps reported gains.",
        "Shares of Snap and APPLE rose, the APAC desk reported. A map reported by rapporteurs.",
        "He told Apache developers the AP-style guide was wrong.",
    ],
)
def test_ap_inside_other_words_is_no_credit(text: str) -> None:
    assert credits_of(text) == []


def test_a_story_about_reuters_credits_nobody() -> None:
    text = (
        "Thomson Reuters reported a rise in quarterly profit on Tuesday, helped by its news agency.\n\n"
        "Reuters News, a unit of Thomson Reuters, employs 2,500 journalists. The Reuters Institute "
        "said trust in news had fallen.\n\nMichael Bloomberg reported his own results, the company said."
    )
    assert credits_of(text) == []


# -- web residue and metadata ------------------------------------------------------------
@pytest.mark.parametrize(
    ("snippet", "agency"),
    [
        ("Slideshow ( 2 images )", "Reuters"),
        ("Purchase Licensing Rights", "Reuters"),
        ("Our Standards: The Thomson Reuters Trust Principles.", "Reuters"),
        ("REUTERS/Omar Sanadiki", "Reuters"),
        ("AP Photo/Hussein Malla", "AP"),
        ("AFP via Getty Images", "AFP"),
        ("More stories like this are available on bloomberg.com", "Bloomberg"),
        ("Photo: Kay Nietfeld/dpa", "dpa"),
        ("PA Wire", "PA Media"),
        ("UPI Photo/Pat Benic", "UPI"),
        ("ANSA/Ettore Ferrari", "ANSA"),
        ("EFE/Juan Carlos Hidalgo", "EFE"),
        ("(Xinhua/Li Ziheng)", "Xinhua"),
        ("Mikhail Metzel/TASS", "TASS"),
        ("Anadolu Agency via Getty Images", "Anadolu"),
    ],
)
def test_web_residue(snippet: str, agency: str) -> None:
    text = f"A street in the city.\n\n{snippet}\n\nBody text."
    residue = [c for c in credits_of(text) if c.kind == "residue"]
    assert residue and all((c.role, c.agency) == ("residue", agency) for c in residue)
    assert credited_agencies(residue) == set()


def test_kyodo_end_mark_is_residue() -> None:
    assert summary("Body text.\n==Kyodo\n") == {("Kyodo", "residue", "residue", "Kyodo")}


def test_metadata_credits_and_publisher() -> None:
    author = Credit("Associated Press", "author", "metadata")
    credits = credits_of("Body text.", credits=(author,), publisher="Reuters")
    assert {(c.name, c.role, c.kind, c.agency) for c in credits} == {
        ("Associated Press", "author", "metadata", "AP"), ("Reuters", "publisher", "metadata", "Reuters"),
    }
    assert principal_agencies(credits) == ["AP", "Reuters"]


# -- names, the agency list and its extension --------------------------------------------
def test_parse_names_drops_places_mail_and_keeps_agencies() -> None:
    names = parse_names("Jane Doe in London at jdoe@example.com, Reuters", default_agencies())
    assert [(n.name, n.agency, n.is_agency) for n in names] == [("Jane Doe", "Reuters", False), ("Reuters", "Reuters", True)]
    assert parse_names("the ministry showed heavy losses", default_agencies(), strict=True) == []


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        # a page's byline element with its time stamp (a Postmedia page running Reuters copy)
        ("Reuters Updated: January 16, 2020", [("Reuters", "Reuters", True)]),
        ("Jane Doe Published 4:22 PM EDT, Jul 3, 2019", [("Jane Doe", None, False)]),
        ("Jane Doe, Associated Press Jul 3, 2019, 4:22am EDT", [("Jane Doe", "AP", False), ("AP", "AP", True)]),
        ("Jane Doe Last updated 12 minutes ago", [("Jane Doe", None, False)]),
        # the name and the social handle beside it, run together by the page's markup
        ("Jon Porter@JonPorty Jul 3, 2019, 4:22am EDT", [("Jon Porter", None, False)]),
        # a job title after the name, in lower case as The Guardian writes it
        ("Richard Adams Education editor", [("Richard Adams", None, False)]),
        ("Home Affairs Correspondent", []),
        # a reading time; a German time stamp; a German title after the name (capitalised, as nouns are)
        ("Jill Serjeant 4 Min Read", [("Jill Serjeant", None, False)]),
        ("Jane Doe 12 minute read", [("Jane Doe", None, False)]),
        ("Anja Schmoll-Trautmann am 14. Mai 2014, 15:40 Uhr", [("Anja Schmoll-Trautmann", None, False)]),
        ("Anja Schmoll-Trautmann 14.05.2014", [("Anja Schmoll-Trautmann", None, False)]),
        ("Benjamin Fischer Redakteur", [("Benjamin Fischer", None, False)]),
        ("Marcus Theurer Korrespondentin", [("Marcus Theurer", None, False)]),
        ("Redakteurin", []),
    ],
)
def test_parse_names_drops_the_time_stamp_a_byline_shows(byline: str, expected: list[tuple[str, str | None, bool]]) -> None:
    assert [(n.name, n.agency, n.is_agency) for n in parse_names(byline, default_agencies())] == expected


def test_the_shipped_list_covers_the_required_agencies_and_compiles() -> None:
    agencies = default_agencies()
    agencies.validate()
    names = {a.name for a in agencies.agencies}
    assert names >= {"Reuters", "AP", "AFP", "Bloomberg", "dpa", "PA Media", "UPI", "ANSA", "EFE", "Kyodo",
                     "Xinhua", "TASS", "Anadolu"}


@pytest.mark.parametrize(
    ("written", "agency"),
    [
        ("PA News", "PA Media"), ("Press Association", "PA Media"), ("the Press Association", "PA Media"),
        ("PA Media", "PA Media"), ("PA news agency", "PA Media"), ("PA", "PA Media"),
        ("The Associated Press", "AP"), ("AP", "AP"), ("Agence France-Presse", "AFP"), ("Agence France Presse", "AFP"),
        ("AFP", "AFP"), ("dpa", "dpa"), ("Deutsche Presse-Agentur", "dpa"), ("Reuters", "Reuters"),
        ("Thomson Reuters", "Reuters"), ("Reuters Ltd", "Reuters"), ("The Canadian Press", "Canadian Press"),
        ("Australian Associated Press", "AAP"), ("Press Trust of India", "PTI"), ("United Press", "United Press"),
        ("United Press International", "UPI"), ("Associated Press of Pakistan", "APP"),
        ("Asian News International", "ANI"), ("ANI", "ANI"),
    ],
)
def test_agency_names_as_newsrooms_write_them(written: str, agency: str) -> None:
    assert default_agencies().identify(written) == agency


def test_thomson_reuters_in_running_text_is_the_company_not_the_agency() -> None:
    assert not credits_of("Shares of Thomson Reuters rose 2 percent after the company said profits grew.")


def test_associated_press_of_pakistan_is_not_the_associated_press() -> None:
    text = "ISLAMABAD - The minister told the Associated Press of Pakistan that talks would resume."
    assert {c.agency for c in credits_of(text)} == {"APP"}


# PA's wire formatting as METER ships it: header rules and page line, a control character
# (0x19) opening each paragraph, ``<`` at line ends, ``_`` for dashes, ```` `` '' ```` quotes.
PA_WIRE = (
    "  ------------------------------------------------------------------------\n\n"
    "  ------------------------------------------------------------------------\n\n"
    "                  20:41 02/11/99: Page 1 (HHH) COURTS Boat\n"
    "  ------------------------------------------------------------------------\n"
    "MAN JAILED FOR HARBOUR CRASH<\n"
    "\x19By Maria Breslin, Crime Correspondent, PA News, in Plymouth, Devon<\n"
    "\x19A skipper who crashed into a moored yacht _ killing its owner _ was jailed for\n"
    "four years today, and the family said it was a ``fair sentence''.<\n"
)


def test_pa_wire_copy_is_pa_copy_bylined_by_its_reporter() -> None:
    credits = credits_of(PA_WIRE)
    assert principal_agencies(credits) == ["PA Media"]
    assert {(c.name, c.kind) for c in credits} == {
        ("PA Media", "header"), ("Maria Breslin", "byline"), ("PA Media", "byline"),
    }
    header = next(c for c in credits if c.kind == "header")
    assert header.evidence == "20:41 02/11/99: Page 1 (HHH) COURTS Boat"
    byline = next(c for c in credits if c.name == "Maria Breslin")
    assert PA_WIRE[byline.start : byline.end] == "By Maria Breslin, Crime Correspondent, PA News, in Plymouth, Devon"
    assert byline.agency == "PA Media"


def test_a_pa_byline_alone_and_the_page_line_alone_each_make_pa_copy() -> None:
    byline_only = "Headline<\n\x19By PA News Reporter<\n\x19Body text of the story.<\n"
    assert principal_agencies(credits_of(byline_only)) == ["PA Media"]
    page_only = "  19:19 02/11/99: Page 4 (HHH) COURTS Cruelty\n(reopens)<\n\x19Body text.<\n"
    assert principal_agencies(credits_of(page_only)) == ["PA Media"]


def test_every_meter_pa_text_is_pa_copy() -> None:
    """METER's PA texts (header rules, `<` line ends, Latin-1 bytes): PA is the principal
    agency of every one, from its page line and, where it has one, its byline."""
    folder = shared_path("eval", "meter-dev", "pa")
    paths = sorted(str(p) for p in folder.glob("*/*/*.txt"))
    principal = [principal_agencies(extract_credits(d, EXTRACTORS)) for d in Checker().load(paths, None)]
    assert len(principal) == len(paths) > 300
    assert sum(p == ["PA Media"] for p in principal) / len(paths) >= 0.99


def test_a_document_agency_credits_that_agency_without_a_word_in_the_text() -> None:
    credits = credits_of("A story with no credit at all.", agency="Press Association")
    assert [(c.name, c.role, c.kind, c.agency) for c in credits] == [("PA Media", "author", "metadata", "PA Media")]
    assert principal_agencies(credits_of("No credit.", agency="Wire Desk Ltd")) == ["Wire Desk Ltd"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("John Deane, Chief Reporter, PA News", [("John Deane", "PA Media"), ("PA Media", "PA Media")]),
        ("MARILYNN MARCHIONE, AP Chief Medical Writer", [("MARILYNN MARCHIONE", "AP"), ("AP", "AP")]),
        ("Jane Smith, PA Political Correspondent", [("Jane Smith", "PA Media"), ("PA Media", "PA Media")]),
        ("Tom Roe, Staff Writer", [("Tom Roe", None)]),
    ],
)
def test_job_titles_on_a_byline_are_not_people(line: str, expected: list[tuple[str, str | None]]) -> None:
    names = parse_names(line, default_agencies(), strict=True)
    assert [(n.name, n.agency) for n in names] == expected


def extension(tmp_path: Path, data: object) -> str:
    path = tmp_path / "agencies.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_the_documented_extension_file_adds_agencies_phrases_and_labels(tmp_path: Path) -> None:
    [example] = blocks(section("The agency list"), "json")[:1]
    agencies = load_agencies([extension(tmp_path, json.loads(example))])
    text = "OSLO (NN) - Ministers met.\n\nNN-bild/Hansen\n\nHe wired to Reuters Wire at once.\n\nPhotos by Kari Nordmann\n"
    assert summary(text, agencies) == {
        ("Nordic News", "author", "dateline", "Nordic News"), ("Nordic News", "residue", "residue", "Nordic News"),
        ("Reuters", "quote-source", "attribution", "Reuters"), ("Kari Nordmann", "contributor", "credit-line", None),
    }
    assert summary(text) == set()  # the shipped list alone knows none of it


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON at line 1"),
        ("[1, 2]", "must hold a JSON object"),
        ('{"agencies": [{"aliases": ["X"]}]}', "not an agency list"),
        ('{"agencies": [{"name": "X", "residue": ["(unclosed"]}]}', "bad regular expression"),
        ('{"credit_labels": {"Photos": "photographer"}}', "not one of"),
    ],
)
def test_a_bad_extension_file_is_a_usage_error_naming_it(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "agencies.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        load_agencies([str(path)])
    assert caught.value.path == str(path) and message in caught.value.message
    with pytest.raises(UsageError, match="cannot read the agency file"):
        load_agencies([str(tmp_path / "missing.json")])


def test_check_with_a_bad_agency_file_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "agencies.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["check", str(REPUBLISHED), "--against", str(REUTERS), "--agencies", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(bad) in err and "not valid JSON" in err


def test_an_agency_file_may_space_names_as_it_likes() -> None:
    """A user's agency list written with doubled or odd whitespace names the agency as a
    single-spaced alias does, and neither the text's spacing nor the file's breaks the lookup."""
    agencies = default_agencies().extended(
        {"agencies": [{"name": "Kyiv  Wire", "aliases": ["Kyiv  Wire", "Kyiv Wire\tService"]}],
         "credit_labels": {"Compiled  by": "contributor"}})
    for text in ("Kyiv Wire reported the figures on Monday.", "Kyiv   Wire reported the figures on Monday.",
                 "Kyiv Wire Service reported the figures on Monday."):
        assert [name for name, _, _ in agencies.mentions(text)] == ["Kyiv Wire"], text
    assert agencies.identify("the Kyiv  Wire") == "Kyiv Wire"
    assert agencies.role_of_label("Compiled   by") == "contributor"
