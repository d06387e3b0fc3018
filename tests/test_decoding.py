"""Decoding inputs: forced encodings, byte order marks, declared charsets, binary files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import REUTERS, read

from reusecheck.cli import main
from reusecheck.errors import InputError
from reusecheck.loaders import declared_encoding, decode


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = main(["check", *args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_a_byte_order_mark_gives_the_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str], codec: str) -> None:
    story = tmp_path / "story.txt"
    story.write_bytes(("\ufeff" + read(REUTERS)).encode(codec))
    code, report = run_json(capsys, str(story), "--against", str(REUTERS))
    assert code == 1 and report["errors"] == []
    [result] = report["results"]
    assert result["candidate"]["length"] == len(read(REUTERS))  # the mark is not part of the text
    assert result["matches"][0]["scores"]["containment"] == 1.0
    family = codec[:6].upper()
    assert report["warnings"] == [{"path": str(story), "message": f"not UTF-8; read as {family} (force another with --encoding)"}]


def test_utf16_without_a_mark_needs_encoding_and_then_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    story = tmp_path / "story.txt"
    story.write_bytes(read(REUTERS).encode("utf-16-le"))
    code, report = run_json(capsys, str(story), "--against", str(REUTERS))
    assert code == 2
    assert report["errors"] == [{"path": str(story),
                                 "message": "looks like UTF-16-LE without a byte order mark; give --encoding utf-16-le"}]
    source = tmp_path / "source.txt"  # --encoding applies to every input
    source.write_bytes(read(REUTERS).encode("utf-16-le"))
    code, report = run_json(capsys, str(story), "--against", str(source), "--encoding", "utf-16-le")
    assert code == 1 and report["errors"] == [] and report["warnings"] == []
    assert report["results"][0]["matches"][0]["scores"]["containment"] == 1.0


def test_forced_utf16_reads_a_file_with_its_mark(tmp_path: Path) -> None:
    data = "MOSCOW (Reuters) - text".encode("utf-16")  # with its mark
    assert decode("a.txt", data, "utf-16") == ("MOSCOW (Reuters) - text", "utf-16")


def test_a_nul_anywhere_makes_a_file_binary() -> None:
    data = b"plain words " * 2000 + b"\x00 and more"
    assert len(data) > 8192
    with pytest.raises(InputError, match="binary file .it contains NUL bytes"):
        decode("late-nul.txt", data, None)
    with pytest.raises(InputError, match="binary file .it contains NUL characters"):
        decode("late-nul.txt", data, "latin-1")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<?xml version="1.0" encoding="ISO-8859-15"?><nitf/>', "iso8859-15"),
        (b"<?xml version='1.0' encoding='utf-8'?>", "utf-8"),
        (b'<!doctype html><html><head><meta charset="windows-1252">', "cp1252"),
        (b"<html><head><META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=iso-8859-1'>", "cp1252"),
        (b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">', "shift_jis"),
        (b'<?xml version="1.0" encoding="UTF-6"?>', None),  # unknown: not used
        (b'<html><meta charset="utf-16">', None),  # ASCII bytes cannot be UTF-16
        (b"<html><head><title>no declaration</title>", None),
        (b"x" * 2000 + b'<meta charset="koi8-r">', None),  # only the first 1024 bytes count
    ],
)
def test_declared_encoding(head: bytes, expected: str | None) -> None:
    assert declared_encoding(head) == expected


def test_a_declared_charset_decodes_and_a_wrong_one_is_an_error() -> None:
    page = '<meta charset="iso-8859-15"><p>Prix: 5 €</p>'.encode("iso8859-15")
    assert decode("page.html", page, None, declared_encoding(page)) == ('<meta charset="iso-8859-15"><p>Prix: 5 €</p>', "iso8859-15")
    bad = '<?xml version="1.0" encoding="ascii"?><p>caf\u00e9 \u201cquoted\u201d</p>'.encode("utf-8")
    text, used = decode("feed.xml", bad, None, "utf-8")
    assert used == "utf-8" and "\u201cquoted\u201d" in text
    with pytest.raises(InputError, match=r"not valid shift_jis at byte \d+ \(the file declares it"):
        decode("page.html", b"\x82\xa0\xff\xfe\xfd" * 3, None, "shift_jis")
