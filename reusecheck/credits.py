"""Credit extraction: what a text says about where it came from.

The agencies (names, aliases, web residue), the in-body attribution phrases and the credit
lines are data, ``reusecheck/data/agencies.json``, compiled here into an `AgencyList`;
files of the same shape extend it (`load_agencies`). Extractors (plugins, see
``reusecheck_register_credit_extractors``) turn a document into `Credit` objects;
`extract_credits` runs them all. `parse_names` reads the people and agencies of one
credit line, for built-in and house extractors alike.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Any

from reusecheck.errors import InputError, UsageError
from reusecheck.injection import call_with_supported
from reusecheck.loaders import read_bytes
from reusecheck.models import Credit, Document
from reusecheck.temporal import MONTH
from reusecheck.text import phrase_key

# Roles a credit gives. The first six credit the copy itself; a quote source only says
# where a quote came from, and residue is what an agency's pages leave behind.
AUTHOR, WRITER, REPORTER, EDITOR, CONTRIBUTOR, PUBLISHER = (
    "author", "writer", "reporter", "editor", "contributor", "publisher",
)
QUOTE_SOURCE, RESIDUE = "quote-source", "residue"
COPY_ROLES = frozenset({AUTHOR, WRITER, REPORTER, EDITOR, CONTRIBUTOR, PUBLISHER})
ROLES = (*sorted(COPY_ROLES), QUOTE_SOURCE, RESIDUE)

# Kinds: where in the text a credit sits.
DATELINE, HEADER, BYLINE, CREDIT_LINE, ATTRIBUTION, METADATA = (
    "dateline", "header", "byline", "credit-line", "attribution", "metadata",
)
KINDS = (DATELINE, HEADER, BYLINE, CREDIT_LINE, ATTRIBUTION, RESIDUE, METADATA)

_PARTICLES = frozenset(
    "al el ad as ash bin ibn abu bint da das de del della der den di do dos du la le ten ter van von y zu".split()
)
_NOT_FIRST_NAMES = frozenset(
    "a an the this that these those he she it they we i you his her their its our my your "
    "in on at for from with and or but by of to as if when while after before".split()
)
_NAME_SEPARATOR = re.compile(r"\s*(?:[,;|/]|\b(?:and|und|et)\b|&)\s*")
# The time stamp a page shows beside its byline ("Updated: January 16, 2020", "Jul 3, 2019, 4:22am")
# and a social handle ("@JonPorty"; an e-mail address has a dot after its @ name).
_GERMAN_MONTH = r"(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)"
_TIME_STAMP = re.compile(
    rf"\s*(?:\b(?:(?:Last\s+)?Updated|(?:First\s+)?Published|Posted)\b|(?<![\w-]){MONTH}\s+\d{{1,2}},?\s+\d{{4}}\b"
    rf"|\b\d+\s*min(?:ute)?s?\.?\s+read\b"  # a reading time ("4 Min Read")
    rf"|(?:\bam\s+)?\b\d{{1,2}}\.\s*(?:{_GERMAN_MONTH}\s+|\d{{1,2}}\.)\d{{2,4}}\b"  # "am 14. Mai 2014", "14.05.2014"
    rf").*$",
    re.IGNORECASE | re.DOTALL,
)
_HANDLE = re.compile(r"\s*@\w+\b(?![.\w])")
_NAME_TAIL = re.compile(r"\s+(?:[Ii]n|[Aa]t)\s+\S.*$|\s*\([^)]*\)\s*$|\s+\S+@\S+.*$", re.DOTALL)
_GERMAN_STAFF_WORDS = r"redakteur(?:in)?|korrespondent(?:in)?|reporterin|autor(?:in)?|volontär(?:in)?"
_STAFF_WORDS = (
    r"(?:staff\s+)?(?:writers?|reporters?|correspondents?|journalists?|photographers?|videographers?|"
    rf"videojournalists?|editors?|staff|team|bureau|desk|{_GERMAN_STAFF_WORDS})"
)
# What `AgencyList.identify` strips from a name: "the Associated Press", "Reuters's", "AFP staff".
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s)$")
_STAFF_SUFFIX = re.compile(rf"\s+(?:news\s+agency|{_STAFF_WORDS})$", re.IGNORECASE)
# German capitalises a job title after the name as every noun ("Benjamin Fischer Redakteur").
_GERMAN_STAFF_WORD = re.compile(_GERMAN_STAFF_WORDS, re.IGNORECASE)
# A job title on a byline ("Chief Reporter", "Home Affairs Correspondent"): not a person.
_JOB_TITLE = re.compile(rf"(?:[A-Z][\w'’-]*\s+){{0,3}}{_STAFF_WORDS}", re.IGNORECASE)
# A place after the names, set off by a comma ("Nick Quinn, PA News, in Zeist, Netherlands").
_PLACE_TAIL = re.compile(r",\s*(?:in|at)\s+[A-Z].*$", re.DOTALL)


@dataclass(frozen=True)
class Agency:
    """One news agency: its canonical name, how texts name it, and the residue it leaves."""

    name: str
    aliases: tuple[str, ...]
    short_aliases: tuple[str, ...] = ()
    not_agency: tuple[str, ...] = ()
    residue: tuple[str, ...] = ()
    wire_headers: tuple[str, ...] = ()


@dataclass(frozen=True)
class CreditLine:
    """A whole-line credit pattern: its ``names`` group credits people or agencies in ``role``.
    ``requires``: text a document must contain for the pattern to be tried (a fast pre-check)."""

    pattern: str
    role: str
    kind: str = CREDIT_LINE
    requires: str = ""


@dataclass(frozen=True)
class AgencyList:
    """The agencies and credit patterns of a run, with their compiled regular expressions."""

    agencies: tuple[Agency, ...]
    attribution: tuple[str, ...] = ()
    credit_labels: tuple[tuple[str, str], ...] = ()
    credit_lines: tuple[CreditLine, ...] = ()

    def __hash__(self) -> int:
        """The dataclass's hash of the fields, computed once: the extractors' compiled
        patterns are kept by agency list, looked up for every document."""
        return self._hash

    @cached_property
    def _hash(self) -> int:
        return hash((self.agencies, self.attribution, self.credit_labels, self.credit_lines))

    # -- naming --------------------------------------------------------------------------
    @cached_property
    def _by_alias(self) -> dict[str, str]:
        table: dict[str, str] = {}
        for agency in self.agencies:
            for alias in (agency.name, *agency.aliases, *agency.short_aliases):
                table.setdefault(phrase_key(alias), agency.name)
        return table

    def get(self, name: str) -> Agency | None:
        """The agency with this canonical name."""
        return next((a for a in self.agencies if a.name == name), None)

    def identify(self, text: str) -> str | None:
        """The canonical name of the agency ``text`` names as a whole ("the Associated
        Press", "REUTERS", "Reuters staff"), or None."""
        name = text.strip().rstrip(".").strip()
        name = _POSSESSIVE.sub("", _LEADING_THE.sub("", name))
        found = self._by_alias.get(phrase_key(name))
        if found is None:
            bare = _STAFF_SUFFIX.sub("", name)
            found = self._by_alias.get(phrase_key(bare)) if bare != name else None
        return found

    def alias_pattern(self, short: bool = False) -> str:
        """A regular expression alternation of every alias (longest first), in a group ``alias``."""
        names = {alias for a in self.agencies for alias in (*a.aliases, *(a.short_aliases if short else ()))}
        ordered = sorted(names, key=lambda s: (-len(s), s))
        return r"(?<![\w-])(?P<alias>" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in ordered) + r")(?![\w-])"

    # -- compiled patterns ---------------------------------------------------------------
    @cached_property
    def attribution_patterns(self) -> tuple[re.Pattern[str], ...]:
        """In-body attribution templates with ``{agency}`` filled in (alias case-sensitive)."""
        agency = r"(?:the\s+)?(?-i:" + self.alias_pattern() + ")"
        return tuple(
            re.compile(template.replace(" ", r"\s+").replace("{agency}", agency), re.IGNORECASE)
            for template in self.attribution
        )

    @cached_property
    def residue_patterns(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        """(agency name, compiled residue pattern) pairs."""
        return tuple((a.name, re.compile(p, re.MULTILINE)) for a in self.agencies for p in a.residue)

    @cached_property
    def residue_texts(self) -> tuple[str, ...]:
        """Per residue pattern (in `residue_patterns` order), text its every match holds:
        where the text is absent the pattern need not be tried."""
        return tuple(required_text(p) for a in self.agencies for p in a.residue)

    @cached_property
    def wire_header_patterns(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        """(agency name, compiled wire header pattern) pairs."""
        return tuple((a.name, re.compile(p, re.MULTILINE)) for a in self.agencies for p in a.wire_headers)

    @cached_property
    def credit_line_patterns(self) -> tuple[tuple[CreditLine, re.Pattern[str]], ...]:
        """Credit-line patterns with ``{agency}`` filled in (any alias, short ones too) and
        ``{agencies}`` (a list of them: ``AFP/Reuters``, ``AFP, Reuters``, ``AFP and Reuters``).
        A credit line's dash may be glued to the name (``-Reuters``)."""
        alias = self.alias_pattern(short=True).replace(r"(?<![\w-])", r"(?<!\w)", 1)
        agency = r"(?:[Tt]he\s+)?(?i:" + alias + ")"
        another = r"(?:[Tt]he\s+)?(?i:" + alias.replace("(?P<alias>", "(?:") + ")"
        agencies = rf"{agency}(?:[ \t]*(?:[,/&]|\band\b)[ \t]*{another})*"
        return tuple((line, re.compile(line.pattern.replace("{agencies}", agencies).replace("{agency}", agency), re.MULTILINE))
                     for line in self.credit_lines)

    @cached_property
    def label_pattern(self) -> re.Pattern[str]:
        """``LABEL by`` for every credit label (longest first), the label in group ``label``."""
        labels = sorted((label for label, _ in self.credit_labels), key=lambda s: (-len(s), s))
        alternation = "|".join(re.escape(label).replace(r"\ ", r"\s+") for label in labels) or r"(?!)"
        return re.compile(rf"{_first_of(labels)}(?<![\w-])(?P<label>{alternation})\s+by\s+", re.IGNORECASE)

    def role_of_label(self, label: str) -> str:
        wanted = phrase_key(label)
        return next(role for name, role in self.credit_labels if phrase_key(name) == wanted)

    @cached_property
    def agency_prefix(self) -> re.Pattern[str]:
        """An agency at the start of a credit's names: "Associated Press writers", "Reuters'"."""
        return re.compile(
            rf"(?:the\s+)?{self.alias_pattern(short=True)}(?:'s|’s)?(?:\s+{_STAFF_WORDS})?(?:\s+|$)", re.IGNORECASE
        )

    @cached_property
    def _not_agency(self) -> re.Pattern[str] | None:
        phrases = sorted({p for a in self.agencies for p in a.not_agency}, key=lambda s: (-len(s), s))
        if not phrases:
            return None
        alternation = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
        return re.compile(rf"{_first_of(phrases)}(?<![\w-])(?:{alternation})(?![\w-])")

    def identify_list(self, text: str) -> list[str]:
        """The agencies a list of names names ("Reuters/AP", "AFP and Reuters"), each once;
        none unless every name in it is an agency's."""
        found: dict[str, None] = {}
        for piece in _NAME_SEPARATOR.split(text):
            agency = self.identify(piece)
            if agency is None:
                return []  # at the first name that is no agency's
            found[agency] = None
        return list(found)

    def excluded_spans(self, text: str) -> list[tuple[int, int]]:
        """Spans where an alias means something else ("Thomson Reuters", "Michael Bloomberg")."""
        return list(_spans(self._not_agency, text)) if self._not_agency else []

    @cached_property
    def _mention(self) -> re.Pattern[str]:
        # the leading boundary is checked in `mentions`: without it the pattern is several times faster
        return re.compile(self.alias_pattern().replace(r"(?<![\w-])", "", 1))

    def mentions(self, text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[str, int, int]]:
        """(agency, start, end) of every alias in ``text[start:end]`` that names an agency."""
        end = len(text) if end is None else end
        found = [
            m for m in self._mention.finditer(text, start, end)
            if m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_-")
        ]
        excluded = self.excluded_spans(text[start:end]) if found else []
        for match in found:
            a, b = match.span("alias")
            if not any(x <= a - start < y for x, y in excluded):
                yield self._by_alias[phrase_key(match["alias"])], a, b

    # -- extension -----------------------------------------------------------------------
    def extended(self, data: Mapping[str, Any]) -> AgencyList:
        """This list with a data file's agencies (merged by name), phrases and patterns added."""
        agencies = {a.name: a for a in self.agencies}
        for new in _agencies_from(data):
            old = agencies.get(new.name)
            agencies[new.name] = new if old is None else Agency(
                new.name,
                _merged(old.aliases, new.aliases),
                _merged(old.short_aliases, new.short_aliases),
                _merged(old.not_agency, new.not_agency),
                _merged(old.residue, new.residue),
                _merged(old.wire_headers, new.wire_headers),
            )
        labels = dict(self.credit_labels)
        labels.update({" ".join(label.split()): role for label, role in data.get("credit_labels", {}).items()})
        return AgencyList(
            tuple(agencies.values()),
            _merged(self.attribution, tuple(data.get("attribution", ()))),
            tuple(labels.items()),
            (*self.credit_lines, *(CreditLine(**line) for line in data.get("credit_lines", ()))),
        )

    def validate(self) -> None:
        """Compile every pattern now, so that a bad one fails before the run (ValueError)."""
        for compile_all in (
            lambda: self.attribution_patterns, lambda: self.residue_patterns, lambda: self.wire_header_patterns,
            lambda: self.credit_line_patterns, lambda: self.label_pattern, lambda: self._not_agency,
        ):
            try:
                compile_all()
            except re.error as exc:
                raise ValueError(f"bad regular expression {exc.pattern!r}: {exc.msg}") from None
        for line, pattern in self.credit_line_patterns:
            if "names" not in pattern.groupindex:
                raise ValueError(f"credit line pattern {line.pattern!r} has no (?P<names>...) group")
            if line.role not in ROLES:
                raise ValueError(f"credit line role {line.role!r} is not one of {', '.join(ROLES)}")
        for label, role in self.credit_labels:
            if role not in ROLES:
                raise ValueError(f"credit label {label!r} gives role {role!r}, not one of {', '.join(ROLES)}")


_LITERAL_CHAR = re.compile(r"[\w ©'’\"/=:;,!@#%&<>~`-]")


def required_text(pattern: str) -> str:
    """The longest run of literal characters every match of the regular expression
    ``pattern`` contains: outside groups and character classes, before no quantifier; ""
    when a top-level alternation or an inline flag makes nothing certain."""
    if "(?" in pattern.replace("(?:", "").replace("(?=", "").replace("(?!", "").replace("(?<", ""):
        return ""  # inline flags ((?i), (?x)) change what matches
    runs, current, depth, k = [], "", 0, 0
    in_class = False
    while k < len(pattern):
        char = pattern[k]
        literal = None
        if in_class:
            in_class = char != "]" or pattern[k - 1] == "\\"
            k += 1 if char != "\\" else 2
            continue
        if char == "\\":
            escaped = pattern[k + 1 : k + 2]
            literal = escaped if escaped and not escaped.isalnum() else None
            k += 2
        else:
            if char == "|" and depth == 0:
                return ""
            depth += char == "("
            depth -= char == ")"
            literal = char if depth == 0 and char not in "()[" and _LITERAL_CHAR.fullmatch(char) else None
            k += 1
            if char == "[":  # a class: "^" and a first "]" belong to it
                in_class = True
                k += pattern.startswith("^", k)
                k += pattern.startswith("]", k)
        quantified = k < len(pattern) and pattern[k] in "?*{"
        if literal is not None and not quantified and depth == 0:
            current += literal
        else:
            runs.append(current)
            current = ""
    runs.append(current)
    return max(runs, key=len)


def _first_of(phrases: Sequence[str]) -> str:
    """A lookahead for the first characters of literal ``phrases``: an alternation of them
    behind it finds the same matches without trying the other places (several times
    faster); none when a phrase is empty or begins with white space (``\\s+`` in a pattern)."""
    if not phrases or any(not p or p[0].isspace() for p in phrases):
        return ""
    return "(?=[" + "".join(sorted({re.escape(p[0]) for p in phrases})) + "])"


@lru_cache(maxsize=8)
def _spans(pattern: re.Pattern[str], text: str) -> tuple[tuple[int, int], ...]:
    """Where ``pattern`` matches ``text``; kept for the texts asked last (extractors of one
    text ask for the same spans)."""
    return tuple(m.span() for m in pattern.finditer(text))


def _merged(old: tuple[str, ...], new: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*old, *new)))


