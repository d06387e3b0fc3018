"""Options and helpers every subcommand shares."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile

from reusecheck.align import AlignSettings
from reusecheck.errors import UsageError
from reusecheck.plugins import PluginSet, load_plugins
from reusecheck.text import LANGUAGES, TextSettings


def add_plugin_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("plugins")
    group.add_argument(
        "-p", dest="plugin_modules", action="append", default=[], metavar="MODULE",
        help="load a plugin module by import name; -p no:NAME blocks the plugin NAME",
    )
    group.add_argument(
        "--plugin", dest="plugin_files", action="append", default=[], metavar="FILE",
        help="load a plugin from a Python file",
    )


def add_text_options(parser: argparse.ArgumentParser) -> None:
    """The "text and alignment" options: encoding, language, spelling folding, n-gram, gap, length."""
    text = parser.add_argument_group("text and alignment")
    text.add_argument("--encoding", metavar="NAME", help="decode inputs with this encoding (default: UTF-8, else Windows-1252 with a warning)")
    text.add_argument("--language", default="english", metavar="LANG",
                      help=f"Snowball stemmer language, or none (default: english; one of {', '.join(LANGUAGES)})")
    text.add_argument("--no-spelling-variants", action="store_true", help="do not fold British/American spellings and compounds")
    defaults = AlignSettings()
    text.add_argument("--ngram", type=int, default=defaults.seed_ngram, metavar="N", help=f"words per seed n-gram (default: {defaults.seed_ngram})")
    text.add_argument("--max-gap", type=int, default=defaults.max_gap, metavar="N", help=f"words an edit may span inside one passage (default: {defaults.max_gap})")
    text.add_argument("--min-words", type=int, default=defaults.min_words, metavar="N", help=f"shortest passage reported, in words (default: {defaults.min_words})")


def text_settings_from_args(args: argparse.Namespace) -> tuple[TextSettings, AlignSettings]:
    """The settings `add_text_options` asks for; bad values are a usage error."""
    language = None if args.language.lower() == "none" else args.language.lower()
    try:
        return (
            TextSettings(language=language, fold_spelling=not args.no_spelling_variants),
            AlignSettings(seed_ngram=args.ngram, max_gap=args.max_gap, min_words=args.min_words),
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def plugins_from_args(args: argparse.Namespace) -> PluginSet:
    blocked = [m[3:] for m in args.plugin_modules if m.startswith("no:")]
    modules = [m for m in args.plugin_modules if not m.startswith("no:")]
    return load_plugins(modules=modules, files=args.plugin_files, blocked=blocked)


def iso_date(value: str) -> dt.date:
    """argparse type for ISO 8601 dates (a time part is accepted and dropped)."""
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date: {value!r} (use YYYY-MM-DD)") from None


def write_output(text: str, path: str | None) -> None:
    """Print to stdout, or write a file atomically (a failed run leaves the old file)."""
    if path is None or path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    folder = os.path.dirname(os.path.abspath(path))
    temporary: str | None = None
    try:
        if os.path.exists(path) and not os.path.isfile(path):  # a device or pipe: no atomic rename
            with open(path, "w", encoding="utf-8") as stream:
                stream.write(text)
            return
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, delete=False, suffix=".tmp") as handle:
            temporary = handle.name
            handle.write(text)
        os.chmod(temporary, _file_mode(path))
        os.replace(temporary, path)
    except OSError as exc:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise UsageError(f"cannot write the file: {exc.strerror}; check the path", path) from None


def _file_mode(path: str) -> int:
    """The mode an existing file has, else what a new file would get under the umask."""
    if os.path.exists(path):
        return os.stat(path).st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
