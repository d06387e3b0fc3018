"""The documented newsroom walkthrough (docs/ci.md), run as written on a Hugo-style site; the documented pins."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest
from helpers import ROOT, ci_blocks, doc_pages, section
from hugo_site import make_site, write
from test_config import run


def test_the_walkthrough_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    [config] = ci_blocks("A newsroom site, end to end", "toml")
    [commands] = ci_blocks("A newsroom site, end to end", "sh")
    [suppression] = ci_blocks("A newsroom site, end to end", "markdown")
    site = make_site(tmp_path)
    (site / "sources").rename(site / "wire")
    (site / "pyproject.toml").write_text(config, encoding="utf-8")
    monkeypatch.chdir(site)
    code, out, err = run("check", "content", "-q", "--no-baseline")  # before step 2 writes the baseline
    assert code == 1 and err == "" and out.startswith("content/posts/aleppo/index.md:"), out + err
    assert "drafts" not in out and "photo.png" not in out
    reusecheck_lines = [shlex.split(line) for line in commands.splitlines() if line.startswith("reusecheck ")]
    assert [run(*argv[1:])[0] for argv in reusecheck_lines] == [0, 0]
    # a new copied story fails; one cleared in the text (the documented directive) does not
    story = (site / "content" / "posts" / "aleppo" / "index.md").read_text(encoding="utf-8")
    write(site / "content" / "posts" / "copy.md", story)
    assert run("check", "content")[0] == 1
    directive = suppression.splitlines()[0]
    first = "Russia and the Syrian army on Wednesday"
    assert first in suppression
    at = story.index(first)
    write(site / "content" / "posts" / "copy.md", story[:at] + directive + "\n" + story[at:])
    code, out, _ = run("check", "content", "-q", "--severity", "RC002=off")
    assert all(" RC100 " not in line and " RC101 " not in line for line in out.splitlines() if "copy.md" in line), out


def test_documented_pins_name_this_version() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    docs = "".join(page.read_text(encoding="utf-8") for page in doc_pages())
    pins = re.findall(r"^\s*(?:rev: |- uses: OWNER/reusecheck@)(\S+)$", docs, flags=re.MULTILINE)
    assert pins and set(pins) == {f"v{version}"}
    assert f'git tag -a v{version} -m "reusecheck {version}"' in section("Pins, release tags and commits")