def _spaced(phrases: Iterable[str]) -> tuple[str, ...]:
    """Phrases with their words one space apart, as the patterns and lookups expect them
    (a list may write "Press  Association"; texts may too, and both still meet)."""
    return tuple(" ".join(phrase.split()) for phrase in phrases)


def _agencies_from(data: Mapping[str, Any]) -> list[Agency]:
    return [
        Agency(
            name=" ".join(entry["name"].split()),
            aliases=_spaced(entry.get("aliases", ())),
            short_aliases=_spaced(entry.get("short_aliases", ())),
            not_agency=_spaced(entry.get("not_agency", ())),
            residue=tuple(entry.get("residue", ())),
            wire_headers=tuple(entry.get("wire_headers", ())),
        )
        for entry in data.get("agencies", ())
    ]


@cache
def default_agencies() -> AgencyList:
    """The agency list shipped with reusecheck."""
    text = (resources.files("reusecheck") / "data" / "agencies.json").read_text(encoding="utf-8")
    return AgencyList(()).extended(json.loads(text))


def load_agencies(paths: Sequence[str] = ()) -> AgencyList:
    """The shipped agency list extended by each JSON file in ``paths`` (same shape).

    A file that cannot be read or does not fit the shape is a `UsageError` naming it.
    """
    agencies = default_agencies()
    for path in paths:
        try:
            data = json.loads(read_bytes(path).decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("the file must hold a JSON object with 'agencies', 'attribution', ... keys")
            agencies = agencies.extended(data)
            agencies.validate()
        except InputError as exc:
            raise UsageError(f"cannot read the agency file: {exc.message}; check the --agencies path", path) from None
        except UnicodeDecodeError as exc:
            raise UsageError(f"not UTF-8 at byte {exc.start}; save the agency file as UTF-8", path) from None
        except RecursionError:
            raise UsageError("JSON nested too deeply; fix the agency file", path) from None
        except json.JSONDecodeError as exc:
            raise UsageError(f"not valid JSON at line {exc.lineno}: {exc.msg}; fix the agency file", path) from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise UsageError(f"not an agency list ({exc}); see reusecheck/data/agencies.json for the shape", path) from None
    return agencies


# -- licences ------------------------------------------------------------------------------
@dataclass(frozen=True)
class AgencyPolicy:
    """What a newsroom's contract with an agency says (``[tool.reusecheck.agency.NAME]``).

    ``licensed``: the newsroom subscribes, so reusing the agency's copy is allowed (RC100
    drops to info); ``credit``: the credit the contract requires the text to carry
    (checked by RC109 instead of RC101/RC102); ``where``: the ``file:line`` it came from.
    """

    agency: str
    licensed: bool = False
    credit: str | None = None
    where: str = ""


def policies_by_agency(policies: Iterable[AgencyPolicy], agencies: AgencyList) -> dict[str, AgencyPolicy]:
    """The policies keyed by the canonical agency name (``"PA"`` and ``"PA News"`` are PA Media's)."""
    return {agencies.identify(p.agency) or " ".join(p.agency.split()): p for p in policies}


# -- names on a credit line -------------------------------------------------------------
@dataclass(frozen=True)
class Named:
    """A person or agency read from a credit line; ``agency`` is the agency it speaks for."""

    name: str
    agency: str | None
    is_agency: bool


def looks_like_name(text: str) -> bool:
    """Two to five capitalized words (particles such as "de", "al-" allowed), no digits."""
    words = text.split()
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in text):
        return False
    if words[0].casefold() in _NOT_FIRST_NAMES:
        return False
    for word in words:
        core = re.sub(r"^(?:al|el|ad|bin|ibn|abu)-", "", word, flags=re.IGNORECASE).strip(".,'’")
        if not core or not (core[0].isupper() or word.casefold() in _PARTICLES):
            return False
    return True


