"""nltk imported part by part: the same tokens, stems and sentences, nltk still whole.

Each check runs in a fresh interpreter, since what matters is what a process imports.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from helpers import CORPUS, REPUBLISHED, REUTERS, ROOT, shared_path

from reusecheck.text import COMPILED

# What reusecheck produces for a text: token keys (stems), sentence spans.
ANALYSE = """
import json, sys
from pathlib import Path
from reusecheck.sentences import sentence_spans
from reusecheck.text import LANGUAGES, TextSettings, Tokenizer
texts = [Path(p).read_text(encoding="utf-8", errors="replace") for p in sys.argv[1:]]
out = {"sentences": [sentence_spans(t) for t in texts], "keys": {}}
for language in LANGUAGES:
    tokenizer = Tokenizer(TextSettings(language=language))
    out["keys"][language] = [tokenizer.tokenize(t).keys for t in texts]
out["nltk_init_ran"] = "nltk.collocations" in sys.modules
json.dump(out, sys.stdout)
"""


def _python(code: str, *args: str) -> str:
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_languages_are_nltks() -> None:
    from nltk.stem.snowball import SnowballStemmer

    from reusecheck.text import LANGUAGES

    assert LANGUAGES == tuple(SnowballStemmer.languages)


@pytest.mark.slow
def test_same_tokens_stems_and_sentences_as_with_all_of_nltk() -> None:
    texts = [str(p) for p in sorted(CORPUS.glob("*.txt"))]
    texts += [str(p) for p in sorted(shared_path("eval", "meter-dev").rglob("*.txt"))[:40]]
    lean = json.loads(_python(ANALYSE, *texts))
    whole = json.loads(_python("import nltk\n" + ANALYSE, *texts))
    assert not lean.pop("nltk_init_ran")
    assert whole.pop("nltk_init_ran")
    assert lean == whole
    assert sum(len(spans) for spans in lean["sentences"]) > 200


@pytest.mark.slow
def test_all_of_nltk_still_works_after_the_parts() -> None:
    code = """
import sys
from reusecheck.text import Tokenizer
from reusecheck.sentences import sentence_spans
Tokenizer(); sentence_spans("One. Two.")
import nltk
from nltk.corpus import stopwords
from nltk.stem import PorterStemmer, SnowballStemmer
from nltk.tokenize import TreebankWordTokenizer
import nltk.stem.snowball as snowball
print(nltk.__version__ > "3", type(stopwords).__name__, PorterStemmer().stem("running"),
      TreebankWordTokenizer().tokenize("It's here."), snowball.SnowballStemmer is SnowballStemmer,
      "nltk.collocations" in sys.modules)
"""
    assert _python(code).split() == ["True", "LazyCorpusLoader", "run", "['It',", "\"'s\",", "'here',", "'.']", "True", "True"]


def test_nltks_stemmer_module_imports_on_its_own_after_a_check() -> None:
    """A program that checks a text, then imports nltk's Snowball module itself (not through
    ``import nltk``), as a user's own code may: it imports (it raised a circular ImportError),
    and all of nltk still works after it."""
    code = """
import sys
import reusecheck
from reusecheck.plugins import load_plugins
reusecheck.check([sys.argv[1]], [sys.argv[2]], plugins=load_plugins())
from nltk.stem.snowball import SnowballStemmer
lean = "nltk.collocations" not in sys.modules
import nltk
from nltk.corpus import stopwords
print(SnowballStemmer("english").stem("running"), lean, type(stopwords).__name__, nltk.__version__ > "3")
"""
    assert _python(code, str(REPUBLISHED), str(REUTERS)).split() == ["run", "True", "LazyCorpusLoader", "True"]


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["rules"], ["plugins"], ["check", "--help"]])
@pytest.mark.slow
def test_quick_commands_import_no_nltk(argv: list[str]) -> None:
    code = f"""
import sys
from reusecheck.cli import main
try:
    main({argv!r})
except SystemExit:
    pass
print(sorted(name for name in sys.modules if name.split(".")[0] in ("nltk", "scipy")), file=sys.stderr)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.stderr.strip().splitlines()[-1] == "[]"


@pytest.mark.slow
def test_check_imports_only_the_nltk_parts_it_uses() -> None:
    code = f"""
import sys
from reusecheck.cli import main
main(["check", {str(CORPUS / "reuters-aleppo-2016-11-02.txt")!r}, "--against", {str(CORPUS / "republished-aleppo-2016-11-04.txt")!r}])
print(sorted(name for name in sys.modules if name.split(".")[0] in ("nltk", "scipy")), file=sys.stderr)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    modules = json.loads(result.stderr.strip().splitlines()[-1].replace("'", '"'))
    assert "nltk.tokenize.punkt" in modules
    # The compiled core stems ASCII words itself: nltk's stemmer is imported only without it.
    assert ("nltk.stem.snowball" in modules) is not COMPILED
    assert not [name for name in modules if name.startswith(("scipy", "nltk.collocations", "nltk.corpus.reader"))]
