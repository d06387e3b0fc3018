"""What a short ``reusecheck`` process imports: only what its command needs (each check in
a fresh interpreter, since what matters is what a process imports)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

# Standard modules no command needs until it writes PAN XML or fetches from the network.
UNNEEDED = ("urllib.request", "http.client", "ssl", "xml.sax.saxutils")


@pytest.mark.slow
def test_index_add_imports_no_network_or_xml_writing_modules(tmp_path: Path) -> None:
    sources = tmp_path / "sources.jsonl"
    sources.write_text('{"id": "a", "text": "The central bank said on Tuesday it would hold rates."}\n', encoding="utf-8")
    code = f"""
import sys
from reusecheck.cli import main
assert main(["index", "add", "--quiet", "--jobs", "1", {str(tmp_path / "index.db")!r}, {str(sources)!r}]) == 0
print(sorted(name for name in sys.modules if name in {UNNEEDED!r}), file=sys.stderr)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "[]"