def _agency_of_title(piece: str, agencies: AgencyList) -> str | None:
    """The agency a job title opens with ("AP Chief Medical Writer", "PA Political
    Correspondent"), or None."""
    lead = agencies.agency_prefix.match(piece)
    if lead and _JOB_TITLE.fullmatch(piece[lead.end() :]):
        return agencies.identify(lead["alias"])
    return None


def _before_job_title(piece: str) -> str | None:
    """The name in "Richard Adams Education editor" or "Benjamin Fischer Redakteur": the
    shortest run of words from the start that looks like a name and is followed by a job
    title only, one ending in a word in lower case or in a German staff word (capitalised
    as nouns are); in "Home Affairs Correspondent" no words are a name."""
    words = piece.split()
    if not words or not (words[-1].islower() or _GERMAN_STAFF_WORD.fullmatch(words[-1])):
        return None
    for end in range(2, len(words)):
        name = " ".join(words[:end])
        if looks_like_name(name) and _JOB_TITLE.fullmatch(" ".join(words[end:])):
            return name
    return None


def parse_names(text: str, agencies: AgencyList, *, strict: bool = False) -> list[Named]:
    """The people and agencies credited by ``text`` ("Denis Pinchuk and Andrew Osborn",
    "Associated Press writers X in Y and Z", "The Associated Press", "John Davison in Beirut").

    Places ("in Beirut"), e-mail addresses and parentheses after a name are dropped. With
    ``strict`` every piece must be a name or an agency, else nothing is returned (for
    bylines, whose pattern also matches ordinary sentences).
    """
    text = _PLACE_TAIL.sub("", _TIME_STAMP.sub("", _HANDLE.sub("", " ".join(text.split())))).strip(" .;,:-–—|")
    prefix = agencies.agency_prefix.match(text)
    if prefix and _NAME_SEPARATOR.match(text, prefix.end()):  # "Reuters and AP": the first of a list
        prefix = None
    speaking_for = agencies.identify(prefix["alias"]) if prefix else None
    if prefix and speaking_for:
        rest = text[prefix.end() :].strip()
        if not rest:
            return [Named(speaking_for, speaking_for, True)]
        text = rest
    found: list[Named] = []
    for piece in _NAME_SEPARATOR.split(text):
        piece = _NAME_TAIL.sub("", piece).strip(" .")
        if not piece:
            continue
        agency = agencies.identify(piece) or _agency_of_title(piece, agencies)
        if agency is not None:
            found.append(Named(agency, agency, True))
        elif name := _before_job_title(piece):
            found.append(Named(name, speaking_for, False))
        elif _JOB_TITLE.fullmatch(piece):
            continue
        elif looks_like_name(piece):
            found.append(Named(piece, speaking_for, False))
        elif strict:
            return []
    named_agencies = {n.agency for n in found if n.is_agency}
    if speaking_for is None and len(named_agencies) == 1:  # "By Jane Doe, Reuters"
        speaking_for = named_agencies.pop()
        found = [n if n.is_agency else replace(n, agency=speaking_for) for n in found]
    return found


