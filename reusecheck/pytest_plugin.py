"""pytest plugin: ``pytest --reusecheck`` checks each article of a content folder as a test.

Registered through the ``pytest11`` entry point, so it is loaded wherever reusecheck is
installed; without ``--reusecheck`` it only declares its options. With it, every file under
``reusecheck_paths`` whose name ends in one of ``reusecheck_extensions`` becomes a test
item that fails with the article's findings at or above the fail level (and on input
errors).

The run is set up as ``reusecheck check`` sets up its own: the pytest options become
``check`` options (``--against``, ``--index``, ``--fail-level``, plus ``reusecheck_args``)
and the reusecheck configuration file fills in the rest, so the CLI, the pre-commit hook,
the GitHub Action and pytest judge an article alike. Sources are read once per session.
"""

from __future__ import annotations

from pathlib import Path

import pytest

DEFAULT_EXTENSIONS = (".txt", ".md", ".html")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("reusecheck", "reusecheck: articles checked for passages reused from sources")
    group.addoption(
        "--reusecheck", action="store_true", default=False,
        help="collect the articles under reusecheck_paths as tests that fail on reuse findings",
    )
    group.addoption(
        "--reusecheck-against", action="append", default=[], metavar="PATH",
        help="source file or folder (repeatable; replaces the reusecheck_against ini value)",
    )
    group.addoption(
        "--reusecheck-index", action="append", default=[], metavar="PATH",
        help="a reusecheck source index to check against (repeatable; replaces the reusecheck_index ini value)",
    )
    group.addoption(
        "--reusecheck-fail-level", metavar="LEVEL",
        help="fail an article on findings at or above this severity: error, warning or info "
        "(default: the reusecheck_fail_level ini value, else the reusecheck configuration's, else warning)",
    )
    parser.addini("reusecheck_paths", type="paths", default=[],
                  help="folders or files holding the articles (default: whatever pytest collects)")
    parser.addini("reusecheck_extensions", type="args", default=list(DEFAULT_EXTENSIONS),
                  help="file name endings of articles (default: .txt .md .html)")
    parser.addini("reusecheck_against", type="paths", default=[], help="source files or folders")
    parser.addini("reusecheck_index", type="paths", default=[], help="source indexes (`reusecheck index add`)")
    parser.addini("reusecheck_fail_level", default="", help="fail an article on findings at or above this severity")
    parser.addini("reusecheck_args", type="args", default=[],
                  help="further options of `reusecheck check`, e.g. --threshold 0.3 --severity RC103=off")


PATH_OPTIONS = ("--reusecheck-against", "--reusecheck-index")


def _rootdir_without_our_values(config: pytest.Config) -> Path | None:
    """The rootdir pytest would have chosen had it known that ``--reusecheck-against PATH``
    takes PATH as its value (None when that cannot be worked out with this pytest).

    pytest's ``Config.parse`` chooses the rootdir and ini file (``determine_setup``) from
    the arguments parsed with its built-in options only, before it loads ``-p`` plugins and
    ``pytest11`` entry points, so it takes such a PATH for a test path (pytest issues #8846,
    #13368). Correcting the rootdir afterwards is not possible: the ini file, its
    ``addopts`` and the conftest cut-off were already chosen from it. Only a plugin given to
    ``pytest.main(plugins=...)`` is registered early enough. This uses pytest's own
    ``determine_setup`` (not public API: any failure skips the check).
    """
    try:
        from _pytest.config.findpaths import determine_setup

        namespace = config._parser.parse_known_args(list(config.invocation_params.args))
        rootpath = determine_setup(
            inifile=namespace.inifilename, override_ini=namespace.override_ini, args=namespace.file_or_dir,
            rootdir_cmd_arg=namespace.rootdir or None, invocation_dir=config.invocation_params.dir,
        )[0]
    except Exception:  # another pytest version: no check rather than a wrong one
        return None
    return Path(rootpath)


def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("reusecheck"):
        return
    args = config.invocation_params.args
    if any(arg in PATH_OPTIONS for arg in args):
        expected = _rootdir_without_our_values(config)
        if expected is not None and expected != config.rootpath:
            raise pytest.UsageError(
                f"reusecheck: pytest took the PATH after --reusecheck-against/--reusecheck-index for a test path and "
                f"moved its rootdir to {config.rootpath} (from {expected}); write --reusecheck-against=PATH"
            )
    from reusecheck import pytest_articles  # the engine is imported only when it is used

    pytest_articles.configure(config)
    config.pluginmanager.register(pytest_articles, "reusecheck-articles")
