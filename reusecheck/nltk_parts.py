"""nltk's Snowball stemmer and Punkt sentence splitter, imported without the rest of nltk.

Importing any ``nltk.x.y`` first runs the package ``__init__`` files on the way, and
nltk's import most of nltk (``nltk.collocations`` pulls in scipy when it is installed):
up to a second of start-up for two small modules. Here those packages (``nltk``,
``nltk.stem``, ``nltk.tokenize``, ``nltk.corpus``) are registered as deferred packages:
their submodules import as usual, and a package's own ``__init__`` runs on the first
lookup of a name that is not a submodule, so code that uses nltk later in the same
process still finds all of it. The stemmer and splitter are nltk's own classes; only
the way they are imported differs.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from nltk.stem.snowball import SnowballStemmer
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

# SnowballStemmer.languages, known without importing nltk (tests/test_nltk_parts.py
# checks that they agree).
SNOWBALL_LANGUAGES = (
    "arabic", "danish", "dutch", "english", "finnish", "french", "german", "hungarian", "italian",
    "norwegian", "porter", "portuguese", "romanian", "russian", "spanish", "swedish",
)
_PACKAGES = ("nltk", "nltk.stem", "nltk.tokenize", "nltk.corpus")


class _DeferredPackage(types.ModuleType):
    """A package whose ``__init__`` runs on the first lookup of a name it defines."""

    def __getattr__(self, name: str) -> Any:
        state = self.__dict__
        if not name.startswith("__") and importlib.util.find_spec(f"{self.__name__}.{name}") is not None:
            return importlib.import_module(f"{self.__name__}.{name}")
        if state.get("_deferred_running"):
            raise AttributeError(f"partially initialized module {self.__name__!r} has no attribute {name!r}")
        if _submodule_importing():
            # A submodule imported on its own (``from nltk.stem.snowball import ...``) asks for a
            # name: completing nltk now would import that submodule again, half-run. It gets a
            # stand-in (snowball's ``stopwords``, used only for stop words).
            return _DeferredName(self.__name__, name)
        self.complete()
        return getattr(self, name)

    def complete(self) -> None:
        """Run the package's ``__init__``; from then on it is an ordinary module.

        nltk's own ``__init__`` runs first, as ``import nltk`` would have, so that its
        packages initialise in the order nltk expects."""
        top = sys.modules["nltk"]
        if top is not self and isinstance(top, _DeferredPackage) and not top.__dict__.get("_deferred_running"):
            top.complete()
            if not isinstance(cast(object, self), _DeferredPackage):  # nltk's __init__ completed this package too
                return
        self.__dict__["_deferred_running"] = True
        spec = self.__spec__
        assert spec is not None and spec.loader is not None, "a deferred package is found by its spec"
        spec.loader.exec_module(self)
        self.__class__ = types.ModuleType  # type: ignore[assignment]  # from now on an ordinary module
        del self.__dict__["_deferred_running"]


class _DeferredName:
    """Stands for ``package.name`` until used; then completes the package and forwards."""

    def __init__(self, package: str, name: str) -> None:
        self._package, self._name = package, name

    def __getattr__(self, attribute: str) -> Any:
        package = sys.modules[self._package]
        if isinstance(package, _DeferredPackage):
            package.complete()
        return getattr(getattr(package, self._name), attribute)


def _submodule_importing() -> bool:
    """Whether an nltk module is being imported while nltk itself is still deferred (its
    ``__init__`` neither run nor running)."""
    top = sys.modules.get("nltk")
    if not isinstance(top, _DeferredPackage) or top.__dict__.get("_deferred_running"):
        return False
    return any(getattr(getattr(module, "__spec__", None), "_initializing", False)
               for name, module in list(sys.modules.items()) if name.startswith("nltk."))


def _defer_packages() -> None:
    if "nltk" in sys.modules:  # already imported (fully, or deferred by an earlier call)
        return
    for name in _PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            raise ImportError(f"nltk is not installed ({name} not found)")
        package = _DeferredPackage(name)
        package.__spec__, package.__loader__, package.__file__ = spec, spec.loader, spec.origin
        package.__path__, package.__package__ = list(spec.submodule_search_locations or ()), name
        sys.modules[name] = package
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, package)


def snowball_stemmer(language: str) -> SnowballStemmer:
    """nltk's Snowball stemmer for ``language``."""
    _defer_packages()
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer(language)


def punkt_tokenizer(abbreviations: set[str]) -> PunktSentenceTokenizer:
    """nltk's Punkt sentence tokenizer, untrained, knowing ``abbreviations``."""
    _defer_packages()
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    parameters: PunktParameters = PunktParameters()
    parameters.abbrev_types = abbreviations
    return PunktSentenceTokenizer(parameters)