# -- extractors -------------------------------------------------------------------------
@dataclass(frozen=True)
class CreditExtractor:
    """A named function that finds credits in a document (offsets into its text).

    ``extract(document)`` yields `Credit` objects; an ``extract`` whose signature names an
    ``agencies`` parameter (``def extract(document, agencies)``; `reusecheck.injection`)
    also receives the run's `AgencyList` (the shipped list plus any ``--agencies`` files),
    so a house extractor can recognize every agency too. ``uses_agencies=True`` (from
    before that) passes the list as the second argument whatever its name.
    """

    name: str
    extract: Callable[..., Iterable[Credit]]
    description: str = ""
    uses_agencies: bool = False


_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
_HAS_CONTROL = re.compile(_CONTROL)
_WIRE_MARKS = re.compile(rf"{_CONTROL}|<(?=[ \t]*\r?$)", re.MULTILINE)


def wire_view(text: str) -> str:
    """``text`` with wire-feed marks blanked and every offset kept: control characters
    (PA's paragraph mark, byte 0x19) and the ``<`` PA ends lines with become spaces, so
    patterns written for plain text read wire copy too."""
    if "<" not in text and _HAS_CONTROL.search(text) is None:  # most texts: no scan with lookaheads
        return text
    return _WIRE_MARKS.sub(" ", text)


