"""Tokenization: offsets into the original text, normalization, spelling variants."""

from __future__ import annotations

import pytest

from reusecheck.text import TextSettings, Tokenizer, fold, phrase_key


def spans(text: str, settings: TextSettings | None = None) -> list[tuple[str, str]]:
    tokens = Tokenizer(settings).tokenize(text)
    return [(text[a:b], k) for a, b, k in zip(tokens.starts, tokens.ends, tokens.keys, strict=True)]


def test_offsets_slice_the_original_text() -> None:
    text = "Moscow said: “We won’t leave,” on Nov. 4 at 0900."
    tokens = Tokenizer().tokenize(text)
    surfaces = [text[a:b] for a, b in zip(tokens.starts, tokens.ends, strict=True)]
    assert surfaces == ["Moscow", "said", "We", "won’t", "leave", "on", "Nov", "4", "at", "0900"]


def test_non_ascii_offsets_count_code_points() -> None:
    text = "Zoë’s café — naïve 😀 Straße"
    got = spans(text, TextSettings(language=None))
    assert got == [("Zoë’s", "zoë's"), ("café", "café"), ("naïve", "naïve"), ("Straße", "strasse")]
    assert text.index("Straße") == 21  # the emoji is one code point


def test_crlf_text_keeps_both_characters() -> None:
    text = "first line\r\nsecond line\r\n"
    tokens = Tokenizer().tokenize(text)
    assert int(tokens.starts[2]) == 12
    assert text[int(tokens.starts[2]) : int(tokens.ends[2])] == "second"


def test_nfkc_and_case_folding() -> None:
    assert spans("ＡＢＣ ﬁnal", TextSettings(language=None)) == [("ＡＢＣ", "abc"), ("ﬁnal", "final")]


def test_quotes_fold_and_dashes_separate() -> None:
    assert fold("Won’t") == "won't"
    assert [k for _, k in spans("anti-government — rebels", TextSettings(language=None))] == ["anti", "government", "rebels"]


def test_british_and_american_spellings_share_keys() -> None:
    tokenizer = Tokenizer()
    assert tokenizer.tokenize("Defence").keys == tokenizer.tokenize("Defense").keys
    assert tokenizer.tokenize("organisations").keys == tokenizer.tokenize("organizations").keys


def test_closed_compounds_split_with_offsets() -> None:
    text = "airstrikes and air strikes"
    got = spans(text)
    assert got == [("air", "air"), ("strikes", "strike"), ("and", "and"), ("air", "air"), ("strikes", "strike")]


def test_spelling_folding_can_be_turned_off() -> None:
    tokenizer = Tokenizer(TextSettings(fold_spelling=False))
    assert tokenizer.tokenize("Defence").keys != tokenizer.tokenize("Defense").keys
    assert len(tokenizer.tokenize("airstrikes")) == 1


def test_stemming_by_language_and_none() -> None:
    assert spans("running", TextSettings(language="english")) == [("running", "run")]
    assert spans("running", TextSettings(language=None)) == [("running", "running")]


def test_numbers_stay_whole() -> None:
    assert [s for s, _ in spans("1,900.5 people, U.S. troops")] == ["1,900.5", "people", "U.S", "troops"]


def test_unknown_language_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        TextSettings(language="klingon")


def test_ids_are_stable_across_tokenizers() -> None:
    a = Tokenizer().tokenize("the same words")
    b = Tokenizer().tokenize("the same words")
    assert a.ids.tolist() == b.ids.tolist()


def test_phrase_key_compares_names_whatever_their_spacing_and_case() -> None:
    assert phrase_key("  Agence\tFrance-Presse\n") == phrase_key("agence france-presse") == "agence france-presse"
    assert phrase_key("STRASSE") == phrase_key("straße")  # case folding, not lower-casing
    assert phrase_key("Reuters Staff") != phrase_key("ReutersStaff")


def test_tokens_are_compared_and_hashed_by_identity() -> None:
    """Caches keep what is derived from one text's tokens (reusecheck.seeds)."""
    first, again = Tokenizer().tokenize("The same text."), Tokenizer().tokenize("The same text.")
    assert first == first and first != again
    assert len({first, again, first}) == 2