def agency_credit(name: str, agencies: AgencyList) -> Credit:
    """The credit a document's ``agency`` gives (``--source-agency``, a JSONL ``agency``,
    ``index add --agency``): that agency as author; a name the list does not know is
    taken as it is."""
    agency = agencies.identify(name) or " ".join(name.split())
    return Credit(agency, AUTHOR, METADATA, None, None, agency, f"agency: {name}")


def extract_credits(
    document: Document, extractors: Sequence[CreditExtractor], agencies: AgencyList | None = None
) -> tuple[Credit, ...]:
    """The document's metadata credits, its agency's and every extractor's, in text order,
    without repeats. Extractors read the text through `wire_view` (same offsets).

    Metadata credits that name an agency but do not say so get their ``agency`` filled in.
    """
    agencies = agencies or default_agencies()
    found = [c if c.agency else replace(c, agency=agencies.identify(c.name)) for c in document.credits]
    if document.agency:
        found.append(agency_credit(document.agency, agencies))
    readable = wire_view(document.text)
    if readable != document.text:
        document = replace(document, text=readable)
    for extractor in extractors:
        found.extend(extractor.extract(document, agencies) if extractor.uses_agencies
                     else call_with_supported(extractor.extract, document, agencies=agencies))
    unique = dict.fromkeys(found)
    return tuple(sorted(unique, key=lambda c: (c.start is None, c.start or 0, c.end or 0)))


# -- what a set of credits says ---------------------------------------------------------
def is_agency_credit(credit: Credit) -> bool:
    """Does the credit name an agency itself (not a person working for one)?"""
    return credit.agency is not None and credit.name == credit.agency


def credited_agencies(credits: Iterable[Credit]) -> set[str]:
    """Agencies the credits give a role in the copy (not as quote source, not residue)."""
    return {c.agency for c in credits if c.agency and c.role in COPY_ROLES}


def principal_agencies(credits: Iterable[Credit]) -> list[str]:
    """The agencies a text is by: those credited as author (dateline, header, byline,
    publisher), else every agency with a role in the copy; in order of first mention."""
    credits = list(credits)
    authors = [c.agency for c in credits if c.agency and c.role in (AUTHOR, PUBLISHER)]
    chosen = authors or [c.agency for c in credits if c.agency and c.role in COPY_ROLES]
    return list(dict.fromkeys(a for a in chosen if a))
